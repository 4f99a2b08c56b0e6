"""Omissions stage: reference sentences whose content no article sentence covers.

A reference sentence is an omission when its closest article sentence is far in
meaning (MiniLM cosine) AND the article as a whole uses few of its content words.
Near-duplicate omissions from several references are listed once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .judge import content_words
from .split import is_link
from .types import Omission, Sentence

MAX_COSINE = 0.6  # closest article sentence below this ...
MAX_COVERAGE = 0.5  # ... and under half of its content words in the article
MIN_CONTENT_WORDS = 4  # skip headings, bylines, "He said."


def find_omissions(
    article_text: str,
    article_vectors: np.ndarray,
    ref_sentences: Sequence[Sequence[Sentence]],
    ref_vectors: Sequence[np.ndarray],
) -> list[Omission]:
    article_words = content_words(article_text)
    out: list[Omission] = []
    kept: list[np.ndarray] = []
    for src, (sents, vecs) in enumerate(zip(ref_sentences, ref_vectors)):
        for sent, v in zip(sents, vecs):
            cw = content_words(sent.text)
            if len(cw) < MIN_CONTENT_WORDS or is_link(sent.text):
                continue
            closest = float((article_vectors @ v).max()) if len(article_vectors) else 0.0
            coverage = len(cw & article_words) / len(cw)
            if closest >= MAX_COSINE or coverage >= MAX_COVERAGE:
                continue
            if any(float(k @ v) > 0.85 for k in kept):
                continue
            kept.append(v)
            out.append(Omission(src, sent.start, sent.end, sent.text))
    return out
