"""The server as a person meets it (issue 13): startup, HEAD, favicon, offline docs, bad
Unicode, clear errors that name the field at fault, multipart uploads, the queue."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")

from fastapi import APIRouter, Request  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_server_fixtures import (  # noqa: E402
    BRIDGE_ART,
    BRIDGE_REF,
    LIBRARY_ART,
    LIBRARY_REF,
    engine,
    free_port,
    live_server,
)

from storycheck import check  # noqa: E402
from storycheck.errors import InputError  # noqa: E402
from storycheck.server import create_app  # noqa: E402

GERMAN = (
    "Die Stadt hat am Dienstag eine neue Brücke über den Fluss eröffnet. Rund dreihundert Menschen "
    "kamen in der ersten Stunde, und der Bürgermeister dankte den Arbeitern für ihre Geduld."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path_factory.mktemp("p") / "r.sqlite3", engine=engine())) as c:
        yield c


def _err(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert isinstance(body["error"], str) and body["error"]
    return body


def _post(client: TestClient, path: str, body: Any) -> httpx.Response:
    # json.dumps escapes lone surrogates as "\ud800" (what a browser's JSON.stringify sends);
    # the client's own encoder would refuse them.
    return client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})


def _check(
    client: TestClient, article: dict[str, Any], refs: list[dict[str, Any]], **kw: Any
) -> httpx.Response:
    return _post(client, "/api/check", {"article": article, "references": refs, **kw})


# ------------------------------------------------------------------ startup and meta


def test_healthz_503_while_models_load_and_checks_wait(tmp_path: Path) -> None:
    gate = threading.Event()

    def slow_load() -> Any:
        gate.wait(60)
        return engine()

    app = create_app(tmp_path / "r.sqlite3", load=slow_load)
    with live_server(app) as base:
        r = httpx.get(f"{base}/healthz")
        assert r.status_code == 503 and r.json()["status"] == "loading"
        assert "checks wait" in r.json()["detail"]
        assert httpx.head(f"{base}/healthz").status_code == 503
        # A check sent now waits for the models instead of failing.
        got: list[httpx.Response] = []
        body = {"article": {"text": LIBRARY_ART}, "references": [{"text": LIBRARY_REF}]}
        t = threading.Thread(
            target=lambda: got.append(
                httpx.post(f"{base}/api/check", params={"ticket": "early"}, json=body, timeout=120)
            )
        )
        t.start()
        deadline = time.monotonic() + 20
        while httpx.get(f"{base}/api/queue/early").json()["state"] != "loading":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert not got  # still waiting, and the queue says why
        gate.set()
        t.join(120)
        assert got[0].status_code == 200, got[0].text
        ready = httpx.get(f"{base}/healthz")
        assert ready.status_code == 200 and ready.json()["status"] == "ok"


def test_warm_up_leaves_nothing_to_load_for_the_first_check() -> None:
    # What "the first check is slow" was made of: imports and lazy model loads during the
    # first real check. After the server's warm-up a check must import no new module.
    import sys

    from storycheck.server.app import warm_up

    warm_up(engine())
    before = set(sys.modules)
    check(BRIDGE_ART, [BRIDGE_REF], engine=engine())
    check(LIBRARY_ART, [LIBRARY_REF, BRIDGE_REF], engine=engine())
    assert sorted(set(sys.modules) - before) == []


def test_head_favicon_and_offline_docs(client: TestClient) -> None:
    for path in ("/", "/healthz", "/static/app.js"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b"", path
        assert int(r.headers["content-length"]) > 0
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.headers["content-type"] == "image/x-icon"
    assert ico.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").text

    for page in ("/docs", "/redoc"):
        text = client.get(page).text
        # Nothing from a CDN or Google Fonts; every script/style is served here.
        assert "cdn.jsdelivr" not in text and "fonts.googleapis" not in text and "unpkg" not in text
        import re

        for url in re.findall(r'(?:src|href)="([^"]+)"', text) + re.findall(r"url: '([^']+)'", text):
            assert url.startswith("/"), url
            assert client.get(url).status_code == 200, url
    assert '"validatorUrl": null' in client.get("/docs").text
    assert b"cdn.redoc.ly" not in client.get("/docs-assets/redoc.standalone.js").content


# ------------------------------------------------------------------------ bad input


def test_lone_surrogates_are_422_not_500(client: TestClient) -> None:
    body = _err(_check(client, {"text": "The bridge \ud800 reopened."}, [{"text": BRIDGE_REF}]), 422)
    assert body["field"] == "article.text" and "surrogate" in body["error"]
    body = _err(_check(client, {"text": BRIDGE_ART}, [{"text": BRIDGE_REF, "name": "Coast \udfff"}]), 422)
    assert body["field"] == "references.0.name"
    body = _err(_post(client, "/api/score", {"pairs": [{"document": "a\ud800", "claim": "b"}]}), 422)
    assert body["field"] == "pairs.0.document" and "unicode" in body["error"]
    body = _err(_post(client, "/api/score", {"pairs": [{"document": "a", "claim": "b\ud800"}]}), 422)
    assert body["field"] == "pairs.0.claim" and "surrogate" in body["error"]
    # The Python API says the same (it used to crash in the tokenizer).
    with pytest.raises(InputError, match="surrogate"):
        check("The bridge \ud800 reopened on Monday.", [BRIDGE_REF], engine=engine())


# Text with surrogates, control characters and odd Unicode mixed into news-like words.
odd_text = st.lists(
    st.one_of(
        st.sampled_from(["The", "bridge", "reopened", "on", "Monday", ".", " ", "\n", "300", "“", "”"]),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)


@given(text=odd_text, name=st.one_of(st.none(), odd_text))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_clear_answer_never_500(client: TestClient, text: str, name: str | None) -> None:
    src: dict[str, Any] = {"text": text}
    if name is not None:
        src["name"] = name[:300]
    for body in (
        {"article": src, "references": [{"text": BRIDGE_REF}]},
        {"article": {"text": BRIDGE_ART}, "references": [src]},
    ):
        r = _post(client, "/api/check", body)
        assert r.status_code in (200, 400, 413, 422), r.text
        assert r.json()  # always JSON that encodes
    r = _post(client, "/api/score", {"pairs": [{"document": text or "x", "claim": text or "y"}]})
    assert r.status_code in (200, 422), r.text


@pytest.mark.parametrize("text", ["...", " — ", "!!! ???"])
def test_punctuation_only_article_is_400(client: TestClient, text: str) -> None:
    body = _err(_check(client, {"text": text}, [{"text": BRIDGE_REF}]), 400)
    assert body["field"] == "article.text" and "no words" in body["error"]


def test_bad_json_and_empty_score_document(client: TestClient) -> None:
    r = client.post("/api/check", content=b'{"article": ', headers={"content-type": "application/json"})
    body = _err(r, 422)
    assert body["error"].startswith("the request body is not valid JSON") and "11:" not in body["error"]
    for doc in ([], ""):
        body = _err(client.post("/api/score", json={"pairs": [{"document": doc, "claim": "A claim."}]}), 422)
        assert body["field"] == "pairs.0.document"


def test_non_english_says_where_the_option_is_and_the_option_works(client: TestClient) -> None:
    body = _err(_check(client, {"text": GERMAN}, [{"text": BRIDGE_REF}]), 400)
    assert body["field"] == "allow_non_english"
    assert "Check non-English text anyway" in body["error"] and '"allow_non_english": true' in body["error"]
    r = _check(client, {"text": GERMAN}, [{"text": BRIDGE_REF}], allow_non_english=True)
    assert r.status_code == 200, r.text
    assert any("unreliable" in w for w in r.json()["warnings"])
    # The option is documented in the API schema.
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CheckRequest"]
    assert "allow_non_english" in schema["properties"]


def test_fetch_errors_say_which_field_and_what_to_do(tmp_path: Path) -> None:
    app = create_app(tmp_path / "f.sqlite3", engine=engine(), allow_private_urls=True)
    closed = f"http://127.0.0.1:{free_port()}/story"  # nothing listens there
    with TestClient(app) as c:
        body = _err(_check(c, {"text": BRIDGE_ART}, [{"text": BRIDGE_REF}, {"url": closed}]), 502)
        assert body["field"] == "references.1.url"
        assert body["error"].startswith("Reference 2:") and "refused the connection" in body["error"]
        assert "Errno" not in body["error"] and "Paste the text instead" in body["error"]

        body = _err(_check(c, {"url": "example.com/x"}, [{"text": BRIDGE_REF}]), 400)
        assert body["field"] == "article.url" and "https://example.com/x" in body["error"]


# --------------------------------------------------------------------------- uploads


def test_multipart_upload_of_a_6_mb_page(tmp_path: Path) -> None:
    # The README promises 10 MB files; base64 in JSON made anything over ~3.7 MB fail.
    page = (
        "<html><head><style>" + "p{color:red}\n" * 500_000 + "</style></head><body><article>"
        f"<h1>Eastgate library</h1><p>{LIBRARY_REF}</p></article></body></html>"
    ).encode()
    assert 6_000_000 < len(page) < 10_000_000
    with TestClient(create_app(tmp_path / "u.sqlite3", engine=engine())) as c:
        req = {
            "article": {"text": LIBRARY_ART, "name": "Valley Courier"},
            "references": [{"file": "f0"}],
        }
        r = c.post(
            "/api/check/files",
            data={"request": json.dumps(req)},
            files={"f0": ("eastgate-echo.html", page, "text/html")},
        )
        assert r.status_code == 200, r.text[:300]
        rep = r.json()
        assert rep["sources"][0]["name"] == "eastgate-echo.html"
        assert next(s for s in rep["sentences"] if "Maya Rhodes" in s["text"])["verdict"] == "supported"
        # A part that is not there, and 'file' on the JSON endpoint: clear 400s with the field.
        bad = dict(req, references=[{"file": "nope"}])
        body = _err(
            c.post("/api/check/files", data={"request": json.dumps(bad)}, files={"f0": ("a.txt", b"x")}), 400
        )
        assert body["field"] == "references.0.file"
        body = _err(c.post("/api/check", json=req), 400)
        assert "/api/check/files" in body["error"]


def test_body_limit_says_how_to_raise_it(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite3", max_body=2_000, engine=engine())) as c:
        body = _err(_check(c, {"text": "word " * 1_000}, [{"text": "x"}]), 413)
        assert "--max-body-mb" in body["error"]


# ----------------------------------------------------------------------------- queue


def test_queue_says_when_a_check_waits_for_another(tmp_path: Path) -> None:
    gate = threading.Event()
    blocker = APIRouter()

    @blocker.post("/test/block")
    async def _block(request: Request) -> dict[str, bool]:
        # Occupies the one model thread, as a long check would.
        return {"ok": await request.app.state.run_model(gate.wait, 60)}

    app = create_app(tmp_path / "q.sqlite3", engine=engine(), routers=[blocker])
    with live_server(app) as base:
        first = threading.Thread(target=lambda: httpx.post(f"{base}/test/block", timeout=90))
        first.start()
        time.sleep(0.3)
        got: list[httpx.Response] = []
        body = {"article": {"text": LIBRARY_ART}, "references": [{"text": LIBRARY_REF}]}
        second = threading.Thread(
            target=lambda: got.append(
                httpx.post(f"{base}/api/check", params={"ticket": "t-1"}, json=body, timeout=120)
            )
        )
        second.start()
        deadline = time.monotonic() + 20
        # "reading" (its sources) comes first and can last a poll or two on a busy machine
        while (q := httpx.get(f"{base}/api/queue/t-1").json())["state"] in ("unknown", "reading"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert q == {"state": "waiting", "ahead": 1}
        assert httpx.get(f"{base}/healthz").json()["waiting"] == 1
        gate.set()
        second.join(120)
        first.join(10)
        assert got[0].status_code == 200
        assert httpx.get(f"{base}/api/queue/t-1").json()["state"] == "unknown"  # done: forgotten
