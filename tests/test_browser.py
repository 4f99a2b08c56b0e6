"""The page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skips when Playwright or Chromium is missing. Set STORYCHECK_SCREENSHOT=1 to write
docs/screenshot.png and docs/screenshot-phone.png (the README pictures) from the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("STORYCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from test_server_fixtures import BRIDGE_ART, BRIDGE_REF, LIBRARY_REF, engine, live_server  # noqa: E402

from storycheck.server import create_app  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Computed backgrounds of the verdict colours (style.css --sup/--con/--unv).
BG = {"supported": "rgb(217, 242, 217)", "contradicted": "rgb(249, 208, 208)", "unverified": "rgb(253, 241, 199)"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app(tmp_path_factory.mktemp("browser") / "r.sqlite3", engine=engine())
    with live_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _sentence(page: Any, needle: str) -> Any:
    return page.locator("#article .s", has_text=needle)


def _bg(loc: Any) -> str:
    return loc.evaluate("el => getComputedStyle(el).backgroundColor")


def test_check_two_stories_colours_evidence_and_link(base: str, browser: Any, tmp_path: Path) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base + "/")

    # Paste the article and two references (the second added with the button).
    page.locator("#article-src textarea").fill(BRIDGE_ART)
    first = page.locator("#refs fieldset").nth(0)
    first.locator(".in-name").fill("Coast Wire")
    first.locator("textarea").fill(BRIDGE_REF)
    page.get_by_role("button", name="+ Add a reference").click()
    second = page.locator("#refs fieldset").nth(1)
    second.locator(".in-name").fill("Eastgate Echo")
    second.locator("textarea").fill(LIBRARY_REF)
    page.get_by_role("button", name="Check", exact=True).click()

    page.wait_for_selector("#result:not([hidden]) #article .s", timeout=90_000)
    assert page.locator("#progress").is_hidden()
    assert "/reports/" in page.url
    rid = page.url.rsplit("/", 1)[1]

    # Colours by verdict: CSS class and the computed background.
    day = _sentence(page, "Tuesday")
    copied = _sentence(page, "About 300 people")
    band = _sentence(page, "brass band")
    for loc, verdict in ((day, "contradicted"), (copied, "supported"), (band, "unverified")):
        assert verdict in (loc.get_attribute("class") or "")
        assert _bg(loc) == BG[verdict]
    assert day.locator(".flag.k-date_mismatch", has_text="Tuesday").count() == 1
    decoration = day.locator(".k-date_mismatch").evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "underline" in decoration

    # The <script> in the article is text on the page and never ran.
    assert "<script>window.__pwned" in band.inner_text()
    assert page.evaluate("window.__pwned") is None and not dialogs

    summary = page.locator("#summary").inner_text()
    assert "supported" in summary and "contradicted" in summary and "unverified" in summary
    assert "railings" in page.locator("#omissions").inner_text()

    # Click a sentence: its evidence, source name and the matching words marked.
    copied.click()
    detail = page.locator("#detail")
    assert detail.locator(".src-name").first.inner_text() == "Coast Wire"
    assert "About 300 people crossed it" in detail.locator(".passage").first.inner_text()
    marked = detail.locator("mark.match").all_inner_texts()
    assert "300" in marked and "crossed" in marked

    # Keyboard: focus the contradicted sentence and press Enter -> its flag and message.
    day.focus()
    page.keyboard.press("Enter")
    assert day.get_attribute("aria-pressed") == "true"
    assert "Monday" in detail.locator(".flags").inner_text()

    shot = tmp_path / "screenshot.png"
    page.locator("#result").screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("STORYCHECK_SCREENSHOT"):
        shutil.copy(shot, DOCS / "screenshot.png")

    # Downloads point at the stored report.
    assert page.locator("#dl-json").get_attribute("href") == f"/reports/{rid}.json"
    assert page.locator("#dl-html").get_attribute("href") == f"/reports/{rid}.html"
    ctx.close()

    # The permanent link in a fresh browser context (no state shared with the first).
    fresh = browser.new_context(viewport={"width": 1280, "height": 860})
    p2 = fresh.new_page()
    p2.goto(f"{base}/reports/{rid}")
    p2.wait_for_selector("#article .s")
    assert p2.locator("#check-form").is_hidden()
    assert _bg(_sentence(p2, "Tuesday")) == BG["contradicted"]
    _sentence(p2, "About 300 people").click()
    assert "Coast Wire" in p2.locator("#detail").inner_text()
    fresh.close()

    # Phone width: no sideways scrolling, the evidence panel below the article.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    p3 = phone.new_page()
    p3.goto(f"{base}/reports/{rid}")
    p3.wait_for_selector("#article .s")
    assert p3.evaluate("document.documentElement.scrollWidth") <= 390
    _sentence(p3, "Tuesday").click()
    assert "date mismatch" in p3.locator("#detail").inner_text()
    if os.environ.get("STORYCHECK_SCREENSHOT"):
        p3.screenshot(path=str(DOCS / "screenshot-phone.png"))
    phone.close()


def test_errors_are_shown(base: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "/")
    # Nothing pasted: the page says what is missing without calling the API.
    page.get_by_role("button", name="Check", exact=True).click()
    assert "Article" in page.locator("#error").inner_text()
    # A URL the server refuses (loopback): the API's message reaches the user.
    page.locator("#article-src textarea").fill(BRIDGE_ART)
    ref = page.locator("#refs fieldset").nth(0)
    ref.get_by_label("Link").check()
    ref.locator(".in-url").fill("http://127.0.0.1:9/story")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#error:not([hidden])")
    assert "not public" in page.locator("#error").inner_text()
    # An unknown report link.
    page.goto(base + "/reports/doesnotexist")
    assert "No report" in page.content()
    ctx.close()
