"""``truncated``: a sentence that stops mid-clause, or the article's last one with no ending."""

from __future__ import annotations

import re

from ..types import Flag
from .base import WORD, Context, Tok, detector, flag, q
from .lexicon import FUNCTION
from .quotes import quote_open_at_end

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
        if (
            _heading_like(words)
            and (s.index != last_prose or len(words) <= 12)
            and not (s.index == last_prose and quote_open_at_end(text) is not None)
        ):
            continue  # title, byline, dateline; not one that stops inside a quote it opened
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
    # a cut at a line break says so, whether or not the splitter ended the sentence there
    cuts = _line_cuts(text)
    done = {f.end for f in cuts}
    return [f for f in flags if f.end not in done] + cuts


# Abbreviations a capitalised word follows inside a sentence (a headline's "vs. Steelers").
_ABBREVIATIONS = frozenset(
    "vs mr mrs ms dr st jr sr sgt gen gov sen rep lt col capt no fig inc corp co".split()
)
_LINE = re.compile(r"[^\n]+")
_LIST_ITEM = re.compile(r"\s*(?:[-•*–—▪►]|\d+[.)])\s")


def _line_cuts(text: str) -> list[Flag]:
    """A line of prose that stops on a word, with no punctuation, and a new sentence
    starting on the next line: a clause cut off where two lines were run together
    ("... no progress seemed⏎A Ukrainian source told ..."). Whether the splitter ends
    the sentence at that line break or not, the flag goes on the last word."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    pairs = []
    wrapped = 0
    for (a, b), (c, d) in zip(lines, lines[1:]):
        line, nxt = text[a:b].rstrip(), text[c:d].strip()
        if not line[-1:].isalpha():
            continue  # ends on punctuation (or a number, a bracket): not this rule
        if nxt[:1].islower():
            wrapped += 1  # hard-wrapped text: a line break inside a sentence
            continue
        pairs.append((a, a + len(line), nxt))
    if wrapped >= 2:
        return []  # in hard-wrapped text a capital after a line break may be a name
    out = []
    header = {a for a, _ in lines[:3]}
    for a, b, nxt in pairs:
        line = text[a:b]
        words = WORD.findall(line)
        if len(words) < 6 or _heading_like(words) or _LIST_ITEM.match(line):
            continue  # titles, bylines, datelines, list items end without punctuation
        # a headline or a standfirst in sentence case looks like a clause too: only a
        # line that is clearly running prose counts (an earlier sentence ends on it; or it
        # is long and below the first three lines, where headline, deck and dateline go)
        inner_end = any(
            m.group(1).lower() not in _ABBREVIATIONS and len(m.group(1)) > 1
            for m in re.finditer(r"(\w+)[.!?][\"'’”)]*\s+[\"“‘']?[A-Z]", line)
        )  # not "S. Rich Hill", "vs. Steelers"
        long_ = len(words) >= 16 or "," in line and len(words) >= 10
        if not (inner_end or long_ and a not in header):
            continue
        nxt_words = WORD.findall(nxt)
        if len(nxt_words) < 4 or _heading_like(nxt_words) or not (nxt[:1].isupper() or nxt[:1] in "\"“‘'"):
            continue  # the next line is no sentence of prose either
        last = words[-1]
        out.append(
            flag(
                "truncated",
                text,
                b - len(last),
                b,
                f"Sentence stops on {q(last)} at a line break with no ending punctuation and a new "
                "sentence starts on the next line: text looks cut off",
            )
        )
    return out
