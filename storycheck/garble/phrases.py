"""``odd_phrase``: word pairs edited news never uses, calques, split hyphenated words."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ..types import Flag, Sentence
from .base import Context, detector, flag, q
from .lexicon import FUNCTION, LM_TOKEN, NewsLM, lm_tokens, news_lm, web_bigrams, zipf

_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z]) -(?=[a-z]{3,})")

# Expected count under independence above which an unseen bigram is word salad.
_UNSEEN_EXPECTED = 10.0
# ... and above which the news sample not having it is evidence enough on its own: the
# web bigram list is noisy for pairs of very common words ("the of", "a of").
_WEB_OVERRIDE_EXPECTED = 300.0


@detector("phrases", assigns=["odd_phrase"], requires=["references", "news_lm"])
def odd_phrases(ctx: Context) -> list[Flag]:
    text, sentences, references = ctx.text, ctx.sentences, ctx.references
    flags: list[Flag] = []
    for m in _SPACED_HYPHEN.finditer(text):
        w = re.match(r"[A-Za-z]+", text[m.end() :])
        prev = re.search(r"[A-Za-z]+$", text[: m.start()])
        if not w or not prev:
            continue
        a, b = prev.start(), m.end() + w.end()
        flags.append(
            flag(
                "odd_phrase",
                text,
                a,
                b,
                f"{q(text[a:b])}: a hyphenated word split by a space ({q(prev.group() + '-' + w.group())})",
            )
        )
    lm = news_lm()
    if lm is None:
        return flags
    ref_bigrams: set[tuple[str, str]] = set()
    ref_tokens: list[list[str]] = []
    for r in references:
        rt = lm_tokens(r.text)
        ref_tokens.append(rt)
        ref_bigrams.update(zip(rt, rt[1:]))
    for s in sentences:
        spans = [(m.start(), m.end(), m.group()) for m in LM_TOKEN.finditer(s.text)]
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
            if expected[k] < _WEB_OVERRIDE_EXPECTED and (a, b) in web_bigrams():
                continue  # seen in general English
            st, en = s.start + spans[k][0], s.start + spans[k + 1][1]
            flags.append(
                flag(
                    "odd_phrase",
                    text,
                    st,
                    en,
                    f"{q(text[st:en])} is a word sequence edited news English does not use",
                )
            )
        flags.extend(_calques(text, s, spans, toks, lm, ref_tokens))
    return flags


def _calques(
    text: str,
    s: Sentence,
    spans: list[tuple[int, int, str]],
    toks: list[str],
    lm: NewsLM,
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
        if a in FUNCTION or b in FUNCTION or not (a.isalpha() and b.isalpha()):
            continue
        if spans[k][2][:1].isupper() or spans[k + 1][2][:1].isupper():
            continue
        if lm.bigram(a, b) or lm.word_count(a) < 3 or lm.word_count(b) < 3 or (a, b) in web_bigrams():
            continue
        if s.text[spans[k][0] - 1 : spans[k][0]] in ("-", "‐"):
            continue  # a hyphenated modifier is made on purpose: "class-action suit"
        best: tuple[int, str, int] | None = None
        for src, rt in enumerate(ref_tokens):
            if a in rt and b in rt:
                continue  # the reference uses both words itself
            if a not in rt and len(b) >= 4:
                # same head, another modifier, in a phrase the article never uses:
                # "transport diplomacy" where the reference says "shuttle diplomacy"
                for j in range(len(rt) - 1):
                    w = rt[j]
                    if rt[j + 1] != b or w == a or w in FUNCTION or not w.isalpha() or w in toks:
                        continue
                    if len(w) >= 4 and (best is None or best[0] < 10**6):
                        best = (10**6, f"{w} {b}", src)
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
                    and zipf(w[: -len(b)]) >= 3.0
                ):
                    c = lm.word_count(w)
                    if c >= 3 and (best is None or c > best[0]):
                        best = (c, w, src)
        if best is None:
            continue
        st, en = s.start + spans[k][0], s.start + spans[k + 1][1]
        out.append(
            flag(
                "odd_phrase",
                text,
                st,
                en,
                f"{q(text[st:en])} is not a phrase edited news uses; the reference says {q(best[1])}",
                best[2],
            )
        )
    return out
