"""Rebuild a trainable torch judge from the shipped int8 ONNX file.

The checkpoints of earlier training stages live in the git-ignored training/runs/ and are
gone on a fresh machine; the shipped storycheck/models/judge/model.onnx is all that is
left of them. Every weight is in it (fused and int8-quantised), so this script
dequantises the initializers and maps them back onto a BertForSequenceClassification
(MiniLM-L6 config), which a next stage can continue from with ``train.py --init``.
The rebuilt fp32 model agrees with the int8 judge up to quantisation noise; the script
measures that agreement and writes it beside the weights.

    python -m training.from_onnx --out training/runs/judge2/final
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHIP = REPO / "storycheck" / "models" / "judge"


def dequantised(model_path: Path) -> dict[str, np.ndarray]:
    """Initializer name -> fp32 array, with `X_quantized` folded into `X` via its scale/zero point."""
    import onnx
    from onnx import numpy_helper

    init = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(model_path)).graph.initializer}
    out: dict[str, np.ndarray] = {}
    for name, arr in init.items():
        if name.endswith("_quantized"):
            base = name[: -len("_quantized")]
            scale = init[base + "_scale"].astype(np.float32)
            zp = init[base + "_zero_point"].astype(np.float32)
            # per-channel parameters index the last (output) axis of an [in, out] matrix
            out[base] = (arr.astype(np.float32) - zp) * scale
        elif not (name.endswith("_scale") or name.endswith("_zero_point")):
            out[name] = arr.astype(np.float32) if arr.dtype.kind == "f" else arr
    return out


def state_dict(w: dict[str, np.ndarray], layers: int = 6, hidden: int = 384) -> dict[str, np.ndarray]:
    """Map the fused graph's initializers onto Hugging Face BERT parameter names."""
    sd: dict[str, np.ndarray] = {}
    p = "m.bert."
    for k in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        sd[f"bert.embeddings.{k}.weight"] = w[f"{p}embeddings.{k}.weight"]
    sd["bert.embeddings.LayerNorm.weight"] = w[f"{p}embeddings.LayerNorm.weight"]
    sd["bert.embeddings.LayerNorm.bias"] = w[f"{p}embeddings.LayerNorm.bias"]
    # The three plain MatMuls of each layer are numbered in graph order; their shapes say
    # which is which: [h,h] attention output, [h,4h] intermediate, [4h,h] output.
    mm = sorted((int(m.group(1)), k) for k in w if (m := re.fullmatch(r"onnx::MatMul_(\d+)", k)))
    assert len(mm) == 3 * layers, len(mm)
    for i in range(layers):
        q = f"bert.encoder.layer.{i}."
        qkv_w, qkv_b = w[f"Attention_{i}_qkv_weight"], w[f"Attention_{i}_qkv_bias"]
        for j, part in enumerate(("query", "key", "value")):
            sd[q + f"attention.self.{part}.weight"] = qkv_w[:, j * hidden : (j + 1) * hidden].T
            sd[q + f"attention.self.{part}.bias"] = qkv_b[j * hidden : (j + 1) * hidden]
        by_shape = {w[k].shape: w[k] for _, k in mm[3 * i : 3 * i + 3]}
        sd[q + "attention.output.dense.weight"] = by_shape[(hidden, hidden)].T
        sd[q + "intermediate.dense.weight"] = by_shape[(hidden, 4 * hidden)].T
        sd[q + "output.dense.weight"] = by_shape[(4 * hidden, hidden)].T
        for k in (
            "attention.output.dense.bias",
            "attention.output.LayerNorm.weight",
            "attention.output.LayerNorm.bias",
            "intermediate.dense.bias",
            "output.dense.bias",
            "output.LayerNorm.weight",
            "output.LayerNorm.bias",
        ):
            sd[q + k] = w[f"m.{q}{k}"]
    sd["bert.pooler.dense.weight"] = w["m.bert.pooler.dense.weight_Transposed"].T
    sd["bert.pooler.dense.bias"] = w["m.bert.pooler.dense.bias"]
    sd["classifier.weight"] = w["m.classifier.weight_Transposed"].T
    sd["classifier.bias"] = w["m.classifier.bias"]
    return {k: np.ascontiguousarray(v) for k, v in sd.items()}


def rebuild(out: Path, model_dir: Path = SHIP) -> dict:
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from training.train import LABELS, base_model_dir

    cfg = BertConfig.from_pretrained(str(base_model_dir()))
    cfg.num_labels = len(LABELS)
    cfg.id2label = dict(enumerate(LABELS))
    cfg.label2id = {v: k for k, v in cfg.id2label.items()}
    model = BertForSequenceClassification(cfg)
    sd = {k: torch.from_numpy(v) for k, v in state_dict(dequantised(model_dir / "model.onnx")).items()}
    missing, unexpected = model.load_state_dict(sd, strict=False)
    # position_ids is a buffer, not a weight
    assert not unexpected and all("position_ids" in m for m in missing), (missing, unexpected)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(base_model_dir())).save_pretrained(str(out))
    # the shipped judge's training history, so export.lineage() can continue it
    trained = json.loads((model_dir / "judge.json").read_text()).get("trained", {})
    stages = trained.get("stages") or ([trained] if trained else [])
    (out / "lineage.json").write_text(json.dumps(stages, indent=1))
    report = agreement(model, model_dir)
    (out / "from_onnx.json").write_text(json.dumps(report, indent=1))
    return report


def agreement(model, model_dir: Path) -> dict:
    """fp32 rebuilt model vs the shipped int8 judge on written pairs of each kind."""
    import torch

    from storycheck.judge import OnnxJudge
    from training.train import base_model_dir

    pairs = [
        ("The bridge will reopen in spring, the mayor said.", "The bridge will reopen in spring."),
        ("The bridge will reopen in spring, the mayor said.", "The bridge will reopen in autumn."),
        ("The bridge will reopen in spring, the mayor said.", "The mayor was elected in 2019."),
        ("Nobody was injured in the fire.", "No one was hurt."),
        ("Forty people died in the quake on Monday.", "Fourteen people died in the quake."),
        ("The union said it was open to cuts.", "The union rejected any cuts."),
        ("Police arrested 12 protesters outside the embassy.", "Twelve protesters were arrested."),
        ("The minister said talks would resume on Friday.", "Talks resumed on Thursday."),
    ]
    judge = OnnxJudge(model_dir)
    logits = judge.logits(pairs)
    onnx_p = np.exp(logits - logits.max(1, keepdims=True))
    onnx_p /= onnx_p.sum(1, keepdims=True)
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(base_model_dir()))
    model.eval()
    with torch.no_grad():
        rows = []
        for ev, cl in pairs:  # one at a time, as the runtime does
            enc = tok(ev, cl, return_tensors="pt", truncation=True, max_length=256)
            rows.append(torch.softmax(model(**enc).logits, -1)[0].numpy())
    torch_p = np.asarray(rows)
    diff = np.abs(torch_p - onnx_p)
    return {
        "pairs": len(pairs),
        "argmax_agreement": float((torch_p.argmax(1) == onnx_p.argmax(1)).mean()),
        "max_abs_prob_diff": float(diff.max()),
        "mean_abs_prob_diff": float(diff.mean()),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=REPO / "training" / "runs" / "judge2" / "final")
    ap.add_argument("--model-dir", type=Path, default=SHIP)
    args = ap.parse_args()
    print(json.dumps(rebuild(args.out, args.model_dir), indent=1))


if __name__ == "__main__":
    main()
