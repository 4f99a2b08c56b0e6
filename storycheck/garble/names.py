"""``name_variant``: near-miss spellings of a name the references (or the article) use."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from rapidfuzz import fuzz

from ..types import Flag
from .base import Context, detector, flag, q
from .lexicon import FUNCTION, zipf

_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:[A-Z][a-z]+)?(?![\w])")


def translit_key(name: str) -> str:
    """Fold spelling differences that transliteration produces (Zelensky / Zelenskiy /
    Zelenskyy, Gaddafi / Qaddafi / Kadhafi, Kiev / Kyiv) so accepted variants compare
    equal while other edits (Zensky, Amercia) do not."""
    # letters English writes without their marks: "Guaycurú" / "Guaycuru", "Talstraße"
    s = unicodedata.normalize("NFKD", name.lower().replace("ß", "ss"))
    s = "".join(c for c in s if not unicodedata.combining(c))
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


# A capitalised word of any script ("Sánchez", "Zelenskiy", "McCain"), alone or inside a
# hyphenated compound ("Putin-Zelenskiy"): at most two capitals, not an acronym.
_CAP_WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?![\w])")


def _is_name(w: str) -> bool:
    return w[0].isupper() and sum(c.isupper() for c in w) <= 2 and not w[1:2].isupper() and len(w) > 1


def name_spans(doc_text: str) -> list[re.Match[str]]:
    return [m for m in _CAP_WORD.finditer(doc_text) if _is_name(m.group())]


def _name_counts(spans: list[re.Match[str]]) -> Counter[str]:
    return Counter(m.group() for m in spans)


def _name_neighbours(doc_text: str, spans: list[re.Match[str]]) -> tuple[dict[str, set[str]], set[str]]:
    """The capitalised words each name stands beside ("Marfin" -> {"Bank"}): the rest
    of a multi-word name, which tells two entities apart; and the names that never end
    a name ("Marion" of "Marion County"; a surname ends "Volodymyr Zelenskiy")."""
    spans = [m for m in spans if m.group().lower() not in FUNCTION]
    out: dict[str, set[str]] = {}
    followed: set[int] = set()
    for k, (m, n) in enumerate(zip(spans, spans[1:])):
        if n.start() - m.end() == 1 and doc_text[m.end()] in " -":
            out.setdefault(m.group(), set()).add(n.group())
            out.setdefault(n.group(), set()).add(m.group())
            followed.add(k)
    ends = {m.group() for k, m in enumerate(spans) if k not in followed}
    return out, {m.group() for m in spans} - ends


@detector("names", assigns=["name_variant"], requires=["references"])
def names(ctx: Context) -> list[Flag]:
    """The references' spelling of a name is the right one (with its accepted
    transliterations: Zelenskiy / Zelensky); a near miss of it in the article is the
    variant, however often the article uses it. Without a reference spelling, the
    rarer of two near-miss spellings in the article is the variant."""
    text = ctx.text
    # each text's names found once (counts, neighbours and the variants all use them)
    spans = name_spans(text)
    ref_spans = [name_spans(r.text) for r in ctx.references]
    article = _name_counts(spans)
    ref_counts: list[Counter[str]] = [_name_counts(rs) for rs in ref_spans]
    ref_names: set[str] = {n for rc in ref_counts for n in rc}
    # the article's spellings the references back (the same or an accepted transliteration)
    ref_keys = {translit_key(n) for n in ref_names}
    canonical = ref_names | {n for n in article if translit_key(n) in ref_keys and zipf(n.lower()) > 0}
    pool: Counter[str] = Counter(article)
    for rc in ref_counts:
        pool.update(rc)
    # a near miss that stands in another multi-word name is another entity: "Marfin
    # Bank" is not the reference's "Marion County"
    art_near, _ = _name_neighbours(text, spans)
    ref_near: dict[str, set[str]] = {}
    ref_alone: set[str] = set()
    ref_bound: set[str] = set()
    for r, rs, rc in zip(ctx.references, ref_spans, ref_counts):
        near_r, bound_r = _name_neighbours(r.text, rs)
        for n, near in near_r.items():
            ref_near.setdefault(n, set()).update(near)
        ref_bound |= bound_r
        ref_alone |= set(rc) - bound_r
    ref_bound -= ref_alone

    def same_slot(x: str, y: str) -> bool:
        a, b = art_near.get(x, set()) - {y}, ref_near.get(y, set()) - {x}
        shared = bool({translit_key(n) for n in a} & {translit_key(n) for n in b})
        if y in ref_bound:  # the reference only ever writes it inside a longer name
            return shared
        return not (a and b) or shared

    flags: list[Flag] = []
    cache: dict[str, tuple[str, int | None] | None] = {}
    for k, m in enumerate(spans):
        x = m.group()
        if len(x) < 4 or x in canonical or x.lower() in ctx.ref_words:
            continue
        if x not in cache:
            cache[x] = _name_target(x, pool, canonical, ref_counts, same_slot)
        hit = cache[x]
        if hit is None:
            hit = _compound_partner(text, m, spans[k - 1] if k else None, ref_counts, ctx.ref_words)
        if hit is None:
            continue
        y, src = hit
        where = "the reference's spelling" if src is not None else "used elsewhere in the article"
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
    x: str,
    pool: Counter[str],
    canonical: set[str],
    ref_counts: list[Counter[str]],
    same_slot: Callable[[str, str], bool],
) -> tuple[str, int | None] | None:
    ref_names = {n for rc in ref_counts for n in rc}
    zx = zipf(x.lower())
    if zx >= 3.0:
        return None  # an established word or name, not a garble
    best: tuple[tuple[bool, bool, float], str] | None = None
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
        if y in ref_names and not same_slot(x, y):
            continue
        backed = y in canonical
        # Without a reference spelling the variant is the rarer one: fewer uses, less
        # established.
        if not backed and (pool[x], zx) >= (pool[y], zy):
            continue
        key = (y in ref_names, backed, score)  # the reference's own spelling first
        if best is None or key > best[0]:
            best = (key, y)
    if best is None:
        return None
    y = best[1]
    src = next((k for k, rc in enumerate(ref_counts) if y in rc), None)
    return y, src


def _compound_partner(
    text: str,
    m: re.Match[str],
    prev: re.Match[str] | None,
    ref_counts: list[Counter[str]],
    ref_words: set[str],
) -> tuple[str, int | None] | None:
    """A name joined by a hyphen to a reference name ("a Putin-Settenky meeting") that
    the references do not use, is no word, and shares its ending with a reference name
    is most likely that name mangled: the compound's other half tells who is meant."""
    if prev is None or prev.end() + 1 != m.start() or text[prev.end()] not in "-‐–":
        return None
    x, partner = m.group(), prev.group()
    if partner.lower() not in ref_words or zipf(x.lower()) > 0:
        return None
    best: tuple[float, str, int] | None = None
    for src, rc in enumerate(ref_counts):
        for y in rc:
            kx, ky = translit_key(x), translit_key(y)
            if y == partner or len(y) < 4 or kx[-2:] != ky[-2:]:
                continue
            score = fuzz.ratio(kx, ky)
            if score >= 60 and (best is None or score > best[0]):
                best = (score, y, src)
    return (best[1], best[2]) if best else None
