"""Where should the support threshold sit? Measured on data that looks like use, not on the
judge's training mix: SummEdits' seven non-news domains and SummaC's validation parts
(FactCC, Polytope, XSumFaith), a seeded sample of each.

    PYTHONPATH=. python benchmarks/calibrate.py [--per-set 30] [--seed 13]
    PYTHONPATH=. python benchmarks/calibrate.py --reuse          # sweep saved scores again
    PYTHONPATH=. python benchmarks/calibrate.py --part select    # only the half stage 4 did not learn from

Each (document, summary) pair goes through the same path as ``storycheck score``
(``score.score_pair``: split, retrieve, judge, the trust rules); the sweep then treats a pair
as supported when its support (the weakest sentence's) reaches the threshold and no sentence
is contradicted. Prints balanced accuracy and the precision of "supported" per threshold,
pooled over the sets (each set weighs the same), and the BA-best threshold. It writes
nothing into the package: moving the shipped threshold is the judge's calibration
(storycheck/models/judge/judge.json), decided with the trust audit beside these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("STORYCHECK_SRC", str(ROOT)))
sys.path.insert(1, str(ROOT / "benchmarks"))

from _data import DATA, summary_part  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "calibrate"


def load(per_set: int, seed: int, part: str = "all") -> list[dict]:
    """A seeded sample of ``per_set`` pairs of each set; ``part``: "all", or the "train" /
    "select" half by document (``_data.summary_part``; training/stage4.py learns from "train")."""
    rows = []
    for f in sorted((DATA / "consistency/summedits").glob("summedits_*.json")):
        items = json.loads(f.read_text(encoding="utf-8"))
        items = [{"set": f.stem.removeprefix("summedits_"), "id": r["id"], "document": r["doc"],
                  "claim": r["summary"], "label": int(r["label"])} for r in items]  # fmt: skip
        items = [r for r in items if part == "all" or summary_part(r["document"]) == part]
        random.Random(f"{seed}:{f.stem}").shuffle(items)
        rows += items[:per_set]
    for f in sorted((DATA / "consistency/summac").glob("*.filtered.json")):
        raw = json.loads(f.read_text(encoding="utf-8"))
        items = [{"set": f.name.split(".")[0], "id": k, "document": v["document"], "claim": v["claim"],
                  "label": int(v["label"])} for k, v in raw.items()]  # fmt: skip
        items = [r for r in items if part == "all" or summary_part(r["document"]) == part]
        random.Random(f"{seed}:{f.name}").shuffle(items)
        rows += items[:per_set]
    return rows


def score(rows: list[dict], path: Path) -> None:
    from storycheck.pipeline import Engine
    from storycheck.score import score_pair

    engine = Engine.default()
    OUT.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(rows):
            s = score_pair(r["document"], r["claim"], engine)
            fh.write(json.dumps({"set": r["set"], "id": r["id"], "label": r["label"], "support": s.support,
                                 "verdict": s.verdict}) + "\n")  # fmt: skip
            if (n + 1) % 50 == 0:
                print(f"{n + 1}/{len(rows)}", file=sys.stderr)


def sweep(scored: list[dict]) -> None:
    sets = sorted({r["set"] for r in scored})
    print(f"{len(scored)} pairs, sets: {', '.join(sets)}")
    print("threshold | pooled BA | supported precision | per-set BA")
    best = (0.0, 0.0)
    for t in [round(0.2 + 0.05 * k, 2) for k in range(14)]:
        bas, tp_all, fp_all = [], 0, 0
        for name in sets:
            rs = [r for r in scored if r["set"] == name]
            pred = [r["verdict"] != "contradicted" and r["support"] >= t for r in rs]
            pos = [p for p, r in zip(pred, rs) if r["label"] == 1]
            neg = [p for p, r in zip(pred, rs) if r["label"] == 0]
            rec_pos = sum(pos) / len(pos) if pos else 0.0
            rec_neg = (len(neg) - sum(neg)) / len(neg) if neg else 0.0
            bas.append((rec_pos + rec_neg) / 2)
            tp_all += sum(pos)
            fp_all += sum(neg)
        ba = sum(bas) / len(bas)
        prec = tp_all / (tp_all + fp_all) if tp_all + fp_all else float("nan")
        best = max(best, (ba, t))
        print(f"{t:9.2f} | {100 * ba:9.1f} | {100 * prec:19.1f} | " + " ".join(f"{100 * b:.0f}" for b in bas))
    print(f"BA-best threshold: {best[1]:.2f} (pooled BA {100 * best[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-set", type=int, default=30)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--tag", default="")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--part", choices=["all", "train", "select"], default="all")
    args = ap.parse_args()
    path = OUT / f"scores{'-' + args.tag if args.tag else ''}.jsonl"
    if not args.reuse:
        score(load(args.per_set, args.seed, args.part), path)
    sweep([json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()])


if __name__ == "__main__":
    main()
