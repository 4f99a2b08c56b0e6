"""FastAPI app: the page, the JSON API and the stored-report views.

Status codes (docs/SERVER.md): 400 bad input (empty, binary, bad base64, a URL that is
not http(s), does not resolve or points at a non-public address), 413 a body or
fetched document over its limit, 422 a body that does not fit the schema (bad JSON,
text that is not valid Unicode), 404 an unknown report, 502 a URL whose server failed
(HTTP error, connection refused), 503 models not loaded yet (``/healthz`` only; checks
wait), 504 a URL fetch that timed out. Every error body is ``{"error": "message"}``,
plus ``"field"`` (which input is at fault, e.g. ``references.1.url``) when one is, and
(422) ``"detail"`` with pydantic's list of problems.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import functools
import html
import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import (
    FetchError,
    FetchTimeoutError,
    InputError,
    LimitExceededError,
    ModelError,
    NotEnglishError,
    StorycheckError,
)
from ..read import LIMITS, Limits, from_bytes, from_text
from ..types import Document
from .store import ReportStore

log = logging.getLogger("storycheck.server")

STATIC = Path(__file__).parent / "static"
MAX_SCORE_PAIRS = 32  # POST /api/score is for a small batch; the CLI handles big ones
DEFAULT_MAX_BODY = 32_000_000  # a 10 MB file (the read limit) plus texts, with room to spare
T = TypeVar("T")
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
# The standalone report inlines its script and style (it must work as a single saved
# file) but needs nothing from anywhere else.
REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(value: str | None) -> str | None:
    # JSON can carry "\ud800", which is not text: the tokenizer and UTF-8 encoders fail on it.
    if value is not None and (m := _SURROGATE.search(value)):
        raise ValueError(
            f"contains a lone surrogate (U+{ord(m.group()):04X}) at character {m.start()}, "
            "which is not valid Unicode text"
        )
    return value


# Query parameters shared by the two check endpoints (module level: FastAPI resolves
# string annotations against the module).
TicketQuery = Annotated[
    str | None,
    Query(
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Any string the caller picks, to follow this check at GET /api/queue/{ticket}.",
    ),
]
IncludeText = Annotated[bool, Query(description="Also return the article text as read (the page uses it).")]


# --------------------------------------------------------------------------- schema


class Source(BaseModel):
    """An article or a reference: exactly one of ``text``, ``url``, ``data`` or ``file``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The text itself.")
    url: str | None = Field(
        None, description="An http(s) URL the server fetches (HTML is reduced to its main text)."
    )
    data: str | None = Field(None, description="A file's bytes, base64-encoded.")
    file: str | None = Field(
        None,
        max_length=100,
        description="Only with POST /api/check/files: the name of the multipart part holding the file.",
    )
    name: str | None = Field(
        None, max_length=300, description="Display name; defaults to the URL, file or 'reference N'."
    )
    media_type: str | None = Field(
        None, max_length=200, description="With `data` or `file`: the file's media type, if known."
    )

    _unicode = field_validator("text", "url", "data", "file", "name", "media_type")(_valid_unicode)

    @model_validator(mode="after")
    def _exactly_one(self) -> Source:
        given = [k for k in ("text", "url", "data", "file") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'url', 'data' or 'file'")
        return self


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: Source
    references: list[Source] = Field(default_factory=list)
    allow_non_english: bool = Field(
        False, description="Check text that is not English anyway (results are unreliable)."
    )


class ScorePair(BaseModel):
    id: Any = None
    document: Annotated[str, Field(min_length=1)] | Annotated[list[str], Field(min_length=1)]
    claim: str

    @field_validator("document")
    @classmethod
    def _document_text(cls, v: str | list[str]) -> str | list[str]:
        for part in [v] if isinstance(v, str) else v:
            _valid_unicode(part)
        return v

    _claim = field_validator("claim")(_valid_unicode)


class ScoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[ScorePair] = Field(..., min_length=1, max_length=MAX_SCORE_PAIRS)


# ------------------------------------------------------------------- middleware


class HeadAsGet:
    """Answer HEAD like GET without the body (monitors and link checkers send HEAD)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(msg: Message) -> None:
            if msg["type"] == "http.response.body":
                if not msg.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(msg)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyLimit:
    """Refuse request bodies over ``max_body`` bytes with 413.

    Checks Content-Length first, then counts the bytes actually received, since a
    chunked upload has no length and a client may lie about it. The body is buffered
    (it is at most ``max_body``) and replayed to the app.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                n = int(length)
            except ValueError:
                await _error(400, "bad Content-Length header")(scope, receive, send)
                return
            if n > self.max_body:
                await self._too_large(scope, receive, send)
                return
        body = bytearray()
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body.extend(msg.get("body", b""))
            if len(body) > self.max_body:
                await self._too_large(scope, receive, send)
                return
            if not msg.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.max_body / 1_000_000
        await _error(
            413,
            f"request body is over the {self.max_body:,} byte limit ({mb:g} MB; the server's --max-body-mb)",
        )(scope, receive, send)


def _clean(obj: Any) -> Any:
    """JSON-safe copy: lone surrogates become U+FFFD (they cannot be encoded as UTF-8)."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, dict):
        return {_clean(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if obj is None or isinstance(obj, bool | int | float):
        return obj
    return _clean(str(obj))


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    extra = {k: v for k, v in extra.items() if v is not None}
    return JSONResponse(_clean({"error": message, **extra}), status_code=status)


def _status_for(exc: StorycheckError) -> int:
    if isinstance(exc, FetchTimeoutError):
        return 504
    if isinstance(exc, FetchError):
        return 502  # the URL was acceptable but its server failed us (refusals are 400, see _read)
    if isinstance(exc, LimitExceededError):
        return 413
    if isinstance(exc, InputError):
        return 400
    return 500  # ModelError and the like: our fault, not the caller's


def _blame(exc: StorycheckError, field: str) -> StorycheckError:
    """Tag an error with the input at fault (the page moves focus there)."""
    if getattr(exc, "field", None) is None:
        exc.field = field  # type: ignore[attr-defined]
    return exc


# Warm-up texts (made up): names, numbers, dates, a quote, a repeated word and a sentence
# the reference lacks, so every stage and lazy model is loaded before the first user waits.
WARM_ARTICLE = (
    "Harbor council approves new ferry\n\n"
    "The Harbor council voted 7-2 on Tuesday to buy a second ferry for $4.5 million. "
    "Mayor Dana Whitfield said \u201cthe crossing is full every morning.\u201d "
    "The ferry will carry 120 passengers and enter service in March. "
    "Residents residents had asked asked for more crossings for years."
)
WARM_REFERENCE = (
    "The Harbor council voted 7-2 on Monday to buy a second ferry for $4.5 million. "
    "\u201cThe crossing is full every morning,\u201d Mayor Dana Whitfield said. "
    "The new boat will carry 150 passengers from April. "
    "The old ferry, built in 1988, will be kept as a spare."
)


def warm_up(engine: Any) -> None:
    """Run one realistic check so lazy loads happen now, not in the first user's check."""
    from ..pipeline import check

    check(WARM_ARTICLE, [WARM_REFERENCE], engine=engine)


# ------------------------------------------------------------------------------ app


def create_app(
    db: Path,
    allow_private_urls: bool = False,
    max_body: int = DEFAULT_MAX_BODY,
    engine: Any = None,
    fetch_timeout: float | None = None,
    routers: Sequence[APIRouter] = (),
    load: Callable[[], Any] | None = None,
) -> FastAPI:
    """Build the app. ``engine`` (a loaded ``storycheck.Engine``) is shared if given;
    else ``load()`` (default: ``Engine.default()`` plus a warm-up check) runs in the
    background at startup, ``/healthz`` answers 503 until it is done and checks wait
    for it. ``fetch_timeout`` overrides the URL fetch time cap.

    ``routers`` are included as they are (e.g. the events pages). Their handlers reach
    the shared pieces through ``request.app.state``: ``engine`` (None until loaded; or
    ``await request.app.state.get_engine()``), ``run_model(fn, *args)`` (await it: runs
    ``fn`` on the one model thread), ``store`` (the ReportStore) and ``limits``
    (read.Limits for fetching)."""
    from fastapi_offline import FastAPIOffline

    from .. import __version__

    store = ReportStore(db)
    limits: Limits = (
        LIMITS if fetch_timeout is None else dataclasses.replace(LIMITS, fetch_timeout=fetch_timeout)
    )
    # One model thread: checks run off the event loop and queue behind each other
    # instead of contending for the 2-core CPU or the (not thread-safe) spaCy pipeline.
    model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storycheck-model")
    state: dict[str, Any] = {"engine": engine, "load": None, "load_error": None}
    # The queue, for "waiting for another check": jobs are numbered as they are
    # submitted and run in that order on the one thread.
    queue = {"submitted": 0, "started": 0}
    queue_lock = threading.Lock()
    tickets: dict[str, int] = {}  # ticket from the page -> its job number
    arrived: set[str] = set()  # tickets of checks still reading their sources or waiting for the models

    async def in_model_thread(fn: Callable[..., T], *args: Any, ticket: str | None = None) -> T:
        with queue_lock:
            job = queue["submitted"]
            queue["submitted"] += 1
        if ticket:
            tickets[ticket] = job

        def run() -> T:
            with queue_lock:
                queue["started"] += 1
            return fn(*args)

        try:
            return await asyncio.get_running_loop().run_in_executor(model_thread, run)
        finally:
            if ticket:
                tickets.pop(ticket, None)

    def default_load() -> Any:
        from ..pipeline import Engine

        eng = Engine.default()
        warm_up(eng)
        return eng

    def load_and_publish() -> Any:
        # Published from the model thread itself, so any job queued after the load (they
        # run in order on that thread) finds request.app.state.engine set.
        eng = (load or default_load)()
        state["engine"] = app.state.engine = eng
        return eng

    async def get_engine() -> Any:
        """The loaded engine; waits for the startup load if it is still running."""
        if state["engine"] is None:
            if state["load"] is None:  # no lifespan (a bare ASGI call): load now
                state["load"] = asyncio.ensure_future(in_model_thread(load_and_publish))
            try:
                state["engine"] = app.state.engine = await asyncio.shield(state["load"])
            except StorycheckError:
                raise
            except Exception as exc:
                raise ModelError(f"the models failed to load: {type(exc).__name__}: {exc}") from exc
        return state["engine"]

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        if state["engine"] is None:
            # Load in the background: the server answers at once (/healthz says "loading")
            # and the first check waits for the models instead of paying for them itself.
            state["load"] = asyncio.ensure_future(in_model_thread(load_and_publish))

            def loaded(fut: asyncio.Future) -> None:
                if fut.cancelled():
                    return
                if fut.exception() is not None:
                    state["load_error"] = f"{type(fut.exception()).__name__}: {fut.exception()}"
                    log.error("models failed to load: %s", state["load_error"])
                else:
                    state["engine"] = app.state.engine = fut.result()
                    log.info("models loaded and warm (judge: %s)", getattr(fut.result().judge, "name", "?"))

            state["load"].add_done_callback(loaded)
        yield
        model_thread.shutdown(wait=False, cancel_futures=True)

    app = FastAPIOffline(
        redoc_url=None,  # our own /redoc below: the bundled ReDoc fetches a logo from its CDN
        title="storycheck",
        version=__version__,
        description="Check a news article sentence by sentence against reference reports.",
        lifespan=lifespan,
        favicon_url="/favicon.ico",
        # No "validator" badge: it would load an image from validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(HeadAsGet)  # outermost: HEAD reaches the rest as GET
    app.state.run_model = in_model_thread
    app.state.get_engine = get_engine
    app.state.store = store
    app.state.limits = limits
    app.state.engine = engine

    # ------------------------------------------------------------ error handlers

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _schema_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p != "body"]
        # pydantic names union members in the location ("str", "list[str]"): not fields.
        loc = [p for p in loc if not re.fullmatch(r"str|int|bool|float|constrained-.*|function-.*|.*\[.*", p)]
        where = ".".join(loc)
        if first.get("type") == "json_invalid":
            ctx = first.get("ctx") or {}
            msg = f"the request body is not valid JSON ({ctx.get('error', 'decode error')})"
            where = ""
        else:
            text = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
            msg = f"{where}: {text}" if where else text
        # Echoing the input back could be the whole article (or bad Unicode): leave it out.
        detail = [{k: v for k, v in e.items() if k not in ("input", "ctx", "url")} for e in errors]
        return _error(422, msg, field=where or None, detail=_clean(detail))

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        # Still JSON, so the page can show it; the traceback goes to the server log.
        log.exception("unhandled error", exc_info=exc)
        return _error(500, f"internal error: {type(exc).__name__}")

    @app.exception_handler(StorycheckError)
    async def _storycheck_error(_: Request, exc: StorycheckError) -> JSONResponse:
        msg, field = str(exc), getattr(exc, "field", None)
        if isinstance(exc, NotEnglishError):
            # The core's hint names no surface; say where the option is here.
            msg = re.sub(r"\s*\(allow non-English[^)]*\)", "", msg).rstrip(".;, ")
            msg += (
                ". To check it anyway, tick \u201cCheck non-English text anyway\u201d"
                ' (API: "allow_non_english": true); results for non-English text are unreliable.'
            )
            field = "allow_non_english"
        return _error(_status_for(exc), msg, field=field)

    # ------------------------------------------------------------------ reading

    def _fetch(url: str, label: str) -> Document:
        from urllib.parse import urlsplit

        from ..read import _check_host, read_url

        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            if not parts.scheme and re.match(r"[\w-]+(\.[\w-]+)+(/|$)", url):
                raise InputError(f"{label}: \u201c{url}\u201d has no http:// or https:// at the start; "
                                 f"did you mean https://{url} ?")  # fmt: skip
            raise InputError(f"{label}: \u201c{url}\u201d is not a web address the server can fetch "
                             "(only http:// and https:// links; upload a file instead)")  # fmt: skip
        if not allow_private_urls:
            try:
                _check_host(parts.hostname, allow_private=False)
            except FetchError as exc:  # a refusal is the caller's bad input, not an upstream failure
                if "not public" in str(exc):
                    raise InputError(
                        f"{label}: the server does not fetch {parts.hostname}: it is a private or local "
                        "address. Paste the text or upload the file instead (or start the server with "
                        "--allow-private-urls)."
                    ) from exc
                raise InputError(
                    f"{label}: cannot find the site {parts.hostname} (the name does not resolve); "
                    "check the address, or paste the text instead"
                ) from exc
        try:
            return read_url(url, allow_private=allow_private_urls, limits=limits)
        except FetchTimeoutError as exc:
            raise FetchTimeoutError(
                f"{label}: {parts.hostname} did not answer within {limits.fetch_timeout:g} s; "
                "try again later, or paste the text instead"
            ) from exc
        except FetchError as exc:
            text = str(exc)
            if "refused" in text.lower():
                text = f"{parts.hostname} refused the connection"
            elif text.startswith(url):
                text = text[len(url) :].lstrip(": ")
            raise FetchError(f"{label}: could not fetch {url}: {text}. Paste the text instead.") from exc

    async def _read(src: Source, field: str, label: str, files: dict[str, UploadFile]) -> Document:
        default_name = label.lower() if label.startswith("Reference") else "article"
        try:
            if src.url is not None:
                doc = await run_in_threadpool(_fetch, src.url.strip(), label)
                return dataclasses.replace(doc, name=src.name) if src.name else doc
            if src.data is not None:
                try:
                    raw = base64.b64decode(src.data, validate=True)
                except (binascii.Error, ValueError) as exc:
                    raise InputError(f"{label}: 'data' is not valid base64") from exc
                name = src.name or default_name
                return await run_in_threadpool(from_bytes, raw, name, None, src.media_type)
            if src.file is not None:
                up = files.get(src.file)
                if up is None:
                    if not files:
                        raise InputError(f"{label}: 'file' needs POST /api/check/files (multipart)")
                    raise InputError(f"{label}: no file part named {src.file!r} in the upload")
                raw = await up.read(limits.max_bytes + 1)
                name = src.name or up.filename or default_name
                return await run_in_threadpool(from_bytes, raw, name, None, src.media_type or up.content_type)
            return from_text(src.text or "", src.name or default_name)
        except StorycheckError as exc:
            kind = next(k for k in ("url", "data", "file", "text") if getattr(src, k) is not None)
            raise _blame(exc, f"{field}.{kind}") from None

    def _with_text(report: dict[str, Any], article_text: str, include_text: bool) -> dict[str, Any]:
        return {**report, "article_text": article_text} if include_text else report

    def _load(rid: str) -> tuple[dict[str, Any], str]:
        found = store.get(rid)
        if found is None:
            raise StarletteHTTPException(404, f"no report with id {rid!r}")
        return found

    async def run_check(
        body: CheckRequest, files: dict[str, UploadFile], include_text: bool, ticket: str | None
    ) -> JSONResponse:
        if ticket:
            arrived.add(ticket)
        try:
            return await _run_check(body, files, include_text, ticket)
        finally:
            arrived.discard(ticket or "")

    async def _run_check(
        body: CheckRequest, files: dict[str, UploadFile], include_text: bool, ticket: str | None
    ) -> JSONResponse:
        from ..pipeline import Options, check

        if len(body.references) > LIMITS.max_references:
            raise LimitExceededError(
                f"{len(body.references)} references is over the limit of {LIMITS.max_references}"
            )
        docs = await asyncio.gather(
            _read(body.article, "article", "Article", files),
            *(
                _read(r, f"references.{i}", f"Reference {i + 1}", files)
                for i, r in enumerate(body.references)
            ),
        )
        article, refs = docs[0], list(docs[1:])
        eng = await get_engine()
        options = Options(allow_non_english=body.allow_non_english)
        report = await in_model_thread(
            lambda: check(article, refs, engine=eng, options=options), ticket=ticket
        )
        data = report.to_dict()
        rid = await run_in_threadpool(store.save, data, article.text)
        out = {**data, "id": rid}
        if report.warnings:
            out["warnings"] = list(report.warnings)
        return JSONResponse(_with_text(out, article.text, include_text))

    # ---------------------------------------------------------------------- API

    @app.get("/healthz", tags=["meta"], responses={503: {"description": "models still loading"}})
    async def healthz() -> JSONResponse:
        """Ready (200) once the models are loaded and warmed; 503 while they load."""
        eng = state["engine"]
        body = {
            "status": "ok" if eng is not None else ("error" if state["load_error"] else "loading"),
            "judge": getattr(getattr(eng, "judge", None), "name", None),
            "version": __version__,
            "waiting": max(0, queue["submitted"] - queue["started"]),
        }
        if eng is None:
            body["detail"] = state["load_error"] or "loading and warming the models; checks wait until ready"
        return JSONResponse(body, status_code=200 if eng is not None else 503)

    @app.post("/api/check", tags=["api"])
    async def api_check(body: CheckRequest, include_text: IncludeText = False, ticket: TicketQuery = None) -> JSONResponse:  # fmt: skip
        """Check an article against references; returns the report JSON plus its `id`."""
        return await run_check(body, {}, include_text, ticket)

    @app.post(
        "/api/check/files",
        tags=["api"],
        openapi_extra={
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["request"],
                            "properties": {
                                "request": {
                                    "type": "string",
                                    "description": "The CheckRequest JSON; sources may say "
                                    '{"file": "<part name>"}',
                                },
                                "file0": {"type": "string", "format": "binary"},
                            },
                        }
                    }
                },
                "required": True,
            }
        },
    )
    async def api_check_files(request: Request, include_text: IncludeText = False, ticket: TicketQuery = None) -> JSONResponse:  # fmt: skip
        """Like POST /api/check, as multipart/form-data: a `request` part holds the JSON,
        and each source `{"file": "<part>"}` names a file part (what the page's upload
        sends; no base64, so a 10 MB file is a 10 MB upload)."""
        try:
            form = await request.form(
                max_files=LIMITS.max_references + 1, max_fields=10, max_part_size=max_body
            )
        except Exception as exc:  # python-multipart/starlette parse errors
            raise InputError(f"the upload is not valid multipart/form-data ({exc})") from exc
        raw = form.get("request")
        if not isinstance(raw, str):
            raise InputError("the upload has no 'request' part holding the check's JSON")
        try:
            body = CheckRequest.model_validate_json(raw)
        except Exception as exc:
            from pydantic import ValidationError

            if isinstance(exc, ValidationError):
                raise RequestValidationError(exc.errors()) from exc
            raise
        files = {k: v for k, v in form.multi_items() if isinstance(v, UploadFile)}
        try:
            return await run_check(body, files, include_text, ticket)
        finally:
            await form.close()

    @app.get("/api/queue/{ticket}", tags=["api"])
    async def api_queue(ticket: str) -> dict[str, Any]:
        """Where a check sent with `?ticket=` stands: `reading` (its sources), `loading`
        (waiting for the models), `waiting` (`ahead` checks before it), `running`, or
        `unknown` (not arrived yet, or finished)."""
        job = tickets.get(ticket)
        if job is None:
            if ticket in arrived:  # reading its sources, or waiting for the models to load
                return {"state": "loading" if state["engine"] is None else "reading", "ahead": 0}
            return {"state": "unknown", "ahead": 0}
        if state["engine"] is None:
            return {"state": "loading", "ahead": job - queue["started"] + 1}
        ahead = job - queue["started"] + 1
        return {"state": "waiting", "ahead": ahead} if ahead > 0 else {"state": "running", "ahead": 0}

    @app.get("/api/reports/{rid}", tags=["api"])
    async def api_report(rid: str, include_text: bool = Query(False)) -> JSONResponse:
        """A stored report (404 if unknown)."""
        data, text = await run_in_threadpool(_load, rid)
        return JSONResponse(_with_text({**data, "id": rid}, text, include_text))

    @app.post("/api/score", tags=["api"])
    async def api_score(body: ScoreRequest) -> dict[str, Any]:
        """Score up to 32 (document, claim) pairs, like `storycheck score`: one result per
        pair, in order; a bad pair gets an `error` field instead of scores."""
        from ..score import score_lines

        lines = [json.dumps(p.model_dump(), ensure_ascii=False) for p in body.pairs]
        eng = await get_engine()
        results = await in_model_thread(lambda: list(score_lines(lines, eng)))
        return {"results": results}

    # -------------------------------------------------------------------- pages

    def page() -> FileResponse:
        # The page loads only its own script and style, so even a missed escape could not run
        # injected script (defence in depth; the page builds the DOM with textContent).
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=PAGE_HEADERS)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return page()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        from fastapi.openapi.docs import get_redoc_html

        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - ReDoc",
            redoc_js_url="/docs-assets/redoc.standalone.js",
            redoc_favicon_url="/favicon.ico",
            with_google_fonts=False,
        )

    @app.get("/docs-assets/redoc.standalone.js", include_in_schema=False)
    async def redoc_js() -> Response:
        return Response(_redoc_bundle(), media_type="application/javascript")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> FileResponse:
        path = STATIC / name
        # Only the few files that ship in static/, never a path outside it.
        if "/" in name or name.startswith(".") or not path.is_file():
            raise StarletteHTTPException(404, "not found")
        return FileResponse(path)

    # The suffixed routes come first: "{rid}" alone would also match "abc.html".
    @app.get("/reports/{rid}.html", include_in_schema=False)
    async def report_html(rid: str) -> HTMLResponse:
        from ..render import render_html

        data, text = await run_in_threadpool(_load, rid)
        return HTMLResponse(render_html(data, text), headers=REPORT_HEADERS)

    @app.get("/reports/{rid}.json", include_in_schema=False)
    async def report_json(rid: str) -> JSONResponse:
        data, _ = await run_in_threadpool(_load, rid)
        return JSONResponse({**data, "id": rid})

    @app.get("/reports/{rid}", include_in_schema=False)
    async def report_page(rid: str, format: str | None = None) -> Response:
        if format == "html":
            return await report_html(rid)
        if format == "json":
            return await report_json(rid)
        if format is not None:
            raise StarletteHTTPException(400, "format must be 'html' or 'json'")
        if await run_in_threadpool(store.get, rid) is None:  # a 404 page, not an empty app
            return error_page(404, f"No report with id {rid!r}. Reports are kept in the server's database.")
        return page()

    for router in routers:
        app.include_router(router)
    return app


@functools.cache
def _redoc_bundle() -> bytes:
    """fastapi-offline's ReDoc bundle without its one outside request: the "API docs by
    Redocly" footer loads a logo from cdn.redoc.ly; an empty inline SVG takes its place."""
    import fastapi_offline

    js = (Path(fastapi_offline.__file__).parent / "static" / "redoc.standalone.js").read_bytes()
    return js.replace(
        b"https://cdn.redoc.ly/redoc/logo-mini.svg",
        b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
    )


def error_page(status: int, message: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>storycheck: {status}</title>'
        f'<p>{html.escape(message)}</p><p><a href="/">Check a story</a></p></html>',
        status,
    )
