"""Smoke test of storycheck as a new user gets it: the command line and a real server.

`.ci/run` builds a wheel from the tracked files, installs it into a fresh virtual
environment and runs this file from outside the source tree with STORYCHECK_INSTALLED=1,
so a file missing from the package (the page's static files once were) fails here even
though the editable install of the other tests has it. In the source tree it runs against
the tree's code. Self-contained on purpose: it is copied out of tests/ to run.

Env: STORYCHECK_FIXTURES (default tests/fixtures next to this file), STORYCHECK_CHROMIUM,
STORYCHECK_SCREENSHOT_DIR (write the README pictures there from this run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

INSTALLED = os.environ.get("STORYCHECK_INSTALLED") == "1"
HERE = Path(__file__).resolve().parent
FIXTURES = Path(os.environ.get("STORYCHECK_FIXTURES") or HERE / "fixtures")
# In the tree: the tree's code (run from its root); installed: the `storycheck` script.
TREE = HERE.parent
CWD = None if INSTALLED else TREE
CHROMIUM = os.environ.get("STORYCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def storycheck(*args: str) -> list[str]:
    if INSTALLED:
        script = Path(sys.executable).parent / "storycheck"
        assert script.exists(), f"no console script at {script}"
        return [str(script), *args]
    return [sys.executable, "-m", "storycheck.cli", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def test_imports_the_installed_package() -> None:
    import storycheck

    where = Path(storycheck.__file__).resolve().parent
    if INSTALLED:
        assert "site-packages" in where.parts, where
        source = os.environ.get("STORYCHECK_SOURCE")
        if source:
            assert not where.is_relative_to(Path(source).resolve()), f"imported from the tree: {where}"
    # What the page and the download need is in the package, wherever it is installed.
    static = where / "server" / "static"
    for name in ("index.html", "app.js", "report.js", "style.css", "favicon.ico"):
        assert (static / name).is_file(), f"{name} missing from {static}"


def test_cli_check_on_the_fixtures(tmp_path: Path) -> None:
    art, ref = FIXTURES / "article.txt", FIXTURES / "reference.txt"
    out = subprocess.run(
        storycheck("check", str(art), "--against", str(ref), "--format", "json"),
        cwd=CWD, env=_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["schema"] == "storycheck.report/1"
    text = art.read_text(encoding="utf-8")
    for s in report["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert {s["verdict"] for s in report["sentences"]} >= {"supported", "contradicted"}

    html_out = tmp_path / "report.html"
    out = subprocess.run(
        storycheck("check", str(art), "-a", str(ref), "-f", "html", "-o", str(html_out)),
        cwd=CWD, env=_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    page = html_out.read_text(encoding="utf-8")
    assert "storycheck.report/1" in page and "renderReport" in page  # the page's renderer, inlined


# ------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    db = tmp_path_factory.mktemp("installed") / "reports.sqlite3"
    log = (tmp_path_factory.getbasetemp() / "serve.log").open("w")
    proc = subprocess.Popen(
        storycheck("serve", "--port", str(port), "--db", str(db)),
        cwd=CWD, env=_env(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        seen: set[int] = set()
        while True:
            assert proc.poll() is None, f"storycheck serve exited; see {log.name}"
            assert time.monotonic() < deadline, "server not ready after 600 s"
            try:
                r = httpx.get(f"{base}/healthz", timeout=5)
                seen.add(r.status_code)
                if r.status_code == 200:
                    break
                assert r.status_code == 503 and r.json()["status"] == "loading", r.text
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        assert r.json()["status"] == "ok"
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_page_static_files_and_docs(server: str) -> None:
    index = httpx.get(server + "/")
    assert index.status_code == 200 and "text/html" in index.headers["content-type"], index.text[:200]
    assert '<script src="/static/app.js">' in index.text
    assert httpx.head(server + "/").status_code == 200
    assert httpx.head(server + "/healthz").status_code == 200
    for name, kind in (("app.js", "javascript"), ("report.js", "javascript"), ("style.css", "css")):
        r = httpx.get(f"{server}/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"], name
    assert httpx.get(server + "/favicon.ico").headers["content-type"] == "image/x-icon"
    for page in ("/docs", "/redoc"):
        r = httpx.get(server + page)
        assert r.status_code == 200
        for url in re.findall(r'(?:src|href)="([^"]+)"', r.text) + re.findall(r"url: '([^']+)'", r.text):
            assert url.startswith("/"), f"{page} loads {url} from elsewhere"
            assert httpx.get(server + url).status_code == 200, url
    assert "/api/check" in httpx.get(server + "/openapi.json").json()["paths"]


def test_check_and_report_views(server: str) -> None:
    body = {
        "article": {"text": (FIXTURES / "article.txt").read_text(encoding="utf-8"), "name": "Coast Wire"},
        "references": [{"text": (FIXTURES / "reference.txt").read_text(encoding="utf-8"), "name": "Ref"}],
    }
    r = httpx.post(server + "/api/check", json=body, timeout=300)
    assert r.status_code == 200, r.text
    rid = r.json()["id"]
    page = httpx.get(f"{server}/reports/{rid}")
    assert page.status_code == 200 and '<script src="/static/app.js">' in page.text
    assert httpx.get(f"{server}/reports/{rid}.json").json()["id"] == rid
    standalone = httpx.get(f"{server}/reports/{rid}.html")
    assert standalone.status_code == 200 and "renderReport" in standalone.text
    assert httpx.get(f"{server}/reports/nope").status_code == 404


def test_in_chromium_nothing_comes_from_outside(server: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []
    problems: list[str] = []
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})

        def watch(route: Any) -> None:
            url = route.request.url
            if url.startswith((server, "data:", "blob:")):
                route.continue_()
            else:  # offline machine: anything else would hang or fail for the user
                outside.append(url)
                route.abort()

        ctx.route("**/*", watch)
        page = ctx.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(server + "/")
        page.locator("#article-src .in-name").fill("Coast Wire")
        page.locator("#article-src textarea").fill((FIXTURES / "article.txt").read_text(encoding="utf-8"))
        ref = page.locator("#refs fieldset").nth(0)
        ref.locator(".in-name").fill("Harbor Daily")
        ref.locator("textarea").fill((FIXTURES / "reference.txt").read_text(encoding="utf-8"))
        page.get_by_role("button", name="Check", exact=True).click()
        page.wait_for_selector("#result:not([hidden]) #article .s", timeout=300_000)
        page.locator("#article .s.contradicted").first.click()
        assert page.locator("#detail .ev").count() >= 1
        shots = os.environ.get("STORYCHECK_SCREENSHOT_DIR")
        if shots:  # the README picture: the report's permanent link, a contradicted sentence open
            page.goto(page.url)
            page.wait_for_selector("#article .s")
            page.locator("#article .s.contradicted").nth(1).click()
            page.mouse.move(0, 0)
            page.screenshot(path=str(Path(shots) / "screenshot.png"))
        for doc in ("/docs", "/redoc"):
            page.goto(server + doc)
            page.wait_for_selector(".swagger-ui .info, .api-info", timeout=60_000)
        ctx.close()
        browser.close()
    assert outside == []
    assert problems == []
