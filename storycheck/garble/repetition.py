"""``repetition``: generation loops, doubled words and phrases, a sentence said twice."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from ..types import Flag
from .base import WORD, Context, Tok, detector, flag, is_capitalised, q
from .lexicon import FUNCTION, news_lm, web_bigrams, zipf

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
# Verbs of a reporting clause: "X, X said" ends one clause and starts another.
_REPORTING = frozenset("said says told added announced reported wrote".split())
_PRONOUNS = frozenset("he she it they we i this".split())
_PUNCT_RUN = re.compile(r"([.,!?])\1{5,}")
_INNER_LOOP = re.compile(r"([A-Za-z]{2,})\1{2,}", re.I)
_HYPHEN_OR_SLASH = re.compile(r"[-/]")
_INNER_PUNCT = re.compile(r"[-'’]")


def _clause_start(text: str, toks: list[Tok], i: int) -> bool:
    if i == 0 or toks[i - 1].sent != toks[i].sent:
        return True
    gap = text[toks[i - 1].end : toks[i].start]
    return bool(re.search(r"[,;:—–(\"“]", gap)) or toks[i - 1].low in {"and", "but", "or"}


def _clause_end(text: str, toks: list[Tok], j: int) -> bool:
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


def _sentence_edge(toks: list[Tok], a: int, b: int) -> bool:
    """Tokens a..b make up a whole sentence."""
    first = a == 0 or toks[a - 1].sent != toks[a].sent
    last = b + 1 >= len(toks) or toks[b + 1].sent != toks[b].sent
    return first and last


_QUOTED = re.compile(r'“[^”\n]*”|"[^"\n]*"')


def _quoted(quotes: list[tuple[int, int]], pos: int) -> bool:
    return any(a < pos < b for a, b in quotes)


def _contrast(toks: list[Tok], i: int, j: int, size: int) -> bool:
    """The two occurrences of a phrase, each stretched as far as they agree, part on a
    name or number: parts of two different names, amounts or dates ("Intel HD Graphics
    3000 to Intel HD Graphics 4000", "a one-day ration on Nov. 7 and a one-day ration on
    Nov. 11", "the Senate Armed Services Committee and the House Armed Services
    Committee"), not a loop."""

    def named(t: Tok) -> bool:
        return t.text[:1].isupper() or t.text[:1].isdigit()

    n = len(toks)
    after = 0  # stretch forward while the words agree (the first copy stays before j)
    while (
        i + size + after < j
        and j + size + after < n
        and toks[i + size + after].low == toks[j + size + after].low
    ):
        after += 1
    before = 0  # and backward (the second copy stays after the first)
    while (
        i - before - 1 >= 0
        and j - before - 1 >= i + size
        and toks[i - before - 1].low == toks[j - before - 1].low
    ):
        before += 1
    for a, b in ((i + size + after, j + size + after), (i - before - 1, j - before - 1)):
        if a < 0 or b >= n or b < i + size or (a > i and a >= j):
            continue
        ta, tb = toks[a], toks[b]
        if (
            ta.sent == toks[i].sent
            and tb.sent == toks[j].sent
            and ta.low != tb.low
            and named(ta)
            and named(tb)
        ):
            return True
    return False


# Words that open a noun phrase: a word after them and before a noun modifies the noun
# ("the overseas territories"), where after "are" or "to" it may be a verb ("are given
# bed linen").
_NP_OPENERS = frozenset(
    """a an the this that these those my your his her its our their some any no every each
    of for with from in on at by about against among between into over under without""".split()
)


def _modified_then_plain(text: str, toks: list[Tok], i: int, j: int, size: int) -> bool:
    """Two copies of X around "and"/"or" where the first has a modifier of its own: "aggravated sexual assault
    and assault", "the overseas territories and territories" name a kind and then the
    whole (grammatical, if clumsy), where "the beach and the beach", "training and
    training" or "are given bed linen or bed linen" say one thing twice. A modifier is a
    lower-case content word right before X that is a known pair with it in news or on the
    web ("sexual assault"), or that itself follows a determiner or preposition."""
    if i == 0 or j != i + size + 1 or toks[i + size].low not in ("and", "or"):
        return False
    prev = toks[i - 1]
    if not (
        prev.sent == toks[i].sent
        and not text[prev.end : toks[i].start].strip()  # right before it, no comma
        and prev.low.isalpha()
        and prev.low not in FUNCTION
        and prev.text.islower()
    ):
        return False
    lm = news_lm()
    if (lm is not None and lm.bigram(prev.low, toks[i].low) >= 2) or (prev.low, toks[i].low) in web_bigrams():
        return True
    before = toks[i - 2] if i >= 2 and toks[i - 2].sent == prev.sent else None
    return before is not None and before.low in _NP_OPENERS and not text[before.end : prev.start].strip()


def _heading_run_in(text: str, toks: list[Tok], i: int, j: int) -> bool:
    """The repeat starts with a capital mid-sentence where the first copy has none, no
    punctuation before it: a heading whose line break was lost runs into its text
    ("An Overview of the BlackBerry Curve 8900 The BlackBerry Curve 8900 -- ..."), not a
    loop, which repeats its words as they were."""
    a, b = toks[i], toks[j]
    if a.sent != b.sent or j == 0 or not (a.text[:1].islower() and b.text[:1].isupper()):
        return False
    return not re.search(r"[.!?:;,\"“”—–]", text[toks[j - 1].end : b.start])


def _repeated_in_reference(ref_lows: list[list[str]], gram: tuple[str, ...], width: int) -> bool:
    """A reference says (part of) the phrase twice within the same stretch: the repeat is
    in the original ("the sight of your souls while sinning, the sight of your souls
    while sinning"), not made by the translation. Any three words of the phrase (all of
    a shorter one) count."""
    n = min(3, len(gram))
    parts = {gram[k : k + n] for k in range(len(gram) - n + 1)}
    for rl in ref_lows:
        seen: dict[tuple[str, ...], int] = {}
        for k in range(len(rl) - n + 1):
            g = tuple(rl[k : k + n])
            if g in parts:
                if g in seen and k - seen[g] <= width:
                    return True
                seen[g] = k
    return False


def _word_list(text: str, a: int, b: int, word: str) -> bool:
    """text[a:b] is one word listed, commas between (and a last "and"/"or"): "check,
    check, check and check", said on purpose."""
    w = re.escape(word)
    return bool(re.fullmatch(rf"{w}(?:,\s*{w})+(?:,?\s+(?:and|or)\s+{w})?", text[a:b], re.I))


def _base(low: str) -> str:
    """The word without a possessive: "shanghai's" -> "shanghai"."""
    return low[:-2] if low.endswith(("'s", "’s")) else low


@detector("repetition", assigns=["repetition"], requires=["references"])
def repetitions(ctx: Context) -> list[Flag]:
    text, toks, references = ctx.text, ctx.toks, ctx.references
    flags: list[Flag] = []
    # Names and numbers that also stand alone (in the references, or elsewhere in the
    # article) and are not doubled in the references: doubling them is an error, where
    # "Bora Bora" or "Walla Walla" always come doubled.
    alone: set[str] = set()
    ref_doubled: set[str] = set()
    for r in references:
        rt = [_base(m.group().lower()) for m in WORD.finditer(r.text)]
        alone.update(rt)
        ref_doubled.update(a for a, b in zip(rt, rt[1:]) if a == b)
    bases = [_base(t.low) for t in toks]
    for k, w in enumerate(bases):
        if (k == 0 or bases[k - 1] != w) and (k + 1 == len(bases) or bases[k + 1] != w):
            alone.add(w)
    alone -= ref_doubled
    # Loops inside one token: "WhiteWhiteWhite", "DMC-DMC-DMC".
    for t in toks:
        if "-" in t.low or "/" in t.low:  # most words have one part, which cannot repeat
            top, top_n = Counter(_HYPHEN_OR_SLASH.split(t.low)).most_common(1)[0]
            if top_n >= 3 and not (top.isdigit() and top_n < 5):  # a slogan or a score: "9-9-9"
                flags.append(
                    flag(
                        "repetition",
                        text,
                        t.start,
                        t.end,
                        f"{q(top)} repeated {top_n} times: likely a generation loop",
                    )
                )
                continue
            slashed = t.low.split("/")
            if any(a == b and not a.isdigit() for a, b in zip(slashed, slashed[1:])):  # not "10/10"
                flags.append(flag("repetition", text, t.start, t.end, f"{q(t.text)}: doubled word"))
                continue
        m = _INNER_LOOP.search(t.text)
        if m and len(m.group()) >= 6 and zipf(t.low) == 0:
            flags.append(
                flag(
                    "repetition",
                    text,
                    t.start + m.start(),
                    t.start + m.end(),
                    f"{q(m.group(1))} repeated inside a word: likely a generation loop",
                )
            )
    for m in _PUNCT_RUN.finditer(text):
        flags.append(
            flag(
                "repetition",
                text,
                m.start(),
                m.end(),
                f"{q(m.group(1))} repeated {len(m.group())} times: likely a generation loop",
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
        if count == 2 and word.isdigit() or j > i and _INNER_PUNCT.sub("", word).isalpha():
            gaps = [text[toks[k].end : toks[k + 1].start] for k in range(i, j)]
            # "very, very"; "Johnson & Johnson"; "IBM (IBM)" (a ticker), not "(X) (X)"
            comma = any(re.search(r"[,!—\-&]", g) or "(" in g and ")" not in g for g in gaps)
            # "a new New York law": the second word starts a name
            name_after = count == 2 and t.text[:1].islower() and toks[j].text[:1].isupper()
            # "Bora Bora", "Duran Duran"; unless the name also stands alone
            capital_name = is_capitalised(t) and zipf(word) < 3.5 and word not in alone
            # "in 2016 2016" only where the number also stands alone
            # ("4.4", "10/10" are not doubles)
            number = word.isdigit() and (word not in alone or any(g.strip() for g in gaps))
            listed = all(re.search(r"[,!]", g) for g in gaps)  # "check, check, check, check": on purpose
            if count >= 8 or count >= 3 and not listed:
                flags.append(
                    flag(
                        "repetition",
                        text,
                        t.start,
                        toks[j].end,
                        f"{q(t.text)} repeated {count} times: likely a generation loop",
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
                    flag(
                        "repetition",
                        text,
                        t.start,
                        toks[j].end,
                        f"{q(t.text)} doubled: likely a translation or generation error",
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
        if len(short) < 4 or short in FUNCTION:
            continue
        stem = short[:-1] if short.endswith("e") and not long_.startswith(short) else short
        if (
            len(stem) >= 4
            and long_.startswith(stem)
            and long_[len(stem) :] in _STEM_SUFFIXES | {"e" + s for s in _STEM_SUFFIXES}
        ):
            if is_capitalised(a) != is_capitalised(b):
                continue  # "Frank frankly" style name-word pairs
            flags.append(
                flag(
                    "repetition",
                    text,
                    a.start,
                    b.end,
                    f"{q(text[a.start : b.end])}: the same word twice in different forms",
                )
            )

    # Repeated words or phrases a few words apart: "the Palace of the Palace",
    # "enjoyable and enjoyable", "he was a member ... . He was a member ...".
    content = [t.low not in FUNCTION and t.low.isalpha() and len(t.low) > 1 for t in toks]
    covered: set[int] = set()
    lows = [t.low for t in toks]  # compared as list slices
    digit = [w[:1].isdigit() for w in lows]
    # where each word occurs: a repeat can only start where the phrase's first word
    # comes back, so only those places are tried (not every token of the window)
    at: dict[str, list[int]] = {}
    for k, w in enumerate(lows):
        at.setdefault(w, []).append(k)
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    ref_lows = [[m.group().lower() for m in WORD.finditer(r.text)] for r in references]
    for size, max_gap in ((6, 40), (5, 30), (4, 24), (3, 16), (2, 1), (1, 1)):
        for i in range(n - size + 1):
            if i in covered:
                continue
            if not any(content[i : i + size]) or any(digit[i : i + size]):
                continue  # dates and amounts recur in datelines
            glist = lows[i : i + size]
            gram = tuple(glist)
            first = glist[0]
            places = at[first]
            lo, hi = i + size, min(n - size + 1, i + size + max_gap + 1)
            for j in places[bisect_left(places, lo) :]:
                if j >= hi:
                    break
                if lows[j : j + size] != glist:
                    continue
                if size == 2 and j == i + 2 and gram[0] in {"and", "or"}:
                    break  # "and pleasant and pleasant": the loop is "pleasant and pleasant"
                gap_toks = toks[i + size : j]
                gap_text = text[toks[i + size - 1].end : toks[j].start]
                head = i  # the list may start before this copy: "check, check, check and check"
                while (
                    head > 0
                    and toks[head - 1].low == first
                    and text[toks[head - 1].end : toks[head].start].strip() == ","
                ):
                    head -= 1
                if len(set(glist)) == 1 and _word_list(text, toks[head].start, toks[j + size - 1].end, first):
                    break  # one word listed on purpose: "check, check, check and check"
                if "!" in gap_text:
                    break  # shouted repeats: "Taser! Taser!"
                if (
                    len(gap_toks) <= 12
                    and re.search(r"[,;—–-]", gap_text)
                    and all(_quoted(quotes, toks[k].start) for k in (i, j))
                ):
                    # a speaker saying it twice: “every day, every day”, “if I thought there
                    # was something wrong, I'd go to the FBI—if I thought there was something wrong”
                    break
                if all(text[toks[k].start - 1 : toks[k].start] in ('"', "“") for k in (i, j)):
                    break  # a title quoted again: "Changing the Face of Medicine" ... "Changing the Face of Medicine"
                after = toks[j + size] if j + size < n and toks[j + size].sent == toks[j].sent else None
                if "," in gap_text and after is not None and after.low in _REPORTING:
                    break  # "resigned from the company, the company said"
                if (
                    gap_toks
                    and gap_toks[-1].low == "and"
                    and after is not None
                    and after.low in ("is", "was", "has")
                    and not text[toks[j + size - 1].end : after.start].strip()
                ):
                    # "... through social media and social media is everywhere": a subject
                    # "X and X" would take "are"; this "and" joins two clauses
                    break
                if (
                    size == 1
                    and after is not None
                    and after.low == "again"
                    and gap_toks[-1:]
                    and gap_toks[-1].low == "and"
                ):
                    break  # "attack and attack again", "try and try again"
                if size >= 2 and _contrast(toks, i, j, size):
                    break  # "Intel HD Graphics 3000 to Intel HD Graphics 4000", "Senate / House Armed Services"
                if size <= 2 and _modified_then_plain(text, toks, i, j, size):
                    break  # "aggravated sexual assault and assault": two charges, a kind and the whole
                if _heading_run_in(text, toks, i, j):
                    break  # "An Overview of the BlackBerry Curve 8900 The BlackBerry Curve 8900 --"
                stretch = size  # the repeat as far as it goes
                while j + stretch < n and i + stretch < j and lows[i + stretch] == lows[j + stretch]:
                    stretch += 1
                if _repeated_in_reference(ref_lows, tuple(lows[i : i + stretch]), j + stretch - i):
                    break  # the original says it twice too: the repeat is the writer's
                if size == 1:
                    if len(gap_toks) != 1:
                        break  # adjacent doubles are handled above
                    g = gap_toks[0].low
                    if _legit_alternation(gram[0], g) or g not in {"and", "or", "of"}:
                        break
                    if is_capitalised(toks[i]):
                        break  # "Lord of Lords"
                elif size == 2 and (
                    _legit_alternation(gram[1], gram[0]) or _legit_alternation(gram[0], gram[1])
                ):
                    break  # "... and again and again", "one by one by one"
                if (
                    not gap_toks
                    and re.search(r"[,(\[\"“—–-]", gap_text)
                    and is_capitalised(toks[i])
                    and is_capitalised(toks[i + size - 1])
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
                        and all(t.low in FUNCTION | _FILLERS for t in gap_toks)
                        and _clause_end(text, toks, j + span - 1)
                    )
                    # a name as its own object: "the Fisheries Organisation is a member of
                    # the Fisheries Organisation"; the longer the name, the wider the gap
                    caps = sum(is_capitalised(t) for t in toks[i : i + size])
                    named = toks[i].sent == toks[j].sent and (
                        len(gap_toks) <= 3 and caps >= 2 or len(gap_toks) <= 6 and caps >= 3
                    )
                    same_sentence = toks[i].sent == toks[j + span - 1].sent
                    if not same_sentence:
                        # across sentences only a sentence said twice is a loop
                        if not all(_sentence_edge(toks, k, k + span - 1) for k in (i, j)):
                            break
                    elif not (whole and span >= 5 or tight or named or span >= 8):
                        break
                elif gap_toks and not all(t.low in FUNCTION and t.text.islower() for t in gap_toks):
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
                    msg = f"{q(phrase)} repeated: likely a translation or generation loop"
                flags.append(flag("repetition", text, a, b, msg))
                covered.update(range(i, j + size))
                break

    # One compound written two ways side by side: "ice skating or ice-skating".
    for c in range(1, n - 1):
        if toks[c].low not in ("or", "and") or c in covered:
            continue
        for nl, nr in ((2, 1), (1, 2), (1, 1)):
            left, right = toks[max(0, c - nl) : c], toks[c + 1 : c + 1 + nr]
            if len(left) != nl or len(right) != nr or any(t.sent != toks[c].sent for t in left + right):
                continue
            raw = [" ".join(t.low for t in side) for side in (left, right)]
            glued = [re.sub(r"[-‐ ]", "", r) for r in raw]
            if glued[0] == glued[1] and raw[0] != raw[1] and len(glued[0]) >= 6:
                a, b = left[0].start, right[-1].end
                flags.append(
                    flag(
                        "repetition",
                        text,
                        a,
                        b,
                        f"{q(text[a:b])}: the same word written two ways side by side",
                    )
                )
                covered.update(range(c - len(left), c + len(right) + 1))
                break

    # A sentence said again with another subject: "Murnau was born in Murnau, Germany.
    # He was born in Murnau, Germany."
    by_sent: dict[int, list[Tok]] = {}
    for t in toks:
        by_sent.setdefault(t.sent, []).append(t)
    order = sorted(by_sent)
    for s1, s2 in zip(order, order[1:]):
        x, y = by_sent[s1], by_sent[s2]
        if len(y) < 5 or len(x) < len(y) or y[0].low not in _PRONOUNS:
            continue  # "Smith voted against it. Jones voted against it." is two facts
        tail = [t.low for t in x[len(x) - len(y) + 1 :]]
        if tail == [t.low for t in y[1:]]:
            flags.append(
                flag(
                    "repetition",
                    text,
                    y[0].start,
                    y[-1].end,
                    "This sentence repeats the one before with another subject: likely a generation loop",
                )
            )

    # Loops of one content word: "pancreas removed from each pancreas of pancreas".
    window = 10
    for i, t in enumerate(toks):
        if not content[i] or i in covered:
            continue
        places = at[t.low]
        near = places[bisect_left(places, i) : bisect_left(places, i + window)]
        same = [k for k in near if toks[k].sent == t.sent]
        if len(same) < 3:
            continue  # every loop needs the word three times or more
        between = text[t.start : toks[same[-1]].end]
        if _word_list(text, toks[i].start, toks[same[-1]].end, t.low):
            continue  # one word listed on purpose: "check, check, check and check"
        after_number = sum(k > 0 and toks[k - 1].low[:1].isdigit() for k in same)
        # lists repeat heads ("bags, ..., bags"), amounts repeat units, names recur
        needed = 4 if after_number >= 2 or is_capitalised(t) else 3
        if "," in between:
            needed = 5
        if len(same) >= needed:
            flags.append(
                flag(
                    "repetition",
                    text,
                    t.start,
                    toks[same[-1]].end,
                    f"{q(t.text)} used {len(same)} times in a few words: likely a generation loop",
                )
            )
            covered.update(range(i, same[-1] + 1))
    return flags
