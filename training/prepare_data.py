"""Build the judge's training mix and held-out dev set.

Reads only the sets marked "train" in ../shared/data/README.md plus synthetic pairs from
real news text (see synth.py). Writes training/runs/data/{train,dev}.jsonl and stats.json.

Labels: 0 supported, 1 contradicted, 2 unverified, 3 "not supported" (binary sources
that do not say whether a pair is contradicted or merely unverified; train.py gives
them a loss on P(contradicted)+P(unverified) instead of guessing a 3-way label).

    python -m training.prepare_data [--synth 38000] [--max-sents 18000]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import os
import random
import time
from collections import Counter
from pathlib import Path

from training import synth

SUP, CON, UNV, NOTSUP = 0, 1, 2, 3
REPO = Path(__file__).resolve().parents[1]
RUNS = REPO / "training" / "runs"


def data_root() -> Path:
    env = os.environ.get("STORYCHECK_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def row(evidence: str, claim: str, label: int, source: str, doc: str = "") -> dict:
    return {
        "evidence": " ".join(evidence.split()),
        "claim": " ".join(claim.split()),
        "label": label,
        "source": source,
        "doc": doc,
    }


def load_esnli(root: Path) -> list[dict]:
    m = {"entailment": SUP, "contradiction": CON, "neutral": UNV}
    out = []
    for split in ("dev", "test"):
        d = root / "nli" / "esnli"
        s1 = (d / f"s1.{split}").read_text(encoding="utf-8").splitlines()
        s2 = (d / f"s2.{split}").read_text(encoding="utf-8").splitlines()
        lab = (d / f"labels.{split}").read_text(encoding="utf-8").splitlines()
        for a, b, y in zip(s1, s2, lab, strict=False):
            if y.strip() in m:
                out.append(
                    row(
                        synth.detok(a.split()),
                        synth.detok(b.split()),
                        m[y.strip()],
                        "esnli",
                        a,
                    )
                )
    return out


def load_sick(root: Path, rng: random.Random) -> list[dict]:
    m = {"ENTAILMENT": SUP, "CONTRADICTION": CON, "NEUTRAL": UNV}
    out = []
    for name in ("SICK_train.txt", "SICK_trial.txt", "SICK_test_annotated.txt"):
        with (root / "nli" / "sick2014" / name).open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                y = m.get(r["entailment_judgment"])
                # SICK is 57% neutral and very repetitive: keep half of the neutrals
                if y is None or (y == UNV and rng.random() < 0.5):
                    continue
                out.append(row(r["sentence_A"], r["sentence_B"], y, "sick", r["sentence_A"]))
    return out


def load_docnli(root: Path, name: str, n_sup: int, n_not: int, rng: random.Random) -> list[dict]:
    sup, nots = [], []
    for split in ("dev", "test"):
        for line in (root / "nli" / "docnli" / name / f"{split}.txt").open(encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[1].strip() or not parts[2].strip():
                continue
            y, prem, hyp = parts
            if len(prem.split()) > 220:  # keep spans realistic (<= ~256 tokens)
                continue
            r = row(prem, hyp, SUP if y == "entailment" else NOTSUP, name, prem[:200])
            (sup if y == "entailment" else nots).append(r)
    rng.shuffle(sup)
    rng.shuffle(nots)
    return sup[:n_sup] + nots[:n_not]


def load_factcg(root: Path) -> list[dict]:
    out = []
    for path in sorted((root / "nli" / "factcg" / "data").glob("*/*.json")):
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if not r.get("text_a") or not r.get("text_b"):
                continue  # claim-only rows: nothing to ground against
            out.append(
                row(
                    r["text_a"],
                    r["text_b"][0],
                    SUP if r["orig_label"] == 1 else NOTSUP,
                    "factcg",
                    r["text_a"][:200],
                )
            )
    return out


def best_window(body_sents: list[str], headline: str, rng: random.Random) -> str:
    """The 1-3 body sentences that share most words with the headline, in body order."""
    hw = synth.cwords(headline)
    scored = sorted(range(len(body_sents)), key=lambda i: -len(hw & synth.cwords(body_sents[i])))
    k = rng.choice((1, 2, 2, 3))
    idx = sorted(scored[:k])
    text = " ".join(body_sents[i] for i in idx)
    while len(text.split()) > 130 and len(idx) > 1:
        idx = idx[:-1]
        text = " ".join(body_sents[i] for i in idx)
    return " ".join(text.split()[:150])


def load_fnc(root: Path, rng: random.Random, n_discuss: int, n_unrelated: int) -> list[dict]:
    base = root / "stance" / "fnc1_arc" / "data" / "fnc-1" / "corpora" / "metaclassifier_corpus_9_1"
    with (base / "train_bodies.csv").open(encoding="utf-8") as f:
        bodies = {
            r["Body ID"]: synth.split_sentences(html.unescape(r["articleBody"])) for r in csv.DictReader(f)
        }
    by: dict[str, list[tuple[str, str]]] = {
        "agree": [],
        "disagree": [],
        "discuss": [],
        "unrelated": [],
    }
    for name in ("train_train_stances.csv", "train_test_stances.csv"):
        with (base / name).open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["Body ID"] in bodies and bodies[r["Body ID"]] and r["Stance"] in by:
                    by[r["Stance"]].append((r["Headline"], r["Body ID"]))
    caps = {
        "agree": 10**9,
        "disagree": 10**9,
        "discuss": n_discuss,
        "unrelated": n_unrelated,
    }
    lab = {"agree": SUP, "disagree": CON, "discuss": UNV, "unrelated": UNV}
    out = []
    for stance, items in by.items():
        rng.shuffle(items)
        for head, bid in items[: caps[stance]]:
            out.append(
                row(
                    best_window(bodies[bid], head, rng),
                    head,
                    lab[stance],
                    f"fnc1:{stance}",
                    f"fnc:{bid}",
                )
            )
    return out


def is_dev_doc(doc: str, share: float) -> bool:
    h = int(hashlib.md5(doc.encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", type=int, default=38000, help="synthetic news pairs to generate")
    ap.add_argument(
        "--max-sents",
        type=int,
        default=18000,
        help="news sentences to annotate with spaCy",
    )
    ap.add_argument("--dev-news", type=int, default=1000)
    ap.add_argument("--dev-other", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    root = data_root()
    t0 = time.time()

    parts: dict[str, list[dict]] = {
        "esnli": load_esnli(root),
        "sick": load_sick(root, rng),
        "mnli": load_docnli(root, "binary-MNLI", 6500, 5000, rng),
        "fever": load_docnli(root, "binary-FEVER-NLI", 4000, 3000, rng),
        "factcg": load_factcg(root),
        "fnc1": load_fnc(root, rng, n_discuss=3000, n_unrelated=2500),
    }
    print(f"real sets loaded in {time.time() - t0:.0f}s", flush=True)
    parts["synth"] = synth.build(root, args.synth, args.max_sents, seed=args.seed)
    print(f"synthetic built in {time.time() - t0:.0f}s", flush=True)

    # dev: synthetic news from held-out documents (no document in both), plus 3-way real pairs
    train, dev_news, dev_other = [], [], []
    for name, rows in parts.items():
        for r in rows:
            r["part"] = name
            if name == "synth" and is_dev_doc(r["doc"], 0.05):
                dev_news.append(r)
            else:
                train.append(r)
    rng.shuffle(dev_news)
    dev_news = dev_news[: args.dev_news]
    rng.shuffle(train)
    keep = []
    for r in train:
        if (
            r["part"] != "synth"
            and r["label"] != NOTSUP
            and len(dev_other) < args.dev_other
            and rng.random() < 0.03
        ):
            dev_other.append(r)
        else:
            keep.append(r)
    train = keep
    dev = dev_news + dev_other

    out = RUNS / "data"
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train", train), ("dev", dev)):
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    stats = {
        "train": len(train),
        "dev": len(dev),
        "train_by_part": dict(Counter(r["part"] for r in train)),
        "train_by_part_label": dict(sorted(Counter(f"{r['part']}:{r['label']}" for r in train).items())),
        "train_by_source": dict(sorted(Counter(r["source"] for r in train).items())),
        "dev_by_part_label": dict(sorted(Counter(f"{r['part']}:{r['label']}" for r in dev).items())),
        "seconds": round(time.time() - t0),
    }
    (out / "stats.json").write_text(json.dumps(stats, indent=1))
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
