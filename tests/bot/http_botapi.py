"""A Bot API stand-in over real HTTP on 127.0.0.1, for tests of polling itself.

It serves ``/bot<token>/<method>`` from a thread: ``getUpdates`` hands out pushed updates and
otherwise holds the long poll like Telegram does; every other call is recorded and answered with
the same canned results as the offline stand-in. A wrong token gets Telegram's 401.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.bot.botapi import TOKEN, ApiCall, MessageIds, bot_api_result

# getUpdates never holds a request longer than this, whatever timeout the client asks for.
MAX_LONG_POLL_SECONDS = 10.0


class HttpBotApi:
    """A loopback Bot API server: push updates in, wait for calls to come out."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self._updates: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._closing = False
        self._ids = MessageIds()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_BASE_URL: the token is appended to it."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> HttpBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def push(self, update: dict[str, Any]) -> None:
        """Queue ``update`` for the next getUpdates."""
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    def wait_for(self, method: str, *, timeout: float = 10.0, count: int = 1) -> list[ApiCall]:
        """The first ``count`` calls to ``method``, waiting up to ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [c for c in self.calls if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    methods = [call.method for call in self.calls]
                    raise TimeoutError(f"no {method} within {timeout}s; calls: {methods}")
                self._changed.wait(remaining)
            return found[:count]

    def _answer(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._changed:
            self.calls.append(ApiCall(method, params))
            self._changed.notify_all()
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        try:
            return 200, {"ok": True, "result": bot_api_result(method, params, self._ids)}
        except KeyError:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request"}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), MAX_LONG_POLL_SECONDS)
        deadline = time.monotonic() + timeout
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return list(self._updates)


@contextlib.contextmanager
def running_bot_api(token: str = TOKEN) -> Iterator[HttpBotApi]:
    """An ``HttpBotApi`` serving for the duration of the block."""
    server = HttpBotApi(token).start()
    try:
        yield server
    finally:
        server.stop()


def _handler_for(api: HttpBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            prefix, _, method = self.path.rpartition("/")
            token = prefix.removeprefix("/bot")
            length = int(self.headers.get("Content-Length") or 0)
            params = _decode(self.headers.get("Content-Type", ""), self.rfile.read(length))
            status, body = api._answer(token, method, params)
            payload = json.dumps(body).encode()
            # A client that stops polling hangs up on its pending getUpdates; that is expected.
            with contextlib.suppress(ConnectionError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the test's output is the bot's, not the server's

    return Handler


def _decode(content_type: str, body: bytes) -> dict[str, Any]:
    """Bot API parameters from a JSON or form body; form values are JSON where they parse."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode()):
        try:
            params[key] = value if key == "text" else json.loads(value)
        except ValueError:
            params[key] = value
    return params
