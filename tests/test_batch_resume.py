"""`storycheck score --resume` after a real run is killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

FIX = Path(__file__).parent / "fixtures"


def test_killed_run_resumes_without_gaps_or_duplicates(tmp_path):
    doc = (FIX / "reference.txt").read_text(encoding="utf-8")
    claims = [s for s in doc.replace("\n", " ").split(". ") if s]
    n = 60
    inp = tmp_path / "pairs.jsonl"
    with inp.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"p{i}", "document": doc, "claim": claims[i % len(claims)]}) + "\n")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "storycheck.cli", "score", str(inp), "--output", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 240
    while time.time() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= 5:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = out.read_bytes().count(b"\n")
    assert 5 <= done_before < n, "the run should have been killed part-way"
    # Simulate the worst case of a kill mid-write: a half line at the end.
    with out.open("ab") as fh:
        fh.write(b'{"id": "p99", "supp')
    res = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"p{i}" for i in range(n)]
    assert all(r["verdict"] in ("supported", "contradicted", "unverified") for r in rows)
