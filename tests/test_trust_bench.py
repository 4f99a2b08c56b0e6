"""benchmarks/trust.py's NeuS claim options on written probe lines (no ../shared needed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("trust_bench", ROOT / "benchmarks" / "trust.py")
trust = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trust)

SOURCE = (
    "TITLE=> Council Votes To Close Old Bridge. ARTICLE=> The city council voted 7-2 on Tuesday "
    "to close the Elm Street bridge. [SEP] TITLE=> Elm Street Bridge Shut After Vote. ARTICLE=> "
    "Officials will shut the Elm Street bridge next month, the council decided. [SEP] "
    "TITLE=> Bridge Closure Angers Commuters. ARTICLE=> Commuters said the closure of the bridge "
    "would add 20 minutes to their trip."
)
TARGET = (
    "TITLE=> City Council Votes To Close Elm Street Bridge. ARTICLE=> The council voted on Tuesday "
    "to close the Elm Street bridge next month. Some commuters objected."
)


def story(source: str = SOURCE, target: str = TARGET) -> dict:
    return {"event": "neus:test:0", **trust.parse_probe(source, target)}


def test_probe_line_gives_titles_leads_and_the_neutral_summary_body():
    s = story()
    assert [t for t, _ in s["sides"]] == [
        "Council Votes To Close Old Bridge.",
        "Elm Street Bridge Shut After Vote.",
        "Bridge Closure Angers Commuters.",
    ]
    assert s["sides"][2][1].startswith("Commuters said") and s["sides"][2][1].endswith("trip.")
    # the neutral title is not part of the summary claim
    assert (
        s["summary"]
        == "The council voted on Tuesday to close the Elm Street bridge next month. Some commuters objected."
    )
    assert trust.parse_probe(SOURCE, "TITLE=> Only A Title.")["summary"] == ""


def test_summary_is_checked_against_every_lead():
    (c,) = trust.story_checks(story(), "summary")
    assert c["article"] == ("summary", story()["summary"])
    assert [name for name, _ in c["refs"]] == ["src0", "src1", "src2"]


def test_a_title_is_checked_against_the_other_outlets_leads_only():
    checks = trust.story_checks(story(), "title")
    assert [c["article"][0] for c in checks] == ["title:src0", "title:src1", "title:src2"]
    for k, c in enumerate(checks):
        assert c["article"][1] == story()["sides"][k][0]
        names = [name for name, _ in c["refs"]]
        assert f"src{k}" not in names and len(names) == 2
        assert all(text == story()["sides"][int(n[3:])][1] for n, text in c["refs"])


def test_empty_title_or_lead_is_left_out():
    src = SOURCE.replace("TITLE=> Elm Street Bridge Shut After Vote.", "TITLE=> ")
    src = src.replace("Commuters said the closure of the bridge would add 20 minutes to their trip.", "")
    checks = trust.story_checks(story(src), "title")
    # outlet 1 has no title; outlet 2 has no lead, so it is no reference (and its title has one)
    assert [c["article"][0] for c in checks] == ["title:src0", "title:src2"]
    assert [[n for n, _ in c["refs"]] for c in checks] == [["src1"], ["src0", "src1"]]
    assert trust.story_checks(story(src), "summary")[0]["refs"][-1][0] == "src1"


def test_lead_claims_are_one_lead_against_the_others_as_for_sample_e():
    (c,) = trust.story_checks(story(), "lead")
    names = [c["article"][0]] + [n for n, _ in c["refs"]]
    assert sorted(names) == ["src0", "src1", "src2"]
    assert names == sorted(names, key=lambda n: trust.h("neus:test:0" + n))
    with pytest.raises(ValueError):
        trust.story_checks(story(), "headline")


def test_first_events_counts_events_not_checks():
    checks = [
        c for n in range(40) for c in trust.story_checks({**story(), "event": f"neus:test:{n}"}, "title")
    ]
    first = trust.first_events(checks, "all", 5)
    assert len({c["event"] for c in first}) == 5 and len(first) == 15
    second = trust.first_events(checks, "all", 5, sample=2)
    assert not {c["event"] for c in first} & {c["event"] for c in second}
    # the three title checks of one event stay together and in order
    assert [c["article"][0] for c in first[:3]] == ["title:src0", "title:src1", "title:src2"]
    report = trust.first_events(checks, "report", 100)
    assert report and all(trust.part_of(c["event"]) == "report" for c in report)


def test_raw_crawl_row_gives_named_sides_and_the_first_roundup_paragraph():
    row = {
        "id": 7,
        "roundup": ["The council voted to close the bridge.", "Coverage was similar across outlets."],
        "news": {
            "right": {
                "newsSource": "Paper B",
                "newsTitle": "Bridge Shut",
                "newBody": ["Officials will shut it.", " "],
            },
            "left": {
                "newsSource": "Paper A",
                "newsTitle": "Council votes",
                "newBody": ["The council voted.", "It was 7-2."],
            },
        },
    }
    s = trust.raw_story(row)
    assert s["event"] == "allsides:7" and s["summary"] == "The council voted to close the bridge."
    assert s["names"] == ["left:Paper A", "right:Paper B"]
    assert s["sides"][0] == ("Council votes", "The council voted.\n\nIt was 7-2.")
    titles = trust.story_checks(s, "title")
    assert [(c["article"], [n for n, _ in c["refs"]]) for c in titles] == [
        (("title:left:Paper A", "Council votes"), ["right:Paper B"]),
        (("title:right:Paper B", "Bridge Shut"), ["left:Paper A"]),
    ]
    assert [n for n, _ in trust.story_checks(s, "summary")[0]["refs"]] == ["left:Paper A", "right:Paper B"]
