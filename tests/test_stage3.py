"""The stage-3 news-pair generators and the leak filter, on sentences written for this test
(no ../shared data, no torch)."""

from __future__ import annotations

import random

import pytest

from training import stage3
from training.prepare_data import CON, SUP, UNV

QUOTE_AFTER = '"We will reopen the bridge before the winter storms arrive," Maria Ortiz said on Monday.'
QUOTE_BEFORE = 'Maria Ortiz said: "We will reopen the bridge before the winter storms arrive."'
QUOTE_INV = '"We will reopen the bridge before the winter storms arrive," said Maria Ortiz, the mayor.'


@pytest.mark.parametrize("sentence", [QUOTE_AFTER, QUOTE_BEFORE, QUOTE_INV])
def test_reattribution_keeps_the_quoted_words_byte_identical(sentence: str) -> None:
    outs = {stage3.reattribute(sentence, random.Random(seed)) for seed in range(40)}
    assert None not in outs
    outs.discard(sentence)
    assert len(outs) >= 4  # pronoun, surname, role and bare-quote variants all occur
    for out in outs:
        assert stage3.quote_inner(out) == "We will reopen the bridge before the winter storms arrive"
    # the surname stands in for the speaker; no invented Mr./Ms. (a wrong gender names someone else)
    assert any("Ortiz said" in o or "Ortiz told reporters" in o for o in outs)
    assert not any("Mr." in o or "Ms." in o for o in outs)


def test_curly_and_straight_quotes_swap_without_touching_words() -> None:
    out = stage3.quote_marks(QUOTE_AFTER, random.Random(0))
    assert out is not None and '"' not in out
    assert out.replace("“", '"').replace("”", '"').replace("’", "'") == QUOTE_AFTER
    assert stage3.quote_marks(out, random.Random(0)) == QUOTE_AFTER


def test_numbers_written_another_way_keep_their_value() -> None:
    s = "The city hired 1,000 seasonal workers to clear the snow."
    outs = {stage3.number_variant(s, random.Random(seed)) for seed in range(20)}
    assert outs == {
        "The city hired 1000 seasonal workers to clear the snow.",
        "The city hired a thousand seasonal workers to clear the snow.",
    }
    # years are not numbers to respell; small numbers become words and back
    assert stage3.number_variant("The bridge opened in 1998.", random.Random(0)) is None
    assert (
        stage3.number_variant("Crews worked for three days.", random.Random(0)) == "Crews worked for 3 days."
    )
    assert stage3.number_variant("The fund holds 2.5 million dollars.", random.Random(0)) == (
        "The fund holds 2,500,000 dollars."
    )


def test_name_variants_keep_the_person() -> None:
    stage3.PERSONS.clear()
    s = "The repairs were approved by Mayor Maria Ortiz after a long debate."
    outs = {stage3.name_variant(s, random.Random(seed)) for seed in range(20)}
    assert outs == {
        "The repairs were approved by Ortiz after a long debate.",
        "The repairs were approved by Mayor Ortiz after a long debate.",
    }
    # part of a longer capitalised name ("Coney Island Boardwalk") is not a person to shorten
    assert (
        stage3.name_variant("She walked along the Coney Island Boardwalk at dawn.", random.Random(0)) is None
    )


def test_contradiction_generators_change_the_fact() -> None:
    rng = random.Random(0)
    assert stage3.opposite("Residents were satisfied with the repairs.", rng) in {
        "Residents were dissatisfied with the repairs.",
        "Residents were unsatisfied with the repairs.",
    }
    assert (
        stage3.negate("The council has approved the plan.", rng) == "The council has not approved the plan."
    )
    assert (
        stage3.negate("The council has not approved the plan.", rng) == "The council has approved the plan."
    )
    assert stage3.swap_roles("Yesterday Smith defeated Jones in the final.", rng) == (
        "Yesterday Jones defeated Smith in the final."
    )
    out = stage3.swap_place("The talks were held in Geneva, officials said.", rng, ["Vienna"])
    assert out == "The talks were held in Vienna, officials said."


def test_not_enough_info_generators_leave_the_claim_unsupported() -> None:
    s = "The council approved the budget for the new bridge."
    for seed in range(20):
        ev = stage3.hedge(s, random.Random(seed))
        assert ev and ev != s
        assert any(
            w in ev for w in ("may", "expected", "If ", "possible", "not yet clear", "whether", "Unconfirmed")
        )
        claim = stage3.add_detail(s, random.Random(seed), ["Vienna"])
        if claim:
            assert claim.startswith(s[:-1]) and len(claim) > len(s)


def _doc(event: str, name: str, sents: list[str]) -> stage3.NewsDoc:
    return stage3.NewsDoc(name, event, sents)


def test_news_pairs_label_parts_and_quotes() -> None:
    story = [
        QUOTE_AFTER,
        "The council has approved 1,000 new parking spaces near the station on Tuesday.",
        "Residents were satisfied with the repairs to the old bridge in Geneva, officials said.",
        "Mayor Maria Ortiz visited the site with three engineers on Friday.",
        '"The cost is higher than anyone expected," said John Pratt, the council treasurer.',
        "Traffic was diverted to the northern ring road for two weeks.",
    ]
    docs = [_doc("ev:1", "a", story), _doc("ev:1", "b", list(reversed(story)))]
    rows, kinds, _ = stage3.news_pairs(docs, 30, random.Random(3))
    labels = {r["label"] for r in rows}
    assert labels == {SUP, CON, UNV}
    for r in rows:
        # parts name their label and none is "synth" (train.py --synth-share 0 keeps them all)
        assert r["part"] == f"news3_{stage3.LNAME[r['label']]}"
        assert r["source"].startswith("news3:")
        if r["source"] == "news3:reattribute":
            assert stage3.quote_inner(r["claim"]) == stage3.quote_inner(r["evidence"])
        if r["label"] != SUP:
            assert stage3.norm(r["claim"]) != stage3.norm(r["evidence"])
    assert kinds["reattribute:0"] >= 1


def test_cross_document_pairs_need_the_same_event_and_every_detail() -> None:
    a = _doc(
        "ecb:1ecb",
        "ecb:1_1ecb",
        ["Police arrested the driver on Sunday night after the crash on Main Street."],
    )
    b = _doc("ecb:1ecb", "ecb:1_2ecb", ["Police arrested the driver after the crash on Main Street."])
    c = _doc("ecb:1ecb", "ecb:1_3ecb", ["Police arrested the driver, 23, after the crash on Main Street."])
    for d in (a, b, c):
        d.acts[0].add("ACT1")
        d.ents[0].add("HUM1")
    rows = stage3.ecb_cross_doc([a, b, c], random.Random(0))["rows"]
    pairs = {(r["evidence"], r["claim"], r["label"]) for r in rows}
    assert (a.sents[0], b.sents[0], SUP) in pairs
    # c's age is in no other report: never a supported claim
    assert not any(claim == c.sents[0] for _, claim, _ in pairs)
    b.acts[0] = {"ACT2"}  # another event: no pair
    assert not any(r["claim"] == b.sents[0] for r in stage3.ecb_cross_doc([a, b], random.Random(0))["rows"])


def test_leak_filter_drops_a_listed_sentence() -> None:
    blocked = stage3.keys_of("The mayor said the dam will reopen next spring after repairs. It rained.")
    leak = {
        "evidence": "Crowds gathered. THE MAYOR SAID the dam will reopen next spring, after repairs!",
        "claim": "x",
    }
    clean = {"evidence": "The mayor said the dam will stay shut until the summer.", "claim": "It rained."}
    assert stage3.is_leak(leak, blocked)
    assert stage3.is_leak({"evidence": "y", "claim": leak["evidence"]}, blocked)
    # short sentences ("It rained.") are too common to count as a leak
    assert not stage3.is_leak(clean, blocked)


def test_contradiction_label_constant() -> None:
    assert (SUP, CON, UNV) == (0, 1, 2)


def test_strict_support_keeps_paraphrase_only_where_the_claim_adds_nothing() -> None:
    from training.prepare_data import row

    longer = "Acme Corp. said on Tuesday it would close its plant in Dayton, cutting 400 jobs."
    shorter = "Acme said it would close its plant in Dayton."
    keep = row(longer, shorter, SUP, "mrpc:1", longer)  # the claim adds nothing: still support
    assert stage3.strict_support(keep) == keep
    # the other direction adds a day and a figure the evidence lacks: dropped, not relabelled
    assert stage3.strict_support(row(shorter, longer, SUP, "mrpc:1", shorter)) is None
    # two claim words the evidence lacks, no names or numbers: maybe a detail, dropped too
    assert (
        stage3.strict_support(
            row(shorter, "Acme said it would close its old rural plant in Dayton.", SUP, "stsb:para", shorter)
        )
        is None
    )
    # labels other than support, and the generated invariance pairs, pass untouched
    neg = row(shorter, longer, CON, "mrpc:1", shorter)
    assert stage3.strict_support(neg) == neg
    inv = row(QUOTE_AFTER, QUOTE_INV, SUP, "news3:reattribute", QUOTE_AFTER)
    assert stage3.strict_support(inv) == inv
    coref = row(longer, shorter, SUP, "news3:ecb_coref", longer)
    assert stage3.strict_support(coref) is None
