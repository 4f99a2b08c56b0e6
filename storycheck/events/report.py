"""The events report: JSON schema ``storycheck.events/1`` (README "Events"), text and HTML.

    {"schema": "storycheck.events/1",
     "events": [{"id", "title", "first", "last", "outlets", "articles": [{"id", "source", "name",
                 "title", "published", "chars", "earlier", "checked_against", "summary"}],
                 "compared", "common", "single", "disagreements", "garbled", "timeline", "errors"}],
     "skipped": [{"id" or "name", "error"}],
     "summary": {"articles", "events", "skipped", "compared_events"}}

Spans (``start``/``end``/``text`` with an ``article`` id) index that article's text as read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .compare import Comparison, summarise
from .records import Article, Skipped

SCHEMA = "storycheck.events/1"
_NOT_DATED = datetime.max.replace(tzinfo=UTC)


@dataclass
class Event:
    id: str
    articles: list[Article]  # read in this run
    title: str | None = None
    earlier: list[dict[str, Any]] = field(default_factory=list)  # members from a saved state (metadata only)
    comparison: Comparison | None = None
    _summary: dict[str, Any] | None = field(default=None, repr=False)

    def release(self, support_threshold: float, contradiction_threshold: float) -> None:
        """Summarise now and drop the check reports (a big pile would hold them all)."""
        self._summary = self.to_dict(support_threshold, contradiction_threshold)
        if self.comparison is not None:
            self.comparison.reports.clear()

    @property
    def outlets(self) -> list[str]:
        seen: dict[str, None] = {}
        for a in sorted(self.articles, key=lambda a: (a.published or _NOT_DATED, a.order)):
            seen.setdefault(a.outlet)
        for m in self.earlier:
            seen.setdefault(m.get("source") or m["id"])
        return list(seen)

    def to_dict(self, support_threshold: float = 0.5, contradiction_threshold: float = 0.5) -> dict[str, Any]:
        if self._summary is not None:
            return self._summary
        comp = self.comparison
        dated = [a.published for a in self.articles if a.published]
        arts = []
        for m in self.earlier:
            arts.append({**m, "chars": None, "earlier": True, "checked_against": [], "summary": None})
        for a in sorted(self.articles, key=lambda a: a.order):
            rep = comp.reports.get(a.id) if comp else None
            arts.append({**a.meta(), "chars": a.chars, "earlier": False,
                         "checked_against": comp.references.get(a.id, []) if comp else [],
                         "summary": rep.summary if rep else None})  # fmt: skip
        timeline = [
            {"published": a.published.isoformat() if a.published else None, "article": a.id,
             "outlet": a.outlet, "title": a.title or _first_line(a.doc.text)}
            for a in sorted(self.articles, key=lambda a: (a.published or _NOT_DATED, a.order))
        ]  # fmt: skip
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "first": min(dated).isoformat() if dated else None,
            "last": max(dated).isoformat() if dated else None,
            "outlets": self.outlets,
            "articles": arts,
            "compared": bool(comp and comp.reports),
        }
        parts = (
            summarise(self.articles, comp, support_threshold, contradiction_threshold)
            if comp and comp.reports
            else {"common": [], "single": [], "disagreements": [], "garbled": []}
        )
        out.update(parts)
        out["timeline"] = timeline
        out["errors"] = [{"article": k, "error": v} for k, v in (comp.errors.items() if comp else ())]
        return out


def _first_line(text: str, n: int = 120) -> str:
    line = " ".join(text.strip().split("\n", 1)[0].split())
    return line if len(line) <= n else line[: n - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class EventsReport:
    events: list[Event]
    skipped: list[Skipped]
    support_threshold: float = 0.5
    contradiction_threshold: float = 0.5
    _dict: dict[str, Any] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        if self._dict is None:
            events = [e.to_dict(self.support_threshold, self.contradiction_threshold) for e in self.events]
            self._dict = {
                "schema": SCHEMA,
                "events": events,
                "skipped": [s.to_dict() for s in self.skipped],
                "summary": {
                    "articles": sum(len(e.articles) for e in self.events),
                    "events": len(self.events),
                    "skipped": len(self.skipped),
                    "compared_events": sum(1 for e in events if e["compared"]),
                },
            }
        return self._dict

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        from .render import render_html

        return render_html(self.to_dict())

    def to_text(self, width: int = 100, color: bool = False) -> str:
        from .render import render_text

        return render_text(self.to_dict(), width=width, color=color)
