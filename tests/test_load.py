"""The server under a bounded load from a second process (benchmarks/load.py, loopback only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def test_mixed_load_is_answered_correctly_and_memory_settles():
    res = subprocess.run(
        [sys.executable, str(LOAD), "--requests", "60", "--concurrency", "8"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert res.returncode == 0, summary
    assert summary["wrong"] == 0 and summary["server_alive"]
    # Memory after the load stays near where it was after the warm-up.
    assert summary["rss_after_load_mib"] - summary["rss_after_warmup_mib"] < 80, summary
