"""A contradicted sentence always shows why: when the contradiction rests on one slot filled
differently (no number, date or name check fired), the slot becomes the flag."""

from storycheck import check
from storycheck.checks import swap_flags

REF = (
    "The cable operator said on Twitter today (20 October 2011) that it had restored service to all "
    "customers on other routes, after an outage first expected to last 12 days."
)


def test_swap_flag_kinds_messages_and_offsets():
    claim = (
        "The cable operator said on Twitter on Friday (14 October 2011) that it had restored service to all "
        "customers on other routes."
    )
    (f,) = swap_flags(claim, REF.replace("today", "on Friday"), 500, "wire.txt", 1)
    assert (f.kind, f.text, f.source) == ("date_mismatch", "14", 1)
    assert (f.start, f.end) == (500 + claim.index("14 October"), 500 + claim.index(" October"))
    assert f.message == "says 14 October; wire.txt says 20 October."
    (f,) = swap_flags("She was elected mayor of Portvale in March last year.",
                      "She was elected mayor of Portvale in May last year.", 0, "r")  # fmt: skip
    assert (f.kind, f.text) == ("date_mismatch", "March")
    (f,) = swap_flags("Officials in Brightwater welcomed the decision on the bridge.",
                      "Officials in Portvale welcomed the decision on the bridge.", 0, "r")  # fmt: skip
    assert (f.kind, f.text, f.message) == (
        "name_mismatch",
        "Brightwater",
        "says Brightwater; r says Portvale.",
    )


def test_no_swap_no_flag():
    # the same sentence, a value written another way, a spelling variant, another detail
    assert not swap_flags(REF, REF, 0, "r")
    # "today (...)" is each article's own day of publication: no conflict between two reports
    assert not swap_flags(REF.replace("20 October", "14 October"), REF, 0, "r")
    assert not swap_flags("The outage was first expected to last twelve days.",
                          "The outage was first expected to last 12 days.", 0, "r")  # fmt: skip
    assert not swap_flags("Mr. Zensky met the envoy in Kyiv on Friday.",
                          "Mr. Zelenskiy met the envoy in Kyiv on Friday.", 0, "r")  # fmt: skip
    assert not swap_flags("The operator plans a second cable next year.", REF, 0, "r")


def test_every_contradicted_sentence_carries_a_flag():
    article = (
        "The cable operator said on Twitter on Friday (14 October 2011) that it had restored service to all "
        "customers on other routes, after an outage first expected to last 12 days.\n"
        "Officials in Brightwater welcomed the decision on the cable.\n"
    )
    ref = REF.replace("today", "on Friday") + "\nOfficials in Portvale welcomed the decision on the cable."
    rep = check(article, [ref])
    red = [r for r in rep.sentences if r.verdict == "contradicted"]
    assert red, [(r.verdict, r.sentence.text) for r in rep.sentences]
    for r in red:
        assert r.flags, r.sentence.text
        for f in r.flags:
            assert article[f.start : f.end] == f.text
