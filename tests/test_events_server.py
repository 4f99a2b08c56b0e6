"""The web app's events view: POST /api/events, the stored report pages, the page itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_server_fixtures import engine  # noqa: E402

from storycheck.server import create_app  # noqa: E402
from storycheck.server.events import MAX_RECORDS, events_router  # noqa: E402

FEED = Path(__file__).parent / "fixtures" / "events" / "feed.jsonl"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("events") / "r.sqlite3"
    with TestClient(create_app(db, engine=engine(), routers=[events_router()])) as c:
        yield c


def feed_records() -> list[dict]:
    out = []
    for line in FEED.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return out


def test_api_events_groups_compares_and_stores(client):
    recs = [r for r in feed_records() if r["id"].startswith(("budget", "museum"))]
    recs.append({"id": "bad", "text": "Benholm council met.", "published": "soon"})
    r = client.post("/api/events", json={"records": recs})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["schema"] == "storycheck.events/1"
    assert sorted(len(e["articles"]) for e in data["events"]) == [1, 2]
    assert data["skipped"] == [{"id": "bad", "error": "bad: \"published\" is not an ISO 8601 date: 'soon'"}]
    budget = next(e for e in data["events"] if len(e["articles"]) == 2)
    assert budget["compared"] and budget["common"]
    assert all(c["outlets"] == ["Daily Ledger", "Metro Post"] for c in budget["common"])
    page = client.get(f"/events/{data['id']}.html")
    assert page.status_code == 200 and "script-src" not in page.headers["content-security-policy"]
    assert f'id="{budget["id"]}"' in page.text and "Benholm" in page.text
    stored = client.get(f"/events/{data['id']}.json").json()
    assert stored["events"] == data["events"]


def test_api_events_refuses_private_urls_and_bad_bodies(client):
    r = client.post(
        "/api/events", json={"records": [{"id": "x", "url": "http://127.0.0.1:9/a"}], "compare": False}
    )
    assert r.status_code == 200
    assert r.json()["events"] == [] and "not public" in r.json()["skipped"][0]["error"]
    too_many = [{"id": str(i), "text": "Some text here."} for i in range(MAX_RECORDS + 1)]
    assert client.post("/api/events", json={"records": too_many}).status_code == 422
    assert client.post("/api/events", json={"records": [{"id": "x", "body": "?"}]}).status_code == 422
    assert client.get("/events/nope.html").status_code == 404


def test_events_page_served(client):
    r = client.get("/events")
    assert r.status_code == 200 and "/static/events.js" in r.text
    assert client.get("/static/events.js").status_code == 200
