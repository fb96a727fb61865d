"""Streamed responses over real HTTP on 127.0.0.1: items as they arrive, limits per item, connections closed."""

from __future__ import annotations

import asyncio
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from ingram_micro_reseller._base_client import APIRequest, StreamSpec
from ingram_micro_reseller._streaming import ServerSentEvent

from .scripted_server import Reply, ScriptedServer
from .subjects import reseller

Order = reseller.models.Order


def sse(*events: dict[str, Any] | str) -> list[bytes]:
    """One chunk per event: a dict is JSON data, a str is sent as it is."""
    return [
        (f"data: {json.dumps(event)}\n\n" if isinstance(event, dict) else event).encode() for event in events
    ]


def streaming(spec: StreamSpec) -> APIRequest[Any]:
    return APIRequest(method="POST", path="/chat", response_types={"200": spec.item_type}, stream=spec)


ORDERS = StreamSpec("sse", Order)


def test_events_arrive_typed_before_the_stream_ends() -> None:
    chunks = sse({"orderId": "A1"}, {"orderId": "A2"}, "data: [DONE]\n\n")
    with (
        ScriptedServer([Reply(200, chunks=chunks, pause=0.6)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        started = time.monotonic()
        arrivals = []
        with client.stream(streaming(ORDERS)) as stream:
            for order in stream:
                arrivals.append((order, time.monotonic() - started))
    assert [order.order_id for order, _ in arrivals] == ["A1", "A2"]
    assert all(isinstance(order, Order) for order, _ in arrivals)
    assert arrivals[0][1] < 0.5 < arrivals[1][1], "the first item came before the server sent the second"
    assert api.seen[0].headers["Accept-Encoding"] == "identity"


def test_stopping_early_closes_the_connection() -> None:
    chunks = sse(*({"orderId": f"A{n}"} for n in range(8)))
    with (
        ScriptedServer([Reply(200, chunks=chunks, pause=0.1)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        for order in client.stream(streaming(ORDERS)):
            assert order.order_id == "A0"
            break
        deadline = time.monotonic() + 3
        while api.disconnects == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert api.disconnects == 1


def test_a_stream_that_breaks_off_is_an_api_error() -> None:
    chunks = sse({"orderId": "A1"}) + [b'data: {"orderId": "A']
    with (
        ScriptedServer([Reply(200, chunks=chunks, cut=True)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        received: list[Order] = []
        with pytest.raises(reseller.APIConnectionError, match="broke off"):
            received.extend(client.stream(streaming(ORDERS)))
    assert [order.order_id for order in received] == ["A1"]


def test_an_error_event_is_raised_and_the_end_marker_ends_the_stream() -> None:
    failing = sse({"orderId": "A1"}, 'event: error\ndata: {"message": "overloaded"}\n\n')
    with (
        ScriptedServer([Reply(200, chunks=failing)]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIStreamError, match="overloaded") as raised,
    ):
        list(client.stream(streaming(ORDERS)))
    assert raised.value.body == {"message": "overloaded"}
    # After [DONE] the server keeps the connection open; the stream still ends at once.
    lingering = sse({"orderId": "A1"}, "data: [DONE]\n\n", {"orderId": "never"})
    with (
        ScriptedServer([Reply(200, chunks=lingering, pause=2.0)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        started = time.monotonic()
        assert [o.order_id for o in client.stream(streaming(ORDERS))] == ["A1"]
        assert time.monotonic() - started < 3.0


def test_the_timeout_bounds_each_item_not_the_whole_stream() -> None:
    steady = sse(*({"orderId": f"A{n}"} for n in range(5)))
    with (
        ScriptedServer([Reply(200, chunks=steady, pause=0.3)]).running() as api,
        reseller.Client(base_url=api.url, timeout=0.8) as client,
    ):
        assert len(list(client.stream(streaming(ORDERS)))) == 5  # 1.2 s in all, 0.3 s apart
    stalled = sse({"orderId": "A1"}, {"orderId": "A2"})
    with (
        ScriptedServer([Reply(200, chunks=stalled, pause=3.0)]).running() as api,
        reseller.Client(base_url=api.url, timeout=0.5) as client,
    ):
        started = time.monotonic()
        with pytest.raises(reseller.APITimeoutError):
            list(client.stream(streaming(ORDERS)))
        assert time.monotonic() - started < 1.5


def test_an_event_over_the_size_limit_is_refused() -> None:
    huge = [b"data: " + b"x" * 10_000 for _ in range(30)]  # one event that never ends
    with (
        ScriptedServer([Reply(200, chunks=huge)]).running() as api,
        reseller.Client(base_url=api.url, max_response_size=64 * 1024) as client,
        pytest.raises(reseller.APIResponseTooLargeError),
    ):
        list(client.stream(streaming(StreamSpec("sse"))))


def test_json_lines_and_untyped_events() -> None:
    lines = [b'{"orderId": "A1"}\n{"orderId"', b': "A2"}\r\n\n', b'{"orderId": "A3"}']
    with (
        ScriptedServer([Reply(200, chunks=lines)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        orders = list(client.stream(streaming(StreamSpec("jsonl", Order))))
        assert [o.order_id for o in orders] == ["A1", "A2", "A3"]
        api.replies = [Reply(200, chunks=[b"event: ping\nid: 7\ndata: hello\ndata: world\n\n"])]
        (event,) = list(client.stream(streaming(StreamSpec("sse"))))
    assert event == ServerSentEvent("hello\nworld", "ping", "7", None)


def test_async_streams_yield_items_as_they_arrive_and_close_early() -> None:
    async def consume(url: str) -> list[tuple[str | None, float]]:
        async with reseller.AsyncClient(base_url=url) as client:
            started = time.monotonic()
            stream = await client.stream(streaming(ORDERS))
            arrivals = []
            async with stream:
                async for order in stream:
                    arrivals.append((order.order_id, time.monotonic() - started))
                    if len(arrivals) == 2:
                        break
            return arrivals

    chunks = sse(*({"orderId": f"A{n}"} for n in range(8)))
    with ScriptedServer([Reply(200, chunks=chunks, pause=0.4)]).running() as api:
        arrivals = asyncio.run(consume(api.url))
        deadline = time.monotonic() + 3
        while api.disconnects == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [order_id for order_id, _ in arrivals] == ["A0", "A1"]
    assert arrivals[0][1] < 0.3 and api.disconnects == 1


def test_a_download_is_written_to_disk_without_being_held(tmp_path: Path) -> None:
    chunk = b"z" * (1024 * 1024)
    request: APIRequest[bytes] = APIRequest(method="GET", path="/file", response_types={"200": bytes})
    with (
        ScriptedServer([Reply(200, chunks=[chunk] * 24)]).running() as api,
        reseller.Client(base_url=api.url, max_response_size=1024 * 1024) as client,
    ):
        tracemalloc.start()
        try:
            with client.download(request) as body:
                written = body.write_to(tmp_path / "file.bin")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert written == 24 * len(chunk) == (tmp_path / "file.bin").stat().st_size
    assert peak < 4 * 1024 * 1024, "the 24 MiB body was never held whole (nor limited: it is a download)"
