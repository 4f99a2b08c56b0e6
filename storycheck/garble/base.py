"""The detector interface.

A detector is a function ``Context -> list[Flag]`` registered with ``@detector``: like
spaCy's pipeline components it declares the flag kinds it ``assigns`` and what of the
context it ``requires`` (``references``, ``news_lm``), so a reader sees at a glance what
each module depends on. The ``Context`` computes shared things (tokens, the references'
vocabulary) once per article, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..types import FLAG_KINDS, Document, Flag, Sentence

# A word: letters or digits of any script (so "Sánchez" is one word), joined by inner
# hyphens, apostrophes or slashes.
WORD = re.compile(r"[^\W_]+(?:[-'’/][^\W_]+)*")


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    low: str
    sent: int  # index into the sentence list


def tokens(text: str, sentences: Sequence[Sentence]) -> list[Tok]:
    out: list[Tok] = []
    for s in sentences:
        for m in WORD.finditer(s.text):
            a = s.start + m.start()
            out.append(Tok(m.group(), a, s.start + m.end(), m.group().lower(), s.index))
    return out


def is_capitalised(t: Tok) -> bool:
    return t.text[:1].isupper()


def flag(kind: str, text: str, start: int, end: int, message: str, source: int | None = None) -> Flag:
    return Flag(kind, start, end, text[start:end], message, source)


def q(s: str) -> str:
    return f"“{s}”"


@dataclass
class Context:
    """What the detectors see: the article, its sentences and the references."""

    article: Document
    sentences: Sequence[Sentence]
    references: Sequence[Document] = ()

    @property
    def text(self) -> str:
        return self.article.text

    @cached_property
    def toks(self) -> list[Tok]:
        return tokens(self.text, self.sentences)

    @cached_property
    def sentence_starts(self) -> set[int]:
        return {s.start for s in self.sentences}

    @cached_property
    def ref_words(self) -> set[str]:
        """Lower-cased words of the references (any script)."""
        out: set[str] = set()
        for r in self.references:
            out.update(w.lower() for w in re.findall(r"[^\W\d_]+", r.text))
        return out

    @cached_property
    def ref_vocabulary(self) -> dict[str, str]:
        """The references' words for spelling suggestions, keyed by the word without
        hyphens ("deescalation" -> "de-escalation")."""
        out: dict[str, str] = {}
        for r in self.references:
            for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", r.text):
                w = m.group().lower()
                out.setdefault(w.replace("-", ""), w)
        return out


@dataclass(frozen=True)
class Detector:
    name: str
    assigns: tuple[str, ...]  # flag kinds it may return
    requires: tuple[str, ...]  # "references", "news_lm": what it uses beyond the article
    func: Callable[[Context], list[Flag]] = field(repr=False)

    def __call__(self, ctx: Context) -> list[Flag]:
        return self.func(ctx)


REGISTRY: dict[str, Detector] = {}


def detector(
    name: str, assigns: Sequence[str], requires: Sequence[str] = ()
) -> Callable[[Callable[[Context], list[Flag]]], Callable[[Context], list[Flag]]]:
    """Register ``func`` as the detector ``name``."""
    unknown = set(assigns) - set(FLAG_KINDS)
    if unknown:
        raise ValueError(f"detector {name}: unknown flag kinds {sorted(unknown)}")

    def register(func: Callable[[Context], list[Flag]]) -> Callable[[Context], list[Flag]]:
        REGISTRY[name] = Detector(name, tuple(assigns), tuple(requires), func)
        return func

    return register
