"""Can the news n-gram model tell a hallucinated translation from a faithful one? (issue 12:
"hallucinated clauses that a news model should find improbable"). For each Guerreiro MT
row of one half, two scores from the shipped model: the share of its bigrams (both words
known) the model never saw, and the number of those it should have seen (expected count
>= 1 under independence). Prints the ROC AUC of each against the ``full-unsupport`` and
``strong-unsupport`` labels (0.5 = no signal).

    HF_HUB_OFFLINE=1 python benchmarks/hallucination_probe.py --half tune
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from garble import in_half  # noqa: E402

from storycheck.garble.lexicon import lm_tokens, news_lm  # noqa: E402


def scores(text: str) -> tuple[float, float]:
    lm = news_lm()
    assert lm is not None
    ids = [lm.ids.get(w, 2) for w in lm_tokens(text)]
    known = [(a, b) for a, b in zip(ids, ids[1:]) if a > 2 and b > 2]
    if not known:
        return 0.0, 0.0
    counts = lm.bigram_counts(np.array(known))
    expected = np.array([lm.unigram[a] * lm.unigram[b] / lm.n for a, b in known])
    return float(np.mean(counts == 0)), float(np.sum((counts == 0) & (expected >= 1)))


def auc(labels: list[bool], values: list[float]) -> float:
    """Probability that a labelled row scores above an unlabelled one (ties count half)."""
    pos = [v for v, y in zip(values, labels) if y]
    neg = [v for v, y in zip(values, labels) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--half", default="tune", choices=["tune", "report", "all"])
    args = ap.parse_args()
    path = Path(args.data) / "translation/nmt_hallucinations_guerreiro/dev.jsonl"
    rows = [json.loads(x) for x in open(path)]
    rows = [r for r in rows if in_half(r[""], args.half)]
    feats = [scores(r["mt"]) for r in rows]
    out: dict[str, object] = {"rows": len(rows)}
    for label in ("full-unsupport", "strong-unsupport"):
        y = [r[label] == "1" for r in rows]
        out[label] = {
            "rows": sum(y),
            "auc_unseen_share": round(auc(y, [f[0] for f in feats]), 3),
            "auc_unseen_expected": round(auc(y, [f[1] for f in feats]), 3),
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
