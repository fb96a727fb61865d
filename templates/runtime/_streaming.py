"""Responses read as they arrive: typed event streams and JSON lines, and binary downloads.

A `Stream` yields each item as soon as its message is complete and closes the
connection when the caller stops early, leaves a `with` block, or reaches the end.
The client's limits hold per message: `timeout` bounds the wait for each item
(not the whole stream, which may rightly last for minutes), and
`max_response_size` bounds each message. A stream that has started is never
retried; one that breaks off raises an `APIConnectionError`.
"""

from __future__ import annotations

import codecs
import os
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic
import pydantic_core

from ._event_stream import (
    JSONLinesDecoder,
    JSONSequenceDecoder,
    MessageTooLarge,
    ServerSentEvent,
    SSEDecoder,
    StreamSpec,
)
from ._exceptions import (
    APIConnectionError,
    APIDecodingError,
    APIError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
)
from ._response import adapter
from ._transfer import deadline

__all__ = [
    "AsyncBinaryStream",
    "AsyncStream",
    "BinaryStream",
    "ServerSentEvent",
    "Stream",
    "StreamSpec",
]

T = TypeVar("T")
_END = object()


class _Items:
    """The decoding both stream classes share: raw chunks in, typed items (or the end) out."""

    def __init__(self, response: httpx.Response, spec: StreamSpec, limit: int) -> None:
        self.response = response
        self.spec = spec
        self.limit = limit
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._decoder: SSEDecoder | JSONLinesDecoder | JSONSequenceDecoder
        if spec.format == "sse":
            self._decoder = SSEDecoder(limit)
        elif spec.format == "json-seq":
            self._decoder = JSONSequenceDecoder(limit)
        else:
            self._decoder = JSONLinesDecoder(limit)
        coding = response.headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity"):
            raise APIDecodingError(
                f"a stream was sent with Content-Encoding {coding!r} although none was asked for",
                request=response.request,
            )

    def feed(self, chunk: bytes | None) -> list[Any]:
        """Items completed by a chunk (None at the end of the body); `_END` where the stream says it ended."""
        final = chunk is None
        try:
            messages = self._decoder.feed(self._text.decode(chunk or b"", final), final)
        except MessageTooLarge:
            raise APIResponseTooLargeError(
                request=self.response.request, limit=self.limit
            ) from None
        items = []
        for message in messages:
            item = self._item(message)
            items.append(item)
            if item is _END:
                break
        return items

    def _item(self, message: ServerSentEvent | str) -> Any:
        spec = self.spec
        if isinstance(message, str):
            return self._parsed(message, spec.item_type)
        if message.data == spec.end_marker:
            return _END
        if message.event in spec.error_events:
            raise APIStreamError(
                f"the stream reported an error: {message.data[:500]}",
                request=self.response.request,
                event=message,
                body=_json_or_text(message.data),
            )
        declared = spec.event_types.get(message.event, spec.item_type)
        return message if declared is None else self._parsed(message.data, declared)

    def _parsed(self, text: str, declared: Any) -> Any:
        if declared is None:
            return _json_or_text(text)
        if declared is str:
            return text  # plain-text data, not JSON
        try:
            return adapter(declared).validate_json(text)
        except pydantic.ValidationError as exc:
            errors = [dict(error) for error in exc.errors(include_url=False, include_input=False)]
            raise APIResponseValidationError(
                response=self.response, body=_json_or_text(text), errors=errors
            ) from exc


def _broken(response: httpx.Response, error: httpx.TransportError) -> APIError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(request=response.request)
    return APIConnectionError(
        request=response.request, message=f"The stream broke off ({type(error).__name__})."
    )


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body as it arrives; or whole, where a transport read it already (`httpx.MockTransport`)."""
    return iter([response.content]) if response.is_stream_consumed else response.iter_raw()


async def _achunks(response: httpx.Response) -> AsyncIterator[bytes]:
    if response.is_stream_consumed:
        yield response.content
        return
    async for chunk in response.aiter_raw():
        yield chunk


def _json_or_text(text: str) -> Any:
    try:
        return pydantic_core.from_json(text)
    except ValueError:
        return text


class _Waiting:
    """The deadline of one wait for data: set while reading, so each item gets the whole timeout."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        self._token = deadline.set(
            None if self.seconds is None else time.monotonic() + self.seconds
        )

    def __exit__(self, *exc_info: object) -> None:
        deadline.reset(self._token)

    def check(self, started: float) -> None:
        """For transports whose connections do not know the deadline: checked between reads."""
        if self.seconds is not None and time.monotonic() - started > self.seconds:
            raise httpx.ReadTimeout("no complete message within the timeout")


class Stream(Generic[T]):
    """The items of a streamed response, typed, as they arrive. Use it in a `with` block or iterate it to the end."""

    def __init__(
        self, response: httpx.Response, spec: StreamSpec, seconds: float | None, limit: int
    ) -> None:
        self.response = response  # the raw httpx.Response, its body not yet read
        self._spec, self._seconds, self._limit = spec, seconds, limit

    def __iter__(self) -> Iterator[T]:
        items = _Items(self.response, self._spec, self._limit)
        waiting = _Waiting(self._seconds)
        raw = _chunks(self.response)
        try:
            started = time.monotonic()
            while True:
                try:
                    with waiting:
                        chunk = next(raw, None)
                    waiting.check(started)
                except httpx.TransportError as exc:
                    raise _broken(self.response, exc) from None
                for item in items.feed(chunk):
                    if item is _END:
                        return
                    yield cast(T, item)
                    started = time.monotonic()
                if chunk is None:
                    return
        finally:
            self.close()

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The items of a streamed response, typed, as they arrive, for `async for`."""

    def __init__(
        self, response: httpx.Response, spec: StreamSpec, seconds: float | None, limit: int
    ) -> None:
        self.response = response
        self._spec, self._seconds, self._limit = spec, seconds, limit

    async def __aiter__(self) -> AsyncIterator[T]:
        items = _Items(self.response, self._spec, self._limit)
        waiting = _Waiting(self._seconds)
        raw = _achunks(self.response)
        try:
            started = time.monotonic()
            while True:
                try:
                    with waiting:
                        chunk = await anext(raw, None)
                    waiting.check(started)
                except httpx.TransportError as exc:
                    raise _broken(self.response, exc) from None
                for item in items.feed(chunk):
                    if item is _END:
                        return
                    yield cast(T, item)
                    started = time.monotonic()
                if chunk is None:
                    return
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class BinaryStream:
    """A downloaded body, read in chunks and never held whole: `iter_bytes()` or `write_to(path)`."""

    def __init__(self, response: httpx.Response, seconds: float | None) -> None:
        self.response = response
        self._seconds = seconds

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        waiting = _Waiting(self._seconds)
        raw = _chunks(self.response) if chunk_size is None else self.response.iter_raw(chunk_size)
        try:
            while True:
                started = time.monotonic()
                try:
                    with waiting:
                        chunk = next(raw, None)
                    waiting.check(started)
                except httpx.TransportError as exc:
                    raise _broken(self.response, exc) from None
                if chunk is None:
                    return
                yield chunk
        finally:
            self.close()

    def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to a file; the number of bytes written."""
        written = 0
        with open(path, "wb") as file:
            for chunk in self.iter_bytes():
                written += file.write(chunk)
        return written

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> BinaryStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncBinaryStream:
    """A downloaded body, read in chunks and never held whole, for asyncio."""

    def __init__(self, response: httpx.Response, seconds: float | None) -> None:
        self.response = response
        self._seconds = seconds

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        waiting = _Waiting(self._seconds)
        raw = _achunks(self.response) if chunk_size is None else self.response.aiter_raw(chunk_size)
        try:
            while True:
                started = time.monotonic()
                try:
                    with waiting:
                        chunk = await anext(raw, None)
                    waiting.check(started)
                except httpx.TransportError as exc:
                    raise _broken(self.response, exc) from None
                if chunk is None:
                    return
                yield chunk
        finally:
            await self.aclose()

    async def write_to(self, path: str | os.PathLike[str]) -> int:
        written = 0
        with open(path, "wb") as file:
            async for chunk in self.iter_bytes():
                written += file.write(chunk)
        return written

    async def aclose(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
