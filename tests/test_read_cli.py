"""Readers (encodings, HTML, stdin, URLs) and the CLI."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storycheck import errors
from storycheck.cli import app
from storycheck.read import Limits, from_bytes, read_path, read_url

FIX = Path(__file__).parent / "fixtures"
runner = CliRunner()


@pytest.fixture(scope="module")
def server():
    """A local HTTP server over tests/fixtures, plus /slow and /loop routes."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(FIX), **kw)

        def log_message(self, *a):  # keep test output clean
            pass

        def do_GET(self):
            if self.path == "/slow":
                time.sleep(2)
                self.send_response(200)
                self.end_headers()
                return
            if self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                chunk = b"The bridge reopened. " * 5000
                try:
                    for _ in range(200):  # ~21 MB, more than the byte limit
                        self.wfile.write(chunk)
                except OSError:  # the client hung up at its limit
                    pass
                return
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return
            super().do_GET()

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # clients hanging up early is expected
            pass

    httpd = Server(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_cp1252_is_detected_not_mangled():
    text = "The mayor said: \u201cWe\u2019re open again\u201d \u2013 and the caf\u00e9 agreed. " * 3
    doc = from_bytes(text.encode("cp1252"), "legacy.txt")
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_utf8_bom_and_crlf():
    doc = from_bytes("\ufeffFirst line.\r\nSecond line.\r\n".encode("utf-8"), "bom.txt")
    assert doc.text == "First line.\nSecond line.\n"


@pytest.mark.parametrize(
    ("data", "exc"),
    [
        (b"", errors.EmptyInputError),
        (b"   \n\t ", errors.EmptyInputError),
        (b"%PDF-1.7\n%binary", errors.BinaryInputError),
        (b"abc\x00\x01\x02def", errors.BinaryInputError),
        (bytes.fromhex("feffffffdfffffff"), errors.BinaryInputError),  # a UTF-16 BOM, then garbage
    ],
)
def test_bad_bytes_raise_input_errors(data, exc):
    with pytest.raises(exc):
        from_bytes(data, "bad.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(errors.InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(errors.InputError, match="directory"):
        read_path(tmp_path)


def test_unreadable_file(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text("Some text.", encoding="utf-8")
    f.chmod(0)
    if os.access(f, os.R_OK):  # root reads anything: make the open itself fail
        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self == f:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(errors.InputError, match="cannot read"):
        read_path(f)
    res = runner.invoke(app, ["check", str(f), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2 and "cannot read" in res.stderr and "Traceback" not in res.output


def test_html_without_article_text_is_refused():
    html = (
        b"<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(errors.EmptyInputError):
        from_bytes(html, "empty.html")


def test_url_is_fetched_and_extracted(server):
    doc = read_url(f"{server}/article.html")
    assert doc.media_type == "text/html"
    assert "reopened to traffic on Friday" in doc.text
    assert doc.source == f"{server}/article.html"


def test_url_errors(server):
    with pytest.raises(errors.FetchError, match="404"):
        read_url(f"{server}/missing.html")
    with pytest.raises(errors.FetchError, match="redirects"):
        read_url(f"{server}/loop")
    with pytest.raises(errors.FetchError, match="not public"):
        read_url(f"{server}/article.html", allow_private=False)
    with pytest.raises(errors.FetchError, match="only http"):
        read_url("file:///etc/passwd")
    with pytest.raises(errors.FetchTimeoutError, match="timed out"):
        read_url(f"{server}/slow", limits=Limits(fetch_timeout=0.5))
    with pytest.raises(errors.LimitExceededError, match="byte limit"):
        read_url(f"{server}/huge")


def test_cli_json_against_url_and_file(server):
    res = runner.invoke(
        app, ["check", f"{server}/article.html", "--against", str(FIX / "reference.txt"), "-f", "json"]
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["article"]["name"].endswith("/article.html")
    assert any(s["verdict"] == "contradicted" for s in d["sentences"])


def test_cli_reads_stdin():
    text = (FIX / "article.txt").read_text(encoding="utf-8")
    res = runner.invoke(
        app, ["check", "-", "--against", str(FIX / "reference.txt"), "-f", "json"], input=text
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["article"] == {"name": "stdin", "chars": len(text)}


def test_cli_html_output_file(tmp_path):
    out = tmp_path / "report.html"
    res = runner.invoke(
        app,
        ["check", str(FIX / "article.txt"), "-a", str(FIX / "reference.txt"), "-f", "html", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "contradicted" in page and "Ferry operators" in page


def test_cli_text_output():
    res = runner.invoke(app, ["check", str(FIX / "article.txt"), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 0
    assert "date_mismatch" in res.stdout and "Left out" in res.stdout


def test_cli_errors_are_one_line_with_exit_codes(tmp_path, server):
    res = runner.invoke(app, ["check", str(tmp_path / "missing.txt"), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2
    assert res.stderr.strip().count("\n") == 0 and "no such file" in res.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    res = runner.invoke(app, ["check", str(empty), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2 and "empty" in res.stderr
    res = runner.invoke(app, ["check", f"{server}/missing.html", "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 3 and "404" in res.stderr
    assert "Traceback" not in res.output


def test_score_round_trips_ids_and_order(tmp_path):
    doc = (FIX / "reference.txt").read_text(encoding="utf-8")
    rows = [
        {"id": "b", "document": doc, "claim": "Engineers replaced the damaged cables on the northern span."},
        {"id": 7, "document": [doc, "Another document."], "claim": "The bridge reopened on Friday."},
        {"id": None, "document": doc, "claim": "A zoo welcomed a baby giraffe named Pip."},
        {
            "id": "multi",
            "document": doc,
            "claim": "Engineers replaced the damaged cables. The zoo got a giraffe.",
        },
    ]
    inp = tmp_path / "pairs.jsonl"
    inp.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["score", str(inp), "--output", str(out)])
    assert res.exit_code == 0, res.output
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["b", 7, None, "multi"]
    assert got[0]["verdict"] == "supported"
    assert got[1]["verdict"] == "contradicted"
    assert got[2]["verdict"] == "unverified"
    # A multi-sentence claim is supported only if all its sentences are.
    assert got[3]["verdict"] != "supported"
    assert got[3]["support"] <= got[0]["support"]
    for g in got:
        assert set(g) == {"id", "support", "contradiction", "verdict"}
        assert 0 <= g["support"] <= 1 and 0 <= g["contradiction"] <= 1


def test_score_bad_lines_get_errors_and_exit_1(tmp_path):
    inp = tmp_path / "pairs.jsonl"
    inp.write_text('{"id": 1, "document": "A cat sat.", "claim": "A cat sat."}\nnot json\n{"id": 3}\n')
    res = runner.invoke(app, ["score", str(inp)])
    assert res.exit_code == 1
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x.get("id") for x in lines] == [1, None, 3]
    assert "error" not in lines[0] and "invalid JSON" in lines[1]["error"] and "document" in lines[2]["error"]


def test_installed_entry_point_runs():
    res = subprocess.run(
        [sys.executable, "-m", "storycheck.cli", "--help"], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0 and "check" in res.stdout and "score" in res.stdout


RUSSIAN = (
    "Мост через гавань был вновь открыт для движения в пятницу после трёх недель ремонта, "
    "сообщили в городском транспортном управлении.\n"
)


def test_non_english_is_refused_unless_allowed(tmp_path):
    ru = tmp_path / "ru.txt"
    ru.write_text(RUSSIAN, encoding="utf-8")
    res = runner.invoke(app, ["check", str(ru), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2 and "Russian" in res.stderr
    res = runner.invoke(
        app, ["check", str(ru), "-a", str(FIX / "reference.txt"), "--allow-non-english", "-f", "json"]
    )
    assert res.exit_code == 0 and "warning" in res.stderr and "Russian" in res.stderr
    assert json.loads(res.stdout)["summary"]["unverified"] == 1


def test_garbled_english_is_still_english():
    from storycheck.read import detect_language

    text = "Zensky said the final final final final talks on a high fire were non -corrective, officials said on Thursday."
    assert detect_language(text)[0] == "en"


def test_size_limits_are_refused_clearly(tmp_path):
    from storycheck import check
    from storycheck.read import LIMITS

    big = tmp_path / "big.txt"
    big.write_text(
        "The bridge reopened on Friday. " * (LIMITS.max_article_chars // 31 + 10), encoding="utf-8"
    )
    res = runner.invoke(app, ["check", str(big), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2 and "article limit" in res.stderr
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (LIMITS.max_bytes + 1))
    res = runner.invoke(app, ["check", str(huge), "-a", str(FIX / "reference.txt")])
    assert res.exit_code == 2 and "byte limit" in res.stderr
    with pytest.raises(errors.LimitExceededError, match="references"):
        check("The bridge reopened.", references=["The bridge reopened."] * (LIMITS.max_references + 1))
