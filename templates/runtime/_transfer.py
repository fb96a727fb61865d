"""One HTTP exchange, bounded: a deadline for the whole of it, and a size limit on the body.

httpx's timeouts bound each network operation, so a server that drips a byte at a
time holds a call for as long as it likes. Here the deadline of an attempt (set
in a context variable around the exchange) caps every connect, read and write of
the connections this client opens, so the attempt ends when its time is up, in
the headers or in the body. The body is read as it arrives and decompressed here,
stage by stage, never past the size limit, so a compression bomb costs at most the
limit.
"""

from __future__ import annotations

import contextvars
import time
import zlib
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "BodyReader",
    "check_deadline",
    "deadline",
    "install_deadlines",
    "read_already",
    "set_deadline",
]

DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
# The encodings decoded here, and so the only ones asked for.
ACCEPT_ENCODING = "gzip, deflate"
_MAX_ENCODINGS = 2

# The monotonic time at which the current attempt must end; None for no deadline.
deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "clientgen_deadline", default=None
)


def set_deadline(seconds: float | None) -> contextvars.Token[float | None]:
    return deadline.set(None if seconds is None else time.monotonic() + seconds)


def check_deadline() -> None:
    """Between reads, for transports whose connections do not know the deadline (a caller's own)."""
    ends = deadline.get()
    if ends is not None and time.monotonic() > ends:
        raise httpx.ReadTimeout("the call's timeout has passed")


def _remaining(timeout: float | None, expired: type[Exception]) -> float | None:
    """The time a network operation may take: its own timeout, cut to what the deadline leaves."""
    ends = deadline.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise expired("the call's timeout has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        upgraded = self._stream.start_tls(
            ssl_context, server_hostname, _remaining(timeout, httpcore.ConnectTimeout)
        )
        return _Stream(upgraded)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        remaining = _remaining(timeout, httpcore.ConnectTimeout)
        return _Stream(
            self._backend.connect_tcp(host, port, remaining, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        remaining = _remaining(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, remaining, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        upgraded = await self._stream.start_tls(
            ssl_context, server_hostname, _remaining(timeout, httpcore.ConnectTimeout)
        )
        return _AsyncStream(upgraded)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        remaining = _remaining(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(
            await self._backend.connect_tcp(host, port, remaining, local_address, socket_options)
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        remaining = _remaining(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(
            await self._backend.connect_unix_socket(path, remaining, socket_options)
        )

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def install_deadlines(client: httpx.Client | httpx.AsyncClient) -> bool:
    """Make the connections of a client this runtime created honour the attempt's deadline.

    httpx offers no public way to wrap its network backend, so this reaches into
    its connection pools; where their shape is not the expected one, it changes
    nothing and says so (deadlines are then checked between reads only).
    """
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    installed = False
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _Backend):
            setattr(pool, "_network_backend", _Backend(backend))
            installed = True
        elif isinstance(backend, httpcore.AsyncNetworkBackend) and not isinstance(
            backend, _AsyncBackend
        ):
            setattr(pool, "_network_backend", _AsyncBackend(backend))
            installed = True
    return installed


class BodyTooLarge(Exception):
    pass


def read_already(response: httpx.Response, limit: int) -> bool:
    """True for a body a transport read (and decoded) itself, as `httpx.MockTransport` does; checked against the limit."""
    if not response.is_stream_consumed:
        return False
    if len(response.content) > limit:
        raise BodyTooLarge()
    return True


class BadEncoding(Exception):
    pass


class BodyReader:
    """Decodes a body chunk by chunk as its Content-Encoding says, never holding more than `limit` bytes."""

    def __init__(self, headers: httpx.Headers, limit: int) -> None:
        self.limit = limit
        codings = [
            c.strip().lower() for c in headers.get("content-encoding", "").split(",") if c.strip()
        ]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > _MAX_ENCODINGS:
            raise BadEncoding(f"too many content encodings: {', '.join(codings)}")
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise BadEncoding(f"unsupported content encoding {coding!r}")
        # Codings are listed in the order they were applied: undo the last first.
        self._stages: list[Any] = [_decompressor(coding) for coding in reversed(codings)]
        self._codings = list(reversed(codings))
        self._produced = [0] * len(self._stages)
        self._chunks: list[bytes] = []
        self._size = 0
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge()

    def feed(self, data: bytes) -> None:
        for index, stage in enumerate(self._stages):
            data = self._decode(index, stage, data)
        self._keep(data)

    def finish(self) -> bytes:
        data = b""
        for index, stage in enumerate(self._stages):
            data = self._decode(index, stage, data) + self._flush(index, stage)
        self._keep(data)
        return b"".join(self._chunks)

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self.limit:
            raise BodyTooLarge()
        if data:
            self._chunks.append(data)

    def _decode(self, index: int, stage: Any, data: bytes) -> bytes:
        if not data:
            return b""
        budget = self.limit - self._produced[index] + 1
        try:
            out = stage.decompress(data, budget)
        except zlib.error as exc:
            raise BadEncoding(
                f"the body is not valid {self._codings[index]} data ({exc})"
            ) from None
        self._produced[index] += len(out)
        if stage.unconsumed_tail or self._produced[index] > self.limit:
            raise BodyTooLarge()
        return bytes(out)

    def _flush(self, index: int, stage: Any) -> bytes:
        try:
            out = stage.flush()
        except zlib.error as exc:
            raise BadEncoding(
                f"the body is not valid {self._codings[index]} data ({exc})"
            ) from None
        self._produced[index] += len(out)
        if self._produced[index] > self.limit:
            raise BodyTooLarge()
        return bytes(out)


class _DeflateProbe:
    """HTTP's "deflate" is zlib-wrapped, but some servers send raw deflate: tell them apart on the first bytes."""

    def __init__(self) -> None:
        self._inner: Any = None
        self.unconsumed_tail = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._inner is None:
            try:
                self._inner = zlib.decompressobj()
                out = self._inner.decompress(data, max_length)
            except zlib.error:
                self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._inner.decompress(data, max_length)
        else:
            out = self._inner.decompress(data, max_length)
        self.unconsumed_tail = self._inner.unconsumed_tail
        return bytes(out)

    def flush(self) -> bytes:
        return b"" if self._inner is None else bytes(self._inner.flush())


def _decompressor(coding: str) -> Any:
    if coding == "deflate":
        return _DeflateProbe()
    return zlib.decompressobj(zlib.MAX_WBITS | 16)
