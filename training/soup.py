"""Average the weights of judges fine-tuned from one starting point (a "model soup").

Every stage-3/4 run continued from the shipped judge (`runs/judge2/final`), so their weights lie
in one basin; averaging them is a cheap way to combine what each learned without more
training (Wortsman et al. 2022, "Model soups"). The soup is written as an ordinary run that
`training.export` can export and the benchmarks can score.

    python -m training.soup --out soup24 judge2/final judge4/final [--weights 1 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

RUNS = Path(__file__).resolve().parent / "runs"


def average(states: list[dict[str, np.ndarray]], weights: list[float]) -> dict[str, np.ndarray]:
    """Weighted mean of state dicts with identical keys and shapes (integer buffers taken from the first)."""
    keys = set(states[0])
    for s in states[1:]:
        if set(s) != keys:
            raise ValueError(f"state dicts differ in keys: {sorted(keys ^ set(s))[:5]}")
    w = np.asarray(weights, dtype=np.float64) / float(sum(weights))
    out: dict[str, np.ndarray] = {}
    for k in states[0]:
        if not np.issubdtype(states[0][k].dtype, np.floating):
            out[k] = states[0][k]  # e.g. position_ids: not a weight
            continue
        acc = sum(wi * s[k].astype(np.float64) for wi, s in zip(w, states, strict=True))
        out[k] = acc.astype(states[0][k].dtype)
    return out


def main() -> None:
    from safetensors.numpy import load_file, save_file

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="run name under training/runs (writes <out>/final)")
    ap.add_argument("--weights", type=float, nargs="*", help="one weight per ingredient (default equal)")
    ap.add_argument("models", nargs="+", help="model dirs, absolute or relative to training/runs")
    a = ap.parse_args()
    dirs = [Path(m) if Path(m).is_absolute() else RUNS / m for m in a.models]
    weights = a.weights or [1.0] * len(dirs)
    if len(weights) != len(dirs):
        ap.error("one weight per model")
    states = [load_file(str(d / "model.safetensors")) for d in dirs]
    out = RUNS / a.out / "final"
    out.mkdir(parents=True, exist_ok=True)
    save_file(average(states, weights), str(out / "model.safetensors"))
    for f in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(dirs[0] / f, out / f)
    (out / "soup.json").write_text(
        json.dumps({"ingredients": [str(d) for d in dirs], "weights": weights}, indent=1) + "\n"
    )
    print(f"wrote {out} from {len(dirs)} models, weights {weights}")


if __name__ == "__main__":
    main()
