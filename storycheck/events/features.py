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


def embed(articles: Sequence[Article], embedder=None) -> np.ndarray:
    """(n, DIMS) unit vectors of title + lead: MiniLM and word bag, weighted."""
    if embedder is None:
        from ..evidence import default_embedder

        embedder = default_embedder()
    texts = [lead_text(a) for a in articles]
    dense = embedder.encode(texts)
    w = LEXICAL_WEIGHT
    return np.hstack([np.sqrt(1 - w) * dense, np.sqrt(w) * lexical(texts)]).astype(np.float32)


def times(articles: Sequence[Article]) -> np.ndarray:
    """Publication time in days since the epoch; NaN when unknown."""
    return np.array(
        [a.published.timestamp() / 86400.0 if a.published else np.nan for a in articles], dtype=np.float64
    )
