"""Judge throughput in pairs/s at fixed sequence lengths: the model through the session
pool ``storycheck.judge.OnnxJudge`` uses, ``storycheck score`` end to end, and (--roberta)
a RoBERTa-large-sized cross-encoder under the same onnxruntime settings. Timings: idle
machine only (refuses when the 1-minute load average is over 0.5; --force marks the output).

    python benchmarks/throughput.py [--lengths 48,128,256] [--seconds 10] [--batch 1] [--roberta]

(a) storycheck/models/judge/model.onnx through ``SessionPool`` (one single-thread
    inference per core, ``--batch`` pairs per inference; the shipped judge runs 1).
(s) ``storycheck.score.score_lines`` on JSONL lines whose one-sentence document and claim
    tokenize to L tokens together (one pair per line), models loaded once.
(b) with --roberta: RobertaForSequenceClassification with RANDOM weights from a RoBERTa-large config (no
    download), exported to ONNX like training/export.py does for our judge: torch.onnx
    (dynamo=False, eager attention) -> onnxruntime BERT fusion -> per-channel dynamic int8.
    Built once and cached in benchmarks/out/throughput/ (git-ignored, ~1.8 GB while building).

Every batch is exactly --batch pairs of exactly L tokens (attention mask all ones), so both
models do the same work per pair. Speed does not depend on the token values, so (a) feeds
real tokenised text cut to L and (b) random ids in the RoBERTa vocabulary.
Workers: one per core (at most 4); STORYCHECK_THREADS overrides, as at run time.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from _data import count_pairs

from storycheck.judge import JUDGE_DIR, SessionPool

OUT = Path(__file__).resolve().parent / "out" / "throughput"

# Synthetic news-like text; repeated and cut, so every pair has exactly L tokens.
EVIDENCE = (
    "The city council voted 7 to 2 on Tuesday to approve a $45 million budget for road repairs, "
    "after months of debate over how to pay for the work. Mayor Ellen Park said the first "
    "contracts would be signed in March and that most of the money would go to bridges. "
)
CLAIM = "On Tuesday the council approved 45 million dollars for repairs, most of it for bridges. "


def judge_batch(tokenizer: Path, length: int, batch: int) -> dict[str, np.ndarray]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer))
    tok.enable_truncation(length, strategy="longest_first")
    enc = tok.encode(EVIDENCE * 20, CLAIM * 8)
    assert len(enc.ids) == length, (len(enc.ids), length)
    ids = np.tile(np.array(enc.ids, dtype=np.int64), (batch, 1))
    return {
        "input_ids": ids,
        "attention_mask": np.ones_like(ids),
        "token_type_ids": np.tile(np.array(enc.type_ids, dtype=np.int64), (batch, 1)),
    }


def roberta_batch(length: int, batch: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    # <s> A </s></s> B </s>, as a RoBERTa cross-encoder sees a pair
    ids = rng.integers(4, 50265, size=(batch, length), dtype=np.int64)
    ids[:, 0] = 0
    mid = length // 2
    ids[:, mid - 1 : mid + 1] = 2
    ids[:, -1] = 2
    return {"input_ids": ids, "attention_mask": np.ones_like(ids)}


def build_roberta(out_dir: Path) -> Path:
    """Random-weight RoBERTa-large classifier -> fused int8 ONNX (cached)."""
    int8 = out_dir / "roberta_large_random.int8.onnx"
    if int8.exists():
        return int8
    import torch
    from transformers import RobertaConfig, RobertaForSequenceClassification

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from training.export import fuse_and_quantize  # the judge's own export recipe

    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    torch.manual_seed(0)
    cfg = RobertaConfig(
        hidden_size=1024,
        num_hidden_layers=24,
        num_attention_heads=16,
        intermediate_size=4096,
        vocab_size=50265,
        max_position_embeddings=514,
        type_vocab_size=1,
        num_labels=3,
        attn_implementation="eager",  # as training/export.py loads our judge: fusable attention
    )
    model = RobertaForSequenceClassification(cfg).eval()

    class Logits(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.m(input_ids=input_ids, attention_mask=attention_mask).logits

    fp32, fused = out_dir / "roberta_large_random.onnx", out_dir / "roberta_large_random.fused.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    wrapper = Logits(model)
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            (ids, torch.ones_like(ids)),
            str(fp32),
            dynamo=False,
            opset_version=17,
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": {0: "batch"}},
        )
    wrapper.eval()  # export can leave the module in training mode; keep it in eval for any later use
    fuse_and_quantize(fp32, fused, int8, num_heads=16, hidden_size=1024)
    for p in (fp32, fused):  # only the int8 file is measured; the rest is ~2.8 GB
        p.unlink()
    print(
        f"built {int8.name} ({int8.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    return int8


def measure(
    pool: SessionPool, feed: dict[str, np.ndarray], seconds: float, min_batches: int
) -> tuple[float, int]:
    """Pairs/s over repeated rounds of one batch per worker, after one warm-up round."""
    feeds = [feed] * pool.n
    pool.run(feeds)
    batch = next(iter(feed.values())).shape[0]
    n, t0 = 0, time.perf_counter()
    while n < min_batches or time.perf_counter() - t0 < seconds:
        pool.run(feeds)
        n += len(feeds)
    return n * batch / (time.perf_counter() - t0), n


def score_lines_rate(length: int, seconds: float) -> tuple[float, int]:
    """``storycheck score`` in-process: pairs/s on lines of one pair of ~length tokens."""
    import json

    from tokenizers import Tokenizer

    from storycheck import Engine
    from storycheck.score import score_lines

    tok = Tokenizer.from_file(str(JUDGE_DIR / "tokenizer.json"))
    words = EVIDENCE.replace(".", "").split()
    claim = CLAIM.strip()
    budget = length - len(tok.encode(claim).ids) - 1  # [CLS] doc [SEP] claim [SEP]
    doc = ""
    for k in range(10_000):
        nxt = (doc + " " + words[k % len(words)]).strip()
        if len(tok.encode(nxt).ids) - 1 > budget:
            break
        doc = nxt
    engine = Engine.default()
    score = engine.judge.score  # restored below
    asked = count_pairs(engine)
    lines = [json.dumps({"id": i, "document": doc + ".", "claim": claim}) for i in range(16)]
    list(score_lines(lines[:4], engine))  # warm-up
    asked[0], n, t0 = 0, 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        n += sum(1 for _ in score_lines(lines, engine))
    rate = asked[0] / (time.perf_counter() - t0)
    engine.judge.score = score
    return rate, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lengths", default="48,128,256")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=10.0, help="minimum timed seconds per (model, length)")
    ap.add_argument("--min-batches", type=int, default=3)
    ap.add_argument("--judge", type=Path, default=JUDGE_DIR / "model.onnx")
    ap.add_argument(
        "--roberta", action="store_true", help="also RoBERTa-large (random weights; needs torch once)"
    )
    ap.add_argument("--force", action="store_true", help="run on a busy machine (output marked: not figures)")
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    print(f"$ {shlex.join([Path(sys.executable).name, *sys.argv])}")
    one = os.getloadavg()[0]
    mark = ""
    if one > 0.5:
        if not args.force:
            sys.exit(f"throughput.py: 1-minute load average {one:.2f} > 0.5; run it on an idle machine")
        mark = " [UNDER LOAD: not a figure]"
        print(f"WARNING: load average {one:.2f}: these are NOT figures; do not record them")
    judge_s = SessionPool(args.judge)
    print(f"cpus: {os.cpu_count()}, workers {judge_s.n} (STORYCHECK_THREADS={os.environ.get('STORYCHECK_THREADS', 'unset')}), "
          f"batch {args.batch}, >= {args.seconds:g} s per cell, load average {one:.2f}{mark}")  # fmt: skip
    rob_s = SessionPool(build_roberta(OUT)) if args.roberta else None
    rng = np.random.default_rng(0)
    print(f"judge: {args.judge} ({args.judge.stat().st_size / 1e6:.1f} MB)")
    print(
        "| tokens | judge pairs/s (model) | storycheck score pairs/s | RoBERTa-large pairs/s |\n|---|---|---|---|"
    )
    for L in lengths:
        a, na = measure(
            judge_s,
            judge_batch(args.judge.parent / "tokenizer.json", L, args.batch),
            args.seconds,
            args.min_batches,
        )
        sc, ns = score_lines_rate(L, args.seconds)
        b = (
            measure(rob_s, roberta_batch(L, args.batch, rng), args.seconds, args.min_batches)[0]
            if rob_s
            else None
        )
        rb = f"{b:.2f}" if b else "-"
        print(f"| {L} | {a:.1f} | {sc:.1f} | {rb} |  <!-- {na} batches, {ns} lines; "
              f"load average {os.getloadavg()[0]:.2f}{mark} -->", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
