"""A Bot API stand-in over real HTTP on 127.0.0.1, for tests of polling itself and of faults.

It serves ``/bot<token>/<method>`` from a thread: ``getUpdates`` hands out pushed updates (at most
100 at a time) and otherwise holds the long poll like Telegram does; every other call is recorded
and answered with the same canned results as the offline stand-in. A wrong token gets Telegram's
401.

Faults are scripted per method with ``fail``: an error status (5xx, or 429 with ``retry_after``),
a response that comes too late (the call takes effect, as when Telegram delivered a message but
the answer was lost), or a connection dropped without an answer. ``go_offline`` and
``go_online`` close and reopen the port, for "connection refused". ``calls`` holds every call
received; ``delivered`` only those that took effect.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.support.botapi import TOKEN, ApiCall, MessageIds, bot_api_result

# getUpdates never holds a request longer than this, whatever timeout the client asks for.
MAX_LONG_POLL_SECONDS = 10.0
# Telegram hands out at most this many updates per getUpdates.
MAX_UPDATES_PER_POLL = 100


@dataclass(frozen=True, slots=True)
class Fault:
    """What the stand-in does with one call instead of answering it normally.

    ``status``: answer with this HTTP error (and ``retry_after`` for a 429), without effect.
    ``delay``: let the call take effect, but answer only after this many seconds.
    ``drop``: close the connection without an answer, without effect.
    """

    status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0
    drop: bool = False


def status(code: int, *, retry_after: int | None = None) -> Fault:
    return Fault(status=code, retry_after=retry_after)


def late(seconds: float) -> Fault:
    return Fault(delay=seconds)


DROP = Fault(drop=True)


@dataclass(frozen=True, slots=True)
class Received:
    """A call as the stand-in saw it: when, and what became of it."""

    at: float
    method: str
    outcome: str  # "ok", "late", "dropped" or the HTTP status sent
    params: dict[str, Any]


class HttpBotApi:
    """A loopback Bot API server: push updates in, wait for calls to come out."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.delivered: list[ApiCall] = []
        self.received: list[Received] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._updates: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._closing = False
        self._ids = MessageIds()
        self._connections: set[socket.socket] = set()
        self._server = self._bind(0)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        # A short poll interval makes stop() and go_offline() return quickly.
        self._server.serve_forever(poll_interval=0.02)

    def _bind(self, port: int) -> ThreadingHTTPServer:
        return _Server(("127.0.0.1", port), _handler_for(self))

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_BASE_URL: the token is appended to it."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/bot"

    def start(self) -> HttpBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._close_connections()

    def fail(self, method: str, *faults: Fault) -> None:
        """Meet the next calls to ``method`` with ``faults``, one each, in order."""
        with self._changed:
            self._faults[method].extend(faults)

    def go_offline(self) -> None:
        """Close the port and every open connection: new calls get "connection refused"."""
        self._server.shutdown()
        self._server.server_close()
        self._close_connections()

    def go_online(self) -> None:
        """Listen again on the same port."""
        self._server = self._bind(self._port)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _close_connections(self) -> None:
        with self._changed:
            connections = list(self._connections)
            self._connections.clear()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def sent_texts(self) -> list[dict[str, Any]]:
        """The parameters of every sendMessage that took effect."""
        with self._changed:
            return [call.params for call in self.delivered if call.method == "sendMessage"]

    def wait_for_delivered(
        self, method: str, *, count: int = 1, timeout: float = 10.0
    ) -> list[ApiCall]:
        """The first ``count`` calls to ``method`` that took effect, waiting up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [c for c in self.delivered if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{len(found)} of {count} {method} delivered within {timeout}s"
                    )
                self._changed.wait(remaining)
            return found[:count]

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

    def _answer(
        self, token: str, method: str, params: dict[str, Any]
    ) -> tuple[int, Any, Fault | None]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, None
        with self._changed:
            call = ApiCall(method, params)
            self.calls.append(call)
            fault = self._faults[method].popleft() if self._faults[method] else None
            outcome = "ok" if fault is None else "dropped" if fault.drop else "late"
            if fault is not None and fault.status is not None:
                outcome = str(fault.status)
            self.received.append(Received(time.monotonic(), method, outcome, params))
            if outcome in ("ok", "late") and method != "getUpdates":
                self.delivered.append(call)
            self._changed.notify_all()
        if fault is not None and fault.status is not None:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": fault.status,
                "description": f"scripted fault {fault.status}",
            }
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            return fault.status, body, fault
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}, fault
        try:
            return 200, {"ok": True, "result": bot_api_result(method, params, self._ids)}, fault
        except KeyError:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request"}, fault

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
            return self._updates[:MAX_UPDATES_PER_POLL]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when a burst opens many at once,
    # which a real Bot API server does not do.
    request_queue_size = 1024


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

        def setup(self) -> None:
            super().setup()
            with api._changed:
                api._connections.add(self.connection)

        def finish(self) -> None:
            with api._changed:
                api._connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def do_POST(self) -> None:
            prefix, _, method = self.path.rpartition("/")
            token = prefix.removeprefix("/bot")
            length = int(self.headers.get("Content-Length") or 0)
            params = _decode(self.headers.get("Content-Type", ""), self.rfile.read(length))
            status, body, fault = api._answer(token, method, params)
            if fault is not None and fault.drop:
                self.close_connection = True
                return
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            payload = json.dumps(body).encode()
            # A client that stops polling (or gave up waiting) hangs up first; that is expected.
            with contextlib.suppress(OSError):
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
