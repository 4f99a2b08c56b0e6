"""Bounded load test of `storycheck serve` from a second process, on loopback only.

    python benchmarks/load.py --requests 200 --concurrency 8

Starts the real server (`python -m storycheck.cli serve`) on 127.0.0.1 with a temporary
SQLite file, warms it up, then sends a fixed mix of good and bad requests, N at a time,
and checks every answer's status. Reports the server's resident memory (VmRSS) after the
warm-up and after the load. Prints a JSON summary on its last line; exit 1 on any wrong answer.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ARTICLE = (
    "The Harbor Bridge reopened to traffic on Friday after three weeks of repairs. "
    "Mayor Lena Ortiz said 2,000 workers had taken part in the repairs. "
    "Engineers replaced the damaged cables on the northern span."
)
REFERENCE = (
    "The Harbor Bridge reopened to traffic on Thursday after three weeks of repairs. "
    "Mayor Lena Ortiz said 1,000 workers had taken part. "
    "Engineers replaced the damaged cables on the northern span of the bridge."
)


def requests_mix(i: int) -> tuple[str, str, object, int]:
    """(method, path, json-or-bytes, expected status) for request number i."""
    kind = i % 5
    if kind in (0, 1):
        return "POST", "/api/check", {"article": {"text": ARTICLE}, "references": [{"text": REFERENCE}]}, 200
    if kind == 2:
        return "POST", "/api/check", {"article": {"text": "   "}, "references": [{"text": REFERENCE}]}, 400
    if kind == 3:
        return "POST", "/api/check", b'{"article": ', 422
    return "POST", "/api/check", b'{"article": {"text": "' + b"a" * 6_000_000 + b'"}}', 413


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen(
            [sys.executable, "-m", "storycheck.cli", "serve", "--port", str(port), "--db", f"{tmp}/r.sqlite3"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.time() + 180
            while time.time() < deadline:
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            else:
                raise SystemExit("server did not start")
            with httpx.Client(base_url=base, timeout=300) as client:
                for i in range(5):  # warm-up: every request kind once
                    send(client, i)
                rss_start = rss_mib(server.pid)
                t = time.perf_counter()
                with ThreadPoolExecutor(args.concurrency) as pool:
                    results = list(pool.map(lambda i: send(client, i), range(args.requests)))
                elapsed = time.perf_counter() - t
            rss_end = rss_mib(server.pid)
            alive = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)
    wrong = [r for r in results if not r[0]]
    summary = {
        "requests": args.requests,
        "concurrency": args.concurrency,
        "wrong": len(wrong),
        "examples_wrong": wrong[:3],
        "seconds": round(elapsed, 1),
        "rss_after_warmup_mib": round(rss_start, 1),
        "rss_after_load_mib": round(rss_end, 1),
        "server_alive": alive,
    }
    print(json.dumps(summary))
    return 0 if not wrong and alive else 1


def send(client: httpx.Client, i: int) -> tuple[bool, int, int]:
    method, path, body, expected = requests_mix(i)
    if isinstance(body, bytes):
        r = client.request(method, path, content=body, headers={"content-type": "application/json"})
    else:
        r = client.request(method, path, json=body)
    ok = r.status_code == expected and r.headers.get("content-type", "").startswith("application/json")
    if ok and expected == 200:
        d = r.json()
        ok = d.get("schema") == "storycheck.report/1" and d["summary"]["contradicted"] >= 1
    return ok, r.status_code, expected


if __name__ == "__main__":
    raise SystemExit(main())
