"""--engine ray on a local Ray (what CI runs: small data, 2 CPUs): the same report and the
same score lines, in the same order, as the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("ray")
pytest.importorskip("pyarrow")

import storycheck  # noqa: E402
from storycheck.cli import app  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "events"
FEED_PATH = FIX / "feed.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    import ray

    from storycheck.events import distributed

    distributed.init(num_cpus=2)
    yield
    ray.shutdown()


def test_events_on_ray_equal_local(tmp_path):
    feed = tmp_path / "feed.jsonl"
    # a blank line inside the file: Ray's reader drops it, the line numbers must not move
    lines = (FIX / "feed.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    feed.write_text("".join(lines[:3]) + "\n" + "".join(lines[3:]), encoding="utf-8")
    local = storycheck.events(feed).to_dict()
    on_ray = storycheck.events(feed, backend="ray", actors=2).to_dict()
    assert on_ray == local
    assert {"name": "feed.jsonl:13"}.items() <= on_ray["skipped"][-1].items()  # the broken last line


def raylet_warns_meanwhile(monkeypatch, stage: str, line: str) -> None:
    """While ``distributed.<stage>`` runs, a warning takes the raylet's road to the driver:
    published to the GCS, printed to ``sys.stdout`` by Ray's listener thread (what put a
    raylet warning inside the JSON under heavy load). Waits until it has been printed."""
    import threading

    import ray._private.worker as ray_worker
    from ray._private.utils import publish_error_to_driver

    from storycheck.events import distributed

    printed = threading.Event()
    ray_print = ray_worker.print_to_stdstream

    def print_and_tell(data, **kw):
        ray_print(data, **kw)
        if any(line in x for x in data["lines"]):
            printed.set()

    monkeypatch.setattr(ray_worker, "print_to_stdstream", print_and_tell)
    real = getattr(distributed, stage)

    def noisy(*args, **kwargs):
        publish_error_to_driver("storycheck_test", line, ray_worker.global_worker.gcs_client)
        assert printed.wait(60), "Ray's listener never printed the warning"
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, stage, noisy)


def test_events_cli_ray_parquet_no_compare(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = [json.loads(x) for x in (FIX / "feed.jsonl").read_text().splitlines()[:9]]
    pq.write_table(pa.Table.from_pylist(recs), tmp_path / "feed.parquet")
    args = [
        "events",
        str(tmp_path / "feed.parquet"),
        str(FIX / "feed-later.jsonl"),
        "--format",
        "json",
        "--no-compare",
    ]
    local = runner.invoke(app, args)
    raylet_warns_meanwhile(monkeypatch, "read_and_embed", "WARNING: the node is overloaded (test)")
    on_ray = runner.invoke(app, [*args, "--engine", "ray"])
    assert local.exit_code == on_ray.exit_code == 0, on_ray.output
    # stdout holds the report only (| jq works); Ray's warning went to stderr
    assert json.loads(on_ray.stdout) == json.loads(local.stdout)
    assert "the node is overloaded (test)" in on_ray.stderr


def test_score_on_ray_same_lines_same_order(tmp_path, monkeypatch):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {
            "id": 1,
            "document": "The bridge reopened on Monday after repairs.",
            "claim": "The bridge reopened on Monday.",
        },
        {
            "id": 2,
            "document": "The bridge reopened on Monday after repairs.",
            "claim": "The bridge reopened on Friday.",
        },
        {"id": 3, "document": "Officials said nine people died.", "claim": ""},
    ]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n\nnot json\n", encoding="utf-8")
    out_local, out_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    a = runner.invoke(app, ["score", str(pairs), "-o", str(out_local)])
    b = runner.invoke(app, ["score", str(pairs), "-o", str(out_ray), "--engine", "ray", "--actors", "2"])
    assert a.exit_code == b.exit_code == 1  # two bad lines
    assert out_ray.read_text() == out_local.read_text()
    assert [json.loads(x).get("id") for x in out_ray.read_text().splitlines()] == [1, 2, 3, None]
    # to stdout: the same lines and nothing else, whatever Ray prints meanwhile
    raylet_warns_meanwhile(monkeypatch, "score_records", "WARNING: worker pool is slow (test)")
    c = runner.invoke(app, ["score", str(pairs), "--engine", "ray"])
    assert c.exit_code == 1
    assert c.stdout == out_local.read_text()
    assert "worker pool is slow (test)" in c.stderr


def test_score_parquet_output_same_rows(tmp_path):
    import pyarrow.parquet as pq

    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {
            "id": "a",
            "document": "The museum reopened on Saturday.",
            "claim": "The museum reopened on Saturday.",
        },
        {"id": 7, "document": "The museum reopened on Saturday.", "claim": "The museum closed for good."},
        {"id": "c", "document": "x", "claim": 5},
    ]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    jsonl, local_pq, ray_pq = tmp_path / "o.jsonl", tmp_path / "local.parquet", tmp_path / "ray.parquet"
    runner.invoke(app, ["score", str(pairs), "-o", str(jsonl)])
    runner.invoke(app, ["score", str(pairs), "-o", str(local_pq)])
    runner.invoke(app, ["score", str(pairs), "-o", str(ray_pq), "--engine", "ray"])
    want = [json.loads(x) for x in jsonl.read_text().splitlines()]
    for path in (local_pq, ray_pq):
        got = pq.read_table(path).to_pylist()
        assert [r["id"] for r in got] == ["a", "7", "c"]
        assert [{k: v for k, v in r.items() if v is not None and k != "id"} for r in got] == [
            {k: v for k, v in w.items() if k != "id"} for w in want
        ]


def test_cli_starts_ray_with_more_actors_than_cores():
    """The CLI as a user runs it, Ray started by the command itself: more actors than this
    machine's cores (``--actors 4`` on 2 hung: the actors took every CPU Ray knew of, and
    the read tasks feeding them waited for ever). stdout is the report and nothing else,
    Ray shut down before the command ends."""
    import os
    import subprocess
    import sys

    actors = (os.cpu_count() or 1) + 2
    cmd = [sys.executable, "-m", "storycheck", "events", str(FEED_PATH), "--engine", "ray",
           "--actors", str(actors), "--format", "json", "--no-compare"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.terminate()  # SIGTERM: Ray's processes go with it
        proc.communicate()
        pytest.fail(f"storycheck events --engine ray --actors {actors} did not finish")
    assert proc.returncode == 1, err  # the fixture's bad records
    assert json.loads(out) == json.loads(storycheck.events(FEED_PATH, compare=False).to_json())
