"""The page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skips when Playwright or Chromium is missing. Set STORYCHECK_SCREENSHOT=1 to write
docs/screenshot-phone.png from the run (docs/screenshot.png comes from test_installed.py).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("STORYCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from test_server_fixtures import (  # noqa: E402
    BRIDGE_ART,
    BRIDGE_REF,
    BRIDGE_REF2,
    LIBRARY_ART,
    LIBRARY_REF,
    engine,
    live_server,
)

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
BG = {
    "supported": "rgb(217, 242, 217)",
    "contradicted": "rgb(249, 208, 208)",
    "unverified": "rgb(253, 241, 199)",
}


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


def _paste_and_check(page: Any, base: str, article: tuple[str, str], refs: list[tuple[str, str]]) -> str:
    """Fill the form (adding reference boxes with the button), press Check; returns the report id."""
    page.goto(base + "/")
    page.locator("#article-src .in-name").fill(article[0])
    page.locator("#article-src textarea").fill(article[1])
    for i, (name, text) in enumerate(refs):
        if i:
            page.get_by_role("button", name="+ Add a reference").click()
        box = page.locator("#refs fieldset").nth(i)
        box.locator(".in-name").fill(name)
        box.locator("textarea").fill(text)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) #article .s", timeout=90_000)
    assert page.locator("#progress").is_hidden()
    assert "/reports/" in page.url
    return page.url.rsplit("/", 1)[1]


def test_check_bridge_story(base: str, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    rid = _paste_and_check(
        page,
        base,
        ("Millbrook Times", BRIDGE_ART),
        [("Coast Wire", BRIDGE_REF), ("Harbour Herald", BRIDGE_REF2)],
    )
    assert page.locator("#result-title").inner_text() == "Checked: Millbrook Times"

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
    assert "1 contradicted" in summary and "supported" in summary and "unverified" in summary
    omitted = page.locator("#omissions").inner_text()
    assert "railings" in omitted and "(Coast Wire)" in omitted

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


def test_check_library_story_laptop_and_phone(base: str, browser: Any, tmp_path: Path) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 820})
    page = ctx.new_page()
    rid = _paste_and_check(page, base, ("Valley Courier", LIBRARY_ART), [("Eastgate Echo", LIBRARY_REF)])
    assert _bg(_sentence(page, "Maya Rhodes")) == BG["supported"]
    assert _bg(_sentence(page, "kites")) == BG["unverified"]
    _sentence(page, "Sunday").click()
    assert "Eastgate Echo" in page.locator("#detail .src-name").first.inner_text()

    ctx.close()

    # The permanent link on a laptop screen, a sentence selected: the README picture.
    laptop = browser.new_context(viewport={"width": 1200, "height": 860})
    p2 = laptop.new_page()
    p2.goto(f"{base}/reports/{rid}")
    p2.wait_for_selector("#article .s")
    _sentence(p2, "Sunday").click()
    p2.mouse.move(0, 0)  # no hover tint in the picture
    shot = tmp_path / "screenshot.png"
    p2.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    # docs/screenshot.png (the README's) is taken from the installed package: test_installed.py.
    laptop.close()

    # Phone width: no sideways scrolling; the evidence panel comes below the article.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    p3 = phone.new_page()
    p3.goto(f"{base}/reports/{rid}")
    p3.wait_for_selector("#article .s")
    assert p3.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("STORYCHECK_SCREENSHOT"):
        p3.screenshot(path=str(DOCS / "screenshot-phone.png"))
    _sentence(p3, "Maya Rhodes").click()
    assert "Eastgate Echo" in p3.locator("#detail").inner_text()
    box = p3.locator("#detail").bounding_box()
    art = p3.locator("#article").bounding_box()
    assert box is not None and art is not None and box["y"] > art["y"]
    phone.close()


def test_upload_reference_and_progress(base: str, browser: Any, tmp_path: Path) -> None:
    ref = tmp_path / "eastgate-echo.html"
    ref.write_text(f"<html><body><article><p>{LIBRARY_REF}</p></article></body></html>", encoding="utf-8")
    ctx = browser.new_context()
    page = ctx.new_page()
    held: list[Any] = []
    # Hold the check request (JSON or multipart) to see the progress.
    page.route(re.compile(r"/api/check(/files)?\?"), lambda route: held.append(route))
    page.goto(base + "/")
    page.locator("#article-src textarea").fill(LIBRARY_ART)
    box = page.locator("#refs fieldset").nth(0)
    box.get_by_label("Upload a file").check()
    box.locator(".in-file").set_input_files(str(ref))
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#progress:not([hidden])")
    assert "Checking" in page.locator("#progress").inner_text()
    assert page.locator("#check-btn").is_disabled()
    deadline = time.monotonic() + 60
    while not held:
        assert time.monotonic() < deadline, page.locator("#bar").inner_text()
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_selector("#result:not([hidden]) #article .s", timeout=90_000)
    assert page.locator("#progress").is_hidden()
    assert page.locator("#sources").inner_text() == "Against eastgate-echo.html"
    assert _bg(_sentence(page, "Maya Rhodes")) == BG["supported"]
    ctx.close()


def _in_view(page: Any, selector: str) -> bool:
    """The element is visible and inside the window (not below the fold)."""
    box = page.locator(selector).bounding_box()
    vp = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= vp["height"] and box["height"] > 0


def _active(page: Any) -> str:
    return page.evaluate(
        "(() => { const a = document.activeElement; const fs = a.closest('fieldset');"
        " return (fs ? (fs.id || 'ref' + [...document.querySelectorAll('#refs fieldset')].indexOf(fs)) + ' ' : '')"
        " + (a.id || a.className || a.tagName); })()"
    )


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_errors_show_where_the_eye_is_and_focus_the_field(
    base: str, browser: Any, size: tuple[int, int]
) -> None:
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = ctx.new_page()
    page.goto(base + "/")
    # Nothing pasted: the message is in the window and focus is in the article box.
    page.get_by_role("button", name="Check", exact=True).click()
    assert "Article" in page.locator("#error").inner_text()
    assert _in_view(page, "#error")
    assert _active(page) == "article-src in-text"
    assert page.locator("#article-src textarea").get_attribute("aria-invalid") == "true"
    # "..." is not an article.
    page.locator("#article-src textarea").fill("...")
    page.get_by_role("button", name="Check", exact=True).click()
    assert "no words" in page.locator("#error").inner_text() and _active(page) == "article-src in-text"
    # Article but no reference: focus goes to the reference box.
    page.locator("#article-src textarea").fill(BRIDGE_ART)
    page.get_by_role("button", name="Check", exact=True).click()
    assert "at least one reference" in page.locator("#error").inner_text()
    assert _active(page) == "ref0 in-text" and _in_view(page, "#error")

    # A URL the server refuses (loopback), in the second reference: the message says which
    # reference and what to do instead, and focus moves to that link box.
    page.locator("#refs fieldset").nth(0).locator("textarea").fill(BRIDGE_REF)
    page.get_by_role("button", name="+ Add a reference").click()
    ref = page.locator("#refs fieldset").nth(1)
    ref.get_by_label("Link").check()
    ref.locator(".in-url").fill("http://127.0.0.1:9/story")
    page.get_by_role("button", name="Check", exact=True).click()
    # (expect, not wait_for_function: the page's CSP forbids the eval that polling uses)
    sync_api.expect(page.locator("#error")).to_contain_text("Reference 2", timeout=30_000)
    msg = page.locator("#error").inner_text()
    assert "private or local address" in msg and "Paste the text or upload the file instead" in msg
    assert _active(page) == "ref1 in-url" and _in_view(page, "#error")
    assert "Reference 2" in ref.locator(".field-msg").inner_text()

    # No scheme: the page adds https:// (visibly) instead of failing with "only http(s)".
    ref.locator(".in-url").fill("example.invalid/story")
    page.get_by_role("button", name="Check", exact=True).click()
    sync_api.expect(page.locator("#error")).to_contain_text("cannot find the site", timeout=30_000)
    assert ref.locator(".in-url").input_value() == "https://example.invalid/story"
    ctx.close()


def test_unknown_report_link(base: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "/reports/doesnotexist")
    assert "No report" in page.content()
    ctx.close()


def test_progress_in_view_and_queue_message(browser: Any, tmp_path: Path) -> None:
    import threading

    import httpx
    from fastapi import APIRouter

    gate = threading.Event()
    blocker = APIRouter()

    @blocker.post("/test/block")
    async def _block() -> dict[str, bool]:
        return {"ok": await app.state.run_model(gate.wait, 60)}  # a long check ahead of ours

    app = create_app(tmp_path / "q.sqlite3", engine=engine(), routers=[blocker])
    with live_server(app) as url:
        first = threading.Thread(target=lambda: httpx.post(f"{url}/test/block", timeout=90))
        first.start()
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.goto(url + "/")
        page.locator("#article-src textarea").fill(LIBRARY_ART)
        page.locator("#refs fieldset").nth(0).locator("textarea").fill(LIBRARY_REF)
        page.get_by_role("button", name="Check", exact=True).click()
        sync_api.expect(page.locator("#progress-text")).to_contain_text(
            "Waiting for 1 other check", timeout=30_000
        )
        assert _in_view(page, "#progress") and page.locator("#check-btn").is_disabled()
        gate.set()
        page.wait_for_selector("#result:not([hidden]) #article .s", timeout=120_000)
        assert page.locator("#progress").is_hidden()
        first.join(10)
        ctx.close()


def test_server_down_is_said_plainly(base: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "/")
    page.route("**/api/check*", lambda route: route.abort("connectionrefused"))
    page.locator("#article-src textarea").fill(BRIDGE_ART)
    page.locator("#refs fieldset").nth(0).locator("textarea").fill(BRIDGE_REF)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#error:not([hidden])")
    msg = page.locator("#error").inner_text()
    assert "Could not reach the storycheck server" in msg and "Failed to fetch" not in msg
    assert page.locator("#article-src textarea").input_value() == BRIDGE_ART  # nothing lost
    ctx.close()


def test_back_after_a_check_keeps_the_form(base: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    _paste_and_check(
        page, base, ("Valley Courier", LIBRARY_ART), [("Eastgate Echo", LIBRARY_REF), ("Wire", BRIDGE_REF)]
    )
    page.go_back()
    page.wait_for_selector("#article-src textarea")
    assert page.url.endswith("/")
    assert page.locator("#article-src textarea").input_value() == LIBRARY_ART
    assert page.locator("#article-src .in-name").input_value() == "Valley Courier"
    refs = page.locator("#refs fieldset")
    assert refs.count() == 2
    assert refs.nth(0).locator("textarea").input_value() == LIBRARY_REF
    assert refs.nth(1).locator(".in-name").input_value() == "Wire"
    ctx.close()


def test_only_reference_cannot_be_removed(base: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "/")
    remove = page.get_by_role("button", name="Remove this reference")
    assert remove.count() == 0  # hidden: the only reference
    page.get_by_role("button", name="+ Add a reference").click()
    assert remove.count() == 2
    remove.nth(1).click()
    assert remove.count() == 0 and page.locator("#refs fieldset").count() == 1
    ctx.close()


def test_non_english_option_on_the_page(base: str, browser: Any) -> None:
    german = (
        "Die Stadt hat am Dienstag eine neue Brücke über den Fluss eröffnet. Rund dreihundert Menschen "
        "kamen in der ersten Stunde, und der Bürgermeister dankte den Arbeitern für ihre Geduld."
    )
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base + "/")
    page.locator("#article-src textarea").fill(german)
    page.locator("#refs fieldset").nth(0).locator("textarea").fill(BRIDGE_REF)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#error:not([hidden])")
    assert "Check non-English text anyway" in page.locator("#error").inner_text()
    assert _active(page) == "allow-non-english"  # focus on the option the message names
    page.get_by_label("Check non-English text anyway").check()
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) #article .s", timeout=90_000)
    assert "unreliable" in page.locator("#report .warning").inner_text()
    ctx.close()


def test_large_upload_goes_as_multipart(base: str, browser: Any, tmp_path: Path) -> None:
    # 6 MB: over the old base64-in-JSON ceiling (~3.7 MB), under the promised 10 MB.
    ref = tmp_path / "eastgate-echo.html"
    ref.write_text(
        "<html><head><style>" + "p{color:red}\n" * 500_000 + "</style></head><body><article>"
        f"<p>{LIBRARY_REF}</p></article></body></html>",
        encoding="utf-8",
    )
    assert ref.stat().st_size > 6_000_000
    ctx = browser.new_context()
    page = ctx.new_page()
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/check" in r.url else None)
    page.goto(base + "/")
    page.locator("#article-src textarea").fill(LIBRARY_ART)
    box = page.locator("#refs fieldset").nth(0)
    box.get_by_label("Upload a file").check()
    box.locator(".in-file").set_input_files(str(ref))
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) #article .s", timeout=120_000)
    assert any("/api/check/files" in u for u in sent)
    assert page.locator("#sources").inner_text() == "Against eastgate-echo.html"
    ctx.close()


def test_evidence_panel_by_keyboard(base: str, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    _paste_and_check(page, base, ("Millbrook Times", BRIDGE_ART), [("Coast Wire", BRIDGE_REF)])
    first = page.locator("#article .s").first
    first.focus()
    # Arrow keys move between sentences (one Tab stop for the whole article) ...
    page.keyboard.press("ArrowDown")
    second = page.locator("#article .s").nth(1)
    assert page.evaluate("document.activeElement.dataset.i") == second.get_attribute("data-i")
    page.keyboard.press("Enter")
    assert second.get_attribute("aria-pressed") == "true"
    # ... and Tab goes on to the evidence panel, which is focusable and so scrolls with the keys.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "detail"
    assert page.locator("#detail").get_attribute("tabindex") == "0"
    assert "Sentence 2" in page.locator("#detail h3").inner_text()
    ctx.close()


def test_download_is_the_page(base: str, browser: Any, tmp_path: Path) -> None:
    import httpx

    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    rid = _paste_and_check(page, base, ("Millbrook Times", BRIDGE_ART), [("Coast Wire", BRIDGE_REF)])
    on_page = page.evaluate(
        "[...document.querySelectorAll('#article .s')].map(s => [s.className, getComputedStyle(s).backgroundColor,"
        " getComputedStyle(s, '::after').content])"
    )
    page_text = page.locator("#article").inner_text()
    ctx.close()

    saved = tmp_path / "report.html"
    saved.write_bytes(httpx.get(f"{base}/reports/{rid}.html").content)
    off = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    dl = off.new_page()
    errors: list[str] = []
    dl.on("pageerror", lambda e: errors.append(str(e)))
    dl.goto(saved.as_uri())
    dl.wait_for_selector("#article .s")
    # Same sentences, classes, colours and ✘ / ? marks as the page.
    assert (
        dl.evaluate(
            "[...document.querySelectorAll('#article .s')].map(s => [s.className, getComputedStyle(s).backgroundColor,"
            " getComputedStyle(s, '::after').content])"
        )
        == on_page
    )
    assert any("✘" in m[2] for m in on_page) and any("?" in m[2] for m in on_page)
    # Line breaks kept: the headline is its own paragraph.
    assert dl.locator("#article").inner_text() == page_text
    assert "Millbrook footbridge reopens\n\nThe Millbrook" in page_text
    # Flag underlines by kind, as on the page.
    flag = dl.locator("#article .flag.k-date_mismatch")
    assert flag.evaluate("el => getComputedStyle(el).textDecorationStyle") == "solid"
    # A click shows the named sentence's evidence in view, beside the article.
    dl.locator("#article .s", has_text="About 300 people").click()
    assert "Sentence 3" in dl.locator("#detail h3").inner_text()
    assert _in_view(dl, "#detail h3")
    assert "Coast Wire" in dl.locator("#detail .src-name").first.inner_text()
    assert errors == []
    off.close()
