"""Retries of the generated runtime, over real HTTP on 127.0.0.1.

The generated Ingram Micro reseller client is the subject: `get_order_status`
is a GET (idempotent), `create_order` a POST (never repeated once it may have
reached the server, unless it carries an idempotency key).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
import time
from collections.abc import Iterator

import httpx
import ingram_micro_reseller as reseller
import pytest
from ingram_micro_reseller._retry import RetryPolicy

from .scripted_server import Reply, ScriptedServer

FAST = RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.05)
ORDER = {"orderId": "A1", "status": "open"}
ORDER_REQUEST = {"customerOrderNumber": "PO-1", "lines": [{"ingramPartNumber": "X", "quantity": 1}]}


def fast_client(url: str, **options: object) -> reseller.Client:
    """A client whose backoff is short, keeping its own max_retries."""
    client = reseller.Client(base_url=url, **options)  # type: ignore[arg-type]
    client.retry_policy = dataclasses.replace(FAST, max_retries=client.retry_policy.max_retries)
    return client


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield probe.getsockname()[1]


def test_get_is_retried_after_503_and_succeeds() -> None:
    with (
        ScriptedServer([Reply(503), Reply(503), Reply(200, ORDER)]).running() as server,
        fast_client(server.url) as client,
    ):
        order = client.orders.get_order_status(order_id="A1")
    assert order.order_id == "A1"
    assert [seen.method for seen in server.seen] == ["GET", "GET", "GET"]


def test_retries_stop_at_max_retries() -> None:
    with (
        ScriptedServer([Reply(500)]).running() as server,
        fast_client(server.url, max_retries=1) as client,
        pytest.raises(reseller.InternalServerError),
    ):
        client.orders.get_order_status(order_id="A1")
    assert len(server.seen) == 2


def test_per_call_max_retries_overrides_the_client() -> None:
    with (
        ScriptedServer([Reply(503)]).running() as server,
        fast_client(server.url) as client,
        pytest.raises(reseller.InternalServerError),
    ):
        client.orders.get_order_status(order_id="A1", max_retries=0)
    assert len(server.seen) == 1


def test_retry_after_is_honoured() -> None:
    replies = [Reply(429, headers={"Retry-After": "1"}), Reply(200, ORDER)]
    with ScriptedServer(replies).running() as server, fast_client(server.url) as client:
        started = time.monotonic()
        client.orders.get_order_status(order_id="A1")
        waited = time.monotonic() - started
    # A lower bound only: the backoff alone would have waited 0.05 s at most.
    assert waited >= 0.9
    assert len(server.seen) == 2


def test_rate_limit_reset_header_is_honoured() -> None:
    replies = [Reply(429, headers={"X-RateLimit-Reset": "0.4"}), Reply(200, ORDER)]
    with ScriptedServer(replies).running() as server, fast_client(server.url) as client:
        started = time.monotonic()
        client.orders.get_order_status(order_id="A1")
        assert time.monotonic() - started >= 0.35


def test_post_is_not_retried_after_it_reached_the_server() -> None:
    with (
        ScriptedServer([Reply(503), Reply(201, ORDER)]).running() as server,
        fast_client(server.url) as client,
        pytest.raises(reseller.InternalServerError) as raised,
    ):
        client.orders.create_order(body=ORDER_REQUEST)
    assert raised.value.status_code == 503
    assert len(server.seen) == 1


def test_post_that_times_out_after_sending_is_not_retried() -> None:
    with (
        ScriptedServer([Reply(201, ORDER, delay=1.0)]).running() as server,
        fast_client(server.url, timeout=0.3) as client,
        pytest.raises(reseller.APITimeoutError),
    ):
        client.orders.create_order(body=ORDER_REQUEST)
        time.sleep(0.8)  # let the slow reply finish, so a second request would have been seen
    assert len(server.seen) == 1


def test_get_that_times_out_is_retried() -> None:
    replies = [Reply(200, ORDER, delay=1.0), Reply(200, ORDER)]
    with ScriptedServer(replies).running() as server, fast_client(server.url, timeout=0.3) as client:
        order = client.orders.get_order_status(order_id="A1")
    assert order.status == "open"
    assert len(server.seen) == 2


def test_post_refused_before_sending_is_retried(closed_port: int, caplog: pytest.LogCaptureFixture) -> None:
    attempts = []

    class CountingTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            attempts.append(request.method)
            return super().handle_request(request)

    caplog.set_level(logging.DEBUG, logger="ingram_micro_reseller")
    client = fast_client(f"http://127.0.0.1:{closed_port}", transport=CountingTransport())
    with client, pytest.raises(reseller.APIConnectionError):
        client.orders.create_order(body=ORDER_REQUEST)
    assert attempts == ["POST", "POST", "POST"]
    assert "retry 2 of 2" in caplog.text


def test_post_with_idempotency_key_is_retried_with_the_same_key() -> None:
    with (
        ScriptedServer([Reply(503), Reply(201, ORDER)]).running() as server,
        fast_client(server.url) as client,
    ):
        client.orders.create_order(body=ORDER_REQUEST, extra_headers={"Idempotency-Key": "order-PO-1"})
    keys = [seen.headers.get("Idempotency-Key") for seen in server.seen]
    assert keys == ["order-PO-1", "order-PO-1"]
    assert server.seen[0].body == server.seen[1].body


def test_async_client_retries_get_and_not_post() -> None:
    async def scenario(url: str) -> None:
        async with reseller.AsyncClient(base_url=url) as client:
            client.retry_policy = FAST
            order = await client.orders.get_order_status(order_id="A1")
            assert order.order_id == "A1"
            with pytest.raises(reseller.InternalServerError):
                await client.orders.create_order(body=ORDER_REQUEST)

    replies = [Reply(502), Reply(200, ORDER), Reply(503)]
    with ScriptedServer(replies).running() as server:
        asyncio.run(scenario(server.url))
    assert [seen.method for seen in server.seen] == ["GET", "GET", "POST"]


def test_logs_show_method_url_status_and_hide_credentials_in_the_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="ingram_micro_reseller")
    with ScriptedServer([Reply(200, ORDER)]).running() as server, fast_client(server.url) as client:
        client.orders.get_order_status(order_id="A1", extra_query={"api_key": "s3cret-value"})
    assert "GET" in caplog.text and "/orders/A1" in caplog.text and "-> 200" in caplog.text
    assert "s3cret-value" not in caplog.text


def test_rate_limit_headers_are_exposed_on_responses_and_errors() -> None:
    limits = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"}
    with (
        ScriptedServer([Reply(200, ORDER, headers=limits), Reply(429, headers=limits)]).running() as server,
        fast_client(server.url) as client,
    ):
        response = client.send(reseller.operations.get_order_status(order_id="A1"))
        with pytest.raises(reseller.RateLimitError) as raised:
            client.orders.get_order_status(order_id="A1", max_retries=0)
    assert response.rate_limit == raised.value.rate_limit
    assert response.rate_limit is not None
    assert (response.rate_limit.limit, response.rate_limit.remaining, response.rate_limit.reset) == (
        100,
        0,
        30.0,
    )
