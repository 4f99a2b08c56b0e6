"""What grouping looks at: each article's title and lead as a MiniLM embedding and as a
bag of its rarer words, and its publication time.

The lead (first sentences) carries who, what, where and when; the rest of an article
drifts into background that other events share, so it is left out of the vector.
MiniLM alone puts "Klitschko beats Rahman" next to "Klitschko beats Thompson"; the bag
of words, weighted by how rare each word is in news (wordfreq, so no corpus statistics
to fit and a vector never changes when the pile does), tells the names apart. The two
unit vectors are concatenated with weights whose squares sum to 1, so the dot product
of two articles is the weighted mean of the two cosines and the result is a unit vector
(cluster.py relies on that). ECB+ tune topics: B-cubed F1 0.853 MiniLM alone, 0.872
both (BENCHMARKS.md, Events).

Vectors average away what tells two similar happenings apart: the boxer's opponent is one
word among forty, the year another. So the lead's *when* is also kept as marks
(``marks()``): the years and the weekdays it names. cluster.py reads two leads that name
years, and no year in common, as two happenings ("Klitschko stops Rahman" in 2001 and
Thompson in 2012), and two leads that name different weekdays as less alike.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..split import split_sentences
from .records import Article

LEAD_SENTENCES = 3
LEAD_CHARS = 600
LEXICAL_DIMS = 1024  # hashed bag of words
LEXICAL_WEIGHT = 0.5  # share of the word-bag cosine in the similarity
DIMS = 384 + LEXICAL_DIMS
_WORD = re.compile(r"[^\W\d_][\w'-]+|\d+")


def lead_text(article: Article) -> str:
    """Title plus the first sentences of the text (a title already at the top is not repeated)."""
    text = article.doc.text
    sents = split_sentences(text[:4000])
    lead, n = [], 0
    for s in sents:
        if article.title and s.text.strip() == article.title.strip():
            continue
        lead.append(" ".join(s.text.split()))
        n += len(lead[-1])
        if len(lead) >= LEAD_SENTENCES or n >= LEAD_CHARS:
            break
    body = " ".join(lead)[:LEAD_CHARS] or " ".join(text.split())[:LEAD_CHARS]
    return f"{article.title.strip()}. {body}" if article.title else body


_YEAR = re.compile(r"(?<![\d$£€.,])(?:19[5-9]|20[0-4])\d(?![\d%]|,\d)")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
Marks = tuple[frozenset[str], frozenset[str]]  # (years, weekdays) a lead names
NO_MARKS: Marks = (frozenset(), frozenset())


def marks(lead: str) -> Marks:
    """The years (1950-2049) and weekdays a title + lead names: when it says it happened.
    "$2005", "2005%", "2,005" are not years."""
    return frozenset(_YEAR.findall(lead)), frozenset(_WEEKDAY.findall(lead))


def lexical(texts: Sequence[str]) -> np.ndarray:
    """(n, LEXICAL_DIMS) unit vectors: hashed words, weight (1 + log tf) x rarity in news."""
    from wordfreq import zipf_frequency

    out = np.zeros((len(texts), LEXICAL_DIMS), dtype=np.float32)
    for i, text in enumerate(texts):
        counts = Counter(w for w in (m.lower() for m in _WORD.findall(text)) if len(w) >= 3)
        for w, n in counts.items():
            rarity = max(0.0, 6.5 - zipf_frequency(w, "en"))  # "the" ~7.7, "Klitschko" 0
            out[i, zlib.crc32(w.encode()) % LEXICAL_DIMS] += (1.0 + np.log(n)) * rarity
        norm = float(np.linalg.norm(out[i]))
        if norm > 0:
            out[i] /= norm
    return out


def describe(articles: Sequence[Article], embedder=None) -> tuple[np.ndarray, list[Marks]]:
    """What grouping needs of each article: its (n, DIMS) unit vector of title + lead
    (MiniLM and word bag, weighted) and the lead's marks (years, weekdays)."""
    if embedder is None:
        from ..evidence import default_embedder

        embedder = default_embedder()
    texts = [lead_text(a) for a in articles]
    dense = embedder.encode(texts)
    w = LEXICAL_WEIGHT
    vecs = np.hstack([np.sqrt(1 - w) * dense, np.sqrt(w) * lexical(texts)]).astype(np.float32)
    return vecs, [marks(t) for t in texts]


def embed(articles: Sequence[Article], embedder=None) -> np.ndarray:
    """(n, DIMS) unit vectors of title + lead: MiniLM and word bag, weighted."""
    return describe(articles, embedder)[0]


def times(articles: Sequence[Article]) -> np.ndarray:
    """Publication time in days since the epoch; NaN when unknown."""
    return np.array(
        [a.published.timestamp() / 86400.0 if a.published else np.nan for a in articles], dtype=np.float64
    )
