"""Shared helpers for the server and browser tests (imported by both; no tests here).

The stories are made up for these tests. Verdicts the tests rely on are the robust
ones: a sentence copied from the reference is supported, a sentence sharing nothing
with it is unverified, and a wrong weekday in an otherwise identical sentence is
contradicted with a ``date_mismatch`` flag.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BRIDGE_REF = (
    "The Millbrook footbridge reopened on Monday after two weeks of repairs. "
    "About 300 people crossed it in the first hour. "
    "The council paid for new railings on both sides."
)
BRIDGE_REF2 = "Ferry operators expect fewer passengers on the river this summer."
# Sentence 1: wrong weekday; 2: copied; 3: nothing in the reference (and a script tag).
BRIDGE_ART = (
    "Millbrook footbridge reopens\n\n"
    "The Millbrook footbridge reopened on Tuesday after two weeks of repairs. "
    "About 300 people crossed it in the first hour. "
    "A brass band played <script>window.__pwned = 1</script> near the river."
)
LIBRARY_REF = (
    "The Eastgate library opened its new reading room on Saturday morning. "
    "The room has space for 80 readers and holds 4,000 books. "
    "Volunteers painted the walls in the spring. "
    "Head librarian Maya Rhodes said the room would stay open until 9 p.m. on weekdays."
)
# A wrong weekday, a wrong number, a copied sentence and one with nothing behind it.
LIBRARY_ART = (
    "Eastgate library opens its new reading room\n\n"
    "The Eastgate library opened its new reading room on Sunday morning. "
    "The room has space for 120 readers and holds 4,000 books. "
    "Head librarian Maya Rhodes said the room would stay open until 9 p.m. on weekdays. "
    "Children queued outside with kites and umbrellas."
)

FIXTURE_HTML = (
    "<!doctype html><html><head><title>Coast Wire</title></head><body>"
    "<nav>Home | Sport | Weather</nav><article><h1>Footbridge reopens</h1>"
    f"<p>{BRIDGE_REF}</p></article><footer>Copyright Coast Wire</footer></body></html>"
)


@lru_cache(maxsize=1)
def engine() -> Any:
    """One loaded and warmed engine for the whole test run (model loading is the slow part)."""
    from storycheck.pipeline import Engine, check

    eng = Engine.default()
    check("Warm-up sentence one.", ["Warm-up sentence one."], engine=eng)
    return eng


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/story.html":
            self._send(200, FIXTURE_HTML.encode(), "text/html; charset=utf-8")
        elif self.path == "/ref.txt":
            self._send(200, BRIDGE_REF.encode(), "text/plain; charset=utf-8")
        elif self.path == "/slow":
            time.sleep(3)  # longer than the short fetch timeout the tests configure
            self._send(200, b"too late", "text/plain")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def fixture_site() -> Iterator[str]:
    """A local HTTP server with a few pages; yields its base URL."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not t.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        t.join(timeout=10)
