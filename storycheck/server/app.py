"""FastAPI app: the page, the JSON API and the stored-report views.

Status codes (docs/SERVER.md): 400 bad input (empty, binary, bad base64, a URL that is
not http(s), does not resolve or points at a non-public address), 413 a body or
fetched document over its limit, 422 a body that does not fit the schema, 404 an
unknown report, 502 a URL whose server failed (HTTP error, connection refused),
504 a URL fetch that timed out. Every error body is ``{"error": "message"}`` (422 adds
``"detail"`` with pydantic's list of problems).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import html
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import (
    FetchError,
    FetchTimeoutError,
    InputError,
    LimitExceededError,
    StorycheckError,
)
from ..read import LIMITS, Limits, from_bytes, from_text
from ..types import Document
from .store import ReportStore

log = logging.getLogger("storycheck.server")

STATIC = Path(__file__).parent / "static"
MAX_SCORE_PAIRS = 32  # POST /api/score is for a small batch; the CLI handles big ones
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


# --------------------------------------------------------------------------- schema


class Source(BaseModel):
    """An article or a reference: exactly one of ``text``, ``url`` or ``data``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The text itself.")
    url: str | None = Field(
        None, description="An http(s) URL the server fetches (HTML is reduced to its main text)."
    )
    data: str | None = Field(
        None, description="A file's bytes, base64-encoded (what the page's upload sends)."
    )
    name: str | None = Field(
        None, max_length=300, description="Display name; defaults to the URL, file or 'reference N'."
    )
    media_type: str | None = Field(
        None, max_length=200, description="With `data`: the file's media type, if known."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Source:
        given = [k for k in ("text", "url", "data") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'url' or 'data'")
        return self


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: Source
    references: list[Source] = Field(default_factory=list)


class ScorePair(BaseModel):
    id: Any = None
    document: str | list[str]
    claim: str


class ScoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[ScorePair] = Field(..., min_length=1, max_length=MAX_SCORE_PAIRS)


# ----------------------------------------------------------------------- body limit


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
        await _error(413, f"request body is over the {self.max_body:,} byte limit")(scope, receive, send)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


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


# ------------------------------------------------------------------------------ app


def create_app(
    db: Path,
    allow_private_urls: bool = False,
    max_body: int = 5_000_000,
    engine: Any = None,
    fetch_timeout: float | None = None,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app. ``engine`` (a loaded ``storycheck.Engine``) is shared if given,
    else loaded at startup; ``fetch_timeout`` overrides the URL fetch time cap.

    ``routers`` are included as they are (e.g. the events pages). Their handlers reach
    the shared pieces through ``request.app.state``: ``engine`` (None until loaded),
    ``run_model(fn, *args)`` (await it: runs ``fn`` on the one model thread), ``store``
    (the ReportStore) and ``limits`` (read.Limits for fetching)."""
    from .. import __version__

    store = ReportStore(db)
    limits: Limits = (
        LIMITS if fetch_timeout is None else dataclasses.replace(LIMITS, fetch_timeout=fetch_timeout)
    )
    # One model thread: checks run off the event loop and queue behind each other
    # instead of contending for the 2-core CPU or the (not thread-safe) spaCy pipeline.
    model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storycheck-model")
    state: dict[str, Any] = {"engine": engine}

    async def in_model_thread(fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(model_thread, fn, *args)

    def load_engine() -> Any:
        from ..pipeline import Engine, check

        eng = state["engine"] or Engine.default()
        # One tiny check loads everything lazy (spaCy, garble models) before the first user waits.
        check("Warm-up sentence one.", ["Warm-up sentence one."], engine=eng)
        return eng

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        state["engine"] = app.state.engine = await in_model_thread(load_engine)
        log.info("models loaded (judge: %s)", getattr(state["engine"].judge, "name", "?"))
        yield
        model_thread.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="storycheck",
        version=__version__,
        description="Check a news article sentence by sentence against reference reports.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_body=max_body)
    app.state.run_model = in_model_thread
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
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        msg = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))
        detail = json.loads(json.dumps(errors, default=str))  # ctx may hold exceptions
        return _error(422, msg, detail=detail)

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        # Still JSON, so the page can show it; the traceback goes to the server log.
        log.exception("unhandled error", exc_info=exc)
        return _error(500, f"internal error: {type(exc).__name__}")

    @app.exception_handler(StorycheckError)
    async def _storycheck_error(_: Request, exc: StorycheckError) -> JSONResponse:
        return _error(_status_for(exc), str(exc))

    # ------------------------------------------------------------------ reading

    def _fetch(url: str) -> Document:
        from urllib.parse import urlsplit

        from ..read import _check_host, read_url

        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InputError(f"{url}: only http(s) URLs can be fetched")
        if not allow_private_urls:
            try:
                _check_host(parts.hostname, allow_private=False)
            except FetchError as exc:  # a refusal is the caller's bad input, not an upstream failure
                raise InputError(str(exc)) from exc
        return read_url(url, allow_private=allow_private_urls, limits=limits)

    async def _read(src: Source, default_name: str) -> Document:
        if src.url is not None:
            doc = await run_in_threadpool(_fetch, src.url.strip())
            return dataclasses.replace(doc, name=src.name) if src.name else doc
        if src.data is not None:
            try:
                raw = base64.b64decode(src.data, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise InputError(f"{src.name or default_name}: 'data' is not valid base64") from exc
            return await run_in_threadpool(from_bytes, raw, src.name or default_name, None, src.media_type)
        return from_text(src.text or "", src.name or default_name)

    def _with_text(report: dict[str, Any], article_text: str, include_text: bool) -> dict[str, Any]:
        return {**report, "article_text": article_text} if include_text else report

    def _load(rid: str) -> tuple[dict[str, Any], str]:
        found = store.get(rid)
        if found is None:
            raise StarletteHTTPException(404, f"no report with id {rid!r}")
        return found

    # ---------------------------------------------------------------------- API

    @app.get("/healthz", tags=["meta"])
    async def healthz() -> dict[str, Any]:
        eng = state["engine"]
        return {
            "status": "ok" if eng is not None else "loading",
            "judge": getattr(getattr(eng, "judge", None), "name", None),
            "version": __version__,
        }

    @app.post("/api/check", tags=["api"])
    async def api_check(
        body: CheckRequest,
        include_text: bool = Query(
            False, description="Also return the article text as read (the page uses it)."
        ),
    ) -> JSONResponse:
        """Check an article against references; returns the report JSON plus its `id`."""
        from ..pipeline import check

        if len(body.references) > LIMITS.max_references:
            raise LimitExceededError(
                f"{len(body.references)} references is over the limit of {LIMITS.max_references}"
            )
        docs = await asyncio.gather(
            _read(body.article, "article"),
            *(_read(r, f"reference {i + 1}") for i, r in enumerate(body.references)),
        )
        article, refs = docs[0], list(docs[1:])
        report = await in_model_thread(lambda: check(article, refs, engine=state["engine"]))
        data = report.to_dict()
        rid = await run_in_threadpool(store.save, data, article.text)
        return JSONResponse(_with_text({**data, "id": rid}, article.text, include_text))

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
        results = await in_model_thread(lambda: list(score_lines(lines, state["engine"])))
        return {"results": results}

    # -------------------------------------------------------------------- pages

    def page() -> FileResponse:
        # The page loads only its own script and style, so even a missed escape could not run
        # injected script (defence in depth; the page builds the DOM with textContent).
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=PAGE_HEADERS)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return page()

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


def error_page(status: int, message: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>storycheck: {status}</title>'
        f'<p>{html.escape(message)}</p><p><a href="/">Check a story</a></p></html>',
        status,
    )
