"""``odd_phrase`` for calques: a word-for-word translation of a set phrase, where a
reference says the same thing with the phrase edited news uses.

Two shapes, both only where the reference puts the phrase in the same context (a content
word shared within three words either side), which makes it a mistranslation of the same
thing rather than another way of putting it:

- a compound of the head: "a high fire" where the reference says "ceasefire";
- the same head with another modifier: "transport diplomacy" where the reference says
  "shuttle diplomacy". Only when the reference's phrase is a lexicalised compound
  (WordNet's two-word nouns, ``storycheck/models/compounds``) and both modifiers are
  nouns: an adjective before a noun is a free choice of words ("more" / "greater
  stability", "key" / "main characteristics", "extensive" / "widespread looting" are
  paraphrases, and were most of what a rule without the compound list flagged on clean
  translations: 14 % of DEMETR's clean MT sentences); nor when the two modifiers are two
  nouns for one thing ("lorry" / "truck driver": WordNet synonyms or one hypernym step).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..types import Flag, Sentence
from .base import Context, detector, flag, q
from .lexicon import FUNCTION, LM_TOKEN, NewsLM, news_lm, web_bigrams, zipf

COMPOUNDS_DIR = Path(__file__).resolve().parents[1] / "models" / "compounds"


@lru_cache(maxsize=1)
def compounds() -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
    """WordNet's two-word noun compounds (modifier, head) and its adjectives, built by
    ``training/build_compounds.py``; empty if the files are missing."""
    try:
        with gzip.open(COMPOUNDS_DIR / "compounds.tsv.gz", "rt", encoding="utf-8") as f:
            listed = [line.rstrip("\n").split("\t", 1) for line in f]
        # WordNet lists most compounds in the singular and a few in the plural
        # ("merchant_vessels"): keep every form a plural could reduce to
        pairs = frozenset((m, form) for m, h in listed for form in _lemmas(h))
        with gzip.open(COMPOUNDS_DIR / "adjectives.txt.gz", "rt", encoding="utf-8") as f:
            adjectives = frozenset(line.rstrip("\n") for line in f)
    except FileNotFoundError:
        return frozenset(), frozenset()
    return pairs, adjectives


@lru_cache(maxsize=1)
def _synsets() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """WordNet's noun synsets of each one-word noun, and each synset's hypernyms; read
    only when a same-head candidate turns up (rare), so most checks never load them."""
    try:
        with gzip.open(COMPOUNDS_DIR / "nouns.tsv.gz", "rt", encoding="utf-8") as f:
            nouns = {w: frozenset(o.split()) for w, o in (line.rstrip("\n").split("\t", 1) for line in f)}
        with gzip.open(COMPOUNDS_DIR / "hypernyms.tsv.gz", "rt", encoding="utf-8") as f:
            up = {s: tuple(o.split()) for s, o in (line.rstrip("\n").split("\t", 1) for line in f)}
    except FileNotFoundError:
        return {}, {}
    return nouns, up


def _same_thing(a: str, c: str) -> bool:
    """Two nouns for one thing: they share a WordNet synset ("freight" / "cargo") or one
    is the other's direct hypernym ("lorry" / "truck", "petrol" / "fuel"). A calque takes
    a word that means something else ("transport" is two steps above "shuttle")."""
    nouns, up = _synsets()
    sa = frozenset().union(*(nouns.get(x, frozenset()) for x in _lemmas(a)))
    sc = frozenset().union(*(nouns.get(x, frozenset()) for x in _lemmas(c)))
    if sa & sc:
        return True
    return any(h in sc for s in sa for h in up.get(s, ())) or any(h in sa for s in sc for h in up.get(s, ()))


def _lemmas(noun: str) -> tuple[str, ...]:
    """The word and its possible singulars ("talks" -> "talk", "policies" -> "policy"):
    WordNet lists compounds in the singular."""
    out = [noun]
    if noun.endswith("ies"):
        out.append(noun[:-3] + "y")
    if noun.endswith("es"):
        out.append(noun[:-2])
    if noun.endswith("s") and not noun.endswith("ss"):
        out.append(noun[:-1])
    return tuple(out)


def _is_compound(a: str, b: str) -> bool:
    pairs = compounds()[0]
    return any((a, h) in pairs for h in _lemmas(b))


def _noun_modifier(w: str) -> bool:
    """A word that can only be a noun before a noun: no adjective (nor its comparative,
    "greater", "bigger"), no participle ("closing schools", "flagged vessel")."""
    adjectives = compounds()[1]
    if w in adjectives or w.endswith(("ed", "ing")):
        return False
    for suffix in ("er", "est"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            if {stem, stem + "e", stem[:-1], stem[:-1] + "y" if stem.endswith("i") else stem} & adjectives:
                return False
    return True


@dataclass
class _Ref:
    """One reference, tokenised once per check with the indexes both rules look words
    up in (a scan of every reference token per candidate pair was most of the cost)."""

    src: int
    text: str
    spans: list[tuple[int, int, str]]
    toks: list[str]
    words: set[str] = field(init=False)
    # "ceasefire" under "fire", "fire" ... : words said twice, by their suffixes of 4+ letters
    by_suffix: dict[str, list[str]] = field(init=False)
    at: dict[str, list[int]] = field(init=False)  # word -> its positions
    # singular or plural form -> positions of the words that may reduce to it (j >= 1)
    by_lemma: dict[str, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.words = set(self.toks)
        self.at = {}
        for j, w in enumerate(self.toks):
            self.at.setdefault(w, []).append(j)
        self.by_suffix = {}
        for w, js in self.at.items():
            if len(js) >= 2 and w not in FUNCTION and w.isalpha():
                for i in range(3, len(w) - 3):
                    self.by_suffix.setdefault(w[i:], []).append(w)
        self.by_lemma = {}
        for j in range(1, len(self.toks)):
            for form in set(_lemmas(self.toks[j])):
                self.by_lemma.setdefault(form, []).append(j)


@detector("calques", assigns=["odd_phrase"], requires=["references", "news_lm"])
def calques(ctx: Context) -> list[Flag]:
    lm = news_lm()
    if lm is None or not ctx.references:
        return []
    refs = []
    for src, r in enumerate(ctx.references):
        spans = [(m.start(), m.end(), m.group()) for m in LM_TOKEN.finditer(r.text)]
        refs.append(_Ref(src, r.text, spans, [_norm(g) for _, _, g in spans]))
    out: list[Flag] = []
    for s in ctx.sentences:
        spans = [(m.start(), m.end(), m.group()) for m in LM_TOKEN.finditer(s.text)]
        toks = [_norm(g) for _, _, g in spans]
        tok_set = set(toks)
        for k in range(len(toks) - 1):
            if _candidate(s, spans, toks, k, lm):
                found = _compound_of_head(toks, tok_set, k, refs, lm) or _same_head(toks, tok_set, k, refs)
                if found:
                    src, phrase = found
                    st, en = s.start + spans[k][0], s.start + spans[k + 1][1]
                    out.append(
                        flag(
                            "odd_phrase",
                            ctx.text,
                            st,
                            en,
                            f"{q(ctx.text[st:en])} is not a phrase edited news uses; the reference says {q(phrase)}",
                            src,
                        )
                    )
    return out


def _norm(token: str) -> str:
    return "<num>" if token[0].isdigit() else token.lower().replace("’", "'")


def _candidate(s: Sentence, spans: list[tuple[int, int, str]], toks: list[str], k: int, lm: NewsLM) -> bool:
    """Two content words side by side, neither a name, that edited news (the news model)
    and general English (the web bigrams, WordNet's compounds) never put together."""
    a, b = toks[k], toks[k + 1]
    if a in FUNCTION or b in FUNCTION or not (a.isalpha() and b.isalpha()):
        return False
    if spans[k][2][:1].isupper() and k > 0 or spans[k + 1][2][:1].isupper():
        return False  # names make any pair unseen
    if s.text[spans[k][1] : spans[k + 1][0]] != " ":
        return False  # "anti-piracy", "it's", "ships, vessel": not two words side by side
    if s.text[spans[k][0] - 1 : spans[k][0]] in ("-", "‐") or s.text[spans[k + 1][1] :][:1] in ("-", "‐"):
        return False  # half of a hyphenated word: "class-action suit", "mid-size companies"
    if lm.word_count(a) < 3 and zipf(a) < 3.0 or lm.word_count(b) < 3:
        return False  # a non-word is the spelling detector's
    return not (lm.bigram(a, b) or (a, b) in web_bigrams() or _is_compound(a, b))


def _compound_of_head(
    toks: list[str], tok_set: set[str], k: int, refs: list[_Ref], lm: NewsLM
) -> tuple[int, str] | None:
    """A reference compound that ends with the head, in the same context: "high fire"
    vs "ceasefire" (said twice in the reference, so it is the reference's word for it)."""
    a, b = toks[k], toks[k + 1]
    if len(b) < 4 or lm.word_count(a) < 3:
        return None
    around = _context(toks, k, k + 2)
    best: tuple[int, str, int] | None = None
    for ref in refs:
        if a in ref.words and b in ref.words:
            continue  # the reference uses both words itself
        rt = ref.toks
        # only the reference's words said twice that end with the head, in text order
        # (the first of equal counts wins)
        for j in sorted(j for w in ref.by_suffix.get(b, ()) for j in ref.at[w]):
            w = rt[j]
            if w in (a, b) or w in tok_set:
                continue
            if zipf(w[: -len(b)]) >= 3.0 and around & _context(rt, j, j + 1):
                c = lm.word_count(w)
                if c >= 3 and (best is None or c > best[0]):
                    best = (c, w, ref.src)
    return (best[2], best[1]) if best else None


def _same_head(toks: list[str], tok_set: set[str], k: int, refs: list[_Ref]) -> tuple[int, str] | None:
    """A reference's lexicalised compound with the article's head and another noun
    modifier, in the same context: "transport diplomacy" vs "shuttle diplomacy"."""
    a, b = toks[k], toks[k + 1]
    if not _noun_modifier(a):
        return None
    heads = set(_lemmas(b))
    around = _context(toks, k, k + 2)
    for ref in refs:
        if a in ref.words and b in ref.words:
            continue
        text, spans, rt = ref.text, ref.spans, ref.toks
        # only the positions whose word shares a singular or plural form with the head
        for j in sorted({j for h in heads for j in ref.by_lemma.get(h, ())}):
            c, h = rt[j - 1], rt[j]
            if c == a or c in tok_set or c in FUNCTION or not c.isalpha():
                continue
            if text[spans[j - 1][1] : spans[j][0]] != " " or spans[j - 1][2][:1].isupper() and j > 1:
                continue  # two words side by side, not a name
            if not _is_compound(c, h) or not _noun_modifier(c) or _same_thing(a, c):
                continue
            if around & _context(rt, j - 1, j + 1):
                return ref.src, text[spans[j - 1][0] : spans[j][1]]
    return None


def _context(toks: list[str], a: int, b: int, width: int = 3) -> set[str]:
    """Content words within ``width`` tokens before ``a`` and from ``b`` on."""
    near = toks[max(0, a - width) : a] + toks[b : b + width]
    return {t for t in near if t.isalpha() and t not in FUNCTION}
