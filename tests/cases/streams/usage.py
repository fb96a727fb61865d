"""Streamed responses: typed chunks beside the whole answer, untyped events, JSON lines, downloads."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from case_streams import APIStreamError, AsyncClient, Client, RateLimitError, models
from case_streams._base_client import ServerSentEvent


def _client(status: int, body: bytes, content_type: str, seen: list[httpx.Request] | None = None) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        # Seven bytes at a time: the body is read as a stream, not in one piece.
        chunks = iter([body[i : i + 7] for i in range(0, len(body), 7)])
        return httpx.Response(status, headers={"Content-Type": content_type}, stream=_Chunks(chunks))

    return Client(base_url="https://api.example.test/base", transport=httpx.MockTransport(handler))


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks


CHUNKS = b'data: {"delta": "Hel"}\n\ndata: {"delta": "lo", "index": 1}\n\n: keep-alive\n\ndata: [DONE]\n\n'


def test_the_streamed_variant_yields_typed_chunks_and_asks_for_them() -> None:
    seen: list[httpx.Request] = []
    with (
        _client(200, CHUNKS, "text/event-stream", seen) as client,
        client.chat.create_chat_stream(body=models.ChatRequest(prompt="hi")) as stream,
    ):
        chunks = list(stream)
    assert [chunk.delta for chunk in chunks] == ["Hel", "lo"]
    assert all(isinstance(chunk, models.ChatChunk) for chunk in chunks)
    (request,) = seen
    assert request.headers["Accept"] == "text/event-stream"
    assert json.loads(request.content) == {"prompt": "hi", "stream": True}, "the variant sets the body's flag"


def test_the_plain_method_still_answers_the_whole_json() -> None:
    with _client(200, b'{"text": "Hello"}', "application/json") as client:
        assert client.chat.create_chat(body={"prompt": "hi"}) == models.Chat(text="Hello")


def test_an_error_event_and_a_declared_error_body() -> None:
    failing = b'data: {"delta": "a"}\n\nevent: error\ndata: {"message": "overloaded"}\n\n'
    with _client(200, failing, "text/event-stream") as client, pytest.raises(APIStreamError) as raised:
        list(client.chat.create_chat_stream(body={"prompt": "hi"}))
    assert raised.value.body == {"message": "overloaded"}
    with (
        _client(429, b'{"title": "slow down"}', "application/json") as client,
        pytest.raises(RateLimitError) as limited,
    ):
        client.chat.create_chat_stream(body={"prompt": "hi"}, max_retries=0)
    assert isinstance(limited.value.body, models.Problem) and limited.value.body.title == "slow down"


def test_untyped_events_json_lines_and_sequences() -> None:
    with _client(200, b"event: tick\nid: 1\ndata: one\n\n", "text/event-stream") as client:
        assert list(client.events.watch_events()) == [ServerSentEvent("one", "tick", "1")]
    lines = b'{"id": 1}\n{"id": 2, "note": "two"}\n'
    with _client(200, lines, "application/x-ndjson") as client:
        records = list(client.events.export_records())
    assert [record.id for record in records] == [1, 2] and isinstance(records[1], models.Record)
    with _client(200, b'\x1e{"id": 3}\n\x1e{"id": 4}\n', "application/json-seq") as client:
        assert [record.id for record in client.events.record_sequence()] == [3, 4]


def test_a_download_is_written_in_chunks(tmp_path: Path) -> None:
    with _client(200, b"%PDF-1.7 " * 1000, "application/pdf") as client:
        assert client.files.download_(file_id="f1") == b"%PDF-1.7 " * 1000  # the whole body, as before
        with client.files.download_stream(file_id="f1") as body:
            written = body.write_to(tmp_path / "f1.pdf")
    assert written == 9000 and (tmp_path / "f1.pdf").read_bytes() == b"%PDF-1.7 " * 1000


def test_async_streams() -> None:
    async def chunks() -> list[Any]:
        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=CHUNKS)

        async with AsyncClient(
            base_url="https://api.example.test/base", transport=httpx.MockTransport(handler)
        ) as client:
            stream = await client.chat.create_chat_stream(body={"prompt": "hi"})
            async with stream:
                return [chunk.delta async for chunk in stream]

    assert asyncio.run(chunks()) == ["Hel", "lo"]


def test_an_upload_streams_a_path_a_file_or_an_iterator(tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(b"0123456789" * 10_000)
    received: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(b"".join(request.stream))  # type: ignore[arg-type]
        return httpx.Response(204)

    with Client(base_url="https://api.example.test/base", transport=httpx.MockTransport(handler)) as client:
        client.files.upload(file_id="f1", body=source)
        with source.open("rb") as file:
            client.files.upload(file_id="f1", body=file)
        client.files.upload(file_id="f1", body=(chunk for chunk in (b"a", b"b", b"c")))
    assert received == [source.read_bytes(), source.read_bytes(), b"abc"]
