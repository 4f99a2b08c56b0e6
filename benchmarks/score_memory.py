"""Peak memory of `storycheck score` as the input grows (it should stay flat).

    python benchmarks/score_memory.py --sizes 100,1000

Writes N pairs built from ECB+ sentences (../shared/data) to a temp file, runs the real CLI
in a subprocess for each N, and reads the child's peak RSS (ru_maxrss) from the OS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import ecb_topic


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000")
    args = ap.parse_args()
    sents = [s for t in range(1, 6) for s in ecb_topic(t, plus=True)]
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            inp = Path(tmp) / f"pairs{n}.jsonl"
            with inp.open("w", encoding="utf-8") as fh:
                for i in range(n):
                    doc = " ".join(sents[(i * 7 + k) % len(sents)] for k in range(6))
                    fh.write(
                        json.dumps({"id": i, "document": doc, "claim": sents[(i * 7 + 2) % len(sents)]})
                        + "\n"
                    )
            out = Path(tmp) / f"out{n}.jsonl"
            t = time.perf_counter()
            # A fresh child per size; os.wait4 gives that child's own peak RSS.
            proc = subprocess.Popen([sys.executable, "-m", "storycheck.cli", "score", str(inp), "-o", str(out)],
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            _, status, usage = os.wait4(proc.pid, 0)
            assert status == 0, status
            dt = time.perf_counter() - t
            peak = usage.ru_maxrss / 1024
            lines = sum(1 for _ in out.open())
            print(
                f"{n:>6} pairs: {lines} lines out, peak RSS {peak:.0f} MiB, {dt:.0f} s ({n / dt:.1f} pairs/s)"
            )


if __name__ == "__main__":
    main()
