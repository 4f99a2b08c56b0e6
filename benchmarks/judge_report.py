"""Markdown tables for BENCHMARKS.md from judge_eval.py / throughput.py outputs (no new scoring).

    python benchmarks/judge_report.py [--throughput-log benchmarks/out/final_throughput.log]

Reads benchmarks/out/judge_eval/results.json and *.joined.jsonl; pools the two QAGS parts
for the issue's QAGS goal; prints the figures table, the DEMETR per-type table and the
goal table, so no figure is copied by hand.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

OUT = Path(__file__).resolve().parent / "out"
EVAL = OUT / "judge_eval"


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def pooled(names: list[str]) -> dict[str, Any] | None:
    rows = []
    for n in names:
        p = EVAL / f"{n}.joined.jsonl"
        if not p.exists():
            return None
        rows += [json.loads(x) for x in p.open(encoding="utf-8")]
    rows = [r for r in rows if "error" not in r]
    y = np.array([r["label"] for r in rows])
    pred = np.array([int(r["verdict"] == "supported") for r in rows])
    rec = [float((pred[y == c] == c).mean()) for c in (0, 1)]
    return {
        "n": len(rows),
        "pos": int(y.sum()),
        "ba": float(np.mean(rec)),
        "auc": float(roc_auc_score(y, [r["support"] for r in rows])),
        "recall_pos": rec[1],
        "recall_neg": rec[0],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--throughput-log", type=Path, default=OUT / "final_throughput.log")
    args = ap.parse_args()
    res: dict[str, Any] = json.loads((EVAL / "results.json").read_text(encoding="utf-8"))
    q = pooled(["qags_cnndm", "qags_xsum"])
    if q:
        res["qags (cnndm + xsum pooled)"] = q
    judges = {m["judge"] for m in res.values() if "judge" in m}
    print(f"judge(s): {'; '.join(sorted(judges))}\n")
    print(
        "| dataset | sample | BA % | AUC | supported passed % | not supported caught % | 3-way BA % | pairs/s |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for name, m in res.items():
        secs = m.get("secs")
        speed = f"{m['n'] / secs:.1f}" if secs else ""
        auc = "-" if m.get("auc") is None else f"{m['auc']:.3f}"
        sample = f"{m['n']} ({m['pos']} supported)" + (f", {m['errors']} errors" if m.get("errors") else "")
        print(
            f"| {name} | {sample} | {pct(m.get('ba'))} | {auc} | {pct(m.get('recall_pos'))} | "
            f"{pct(m.get('recall_neg'))} | {pct(m.get('ba3'))} | {speed} |"
        )
    d = res.get("demetr")
    if d and "groups" in d:
        print("\n| DEMETR kind | n | judged correctly % | verdicts |\n|---|---|---|---|")
        for g, gm in d["groups"].items():
            v = ", ".join(f"{k} {c}" for k, c in sorted(gm["verdicts"].items()))
            print(f"| {g} | {gm['n']} | {pct(gm['acc'])} | {v} |")
    for name in ("factcheck_bench", "climate_fever", "anli", "wice"):
        m = res.get(name, {})
        if m.get("recall3"):
            print(
                f"\n{name} three-way recall: " + ", ".join(f"{k} {pct(v)}" for k, v in m["recall3"].items())
            )
        if m.get("groups"):
            print(
                f"{name} by gold label: "
                + ", ".join(f"{g} {pct(x['acc'])} (n={x['n']})" for g, x in m["groups"].items())
            )
    tp: dict[int, tuple[float, float]] = {}  # tokens -> (judge pairs/s, ratio as throughput.py printed it)
    if args.throughput_log.exists():
        for line in args.throughput_log.read_text(encoding="utf-8").splitlines():
            mt = re.match(r"\| (\d+) \| ([\d.]+) \| [\d.]+ \| ([\d.]+)x \|", line)
            if mt:
                tp[int(mt[1])] = (float(mt[2]), float(mt[3]))

    def goal(name: str, fig: str, ok: bool | None) -> None:
        print(f"| {name} | {fig} | {'-' if ok is None else ('met' if ok else 'NOT met')} |")

    print("\n| goal (issue 3) | reached | |\n|---|---|---|")
    s = res.get("summedits")
    if s:
        goal("SummEdits-news BA >= 75", pct(s["ba"]), s["ba"] >= 0.75)
    for name in ("qags_cnndm", "qags_xsum", "qags (cnndm + xsum pooled)"):
        if name in res:
            goal(f"QAGS BA >= 75 ({name})", pct(res[name]["ba"]), res[name]["ba"] >= 0.75)
    for name in ("demetr (issue's 5 critical kinds + clean)", "demetr"):
        m = res.get(name)
        if m:
            ok = m["recall_neg"] >= 0.9 and m["recall_pos"] >= 0.9
            goal(f"DEMETR {name}: critical caught >= 0.9 with clean passing >= 0.9",
                 f"caught {m['recall_neg']:.3f}, clean passing {m['recall_pos']:.3f}", ok)  # fmt: skip
    if 128 in tp:
        a, ratio = tp[128]
        goal(">= 60 pairs/s at 128 tokens", f"{a:.1f}", a >= 60)
        goal(">= 10x RoBERTa-large at 128 tokens", f"{ratio:.1f}x", ratio >= 10)


if __name__ == "__main__":
    main()
