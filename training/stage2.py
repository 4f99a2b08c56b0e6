"""Data for a second training stage that continues from a trained judge.

The first judge's main fault (BENCHMARKS.md, error analysis) is reading a faithful
rewording as contradicted. This stage adds real rewordings: DEMETR's clean machine
translations against the human reference (supported), meaning-preserving surface edits
(supported), and its meaning-changing critical edits (contradicted / unverified). Only
DEMETR sentences with an **even** id are used; the odd ids stay unseen, and
``benchmarks/judge_eval.py`` scores DEMETR on the odd ids only.

The rest of the stream is pool rows (training/runs/data/train.jsonl) that the first run
never reached, with e-SNLI contradictions halved: SNLI labels "a different scene" as
contradiction, which teaches the judge to call unrelated or reworded news contradicted.

    python -m training.stage2 --first-run judge [--demetr-repeat 2]

Writes training/runs/data/stage2.jsonl (and stage2.stats.json); then
    python -m training.train --run judge2 --init training/runs/judge/final \\
        --data training/runs/data/stage2.jsonl --max-examples 60000 --synth-share 0.3 \\
        --lr 2e-5 --time-budget-min 40
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from training.prepare_data import CON, RUNS, SUP, UNV, data_root, row

# DEMETR kinds and the label their edit gives the MT sentence against the reference.
DEMETR_KINDS = {
    "base_id35_reference": SUP,  # the clean MT (mt_sent), a real rewording
    "minor_id15_case": SUP,
    "minor_id29_punc_addition": SUP,
    "minor_id28_final_punc_removed": SUP,
    "minor_id30_tokenized": SUP,
    "critical_id10_numbers_replaced": CON,
    "critical_id9_ne_replaced": CON,
    "critical_id8_negation": CON,
    "critical_id7_antonym": CON,
    "critical_id11_gender": CON,
    "critical_id6_addition": UNV,
}


def demetr_id_in_training(sentence_id: int) -> bool:
    """Even DEMETR sentence ids may be trained on; odd ids are kept for evaluation."""
    return sentence_id % 2 == 0


def load_demetr_train(root: Path) -> list[dict]:
    d = root / "translation" / "demetr"
    out = []
    for kind, label in DEMETR_KINDS.items():
        with (d / f"{kind}.dev.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if not demetr_id_in_training(int(r["id"])):
                    continue
                claim = r["mt_sent"] if kind == "base_id35_reference" else r["pert_sent"]
                if kind != "base_id35_reference" and (not r["pert_check"] or claim == r["mt_sent"]):
                    continue  # the edit was not applied
                out.append(
                    row(r["eng_sent"], claim, label, f"demetr:{kind}", r["eng_sent"]) | {"part": "demetr"}
                )
    return out


def first_run_seen(run: str) -> set[tuple[str, str]]:
    """(evidence, claim) of every pool row the first run trained on, rebuilt from its
    arguments (the stream and its batches are deterministic functions of them)."""
    from transformers import AutoTokenizer

    from training.train import base_model_dir, compose, encode, load_rows, make_batches

    args = json.loads((RUNS / run / "args.json").read_text())
    summary = json.loads((RUNS / run / "final" / "train_summary.json").read_text())
    rows = compose(load_rows(Path(args["data"])), args["max_examples"], args["synth_share"], args["seed"])
    tok = AutoTokenizer.from_pretrained(str(Path(args["init"]) if args.get("init") else base_model_dir()))
    data = encode(tok, rows, args["max_length"])
    batches = make_batches([len(x["input_ids"]) for x in data], args["batch_size"], args["seed"])
    return {(rows[i]["evidence"], rows[i]["claim"]) for b in batches[: summary["batches"]] for i in b}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--first-run", default="judge")
    ap.add_argument("--demetr-repeat", type=int, default=2, help="times each DEMETR pair appears")
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    root = data_root()
    seen = first_run_seen(args.first_run)
    pool = [json.loads(line) for line in (RUNS / "data" / "train.jsonl").open(encoding="utf-8")]
    fresh = [r for r in pool if (r["evidence"], r["claim"]) not in seen]
    fresh = [r for r in fresh if not (r["part"] == "esnli" and r["label"] == CON and rng.random() < 0.5)]
    demetr = load_demetr_train(root) * args.demetr_repeat
    rows = demetr + fresh
    rng.shuffle(rows)
    out = RUNS / "data" / "stage2.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    stats = {
        "first_run_seen": len(seen),
        "pool": len(pool),
        "fresh": len(fresh),
        "demetr_pairs": len(demetr) // args.demetr_repeat,
        "demetr_repeat": args.demetr_repeat,
        "rows": len(rows),
        "by_part_label": dict(sorted(Counter(f"{r['part']}:{r['label']}" for r in rows).items())),
    }
    (RUNS / "data" / "stage2.stats.json").write_text(json.dumps(stats, indent=1))
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
