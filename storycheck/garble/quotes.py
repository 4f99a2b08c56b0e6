"""``unbalanced_quote``: a quotation mark opened and never closed, or closed and never opened."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Flag, Sentence
from .base import Context, detector, flag


@detector("quotes", assigns=["unbalanced_quote"])
def unbalanced_quotes(ctx: Context) -> list[Flag]:
    return _scan(ctx.text, ctx.sentences)[0]


def quote_open_at_end(text: str) -> int | None:
    """Where the quotation still open at the end of the text opens, or None: the text
    stops inside a quote, which is how a crawl or an excerpt cuts an article off (an
    AllSides lead of six sentences ending in the middle of a speech). That is no garble
    of the writer's; the pipeline says once that the text looks cut off."""
    return _scan(text, ())[1]


def _scan(text: str, sentences: Sequence[Sentence]) -> tuple[list[Flag], int | None]:
    """Per paragraph (text between blank lines; a single line break may just end a
    sentence or a line): a double quote opened and not closed by the paragraph's end,
    unless the next paragraph reopens it (the convention for quotes running over
    paragraphs); a curly closing quote with nothing open and no quote running on from the
    paragraph before. Straight closing quotes with nothing open are left alone: ``"`` also
    serves as an inch or ditto mark, and its opener may have been lost to scraping."""
    flags: list[Flag] = []
    at_end: int | None = None
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    running = False  # a quote runs on from the line before, reopened on this one
    open_at: int | None = None
    for li, (a, b) in enumerate(lines):
        unclosed: list[int] = []
        stray: list[int] = []
        for k in range(a, b):
            c = text[k]
            if c == "“":
                if open_at is not None and not running:
                    unclosed.append(open_at)
                open_at = k
                running = False
            elif c == "”":
                if open_at is None and not running:
                    stray.append(k)
                open_at = None
                running = False
            elif c == '"':
                before = text[k - 1] if k > a else " "
                after = text[k + 1] if k + 1 < b else " "
                opener = (before.isspace() or before in "([—–-") and not after.isspace()
                if open_at is not None and not running:
                    open_at = None
                elif opener:
                    open_at = k
                running = False
        nxt_start = lines[li + 1][0] if li + 1 < len(lines) else len(text)
        nxt = text[nxt_start : lines[li + 1][1]].lstrip() if li + 1 < len(lines) else ""
        paragraph_end = li + 1 == len(lines) or text.count("\n", b, nxt_start) >= 2
        running = open_at is not None and nxt.startswith(("“", '"'))
        if open_at is not None and not running and paragraph_end:
            if li + 1 == len(lines):
                at_end = open_at  # the text stops inside the quote: cut, not unbalanced
            else:
                unclosed.append(open_at)
            open_at = None
        if running:
            open_at = None
        for k in unclosed:
            sent = next((s for s in sentences if s.start <= k < s.end), None)
            end = len(text[: sent.end if sent else b].rstrip())
            flags.append(
                flag(
                    "unbalanced_quote",
                    text,
                    k,
                    end,
                    "A quotation mark opens a quote here that is never closed",
                )
            )
        for k in stray:
            sent = next((s for s in sentences if s.start <= k < s.end), None)
            start = sent.start if sent else a
            flags.append(
                flag(
                    "unbalanced_quote",
                    text,
                    start,
                    k + 1,
                    "A closing quotation mark here has no opening one",
                )
            )
    return flags, at_end
