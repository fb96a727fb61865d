"""The two clients every generated client builds on: `SyncAPIClient` and `AsyncAPIClient`.

They perform the steps `_send_loop.BaseClient._attempts` decides (send a request
and read its body within the deadline and the size limit, fetch a token, sleep)
and differ only in how they wait. Generated modules import the runtime's public
helpers from here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Mapping
from typing import Any, TypeVar, cast

import httpx
from typing_extensions import Unpack

from ._auth import MAX_TOKEN_RESPONSE_SIZE, SecurityRequirement
from ._event_stream import ServerSentEvent, StreamSpec
from ._response import APIRequest, APIResponse, adapter
from ._send_loop import BaseClient, ClientOptions, EnsureToken, Send, Timeout
from ._streaming import AsyncBinaryStream, AsyncStream, BinaryStream, Stream
from ._transfer import (
    BadEncoding,
    BodyReader,
    BodyTooLarge,
    check_deadline,
    deadline,
    install_deadlines,
    read_already,
    set_deadline,
)
from ._uploads import UploadContent
from ._wire import (
    NOT_GIVEN,
    FileContent,
    NotGiven,
    encode_query,
    from_environment,
    header_map,
    json_body,
    path_segment,
    resolve_base_url,
)

# The wire helpers and response types are re-exported: generated modules import them from here.
__all__ = [
    "NOT_GIVEN",
    "APIRequest",
    "APIResponse",
    "AsyncAPIClient",
    "ClientOptions",
    "FileContent",
    "NotGiven",
    "AsyncBinaryStream",
    "AsyncStream",
    "BinaryStream",
    "Stream",
    "StreamSpec",
    "SecurityRequirement",
    "ServerSentEvent",
    "SyncAPIClient",
    "UploadContent",
    "adapter",
    "encode_query",
    "from_environment",
    "header_map",
    "json_body",
    "path_segment",
    "resolve_base_url",
]
_adapter = adapter  # the name generated webhook parsers use

T = TypeVar("T")
_DOWNLOAD = StreamSpec("bytes")


def _as_stream(request: APIRequest[T]) -> APIRequest[T]:
    """The request, read as a stream: its own spec, else JSON lines of its success type."""
    if request.stream is not None:
        return request
    return dataclasses.replace(
        request, stream=StreamSpec("jsonl", request.response_types.get("200"))
    )


class SyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport)
        if self._owns_http:
            install_deadlines(self._http)

    def send(
        self,
        request: APIRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
    ) -> APIResponse[T]:
        """Send a prepared request; the returned `APIResponse` has the raw `httpx.Response`."""
        steps = self._attempts(
            request, extra_headers, extra_query, timeout, max_retries, max_response_size
        )
        answer: httpx.Response | str | None = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                step = steps.throw(failure) if failure is not None else steps.send(answer)
            except StopIteration as done:
                return cast(APIResponse[T], done.value)
            answer, failure = None, None
            if isinstance(step, Send):
                try:
                    answer = self._exchange(step.request, step.seconds, step.limit, step.stream)
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(step, EnsureToken):
                answer = step.scheme.ensure_token(
                    lambda token_request: self._fetch_token(token_request, step.seconds)
                )
            else:
                time.sleep(step.seconds)

    def stream(
        self,
        request: APIRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
    ) -> Stream[T]:
        """Send a request whose answer is a stream of items (events, JSON lines); read as iterated.

        Retries happen only until the stream starts; `timeout` and `max_response_size`
        then hold for each item.
        """
        streamed = _as_stream(request)
        response = self.send(
            streamed,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
        )
        limit = self._limit(max_response_size)
        assert streamed.stream is not None
        return Stream(response.http_response, streamed.stream, self._seconds(timeout), limit)

    def download(
        self,
        request: APIRequest[Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> BinaryStream:
        """Send a request whose answer is a file, to read in chunks: `with client.download(...) as body:`."""
        response = self.send(
            dataclasses.replace(request, stream=_DOWNLOAD),
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
        )
        return BinaryStream(response.http_response, self._seconds(timeout))

    def _exchange(
        self, request: httpx.Request, seconds: float | None, limit: int, stream: bool = False
    ) -> httpx.Response:
        """Send, and read the whole body, before the deadline and within the size limit."""
        token = set_deadline(seconds)
        try:
            response = self._http.send(request, stream=True, follow_redirects=False)
            if stream and response.is_success:
                return response  # a stream reads it, item by item
            try:
                if not read_already(response, limit):
                    reader = BodyReader(response.headers, limit)
                    for chunk in response.iter_raw():
                        reader.feed(chunk)
                        check_deadline()
                    response._content = reader.finish()
            except (BodyTooLarge, BadEncoding) as exc:
                raise self._body_failure(request, exc, limit) from None
            finally:
                response.close()
        finally:
            deadline.reset(token)
        return response

    def _fetch_token(self, request: httpx.Request, seconds: float | None) -> httpx.Response:
        try:
            return self._exchange(request, seconds, MAX_TOKEN_RESPONSE_SIZE)
        except httpx.TransportError as exc:
            raise self._connection_error(request, exc) from None

    def _http_client(self) -> httpx.Client:
        return self._http

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: _SyncSelf) -> _SyncSelf:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._transport = transport
        self._http = http_client or self._new_http_client()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _new_http_client(self) -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=self._transport)
        install_deadlines(http)
        return http

    def _bind_to_running_loop(self) -> None:
        """Connections belong to the event loop that opened them: a new loop gets new ones.

        So one client serves several `asyncio.run` calls in turn. A caller's own
        `http_client` is the caller's to manage.
        """
        loop = asyncio.get_running_loop()
        if self._loop is not None and loop is not self._loop and self._owns_http:
            self._http = self._new_http_client()  # the old loop's connections died with it
        self._loop = loop

    async def send(
        self,
        request: APIRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
    ) -> APIResponse[T]:
        """Send a prepared request; the returned `APIResponse` has the raw `httpx.Response`."""
        self._bind_to_running_loop()
        steps = self._attempts(
            request, extra_headers, extra_query, timeout, max_retries, max_response_size
        )
        answer: httpx.Response | str | None = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                step = steps.throw(failure) if failure is not None else steps.send(answer)
            except StopIteration as done:
                return cast(APIResponse[T], done.value)
            answer, failure = None, None
            if isinstance(step, Send):
                try:
                    answer = await self._exchange(
                        step.request, step.seconds, step.limit, step.stream
                    )
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(step, EnsureToken):
                seconds = step.seconds

                async def fetch(token_request: httpx.Request) -> httpx.Response:
                    return await self._fetch_token(token_request, seconds)

                answer = await step.scheme.ensure_token_async(fetch)
            else:
                await asyncio.sleep(step.seconds)

    async def stream(
        self,
        request: APIRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[T]:
        """Send a request whose answer is a stream of items (events, JSON lines); read as iterated.

        Retries happen only until the stream starts; `timeout` and `max_response_size`
        then hold for each item.
        """
        streamed = _as_stream(request)
        response = await self.send(
            streamed,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
        )
        limit = self._limit(max_response_size)
        assert streamed.stream is not None
        return AsyncStream(response.http_response, streamed.stream, self._seconds(timeout), limit)

    async def download(
        self,
        request: APIRequest[Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncBinaryStream:
        """Send a request whose answer is a file, to read in chunks: `async with await client.download(...) as body:`."""
        response = await self.send(
            dataclasses.replace(request, stream=_DOWNLOAD),
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
        )
        return AsyncBinaryStream(response.http_response, self._seconds(timeout))

    async def _exchange(
        self, request: httpx.Request, seconds: float | None, limit: int, stream: bool = False
    ) -> httpx.Response:
        """Send, and read the whole body, before the deadline and within the size limit."""
        token = set_deadline(seconds)
        try:
            response = await self._http.send(request, stream=True, follow_redirects=False)
            if stream and response.is_success:
                return response  # a stream reads it, item by item
            try:
                if not read_already(response, limit):
                    reader = BodyReader(response.headers, limit)
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
                        check_deadline()
                    response._content = reader.finish()
            except (BodyTooLarge, BadEncoding) as exc:
                raise self._body_failure(request, exc, limit) from None
            finally:
                await response.aclose()
        finally:
            deadline.reset(token)
        return response

    async def _fetch_token(self, request: httpx.Request, seconds: float | None) -> httpx.Response:
        try:
            return await self._exchange(request, seconds, MAX_TOKEN_RESPONSE_SIZE)
        except httpx.TransportError as exc:
            raise self._connection_error(request, exc) from None

    def _http_client(self) -> httpx.AsyncClient:
        return self._http

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _AsyncSelf) -> _AsyncSelf:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_SyncSelf = TypeVar("_SyncSelf", bound=SyncAPIClient)
_AsyncSelf = TypeVar("_AsyncSelf", bound=AsyncAPIClient)
