"""``name_variant``: near-miss spellings of a name the references (or the article) use."""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from ..types import Flag
from .base import Context, detector, flag, q
from .lexicon import zipf

_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:[A-Z][a-z]+)?(?![\w])")


def translit_key(name: str) -> str:
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


@detector("names", assigns=["name_variant"], requires=["references"])
def names(ctx: Context) -> list[Flag]:
    text, sentences, references = ctx.text, ctx.sentences, ctx.references
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
            flag(
                "name_variant",
                text,
                m.start(),
                m.end(),
                f"{q(x)} looks like a misspelling of {q(y)} ({where})",
                src,
            )
        )
    return flags


def _name_target(
    x: str, article: Counter[str], pool: Counter[str], ref_counts: list[Counter[str]], at_start: bool
) -> tuple[str, int | None] | None:
    zx = zipf(x.lower())
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
        zy = zipf(y.lower())
        if zx >= 2.0 and zy >= 2.0:
            continue  # both established: different names (Johnson / Johnston)
        short, long_ = sorted((x, y), key=len)
        if long_.startswith(short[:-1]) and len(long_) - len(short) <= 3 and zx > 0:
            continue  # inflection or demonym: Israel / Israeli, Smith / Smiths
        if long_.startswith(short) or long_.endswith(short):
            continue  # "FoxSports" / "Sports"
        if translit_key(x) == translit_key(y) and (zx > 0 or zy < 2.0):
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
