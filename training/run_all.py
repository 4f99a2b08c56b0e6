"""One command from a clean checkout to a shipped judge: data -> stage 1 -> stage 2 -> export.

    python -m training.run_all

The arguments are the ones the shipped judge was trained with. Both training stages are
time-budgeted (the learning rate decays with elapsed time), so on a faster or slower machine
they see more or fewer pairs than the model card records. Each step is idempotent: a finished
data build is reused, and train.py resumes from its checkpoint (or says it has finished), so
rerunning this after a kill continues where it stopped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNS = Path(__file__).resolve().parents[1] / "training" / "runs"
STAGE1 = ["--run", "judge", "--max-examples", "45000", "--synth-share", "0.45", "--time-budget-min", "88"]
STAGE2 = [
    "--run", "judge2", "--init", "training/runs/judge/final", "--data", "training/runs/data/stage2.jsonl",
    "--max-examples", "40000", "--synth-share", "0.3", "--lr", "2e-5", "--time-budget-min", "55",
]  # fmt: skip


def sh(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", *args], check=True)


def main() -> None:
    if not (RUNS / "data" / "stats.json").exists():
        sh("training.prepare_data")
    if not (RUNS / "judge" / "final").exists():
        sh("training.train", *STAGE1)
    if not (RUNS / "data" / "stage2.jsonl").exists():
        sh("training.stage2", "--first-run", "judge")
    if not (RUNS / "judge2" / "final").exists():
        sh("training.train", *STAGE2)
    sh("training.export", "--run", "judge2")


if __name__ == "__main__":
    main()
