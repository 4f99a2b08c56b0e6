"""Stage 4's summary pairs: which sentence of an edited summary carries its label, and the
by-document split between training and selection (written text, no ../shared data, no torch)."""

from __future__ import annotations

import sys
from pathlib import Path

from storycheck.split import split_sentences
from training import stage4
from training.prepare_data import NOTSUP, SUP

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _data import summary_part  # noqa: E402

SEED = "The bakery will close in March. Its owner plans to open a cafe in the same street."


def summary(text: str, label: int, seed: str = SEED) -> dict:
    return {"summary": text, "label": label, "seed": seed}


def test_a_consistent_summary_supports_every_sentence() -> None:
    got = stage4.claims_of(summary(SEED, 1), split_sentences)
    assert got == [("The bakery will close in March.", SUP),
                   ("Its owner plans to open a cafe in the same street.", SUP)]  # fmt: skip


def test_only_the_edited_sentence_of_an_inconsistent_summary_is_not_supported() -> None:
    edited = "The bakery will close in May. Its owner plans to open a cafe in the same street."
    assert stage4.claims_of(summary(edited, 0), split_sentences) == [
        ("The bakery will close in May.", NOTSUP)
    ]


def test_an_inconsistent_summary_with_no_single_edited_sentence_gives_nothing() -> None:
    # two sentences changed: which one is wrong is not known
    both = "The bakery will close in May. Its owner plans to open a bar in the same street."
    assert stage4.claims_of(summary(both, 0), split_sentences) == []
    # no seed summary (SummaC): only a one-sentence summary carries its label
    assert stage4.claims_of(summary("The bakery will close in May.", 0, ""), split_sentences) == [
        ("The bakery will close in May.", NOTSUP)
    ]
    assert stage4.claims_of(summary(both, 0, ""), split_sentences) == []


def test_the_split_is_by_document_and_ignores_spacing_and_case() -> None:
    doc = "The bakery on Main Street will close in March, its owner said on Friday."
    assert summary_part(doc) == summary_part("  " + doc.upper().replace(" ", "\n "))
    parts = {summary_part(f"Document number {k} about the harbour.") for k in range(40)}
    assert parts == {"train", "select"}
