"""storycheck events: reading a pile, grouping into events, incremental state, comparing
coverage, the report formats and the CLI contract. Fixtures in tests/fixtures/events/
are articles written for these tests (two earthquakes in one country in one month, a
council vote, a one-article event, a syndicated copy with garbled text, bad records)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import storycheck
from storycheck.cli import app
from storycheck.events import EventIndex, read_articles
from storycheck.events.cluster import DEFAULT_WINDOW_DAYS

FIX = Path(__file__).parent / "fixtures" / "events"
FEED = FIX / "feed.jsonl"
LATER = FIX / "feed-later.jsonl"
runner = CliRunner()

EXPECTED = [
    {"quake-ledger", "quake-metro", "quake-coast", "quake-coast-syndicated"},
    {"quake2-ledger", "quake2-metro"},
    {"budget-ledger", "budget-metro"},
    {"museum-coast"},
]


def groups(report: dict) -> list[set[str]]:
    return [{a["id"] for a in e["articles"]} for e in report["events"]]


@pytest.fixture(scope="module")
def grouped() -> dict:
    return storycheck.events(FEED, compare=False).to_dict()


@pytest.fixture(scope="module")
def compared() -> tuple[dict, dict[str, str]]:
    report = storycheck.events([FEED])
    texts = {a.id: a.doc.text for e in report.events for a in e.articles}
    return report.to_dict(), texts


def test_groups_events_not_topics(grouped):
    # two earthquakes in the same country in the same month are two events
    assert set(map(frozenset, groups(grouped))) == set(map(frozenset, EXPECTED))
    assert grouped["schema"] == "storycheck.events/1"
    assert grouped["events"][0]["title"]  # named after one of its articles


def test_every_article_in_exactly_one_event(grouped):
    ids = [a["id"] for e in grouped["events"] for a in e["articles"]]
    assert len(ids) == len(set(ids)) == 9
    for e in grouped["events"]:
        for a in e["articles"]:
            assert set(a) >= {"id", "source", "name"}
            assert a["name"] == a["id"]  # a record's name is its id


def test_bad_records_are_reported_and_skipped(grouped):
    skipped = {s.get("id") or s.get("name"): s["error"] for s in grouped["skipped"]}
    assert set(skipped) == {"empty-record", "bad-date", "feed.jsonl:12"}
    assert '"text" or "url"' in skipped["empty-record"]
    assert "ISO 8601" in skipped["bad-date"] and skipped["bad-date"].startswith("bad-date:")
    assert "invalid JSON" in skipped["feed.jsonl:12"]


def test_publication_window_splits_identical_coverage():
    text = "A magnitude 6.1 earthquake struck the town of Tarrow early on Monday, killing four people."
    recs = [
        {"id": "a", "text": text, "published": "2026-03-02"},
        {"id": "b", "text": text, "published": "2026-03-02T06:00:00"},
        {"id": "c", "text": text, "published": f"2026-03-{2 + int(DEFAULT_WINDOW_DAYS) + 8:02d}"},
        {"id": "d", "text": text},  # undated: time does not keep it apart
    ]
    rep = storycheck.events(records=recs, compare=False).to_dict()
    got = groups(rep)
    assert {e["title"] for e in rep["events"]} == {text}  # no headline: the first sentence names it
    assert {"a", "b"} <= next(g for g in got if "a" in g)
    assert "c" not in next(g for g in got if "a" in g)


def test_incremental_state_adds_to_existing_events(tmp_path):
    state = tmp_path / "events-state.json"
    first = storycheck.events(FEED, compare=False, state=state).to_dict()
    quake = next(e["id"] for e in first["events"] if "quake-ledger" in groups({"events": [e]})[0])
    assert EventIndex.load(state).known_ids() == {a["id"] for e in first["events"] for a in e["articles"]}

    second = storycheck.events(LATER, compare=False, state=state).to_dict()
    by_article = {a["id"]: e for e in second["events"] for a in e["articles"] if not a["earlier"]}
    assert by_article["quake-ledger-update"]["id"] == quake  # a follow-up joins yesterday's event
    earlier = {a["id"] for a in by_article["quake-ledger-update"]["articles"] if a["earlier"]}
    assert earlier == EXPECTED[0]
    assert by_article["football-metro"]["id"] not in {e["id"] for e in first["events"]}
    # the same articles again are not added twice
    again = storycheck.events(LATER, compare=False, state=state).to_dict()
    assert {s["id"] for s in again["skipped"]} == {"quake-ledger-update", "football-metro"}
    assert again["events"] == []


def test_state_from_one_run_equals_chunked_runs():
    arts, _ = read_articles([FEED])
    from storycheck.events import group
    from storycheck.events.features import embed

    vecs = embed(arts)
    whole = {frozenset(a.id for a in e.articles) for e in group(arts, vecs)}
    chunked = {frozenset(a.id for a in e.articles) for e in group(arts, vecs, chunk=3)}
    assert whole == chunked == {frozenset(g) for g in EXPECTED}


FLOODS = FIX / "two-floods.jsonl"  # one river, one town, two floods: 2019 (Tuesday) and 2023 (Friday)
FLOOD_2019, FLOOD_2023 = {"flood2019-ledger", "flood2019-metro"}, {"flood2023-ledger", "flood2023-coast"}


def test_two_similar_events_in_one_place_stay_apart_by_their_dates():
    # no publication dates: only the years and weekdays the leads name tell the floods apart
    rep = storycheck.events(FLOODS, compare=False).to_dict()
    assert sorted(map(sorted, groups(rep))) == sorted(map(sorted, [FLOOD_2019, FLOOD_2023]))
    # the vectors alone merge them: the marks are what keeps them apart
    arts, _ = read_articles([FLOODS])
    from storycheck.events.features import describe

    vecs, marks = describe(arts)
    assert marks[0] == (frozenset({"2019"}), frozenset({"Tuesday"}))
    assert len(set(EventIndex().add(vecs, np.full(len(arts), np.nan), [a.meta() for a in arts]))) == 1
    assert len(set(EventIndex().add(vecs, np.full(len(arts), np.nan), [a.meta() for a in arts], marks))) == 2


def test_years_a_year_apart_can_be_one_happening():
    # "the 2013 budget", passed in December 2012; a season "2012-13": adjacent years do not
    # clash, years further apart do, within a chunk and when joining a saved event alike
    vec = np.ones((1, 4), np.float32) / 2.0
    wk: frozenset[str] = frozenset()
    for years, together in ((("2012", "2013"), True), (("2012", "2015"), False)):
        marks = [(frozenset({years[0]}), wk), (frozenset({years[1]}), wk)]
        whole = EventIndex().add(np.vstack([vec, vec]), np.full(2, np.nan), [{"id": "a"}, {"id": "b"}], marks)
        index = EventIndex()
        first = index.add(vec, np.full(1, np.nan), [{"id": "a"}], marks[:1])
        later = index.add(vec, np.full(1, np.nan), [{"id": "b"}], marks[1:])
        assert (whole[0] == whole[1]) is together
        assert (first == later) is together


@pytest.mark.parametrize(
    ("lead", "years"),
    [
        ("Quake kills 300 in the north, the country's worst since 1998.", set()),
        ("Unemployment rose to 6.1% in March, up from 4.9% in 2019.", set()),
        ("Temperatures this summer were higher than in 2003, the hottest on record.", set()),
        ("The vote came ahead of the 2026 elections.", set()),
        ("The guidelines are to be met by 2030.", set()),
        ("The city has grown from 2010-2020 faster than any other.", set()),
        ("Page, the 1950s pin-up model, died on Thursday.", set()),
        ("She began modelling in 1950 when she met a photographer.", set()),
        ("Crowds marked the 20th anniversary of the Sept. 11, 2001 attacks.", set()),
        ("The camp was set up following the Sept. 11, 2001, attacks.", set()),
        # the happening's own year stays, with or without a background one beside it
        ("The river burst its banks on Friday, October 6, 2023, the worst flood since 1998.", {"2023"}),
        ("June 6, 2013 - 11:34 PM. The actress died on Thursday.", {"2013"}),
        ("Klitschko stopped Rahman in 2008 to keep his title.", {"2008"}),
        ("The 2012-13 season ended with a win for the home side.", {"2012"}),
        ("Jackman, named 2008's sexiest man alive, will host the show.", {"2008"}),
    ],
)
def test_only_years_that_date_the_happening_are_marks(lead, years):
    from storycheck.events.features import event_years, marks

    assert event_years(lead) == years
    assert marks(lead)[0] == years


FLOOD_SINCE_2007 = {"id": "flood2023-metro", "source": "Metro Post", "title": "Harrowby under water again",
                    "text": "Around 150 homes in Harrowby were flooded on Friday after the River Aln overflowed "
                    "overnight, the worst flooding the town has seen since 2007.\n\nPeople in the lower town were "
                    "taken out by boat and the leisure centre opened as a shelter, the council said."}  # fmt: skip
FLOOD_2021 = {"id": "flood2021-metro", "source": "Metro Post", "title": "River Aln floods Harrowby",
              "text": "The River Aln burst its banks in Harrowby on Friday, flooding about 150 homes after a night of "
              "heavy rain in October 2021, the worst flooding there since 2019.\n\nFirefighters used boats to "
              "reach residents trapped in the lower town, and the council opened the leisure centre as a "
              "shelter."}  # fmt: skip


def test_a_background_year_does_not_split_an_event_a_different_year_does():
    recs = [json.loads(line) for line in FLOODS.read_text().splitlines()]
    rep = storycheck.events(records=[*recs, FLOOD_SINCE_2007, FLOOD_2021], compare=False).to_dict()
    # "since 2007" says nothing of when the flood was: it joins Friday's 2023 flood; the 2021
    # flood is another happening, "since 2019" notwithstanding
    assert sorted(map(sorted, groups(rep))) == sorted(
        map(sorted, [FLOOD_2019, FLOOD_2023 | {"flood2023-metro"}, {"flood2021-metro"}])
    )
    # counting every year the lead names, as before, the background year split it off
    from storycheck.events.features import _WEEKDAY, _YEAR, describe, lead_text

    arts, _ = read_articles(records=[*recs, FLOOD_SINCE_2007])
    vecs, _ = describe(arts)
    every_year = [
        (frozenset(_YEAR.findall(lead_text(a))), frozenset(_WEEKDAY.findall(lead_text(a)))) for a in arts
    ]
    labels = EventIndex().add(vecs, np.full(len(arts), np.nan), [a.meta() for a in arts], every_year)
    assert labels[-1] not in labels[:-1]


def test_incremental_add_keeps_the_dates_apart(tmp_path):
    state = tmp_path / "state.json"
    recs = [json.loads(line) for line in FLOODS.read_text().splitlines()]
    first = storycheck.events(records=recs[:2], compare=False, state=state).to_dict()
    assert groups(first) == [FLOOD_2019]
    follow_up = {"id": "flood2019-coast", "source": "Coast Herald", "title": "Harrowby counts the cost of River Aln flood",
                 "text": "Residents of Harrowby began clearing mud from their homes on Wednesday, a day after the River Aln "
                 "burst its banks and flooded about 200 homes in the worst flooding of 2019.\n\nThe council said "
                 "the school hall would stay open as a shelter."}  # fmt: skip
    second = storycheck.events(records=[*recs[2:], follow_up], compare=False, state=state).to_dict()
    by_article = {a["id"]: e["id"] for e in second["events"] for a in e["articles"] if not a["earlier"]}
    assert by_article["flood2019-coast"] == first["events"][0]["id"]  # joins the saved 2019 event
    assert by_article["flood2023-ledger"] == by_article["flood2023-coast"] != first["events"][0]["id"]
    saved = EventIndex.load(state)
    flood2019 = next(e for e in saved.events if e.id == first["events"][0]["id"])
    assert flood2019.marks[0] == {frozenset({"2019"}): 3} and flood2019.n == 3
    # a state file written before marks existed still loads (its events have none)
    data = json.loads(state.read_text())
    for e in data["events"]:
        del e["marks"]
    state.write_text(json.dumps(data))
    assert all(e.marks == [{}, {}] for e in EventIndex.load(state).events)


def test_texts_on_disk_give_the_same_report_as_texts_in_memory(compared):
    # the default path keeps each text in a temporary file and reads it back to check and name
    # events; keep_text=True holds them all in memory: the report must not tell them apart
    on_disk, texts = compared
    in_memory = storycheck.events([FEED], keep_text=True)
    assert in_memory.to_dict() == on_disk
    assert {a.id: a.doc.text for e in in_memory.events for a in e.articles} == texts
    lean = storycheck.events([FEED], compare=False)
    from storycheck.events.records import _Spooled

    assert all(isinstance(a._held(), _Spooled) for e in lean.events for a in e.articles)
    assert {a.id: a.doc.text for e in lean.events for a in e.articles} == texts
    assert all(a.chars == len(texts[a.id]) for e in lean.events for a in e.articles)


def test_folder_of_files_and_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    recs = [json.loads(line) for line in FEED.read_text().splitlines()[:9]]
    folder = tmp_path / "pile"
    folder.mkdir()
    for r in recs[:4]:
        (folder / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}", encoding="utf-8")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "notes.csv").write_text("not read")
    pq.write_table(pa.Table.from_pylist(recs[4:9]), folder / "more.parquet")
    rep = storycheck.events(folder, compare=False).to_dict()
    ids = {a["id"] for e in rep["events"] for a in e["articles"]}
    assert ids == {f"{r['id']}.txt" for r in recs[:4]} | {r["id"] for r in recs[4:9]}
    assert [s["id"] for s in rep["skipped"]] == ["photo.txt"]
    titles = {a["id"]: a["title"] for e in rep["events"] for a in e["articles"]}
    assert titles["quake-ledger.txt"] == recs[0]["title"]  # a headline line is the title


def test_compare_finds_the_disagreement_and_the_garble(compared):
    rep, texts = compared
    quake = next(e for e in rep["events"] if len(e["articles"]) == 4)
    assert quake["compared"]
    # nine dead (Metro Post) against four dead (the others), with the flag that shows why
    toll = [d for d in quake["disagreements"] if any(f["kind"] == "number_mismatch" for f in d["flags"])]
    assert toll
    sides = [(toll[0]["article"], toll[0]["text"])] + [(o["article"], o["text"]) for o in toll[0]["against"]]
    assert "quake-metro" in {a for a, _ in sides}
    assert {"nine" in t for _, t in sides} == {True, False}  # both sides shown
    # the syndicated copy with a generation loop is the garbled article
    assert [g["article"] for g in quake["garbled"]] == ["quake-coast-syndicated"]
    assert any(f["kind"] == "repetition" for f in quake["garbled"][0]["flags"])
    # the collapsed church is carried by all four outlets
    church = [c for c in quake["common"] if "church" in c["text"]]
    assert church and len(church[0]["outlets"]) == 4
    # every span indexes its article's text
    for ev in rep["events"]:
        spans = ev["common"] + ev["single"] + ev["disagreements"]
        spans += [o for d in ev["disagreements"] for o in d["against"]] + [
            o for c in ev["common"] for o in c["also"]
        ]
        spans += [{**f, "article": g["article"]} for g in ev["garbled"] for f in g["flags"]]
        for s in spans:
            assert texts[s["article"]][s["start"] : s["end"]] == s["text"]


def test_compare_checks_other_outlets_first_and_skips_single_events(compared):
    rep, _ = compared
    quake = next(e for e in rep["events"] if len(e["articles"]) == 4)
    arts = {a["id"]: a for a in quake["articles"]}
    # Coast Wire's copy is checked against the other outlets (its own syndicated twin is Hill Courier's)
    assert len(arts["quake-ledger"]["checked_against"]) == 3
    assert arts["quake-ledger"]["summary"]["supported"] >= 2
    museum = next(e for e in rep["events"] if len(e["articles"]) == 1)
    assert not museum["compared"] and museum["disagreements"] == []
    assert [t["article"] for t in quake["timeline"]] == ["quake-ledger", "quake-metro", "quake-coast",
                                                          "quake-coast-syndicated"]  # fmt: skip


def test_html_report_one_page_per_event(compared):
    from storycheck.events.render import render_html, render_text

    rep, _ = compared
    page = render_html(rep)
    for e in rep["events"]:
        assert f'<section class="event" id="{e["id"]}">' in page
    assert "four people" in page and "number_mismatch" in page
    assert "<script" not in page  # no script, nothing fetched
    hostile = json.loads(json.dumps(rep).replace("Tarrow", "<img src=x onerror=alert(1)>"))
    assert "<img src=x" not in render_html(hostile)
    text = render_text(rep)
    assert "disagree" in text and "garbled" in text
    # a wrapped statement continues under its indent, never at column 0
    ev = dict(next(e for e in rep["events"] if e["disagreements"]), title="Quake")
    lines = render_text({"summary": rep["summary"], "events": [ev], "skipped": []}, width=80).splitlines()
    body = [ln for ln in lines[3:] if ln]  # after the summary, a blank line and the header
    assert lines[2].startswith(ev["id"]) and any(len(ln) > 70 for ln in body)  # it did wrap
    assert all(ln.startswith("  ") for ln in body), [ln for ln in body if not ln.startswith("  ")]


def test_cli_contract(tmp_path):
    out = tmp_path / "events.json"
    res = runner.invoke(app, ["events", str(FEED), "--format", "json", "--no-compare", "--output", str(out)])
    assert res.exit_code == 1  # something was skipped
    data = json.loads(out.read_text())
    assert data["schema"] == "storycheck.events/1"
    assert set(map(frozenset, groups(data))) == set(map(frozenset, EXPECTED))
    assert all(set(s) == {"id", "error"} or set(s) == {"name", "error"} for s in data["skipped"])
    res = runner.invoke(app, ["events", str(LATER), "--format", "json", "--no-compare"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["articles"] == 2


def test_cut_off_lines_are_not_statements():
    from storycheck.events.compare import _statement

    assert not _statement("Slowed population growth is a...")  # an AllSides lead cut mid-sentence
    assert not _statement("Watch the video.")
    assert _statement("The final vote was 69 to 30, with 19 Republicans joining all 50 Democrats.")


def test_reports_released_unless_kept():
    recs = [json.loads(x) for x in FEED.read_text().splitlines() if '"id": "budget' in x]
    kept = storycheck.events(records=recs, keep_reports=True)
    dropped = storycheck.events(records=recs)
    assert kept.to_dict()["events"] == dropped.to_dict()["events"]  # same summary either way
    assert set(kept.events[0].comparison.reports) == {"budget-ledger", "budget-metro"}
    assert dropped.events[0].comparison.reports == {}


def test_urls_as_paths_and_in_records():
    from test_server_fixtures import fixture_site

    with fixture_site() as site:
        rep = storycheck.events(
            [f"{site}/story.html", f"{site}/missing.html"],
            records=[{"id": "r1", "url": f"{site}/ref.txt", "source": "Wire"}],
            compare=False,
        ).to_dict()
    arts = {a["id"]: a for e in rep["events"] for a in e["articles"]}
    assert set(arts) == {f"{site}/story.html", "r1"}  # a URL's id is the URL
    assert arts["r1"]["source"] == "Wire"
    assert rep["skipped"] == [{"id": f"{site}/missing.html", "error": f"{site}/missing.html: HTTP 404"}]


def test_a_repeated_id_is_skipped_and_the_first_kept():
    text = "The council approved the new budget on Friday after a long debate in the town hall."
    arts, skipped = read_articles(records=[{"id": "a", "text": text}, {"id": "b", "text": text + " More."},
                                           {"id": "a", "text": "Another text entirely, about a ferry."}])  # fmt: skip
    assert [(a.id, a.order) for a in arts] == [("a", 0), ("b", 1)]
    assert arts[0].doc.text == text
    assert [(s.id, s.error) for s in skipped] == [("a", "a: duplicate id (the first one is kept)")]
