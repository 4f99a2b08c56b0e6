"""Web page and JSON API over ``check()`` (issue 5). See docs/SERVER.md."""

from __future__ import annotations

import os
from pathlib import Path

from .app import DEFAULT_MAX_BODY, create_app

DEFAULT_DB = Path("storycheck-reports.sqlite3")


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    db: Path | None = None,
    allow_private_urls: bool = False,
    max_body: int = DEFAULT_MAX_BODY,
) -> None:
    """Serve until interrupted. ``db`` falls back to $STORYCHECK_DB, then ./storycheck-reports.sqlite3."""
    import uvicorn

    if db is None:
        db = Path(os.environ.get("STORYCHECK_DB") or DEFAULT_DB)
    from .events import events_router

    app = create_app(db, allow_private_urls=allow_private_urls, max_body=max_body, routers=[events_router()])
    print(
        f"storycheck: reports in {db.resolve()}; serving on http://{host}:{port}/ "
        "(models load in the background: /healthz says when they are ready; checks wait for them)"
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["create_app", "run", "DEFAULT_DB"]
