"""Split stage: text -> sentences with exact character offsets.

Rule-based on purpose (not spaCy's parser or pysbd): we need offsets that index the
read text exactly, deterministic behaviour on news layout (datelines, "U.S.", "Sen.",
"a.m.", list items, headings, quotes that span sentences) and a cut-off final sentence
kept as its own sentence. pysbd's char spans drift on repeated text and the parser is
slow and splits datelines; a few well-tested rules do better here.
"""

from __future__ import annotations

import re

from .types import Sentence

# Abbreviations after which a period never ends a sentence (titles, initials-like).
_TITLES = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev hon pres
    st mt ft messrs mme mlle sr jr vs v ca approx dept est univ""".split()
)
# Abbreviations that only bind to a following number ("No. 5", "Fig. 2").
_BEFORE_NUMBER = frozenset("no nos vol fig op art sec ch pp p".split())
# Month abbreviations: no break when a number follows ("Sept. 11").
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# May end a sentence, but usually don't: break only if a typical sentence opener follows.
_SOFT = frozenset("u.s u.k u.n e.u a.m p.m inc corp ltd co etc jr sr d.c l.a n.y".split())
_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those
    there but and in on at after before when while if as on meanwhile however
    police officials authorities""".split()
)

_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•–—]|\d{1,3}[.)]|#{1,6})[ \t]+")
_TERMINAL = re.compile(r"[.!?…]+['\"’”)\]]*")
_CLOSERS = "'\"’”)]"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


# Words a hard-wrapped line can end on with the sentence going on ("met on⏎Tuesday").
_CONTINUES = frozenset(
    """the a an of to in on at for by from with and or but nor as than that which who whom
    whose his her its their our my your this these those is are was were be been has have
    had will would can could should may might said says told about into over under after
    before between against during without within per via mr mrs ms dr st""".split()
)


def _unpunctuated_end(prev: str, nxt: str) -> bool:
    """A line with no final punctuation ends a sentence when the next line starts a new
    one: a capital after a lower-case content word ("no progress seemed⏎A Ukrainian
    source told Reuters": machine output that lost its full stop, a cut-off sentence),
    or any line after a headline in title case."""
    if not (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "\"“‘'"):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", prev)
    if not words:
        return False
    last = words[-1]
    if last[0].islower() and last.lower() not in _CONTINUES:
        return True
    # A headline: most words capitalised, and the next line is not its continuation.
    caps = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and caps >= 0.7 * len(words) and last.lower() not in _CONTINUES


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: blank lines always separate; a single newline separates
    when the line before ends a sentence, looks like a heading, or the next line is a
    list item. Hard-wrapped prose (next line continues the sentence) stays together."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    blocks: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    prev_line = ""
    for s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            if cur:
                blocks.append(cur)
            cur = None
            prev_line = ""
            continue
        if cur is None:
            cur = (s, e)
        else:
            p = prev_line.rstrip()
            # A short line before a capitalised one is a heading, dateline or byline.
            separate = (
                bool(re.search(r"[.!?:…'\"’”)\]]$", p))
                or _LIST_MARKER.match(line) is not None
                or (len(p) < 60 and (stripped[:1].isupper() or stripped[:1].isdigit()))
                or _unpunctuated_end(p, stripped)
            )
            if separate:
                blocks.append(cur)
                cur = (s, e)
            else:
                cur = (cur[0], e)
        prev_line = line
    if cur:
        blocks.append(cur)
    return blocks


def _is_boundary(text: str, dot_end: int, punct: str, nxt: int, block_end: int) -> bool:
    """Decide whether terminal punctuation ending at ``dot_end`` ends a sentence."""
    if nxt >= block_end:
        return True
    ch = text[nxt]
    if not (ch.isupper() or ch.isdigit() or ch in "\"'“‘([¿¡"):
        return False
    if punct[0] != "." or punct.startswith("..") or punct.startswith("…"):
        # "!" "?" always break; an ellipsis breaks only before a capital.
        return ch.isupper() or ch in '"“'
    m = _WORD_BEFORE.search(text[max(0, dot_end - 20) : dot_end - len(punct)])
    if not m:
        return True
    word = m.group(1).lower().rstrip(".")
    following = re.match(r"[\"“‘']?([A-Za-z]+)", text[nxt : nxt + 30])
    next_word = following.group(1).lower() if following else ""
    if word in _TITLES:
        return False
    if len(word) == 1 and word.isalpha() and text[dot_end - len(punct) - 1].isupper():
        return False  # an initial: "John F. Kennedy"
    if (word in _MONTHS or word in _BEFORE_NUMBER) and ch.isdigit():
        return False
    if word in _SOFT or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return next_word in _OPENERS
    return True


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of closed double quotes inside a block (curly or straight)."""
    spans = []
    open_at: int | None = None
    for i in range(start, end):
        c = text[i]
        if c == "“" or (c == '"' and open_at is None):
            open_at = i
        elif (c == "”" or c == '"') and open_at is not None:
            spans.append((open_at, i))
            open_at = None
    return spans


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    m = _LIST_MARKER.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    quotes = [q for q in _quote_spans(text, start, end) if q[1] - q[0] < 600]
    out: list[tuple[int, int]] = []
    s = start
    for t in _TERMINAL.finditer(text, start, end):
        punct = t.group()
        dot_end = t.end()
        nxt = dot_end
        while nxt < end and text[nxt] in " \t\n\r\u00a0":
            nxt += 1
        if nxt == dot_end and nxt < end:
            continue  # no space after: "3.5", "U.S.-led", "e.g.,"
        if any(qs < t.start() and dot_end <= qe for qs, qe in quotes):
            continue  # keep a quoted passage whole: it closes later in the block
        if _is_boundary(text, dot_end, punct, nxt, end):
            out.append((s, dot_end))
            s = nxt
    if s < end:
        out.append((s, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order, never overlapping, each ``text[start:end] == sentence.text``,
    with surrounding whitespace excluded."""
    spans: list[tuple[int, int]] = []
    for bs, be in _blocks(text):
        for s, e in _split_block(text, bs, be):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                spans.append((s, e))
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]


# A line that is a web address ("https://example.com/a.html", or as some feeds space it,
# "http: / / example. com / a. html"): page furniture, not a statement.
_LINK = re.compile(r"\W*(?:https?\s*:\s*/\s*/|www\s*\.)\s*\S", re.I)


def is_link(text: str) -> bool:
    """The sentence is a web address, not a statement to check or to list as left out."""
    return bool(_LINK.match(text)) and len(text.split()) <= 40


# A pointer to another story inside a page ("MORE: Woman pays $20,000 ...", "Read more: ...",
# "Related: ..."): that story's headline, not what this report states.
_TEASER = re.compile(
    r"\W*(?:(?:read|see|watch)\s+(?:more|also)|more|related(?:\s+(?:stories|articles|coverage))?|"
    r"also\s+read|recommended)\s*:\s*\S",
    re.I,
)


def is_pointer(text: str) -> bool:
    """A web address or a pointer to another story: never evidence for a claim."""
    return is_link(text) or bool(_TEASER.match(text))
