"""Retrieval: the inverted-index BM25 gives rank_bm25's BM25Plus scores bit for bit, and
search returns every source's best passage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rank_bm25 import BM25Plus

from storycheck.evidence import ReferenceIndex, bm25, tokens
from storycheck.read import from_text
from storycheck.split import split_sentences

FIX = Path(__file__).parent / "fixtures"
ARTICLE = (FIX / "translation" / "article.txt").read_text(encoding="utf-8")
REFS = [
    (FIX / "translation" / "reference.txt").read_text(encoding="utf-8"),
    (FIX / "reference.txt").read_text(),
]


def _windows(text: str) -> list[list[str]]:
    sents = split_sentences(text)
    return [tokens(text[sents[i].start : sents[j].end]) or ["∅"]
            for i in range(len(sents)) for j in range(i, min(i + 3, len(sents)))]  # fmt: skip


def test_indexed_bm25_scores_equal_bm25plus_exactly():
    corpus = _windows(REFS[0]) + _windows(REFS[1])
    ours, theirs = bm25(corpus), BM25Plus(corpus)
    queries = [tokens(s.text) for s in split_sentences(ARTICLE)]
    queries += [[], ["zzz-unknown"], ["the", "the", "port"], ["4.2", "million", "kelm"]]
    for q in queries:
        a, b = ours.get_scores(q), theirs.get_scores(q)
        assert a.dtype == b.dtype and np.array_equal(a, b), q


def test_search_gives_each_source_its_best_passage():
    docs = [from_text(t, f"ref{i}") for i, t in enumerate(REFS)]
    sents = [split_sentences(d.text) for d in docs]
    rng = np.random.default_rng(3)
    vecs = [rng.normal(size=(len(s), 384)).astype(np.float32) for s in sents]
    index = ReferenceIndex.build(docs, sents, vecs)
    claim = "The port of Kelm handled 4.2 million tonnes of grain in the last year."
    q = rng.normal(size=384).astype(np.float32)
    got = index.search(claim, q / np.linalg.norm(q), k=1)
    assert {c.passage.source for c in got} == {0, 1}
    assert "4.2 million tonnes" in got[0].passage.text
    everything = index.search(claim, q / np.linalg.norm(q), k=len(index.passages), margin=1e9)
    for c in got[1:]:  # the best passage of its own source
        own = [x.score for x in everything if x.passage.source == c.passage.source]
        assert c.score == max(own)
