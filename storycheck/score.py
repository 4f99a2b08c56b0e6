"""Batch scoring: ``{"id", "document", "claim"}`` JSONL in, ``{"id", "support",
"contradiction", "verdict"}`` JSONL out, in input order, streaming (memory flat in
input size).

A multi-sentence claim is supported only if every sentence is (support = min over
sentences), and contradicted if any sentence is (contradiction = max). Long documents
are indexed whole and the best passages retrieved per claim sentence, so nothing is cut.
A malformed line yields an output line with an ``error`` field; the run goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import StorycheckError
from .pipeline import Engine, Options, embed_and_index, judge_claims
from .read import from_text
from .split import split_sentences
from .types import Verdict


@dataclass(frozen=True)
class Score:
    support: float
    contradiction: float
    verdict: Verdict


def score_pair(
    document: str | list[str], claim: str, engine: Engine, options: Options | None = None
) -> Score:
    options = options or Options(garble=False, omissions=False)
    docs = [document] if isinstance(document, str) else list(document)
    refs = [from_text(d, f"document {i + 1}") for i, d in enumerate(docs) if d and d.strip()]
    claim_doc = from_text(claim, "claim")
    claims = split_sentences(claim_doc.text)
    ref_sents = [split_sentences(r.text) for r in refs]
    cvecs, _, index = embed_and_index(claims, refs, ref_sents, engine.embedder)
    results = judge_claims(claims, cvecs, index, refs, engine, options)
    support = min(r.support for r in results)
    contradiction = max(r.contradiction for r in results)
    verdicts = {r.verdict for r in results}
    verdict: Verdict = (
        "contradicted" if "contradicted" in verdicts
        else "supported" if verdicts == {"supported"} else "unverified"
    )  # fmt: skip
    return Score(support, contradiction, verdict)


def _parse(line: str) -> tuple[Any, str | list[str], str]:
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("line is not a JSON object")
    return obj.get("id"), obj.get("document"), obj.get("claim")


def _validate(doc: Any, claim: Any) -> tuple[str | list[str], str]:
    if not (isinstance(doc, str) or (isinstance(doc, list) and all(isinstance(d, str) for d in doc))):
        raise ValueError('"document" must be a string or a list of strings')
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError('"claim" must be a non-empty string')
    return doc, claim


def _record(n: int, line: str, engine: Engine) -> dict[str, Any]:
    ident: Any = None
    try:
        ident, doc, claim = _parse(line)
        s = score_pair(*_validate(doc, claim), engine)
        return {"id": ident, "support": round(s.support, 4),
                "contradiction": round(s.contradiction, 4), "verdict": s.verdict}  # fmt: skip
    except (ValueError, StorycheckError) as exc:
        msg = (
            f"line {n}: {exc}"
            if not isinstance(exc, json.JSONDecodeError)
            else f"line {n}: invalid JSON ({exc.msg})"
        )
        return {"id": ident, "error": msg}


def score_lines(lines: Iterable[str], engine: Engine, workers: int | None = None) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in order.

    A line has only a few pairs, too few to keep every core busy, so ``workers`` lines
    (default: one per core, as the model pool) are scored at once on threads; the models
    run outside the GIL. At most 2 x workers lines are in flight, so memory stays flat, and
    a line's scores do not depend on the lines beside it (tests/test_determinism.py).
    """
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    from .judge import workers as default_workers

    todo = ((n, line) for n, line in enumerate(lines, 1) if line.strip())
    w = workers or default_workers()
    if w == 1:
        for n, line in todo:
            yield _record(n, line, engine)
        return
    ex = ThreadPoolExecutor(w, thread_name_prefix="storycheck-score")
    window: deque[Future[dict[str, Any]]] = deque()
    try:
        for n, line in todo:
            window.append(ex.submit(_record, n, line, engine))
            if len(window) >= 2 * w:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def completed_lines(out_path: Path) -> int:
    """Lines already written by an earlier run; drops a trailing half-written line."""
    if not out_path.exists():
        return 0
    data = out_path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep != len(data):  # a crash mid-write: cut the partial line
        with out_path.open("r+b") as fh:
            fh.truncate(keep)
    return data[:keep].count(b"\n")


def write_record(out: TextIO, record: dict[str, Any], sync: bool = False) -> None:
    # One write per line, flushed (and synced for output files), so a kill never
    # leaves half a line behind; completed_lines() drops one if the OS did.
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    if sync:
        os.fsync(out.fileno())


class ParquetRecords:
    """Score records to a Parquet file (pyarrow), in order, a row group per 1,000 records.
    Columns: id (as text), support, contradiction, verdict, error."""

    SIZE = 1000

    def __init__(self, path: Path) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise StorycheckError('Parquet output needs pyarrow: pip install "storycheck[ray]"') from exc
        self._pa = pa
        self._schema = pa.schema([("id", pa.string()), ("support", pa.float64()), ("contradiction", pa.float64()),
                                  ("verdict", pa.string()), ("error", pa.string())])  # fmt: skip
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._rows: list[dict[str, Any]] = []

    def write(self, record: dict[str, Any]) -> None:
        ident = record.get("id")
        self._rows.append({**{k: record.get(k) for k in ("support", "contradiction", "verdict", "error")},
                           "id": None if ident is None else ident if isinstance(ident, str) else json.dumps(ident)})  # fmt: skip
        if len(self._rows) >= self.SIZE:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
