"""The damaged-translation fixture (tests/fixtures/garble/, written for these tests in the
style of a machine translation gone wrong): every damage is flagged with the right kind
and a useful suggestion; the same article repaired gets no flag at all."""

from __future__ import annotations

from pathlib import Path

from storycheck.garble import find_garble
from storycheck.split import split_sentences
from storycheck.types import Document

FIX = Path(__file__).parent / "fixtures" / "garble"


def flags_of(name: str) -> list[tuple[str, str, str]]:
    text = (FIX / name).read_text(encoding="utf-8")
    ref = Document((FIX / "reference.txt").read_text(encoding="utf-8"), "reference")
    flags = find_garble(Document(text, name), split_sentences(text), [ref])
    for f in flags:
        assert text[f.start : f.end] == f.text
    return [(f.kind, f.text, f.message) for f in flags]


# (kind, flagged text, what the message must say): one row per damage, in text order
EXPECTED = [
    ("odd_phrase", "high fire", "the reference says “ceasefire”"),  # headline calque
    ("odd_phrase", "high fire", "the reference says “ceasefire”"),
    ("name_variant", "Zensky", "misspelling of “Zelenskiy”"),  # mangled name, reference spelling
    ("odd_phrase", "high fire", "the reference says “ceasefire”"),
    ("name_variant", "Zelemsky", "misspelling of “Zelenskiy”"),  # inside "Putin-Zelemsky"
    ("repetition", "final final final final", "generation loop"),  # a loop
    ("odd_phrase", "transport diplomacy", "the reference says “shuttle diplomacy”"),  # calque, same head
    ("misspelling", "decallation", "probably “de-escalation”"),  # non-word, reference's word offered
    ("repetition", "an an", "doubled"),  # doubled word
    ("truncated", "seemed", "line break"),  # a clause cut off, the next line run on
    ("name_variant", "Zensky", "misspelling of “Zelenskiy”"),
    ("name_variant", "Zensky", "misspelling of “Zelenskiy”"),
    (
        "repetition",
        "for as long as there was a chance of ending the war, for as long as there was",
        "repeated",
    ),
]


def test_every_damage_flagged_with_kind_and_suggestion() -> None:
    got = flags_of("article.txt")
    assert [(k, t) for k, t, _ in got] == [(k, t) for k, t, _ in EXPECTED]
    for (_, _, msg), (_, _, want) in zip(got, EXPECTED):
        assert want in msg, (msg, want)


def test_zelensky_is_an_accepted_spelling_not_a_variant() -> None:
    # the article's one "Zelensky" is a transliteration of the reference's "Zelenskiy"
    assert "Zelensky" in (FIX / "article.txt").read_text(encoding="utf-8")
    assert not [f for f in flags_of("article.txt") if f[1] == "Zelensky"]


def test_repaired_article_has_no_flags() -> None:
    assert flags_of("repaired.txt") == []
