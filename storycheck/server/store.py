"""SQLite store for checked reports, so ``/reports/{id}`` survives a restart.

One row per report: the report JSON (``storycheck.report/1``) plus the article text,
which the page and ``render_html`` need to lay the sentences back into the text.
A fresh connection per call keeps it safe to use from any thread.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    report TEXT NOT NULL,
    article_text TEXT NOT NULL
)
"""


class ReportStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # timeout: concurrent writers wait for the lock instead of failing at once.
        return sqlite3.connect(self.path, timeout=30)

    def save(self, report: dict[str, Any], article_text: str) -> str:
        """Store a report; returns its new id (random, so ids cannot be enumerated)."""
        rid = secrets.token_urlsafe(9)  # 12 URL-safe characters, no dots
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with closing(self._connect()) as con, con:
            con.execute(
                "INSERT INTO reports (id, created, report, article_text) VALUES (?, ?, ?, ?)",
                (rid, created, json.dumps(report, ensure_ascii=False), article_text),
            )
        return rid

    def get(self, rid: str) -> tuple[dict[str, Any], str] | None:
        """(report dict, article text), or None for an unknown id."""
        with closing(self._connect()) as con:
            row = con.execute("SELECT report, article_text FROM reports WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), row[1]

    def count(self) -> int:
        with closing(self._connect()) as con:
            return int(con.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
