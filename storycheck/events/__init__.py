"""Many articles, many events: group a pile of coverage by event and compare outlets.

    import storycheck
    report = storycheck.events(["feed.jsonl", "extra/"], compare=True)
    print(report.to_json())

read (records.py, a batch at a time; texts then wait in a temporary file) -> embed title +
lead and note the years and weekdays it names (features.py) -> group (cluster.py, incremental
with a saved ``EventIndex``) -> check articles within each event against each other
(compare.py, the ordinary ``check()``) -> report (report.py, ``storycheck.events/1``;
render.py for text and standalone HTML). ``storycheck.events`` is both this package and
the function: calling the module runs ``events()``.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .cluster import DEFAULT_CHUNK, EventIndex
from .records import Article, Skipped, TextSpool, iter_articles, read_articles
from .report import SCHEMA, Event, EventsReport, _first_line

PathLike = str | Path
DESCRIBE_BATCH = 256  # articles read and embedded at a time (their texts then go to disk)


def group(
    articles: Sequence[Article],
    vectors: np.ndarray,
    index: EventIndex | None = None,
    chunk: int = DEFAULT_CHUNK,
    marks: Sequence[Any] | None = None,
) -> list[Event]:
    """Group read articles into events (added to ``index`` when given); biggest event first.
    ``marks``: ``features.marks`` of each article's lead (worked out here when not given)."""
    from .features import lead_text, times
    from .features import marks as lead_marks

    index = index if index is not None else EventIndex()
    before = {e.id: len(e.members) for e in index.events}
    if marks is None:
        marks = [lead_marks(lead_text(a)) for a in articles]
    labels = index.add(vectors, times(articles), [a.meta() for a in articles], marks, chunk=chunk)
    rows: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        rows.setdefault(lab, []).append(i)
    state = {e.id: e for e in index.events}
    out = []
    for eid, idx in rows.items():
        members = [articles[i] for i in idx]
        # the title of the article nearest the event's centre names it
        centre = vectors[idx].astype(np.float32).sum(0)
        title_of = max(
            idx, key=lambda i: (articles[i].title is not None, float(vectors[i].astype(np.float32) @ centre))
        )
        earlier = state[eid].members[: before.get(eid, 0)]
        # no headline anywhere (plain-text wires): the central article's first line names it
        title = articles[title_of].title or _first_sentence(articles[title_of].doc.text)
        out.append(Event(eid, members, title, earlier))
    out.sort(key=lambda e: (-(len(e.articles) + len(e.earlier)), int(e.id[1:]) if e.id[1:].isdigit() else 0))
    return out


def _first_sentence(text: str) -> str:
    from ..split import split_sentences

    sents = split_sentences(text[:2000])
    return _first_line(sents[0].text if sents else text)


def events(
    paths: PathLike | Sequence[PathLike] = (),
    *,
    records: Iterable[dict[str, Any]] = (),
    compare: bool = True,
    state: EventIndex | PathLike | None = None,
    engine: Any = None,
    options: Any = None,
    references: int = 3,
    threshold: float | None = None,
    window_days: float | None = None,
    allow_private: bool = True,
    allow_non_english: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
    backend: str = "local",
    address: str | None = None,
    actors: int = 1,
    keep_reports: bool = False,
    keep_text: bool = False,
) -> EventsReport:
    """Read a pile of articles, group it into events and (``compare``) check each event's
    articles against each other.

    ``paths``: folders, files, URLs, .jsonl/.parquet record files; ``records``: record
    dicts (``{"id", "text" | "url", "source", "title", "published"}``). A bad input is
    reported in ``skipped``, never raised. ``state``: an ``EventIndex`` or a state file
    (read if it exists, written back): new articles join the events found before.
    ``references``: how many other articles each article is checked against.
    ``on_progress(stage, done, total)`` is called as checks finish (local backend).
    ``backend="ray"``: reading, embedding and checking run in ``actors`` Ray actors per
    stage (Ray at ``address``, or started here); the report is the same as the local one.
    Each event is summarised as soon as it is compared and its check reports dropped, so
    memory does not grow with every sentence of the pile; ``keep_reports=True`` keeps them
    (``event.comparison.reports``, article id -> ``Report``). Articles are read and
    embedded a batch at a time and their texts kept in a temporary file, read back when an
    event is checked or named; ``keep_text=True`` keeps them in memory instead (same report).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if backend not in ("local", "ray"):
        raise ValueError(f"backend must be 'local' or 'ray', not {backend!r}")
    ray = backend == "ray"
    state_path = None
    if isinstance(state, str | Path):
        state_path = Path(state)
        index = EventIndex.load(state_path) if state_path.exists() else EventIndex()
    else:
        index = state if state is not None else EventIndex()
    if threshold is not None:
        index.threshold = threshold
    if window_days is not None:
        index.window_days = window_days
    known = index.known_ids()
    spool = None if keep_text else TextSpool()
    if compare and engine is None and not ray:
        from ..pipeline import Engine

        engine = Engine.default()
    again: list[Skipped] = []  # articles a saved state already holds, reported after the read errors
    if ray:
        from . import distributed

        distributed.init(address, actors=actors)
        arts, skipped, all_vectors, all_marks = distributed.read_and_embed(
            paths,
            list(records),
            allow_private=allow_private,
            allow_non_english=allow_non_english,
            actors=actors,
            spool=spool,
        )
        keep = [i for i, a in enumerate(arts) if not _known(a, known, again)]
        arts = [arts[i] for i in keep]
        vectors = all_vectors[keep] if keep else np.zeros((0, 1), np.float16)
        marks = [all_marks[i] for i in keep]
    else:
        skipped = []
        stream = iter_articles(paths, records, skipped=skipped, allow_private=allow_private,
                               allow_non_english=allow_non_english)  # fmt: skip
        arts, vectors, marks = _describe_stream(
            (a for a in stream if not _known(a, known, again)),
            engine.embedder if engine is not None else None,
            spool,
        )
    skipped.extend(again)
    for i, a in enumerate(arts):
        a.order = i
    found = group(arts, vectors, index, marks=marks) if arts else []
    if state_path is not None:
        index.save(state_path)
    support_t, contra_t = 0.5, 0.5
    if compare and ray:
        from ..judge import default_judge

        judge = default_judge()  # the thresholds only; the actors judge
        support_t, contra_t = judge.support_threshold, judge.contradiction_threshold
        distributed.compare_events(
            found, arts, vectors, references=references, options=options, actors=actors
        )
        for e in found if not keep_reports else ():
            if e.comparison is not None:
                e.release(support_t, contra_t)
    elif compare and engine is not None:
        from .compare import compare_event

        support_t, contra_t = engine.judge.support_threshold, engine.judge.contradiction_threshold
        pos = {a.id: i for i, a in enumerate(arts)}
        total = sum(len(e.articles) for e in found if len(e.articles) > 1)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if on_progress:
                on_progress("check", done, total)

        for e in found:
            if len(e.articles) > 1:
                vecs = vectors[[pos[a.id] for a in e.articles]]
                e.comparison = compare_event(e.articles, vecs, engine, options, k=references, on_check=tick)
                if not keep_reports:
                    e.release(support_t, contra_t)
    return EventsReport(found, skipped, support_t, contra_t)


def _known(article: Article, known: set[str], skipped: list[Skipped]) -> bool:
    if article.id in known:
        skipped.append(Skipped(article.id, None, f"{article.id}: already in the saved events (same id)"))
        return True
    return False


def _describe_stream(
    articles: Iterable[Article], embedder: Any, spool: TextSpool | None, batch: int = DESCRIBE_BATCH
) -> tuple[list[Article], np.ndarray, list[Any]]:
    """Vectors (float16: grouping gives the same events, at half the memory) and marks of
    each article, ``batch`` at a time as they are read; each batch's texts then go to
    ``spool`` (none: stay in memory), so at most one batch of texts is held."""
    from .features import DIMS, describe

    arts: list[Article] = []
    chunks: list[np.ndarray] = []
    marks: list[Any] = []
    pending: list[Article] = []

    def flush() -> None:
        # embedder None: describe() takes the process-wide default_embedder (cached, loaded once)
        vecs, found = describe(pending, embedder)
        chunks.append(vecs.astype(np.float16))
        marks.extend(found)
        for a in pending if spool is not None else ():
            a.spool(spool)
        arts.extend(pending)
        pending.clear()

    for a in articles:
        pending.append(a)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return arts, (np.concatenate(chunks) if chunks else np.zeros((0, DIMS), np.float16)), marks


class _CallableModule(types.ModuleType):
    """``storycheck.events(...)`` calls ``events()`` while ``storycheck.events`` stays the package."""

    def __call__(self, *args: Any, **kwargs: Any) -> EventsReport:
        return events(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["events", "group", "read_articles", "Article", "Event", "EventIndex", "EventsReport",
           "Skipped", "SCHEMA"]  # fmt: skip
