"""The opposite-word check: fires on a one-word opposite of the same statement, stays quiet
on different facts, double negatives and reorderings."""

from storycheck.checks import opposite_mismatch
from storycheck.opposites import opposite_of, opposite_pairs

EVIDENCE = "The head of the delegation said her government was satisfied with the progress made so far."


def test_prefix_and_lexicon_opposites():
    assert "satisfied" in opposite_of("dissatisfied")
    assert "closed" in opposite_of("reopened")
    assert "downstream" in opposite_of("upstream")
    assert opposite_of("dismissed") == frozenset()  # not "dis" + "missed"


def test_flags_the_opposite_word_with_exact_offsets():
    claim = "The head of the delegation said her government was dissatisfied with the progress made so far."
    (flag,) = opposite_mismatch(claim, EVIDENCE, 100, "reuters.txt")
    assert flag.kind == "negation"
    assert (flag.start, flag.end) == (100 + claim.index("dissatisfied"), 100 + claim.index(" with"))
    assert "satisfied" in flag.message and "reuters.txt" in flag.message


def test_inflected_verbs_and_swapped_roles():
    ev = "Officials said the downstream bridge at Kessel will be reopened to traffic by spring."
    claim = "Officials said the downstream bridge at Kessel will be closed to traffic by spring."
    assert [p[2] for p in opposite_pairs(claim, ev)] == ["closed"]
    assert opposite_mismatch(claim, ev, 0, "r")
    swapped = "Officials said the upstream bridge at Kessel will be reopened to traffic by spring."
    assert opposite_mismatch(swapped, ev, 0, "r")


def test_quiet_on_other_facts_double_negatives_and_reorderings():
    # Another detail of the story: too few shared words.
    assert not opposite_mismatch("She was dissatisfied with the hotel.", EVIDENCE, 0, "r")
    # "not known" agrees with "unknown".
    assert not opposite_mismatch(
        "The cause of the fire was not immediately known, officials said on Monday.",
        "The cause of the fire was unknown, officials said on Monday.", 0, "r",
    )  # fmt: skip
    # Both words on both sides.
    assert not opposite_pairs("Prices rose in the north and fell in the south.",
                              "Prices fell in the south and rose in the north.")  # fmt: skip
    # The same word on both sides.
    assert not opposite_mismatch(EVIDENCE, EVIDENCE, 0, "r")
