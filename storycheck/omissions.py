"""Omissions stage: reference sentences whose content no article sentence covers.

A reference sentence is an omission when its closest article sentence is far in
meaning (MiniLM cosine) AND the article as a whole uses few of its content words.
Near-duplicate omissions from several references are listed once. Bylines and
credit lines ("By ... and ...", "(Reporting by ...; Editing by ...)", photo credits,
copyright notices) are not news an article left out, so they are never listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .judge import content_words
from .split import is_pointer
from .types import Omission, Sentence

MAX_COSINE = 0.6  # closest article sentence below this ...
MAX_COVERAGE = 0.5  # ... and under half of its content words in the article
MIN_CONTENT_WORDS = 4  # skip headings, short bylines, "He said."

_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_WHEN = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|noon|midnight|dawn|nightfall|then|now|the|a|an"
)
# A whole line or sentence that is a byline or a credit.
_CREDIT_LINE = re.compile(
    rf"""^[\W_]*(?:
        by\s+(?!(?:{_WHEN})\b){_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|–—-]\s*{_NAME})?[.]?\s*$  # By A and B, CNN
      | (?:additional\s+|contributing\s+)?(?:reporting|writing|editing|research|compiled|compiling|
            graphics|photos?|photography|video|illustrations?)\s+by\b  # Reporting by ...
      | (?:contributing|contributors?)\s*:  # Contributing: ...
      | (?:photo|image|picture|video|illustration)s?(?:\s+credit)?\s*:  # Photo: AP
      | (?:©|\(c\)\s*\d|copyright\b)  # © 2024 ...
      | all\s+rights\s+reserved
      | (?:[^.!?]|\.(?=\w)){{0,160}}\bcontributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article)[.]?\s*$  # X contributed to this report
      | to\s+reach\s+(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){{0,3}}\s*,.{{0,80}}\b(?:call|e-?mail)\b.{{0,40}}(?:\d{{3}}\W{{0,2}}\d{{3}}|@)  # To reach X, call 555
    )""",
    re.I | re.X,
)
# A credit in parentheses anywhere ("... said. (Reporting by X; Editing by Y)").
_CREDIT_PAREN = re.compile(
    r"\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^)]*\)", re.I
)


def is_credit(text: str) -> bool:
    """A byline or credit line rather than news: never an omission, never judged."""
    t = text.strip()
    if _CREDIT_LINE.match(t):
        return True
    rest = _CREDIT_PAREN.sub("", t)
    return rest != t and len(rest.split()) < MIN_CONTENT_WORDS


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
            if len(cw) < MIN_CONTENT_WORDS or is_pointer(sent.text) or is_credit(sent.text):
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
