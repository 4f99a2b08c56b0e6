"""The events page in a real headless Chromium: records pasted, grouped, the stored report
opened with one page per event. Skips when Playwright or Chromium is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("STORYCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from test_server_fixtures import engine, live_server  # noqa: E402

from storycheck.server import create_app  # noqa: E402
from storycheck.server.events import events_router  # noqa: E402

FEED = Path(__file__).parent / "fixtures" / "events" / "feed.jsonl"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app(
        tmp_path_factory.mktemp("evbrowser") / "r.sqlite3", engine=engine(), routers=[events_router()]
    )
    with live_server(app) as url:
        yield url


def test_events_page_groups_pasted_records(base):
    lines = [
        x for x in FEED.read_text(encoding="utf-8").splitlines() if '"id": "budget' in x or '"museum' in x
    ]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # (the browser's own favicon request may 404; every other load must succeed)
        page.on(
            "response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None
        )
        page.goto(f"{base}/events")
        page.fill("#jsonl", "\n".join(lines))
        page.uncheck("#compare")
        page.click("#go")
        page.wait_for_url("**/events/*.html", timeout=60_000)
        assert "3 articles, 2 events" in page.inner_text("#index h1")
        page.click("text=Benholm")  # the budget event's page
        shown = page.locator("section.event:target")
        assert shown.count() == 1 and "Daily Ledger" in shown.inner_text()
        assert not page.locator("#index").is_visible()
        # a line that is not JSON is refused before anything is sent
        page.goto(f"{base}/events")
        page.fill("#jsonl", "{not json")
        page.click("#go")
        assert "line 1: not a JSON object" in page.inner_text("#error")
        browser.close()
    assert errors == []
