"""Does the judge tell a faithful summary sentence from an edited one if it is shown other
evidence? Raw judge scores (no trust rules, no retrieval cascade) of each summary against
four choices of evidence from its source, and the AUC of each per set:

  top1  the source sentence closest to the summary (MiniLM cosine)
  top3  the three closest, in document order
  top6  the six closest, in document order
  lead  the first eight sentences

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/evidence_choice.py [--per-set 40] [--news 80]

Sets: the selection sets (benchmarks/calibrate.py's seeded sample, ``--part``) and the first
``--news`` rows of SummEdits-news dev (file order).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

from calibrate import load  # noqa: E402

CHOICES = ("top1", "top3", "top6", "lead")


def auc(y: list[int], x: list[float]) -> float:
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415

    return float(roc_auc_score(y, x)) if 0 < sum(y) < len(y) else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-set", type=int, default=40)
    ap.add_argument("--news", type=int, default=80)
    ap.add_argument("--part", choices=["all", "train", "select"], default="all")
    args = ap.parse_args()
    import judge_eval  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from storycheck.evidence import default_embedder  # noqa: PLC0415
    from storycheck.judge import OnnxJudge  # noqa: PLC0415
    from storycheck.split import split_sentences  # noqa: PLC0415

    rows = load(args.per_set, 13, args.part)
    news = judge_eval.LOADERS["summedits"]()[: args.news]
    rows += [{"set": "summedits_news", "document": it.document, "claim": it.claim, "label": int(it.label)}
             for it in news]  # fmt: skip
    judge, emb = OnnxJudge(), default_embedder()
    by_set: dict[str, list[tuple[int, dict[str, float]]]] = defaultdict(list)
    for r in rows:
        sents = [s.text for s in split_sentences(r["document"])] or [r["document"]]
        sims = emb.encode(sents) @ emb.encode([r["claim"]])[0]
        order = [int(i) for i in np.argsort(-sims)]

        def closest(k: int, sents: list[str] = sents, order: list[int] = order) -> str:
            return " ".join(sents[i] for i in sorted(order[:k]))

        evidence = [closest(1), closest(3), closest(6), " ".join(sents[:8])]
        scores = judge.score([(e, r["claim"]) for e in evidence])
        by_set[r["set"]].append((r["label"], {c: j.support for c, j in zip(CHOICES, scores)}))
    print("| set | pairs (faithful) | " + " | ".join(f"AUC {c}" for c in CHOICES) + " |")
    print("|---|---|" + "---|" * len(CHOICES))
    pooled: list[tuple[int, dict[str, float]]] = []
    for name, got in sorted(by_set.items()) + [("pooled", [])]:
        got = got or pooled
        if name != "pooled":
            pooled += got
        y = [lab for lab, _ in got]
        cells = [f"{auc(y, [s[c] for _, s in got]):.3f}" for c in CHOICES]
        print(f"| {name} | {len(y)} ({sum(y)}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
