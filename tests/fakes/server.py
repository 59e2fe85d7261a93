"""The threaded HTTP server under each fake: recording, scripted failures, stalls."""

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))


Response = tuple[int, object, dict[str, str]]  # status, JSON-able body, extra headers


class FakeServer:
    """Subclasses implement `route` and `error_body`; the rest is shared.

    `fail(status, times=1, **details)` makes the next requests answer `status` with the
    provider's own error body; `stall(seconds, times=1)` makes them wait first (for
    timeouts); `latency` delays every answer (for benchmarks).
    """

    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.requests: list[Recorded] = []
        self._script: deque[tuple[str, object]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def route(self, request: Recorded) -> Response:
        raise NotImplementedError

    def error_body(self, status: int, **details) -> object:
        raise NotImplementedError

    def start(self) -> Self:
        self._stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def fail(self, status: int, times: int = 1, **details) -> None:
        with self._lock:
            self._script.extend([("fail", (status, self.error_body(status, **details)))] * times)

    def stall(self, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._script.extend([("stall", seconds)] * times)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._script.clear()

    def _answer(self, request: Recorded) -> Response:
        with self._lock:
            self.requests.append(request)
            action = self._script.popleft() if self._script else None
        if self.latency:
            self._stopping.wait(self.latency)
        if action and action[0] == "stall":
            self._stopping.wait(action[1])
        if action and action[0] == "fail":
            status, body = action[1]
            return status, body, {}
        return self.route(request)


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDKs' connection pools expect
        disable_nagle_algorithm = True  # else headers and body, written apart, wait ~40 ms for an ACK

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Recorded(
                method=self.command,
                path=urlsplit(self.path).path,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
            )
            status, payload, extra = fake._answer(request)
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout test)

        do_GET = do_POST = do_DELETE = do_PATCH = _serve

        def log_message(self, *args) -> None:
            pass

    return Handler


def now_rfc2822() -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())


@contextmanager
def refusing_url() -> Iterator[str]:
    """A loopback URL whose port is held but not listening: connecting is refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}"
