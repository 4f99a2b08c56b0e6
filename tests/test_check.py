"""End-to-end checks on article pairs written for these tests (tests/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storycheck import SCHEMA, check
from storycheck.read import read_path

FIX = Path(__file__).parent / "fixtures"
ARTICLE = FIX / "article.txt"
REF = FIX / "reference.txt"
REF2 = FIX / "reference2.txt"


@pytest.fixture(scope="module")
def report():
    return check(ARTICLE, references=[REF, REF2])


def by_text(report, fragment: str):
    hits = [r for r in report.sentences if fragment in r.sentence.text]
    assert len(hits) == 1, fragment
    return hits[0]


def assert_offsets(report) -> None:
    art = report.article.text
    for r in report.sentences:
        assert art[r.sentence.start : r.sentence.end] == r.sentence.text
        for f in r.flags:
            assert art[f.start : f.end] == f.text
        for e in r.evidence:
            assert report.sources[e.source].text[e.start : e.end] == e.text
    for o in report.omissions:
        assert report.sources[o.source].text[o.start : o.end] == o.text


def flag_kinds(result) -> set[str]:
    return {f.kind for f in result.flags}


def test_every_span_round_trips(report):
    assert_offsets(report)
    d = report.to_dict()
    art = report.article.text
    for s in d["sentences"]:
        assert art[s["start"] : s["end"]] == s["text"]


def test_wrong_weekday_is_contradicted_with_date_flag(report):
    r = by_text(report, "reopened to traffic on Friday")
    assert r.verdict == "contradicted"
    f = [f for f in r.flags if f.kind == "date_mismatch"]
    assert f and f[0].text == "Friday" and "Thursday" in f[0].message
    assert r.evidence[0].source == 0


def test_wrong_number_is_contradicted_with_number_flag(report):
    r = by_text(report, "2,000 workers")
    assert r.verdict == "contradicted"
    f = [f for f in r.flags if f.kind == "number_mismatch"]
    assert f and f[0].text == "2,000" and "1,000" in f[0].message


def test_negation_is_contradicted(report):
    r = by_text(report, "was not damaged")
    assert r.verdict == "contradicted"
    assert "negation" in flag_kinds(r)


def test_wrong_place_is_contradicted_with_name_flag(report):
    r = by_text(report, "Brightwater")
    assert r.verdict == "contradicted"
    f = [f for f in r.flags if f.kind == "name_mismatch"]
    assert f and f[0].text == "Brightwater" and "Portvale" in f[0].message


def test_matching_sentence_is_supported_without_flags(report):
    r = by_text(report, "Engineers replaced the damaged cables")
    assert r.verdict == "supported"
    assert not [f for f in r.flags if f.kind.endswith("mismatch") or f.kind == "negation"]
    assert "northern span" in r.evidence[0].text


def test_second_reference_supports_what_the_first_lacks(report):
    r = by_text(report, "bridge-shaped cakes")
    assert r.verdict == "supported"
    assert r.evidence[0].source == 1


def test_omissions_list_what_the_article_leaves_out(report):
    omitted = [o.text for o in report.omissions]
    assert any("Ferry operators" in t for t in omitted)
    assert any("40,000 vehicles" in t for t in omitted)
    # Covered content is not an omission.
    assert not any("northern span" in t for t in omitted)


def test_unrelated_claim_is_unverified():
    rep = check(
        "The city zoo welcomed a baby giraffe named Pip on Monday.",
        references=[REF.read_text(encoding="utf-8")],
    )
    assert [r.verdict for r in rep.sentences] == ["unverified"]


def test_off_topic_passage_cannot_contradict():
    """The judge's contradiction counts only for a passage about the same thing."""
    from storycheck.aggregate import TOPIC_FLOOR, Judged, decide
    from storycheck.types import Judgement, Passage

    p = Passage(0, 0, 10, "0123456789", 0, 0)
    strong = Judgement(support=0.05, contradiction=0.9)
    off = Judged(p, strong, (), similarity=TOPIC_FLOOR - 0.1)
    on = Judged(p, strong, (), similarity=TOPIC_FLOOR + 0.1)
    assert decide([off], 0.7, 0.3)[0] == "unverified"
    assert decide([on], 0.7, 0.3)[0] == "contradicted"
    assert decide([off, on], 0.7, 0.3)[0] == "contradicted"


class Counting:
    """A judge wrapper that counts the pairs it is asked to score."""

    def __init__(self, judge):
        self.judge, self.pairs = judge, 0
        self.support_threshold = judge.support_threshold
        self.contradiction_threshold = judge.contradiction_threshold

    def score(self, pairs):
        self.pairs += len(pairs)
        return self.judge.score(pairs)


def _count_pairs(article, refs, **options):
    from storycheck.pipeline import Engine, Options

    base = Engine.default()
    counting = Counting(base.judge)
    rep = check(article, refs, engine=Engine(counting, base.embedder), options=Options(**options))
    return [r.verdict for r in rep.sentences], counting.pairs


def test_cascade_judges_fewer_pairs_for_the_same_verdicts(report):
    # The two-round judging must never cost more pairs nor change a verdict.
    cascade, n_cascade = _count_pairs(ARTICLE, [REF, REF2], cascade=True)
    full, n_full = _count_pairs(ARTICLE, [REF, REF2], cascade=False)
    assert cascade == full == [r.verdict for r in report.sentences]
    assert 0 < n_cascade <= n_full


def test_verbatim_sentences_are_supported_without_the_model():
    verdicts, pairs = _count_pairs(REF, [REF])
    assert verdicts == ["supported"] * len(verdicts) and pairs == 0


def test_json_schema(report):
    d = json.loads(report.to_json())
    assert d["schema"] == SCHEMA == "storycheck.report/1"
    assert set(d) == {"schema", "article", "sources", "sentences", "omissions", "summary"}
    assert d["article"] == {"name": "article.txt", "chars": len(ARTICLE.read_text(encoding="utf-8"))}
    assert [s["id"] for s in d["sources"]] == [0, 1]
    s = d["sentences"][0]
    assert set(s) == {
        "index",
        "start",
        "end",
        "text",
        "verdict",
        "support",
        "contradiction",
        "evidence",
        "flags",
    }
    for s in d["sentences"]:
        assert s["verdict"] in ("supported", "contradicted", "unverified")
        assert 0.0 <= s["support"] <= 1.0 and 0.0 <= s["contradiction"] <= 1.0
        for e in s["evidence"]:
            assert set(e) == {"source", "start", "end", "text", "support", "contradiction"}
        for f in s["flags"]:
            assert set(f) == {"kind", "start", "end", "text", "message", "source"}
            # a mismatch names the reference it is against; garbled text has none
            if f["kind"].endswith("_mismatch") or f["kind"] == "negation":
                assert f["source"] in range(len(d["sources"])), f
            else:
                assert f["source"] is None, f
    assert set(d["omissions"][0]) == {"source", "start", "end", "text"}
    summ = d["summary"]
    assert summ["supported"] + summ["contradicted"] + summ["unverified"] == len(d["sentences"])
    assert summ["flags"] == sum(len(s["flags"]) for s in d["sentences"])


def test_html_article_is_extracted_and_checked():
    doc = read_path(FIX / "article.html")
    assert doc.media_type == "text/html"
    assert "Harbor Bridge reopened to traffic on Friday" in doc.text
    assert "Subscribe" not in doc.text and "tracking" not in doc.text and "Sport" not in doc.text
    rep = check(doc, references=[REF])
    assert_offsets(rep)
    assert by_text(rep, "on Friday").verdict == "contradicted"


def test_html_report_is_standalone_and_escaped():
    rep = check(
        "Officials in Brightwater welcomed the decision <script>alert(1)</script>.",
        references=[REF.read_text(encoding="utf-8")],
    )
    page = rep.to_html()
    assert page.startswith("<!doctype html>")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'class="s contradicted"' in page
    assert "name_mismatch" in page


def test_text_report_lists_verdicts_flags_and_omissions(report):
    out = report.to_text(color=False, width=200)
    assert "contradicted" in out and "supported" in out
    assert "date_mismatch: says Friday" in out
    assert "Left out" in out and "Ferry operators" in out


def _name_flags(claim: str, evidence: str, source: str = "") -> list[str]:
    from storycheck import checks
    from storycheck.types import Sentence

    ce, ee = checks.entities([claim, evidence])
    flags = checks.compare(Sentence(0, 0, len(claim), claim), ce, evidence, ee, "ref", source or evidence)
    return [f.text for f in flags if f.kind == "name_mismatch"]


def test_name_mismatch_needs_a_rival_in_the_same_slot():
    ev = "Protesters led by Dina Saleh poured paint outside the embassy on Bayswater Road on Thursday."
    assert _name_flags("Protesters led by Amal Farouk poured paint outside the embassy on Thursday.", ev) == [
        "Amal Farouk"
    ]
    # a place elsewhere in the passage is not a rival for "U.K."
    assert _name_flags("U.K. protesters poured paint outside the embassy on Thursday.", ev) == []


def test_name_mismatch_accepts_demonyms_and_names_found_elsewhere_in_the_source():
    ev = "The lawmakers met Ukrainian officials in Kyiv on Tuesday."
    assert _name_flags("The lawmakers met officials in Ukraine on Tuesday.", ev) == []
    ev = "The bridge was opened by Mayor Carla Brandt on Tuesday."
    source = "Mayor Lena Ortiz and Mayor Carla Brandt cut the ribbon. " + ev
    assert _name_flags("The bridge was opened by Mayor Lena Ortiz on Tuesday.", ev) == ["Lena Ortiz"]
    assert _name_flags("The bridge was opened by Mayor Lena Ortiz on Tuesday.", ev, source) == []
