"""First check after server start vs later ones (issue 13, item 4), through a real server.

Starts `storycheck serve` (this checkout: ``python -m storycheck.cli``) on a free port, waits
until /healthz says ready (the models load and warm in the background), then times N checks
of the same request: the first one should cost what the later ones do. Prints the seconds
from start to ready, each check's wall time, and the ratio first / median(later). Idle machine
only: refuses when the 1-minute load average is over 0.5 (--force runs anyway and marks it).

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/first_check.py [--checks 6] [--force]

The request is the README fixtures (tests/fixtures/article.txt against reference.txt and
reference2.txt), written for this project.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checks", type=int, default=6)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    if load > 0.5 and not args.force:
        sys.exit(f"load average {load:.2f} > 0.5: timings need an idle machine (--force to run anyway)")
    mark = " (FORCED, not idle)" if load > 0.5 else ""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    body = {
        "article": {"text": (FIX / "article.txt").read_text(encoding="utf-8")},
        "references": [
            {"text": (FIX / n).read_text(encoding="utf-8")} for n in ("reference.txt", "reference2.txt")
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "storycheck.cli",
            "serve",
            "--port",
            str(port),
            "--db",
            f"{tmp}/r.sqlite3",
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            answering = None
            while True:
                try:
                    r = httpx.get(f"{base}/healthz", timeout=5)
                    answering = answering or time.perf_counter() - t0
                    if r.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    sys.exit("server exited")
                time.sleep(0.05)
            ready = time.perf_counter() - t0
            times = []
            for _ in range(args.checks):
                t = time.perf_counter()
                r = httpx.post(f"{base}/api/check", json=body, timeout=600)
                r.raise_for_status()
                times.append(time.perf_counter() - t)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    later = statistics.median(times[1:]) if len(times) > 1 else float("nan")
    print(f"load average before: {load:.2f}{mark}")
    print(f"server answering after {answering:.2f} s; ready (models loaded and warm) after {ready:.2f} s")
    print("checks (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"first / median(later) = {times[0] / later:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
