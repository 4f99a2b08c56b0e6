"""Shared language resources of the garble detectors, each loaded once per process.

wordfreq (English unigram frequencies only: other languages cost seconds to load), the
symspellpy dictionary and web bigrams, the news n-gram count model in
``storycheck/models/newslm`` (built by ``training/build_newslm.py``), the closed-class
word lists and spelling suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "newslm"

# Tokenizer shared with the model builder: lowercased words, possessive/contraction
# tails, numbers folded to one symbol, and the clause punctuation that shapes n-grams.
LM_TOKEN = re.compile(r"[A-Za-z]+|['’][A-Za-z]+|\d[\d.,]*\d|\d|[,;:]")


def lm_tokens(text: str) -> list[str]:
    out = []
    for m in LM_TOKEN.finditer(text):
        t = m.group().lower().replace("’", "'")
        out.append("<num>" if t[0].isdigit() else t)
    return out


# Closed-class words: a sentence may not end on them, and a repeated phrase made only
# of them is not a loop. Grammar, not a list of known errors.
FUNCTION = frozenset(
    """a an the this that these those my your his her its our their some any no every
    each either neither both all of to in on at by for with from into onto upon over
    under about above below between among through during before after against without
    within across along around behind beyond toward towards via than as and or but nor
    so yet if because while although though whether unless since until when where which
    who whom whose what i you he she it we they me him us them is are was were be been
    being am has have had do does did will would shall should can could may might must
    not very such one""".split()
)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # lazy: its import and data load cost start-up time

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def news_lm() -> NewsLM | None:
    path = MODEL_DIR / "newslm.npz"
    return NewsLM(path) if path.exists() else None


class NewsLM:
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
def web_bigrams() -> frozenset[tuple[str, str]]:
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
def dictionary() -> frozenset[str]:
    """The 82k-word English dictionary that symspellpy ships (Google Books n-grams
    intersected with spell-checker word lists): unlike wordfreq's web counts it holds no
    common misspellings ("recieve", "thier")."""
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
    with open(path, encoding="utf-8") as f:
        return frozenset(line.split(" ", 1)[0] for line in f)


@lru_cache(maxsize=1)
def frequent_words() -> tuple[dict[int, list[str]], dict[str, int]]:
    """Frequent English words by length (for spelling suggestions) and their rank."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 40_000) if w.isalpha() and w.isascii()]
    by_len: dict[int, list[str]] = {}
    for w in words:
        by_len.setdefault(len(w), []).append(w)
    return by_len, {w: i for i, w in enumerate(words)}


@lru_cache(maxsize=64)
def _of_lengths(shortest: int, longest: int) -> list[str]:
    """The frequent words of these lengths, shortest first and by rank within a length."""
    by_len = frequent_words()[0]
    return [w for n in range(shortest, longest + 1) for w in by_len.get(n, ())]


def suggest(word: str, prefer: Mapping[str, str] | Iterable[str] = (), head_start: bool = True) -> str | None:
    """Closest frequent word within Damerau-Levenshtein distance 1 (2 for words of 7+
    letters). Words the references use (``prefer``: the word without hyphens -> as
    written) fit the context better than a dictionary's: they win ties, and with
    ``head_start`` get one edit's head start, so "decallation" is offered the
    reference's "de-escalation", not "declaration"."""
    low = word.lower()
    limit = 2 if len(low) >= 7 else 1
    if not isinstance(prefer, Mapping):
        prefer = {p.lower(): p.lower() for p in prefer}
    best: tuple[int, int, str] | None = None
    ref_limit = limit + 1 if len(low) >= 7 and head_start else limit
    for p, shown in prefer.items():
        if abs(len(p) - len(low)) <= ref_limit and p != low:
            d = DamerauLevenshtein.distance(low, p, score_cutoff=ref_limit)
            if d <= ref_limit:
                key = (d - 1 if head_start else d, -1, shown)
                if best is None or key < best:
                    best = key
    rank = frequent_words()[1]
    cands = _of_lengths(len(low) - limit, len(low) + limit)
    # Damerau-Levenshtein over ~20k words costs milliseconds; a transposition is two
    # Levenshtein edits, so Levenshtein <= 2 x limit (bit-parallel, far cheaper) keeps
    # every word within the limit. In list order: ties go to the earlier word as before.
    near = process.extract(low, cands, scorer=Levenshtein.distance, score_cutoff=2 * limit, limit=None)
    cands = [cands[i] for i in sorted(i for _, _, i in near)]
    for cand, d, _ in process.extract(
        low, cands, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=5
    ):
        if cand == low:
            continue
        key = (d, rank.get(cand, 10**6), cand)
        if best is None or key < best:
            best = key
    return best[2] if best else None
