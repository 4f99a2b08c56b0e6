"""Typed records passed between pipeline stages.

Data flows one way: read -> split -> evidence -> judge -> flag -> aggregate -> report.
Every ``start``/``end`` pair is a character offset into the text of the document it
belongs to, so ``doc.text[start:end] == text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["supported", "contradicted", "unverified"]
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "unverified")

# Flag kinds. Core mismatch checks and garble detectors share one namespace.
FLAG_KINDS = (
    "number_mismatch",
    "date_mismatch",
    "name_mismatch",
    "negation",
    "repetition",
    "truncated",
    "unbalanced_quote",
    "name_variant",
    "odd_phrase",
    "misspelling",
)


@dataclass(frozen=True)
class Document:
    """Text as read, plus where it came from. ``text`` is what offsets index."""

    text: str
    name: str
    source: str | None = None  # path or URL, if any
    media_type: str = "text/plain"
    encoding: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """1-3 adjacent sentences of one reference, used as evidence."""

    source: int  # index into the report's sources
    start: int
    end: int
    text: str
    first_sentence: int
    last_sentence: int


@dataclass(frozen=True)
class Candidate:
    """A passage retrieved for a claim, with its retrieval score."""

    passage: Passage
    score: float
    similarity: float = 1.0  # cosine of claim and passage embeddings


@dataclass(frozen=True)
class Judgement:
    support: float  # P(supported)
    contradiction: float  # P(contradicted)


@dataclass(frozen=True)
class Evidence:
    source: int
    start: int
    end: int
    text: str
    support: float
    contradiction: float


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int  # offsets into the article text
    end: int
    text: str
    message: str
    source: int | None = None  # reference involved, if any


@dataclass
class SentenceResult:
    sentence: Sentence
    verdict: Verdict
    support: float
    contradiction: float
    evidence: list[Evidence] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class Omission:
    source: int
    start: int
    end: int
    text: str
