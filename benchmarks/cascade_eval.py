"""How many judge pairs each way of choosing them costs, and what it does to accuracy.

    python benchmarks/cascade_eval.py [--datasets summedits,qags_cnndm,...]

Reads the seeded samples that ``benchmarks/judge_eval.py`` wrote (``benchmarks/out/
judge_eval/NAME.in.jsonl`` and the gold labels in ``NAME.joined.jsonl``; run judge_eval
first) and scores every item in-process with ``score_pair`` under each variant:

- all:       every retrieved window judged (``cascade=False``)
- cascade:   the default: each source's best window, then the other windows only for
             claims the first round leaves open
- round-1:   only each source's best window (``candidates=1``)

Judge scores are cached by (passage, claim), so the variants after the first cost little.
Binary balanced accuracy (supported vs the rest) as in judge_eval.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storycheck import Engine, Options
from storycheck.score import score_pair

OUT = Path(__file__).resolve().parent / "out" / "judge_eval"
VARIANTS = {
    "all": Options(garble=False, omissions=False, cascade=False),
    "cascade": Options(garble=False, omissions=False),
    "round-1": Options(garble=False, omissions=False, candidates=1),
}


def balanced_accuracy(gold: list[int], pred: list[bool]) -> float:
    pos = [p for g, p in zip(gold, pred) if g == 1]
    neg = [p for g, p in zip(gold, pred) if g == 0]
    return 50 * (sum(pos) / max(1, len(pos)) + sum(not p for p in neg) / max(1, len(neg)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default="summedits,qags_cnndm,qags_xsum,factcheck_bench,fever_symmetric")
    args = ap.parse_args()
    engine = Engine.default()
    cache: dict[tuple[str, str], object] = {}
    score = engine.judge.score
    asked = [0]

    def cached(pairs):  # noqa: ANN001, ANN202
        asked[0] += len(pairs)
        todo = [p for p in dict.fromkeys(pairs) if p not in cache]
        for p, j in zip(todo, score(todo)):
            cache[p] = j
        return [cache[p] for p in pairs]

    engine.judge.score = cached  # type: ignore[method-assign]
    print("| dataset | n | " + " | ".join(f"{v} BA % / pairs" for v in VARIANTS) + " |")
    print("|---|---|" + "---|" * len(VARIANTS))
    for name in args.datasets.split(","):
        items = [json.loads(line) for line in (OUT / f"{name}.in.jsonl").open(encoding="utf-8")]
        gold = {}
        for line in (OUT / f"{name}.joined.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            gold[r["id"]] = r["label"]
        cells = []
        for opts in VARIANTS.values():
            asked[0] = 0
            pred = [
                score_pair(it["document"], it["claim"], engine, opts).verdict == "supported" for it in items
            ]
            ba = balanced_accuracy([gold[it["id"]] for it in items], pred)
            cells.append(f"{ba:.1f} / {asked[0]}")
        print(f"| {name} | {len(items)} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
