"""Garble detectors: where the article text itself is broken.

Machine-translated and machine-written news fails in ways a fact check does not see:
generation loops and doubled words (``repetition``), sentences cut off mid-clause or
quotes never closed (``truncated``), near-miss spellings of a name used elsewhere
(``name_variant``), word salad and calques edited news does not use (``odd_phrase``) and
non-words (``misspelling``). Each flag spans the offending text exactly:
``article.text[flag.start:flag.end] == flag.text``.

Resources, each loaded once per process: wordfreq (unigram frequencies, ships its
data), rapidfuzz / jellyfish (name and spelling similarity) and the news n-gram count
model in ``storycheck/models/newslm`` built by ``training/build_newslm.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import top_n_list, zipf_frequency

from .types import Document, Flag, Sentence

MODEL_DIR = Path(__file__).resolve().parent / "models" / "newslm"

# Tokenizer shared with the model builder: lowercased words, possessive/contraction
# tails, numbers folded to one symbol, and the clause punctuation that shapes n-grams.
_LM_TOKEN = re.compile(r"[A-Za-z]+|['’][A-Za-z]+|\d[\d.,]*\d|\d|[,;:]")


def lm_tokens(text: str) -> list[str]:
    out = []
    for m in _LM_TOKEN.finditer(text):
        t = m.group().lower().replace("’", "'")
        out.append("<num>" if t[0].isdigit() else t)
    return out


# Closed-class words: a sentence may not end on them, and a repeated phrase made only
# of them is not a loop. Grammar, not a list of known errors.
_FUNCTION = frozenset(
    """a an the this that these those my your his her its our their some any no every
    each either neither both all of to in on at by for with from into onto upon over
    under about above below between among through during before after against without
    within across along around behind beyond toward towards via than as and or but nor
    so yet if because while although though whether unless since until when where which
    who whom whose what i you he she it we they me him us them is are was were be been
    being am has have had do does did will would shall should can could may might must
    not very such one""".split()
)
# Verbs that need a complement: "no progress seemed" is cut off, "prices fell" is not.
_NEEDS_COMPLEMENT = frozenset(
    """seem seems seemed become becomes became get gets got make makes made give gives
    gave put puts take takes took said says told tell tells including include includes
    included like want wants wanted""".split()
)
# "again and again", "more and more", "bigger and bigger": X-and-X intensifiers.
_AND_REPEATABLE = frozenset(
    "again more less over on round through by so up out back forth better worse".split()
)
# "face to face", "one by one", "year after year", "word for word", "hand in hand".
_REPEAT_CONNECTORS = frozenset("to by after for in upon against over".split())
# Words that may sit between a phrase and its repeat: "..., but also ...".
_FILLERS = frozenset("also even just then again too still".split())
# English doubles that are grammatical.
_LEGIT_DOUBLES = frozenset("had that ok okay no yes bye ha oh hey now well".split())
# Not plain -s/-es: "the start starts", "the need needs" are grammatical.
_STEM_SUFFIXES = frozenset("ly ed d ing er ers ment ments ally ness ive ives ation".split())
# Lower-case words of datelines: "December 15th, 2008, 7:35 am".
_DATELINE = frozenset("am pm a.m p.m st nd rd th gmt et est pst utc updated".split())
_TERMINAL_RE = re.compile(r"[.!?…]['\"’”)\]»]*$")
_CLOSERS = "'\"’”)]»"
_WORD = re.compile(r"[^\W_]+(?:[-'’/][^\W_]+)*")
# "non -corrective": a hyphen glued to the next word but spaced from the one before.
_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z]) -(?=[a-z]{3,})")
_PUNCT_RUN = re.compile(r"([.,!?])\1{5,}")
_INNER_LOOP = re.compile(r"([A-Za-z]{2,})\1{2,}", re.I)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    low: str
    sent: int  # index into the sentence list


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _lm() -> _NewsLM | None:
    path = MODEL_DIR / "newslm.npz"
    return _NewsLM(path) if path.exists() else None


class _NewsLM:
    """Word bigram/trigram counts of edited news (pruned, no text)."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        vocab = str(z["vocab"]).split("\n")
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.vocab = vocab
        self.unigram = z["unigram"].astype(np.float64)
        self.n = float(z["n_tokens"])
        self.bk = z["bigram_keys"]
        self.bv = z["bigram_counts"]
        self.tk = z["trigram_keys"]
        self.tv = z["trigram_counts"]

    def word_count(self, w: str) -> int:
        i = self.ids.get(w)
        return int(self.unigram[i]) if i is not None else 0

    def bigram_counts(self, pairs: np.ndarray) -> np.ndarray:
        """pairs: (n, 2) word ids -> counts."""
        if len(pairs) == 0:
            return np.zeros(0, dtype=np.int64)
        keys = (pairs[:, 0].astype(np.uint64) << np.uint64(21)) | pairs[:, 1].astype(np.uint64)
        pos = np.searchsorted(self.bk, keys)
        pos = np.minimum(pos, len(self.bk) - 1)
        return np.where(self.bk[pos] == keys, self.bv[pos], 0).astype(np.int64)

    def bigram(self, a: str, b: str) -> int:
        ia, ib = self.ids.get(a), self.ids.get(b)
        if ia is None or ib is None:
            return 0
        return int(self.bigram_counts(np.array([[ia, ib]]))[0])


@lru_cache(maxsize=1)
def _web_bigrams() -> frozenset[tuple[str, str]]:
    """The 243k most frequent English word bigrams that symspellpy ships: general
    English the news sample is too small to have seen."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            a, b, _ = line.split(" ", 2)
            out.add((a, b))
    return frozenset(out)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The 82k-word English dictionary that symspellpy ships (Google Books n-grams
    intersected with spell-checker word lists): unlike wordfreq's web counts it holds no
    common misspellings ("recieve", "thier")."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
    with open(path, encoding="utf-8") as f:
        return frozenset(line.split(" ", 1)[0] for line in f)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[int, list[str]], dict[str, int]]:
    """Frequent English words by length (for spelling suggestions) and their rank."""
    words = [w for w in top_n_list("en", 40_000) if w.isalpha() and w.isascii()]
    by_len: dict[int, list[str]] = {}
    for w in words:
        by_len.setdefault(len(w), []).append(w)
    return by_len, {w: i for i, w in enumerate(words)}


def _suggest(word: str, prefer: Iterable[str] = ()) -> str | None:
    """Closest frequent word within Damerau-Levenshtein distance 1 (2 for long words);
    a word the references use wins ties."""
    low = word.lower()
    limit = 2 if len(low) >= 7 else 1
    prefer_set = {p.lower() for p in prefer}
    best = None
    for p in prefer_set:
        if abs(len(p) - len(low)) <= limit and p != low:
            d = DamerauLevenshtein.distance(low, p, score_cutoff=limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, -1, p)
    by_len, rank = _lexicon()
    cands: list[str] = []
    for n in range(len(low) - limit, len(low) + limit + 1):
        cands.extend(by_len.get(n, ()))
    for cand, d, _ in process.extract(
        low, cands, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=5
    ):
        if cand == low:
            continue
        key = (d, rank.get(cand, 10**6), cand)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _tokens(text: str, sentences: Sequence[Sentence]) -> list[_Tok]:
    out: list[_Tok] = []
    for s in sentences:
        for m in _WORD.finditer(s.text):
            a = s.start + m.start()
            out.append(_Tok(m.group(), a, s.start + m.end(), m.group().lower(), s.index))
    return out


def _flag(kind: str, text: str, start: int, end: int, message: str, source: int | None = None) -> Flag:
    return Flag(kind, start, end, text[start:end], message, source)


def _q(s: str) -> str:
    return f"“{s}”"


# ---------------------------------------------------------------- repetition


def _is_capitalised(t: _Tok) -> bool:
    return t.text[:1].isupper()


def _clause_start(text: str, toks: list[_Tok], i: int) -> bool:
    if i == 0 or toks[i - 1].sent != toks[i].sent:
        return True
    gap = text[toks[i - 1].end : toks[i].start]
    return bool(re.search(r"[,;:—–(\"“]", gap)) or toks[i - 1].low in {"and", "but", "or"}


def _clause_end(text: str, toks: list[_Tok], j: int) -> bool:
    """Token j ends a clause: punctuation or a conjunction follows, or nothing does."""
    if j + 1 >= len(toks) or toks[j + 1].sent != toks[j].sent:
        return True
    gap = text[toks[j].end : toks[j + 1].start]
    return bool(re.search(r"[,;:.!?—–)\"”]", gap)) or toks[j + 1].low in {"and", "but", "or"}


def _legit_alternation(word: str, connector: str) -> bool:
    """'word connector word' is idiomatic: "face to face", "again and again"."""
    if connector in _REPEAT_CONNECTORS:
        return True
    return connector == "and" and (word in _AND_REPEATABLE or word.endswith("er"))


def _sentence_edge(toks: list[_Tok], a: int, b: int) -> bool:
    """Tokens a..b make up a whole sentence."""
    first = a == 0 or toks[a - 1].sent != toks[a].sent
    last = b + 1 >= len(toks) or toks[b + 1].sent != toks[b].sent
    return first and last


def _base(low: str) -> str:
    """The word without a possessive: "shanghai's" -> "shanghai"."""
    return re.sub(r"['’]s$", "", low)


def _repetitions(text: str, toks: list[_Tok], references: Sequence[Document] = ()) -> list[Flag]:
    flags: list[Flag] = []
    # Names and numbers that also stand alone (in the references, or elsewhere in the
    # article) and are not doubled in the references: doubling them is an error, where
    # "Bora Bora" or "Walla Walla" always come doubled.
    alone: set[str] = set()
    ref_doubled: set[str] = set()
    for r in references:
        rt = [_base(m.group().lower()) for m in _WORD.finditer(r.text)]
        alone.update(rt)
        ref_doubled.update(a for a, b in zip(rt, rt[1:]) if a == b)
    bases = [_base(t.low) for t in toks]
    for k, w in enumerate(bases):
        if (k == 0 or bases[k - 1] != w) and (k + 1 == len(bases) or bases[k + 1] != w):
            alone.add(w)
    alone -= ref_doubled
    # Loops inside one token: "WhiteWhiteWhite", "DMC-DMC-DMC".
    for t in toks:
        parts = re.split(r"[-/]", t.low)
        top, top_n = Counter(parts).most_common(1)[0]
        if top_n >= 3:
            flags.append(
                _flag(
                    "repetition",
                    text,
                    t.start,
                    t.end,
                    f"{_q(top)} repeated {top_n} times: likely a generation loop",
                )
            )
            continue
        slashed = re.split(r"/", t.low)
        if any(a == b and not a.isdigit() for a, b in zip(slashed, slashed[1:])):  # not "10/10"
            flags.append(_flag("repetition", text, t.start, t.end, f"{_q(t.text)}: doubled word"))
            continue
        m = _INNER_LOOP.search(t.text)
        if m and len(m.group()) >= 6 and _zipf(t.low) == 0:
            flags.append(
                _flag(
                    "repetition",
                    text,
                    t.start + m.start(),
                    t.start + m.end(),
                    f"{_q(m.group(1))} repeated inside a word: likely a generation loop",
                )
            )
    for m in _PUNCT_RUN.finditer(text):
        flags.append(
            _flag(
                "repetition",
                text,
                m.start(),
                m.end(),
                f"{_q(m.group(1))} repeated {len(m.group())} times: likely a generation loop",
            )
        )

    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        # Runs of the same word: "final final final", "Planning Planning", "very, very".
        j = i
        while j + 1 < n and toks[j + 1].low == t.low and toks[j + 1].sent == t.sent:
            j += 1
        word = _base(t.low)
        count = j - i + 1
        # hyphenated words loop too ("non-usable non-usable non-usable")
        alpha = re.sub(r"[-'’]", "", word).isalpha()
        if count == 2 and word.isdigit() or j > i and alpha:
            gaps = [text[toks[k].end : toks[k + 1].start] for k in range(i, j)]
            # "very, very"; "Johnson & Johnson"; "IBM (IBM)" (a ticker), not "(X) (X)"
            comma = any(re.search(r"[,!—\-&]", g) or "(" in g and ")" not in g for g in gaps)
            # "a new New York law": the second word starts a name
            name_after = count == 2 and t.text[:1].islower() and toks[j].text[:1].isupper()
            # "Bora Bora", "Duran Duran"; unless the name also stands alone
            capital_name = _is_capitalised(t) and _zipf(word) < 3.5 and word not in alone
            # "in 2016 2016" only where the number also stands alone
            # ("4.4", "10/10" are not doubles)
            number = word.isdigit() and (word not in alone or any(g.strip() for g in gaps))
            if count >= 4 or count == 3 and not all(re.search(r"[,!]", g) for g in gaps):
                flags.append(
                    _flag(
                        "repetition",
                        text,
                        t.start,
                        toks[j].end,
                        f"{_q(t.text)} repeated {count} times: likely a generation loop",
                    )
                )
            elif (
                count == 2
                and not comma
                and not capital_name
                and not name_after
                and t.low not in _LEGIT_DOUBLES
                and not number
            ):
                flags.append(
                    _flag(
                        "repetition",
                        text,
                        t.start,
                        toks[j].end,
                        f"{_q(t.text)} doubled: likely a translation or generation error",
                    )
                )
            i = j + 1
            continue
        i += 1

    # Doubled stems: "directly direct", "moving move".
    for a, b in zip(toks, toks[1:]):
        if a.sent != b.sent or not (a.low.isalpha() and b.low.isalpha()) or a.low == b.low:
            continue
        if text[a.end : b.start].strip():
            continue
        short, long_ = sorted((a.low, b.low), key=len)
        if len(short) < 4 or short in _FUNCTION:
            continue
        stem = short[:-1] if short.endswith("e") and not long_.startswith(short) else short
        if long_.startswith(stem) and long_[len(stem) :] in _STEM_SUFFIXES | {
            "e" + s for s in _STEM_SUFFIXES
        }:
            if _is_capitalised(a) != _is_capitalised(b):
                continue  # "Frank frankly" style name-word pairs
            flags.append(
                _flag(
                    "repetition",
                    text,
                    a.start,
                    b.end,
                    f"{_q(text[a.start : b.end])}: the same word twice in different forms",
                )
            )

    # Repeated words or phrases a few words apart: "the Palace of the Palace",
    # "enjoyable and enjoyable", "he was a member ... . He was a member ...".
    content = [t.low not in _FUNCTION and t.low.isalpha() and len(t.low) > 1 for t in toks]
    covered: set[int] = set()
    for size, max_gap in ((6, 40), (5, 30), (4, 24), (3, 16), (2, 1), (1, 1)):
        for i in range(n - size + 1):
            if i in covered:
                continue
            gram = tuple(t.low for t in toks[i : i + size])
            if not any(content[i : i + size]) or any(t.low[:1].isdigit() for t in toks[i : i + size]):
                continue  # dates and amounts recur in datelines
            for j in range(i + size, min(n - size + 1, i + size + max_gap + 1)):
                if tuple(t.low for t in toks[j : j + size]) != gram:
                    continue
                if size == 2 and j == i + 2 and gram[0] in {"and", "or"}:
                    break  # "and pleasant and pleasant": the loop is "pleasant and pleasant"
                gap_toks = toks[i + size : j]
                gap_text = text[toks[i + size - 1].end : toks[j].start]
                if "!" in gap_text:
                    break  # shouted repeats: "Taser! Taser!"
                if size == 1:
                    if len(gap_toks) != 1:
                        break  # adjacent doubles are handled above
                    g = gap_toks[0].low
                    if _legit_alternation(gram[0], g) or g not in {"and", "or", "of"}:
                        break
                    if _is_capitalised(toks[i]):
                        break  # "Lord of Lords"
                elif size == 2 and (
                    _legit_alternation(gram[1], gram[0]) or _legit_alternation(gram[0], gram[1])
                ):
                    break  # "... and again and again", "one by one by one"
                if (
                    not gap_toks
                    and re.search(r"[,(\[\"“—–-]", gap_text)
                    and _is_capitalised(toks[i])
                    and _is_capitalised(toks[i + size - 1])
                ):
                    break  # "New York, New York", a name glossed in brackets
                if size >= 3:
                    # Parallel clauses reuse phrases ("the room was small and the bathroom
                    # was small"); a loop repeats a whole clause or a long stretch, a
                    # name comes back as its own object, or the phrase returns straight
                    # after a conjunction ("a family atmosphere, but also a family atmosphere").
                    span = 0
                    while j + span < n and i + span < j and toks[i + span].low == toks[j + span].low:
                        span += 1
                    whole = all(
                        _clause_start(text, toks, k) and _clause_end(text, toks, k + span - 1) for k in (i, j)
                    )
                    tight = (
                        len(gap_toks) <= 2
                        and all(t.low in _FUNCTION | _FILLERS for t in gap_toks)
                        and _clause_end(text, toks, j + span - 1)
                    )
                    named = (
                        len(gap_toks) <= 3
                        and sum(_is_capitalised(t) for t in toks[i : i + size]) >= 2
                        and toks[i].sent == toks[j].sent
                    )
                    same_sentence = toks[i].sent == toks[j + span - 1].sent
                    if not same_sentence:
                        # across sentences only a sentence said twice is a loop
                        if not all(_sentence_edge(toks, k, k + span - 1) for k in (i, j)):
                            break
                    elif not (whole and span >= 5 or tight or named or span >= 8):
                        break
                elif gap_toks and not all(t.low in _FUNCTION and t.text.islower() for t in gap_toks):
                    break
                if any(toks[k].sent != toks[i].sent for k in range(i, j + size)) and size < 4:
                    break
                if toks[i].sent != toks[j].sent:
                    # a sentence said again: flag the repeat, so the flag stays inside
                    # the one sentence it is reported on
                    a, b = toks[j].start, toks[j + span - 1].end
                    msg = "This sentence repeats an earlier one word for word: likely a generation loop"
                else:
                    a, b = toks[i].start, toks[j + size - 1].end
                    phrase = text[toks[i].start : toks[i + size - 1].end]
                    msg = f"{_q(phrase)} repeated: likely a translation or generation loop"
                flags.append(_flag("repetition", text, a, b, msg))
                covered.update(range(i, j + size))
                break

    # Loops of one content word: "pancreas removed from each pancreas of pancreas".
    window = 10
    for i, t in enumerate(toks):
        if not content[i] or i in covered:
            continue
        same = [k for k in range(i, min(n, i + window)) if toks[k].low == t.low and toks[k].sent == t.sent]
        between = text[t.start : toks[same[-1]].end] if len(same) >= 3 else ""
        after_number = sum(k > 0 and toks[k - 1].low[:1].isdigit() for k in same)
        # lists repeat heads ("bags, ..., bags"), amounts repeat units, names recur
        needed = 4 if after_number >= 2 or _is_capitalised(t) else 3
        if "," in between:
            needed = 5
        if len(same) >= needed:
            flags.append(
                _flag(
                    "repetition",
                    text,
                    t.start,
                    toks[same[-1]].end,
                    f"{_q(t.text)} used {len(same)} times in a few words: likely a generation loop",
                )
            )
            covered.update(range(i, same[-1] + 1))
    return flags


# ---------------------------------------------------------------- truncation


def _heading_like(words: list[str]) -> bool:
    """Title-case lines, bylines and datelines carry no final punctuation on purpose."""
    if len(words) <= 3:
        return True
    content = [w for w in words if w.lower() not in _FUNCTION]
    if not content:
        return False
    caps = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit() or w.lower() in _DATELINE)
    return caps / len(content) >= 0.7


def _truncations(text: str, sentences: Sequence[Sentence], toks: list[_Tok]) -> list[Flag]:
    flags: list[Flag] = []
    by_sent: dict[int, list[_Tok]] = {}
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
        if last.low in _FUNCTION or last.low in _NEEDS_COMPLEMENT:
            flags.append(
                _flag(
                    "truncated",
                    text,
                    last.start,
                    last.end,
                    f"Sentence stops on {_q(last.text)} with no ending: it looks cut off mid-clause",
                )
            )
        elif s.index == last_prose:
            flags.append(
                _flag(
                    "truncated",
                    text,
                    last.start,
                    last.end,
                    "The last sentence has no ending punctuation: it may be cut off",
                )
            )
    flags.extend(_unclosed_quotes(text, sentences))
    return flags


def _unclosed_quotes(text: str, sentences: Sequence[Sentence]) -> list[Flag]:
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
                _flag(
                    "truncated",
                    text,
                    q,
                    end,
                    "A quotation opens here and is never closed: text may be missing",
                )
            )
    return flags


# ---------------------------------------------------------------- names


_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:[A-Z][a-z]+)?(?![\w])")


def _translit_key(name: str) -> str:
    """Fold spelling differences that transliteration produces (Zelensky / Zelenskiy /
    Zelenskyy, Gaddafi / Qaddafi / Kadhafi, Kiev / Kyiv) so accepted variants compare
    equal while other edits (Zensky, Amercia) do not."""
    s = name.lower()
    for a, b in (
        ("ph", "f"),
        ("kh", "h"),
        ("dh", "d"),
        ("th", "t"),
        ("sch", "sh"),
        ("tch", "ch"),
        ("ck", "k"),
        ("q", "k"),
        ("c", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("j", "y"),
    ):
        s = s.replace(a, b)
    if s.startswith("g"):
        s = "k" + s[1:]
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters
    s = re.sub(r"[aeiouy]+", "a", s)  # vowel quality and y/i/iy/yy endings
    return s


def _name_counts(doc_text: str, sentence_starts: set[int] | None = None) -> Counter[str]:
    c: Counter[str] = Counter()
    for m in _NAME.finditer(doc_text):
        c[m.group()] += 1
    return c


def _names(text: str, sentences: Sequence[Sentence], references: Sequence[Document]) -> list[Flag]:
    article = _name_counts(text)
    ref_counts: list[Counter[str]] = [_name_counts(r.text) for r in references]
    ref_words: set[str] = set()
    for r in references:
        ref_words.update(w.lower() for w in re.findall(r"[A-Za-z]+", r.text))
    pool: Counter[str] = Counter(article)
    for rc in ref_counts:
        pool.update(rc)
    starts = {s.start for s in sentences}
    flags: list[Flag] = []
    cache: dict[str, tuple[str, int | None] | None] = {}
    for m in _NAME.finditer(text):
        x = m.group()
        if len(x) < 4 or x.lower() in ref_words:
            continue
        if x not in cache:
            cache[x] = _name_target(x, article, pool, ref_counts, m.start() in starts)
        hit = cache[x]
        if hit is None:
            continue
        y, src = hit
        where = "used in the reference" if src is not None else "used elsewhere in the article"
        flags.append(
            _flag(
                "name_variant",
                text,
                m.start(),
                m.end(),
                f"{_q(x)} looks like a misspelling of {_q(y)} ({where})",
                src,
            )
        )
    return flags


def _name_target(
    x: str, article: Counter[str], pool: Counter[str], ref_counts: list[Counter[str]], at_start: bool
) -> tuple[str, int | None] | None:
    zx = _zipf(x.lower())
    if zx >= 3.0:
        return None  # an established word or name, not a garble
    best: tuple[float, str] | None = None
    for y in pool:
        if y == x or len(y) < 4 or abs(len(y) - len(x)) > 3:
            continue
        if y[0].lower() != x[0].lower() and y[-1] != x[-1]:
            continue  # near-miss names keep at least one end
        score = fuzz.ratio(x, y)
        if score < 80:
            continue
        zy = _zipf(y.lower())
        if zx >= 2.0 and zy >= 2.0:
            continue  # both established: different names (Johnson / Johnston)
        short, long_ = sorted((x, y), key=len)
        if long_.startswith(short[:-1]) and len(long_) - len(short) <= 3 and zx > 0:
            continue  # inflection or demonym: Israel / Israeli, Smith / Smiths
        if long_.startswith(short) or long_.endswith(short):
            continue  # "FoxSports" / "Sports"
        if _translit_key(x) == _translit_key(y) and (zx > 0 or zy < 2.0):
            # an accepted transliteration variant; but a spelling nobody uses of a name
            # established in English ("Halowel" for "Hallowell", "Ortaga" for "Ortega")
            # is a slip, not a transliteration
            continue
        # The variant is the rarer spelling: fewer uses, less established.
        if (pool[x], zx) >= (pool[y], zy):
            continue
        if best is None or score > best[0]:
            best = (score, y)
    if best is None:
        return None
    y = best[1]
    src = next((k for k, rc in enumerate(ref_counts) if y in rc), None)
    return y, src


# ---------------------------------------------------------------- spelling


_LATIN_LANGS = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs")


def _script_foreign(ch: str) -> bool:
    if not ch.isalpha():
        return False
    try:
        return not unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return False


def _foreign_lang(word: str) -> str | None:
    for lang in _LATIN_LANGS:
        if zipf_frequency(word, lang) >= 3.5:
            return lang
    return None


_LANG_NAMES = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "cs": "Czech",
}


_INFLECTIONS = ("s", "es", "ness", "ly", "ic", "al", "ed", "ing", "er", "ers")


def _inflection_of_word(low: str) -> bool:
    for suf in _INFLECTIONS:
        if low.endswith(suf) and len(low) - len(suf) >= 4:
            base = low[: -len(suf)]
            if any(_zipf(b) >= 1.5 for b in (base, base + "e", base + "y", base + "ous")):
                return True
    return False


def _is_transposition(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _spelling(
    text: str, sentences: Sequence[Sentence], toks: list[_Tok], references: Sequence[Document]
) -> list[Flag]:
    flags: list[Flag] = []
    # Untranslated text in another script (CJK, Cyrillic, Devanagari ...).
    run_start: int | None = None
    for k, ch in enumerate(text + " "):
        if _script_foreign(ch):
            if run_start is None:
                run_start = k
        elif run_start is not None and not (ch == " " and k + 1 < len(text) and _script_foreign(text[k + 1])):
            flags.append(
                _flag(
                    "odd_phrase",
                    text,
                    run_start,
                    k,
                    f"{_q(text[run_start:k])} is left untranslated (not English script)",
                )
            )
            run_start = None

    ref_words: set[str] = set()
    for r in references:
        ref_words.update(w.lower() for w in re.findall(r"[A-Za-z]+", r.text))
    ref_list = sorted(ref_words)
    lm = _lm()
    starts = {s.start for s in sentences}
    article_caps = {t.low for t in toks if _is_capitalised(t)}
    for t in toks:
        for m in re.finditer(r"[A-Za-z]+", t.text):
            w = m.group()
            low = w.lower()
            if len(w) < 3 or low in ref_words or not w.isascii():
                continue
            if t.text != w and re.search(r"['’]", t.text):
                continue  # contractions and possessives
            a = t.start + m.start()
            capital = w[0].isupper()
            if w.isupper() and len(w) > 1:
                continue  # acronyms
            if capital and a not in starts:
                continue  # a name: name_variant handles near-misses
            z = _zipf(low)
            if z >= 2.7 and (z >= 3.5 or low in _dictionary()):
                continue  # a word; frequent web misspellings are not in the dictionary
            if lm is not None and lm.word_count(low) >= 3:
                continue  # a word edited news uses
            if _inflection_of_word(low):
                continue  # "temblors", "jailhouses": rare forms of listed words
            if not capital and low in article_caps:
                continue
            lang = _foreign_lang(low) if z < 1.5 else None
            if lang and not capital:
                flags.append(
                    _flag(
                        "odd_phrase",
                        text,
                        a,
                        a + len(w),
                        f"{_q(w)} looks like an untranslated {_LANG_NAMES[lang]} word",
                    )
                )
                continue
            sug = _suggest(low, ref_list)
            if capital:
                # sentence-initial: names are common there, so only near-misses of
                # very common words ("Tjhe", "Sicne") count.
                if z > 0 or sug is None or _zipf(sug) < 5.0:
                    continue
            elif z > 0:
                # a rare form next to a far more common word: "becuase", "recieve";
                # rare real words ("dour", "foiling") sit at the same frequency, so
                # above 1.5 only a swap of two adjacent letters counts.
                if sug is None or _zipf(sug) < max(4.0, z + 2.0):
                    continue
                if z >= 1.5 and not _is_transposition(low, sug):
                    continue
            if sug:
                msg = f"{_q(w)} is not an English word; probably {_q(sug)}"
            else:
                msg = f"{_q(w)} is not an English word"
            flags.append(_flag("misspelling", text, a, a + len(w), msg))
    return flags


# ---------------------------------------------------------------- odd phrases


# Expected count under independence above which an unseen bigram is word salad.
_UNSEEN_EXPECTED = 10.0
# ... and above which the news sample not having it is evidence enough on its own: the
# web bigram list is noisy for pairs of very common words ("the of", "a of").
_WEB_OVERRIDE_EXPECTED = 300.0


def _odd_phrases(text: str, sentences: Sequence[Sentence], references: Sequence[Document]) -> list[Flag]:
    flags: list[Flag] = []
    for m in _SPACED_HYPHEN.finditer(text):
        w = re.match(r"[A-Za-z]+", text[m.end() :])
        prev = re.search(r"[A-Za-z]+$", text[: m.start()])
        if not w or not prev:
            continue
        a, b = prev.start(), m.end() + w.end()
        flags.append(
            _flag(
                "odd_phrase",
                text,
                a,
                b,
                f"{_q(text[a:b])}: a hyphenated word split by a space ({_q(prev.group() + '-' + w.group())})",
            )
        )
    lm = _lm()
    if lm is None:
        return flags
    ref_bigrams: set[tuple[str, str]] = set()
    ref_tokens: list[list[str]] = []
    for r in references:
        rt = lm_tokens(r.text)
        ref_tokens.append(rt)
        ref_bigrams.update(zip(rt, rt[1:]))
    for s in sentences:
        spans = [(m.start(), m.end(), m.group()) for m in _LM_TOKEN.finditer(s.text)]
        toks = [("<num>" if g[0].isdigit() else g.lower().replace("’", "'")) for _, _, g in spans]
        if len(toks) < 2:
            continue
        ids = np.array([lm.ids.get(t, 2) for t in toks])
        pairs = np.stack([ids[:-1], ids[1:]], axis=1)
        counts = lm.bigram_counts(pairs)
        expected = lm.unigram[ids[:-1]] * lm.unigram[ids[1:]] / lm.n
        for k in range(len(toks) - 1):
            a, b = toks[k], toks[k + 1]
            if counts[k] or ids[k] <= 2 or ids[k + 1] <= 2 or (a, b) in ref_bigrams:
                continue
            gap = s.text[spans[k][1] : spans[k + 1][0]]
            if not (a[0].isalpha() and b[0].isalpha()) or "\n" in gap or gap.strip():
                continue  # only words that really stand side by side
            if spans[k][2][:1].isupper() and k > 0 or spans[k + 1][2][:1].isupper():
                continue  # names make any pair unseen
            if expected[k] < _UNSEEN_EXPECTED:
                continue  # too rare to judge
            if expected[k] < _WEB_OVERRIDE_EXPECTED and (a, b) in _web_bigrams():
                continue  # seen in general English
            st, en = s.start + spans[k][0], s.start + spans[k + 1][1]
            flags.append(
                _flag(
                    "odd_phrase",
                    text,
                    st,
                    en,
                    f"{_q(text[st:en])} is a word sequence edited news English does not use",
                )
            )
        flags.extend(_calques(text, s, spans, toks, lm, ref_tokens))
    return flags


def _calques(
    text: str,
    s: Sentence,
    spans: list[tuple[int, int, str]],
    toks: list[str],
    lm: _NewsLM,
    ref_tokens: list[list[str]],
) -> list[Flag]:
    """An unseen modifier + head pair where a reference has a frequent news phrase
    for the same thing: 'transport diplomacy' vs 'shuttle diplomacy', 'a high fire'
    vs 'ceasefire'."""
    if not ref_tokens:
        return []
    out: list[Flag] = []
    for k in range(len(toks) - 1):
        a, b = toks[k], toks[k + 1]
        if a in _FUNCTION or b in _FUNCTION or not (a.isalpha() and b.isalpha()):
            continue
        if spans[k][2][:1].isupper() or spans[k + 1][2][:1].isupper():
            continue
        if lm.bigram(a, b) or lm.word_count(a) < 3 or lm.word_count(b) < 3:
            continue
        best: tuple[int, str, int] | None = None
        for src, rt in enumerate(ref_tokens):
            if a in rt and b in rt:
                continue  # the reference uses both words itself
            ref_counts = Counter(rt)
            for w in rt:
                # same head, different modifier: a frequent news bigram
                # compound that ends with the head: "ceasefire" for "high fire"
                if (
                    len(b) >= 4
                    and len(w) > len(b) + 2
                    and w.endswith(b)
                    and w not in (a, b)
                    and ref_counts[w] >= 2
                    and w not in toks
                    and _zipf(w[: -len(b)]) >= 3.0
                ):
                    c = lm.word_count(w)
                    if c >= 3 and (best is None or c > best[0]):
                        best = (c, w, src)
        if best is None:
            continue
        st, en = s.start + spans[k][0], s.start + spans[k + 1][1]
        out.append(
            _flag(
                "odd_phrase",
                text,
                st,
                en,
                f"{_q(text[st:en])} is not a phrase edited news uses; the reference says {_q(best[1])}",
                best[2],
            )
        )
    return out


# ---------------------------------------------------------------- entry point

_PRIORITY = {"repetition": 0, "truncated": 1, "name_variant": 2, "misspelling": 3, "odd_phrase": 4}


def find_garble(
    article: Document, sentences: Sequence[Sentence], references: Sequence[Document] = ()
) -> list[Flag]:
    """All garble flags in the article, ordered by position; where two flags overlap
    the more specific kind wins (a doubled word also makes an odd bigram)."""
    text = article.text
    toks = _tokens(text, sentences)
    found = (
        _repetitions(text, toks, references)
        + _truncations(text, sentences, toks)
        + _names(text, sentences, references)
        + _spelling(text, sentences, toks, references)
        + _odd_phrases(text, sentences, references)
    )
    found.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[Flag] = []
    for f in found:
        if f.kind != "truncated" and any(
            k.kind != "truncated" and f.start < k.end and k.start < f.end for k in kept
        ):
            continue
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end))
    return [_within_sentence(f, text, sentences) for f in kept]


def _within_sentence(f: Flag, text: str, sentences: Sequence[Sentence]) -> Flag:
    """A flag is reported on the sentence where it starts: clip it to that sentence
    (a report would otherwise show the next sentence's text twice)."""
    for s in sentences:
        if s.start <= f.start < s.end:
            if f.end > s.end:
                end = len(text[: s.end].rstrip())
                return Flag(f.kind, f.start, end, text[f.start : end], f.message, f.source)
            break
    return f
