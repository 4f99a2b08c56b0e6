"""The events view of the web app: ``GET /events`` (the page), ``POST /api/events`` (group
records into events and compare them, like ``storycheck events``), and the stored result
as one standalone HTML page per event (``/events/{id}.html``) or JSON (``/events/{id}.json``).

Plugged into the app with ``create_app(routers=[events_router()])``; handlers reach the
loaded engine and the one model thread through ``request.app.state``.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

MAX_RECORDS = 200  # a browser's pile; bigger ones go through the CLI
STATIC = Path(__file__).parent / "static"
REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}


class EventRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | int | None = None
    text: str | None = Field(None, description="The article text.")
    url: str | None = Field(None, description="An http(s) URL the server fetches (public addresses only).")
    source: str | None = Field(None, max_length=300, description="The outlet.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=64, description="ISO 8601 date or date-time.")


class EventsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[EventRecord] = Field(..., min_length=1, max_length=MAX_RECORDS)
    compare: bool = Field(True, description="Check articles within each event (false: group only).")
    references: int = Field(3, ge=1, le=10, description="Other articles each article is checked against.")


class EventsStore:
    """Events reports in the app's SQLite file (their own table)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with closing(sqlite3.connect(self.path, timeout=30)) as con, con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS events_reports (id TEXT PRIMARY KEY, created TEXT, report TEXT)"
            )

    def save(self, report: dict[str, Any]) -> str:
        rid = secrets.token_urlsafe(9)
        with closing(sqlite3.connect(self.path, timeout=30)) as con, con:
            con.execute("INSERT INTO events_reports VALUES (?, ?, ?)",
                        (rid, datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(report, ensure_ascii=False)))  # fmt: skip
        return rid

    def get(self, rid: str) -> dict[str, Any] | None:
        with closing(sqlite3.connect(self.path, timeout=30)) as con:
            row = con.execute("SELECT report FROM events_reports WHERE id = ?", (rid,)).fetchone()
        return json.loads(row[0]) if row else None


def events_router() -> APIRouter:
    router = APIRouter()
    stores: dict[Path, EventsStore] = {}

    def store(request: Request) -> EventsStore:
        path = Path(request.app.state.store.path)
        if path not in stores:
            stores[path] = EventsStore(path)
        return stores[path]

    def load(request: Request, rid: str) -> dict[str, Any]:
        found = store(request).get(rid)
        if found is None:
            raise StarletteHTTPException(404, f"no events report with id {rid!r}")
        return found

    @router.get("/events", include_in_schema=False)
    async def events_page() -> FileResponse:
        return FileResponse(STATIC / "events.html", media_type="text/html",
                            headers={"Content-Security-Policy": "default-src 'self'; object-src 'none'; "
                                     "base-uri 'none'; frame-ancestors 'none'", "X-Content-Type-Options": "nosniff"})  # fmt: skip

    @router.post("/api/events", tags=["api"])
    async def api_events(body: EventsRequest, request: Request) -> JSONResponse:
        """Group records into events and compare each event's coverage, like `storycheck
        events`: returns the `storycheck.events/1` report plus its `id` (bad records are
        listed in `skipped`; URLs must point at public addresses)."""
        from ..events import events

        records = [r.model_dump(exclude_none=True) for r in body.records]
        state = request.app.state

        def run() -> dict[str, Any]:
            return events(records=records, compare=body.compare, references=body.references,
                          engine=state.engine, allow_private=False).to_dict()  # fmt: skip

        report = await state.run_model(run)
        rid = await run_in_threadpool(store(request).save, report)
        return JSONResponse({**report, "id": rid})

    @router.get("/events/{rid}.html", include_in_schema=False)
    async def events_html(rid: str, request: Request) -> HTMLResponse:
        from ..events.render import render_html

        report = await run_in_threadpool(load, request, rid)
        return HTMLResponse(render_html(report), headers=REPORT_HEADERS)

    @router.get("/events/{rid}.json", include_in_schema=False)
    async def events_json(rid: str, request: Request) -> JSONResponse:
        report = await run_in_threadpool(load, request, rid)
        return JSONResponse({**report, "id": rid})

    return router
