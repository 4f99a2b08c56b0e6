"""Judge accuracy on public benchmarks, measured through the real ``storycheck score`` CLI.

    python benchmarks/judge_eval.py [--datasets summedits,qags_cnndm,...] [--limit 600] [--seed 13]
    python benchmarks/judge_eval.py --reuse            # recompute figures from earlier outputs

For each dataset: convert to ``{"id", "document", "claim"}`` JSONL under
benchmarks/out/judge_eval/, run ``storycheck score IN --output OUT`` in a subprocess, join
the output with the gold labels and print one table row. Binary task everywhere:
"supported" (verdict == "supported") vs everything else. Balanced accuracy = mean of the
two per-class recalls; AUC-ROC is computed from the ``support`` score.

Data is read from ../shared/data (env STORYCHECK_DATA overrides); nothing is copied into
the repo. ``--limit N`` draws a seeded random sample of N items per dataset (for DEMETR:
N per perturbation type and N clean translations), so reruns score the same items.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

DATA = Path(os.environ.get("STORYCHECK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
OUT = Path(__file__).resolve().parent / "out" / "judge_eval"

SUP, CON, UNV = "supported", "contradicted", "unverified"


@dataclass
class Item:
    id: str
    document: str | list[str]
    claim: str
    label: int  # 1 = supported / consistent, 0 = not
    gold3: str | None = None  # three-way gold (supported/contradicted/unverified) where the set has it
    group: str = ""  # sub-set for per-group rates (DEMETR perturbation, QAGS part, ANLI round)
    extra: dict[str, Any] = field(default_factory=dict)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# ---------------------------------------------------------------- loaders


def load_summedits() -> list[Item]:
    p = DATA / "consistency" / "summedits_news" / "dev.jsonl"
    return [Item(str(r["id"]), r["doc"], r["summary"], int(r["label"])) for r in _jsonl(p)]


def _qags(part: str) -> list[Item]:
    p = DATA / "consistency" / "qags" / f"mturk_{part}.dev.jsonl"
    items = []
    for a, r in enumerate(_jsonl(p)):
        for s, sent in enumerate(r["summary_sentences"]):
            votes = [v["response"] for v in sent["responses"]]
            yes = sum(v == "yes" for v in votes)
            # majority of the (3) worker votes
            items.append(
                Item(f"{part}-{a}-{s}", r["article"], sent["sentence"], int(yes * 2 > len(votes)), group=part)
            )
    return items


def load_qags_cnndm() -> list[Item]:
    return _qags("cnndm")


def load_qags_xsum() -> list[Item]:
    return _qags("xsum")


def load_factcheck_bench() -> list[Item]:
    p = DATA / "factcheck" / "factcheck_bench" / "subtasks" / "subtask3_claim_evidence_stance.jsonl"
    # partial support is not support: the claim says more than the evidence
    m = {"completely-support": SUP, "refute": CON, "partially-support": UNV, "irrelevant": UNV}
    return [
        Item(f"fcb-{i}", r["evidence"], r["claim"], int(m[r["stance"]] == SUP), m[r["stance"]], r["stance"])
        for i, r in enumerate(_jsonl(p))
    ]


def load_wice() -> list[Item]:
    # The original claim-level task: the whole cited page (its sentences) is the document and
    # storycheck does its own retrieval (not the oracle-chunk variant).
    p = DATA / "factcheck" / "wice" / "data" / "entailment_retrieval" / "claim" / "dev.jsonl"
    return [
        Item(
            r["meta"]["id"],
            "\n".join(r["evidence"]),
            r["claim"],
            int(r["label"] == "supported"),
            group=r["label"],
        )
        for r in _jsonl(p)
    ]


def load_climate_fever() -> list[Item]:
    # DISPUTED claims (evidence both ways) are dropped: there is no single gold verdict.
    # NOT_ENOUGH_INFO is kept and counts as "not supported" in the binary figure; the
    # SUPPORTS-vs-REFUTES subset is reported as its own row.
    p = DATA / "factcheck" / "climate_fever" / "dataset" / "climate-fever.jsonl"
    m = {"SUPPORTS": SUP, "REFUTES": CON, "NOT_ENOUGH_INFO": UNV}
    items = []
    for r in _jsonl(p):
        g = m.get(r["claim_label"])
        if g is None:
            continue
        # each of the 5 evidence sentences comes from a different Wikipedia article: one document each
        docs = [e["evidence"] for e in r["evidences"]]
        items.append(Item(f"cf-{r['claim_id']}", docs, r["claim"], int(g == SUP), g, r["claim_label"]))
    return items


def load_anli() -> list[Item]:
    m = {"e": SUP, "c": CON, "n": UNV}
    items = []
    for rnd in ("r1", "r2", "r3"):
        p = DATA / "nli" / "anli" / "anlizinganli" / "anli_annot_v0.2" / f"ANLI_analysis_{rnd}_dev.csv"
        with p.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                g = m[r["gold_label"]]
                items.append(Item(r["uid"], r["context"], r["statement"], int(g == SUP), g, rnd))
    return items


def load_fever_symmetric() -> list[Item]:
    items = []
    for split in ("dev", "test"):  # v0.2: both halves are evaluation data
        p = DATA / "nli" / "fever_symmetric" / "symmetric_v0.2" / f"fever_symmetric_{split}.jsonl"
        for i, r in enumerate(_jsonl(p)):
            g = SUP if r["label"] == "SUPPORTS" else CON
            # FEVER text is PTB-tokenised ("-LRB-", " ,"); left as is, like the published set
            items.append(Item(f"fs-{split}-{i}", r["evidence"], r["claim"], int(g == SUP), g, split))
    return items


def load_demetr() -> list[Item]:
    """Critical perturbations of the MT (label 0) and clean translations (label 1).

    Document = the human reference ``eng_sent``. Claims: ``pert_sent`` of critical_* files
    where ``pert_check`` says the perturbation was applied; ``mt_sent`` of the
    base_id35_reference rows as the clean translation (there ``pert_sent`` is the reference
    itself, an identity pair that tests nothing).

    Only sentences with an odd id: the judge's second training stage (training/stage2.py)
    learned from the even ones.
    """
    d = DATA / "translation" / "demetr"
    items = []
    for p in sorted(d.glob("critical_*.dev.jsonl")):
        kind = p.name.removesuffix(".dev.jsonl")
        for r in _jsonl(p):
            if r["id"] % 2 and r["pert_check"] and r["pert_sent"] != r["mt_sent"]:
                items.append(Item(f"{kind}-{r['id']}", r["eng_sent"], r["pert_sent"], 0, group=kind))
    for r in _jsonl(d / "base_id35_reference.dev.jsonl"):
        if r["id"] % 2:
            items.append(Item(f"clean-{r['id']}", r["eng_sent"], r["mt_sent"], 1, group="clean_mt"))
    return items


LOADERS: dict[str, Callable[[], list[Item]]] = {
    "summedits": load_summedits,
    "qags_cnndm": load_qags_cnndm,
    "qags_xsum": load_qags_xsum,
    "factcheck_bench": load_factcheck_bench,
    "wice": load_wice,
    "climate_fever": load_climate_fever,
    "anli": load_anli,
    "fever_symmetric": load_fever_symmetric,
    "demetr": load_demetr,
}
PER_GROUP_LIMIT = {"demetr"}  # --limit applies per perturbation type there

# The DEMETR goal names these critical kinds: numbers, named entities, negation,
# antonyms, additions. The removal kinds (21-25) mostly leave a claim the reference still
# entails, so they are reported per type but kept out of the headline catch rate.
DEMETR_HEADLINE = {
    "critical_id10_numbers_replaced",
    "critical_id9_ne_replaced",
    "critical_id8_negation",
    "critical_id7_antonym",
    "critical_id6_addition",
}


TRAIN_FILE = Path(__file__).resolve().parents[1] / "training" / "runs" / "data" / "train.jsonl"


def _norm(text: str) -> str:
    # PTB tokens (FEVER) and spacing differ between copies of the same claim
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("-lrb-", "").replace("-rrb-", ""))


def training_claims() -> tuple[set[str], str]:
    """Normalised claims of the judge's training mix, to flag evaluation items seen in training.

    The mix (training/prepare_data.py) is git-ignored; without it, fall back to the one
    training source known to share claims with an evaluation set (DocNLI's FEVER pairs).
    """
    if TRAIN_FILE.exists():
        return {_norm(r["claim"]) for r in _jsonl(TRAIN_FILE)}, str(TRAIN_FILE)
    seen = set()
    for split in ("dev", "test"):
        with (DATA / "nli" / "docnli" / "binary-FEVER-NLI" / f"{split}.txt").open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 3:
                    seen.add(_norm(parts[2]))
    return seen, "DocNLI binary-FEVER-NLI (training mix not built here)"


def sample(items: list[Item], limit: int | None, seed: int, per_group: bool) -> list[Item]:
    if not limit:
        return items
    rng = random.Random(seed)
    if not per_group:
        return (
            items if len(items) <= limit else [items[i] for i in sorted(rng.sample(range(len(items)), limit))]
        )
    out: list[Item] = []
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        groups[it.group].append(it)
    for g in sorted(groups):
        # DEMETR's clean pass rate is a headline figure: sample it 3x deeper than each perturbation
        n = 3 * limit if g == "clean_mt" else limit
        out.extend(sample(groups[g], n, seed, per_group=False))
    return out


# ---------------------------------------------------------------- running


def storycheck_cmd() -> list[str]:
    exe = shutil.which("storycheck")
    return [exe] if exe else [sys.executable, "-c", "from storycheck.cli import app; app()"]


def run_score(name: str, items: list[Item]) -> tuple[list[dict[str, Any]], float]:
    OUT.mkdir(parents=True, exist_ok=True)
    src, dst = OUT / f"{name}.in.jsonl", OUT / f"{name}.out.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(
                json.dumps({"id": it.id, "document": it.document, "claim": it.claim}, ensure_ascii=False)
                + "\n"
            )
    cmd = [*storycheck_cmd(), "score", str(src), "--output", str(dst)]
    print(f"$ {shlex.join(cmd)}", flush=True)
    t0 = time.perf_counter()
    # stderr carries the progress bar; exit 1 only means some lines carry an "error" field
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"storycheck score failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return list(_jsonl(dst)), secs


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    recalls = [float((pred[y == c] == c).mean()) for c in np.unique(y)]
    return float(np.mean(recalls))


def metrics(items: list[Item], outs: list[dict[str, Any]]) -> dict[str, Any]:
    assert [o["id"] for o in outs] == [it.id for it in items], "score output out of order"
    ok = [i for i, o in enumerate(outs) if "error" not in o]
    its = [items[i] for i in ok]
    os_ = [outs[i] for i in ok]
    y = np.array([it.label for it in its])
    pred = np.array([int(o["verdict"] == SUP) for o in os_])
    sup = np.array([o["support"] for o in os_])
    res: dict[str, Any] = {
        "n": len(items),
        "errors": len(items) - len(ok),
        "pos": int(y.sum()),
        "ba": balanced_accuracy(y, pred) if len(set(y)) == 2 else None,
        "auc": float(roc_auc_score(y, sup)) if len(set(y)) == 2 else None,
        "recall_pos": float(pred[y == 1].mean()) if (y == 1).any() else None,
        "recall_neg": float(1 - pred[y == 0].mean()) if (y == 0).any() else None,
        "verdicts": dict(Counter(o["verdict"] for o in os_)),
    }
    if its and its[0].gold3:
        g3 = np.array([it.gold3 for it in its])
        v3 = np.array([o["verdict"] for o in os_])
        res["ba3"] = float(np.mean([(v3[g3 == c] == c).mean() for c in (SUP, CON, UNV) if (g3 == c).any()]))
        res["recall3"] = {c: float((v3[g3 == c] == c).mean()) for c in (SUP, CON, UNV) if (g3 == c).any()}
    groups = sorted({it.group for it in its})
    if len(groups) > 1:
        res["groups"] = {}
        for g in groups:
            idx = [k for k, it in enumerate(its) if it.group == g]
            gy, gp = y[idx], pred[idx]
            res["groups"][g] = {
                "n": len(idx),
                "pos": int(gy.sum()),
                # share judged correctly: supported for label 1, not supported for label 0
                "acc": float((gy == gp).mean()),
                "verdicts": dict(Counter(os_[k]["verdict"] for k in idx)),
            }
    return res


def subset_rows(
    name: str, items: list[Item], outs: list[dict[str, Any]], seen: set[str]
) -> dict[str, dict[str, Any]]:
    """Extra rows computed from the same outputs (sub-tasks that need no new scoring)."""
    rows: dict[str, dict[str, Any]] = {}
    fresh = [k for k, it in enumerate(items) if _norm(it.claim) not in seen]
    if len(fresh) < len(items):
        print(f"  {name}: {len(items) - len(fresh)} of {len(items)} claims also occur in the training mix")
        if fresh:
            rows[f"{name} (claims not in training)"] = metrics(
                [items[k] for k in fresh], [outs[k] for k in fresh]
            )
    if name == "climate_fever":
        keep = [k for k, it in enumerate(items) if it.gold3 != UNV]
        rows["climate_fever (SUPPORTS vs REFUTES)"] = metrics(
            [items[k] for k in keep], [outs[k] for k in keep]
        )
    if name == "demetr":
        keep = [k for k, it in enumerate(items) if it.group in DEMETR_HEADLINE or it.label == 1]
        rows["demetr (issue's 5 critical kinds + clean)"] = metrics(
            [items[k] for k in keep], [outs[k] for k in keep]
        )
    return rows


def fmt(x: float | None, pct: bool = True) -> str:
    if x is None:
        return "-"
    return f"{100 * x:.1f}" if pct else f"{x:.3f}"


def print_row(name: str, m: dict[str, Any], secs: float | None) -> None:
    speed = f"{m['n'] / secs:.1f}" if secs else "-"
    ba3 = fmt(m.get("ba3"))
    print(
        f"| {name} | {m['n']} ({m['pos']} pos) | {fmt(m['ba'])} | {fmt(m['auc'], pct=False)} | "
        f"{fmt(m['recall_pos'])} | {fmt(m['recall_neg'])} | {ba3} | {speed} |",
        flush=True,
    )


HEADER = (
    "| dataset | pairs (supported) | BA % | AUC | supported passed % | not-supported caught % | 3-way BA % | pairs/s |\n"
    "|---|---|---|---|---|---|---|---|"
)


def judge_description() -> str:
    """The default judge's name plus, for the trained model, which file and training state."""
    import hashlib

    from storycheck.judge import JUDGE_DIR, default_judge

    name = default_judge().name
    cfg, model = JUDGE_DIR / "judge.json", JUDGE_DIR / "model.onnx"
    if name.startswith("onnx") and cfg.exists() and model.exists():
        raw = json.loads(cfg.read_text(encoding="utf-8"))
        digest = hashlib.sha256(model.read_bytes()).hexdigest()[:12]
        trained = raw.get("trained", {})
        prog = trained.get("progress", {})
        # a finished run records examples_seen; a shipped checkpoint records its progress
        seen = trained.get("examples_seen", prog.get("examples"))
        name += (
            f" (sha256 {digest}, base {raw.get('base')}, thresholds {raw.get('thresholds')}, "
            f"trained on {seen} examples, checkpoint {trained.get('checkpoint')})"
        )
    return name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--datasets",
        default=",".join(LOADERS),
        help=f"comma list of name or name:N (N overrides --limit) from: {', '.join(LOADERS)}",
    )
    ap.add_argument(
        "--limit", type=int, default=None, help="seeded sample size per dataset (DEMETR: per type)"
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--reuse", action="store_true", help="recompute from existing outputs in benchmarks/out")
    args = ap.parse_args()
    # "name" or "name:N" (N overrides --limit for that dataset)
    specs = [n.strip().partition(":") for n in args.datasets.split(",") if n.strip()]
    names = [n for n, _, _ in specs]
    limits = {n: int(k) if k else args.limit for n, _, k in specs}
    bad = [n for n in names if n not in LOADERS]
    if bad:
        ap.error(f"unknown dataset(s): {', '.join(bad)}")

    print(f"$ {shlex.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"judge: {judge_description()}; data: {DATA}; cpus: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}"
    )
    rev = subprocess.run(
        ["git", "-C", str(Path(__file__).parent), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"code: {rev or 'unknown'} (dirty = uncommitted changes in the working tree)")
    seen, seen_src = training_claims()
    print(f"training claims for the overlap check: {seen_src}")
    print(HEADER, flush=True)
    results: dict[str, Any] = {}
    res_path = OUT / "results.json"
    if res_path.exists():
        results = json.loads(res_path.read_text(encoding="utf-8"))
    for name in names:
        items = sample(LOADERS[name](), limits[name], args.seed, name in PER_GROUP_LIMIT)
        if args.reuse:
            outs, secs = list(_jsonl(OUT / f"{name}.out.jsonl")), results.get(name, {}).get("secs")
            ids = {o["id"] for o in outs}
            items = [it for it in items if it.id in ids]
        else:
            outs, secs = run_score(name, items)
        m = metrics(items, outs)
        m["secs"] = secs
        m["limit"] = limits[name]
        m["judge"] = judge_description()
        results[name] = m
        print_row(name, m, secs)
        for sub, sm in subset_rows(name, items, outs, seen).items():
            results[sub] = sm
            print_row(sub, sm, None)
        # gold joined to output, for error analysis (git-ignored scratch)
        with (OUT / f"{name}.joined.jsonl").open("w", encoding="utf-8") as fh:
            for it, o in zip(items, outs, strict=True):
                fh.write(json.dumps({**o, "label": it.label, "gold3": it.gold3, "group": it.group}) + "\n")
        res_path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    for name in names:
        groups = results[name].get("groups")
        if groups:
            print(f"\n{name} per group (acc = share judged correctly):")
            for g, gm in groups.items():
                print(f"  {g:40s} n={gm['n']:4d} acc={fmt(gm['acc'])}  {gm['verdicts']}")


if __name__ == "__main__":
    main()
