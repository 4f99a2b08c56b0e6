"""One command from a clean checkout to a shipped judge: data -> train -> export.

    python -m training.run_all [--max-examples 80000]

Each stage is idempotent: a finished data build is reused, and train.py resumes from its
checkpoint, so rerunning this after a kill continues where it stopped.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

RUNS = Path(__file__).resolve().parents[1] / "training" / "runs"


def sh(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", *args], check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="judge")
    ap.add_argument("--max-examples", default="80000")
    args = ap.parse_args()
    if not (RUNS / "data" / "stats.json").exists():
        sh("training.prepare_data")
    sh("training.train", "--run", args.run, "--max-examples", args.max_examples)
    sh("training.export", "--run", args.run)


if __name__ == "__main__":
    main()
