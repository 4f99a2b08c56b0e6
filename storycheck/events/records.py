"""Read a pile of articles: folders, files, URLs, JSONL or Parquet records -> ``Article``.

A record is ``{"id", "text" | "url", "source", "title", "published"}`` (all but text/url
optional). Every input goes through the same readers and limits as ``check()``; a bad
one becomes a ``Skipped`` entry with its error and the run goes on.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, LimitExceededError, NotEnglishError, StorycheckError
from ..read import LIMITS, detect_language, from_text, is_url, read_path, read_url
from ..types import Document

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".parquet")


class TextSpool:
    """Article texts in an unnamed temporary file instead of memory (gone when closed or
    collected). Grouping needs only each article's vector and marks; the text is read back
    for the few steps that need it (checking an event's articles, naming an event), so a
    pile of 100,000 articles does not hold 100,000 texts. What is read back is the text
    as read, exactly: offsets in the report index it."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._end = 0
        self._lock = threading.Lock()

    def put(self, text: str) -> tuple[int, int]:
        data = text.encode("utf-8", "surrogatepass")  # lone surrogates round-trip too
        with self._lock:
            at = self._end
            self._file.seek(at)
            self._file.write(data)
            self._end += len(data)
        return at, len(data)

    def get(self, at: int, size: int) -> str:
        with self._lock:
            self._file.flush()
            data = os.pread(self._file.fileno(), size, at)
        return data.decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class _Spooled:
    """Where a spooled article's text is, and the rest of its ``Document``."""

    spool: TextSpool
    at: int
    size: int
    chars: int
    name: str
    source: str | None
    media_type: str
    encoding: str | None


class _DocField:
    """``Article.doc``: the ``Document`` in memory, or read back from its spool."""

    def __get__(self, obj: Any, owner: Any = None) -> Document:
        if obj is None:
            raise AttributeError("doc")  # dataclass: a required field, no default
        held = obj.__dict__["_doc"]
        if isinstance(held, _Spooled):
            return Document(held.spool.get(held.at, held.size), held.name, held.source, held.media_type,
                            held.encoding)  # fmt: skip
        return held

    def __set__(self, obj: Any, value: Document) -> None:
        obj.__dict__["_doc"] = value


@dataclass
class Article:
    id: str  # record id, or the file name / URL
    doc: Document = _DocField()  # type: ignore[assignment]  # the text as read: every offset in the events report indexes doc.text
    source: str | None = None  # outlet
    title: str | None = None
    published: datetime | None = None  # timezone-aware (naive input is taken as UTC)
    order: int = 0  # position in the input, for stable output order
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self._held().name

    @property
    def chars(self) -> int:
        """Length of the text, without reading it back."""
        held = self._held()
        return held.chars if isinstance(held, _Spooled) else len(held.text)

    def _held(self) -> Document | _Spooled:
        return self.__dict__["_doc"]

    def spool(self, spool: TextSpool) -> None:
        """Move the text to ``spool``; ``doc`` reads it back when asked."""
        held = self._held()
        if isinstance(held, Document):
            at, size = spool.put(held.text)
            self.__dict__["_doc"] = _Spooled(spool, at, size, len(held.text), held.name, held.source,
                                             held.media_type, held.encoding)  # fmt: skip

    @property
    def outlet(self) -> str:
        """Who published it: the record's source, else the URL's host, else the article id."""
        if self.source:
            return self.source
        if self._held().source and is_url(self._held().source):
            from urllib.parse import urlsplit

            return (urlsplit(self._held().source).hostname or self.id).removeprefix("www.")
        return self.id

    def meta(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "name": self.name,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True)
class Skipped:
    id: str | None
    name: str | None
    error: str

    def to_dict(self) -> dict[str, str]:
        out = {"id": self.id} if self.id is not None else {"name": self.name or "?"}
        return {**out, "error": self.error}


def parse_published(value: Any) -> datetime | None:
    """ISO 8601 date or date-time (or a datetime/date, or epoch seconds) -> aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        dt = datetime.fromtimestamp(float(value), UTC)
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f'"published" is not an ISO 8601 date: {value[:40]!r}') from None
    else:
        raise InputError(f'"published" must be an ISO 8601 string, not {type(value).__name__}')
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _title_from_text(text: str) -> str | None:
    """A short first line without closing punctuation reads as a headline."""
    first = text.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first.split()) <= 25 and "\n" in text.strip() and not re.search(r"[.!?…:;,]$", first):
        return first
    return None


def _check_article(doc: Document, allow_non_english: bool) -> Document:
    """The limits and language rule ``check()`` applies to an article."""
    if len(doc.text) > LIMITS.max_article_chars:
        raise LimitExceededError(
            f"{doc.name}: {len(doc.text):,} characters is over the article limit of {LIMITS.max_article_chars:,}"
        )
    if not allow_non_english:
        lang, prob = detect_language(doc.text)
        if lang != "en" and prob >= 0.9:
            raise NotEnglishError(
                f"{doc.name}: the text looks like {lang}, not English; storycheck reads English only"
            )
    return doc


def _record(obj: Any, where: str, order: int, allow_private: bool, allow_non_english: bool) -> Article:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    rid = obj.get("id")
    if rid is not None and not isinstance(rid, str | int):
        raise InputError(f'{where}: "id" must be a string or a number')
    ident = str(rid) if rid is not None else where
    text, url = obj.get("text"), obj.get("url")
    if (text is None) == (url is None):
        raise InputError(f'{ident}: give exactly one of "text" or "url"')
    for key in ("source", "title"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(f'{ident}: "{key}" must be a string')
    try:
        published = parse_published(obj.get("published"))
    except InputError as exc:
        raise InputError(f"{ident}: {exc}") from None
    if text is not None:
        if not isinstance(text, str):
            raise InputError(f'{ident}: "text" must be a string')
        doc = from_text(text, ident)
    else:
        if not isinstance(url, str) or not is_url(url):
            raise InputError(f'{ident}: "url" must be an http(s) URL')
        doc = replace(read_url(url, allow_private=allow_private), name=ident)
    doc = _check_article(doc, allow_non_english)
    title = obj.get("title") or _title_from_text(doc.text)
    known = {"id", "text", "url", "source", "title", "published"}
    return Article(ident, doc, obj.get("source") or None, title, published, order,
                   {k: v for k, v in obj.items() if k not in known})  # fmt: skip


def _jsonl_objects(path: Path) -> Iterator[tuple[str, Any]]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                yield where, json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield where, InputError(f"{where}: invalid JSON ({getattr(exc, 'msg', exc)})")


def _parquet_objects(path: Path) -> Iterator[tuple[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(
            f'{path.name}: reading Parquet needs pyarrow (pip install "storycheck[ray]")'
        ) from exc
    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield f"{path.name}:{n}", row


def record_objects(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, record or exception) for each record of a .jsonl or .parquet file."""
    yield from (_parquet_objects(path) if path.suffix.lower() == ".parquet" else _jsonl_objects(path))


def _inputs(paths: Sequence[str | Path]) -> Iterator[tuple[str, str | Path]]:
    """("url" | "records" | "file" | "missing", item), folders expanded."""
    for p in paths:
        s = str(p)
        if is_url(s):
            yield "url", s
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.iterdir()):
                if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES + RECORD_SUFFIXES:
                    yield ("records" if f.suffix.lower() in RECORD_SUFFIXES else "file"), f
        elif path.suffix.lower() in RECORD_SUFFIXES and path.is_file():
            yield "records", path
        else:
            yield "file", path


def keep_article(art: Article, seen: set[str], skipped: list[Skipped]) -> bool:
    """Whether ``art`` is kept: numbered in input order (``order``: how many were kept
    before it) unless an earlier article had its id, then skipped with why. The one rule
    for every reader, local or Ray."""
    if art.id in seen:
        skipped.append(Skipped(art.id, None, f"{art.id}: duplicate id (the first one is kept)"))
        return False
    art.order = len(seen)
    seen.add(art.id)
    return True


def iter_articles(
    paths: Sequence[str | Path] = (),
    records: Iterable[dict[str, Any]] = (),
    *,
    skipped: list[Skipped],
    allow_private: bool = True,
    allow_non_english: bool = False,
) -> Iterator[Article]:
    """Each readable article in input order, read as it is asked for (a pile is never all
    in memory at once); what is skipped, with why, is appended to ``skipped``."""
    seen: set[str] = set()

    def read(make: Callable[[], Article], ident: str | None, name: str | None) -> Iterator[Article]:
        try:
            art = make()
        except StorycheckError as exc:
            skipped.append(Skipped(ident, name, str(exc)))
            return
        except OSError as exc:
            skipped.append(Skipped(ident, name, f"{name or ident}: {exc.strerror or exc}"))
            return
        if keep_article(art, seen, skipped):
            yield art

    def from_records(objs: Iterable[tuple[str, Any]]) -> Iterator[Article]:
        for where, obj in objs:
            if isinstance(obj, Exception):
                skipped.append(Skipped(None, where, str(obj)))
                continue
            rid = obj.get("id") if isinstance(obj, dict) else None
            yield from read(lambda obj=obj, where=where: _record(obj, where, 0, allow_private, allow_non_english),
                            str(rid) if rid is not None else None, where)  # fmt: skip

    for kind, item in _inputs(paths):
        if kind == "records":
            try:
                yield from from_records(record_objects(Path(item)))
            except (StorycheckError, OSError) as exc:
                skipped.append(Skipped(None, str(item), str(exc)))
        elif kind == "url":
            yield from read(lambda u=item: _as_article(read_url(str(u), allow_private=allow_private), str(u),
                                                       allow_non_english), str(item), None)  # fmt: skip
        else:
            name = Path(item).name
            yield from read(
                lambda p=item: _as_article(read_path(p), Path(p).name, allow_non_english), name, None
            )
    yield from from_records((f"record {i + 1}", r) for i, r in enumerate(records))


def read_articles(
    paths: Sequence[str | Path] = (),
    records: Iterable[dict[str, Any]] = (),
    *,
    allow_private: bool = True,
    allow_non_english: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Every readable article, in input order, and what was skipped (with why).

    ``paths``: folders (their .txt/.md/.html files and .jsonl/.parquet record files),
    files, URLs, .jsonl/.parquet files; ``records``: record dicts given directly.
    """
    skipped: list[Skipped] = []
    articles = list(iter_articles(paths, records, skipped=skipped, allow_private=allow_private,
                                  allow_non_english=allow_non_english))  # fmt: skip
    return articles, skipped


def _as_article(doc: Document, ident: str, allow_non_english: bool) -> Article:
    doc = _check_article(replace(doc, name=ident), allow_non_english)
    return Article(ident, doc, None, _title_from_text(doc.text))
