"""Build the list of frequent non-English words the garble detectors use to say a word
was left untranslated ("untranslated German word").

Looking these up in wordfreq at check time loads eight languages' frequency tables
(seconds of start-up); this list holds only what the check asks: each word with Zipf
frequency >= 3.5 in one of the languages below and < 1.5 in English, with the first such
language. Data: wordfreq (CC BY-SA 4.0, https://github.com/rspeer/wordfreq).

    python training/build_foreign_words.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency

LANGS = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs")
MIN_FOREIGN = 3.5
MAX_ENGLISH = 1.5
OUT = Path(__file__).resolve().parents[1] / "storycheck" / "models" / "foreign" / "words.tsv.gz"


def main() -> None:
    out: dict[str, str] = {}
    for lang in LANGS:
        for w in iter_wordlist(lang):  # most frequent first
            if zipf_frequency(w, lang) < MIN_FOREIGN:
                break
            if w in out or not w.isalpha() or len(w) < 3:
                continue
            if zipf_frequency(w, "en") < MAX_ENGLISH:
                out[w] = lang
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same words give the same bytes
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write("".join(f"{w}\t{lang}\n" for w, lang in sorted(out.items())).encode())
    print(f"{len(out)} words -> {OUT}")


if __name__ == "__main__":
    main()
