"""Weekday evidence in grouping (cluster.py): two groups whose weekday-naming leads clash
are kept apart however many of their members name no weekday; a pair or two of clashing
leads (a fire on Friday night, reported on Saturday) does not split one happening; the
incremental join weighs weekdays exactly as one run does; with no weekdays the linkage is
scikit-learn's average linkage. Fixtures are articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import storycheck
from storycheck.events import EventIndex, read_articles
from storycheck.events.cluster import _average_linkage

FIX = Path(__file__).parent / "fixtures" / "events"
NO_DATE = float("nan")


def groups(report: dict) -> set[frozenset[str]]:
    return {frozenset(a["id"] for a in e["articles"]) for e in report["events"]}


def test_two_raids_in_one_week_stay_apart_by_their_weekdays():
    # two pirate raids in one sea, no publication dates and no years: the Saturday raid's
    # leads and the Thursday raid's clash on every pair that names a day; one article of
    # each names none and says nothing either way
    rep = storycheck.events(FIX / "two-raids.jsonl", compare=False).to_dict()
    saturday = frozenset(
        {"raid-sat-ledger", "raid-sat-metro", "raid-sat-coast", "raid-sat-daily", "raid-sat-wire"}
    )
    thursday = frozenset({"raid-thu-ledger", "raid-thu-metro", "raid-thu-coast", "raid-thu-wire"})
    assert groups(rep) == {saturday, thursday}
    # the vectors alone put them together
    from storycheck.events.features import describe

    arts, _ = read_articles([FIX / "two-raids.jsonl"])
    vecs, marks = describe(arts)
    assert {m[1] for m in marks} == {frozenset({"Saturday"}), frozenset({"Thursday"}), frozenset()}
    assert len(set(EventIndex().add(vecs, np.full(len(arts), NO_DATE), [a.meta() for a in arts]))) == 1


def test_one_fire_named_by_different_weekdays_stays_one_event():
    # Friday night's fire, Saturday's arson finding, Sunday's service in a school: one happening
    rep = storycheck.events(FIX / "one-fire.jsonl", compare=False).to_dict()
    assert groups(rep) == {frozenset({"fire-ledger", "fire-metro", "fire-coast", "fire-wire", "fire-daily"})}


def _two_groups(distance: float, n: int) -> np.ndarray:
    """2n unit vectors: two groups of n identical vectors, ``distance`` (cosine) apart."""
    angle = np.arccos(1.0 - distance)
    a, b = np.array([1.0, 0.0], np.float32), np.array([np.cos(angle), np.sin(angle)], np.float32)
    return np.vstack([np.tile(a, (n, 1)), np.tile(b, (n, 1))])


def _marks(days: list[str]) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(), frozenset({d}) if d else frozenset()) for d in days]


META = [{"id": f"a{i}"} for i in range(10)]


@pytest.mark.parametrize(
    ("days", "together"),
    [
        # two of five name Saturday, two of five Thursday: all four naming pairs clash
        (["Saturday", "Saturday", "", "", "", "Thursday", "Thursday", "", "", ""], False),
        # the same groups naming no weekday: nothing keeps them apart
        ([""] * 10, True),
        # the same weekday on both sides: no clash
        (["Saturday", "Saturday", "", "", "", "Saturday", "", "", "", ""], True),
        # one clashing pair among the members' pairs is little evidence
        (["Saturday", "", "", "", "", "Thursday", "", "", "", ""], True),
    ],
)
def test_silent_leads_do_not_dilute_weekday_evidence(days, together):
    vecs = _two_groups(0.65, 5)  # under the 0.7 threshold: the vectors alone merge the groups
    labels = EventIndex().add(vecs, np.full(10, NO_DATE), META, _marks(days))
    assert len(set(labels[:5])) == len(set(labels[5:])) == 1
    assert (labels[0] == labels[5]) is together


@pytest.mark.parametrize("days", [["Saturday", "Saturday", "", "", "", "Thursday", "Thursday", "", "", ""],
                                  ["Saturday", "", "", "", "", "Thursday", "", "", "", ""]])  # fmt: skip
def test_joining_a_saved_event_weighs_weekdays_as_one_run(days, tmp_path):
    vecs, times, marks = _two_groups(0.65, 5), np.full(10, NO_DATE), _marks(days)
    whole = EventIndex().add(vecs, times, META, marks)
    index = EventIndex()
    first = index.add(vecs[:5], times[:5], META[:5], marks[:5])
    index.save(tmp_path / "state.json")  # the counts of weekdays named survive the state file
    later = EventIndex.load(tmp_path / "state.json").add(vecs[5:], times[5:], META[5:], marks[5:])
    assert (whole[0] == whole[5]) is (first[0] == later[0])


def test_without_weekdays_the_linkage_is_scikit_learns_average_linkage():
    sklearn = pytest.importorskip("sklearn.cluster")
    rng = np.random.default_rng(15)
    centres = rng.normal(size=(12, 16))
    x = centres[rng.integers(0, 12, 150)] + 0.5 * rng.normal(size=(150, 16))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    dist = np.clip(1.0 - x @ x.T, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    zeros = np.zeros_like(dist, dtype=np.float32)
    ours = _average_linkage(dist.copy(), zeros.copy(), zeros.copy(), 0.7)
    theirs = sklearn.AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=0.7
    ).fit_predict(dist)
    assert 1 < len(ours) < 150
    assert {frozenset(g) for g in ours} == {frozenset(np.flatnonzero(theirs == k)) for k in set(theirs)}
