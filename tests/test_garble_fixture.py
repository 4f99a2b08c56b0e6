"""The damaged-translation fixture (tests/fixtures/garble/, written for these tests in the
style of a machine translation gone wrong): every damage is flagged with the right kind
and a useful suggestion; the same article repaired gets no flag at all."""

from __future__ import annotations

import json
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


# The hallucinated clause, in the fixture's story: fluent text the source never
# said. No garble detector flags it (BENCHMARKS.md, "Calques": the news model finds no
# signal in such clauses); the judge does: against a reference that does not say it, the
# sentence is not supported, alone or tacked onto a clause the reference backs.
CLAUSE = "Zelensky said the uncle is still uncle if the war with Russia was made to end."
BACKED = "Zelensky said the talks would continue for as long as there was a chance of ending the war."
TACKED = BACKED[:-1] + ", because the uncle is still uncle if the war was made to end."


def test_hallucinated_clause_is_not_supported() -> None:
    from storycheck import check

    text = (FIX / "repaired.txt").read_text(encoding="utf-8")
    assert BACKED in text
    text = text.rstrip("\n") + f"\n\n{CLAUSE} {TACKED}\n"
    report = check(text, references=[(FIX / "reference.txt").read_text(encoding="utf-8")])
    verdicts = {r.sentence.text: r.verdict for r in report.sentences}
    assert verdicts[BACKED] == "supported"  # the look-alike: the same story, said by the reference
    assert verdicts[CLAUSE] == "unverified"
    assert verdicts[TACKED] == "unverified"


# Every field of every flag on the fixture, pinned: a speed-up must not change one byte
# (pinned from the code before the speed-up of 2026-12-04, and equal after it). After
# an intended change of the flags, rewrite it: PYTHONPATH=. python tests/test_garble_fixture.py --pin
PINNED = FIX / "pinned_flags.json"
PIN_CASES = (
    ("article.txt", ("reference.txt",)),
    ("article.txt", ("repaired.txt", "reference.txt")),
    ("repaired.txt", ("reference.txt",)),
)


def pinned_flags() -> dict[str, list[list[object]]]:
    def doc(name: str) -> Document:
        return Document((FIX / name).read_text(encoding="utf-8"), name)

    out = {}
    for art, refs in PIN_CASES:
        a = doc(art)
        flags = find_garble(a, split_sentences(a.text), [doc(r) for r in refs])
        out[" vs ".join([art, *refs])] = [
            [f.kind, f.start, f.end, f.text, f.message, f.source] for f in flags
        ]
    return out


def test_flags_are_pinned_exactly() -> None:
    assert pinned_flags() == json.loads(PINNED.read_text(encoding="utf-8"))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--pin"]:
        PINNED.write_text(json.dumps(pinned_flags(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
