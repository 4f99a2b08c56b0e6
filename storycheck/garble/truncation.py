"""``truncated``: a sentence that stops mid-clause, or the article's last one with no ending."""

from __future__ import annotations

import re

from ..types import Flag
from .base import Context, Tok, detector, flag, q
from .lexicon import FUNCTION

# Verbs that need a complement: "no progress seemed" is cut off, "prices fell" is not.
_NEEDS_COMPLEMENT = frozenset(
    """seem seems seemed become becomes became get gets got make makes made give gives
    gave put puts take takes took said says told tell tells including include includes
    included like want wants wanted""".split()
)
# Lower-case words of datelines: "December 15th, 2008, 7:35 am".
_DATELINE = frozenset("am pm a.m p.m st nd rd th gmt et est pst utc updated".split())
_TERMINAL_RE = re.compile(r"[.!?…]['\"’”)\]»]*$")
_CLOSERS = "'\"’”)]»"


def _heading_like(words: list[str]) -> bool:
    """Title-case lines, bylines and datelines carry no final punctuation on purpose."""
    if len(words) <= 3:
        return True
    content = [w for w in words if w.lower() not in FUNCTION]
    if not content:
        return False
    caps = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit() or w.lower() in _DATELINE)
    return caps / len(content) >= 0.7


@detector("truncation", assigns=["truncated"])
def truncations(ctx: Context) -> list[Flag]:
    text, sentences, toks = ctx.text, ctx.sentences, ctx.toks
    flags: list[Flag] = []
    by_sent: dict[int, list[Tok]] = {}
    for t in toks:
        by_sent.setdefault(t.sent, []).append(t)
    last_prose = max((s.index for s in sentences if by_sent.get(s.index)), default=-1)
    for s in sentences:
        st = by_sent.get(s.index)
        if not st:
            continue
        body = s.text.rstrip()
        if _TERMINAL_RE.search(body) or body.endswith((":", ";")) and s.index != last_prose:
            continue
        words = [t.text for t in st]
        last = st[-1]
        if last.end < s.start + len(body.rstrip(_CLOSERS)) - 0:
            # trailing symbols after the last word (a dash, a bracket): not a word ending
            tail = text[last.end : s.start + len(body)]
            if tail.strip(_CLOSERS + " "):
                continue
        if _heading_like(words) and (s.index != last_prose or len(words) <= 12):
            continue  # title, byline, dateline
        if last.low in FUNCTION or last.low in _NEEDS_COMPLEMENT:
            flags.append(
                flag(
                    "truncated",
                    text,
                    last.start,
                    last.end,
                    f"Sentence stops on {q(last.text)} with no ending: it looks cut off mid-clause",
                )
            )
        elif s.index == last_prose:
            flags.append(
                flag(
                    "truncated",
                    text,
                    last.start,
                    last.end,
                    "The last sentence has no ending punctuation: it may be cut off",
                )
            )
    return flags
