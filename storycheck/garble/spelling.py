"""``misspelling``: non-words; and text left untranslated (``odd_phrase``)."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein

from ..types import Flag
from .base import Context, detector, flag, is_capitalised, q
from .lexicon import dictionary, news_lm, suggest, zipf

FOREIGN_WORDS = Path(__file__).resolve().parents[1] / "models" / "foreign" / "words.tsv.gz"


def _script_foreign(ch: str) -> bool:
    if not ch.isalpha():
        return False
    try:
        return not unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _foreign_words() -> dict[str, str]:
    """Frequent words of eight European languages that English does not use, with
    their language (precomputed from wordfreq by training/build_foreign_words.py)."""
    with gzip.open(FOREIGN_WORDS, "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t") for line in f)


def _foreign_lang(word: str) -> str | None:
    return _foreign_words().get(word.casefold())  # wordfreq keys are casefolded (ß -> ss)


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


_LETTERS = re.compile(r"[^\W\d_]+")
_WEB_ADDRESS = re.compile(r"\s?\.\s?(?:com|org|net|gov|edu|co|io|info|uk|us)\b", re.I)

_INFLECTIONS = ("s", "es", "ness", "ly", "ic", "al", "ed", "ing", "er", "ers")


def _inflection_of_word(low: str) -> bool:
    """A rare form of a listed word: "temblors", "jailhouses"."""
    for suf in _INFLECTIONS:
        if low.endswith(suf) and len(low) - len(suf) >= 4:
            base = low[: -len(suf)]
            # "headily", "happier": -y turns to -i before a suffix
            y_base = base[:-1] + "y" if base.endswith("i") else base
            if any(zipf(b) >= 1.5 for b in (base, base + "e", base + "y", base + "ous", y_base)):
                return True
    return False


def _coinage(low: str) -> bool:
    """A word newsrooms make from listed words: a superlative ("frankest", "stodgiest"),
    a prefix ("reinfected", "nonvoting"), two words written as one ("monthslong",
    "recordless")."""
    if low.endswith("est") and len(low) >= 7:
        base = low[:-3]
        if zipf(base) >= 3.0 or zipf(base + "e") >= 3.0 or base[-1] == "i" and zipf(base[:-1] + "y") >= 2.0:
            return True
    for pre in _PREFIXES:
        rest = low[len(pre) :]
        if low.startswith(pre) and len(rest) >= 4 and (zipf(rest) >= 3.0 or _inflection_of_word(rest)):
            return True
    return _compound_of_words(low)


def _one_slip_from_a_word(low: str) -> bool:
    """One edit away from a frequent word: "excellance" is "excellence" misspelt, not
    "excel" + "lance"."""
    sug = suggest(low)
    if sug is None or DamerauLevenshtein.distance(low, sug) > 1:
        return False
    return zipf(sug) >= 3.0 or sug in dictionary()  # "overpowred" for "overpowered"


# Prefixes English forms new words with freely.
_PREFIXES = ("re", "un", "non", "pre", "co", "mis", "over", "under", "out", "anti", "counter", "semi", "post",
             "hyper", "cyber", "super", "micro", "multi", "inter", "ultra", "mega", "giga", "tera", "nano",
             "kilo")  # fmt: skip


def _compound_of_words(low: str) -> bool:
    """Two frequent words written as one, the way newsrooms coin them: "monthslong",
    "cleareyed", "standardless", "recordless". Both halves at least four letters, so
    misspellings that happen to start with a short word ("alledged") do not pass."""
    d = dictionary()
    return any(
        zipf(low[:k]) >= 3.0 and zipf(low[k:]) >= 3.0 and low[:k] in d and low[k:] in d
        for k in range(4, len(low) - 3)
    )  # in the dictionary too: wordfreq counts fragments ("ment") as words


def _slip_of_a_far_commoner_word(low: str, sug: str, z: float) -> bool:
    """One letter off a word a thousand times commoner, and no dictionary word itself:
    "aginst", "miltary", "contruction" (web misspellings frequent enough to be counted),
    where rare real words ("dour", "foiling") are in the dictionary."""
    return low not in dictionary() and zipf(sug) >= z + 3.0 and DamerauLevenshtein.distance(low, sug) == 1


def _is_transposition(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


@detector("spelling", assigns=["misspelling", "odd_phrase"], requires=["references", "news_lm"])
def spelling(ctx: Context) -> list[Flag]:
    text, toks = ctx.text, ctx.toks
    flags: list[Flag] = []
    # Untranslated text in another script (CJK, Cyrillic, Devanagari ...).
    run_start: int | None = None
    for k, ch in enumerate(text + " "):
        if ch >= "\x80" and _script_foreign(ch):  # ASCII letters are Latin: only the rest is looked up
            if run_start is None:
                run_start = k
        elif run_start is not None and not (ch == " " and k + 1 < len(text) and _script_foreign(text[k + 1])):
            flags.append(
                flag(
                    "odd_phrase",
                    text,
                    run_start,
                    k,
                    f"{q(text[run_start:k])} is left untranslated (not English script)",
                )
            )
            run_start = None

    ref_words = ctx.ref_words
    lm = news_lm()
    starts = ctx.sentence_starts
    article_caps = {t.low for t in toks if is_capitalised(t)}
    for t in toks:
        # whole words of any letters ("Sánchez", never "nchez"); hyphenated parts apart
        for m in _LETTERS.finditer(t.text):
            w = m.group()
            low = w.lower()
            if len(w) < 3 or low in ref_words:
                continue
            if t.text != w and ("'" in t.text or "’" in t.text):
                continue  # contractions and possessives
            a = t.start + m.start()
            if text[t.start - 1 : t.start] in ("#", "@") or "\u00ad" in text[a - 1 : a + len(w) + 1]:
                continue  # hashtags, handles, and words split by a soft hyphen ("Butti\u00adgieg")
            if _WEB_ADDRESS.match(text, a + len(w)) or text[max(0, a - 4) : a].lower() == "www.":
                continue  # a web address, however the crawl spaced it: "eypmcf. com"
            capital = w[0].isupper()
            if w.isupper() and len(w) > 1 or any(c.isupper() for c in w[1:]):
                continue  # acronyms and brands ("iPlane", "PlayStation")
            if capital and a not in starts:
                continue  # a name: name_variant handles near-misses
            if not w.isascii():
                # letters English does not use: unless English has borrowed the word
                # ("café", "naïve", "über"), a lower-case one was left untranslated
                if not capital and zipf(low) < 1.5:
                    lang = _foreign_lang(low)
                    what = f"an untranslated {_LANG_NAMES[lang]} word" if lang else "an untranslated word"
                    flags.append(flag("odd_phrase", text, a, a + len(w), f"{q(w)} looks like {what}"))
                continue
            z = zipf(low)
            if z >= 2.7 and (z >= 3.5 or low in dictionary()):
                continue  # a word; frequent web misspellings are not in the dictionary
            if lm is not None and lm.word_count(low) >= 3:
                continue  # a word edited news uses
            if _inflection_of_word(low):
                continue  # rare forms of listed words
            if _coinage(low) and not _one_slip_from_a_word(low):
                continue  # newsroom coinages
            if not capital and low in article_caps:
                continue
            lang = _foreign_lang(low) if z < 1.5 else None
            if lang and not capital:
                flags.append(
                    flag(
                        "odd_phrase",
                        text,
                        a,
                        a + len(w),
                        f"{q(w)} looks like an untranslated {_LANG_NAMES[lang]} word",
                    )
                )
                continue
            # whether it is a slip is judged against the dictionary (the references' words
            # win ties only); what to offer prefers the references' words
            sug = suggest(low, ctx.ref_vocabulary, head_start=False)
            if sug is None and re.search(r"(.)\1\1", low):
                continue  # drawn-out speech ("whuuuuhhh"), near no word; "committtee" is a slip
            if capital:
                # sentence-initial: names are common there, so only near-misses of
                # very common words ("Tjhe", "Sicne") count.
                if z > 0 or sug is None or zipf(sug) < 5.0:
                    continue
            elif z > 0:
                # a rare form next to a far more common word: "becuase", "recieve";
                # rare real words ("dour", "foiling") sit at the same frequency, so
                # above 1.5 only a swap of two adjacent letters counts.
                if sug is None or zipf(sug) < max(4.0, z + 2.0):
                    continue
                if z >= 1.5 and not (
                    _is_transposition(low, sug) or _slip_of_a_far_commoner_word(low, sug, z)
                ):
                    continue
            sug = suggest(low, ctx.ref_vocabulary) or sug
            if sug:
                msg = f"{q(w)} is not an English word; probably {q(sug)}"
            else:
                msg = f"{q(w)} is not an English word"
            flags.append(flag("misspelling", text, a, a + len(w), msg))
    return flags
