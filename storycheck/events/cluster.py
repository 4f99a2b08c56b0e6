"""Group articles into events: average-linkage agglomerative clustering on cosine
distances of title+lead embeddings, with a time window and the lead's own dates.

One event is one happening, so two articles published more than ``window_days`` apart
are never put together, however alike they read (the second earthquake in a country a
month later is a new event).

Scale and incremental mode: articles are taken in publication order in chunks of
``chunk`` (a full distance matrix of 100k articles would not fit in memory), each chunk
is clustered, and each of its clusters joins the nearest existing event if their
average-linkage distance is under the threshold. Average cosine similarity between two
groups of unit vectors is ``sum_a . sum_b / (n_a * n_b)``, so an event only needs its
vector sum and size to be compared exactly: that, its time span and its members are the
saved state (``EventIndex.save``/``load``) that lets a later run add articles to
yesterday's events without redoing the day. Only events whose time span comes within
the window of a chunk are compared with it, so cost grows linearly with the pile.

Marks (features.marks: the years each lead names as when the happening was, and the
weekdays it names) keep look-alike happenings apart. Two leads "clash" on a kind when both
name values of it and none in common (for years: none within one year of the other's).
Years count pair by pair: two articles whose years clash are as far apart as the time
window makes them (the same champion beating another opponent four years later), and a
group's year clashes add to its average distance as their share of its pairs. Weekdays
count as the evidence of the two groups: among the pairs of their members that both name a
weekday, the share that clash, added at up to ``MARK_PENALTY[1]`` (``_weekday_evidence``).
Most leads name no weekday, and one that names none says nothing about it: averaged over
all pairs, as years are, the few that do are drowned out, and two groups a day apart ("the
navy captured 23 pirates on Saturday", "a warship on Thursday foiled an attack") merge as
readily as one. That is a linkage scikit-learn's cannot express (its distance between
groups is a function of the pairwise distances alone), so ``_average_linkage`` is written
here; with no weekdays it is plain average linkage. An event keeps how many of its members
named each set of values, so both terms stay exact when a later chunk or run joins it.
"""

from __future__ import annotations

import base64
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

STATE_SCHEMA = "storycheck.events-state/1"
# Distance (1 - weighted cosine) under which groups merge; tuned on ECB+ topics 1-20 and
# the AllSides tune part (BENCHMARKS.md, Events).
DEFAULT_THRESHOLD = 0.7
DEFAULT_WINDOW_DAYS = 3.0
DEFAULT_CHUNK = 2000
_FAR = 4.0  # distance for pairs that may not share an event (max cosine distance is 2)
# The most the marks add to a distance: years (pair by pair: clashing leads are never one
# event), weekdays (groups whose weekday-naming pairs all clash); with WEEKDAY_PRIOR, tuned on
# ECB+ topics 1-20 and the AllSides tune part with the threshold (BENCHMARKS.md, Events).
MARK_PENALTY = (_FAR, 0.3)
# Weekday evidence counts as if every two groups also had this many pairs that agree: one
# pair's clash adds 0.3 / 11 (a lead's weekday is often the day before or after, or a
# background one), twenty pairs' clashes add 0.2.
WEEKDAY_PRIOR = 10.0
Marks = tuple[frozenset[str], ...]
MarkCounts = list[Counter]  # per kind of mark: {set of values named: members naming it}


@dataclass
class EventState:
    id: str
    sum: np.ndarray  # sum of member vectors
    n: int
    first: float = math.nan  # publication time span, days since the epoch (NaN: unknown)
    last: float = math.nan
    members: list[dict[str, Any]] = field(default_factory=list)  # article metadata (Article.meta())
    marks: MarkCounts = field(default_factory=lambda: [Counter() for _ in MARK_PENALTY])


@dataclass
class EventIndex:
    """Events found so far: what a later run needs to add articles to them."""

    threshold: float = DEFAULT_THRESHOLD
    window_days: float = DEFAULT_WINDOW_DAYS
    events: list[EventState] = field(default_factory=list)
    next_id: int = 1

    # ------------------------------------------------------------------ state file

    def save(self, path: str | Path) -> None:
        data = {
            "schema": STATE_SCHEMA,
            "threshold": self.threshold,
            "window_days": self.window_days,
            "next_id": self.next_id,
            "events": [
                {
                    "id": e.id,
                    "n": e.n,
                    "first": None if math.isnan(e.first) else e.first,
                    "last": None if math.isnan(e.last) else e.last,
                    "sum": base64.b64encode(e.sum.astype("<f4").tobytes()).decode("ascii"),
                    "articles": e.members,
                    "marks": [[[sorted(v), c] for v, c in kind.items()] for kind in e.marks],
                }
                for e in self.events
            ],
        }
        tmp = Path(str(path) + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # never leave a half-written state behind

    @classmethod
    def load(cls, path: str | Path) -> EventIndex:
        from ..errors import InputError

        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("schema") != STATE_SCHEMA:
                raise ValueError(f"schema is not {STATE_SCHEMA}")
            events = [
                EventState(
                    e["id"], np.frombuffer(base64.b64decode(e["sum"]), dtype="<f4").astype(np.float32),
                    int(e["n"]), math.nan if e["first"] is None else float(e["first"]),
                    math.nan if e["last"] is None else float(e["last"]), list(e["articles"]),
                    _load_marks(e.get("marks")),
                )
                for e in data["events"]
            ]  # fmt: skip
            return cls(float(data["threshold"]), float(data["window_days"]), events, int(data["next_id"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a readable events state file ({exc})") from exc

    def known_ids(self) -> set[str]:
        return {m["id"] for e in self.events for m in e.members}

    # -------------------------------------------------------------------- grouping

    def _new_event(self) -> EventState:
        e = EventState(f"e{self.next_id}", np.zeros(0, np.float32), 0)
        self.next_id += 1
        self.events.append(e)
        return e

    def add(
        self,
        vectors: np.ndarray,
        times: np.ndarray,
        metas: Sequence[dict[str, Any]],
        marks: Sequence[Marks] | None = None,
        chunk: int = DEFAULT_CHUNK,
    ) -> list[str]:
        """Assign each new article to an event (existing or new); returns event ids in input order.
        ``marks``: each article's ``features.marks`` (none: no marks)."""
        n = len(vectors)
        marks = list(marks) if marks is not None else [tuple(frozenset() for _ in MARK_PENALTY)] * n
        labels: list[str] = [""] * n
        dated = [i for i in range(n) if not math.isnan(times[i])]
        undated = [i for i in range(n) if math.isnan(times[i])]
        order = sorted(dated, key=lambda i: (times[i], i)) + undated
        for c in range(0, n, chunk):
            idx = order[c : c + chunk]
            found = self._cluster(vectors[idx], times[idx], [marks[i] for i in idx])
            clusters = [[idx[m] for m in members] for members in found]
            joined = self._join(clusters, vectors, times, marks)
            for rows, event in zip(clusters, joined):
                event = event or self._new_event()
                for r in rows:
                    labels[r] = event.id
                self._extend(event, vectors[rows], times[rows], [metas[r] for r in rows])
                for have, new in zip(event.marks, _count_marks([marks[r] for r in rows])):
                    have.update(new)
        return labels

    def _cluster(self, vecs: np.ndarray, t: np.ndarray, marks: Sequence[Marks]) -> list[list[int]]:
        """Clusters of one chunk, each a list of row numbers, in order of first member."""
        if len(vecs) == 1:
            return [[0]]
        dist = np.clip(1.0 - vecs.astype(np.float32) @ vecs.T.astype(np.float32), 0.0, 2.0).astype(np.float64)
        (year_clash, _), (day_clash, day_both) = _mark_conflicts(marks)
        dist += MARK_PENALTY[0] * year_clash
        del year_clash
        dist[self._apart(t, t)] = _FAR
        np.fill_diagonal(dist, 0.0)
        return _average_linkage(dist, day_clash, day_both, self.threshold)

    def _apart(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Pairs (a_i, b_j) published more than the window apart (unknown times never are)."""
        with np.errstate(invalid="ignore"):
            gap = np.abs(a[:, None] - b[None, :])
        return np.nan_to_num(gap, nan=0.0) > self.window_days

    def _join(
        self, clusters: list[list[int]], vectors: np.ndarray, times: np.ndarray, marks: Sequence[Marks]
    ) -> list[EventState | None]:
        """For each cluster of a chunk, the existing event nearest to it by average linkage,
        if under the threshold and inside the time window (as within a chunk)."""
        if not clusters or not self.events:
            return [None] * len(clusters)
        t = times[[r for rows in clusters for r in rows]]
        lo_all = np.nanmin(t) if not np.isnan(t).all() else math.nan
        # Only events that come within the window of this chunk can take its clusters: with
        # input in time order that is the last few days' events, whatever the pile's size.
        active = [e for e in self.events
                  if math.isnan(lo_all) or math.isnan(e.last) or e.last + self.window_days >= lo_all]  # fmt: skip
        if not active:
            return [None] * len(clusters)
        sums = np.stack([e.sum for e in active])
        sizes = np.array([e.n for e in active], dtype=np.float64)
        first = np.array([e.first for e in active])
        last = np.array([e.last for e in active])
        csum = np.stack([vectors[rows].astype(np.float32).sum(0) for rows in clusters])
        csize = np.array([len(rows) for rows in clusters], dtype=np.float64)
        dist = 1.0 - (csum @ sums.T) / (csize[:, None] * sizes[None, :])
        with np.errstate(all="ignore"):
            clo = np.array(
                [np.nanmin(times[rows]) if not np.isnan(times[rows]).all() else np.nan for rows in clusters]
            )
            chi = np.array(
                [np.nanmax(times[rows]) if not np.isnan(times[rows]).all() else np.nan for rows in clusters]
            )
            span = np.maximum(chi[:, None], last[None, :]) - np.minimum(clo[:, None], first[None, :])
        dist[np.nan_to_num(span, nan=0.0) > self.window_days] = _FAR
        out: list[EventState | None] = []
        for i, rows in enumerate(clusters):
            # marks only add distance: only events already under the threshold can take it
            near = np.flatnonzero(dist[i] < self.threshold)
            if not len(near):
                out.append(None)
                continue
            counts = _count_marks([marks[r] for r in rows])
            pen = [_mark_penalty(counts, len(rows), active[k].marks, active[k].n) for k in near]
            d = dist[i, near] + np.array(pen)
            k = int(d.argmin())
            out.append(active[int(near[k])] if d[k] < self.threshold else None)
        return out

    @staticmethod
    def _extend(event: EventState, vecs: np.ndarray, t: np.ndarray, metas: Sequence[dict[str, Any]]) -> None:
        vsum = vecs.astype(np.float32).sum(0)
        event.sum = vsum if event.n == 0 else event.sum + vsum
        event.n += len(vecs)
        if not np.isnan(t).all():
            event.first = (
                float(np.nanmin(t)) if math.isnan(event.first) else min(event.first, float(np.nanmin(t)))
            )
            event.last = (
                float(np.nanmax(t)) if math.isnan(event.last) else max(event.last, float(np.nanmax(t)))
            )
        event.members.extend(metas)


def _mark_conflicts(marks: Sequence[Marks]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per kind of mark, two (n, n) 0/1 matrices: the pairs that clash (both name values, none
    shared; years: none within a year, ``_near``) and the pairs that both name values."""
    n = len(marks)
    out = []
    for kind in range(len(MARK_PENALTY)):
        vocab: dict[str, int] = {}
        cells = [(i, vocab.setdefault(v, len(vocab))) for i, m in enumerate(marks) for v in m[kind]]
        if not cells:
            out.append((np.zeros((n, n), np.float32), np.zeros((n, n), np.float32)))
            continue
        near = [(i, vocab[v]) for i, m in enumerate(marks) for v in _near(kind, m[kind]) if v in vocab]
        named = np.zeros((n, len(vocab)), np.float32)
        close = np.zeros((n, len(vocab)), np.float32)
        named[tuple(zip(*cells))] = 1.0
        close[tuple(zip(*near))] = 1.0
        has = named.any(1)
        both = (has[:, None] & has[None, :]).astype(np.float32)
        out.append((((close @ named.T) == 0) * both, both))
    return out


def _weekday_evidence(clash: np.ndarray | float, both: np.ndarray | float) -> np.ndarray | float:
    """What two groups' weekdays add to their distance: the share of the pairs of their
    members that both name a weekday and clash, with WEEKDAY_PRIOR pairs that agree added
    (a few pairs are little evidence), times ``MARK_PENALTY[1]``."""
    return MARK_PENALTY[1] * clash / (both + WEEKDAY_PRIOR)


def _average_linkage(
    dist: np.ndarray, clash: np.ndarray, both: np.ndarray, threshold: float
) -> list[list[int]]:
    """Average-linkage clustering of n items: merge the two nearest groups until none are
    nearer than ``threshold``. The distance of two groups is the mean of ``dist`` over their
    member pairs plus ``_weekday_evidence`` of their weekday clashes (``clash``) among the
    pairs that both name a weekday (``both``); all three are sums over member pairs, so a
    merge adds two rows and two columns. Each group keeps its nearest other group, so a merge
    costs O(n) plus a full row for each group whose nearest was one of the two (few: about
    O(n^2) in all for n items). The matrices are summed in place. Returns the groups, each a sorted list
    of item numbers, in order of first member."""
    n = len(dist)
    size = np.ones(n)
    alive = np.ones(n, bool)
    members: list[list[int]] = [[i] for i in range(n)]

    def row(i: int) -> np.ndarray:
        d = dist[i] / (size[i] * size) + _weekday_evidence(clash[i], both[i])
        d[~alive] = np.inf
        d[i] = np.inf
        return d

    nearest = np.zeros(n, np.int64)
    low = np.zeros(n)
    for i in range(n):
        d = row(i)
        nearest[i] = int(d.argmin())
        low[i] = d[nearest[i]]
    while True:
        i = int(low.argmin())
        if not low[i] < threshold:
            break
        a, b = sorted((i, int(nearest[i])))
        for m in (dist, clash, both):
            m[a] += m[b]
            m[:, a] += m[:, b]
        size[a] += size[b]
        alive[b] = False
        low[b] = np.inf
        members[a] += members[b]
        members[b] = []
        # groups whose nearest was a or b: a's distance changed, b is gone; look again
        stale = np.flatnonzero(alive & ((nearest == a) | (nearest == b)))
        d = row(a)
        nearest[a] = int(d.argmin())
        low[a] = d[nearest[a]]
        closer = alive & (d < low)
        low[closer] = d[closer]
        nearest[closer] = a
        for r in stale:
            if r != a:
                dr = row(int(r))
                nearest[r] = int(dr.argmin())
                low[r] = dr[nearest[r]]
    return sorted((sorted(m) for m in members if m), key=lambda g: g[0])


def _near(kind: int, values: frozenset[str]) -> frozenset[str]:
    """Values that do not clash with ``values``: a year and the years either side of it (one
    happening spans new year, a season is "2012-13", the 2013 budget is passed in 2012);
    weekdays only themselves."""
    if kind != 0:
        return values
    return frozenset(str(int(y) + d) for y in values for d in (-1, 0, 1))


def _count_marks(marks: Sequence[Marks]) -> MarkCounts:
    return [Counter(m[kind] for m in marks if m[kind]) for kind in range(len(MARK_PENALTY))]


def _mark_penalty(a: MarkCounts, na: int, b: MarkCounts, nb: int) -> float:
    """The marks' part of the distance between two groups, as in ``_cluster``: years'
    clashes averaged over all pairs, weekdays' as ``_weekday_evidence``."""
    clash = [
        sum(x * y for s, x in a[kind].items() for t, y in b[kind].items() if not _near(kind, s) & t)
        for kind in range(len(MARK_PENALTY))
    ]
    both = sum(a[1].values()) * sum(b[1].values())
    return MARK_PENALTY[0] * clash[0] / (na * nb) + float(_weekday_evidence(clash[1], both))


def _load_marks(saved: Any) -> MarkCounts:
    """Marks from a state file (a state written before marks existed has none)."""
    counts: MarkCounts = [Counter() for _ in MARK_PENALTY]
    for kind, items in zip(counts, saved or []):
        for values, n in items:
            kind[frozenset(values)] += int(n)
    return counts
