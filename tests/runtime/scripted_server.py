"""A tiny HTTP server on 127.0.0.1 that answers from a script, for runtime behaviour tests."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (after reading the request)
    raw: bytes | None = None  # a body sent as it is (with the headers given), instead of `body` as JSON
    # Seconds between single bytes, from the first byte of the status line ("headers") or of the body ("body").
    drip: float = 0.0
    drip_from: str = "body"
    # A body sent as chunks (chunked transfer encoding), `pause` seconds apart; `cut` drops the connection
    # before the end instead of finishing the body.
    chunks: list[bytes] | None = None
    pause: float = 0.0
    cut: bool = False


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """Answers each request with the next scripted reply (the last one repeats)."""

    def __init__(self, replies: list[Reply]):
        self.replies = list(replies)
        self.seen: list[Seen] = []
        self.disconnects = 0  # chunked bodies the client stopped reading before the end
        self.digest_bodies = False  # keep "length:sha256" of each request body instead of the body
        self._lock = threading.Lock()
        handler = self._handler_class()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def _next_reply(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self._read_body()
                reply = server._next_reply(Seen(self.command, self.path, dict(self.headers), body))
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.chunks is not None:
                    self._send_chunks(reply)
                    return
                if reply.raw is not None:
                    payload = reply.raw
                else:
                    payload = b"" if reply.body is None else json.dumps(reply.body).encode()
                head = [f"HTTP/1.1 {reply.status} Whatever"]
                head += [f"{name}: {value}" for name, value in reply.headers.items()]
                if payload and reply.raw is None:
                    head.append("Content-Type: application/json")
                # This server answers one request per connection, and says so.
                head.append("Connection: close")
                if not any(name.lower() == "content-length" for name in reply.headers):
                    head.append(f"Content-Length: {len(payload)}")
                header_bytes = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
                try:
                    if reply.drip:
                        message = header_bytes + payload
                        start = 0 if reply.drip_from == "headers" else len(header_bytes)
                        self.wfile.write(message[:start])
                        for index in range(start, len(message)):
                            self.wfile.write(message[index : index + 1])
                            time.sleep(reply.drip)
                    else:
                        # Written apart: a large body is not copied, so memory tests see the client's.
                        self.wfile.write(header_bytes)
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first: that is what some tests want

            def _read_body(self) -> bytes:
                """The request body; chunked ones too. With `digest_bodies`, its length and SHA-256 only."""
                digest, size, kept = hashlib.sha256(), 0, []
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    while (length := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                        pieces = [self.rfile.read(min(65536, length - n)) for n in range(0, length, 65536)]
                        self.rfile.readline()
                        for piece in pieces:
                            digest.update(piece)
                            size += len(piece)
                            kept += [] if server.digest_bodies else [piece]
                    self.rfile.readline()
                else:
                    remaining = int(self.headers.get("Content-Length") or 0)
                    while remaining:
                        piece = self.rfile.read(min(65536, remaining))
                        remaining -= len(piece)
                        digest.update(piece)
                        size += len(piece)
                        kept += [] if server.digest_bodies else [piece]
                if server.digest_bodies:
                    return f"{size}:{digest.hexdigest()}".encode()
                return b"".join(kept)

            def _send_chunks(self, reply: Reply) -> None:
                head = [
                    f"HTTP/1.1 {reply.status} Whatever",
                    "Transfer-Encoding: chunked",
                    "Connection: close",
                ]
                head += [f"{name}: {value}" for name, value in reply.headers.items()]
                try:
                    self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
                    for index, chunk in enumerate(reply.chunks or []):
                        if index:
                            time.sleep(reply.pause)
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    if not reply.cut:
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    with server._lock:
                        server.disconnects += 1

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    @contextmanager
    def running(self) -> Iterator[ScriptedServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)
