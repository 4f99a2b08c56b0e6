"""What grouping looks at: each article's title and lead as a MiniLM embedding and as a
bag of its rarer words, and its publication time.

The lead (first sentences) carries who, what, where and when; the rest of an article
drifts into background that other events share, so it is left out of the vector.
MiniLM alone puts "Klitschko beats Rahman" next to "Klitschko beats Thompson"; the bag
of words, weighted by how rare each word is in news (wordfreq, so no corpus statistics
to fit and a vector never changes when the pile does), tells the names apart. The two
unit vectors are concatenated with weights whose squares sum to 1, so the dot product
of two articles is the weighted mean of the two cosines and the result is a unit vector
(cluster.py relies on that). ECB+ tune topics: B-cubed F1 0.853 MiniLM alone, 0.872
both (BENCHMARKS.md, Events).

Vectors average away what tells two similar happenings apart: the boxer's opponent is one
word among forty, the year another. So the lead's *when* is also kept as marks
(``marks()``): the years it names as when the happening was (``event_years``: not "the
worst since 1998") and the weekdays it names. cluster.py reads two leads that name such
years, and none within a year of each other, as two happenings ("Klitschko stops Rahman"
in 2008 and Thompson in 2012), and two leads that name different weekdays as less alike.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..split import split_sentences
from .records import Article

LEAD_SENTENCES = 3
LEAD_CHARS = 600
LEXICAL_DIMS = 1024  # hashed bag of words
LEXICAL_WEIGHT = 0.5  # share of the word-bag cosine in the similarity
DIMS = 384 + LEXICAL_DIMS
_WORD = re.compile(r"[^\W\d_][\w'-]+|\d+")


def lead_text(article: Article) -> str:
    """Title plus the first sentences of the text (a title already at the top is not repeated)."""
    text = article.doc.text
    sents = split_sentences(text[:4000])
    lead, n = [], 0
    for s in sents:
        if article.title and s.text.strip() == article.title.strip():
            continue
        lead.append(" ".join(s.text.split()))
        n += len(lead[-1])
        if len(lead) >= LEAD_SENTENCES or n >= LEAD_CHARS:
            break
    body = " ".join(lead)[:LEAD_CHARS] or " ".join(text.split())[:LEAD_CHARS]
    return f"{article.title.strip()}. {body}" if article.title else body


_YEAR = re.compile(r"(?<![\d$£€.,])(?:19[5-9]|20[0-4])\d(?![\d%]|,\d)")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
Marks = tuple[frozenset[str], frozenset[str]]  # (years, weekdays) a lead names
NO_MARKS: Marks = (frozenset(), frozenset())


# A year the lead looks back or ahead to from the happening, not the happening's own: "the
# worst since 1998", "higher than in 2019", "after 2014", "following the
# Sept. 11, 2001, attacks", "ahead of the 2022 midterms", "by 2030", "born in 1923".
_BACKGROUND_BEFORE = re.compile(
    r"\b(?:since|from|until|till|through|before|after|following|than|between|by|as early as|as late as"
    r"|born|founded|established|record|anniversary|ahead of|run-up to|beginning|starting)\b",
    re.IGNORECASE,
)
_BACKGROUND_WORDS = 3  # ...among the last words before the year ("since late July 2005")
# ...or an anniversary's, further back ("the 20th anniversary of the Sept. 11, 2001 attacks")
_ANNIVERSARY = re.compile(r"\b(?:anniversary|ago)\b", re.IGNORECASE)
_ANNIVERSARY_WORDS = 8
_DECADE = re.compile(r"['’]?s\b")  # "the 1950s", "the 1940's" (a year ending in 0: not "2008's")
_WHEN = re.compile(r",?\s+when\b")  # "in 2001, when Lewis was floored" (after "in")
_RANGE = re.compile(r"((?:19|20)\d\d)\s*(?:-|–|—|\bto\b|\bthrough\b|\buntil\b)\s*((?:19|20)?\d\d)(?![\d:])")
_PRE_WORD = re.compile(r"[\w'’.-]+")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
# the month and day in front of a year: the words before them are what say how it is named
_MONTH_DAY = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}),?\s*$",
    re.IGNORECASE,
)


def event_years(lead: str) -> frozenset[str]:
    """The years (1950-2049) a title + lead names as when the happening took place.
    "$2005", "2005%", "2,005" are not years; nor is a year the lead names as background:
    a decade ("the 1950s"), the ends of a span of years ("from 2010-2020"; "2012-13", a
    season, stays), one after a word that looks back or ahead from the happening ("since
    1998", "than in 2019", "ahead of the 2022 midterms"), an anniversary's ("20th
    anniversary of the Sept. 11, 2001 attacks") or "in 2001, when ...". One outlet's lead
    says "the worst since 1998" and another's does not: the same happening."""
    spans = []
    for r in _RANGE.finditer(lead):
        a, b = r.group(1), r.group(2)
        end = int(b) if len(b) == 4 else int(a[:2] + b)
        if end > int(a) + 1:  # a span goes forward ("June 6, 2013 - 11:34" is no span)
            spans.append(r.span())
    out = set()
    for m in _YEAR.finditer(lead):
        s, e = m.span()
        if any(a <= s < b for a, b in spans):
            continue
        after = lead[e : e + 12]
        head = lead[max(0, s - 120) : s]
        date = _MONTH_DAY.search(head)
        before = _PRE_WORD.findall(head[: date.start()] if date else head)
        if m.group().endswith("0") and _DECADE.match(after):
            continue
        if _WHEN.match(after) and "in" in (w.lower() for w in before[-2:]):
            continue
        if _BACKGROUND_BEFORE.search(" ".join(before[-_BACKGROUND_WORDS:])):
            continue
        if _ANNIVERSARY.search(" ".join(before[-_ANNIVERSARY_WORDS:])):
            continue
        out.add(m.group())
    return frozenset(out)


def marks(lead: str) -> Marks:
    """The years (``event_years``) and weekdays a title + lead names: when it says it happened."""
    return event_years(lead), frozenset(_WEEKDAY.findall(lead))


def lexical(texts: Sequence[str]) -> np.ndarray:
    """(n, LEXICAL_DIMS) unit vectors: hashed words, weight (1 + log tf) x rarity in news."""
    from wordfreq import zipf_frequency

    out = np.zeros((len(texts), LEXICAL_DIMS), dtype=np.float32)
    for i, text in enumerate(texts):
        counts = Counter(w for w in (m.lower() for m in _WORD.findall(text)) if len(w) >= 3)
        for w, n in counts.items():
            rarity = max(0.0, 6.5 - zipf_frequency(w, "en"))  # "the" ~7.7, "Klitschko" 0
            out[i, zlib.crc32(w.encode()) % LEXICAL_DIMS] += (1.0 + np.log(n)) * rarity
        norm = float(np.linalg.norm(out[i]))
        if norm > 0:
            out[i] /= norm
    return out


def describe(articles: Sequence[Article], embedder=None) -> tuple[np.ndarray, list[Marks]]:
    """What grouping needs of each article: its (n, DIMS) unit vector of title + lead
    (MiniLM and word bag, weighted) and the lead's marks (years, weekdays)."""
    if embedder is None:
        from ..evidence import default_embedder

        embedder = default_embedder()
    texts = [lead_text(a) for a in articles]
    dense = embedder.encode(texts)
    w = LEXICAL_WEIGHT
    vecs = np.hstack([np.sqrt(1 - w) * dense, np.sqrt(w) * lexical(texts)]).astype(np.float32)
    return vecs, [marks(t) for t in texts]


def embed(articles: Sequence[Article], embedder=None) -> np.ndarray:
    """(n, DIMS) unit vectors of title + lead: MiniLM and word bag, weighted."""
    return describe(articles, embedder)[0]


def times(articles: Sequence[Article]) -> np.ndarray:
    """Publication time in days since the epoch; NaN when unknown."""
    return np.array(
        [a.published.timestamp() / 86400.0 if a.published else np.nan for a in articles], dtype=np.float64
    )
