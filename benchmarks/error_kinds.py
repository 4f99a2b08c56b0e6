"""What the shipped pipeline gets wrong on SummEdits-news dev, by kind, with counts.

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/error_kinds.py [--limit 200] [--seed 13]

The same seeded sample as ``judge_eval.py --datasets summedits:200``, through the same path as
``storycheck score`` (split, retrieve, judge, trust rules). A faithful summary that is not
passed is put down to its weakest sentence: ``contradicted`` (with the flag kind, or the model),
``held by a trust rule`` (the model's support reached the threshold but the passage did not
cover the claim, hedged it, or lacked its names and figures), or ``model support low``. An
edited summary is counted under each edit type SummEdits lists for it (caught = not passed).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

from _data import DATA  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    import judge_eval  # noqa: PLC0415

    from storycheck.pipeline import Engine, Options, embed_and_index, judge_claims  # noqa: PLC0415
    from storycheck.read import from_text  # noqa: PLC0415
    from storycheck.split import split_sentences  # noqa: PLC0415

    rows = {str(r["id"]): r for r in map(json.loads, (DATA / "consistency/summedits_news/dev.jsonl").open())}
    items = judge_eval.sample(judge_eval.load_summedits(), args.limit, args.seed, per_group=False)
    engine = Engine.default()
    thr = engine.judge.support_threshold
    faithful: Counter = Counter()
    edits: Counter = Counter()
    for it in items:
        ref = from_text(it.document, "document")
        claim = from_text(it.claim, "claim")
        claims = split_sentences(claim.text)
        cvecs, _, index = embed_and_index(claims, [ref], [split_sentences(ref.text)], engine.embedder)
        res = judge_claims(claims, cvecs, index, [ref], engine, Options(garble=False, omissions=False))
        passed = all(r.verdict == "supported" for r in res)
        many = "several sentences" if len(res) > 1 else "one sentence"
        if it.label == 1:
            if passed:
                faithful[("passed", many)] += 1
                continue
            bad = [r for r in res if r.verdict == "contradicted"]
            if bad:
                kinds = sorted({f.kind for r in bad for f in r.flags}) or ["model"]
                faithful[(f"contradicted ({', '.join(kinds)})", many)] += 1
                continue
            weakest = min(res, key=lambda r: r.support)
            cause = (
                "held by a trust rule" if abs(weakest.support - (thr - 0.01)) < 1e-6 else "model support low"
            )
            faithful[(cause, many)] += 1
        else:
            types = list(rows[it.id]["edit_types"]) or ["(none listed)"]
            for t in types:
                edits[(t, "caught" if not passed else "passed")] += 1
    print(f"Faithful summaries ({sum(faithful.values())}):\n")
    print("| outcome | one sentence | several sentences |\n|---|---|---|")
    for outcome in sorted({k for k, _ in faithful}):
        print(
            f"| {outcome} | {faithful[(outcome, 'one sentence')]} | {faithful[(outcome, 'several sentences')]} |"
        )
    print(
        f"\nEdited summaries ({args.limit - sum(faithful.values())}), by edit type (a summary may list several):\n"
    )
    print("| edit type | caught | passed as supported |\n|---|---|---|")
    for t in sorted({k for k, _ in edits}):
        print(f"| {t} | {edits[(t, 'caught')]} | {edits[(t, 'passed')]} |")


if __name__ == "__main__":
    main()
