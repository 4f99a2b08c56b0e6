"""HTTP API tests: every endpoint and every error status, against a shared warm engine."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")

from fastapi import APIRouter, Request  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from test_server_fixtures import (  # noqa: E402
    BRIDGE_ART,
    BRIDGE_REF,
    LIBRARY_ART,
    LIBRARY_REF,
    engine,
    fixture_site,
    live_server,
)

from storycheck.server import create_app  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("db") / "reports.sqlite3"


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, engine=engine())) as c:
        yield c


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with fixture_site() as url:
        yield url


@pytest.fixture(scope="module")
def private_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Allowed to fetch from 127.0.0.1 (the fixture site), with a short fetch timeout."""
    db = tmp_path_factory.mktemp("private") / "r.sqlite3"
    app = create_app(db, allow_private_urls=True, engine=engine(), fetch_timeout=0.5)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def bridge(client: TestClient) -> dict[str, Any]:
    r = client.post(
        "/api/check",
        json={"article": {"text": BRIDGE_ART}, "references": [{"text": BRIDGE_REF, "name": "Coast Wire"}]},
    )
    assert r.status_code == 200, r.text
    return r.json()


def _by_start(report: dict[str, Any], needle: str) -> dict[str, Any]:
    return next(s for s in report["sentences"] if needle in s["text"])


def _assert_error(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert isinstance(body["error"], str) and body["error"]
    return body["error"]


# ------------------------------------------------------------------------ success


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_check_returns_report_with_id(bridge: dict[str, Any]) -> None:
    assert bridge["schema"] == "storycheck.report/1"
    assert isinstance(bridge["id"], str) and len(bridge["id"]) >= 8
    assert "article_text" not in bridge  # only with ?include_text=true
    assert bridge["sources"][0]["name"] == "Coast Wire"
    day = _by_start(bridge, "Tuesday")
    assert day["verdict"] == "contradicted"
    assert any(f["kind"] == "date_mismatch" and f["text"] == "Tuesday" for f in day["flags"])
    assert _by_start(bridge, "About 300 people")["verdict"] == "supported"
    assert _by_start(bridge, "brass band")["verdict"] == "unverified"
    assert any("railings" in o["text"] for o in bridge["omissions"])
    s = bridge["summary"]
    assert s["supported"] >= 1 and s["contradicted"] >= 1 and s["unverified"] >= 1


def test_get_report_and_views(client: TestClient, bridge: dict[str, Any]) -> None:
    rid = bridge["id"]
    r = client.get(f"/api/reports/{rid}")
    assert r.status_code == 200 and r.json() == bridge
    with_text = client.get(f"/api/reports/{rid}", params={"include_text": "true"}).json()
    assert with_text["article_text"] == BRIDGE_ART
    assert client.get(f"/reports/{rid}.json").json() == bridge
    assert client.get(f"/reports/{rid}", params={"format": "json"}).json() == bridge

    page = client.get(f"/reports/{rid}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<script src="/static/app.js">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]

    for resp in (
        client.get(f"/reports/{rid}.html"),
        client.get(f"/reports/{rid}", params={"format": "html"}),
    ):
        assert resp.status_code == 200 and "text/html" in resp.headers["content-type"]
        # The article's <script> tag is shown as text, never as markup.
        # (The embedded JSON keeps it but with "<\\/script>", which cannot close its element.)
        assert "window.__pwned = 1</script>" not in resp.text
        assert "&lt;script&gt;window." in resp.text and "1&lt;/script&gt;" in resp.text
        assert 'class="s contradicted"' in resp.text
        assert "default-src 'none'" in resp.headers["content-security-policy"]


def test_static_page_and_assets(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "Check" in index.text
    for name, kind in (("app.js", "javascript"), ("style.css", "css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    _assert_error(client.get("/static/nope.js"), 404)
    _assert_error(client.get("/static/..%2Fapp.py"), 404)


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/check", "/api/reports/{rid}", "/api/score", "/healthz"} <= set(paths)


def test_reports_persist_across_restart(db: Path, bridge: dict[str, Any]) -> None:
    # A new app on the same SQLite file (what a server restart is) still serves the link.
    with TestClient(create_app(db, engine=engine())) as again:
        assert again.get(f"/api/reports/{bridge['id']}").json() == bridge
        assert again.get(f"/reports/{bridge['id']}").status_code == 200


def test_score_batch(client: TestClient) -> None:
    pairs = [
        {"id": "copy", "document": BRIDGE_REF, "claim": "About 300 people crossed it in the first hour."},
        {
            "id": "none",
            "document": [BRIDGE_REF],
            "claim": "Children queued outside with kites and umbrellas.",
        },
        {"id": "bad", "document": BRIDGE_REF, "claim": "   "},
    ]
    r = client.post("/api/score", json={"pairs": pairs})
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [x["id"] for x in res] == ["copy", "none", "bad"]
    assert res[0]["verdict"] == "supported" and 0 <= res[0]["support"] <= 1
    assert res[1]["verdict"] == "unverified"
    assert "error" in res[2]


def test_upload_as_base64(client: TestClient) -> None:
    html = f"<html><body><article><p>{LIBRARY_REF}</p></article></body></html>".encode()
    body = {
        "article": {"text": LIBRARY_ART, "name": "Valley Courier"},
        "references": [{"data": base64.b64encode(html).decode(), "name": "eastgate-echo.html"}],
    }
    r = client.post("/api/check", json=body)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["article"]["name"] == "Valley Courier" and rep["sources"][0]["name"] == "eastgate-echo.html"
    assert _by_start(rep, "Maya Rhodes")["verdict"] == "supported"
    assert _by_start(rep, "kites")["verdict"] == "unverified"


def test_urls_from_local_site_when_allowed(private_client: TestClient, site: str) -> None:
    body = {
        "article": {"text": BRIDGE_ART},
        "references": [{"url": f"{site}/story.html"}, {"url": f"{site}/ref.txt", "name": "plain"}],
    }
    r = private_client.post("/api/check", json=body)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert [s["name"] for s in rep["sources"]] == [f"{site}/story.html", "plain"]
    assert _by_start(rep, "About 300 people")["verdict"] == "supported"


def test_concurrent_checks_queue(tmp_path: Path) -> None:
    # Through a real uvicorn: parallel requests wait for the one model thread, none fails.
    app = create_app(tmp_path / "c.sqlite3", engine=engine())
    body = {"article": {"text": LIBRARY_ART}, "references": [{"text": LIBRARY_REF}]}
    codes: list[int] = []
    with live_server(app) as base:

        def one() -> None:
            codes.append(httpx.post(f"{base}/api/check", json=body, timeout=120).status_code)

        threads = [threading.Thread(target=one) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert httpx.get(f"{base}/healthz").status_code == 200
    assert codes == [200, 200, 200]


# -------------------------------------------------------------------------- errors


def test_404_unknown_report(client: TestClient) -> None:
    _assert_error(client.get("/api/reports/nope"), 404)
    _assert_error(client.get("/reports/nope.json"), 404)
    _assert_error(client.get("/reports/nope.html"), 404)
    page = client.get("/reports/nope")
    assert page.status_code == 404 and "No report" in page.text
    _assert_error(client.get("/reports/x", params={"format": "pdf"}), 400)


@pytest.mark.parametrize(
    "body",
    [
        {"references": [{"text": BRIDGE_REF}]},  # no article
        {"article": {"text": "a", "url": "http://example.com/"}, "references": []},  # two kinds
        {"article": {}, "references": []},  # none
        {"article": {"text": "a"}, "references": "not a list"},
        {"article": {"text": "a"}, "extra": 1},
    ],
)
def test_422_schema_errors(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/check", json=body)
    _assert_error(r, 422)
    assert isinstance(r.json()["detail"], list)


def test_422_bad_json_and_too_many_pairs(client: TestClient) -> None:
    _assert_error(
        client.post("/api/check", content=b"{not json", headers={"content-type": "application/json"}), 422
    )
    pairs = [{"document": "x", "claim": "y"}] * 33
    _assert_error(client.post("/api/score", json={"pairs": pairs}), 422)


@pytest.mark.parametrize(
    "source",
    [
        {"text": "   \n "},  # empty
        {"data": "%%% not base64"},
        {"data": base64.b64encode(b"%PDF-1.7 binary\x00\x01").decode()},
        {"url": "ftp://example.com/story.txt"},
        {"url": "file:///etc/passwd"},
    ],
)
def test_400_bad_input(client: TestClient, source: dict[str, Any]) -> None:
    _assert_error(
        client.post("/api/check", json={"article": source, "references": [{"text": BRIDGE_REF}]}), 400
    )


def test_400_private_url_refused(client: TestClient, site: str) -> None:
    for url in (f"{site}/ref.txt", "http://localhost/", "http://169.254.169.254/latest/meta-data/"):
        msg = _assert_error(
            client.post("/api/check", json={"article": {"text": BRIDGE_ART}, "references": [{"url": url}]}),
            400,
        )
        # Which field, why, and what to do instead.
        assert msg.startswith("Reference 1:") and "private or local address" in msg
        assert "Paste the text or upload the file instead" in msg


def test_413_body_limit(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite3", max_body=2_000, engine=engine())) as small:
        big = {"article": {"text": "word " * 1_000}, "references": [{"text": "x"}]}
        msg = _assert_error(small.post("/api/check", json=big), 413)
        assert "2,000" in msg

        # No Content-Length (chunked): the streamed bytes are counted instead.
        def chunks() -> Iterator[bytes]:
            yield b'{"article": {"text": "'
            for _ in range(50):
                yield b"y" * 100
            yield b'"}, "references": []}'

        _assert_error(
            small.post("/api/check", content=chunks(), headers={"content-type": "application/json"}), 413
        )
        # Under the limit still works.
        ok = small.post(
            "/api/check", json={"article": {"text": LIBRARY_ART}, "references": [{"text": LIBRARY_REF}]}
        )
        assert ok.status_code == 200


def test_413_oversized_document(client: TestClient) -> None:
    refs = [{"text": "x"}] * 101  # over the 100-reference limit
    _assert_error(client.post("/api/check", json={"article": {"text": LIBRARY_ART}, "references": refs}), 413)


def test_504_url_timeout(private_client: TestClient, site: str) -> None:
    msg = _assert_error(
        private_client.post("/api/check", json={"article": {"url": f"{site}/slow"}, "references": []}), 504
    )
    assert msg.startswith("Article:") and "did not answer within 0.5 s" in msg


def test_502_url_server_error(private_client: TestClient, site: str) -> None:
    msg = _assert_error(
        private_client.post("/api/check", json={"article": {"url": f"{site}/missing"}, "references": []}), 502
    )
    assert "404" in msg


def test_extra_routers_plug_in(tmp_path: Path) -> None:
    # create_app(routers=...) is how other pages (events) join the app; they share its state.
    extra = APIRouter()

    @extra.get("/extra")
    async def _extra(request: Request) -> dict[str, Any]:
        st = request.app.state
        return {"engine": st.engine is not None, "store": type(st.store).__name__}

    with TestClient(create_app(tmp_path / "x.sqlite3", engine=engine(), routers=[extra])) as c:
        assert c.get("/extra").json() == {"engine": True, "store": "ReportStore"}
        assert c.get("/healthz").status_code == 200
