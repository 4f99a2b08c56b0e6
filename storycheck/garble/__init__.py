"""Garble detectors: where the article text itself is broken.

Machine-translated and machine-written news fails in ways a fact check does not see:
generation loops and doubled words (``repetition``), sentences cut off mid-clause
(``truncated``), quotation marks never closed or never opened (``unbalanced_quote``),
near-miss spellings of a name the references spell right (``name_variant``), word salad
and calques edited news does not use (``odd_phrase``) and non-words (``misspelling``). Each flag spans the offending text exactly:
``article.text[flag.start:flag.end] == flag.text``.

One detector a module, each registered with ``@detector`` (``base.py``); the shared
n-gram model, word lists and frequencies live in ``lexicon.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Document, Flag, Sentence

# Importing a detector module registers it; the order is the order they run in.
from . import calques, names, phrases, quotes, repetition, spelling, truncation  # noqa: F401
from .base import REGISTRY, Context, Detector, detector
from .lexicon import lm_tokens

__all__ = ["REGISTRY", "Context", "Detector", "detector", "find_garble", "lm_tokens"]

_PRIORITY = {
    "repetition": 0,
    "truncated": 1,
    "unbalanced_quote": 1,
    "name_variant": 2,
    "misspelling": 3,
    "odd_phrase": 4,
}
# kinds whose span may hold other flags (a quote runs over the words it quotes)
_SPANS_SENTENCE = {"truncated", "unbalanced_quote"}


def find_garble(
    article: Document, sentences: Sequence[Sentence], references: Sequence[Document] = ()
) -> list[Flag]:
    """All garble flags in the article, ordered by position; where two flags overlap
    the more specific kind wins (a doubled word also makes an odd bigram)."""
    ctx = Context(article, sentences, references)
    text = article.text
    found = [f for d in REGISTRY.values() for f in d(ctx)]
    found.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[Flag] = []
    for f in found:
        if f.kind not in _SPANS_SENTENCE and any(
            k.kind not in _SPANS_SENTENCE and f.start < k.end and k.start < f.end for k in kept
        ):
            continue
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end))
    return [_within_sentence(f, text, sentences) for f in kept]


def _within_sentence(f: Flag, text: str, sentences: Sequence[Sentence]) -> Flag:
    """A flag is reported on the sentence where it starts: clip it to that sentence
    (a report would otherwise show the next sentence's text twice)."""
    for s in sentences:
        if s.start <= f.start < s.end:
            if f.end > s.end:
                end = len(text[: s.end].rstrip())
                return Flag(f.kind, f.start, end, text[f.start : end], f.message, f.source)
            break
    return f
