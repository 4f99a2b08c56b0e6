"""Is the "clearly English" shortcut of ``storycheck.read.detect_language`` safe? Counts only.

    python benchmarks/language_shortcut.py

The shortcut answers "English" without loading py3langid (0.4 s or more per fresh process).
It must never fire on another language, and should fire on most plain English news.

English: every ECB+ document (ecb and ecbplus, topics 1-45), as storycheck reads them.
Other languages: DEMETR's source sentences (10 languages, 3 in Latin script besides the
Slavic two), joined into paragraphs of 10 distinct sentences, and Guerreiro's German sources
likewise. Reports, per set, how many texts the shortcut settled and how often py3langid
(the slow path) disagrees with it (must be 0).
"""

from __future__ import annotations

import json
from collections import defaultdict

from _data import DATA, ECB, ecb_sentences

from storycheck.read import _ENGLISH, _WORDS, _clearly_english, _langid


def english() -> list[str]:
    return ["\n\n".join(s) for f in sorted(ECB.glob("*/*.xml")) if (s := ecb_sentences(f))]


def others() -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for f in sorted((DATA / "translation" / "demetr").glob("*.dev.jsonl")):
        for line in f.open(encoding="utf-8"):
            r = json.loads(line)
            by_lang[r["lang_tag"]].append(r["src_sent"])
    for line in (DATA / "translation" / "nmt_hallucinations_guerreiro" / "dev.jsonl").open(encoding="utf-8"):
        by_lang["german (guerreiro)"].append(json.loads(line)["src"])
    out = {}
    for lang, sents in by_lang.items():
        uniq = list(dict.fromkeys(sents))
        out[lang] = [" ".join(uniq[i : i + 10]) for i in range(0, len(uniq) - 9, 10)]
    return out


def main() -> None:
    ident = _langid()
    print(
        "| set | texts | of 60+ words | shortcut says English | langid disagrees (not en, p >= 0.9) "
        "| highest share of listed words / of 'the' (limits 0.2 / 0.025) |\n|---|---|---|---|---|---|"
    )
    sets = {"English (ECB+ documents)": english(), **others()}
    for name, texts in sets.items():
        fired = bad = long = 0
        top_hits = top_the = 0.0
        for t in texts:
            sample = t[:5000]
            words = _WORDS.findall(sample.lower())
            if len(words) >= 60:
                long += 1
                top_hits = max(top_hits, sum(w in _ENGLISH for w in words) / len(words))
                top_the = max(top_the, words.count("the") / len(words))
            if _clearly_english(sample, [c for c in sample if c.isalpha()]):
                fired += 1
                lang, p = ident.classify(sample)
                bad += lang != "en" and p >= 0.9
        print(
            f"| {name} | {len(texts)} | {long} | {fired} | {bad} | {top_hits:.3f} / {top_the:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
