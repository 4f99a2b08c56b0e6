"""Quotation marks opened and never closed."""

from __future__ import annotations

import re

from ..types import Flag
from .base import Context, detector, flag


@detector("quotes", assigns=["truncated"])
def unclosed_quotes(ctx: Context) -> list[Flag]:
    text, sentences = ctx.text, ctx.sentences
    """A double quote opened and not closed by the end of its paragraph, unless the
    next paragraph reopens it (the convention for quotes running over paragraphs)."""
    flags: list[Flag] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for li, (a, b) in enumerate(lines):
        open_at: int | None = None
        bad: list[int] = []
        for k in range(a, b):
            c = text[k]
            if c == "“":
                if open_at is not None:
                    bad.append(open_at)
                open_at = k
            elif c == "”":
                open_at = None
            elif c == '"':
                before = text[k - 1] if k > a else " "
                after = text[k + 1] if k + 1 < b else " "
                opener = (before.isspace() or before in "([—–-") and not after.isspace()
                if open_at is not None:
                    open_at = None
                elif opener:
                    open_at = k
                # a closer-shaped quote with nothing open: its opener is elsewhere
        if open_at is not None:
            nxt = text[lines[li + 1][0] : lines[li + 1][1]].lstrip() if li + 1 < len(lines) else ""
            if not nxt.startswith(("“", '"')):
                bad.append(open_at)
        for q in bad:
            sent = next((s for s in sentences if s.start <= q < s.end), None)
            end = sent.end if sent else b
            flags.append(
                flag(
                    "truncated",
                    text,
                    q,
                    end,
                    "A quotation opens here and is never closed: text may be missing",
                )
            )
    return flags
