"""Find-evidence stage: for each claim, the best passages (1-3 adjacent sentences) of
every reference, ranked by BM25 (rank-bm25) fused with dense MiniLM similarity.

The MiniLM encoder runs in onnxruntime from ``models/minilm`` (exported once by
``training/export_embedder.py``). References are indexed whole: every sentence of a
long reference is a candidate, nothing is cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .judge import MODELS_DIR, SessionPool, padded_batches
from .types import Candidate, Document, Passage, Sentence

EMBED_DIR = MODELS_DIR / "minilm"
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


class Embedder:
    """all-MiniLM-L6-v2 sentence embeddings (mean pooling, L2-normalised)."""

    # One sentence per run, so a sentence's vector never depends on its batch mates:
    # dynamic int8 picks activation scales per batch, and batches of 8 moved vectors by
    # up to 0.026 in 1 - cosine (tests/test_determinism.py). Runs are spread over the
    # cores by SessionPool; without padding, batch 1 costs no more here.
    def __init__(self, batch_size: int = 1, max_length: int = 128) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(EMBED_DIR / "tokenizer.json"))
        self._tok.enable_truncation(max_length)
        self._tok.no_padding()
        self._pool = SessionPool(EMBED_DIR / "model.onnx")
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        n = len(texts)
        out = np.zeros((n, 384), dtype=np.float32)
        if n == 0:
            return out
        encs = self._tok.encode_batch(list(texts))
        batches = list(padded_batches(encs, self.batch_size))
        for (idx, feed), h in zip(batches, self._pool.run([feed for _, feed in batches])):
            m = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (h * m).sum(1) / np.maximum(m.sum(1), 1.0)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        return out


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def bm25(corpus: list[list[str]]):  # -> IndexedBM25Plus
    """rank_bm25's BM25Plus (its idf stays positive in tiny corpora), scored through an
    inverted index: the same arithmetic in the same order, so the same scores bit for bit
    (tests/test_evidence.py), without BM25Plus' Python loop over every passage for every
    query word, which made retrieval grow with claims x passages (BENCHMARKS.md, Speed)."""
    from rank_bm25 import BM25Plus

    class IndexedBM25Plus(BM25Plus):
        def __init__(self, corpus: list[list[str]]) -> None:
            super().__init__(corpus)
            postings: dict[str, tuple[list[int], list[int]]] = {}
            for i, freqs in enumerate(self.doc_freqs):
                for word, f in freqs.items():
                    ids, fs = postings.setdefault(word, ([], []))
                    ids.append(i)
                    fs.append(f)
            self.postings = {w: (np.array(ids), np.array(fs)) for w, (ids, fs) in postings.items()}
            self.norm = self.k1 * (1 - self.b + self.b * np.array(self.doc_len) / self.avgdl)

        def get_scores(self, query: list[str]) -> np.ndarray:
            score = np.zeros(self.corpus_size)
            for q in query:
                q_freq = np.zeros(self.corpus_size, dtype=np.int64)
                hit = self.postings.get(q)
                if hit is not None:
                    q_freq[hit[0]] = hit[1]
                score += (self.idf.get(q) or 0) * (
                    self.delta + (q_freq * (self.k1 + 1)) / (self.norm + q_freq)
                )
            return score

    return IndexedBM25Plus(corpus)


@dataclass
class ReferenceIndex:
    """All passages of all references, with BM25 and dense vectors, built once per check."""

    passages: list[Passage]
    sentences: list[list[Sentence]]  # per source, as split
    vectors: np.ndarray  # (n_passages, 384)
    bm25: object | None  # bm25(): rank_bm25.BM25Plus behind an inverted index
    widths: np.ndarray | None = None  # sentences - 1 per passage, for the width penalty

    @classmethod
    def build(
        cls,
        references: Sequence[Document],
        ref_sentences: Sequence[Sequence[Sentence]],
        sentence_vectors: Sequence[np.ndarray],
        max_window: int = 3,
    ) -> ReferenceIndex:
        passages: list[Passage] = []
        vecs: list[np.ndarray] = []
        for src, (doc, sents, sv) in enumerate(zip(references, ref_sentences, sentence_vectors)):
            for i in range(len(sents)):
                for w in range(1, max_window + 1):
                    j = i + w - 1
                    if j >= len(sents):
                        break
                    s, e = sents[i].start, sents[j].end
                    passages.append(Passage(src, s, e, doc.text[s:e], i, j))
                    v = sv[i : j + 1].mean(0)
                    vecs.append(v / max(float(np.linalg.norm(v)), 1e-9))
        corpus = [tokens(p.text) or ["∅"] for p in passages]
        index = bm25(corpus) if corpus else None
        vectors = np.stack(vecs) if vecs else np.zeros((0, 384), dtype=np.float32)
        return cls(passages, [list(x) for x in ref_sentences], vectors, index)

    def search(
        self, claim: str, claim_vector: np.ndarray, k: int = 3, margin: float = 0.15
    ) -> list[Candidate]:
        """Top passages for a claim: 0.6 * cosine + 0.4 * BM25 scaled to [0, 1].

        Up to ``k`` passages (windows may overlap: a claim can need two adjacent
        sentences) within ``margin`` of the best score, plus the best passage of every
        other reference so each source gets its say.
        """
        if not self.passages:
            return []
        dense = self.vectors @ claim_vector
        q = tokens(claim)
        lex = np.asarray(self.bm25.get_scores(q), dtype=np.float32) if q else np.zeros_like(dense)
        top = float(lex.max()) if lex.size else 0.0
        lex = np.maximum(lex, 0.0) / top if top > 0 else np.zeros_like(dense)
        # Longer windows get a slight penalty so the tightest supporting passage wins ties.
        if self.widths is None:  # once per index, not per claim
            self.widths = np.array([p.last_sentence - p.first_sentence for p in self.passages])
        score = 0.6 * dense + 0.4 * lex - 0.03 * self.widths
        order = np.argsort(-score)
        best = float(score[order[0]])
        picked = [int(i) for i in order[:k] if score[i] >= best - margin]
        seen = {self.passages[i].source for i in picked}
        sources = len(self.sentences)
        for i in order:
            if len(seen) == sources:  # every source has its passage: stop scanning
                break
            src = self.passages[int(i)].source
            if src not in seen:
                seen.add(src)
                picked.append(int(i))
        return [Candidate(self.passages[i], float(score[i]), float(dense[i])) for i in picked]
