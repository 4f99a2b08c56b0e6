"""The same jobs on Ray Data (``pip install "storycheck[ray]"``), for piles that outgrow
one machine: ``storycheck events ... --engine ray`` and ``storycheck score ... --engine ray``.

JSONL and Parquet inputs are read with ``ray.data`` (``read_text`` / ``read_parquet``);
records are parsed, read (URLs fetched, limits and language applied) and embedded in an
actor pool, and the checks of ``events`` and the pairs of ``score`` run in an actor pool
too: ``map_batches`` with a class, so each actor loads the models once. Results come back
in input order (``preserve_order``) and the driver writes them in the local engine's
format: ``events`` groups on the driver (the clustering needs every vector at once; it is
linear in the pile, see cluster.py) and builds the same ``storycheck.events/1`` report;
``score`` writes the same JSONL, line for line. With no address Ray starts locally.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..errors import StorycheckError
from .records import RECORD_SUFFIXES, Article, Skipped, TextSpool, _inputs, _record, keep_article
from .report import Event

_WHERE = "\x00where\x00"  # stands for "file:line" until the driver knows the line number
BATCH = 16


def init(address: str | None = None, num_cpus: int | None = None, actors: int = 1) -> None:
    """Connect to a Ray cluster (``address``) or start Ray on this machine, with room for
    ``actors`` actors per stage."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise StorycheckError('--engine ray needs Ray: pip install "storycheck[ray]"') from exc
    if not ray.is_initialized():
        # Locally, one logical CPU more than the actors or the machine's cores: each actor
        # holds one, and a full pool would otherwise leave none for the read tasks that feed
        # it (a deadlock: --actors 4 on 2 cores hung). More actors than cores share them.
        cpus = None if address else max(num_cpus or os.cpu_count() or 1, actors) + 1
        ray.init(address=address, num_cpus=cpus, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING, ignore_reinit_error=True)  # fmt: skip
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # output in input order, like the local engine
    ctx.enable_progress_bars = False


@contextmanager
def output_stream() -> Iterator[TextIO]:
    """For a command whose stdout is its output (a JSON report, JSONL lines): yields the
    real stdout to write that output to; meanwhile anything else printed to ``sys.stdout``
    goes to stderr. Why: Ray's driver prints what the raylet publishes (``(raylet)``
    warnings, e.g. under heavy load) to ``sys.stdout`` from a background thread, whatever
    ``log_to_driver`` says, and such a line in the middle of the JSON breaks ``| jq``.
    A Ray started (or joined) inside is shut down on the way out, still redirected, so
    that thread has stopped before stdout is given back and nothing follows the output."""
    try:
        import ray

        running_before = ray.is_initialized()
    except ImportError:  # init says how to install it
        running_before = True
    out = sys.stdout
    with redirect_stdout(sys.stderr):
        try:
            yield out
        finally:
            if not running_before and ray.is_initialized():
                ray.shutdown()


# ------------------------------------------------------------------------ reading


class _ReadEmbed:
    """Actor: parse and read records, embed title + lead. Loads the embedder once."""

    def __init__(self, allow_private: bool, allow_non_english: bool) -> None:
        from ..evidence import default_embedder

        self.embedder = default_embedder()
        self.allow_private, self.allow_non_english = allow_private, allow_non_english

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list]:
        from .features import describe

        results: list[dict[str, Any]] = []
        arts: list[Article] = []
        for payload in batch["payload"]:
            out: dict[str, Any] = {}
            try:
                if not str(payload).strip():
                    out["blank"] = True
                else:
                    try:
                        obj = json.loads(payload)
                    except json.JSONDecodeError as exc:
                        raise StorycheckError(f"{_WHERE}: invalid JSON ({exc.msg})") from None
                    rid = obj.get("id") if isinstance(obj, dict) else None
                    out["id"] = str(rid) if rid is not None else None
                    art = _record(obj, _WHERE, 0, self.allow_private, self.allow_non_english)
                    out["article"] = art
                    arts.append(art)
            except StorycheckError as exc:
                out["error"] = str(exc)
            results.append(out)
        vecs, marks = describe(arts, self.embedder) if arts else (np.zeros((0, 1), np.float16), [])
        it = zip(vecs.astype(np.float16), marks)
        blobs = [pickle.dumps({**r, "described": next(it) if "article" in r else None}) for r in results]
        return {"result": blobs}


def _payloads(path: Path) -> tuple[Any, list[str]]:
    """A Ray dataset of {"payload": JSON text} for one record file, and each row's "file:line"."""
    import ray.data

    if path.suffix.lower() == ".parquet":
        ds = ray.data.read_parquet(str(path))
        ds = ds.map(lambda row: {"payload": json.dumps(row, default=str, ensure_ascii=False)})
        wheres = [f"{path.name}:{n}" for n in range(1, ds.count() + 1)]
        return ds, wheres
    # read_text drops empty lines: keep the numbers of the lines it returns
    wheres = []
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if raw.rstrip(b"\n"):
                wheres.append(f"{path.name}:{n}")
    # the line's newline back, so a broken line reads (and errs) exactly as the local reader's
    ds = ray.data.read_text(str(path)).map(lambda row: {"payload": row["text"] + "\n"})
    return ds, wheres


def read_and_embed(
    paths: Sequence[str | Path], records: Sequence[dict[str, Any]], *, allow_private: bool,
    allow_non_english: bool, actors: int, spool: TextSpool | None = None,
) -> tuple[list[Article], list[Skipped], np.ndarray, list[Any]]:  # fmt: skip
    """What ``read_articles`` + ``features.describe`` give (vectors as float16), with the work
    in Ray actors. Each article's text goes to ``spool`` as it arrives (none: kept in memory)."""
    import ray.data

    from .records import read_articles

    parts: list[tuple[Any, list[str] | None, list[Article], list[Skipped]]] = []
    for kind, item in _inputs(paths):
        if kind == "records":
            try:
                ds, wheres = _payloads(Path(item))
                parts.append((ds, wheres, [], []))
            except (OSError, StorycheckError) as exc:
                parts.append((None, None, [], [Skipped(None, str(item), str(exc))]))
        else:  # single files and URLs: read on the driver, embedded with the rest
            arts, skipped = read_articles(
                [item], allow_private=allow_private, allow_non_english=allow_non_english
            )
            parts.append((None, None, arts, skipped))
    if records:
        ds = ray.data.from_items(
            [{"payload": json.dumps(r, default=str, ensure_ascii=False)} for r in records]
        )
        parts.append((ds, [f"record {i + 1}" for i in range(len(records))], [], []))

    articles: list[Article] = []
    skipped: list[Skipped] = []
    described: list[tuple[np.ndarray, Any] | None] = []  # (float16 vector, marks)
    seen: set[str] = set()
    driver_read: list[Article] = []

    def add(art: Article, found: tuple[np.ndarray, Any] | None) -> None:
        if not keep_article(art, seen, skipped):
            return
        articles.append(art)
        described.append(found)
        if found is None:
            driver_read.append(art)  # described (then spooled) below
        elif spool is not None:
            art.spool(spool)

    for ds, wheres, arts, skips in parts:
        skipped.extend(skips)
        for a in arts:
            add(a, None)
        if ds is None:
            continue
        out = ds.map_batches(_ReadEmbed, fn_constructor_args=(allow_private, allow_non_english),
                             batch_size=BATCH, concurrency=actors, batch_format="numpy")  # fmt: skip
        for where, row in zip(wheres, out.iter_rows()):
            r = pickle.loads(row["result"])
            if r.get("blank"):
                continue
            if "error" in r:
                ident = r.get("id")
                skipped.append(Skipped(ident, None if ident else where, r["error"].replace(_WHERE, where)))
                continue
            art: Article = r["article"]
            if art.id == _WHERE:  # a record without an id is named by its place
                from dataclasses import replace

                art.id = where
                art.doc = replace(art.doc, name=where)
            add(art, r["described"])
    if driver_read:  # files and URLs given directly: embed their (few) leads here
        from .features import describe

        vecs, marks = describe(driver_read)
        done = zip(vecs.astype(np.float16), marks)
        described = [d if d is not None else next(done) for d in described]
        for a in driver_read if spool is not None else ():
            a.spool(spool)
    mat = np.stack([d[0] for d in described]) if described else np.zeros((0, 1), np.float16)
    return articles, skipped, mat, [d[1] for d in described]


# ------------------------------------------------------------------------ checking


class _Check:
    """Actor: the full engine, loaded once; checks an article against its references."""

    def __init__(self, options: Any) -> None:
        from ..pipeline import Engine

        self.engine = Engine.default()
        self.options = options

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list]:
        from ..pipeline import Options, check

        out = []
        for blob in batch["task"]:
            article, refs = pickle.loads(blob)
            try:
                rep = check(
                    article, refs, engine=self.engine, options=self.options or Options(omissions=False)
                )
                out.append(pickle.dumps(("ok", rep)))
            except StorycheckError as exc:
                out.append(pickle.dumps(("error", str(exc))))
        return {"result": out}


def compare_events(
    found: Sequence[Event], articles: Sequence[Article], vectors: np.ndarray, *, references: int,
    options: Any, actors: int,
) -> None:  # fmt: skip
    """Fill each multi-article event's ``comparison``, the checks run in Ray actors."""
    import ray.data

    from .compare import Comparison, choose_references

    pos = {a.id: i for i, a in enumerate(articles)}
    tasks: list[tuple[Event, str]] = []
    blobs = []
    for e in found:
        if len(e.articles) < 2:
            continue
        e.comparison = Comparison()
        chosen = choose_references(e.articles, vectors[[pos[a.id] for a in e.articles]], references)
        for a, refs in zip(e.articles, chosen):
            e.comparison.references[a.id] = [e.articles[j].id for j in refs]
            tasks.append((e, a.id))
            blobs.append(pickle.dumps((a.doc, [e.articles[j].doc for j in refs])))  # texts read back
    if not tasks:
        return
    out = ray.data.from_items([{"task": b} for b in blobs]).map_batches(
        _Check, fn_constructor_args=(options,), batch_size=1, concurrency=actors, batch_format="numpy"
    )
    for (e, aid), row in zip(tasks, out.iter_rows()):
        status, value = pickle.loads(row["result"])
        if status == "ok":
            e.comparison.reports[aid] = value
        else:
            e.comparison.errors[aid] = value


# -------------------------------------------------------------------------- score


class _Score:
    """Actor: ``score_lines`` over a batch of JSONL lines, the engine loaded once."""

    def __init__(self) -> None:
        from ..pipeline import Engine

        self.engine = Engine.default()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list]:
        from ..score import score_lines

        lines = [str(x) for x in batch["text"]]
        recs = list(score_lines(lines, self.engine))
        return {"record": [json.dumps(r, ensure_ascii=False) for r in recs]}


def score_records(path: Path, actors: int) -> Iterator[dict[str, Any]]:
    """``score_lines`` over a JSONL file on Ray: one record per non-blank line, in order."""
    import ray.data

    ds = ray.data.read_text(str(path)).filter(lambda row: bool(row["text"].strip()))
    out = ds.map_batches(_Score, batch_size=BATCH, concurrency=actors, batch_format="numpy")
    for n, row in enumerate(out.iter_rows(), 1):
        rec = json.loads(row["record"])
        if "error" in rec:  # the actor numbered lines within its batch; renumber in the file
            rec["error"] = re.sub(r"^line \d+: ", f"line {n}: ", rec["error"])
        yield rec


__all__ = ["init", "output_stream", "read_and_embed", "compare_events", "score_records", "RECORD_SUFFIXES"]
