"""What a broken or hostile server answers never escapes as anything but an `APIError`,
never allocates without bound, and never becomes a silent `None`."""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
import zlib
from typing import Any

import pytest
from ingram_micro_reseller._base_client import APIRequest
from ingram_micro_reseller._models import ApiBaseModel

from .scripted_server import Reply, ScriptedServer
from .subjects import ORDER, ORDER_REQUEST, fast, oauth_client, reseller, token_reply

MiB = 1024 * 1024


class Problem(ApiBaseModel):
    type: str
    title: str
    status: int


def test_nan_and_other_non_numbers_in_retry_after_are_ignored() -> None:
    odd = [Reply(503, headers={"Retry-After": value}) for value in ("nan", "inf", "-inf", "1e999")]
    with (
        ScriptedServer([*odd, Reply(200, ORDER)]).running() as api,
        fast(reseller.Client(base_url=api.url, max_retries=4)) as client,
    ):
        assert client.orders.get_order_status(order_id="A1").order_id == "A1"
    assert len(api.seen) == 5


@pytest.mark.parametrize("status", [200, 500])
def test_a_deeply_nested_body_is_an_api_error(status: int) -> None:
    nested = Reply(status, raw=b"[" * 100_000, headers={"Content-Type": "application/json"})
    with (
        ScriptedServer([nested]).running() as api,
        reseller.Client(base_url=api.url, max_retries=0) as client,
        pytest.raises(reseller.APIError) as raised,
    ):
        client.orders.get_order_status(order_id="A1")
    expected = reseller.APIResponseValidationError if status == 200 else reseller.InternalServerError
    assert type(raised.value) is expected


@pytest.mark.parametrize(
    ("encoding", "raw", "message"),
    [
        ("gzip", b"this is not gzip at all", "not valid gzip"),
        ("deflate", b"\x00\x01 nor deflate", "not valid deflate"),
        ("br", b"whatever", "unsupported content encoding 'br'"),
        (
            "gzip, gzip, gzip",
            gzip.compress(gzip.compress(gzip.compress(b"{}", mtime=0), mtime=0), mtime=0),
            "too many",
        ),
    ],
    ids=["bad-gzip", "bad-deflate", "brotli", "three-layers"],
)
def test_bodies_that_cannot_be_decoded_are_api_errors(encoding: str, raw: bytes, message: str) -> None:
    reply = Reply(200, raw=raw, headers={"Content-Encoding": encoding})
    with (
        ScriptedServer([reply]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIDecodingError, match=message),
    ):
        client.orders.get_order_status(order_id="A1")


def test_gzip_and_raw_deflate_bodies_are_decoded() -> None:
    body = json.dumps(ORDER).encode()
    raw_deflate = zlib.compressobj(wbits=-15)
    replies = [
        Reply(200, raw=gzip.compress(body), headers={"Content-Encoding": "gzip"}),
        Reply(
            200, raw=raw_deflate.compress(body) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
        ),
        Reply(200, raw=zlib.compress(body), headers={"Content-Encoding": "deflate"}),
    ]
    with ScriptedServer(replies).running() as api, reseller.Client(base_url=api.url) as client:
        assert [client.orders.get_order_status(order_id="A1").order_id for _ in range(3)] == ["A1"] * 3


def peak_memory_of(call: object) -> int:
    tracemalloc.start()
    try:
        call()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (json.dumps({"orderId": "x" * (12 * MiB)}).encode(), ""),
        (gzip.compress(b" " * (48 * MiB), mtime=0), "gzip"),
        (gzip.compress(gzip.compress(b" " * (96 * MiB), mtime=0), mtime=0), "gzip, gzip"),
    ],
    ids=["plain", "gzip-bomb", "double-gzip-bomb"],
)
def test_a_body_over_the_size_limit_is_refused_without_holding_it(raw: bytes, encoding: str) -> None:
    headers = {"Content-Encoding": encoding} if encoding else {}
    with (
        ScriptedServer([Reply(200, raw=raw, headers=headers)]).running() as api,
        reseller.Client(base_url=api.url, max_response_size=MiB) as client,
    ):

        def call() -> None:
            with pytest.raises(reseller.APIResponseTooLargeError, match="exceeds 1048576 bytes"):
                client.orders.get_order_status(order_id="A1")

        assert peak_memory_of(call) < 4 * MiB


def test_the_size_limit_can_be_raised_per_call() -> None:
    big = {"orderId": "x" * (2 * MiB)}
    with (
        ScriptedServer([Reply(200, big)]).running() as api,
        reseller.Client(base_url=api.url, max_response_size=MiB) as client,
    ):
        order = client.orders.get_order_status(order_id="A1", max_response_size=4 * MiB)
    assert order.order_id == big["orderId"]


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    liar = Reply(200, raw=b"{}", headers={"Content-Length": str(10**12)})
    with (
        ScriptedServer([liar]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIResponseTooLargeError),
    ):
        client.orders.get_order_status(order_id="A1")


def test_an_undeclared_success_status_parses_as_the_declared_type() -> None:
    with ScriptedServer([Reply(200, ORDER)]).running() as api, reseller.Client(base_url=api.url) as client:
        order = client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]
    assert isinstance(order, reseller.models.Order) and order.order_id == "A1"


def test_an_empty_body_where_one_is_declared_is_an_error_not_none() -> None:
    with (
        ScriptedServer([Reply(201)]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIResponseValidationError, match="empty"),
    ):
        client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "99999"}, {"X-RateLimit-Reset": str(int(time.time()) + 86400)}],
    ids=["retry-after", "ratelimit-reset"],
)
def test_a_wait_longer_than_the_client_waits_raises_at_once_with_the_wait(headers: dict[str, str]) -> None:
    with (
        ScriptedServer([Reply(429, headers=headers)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        started = time.monotonic()
        with pytest.raises(reseller.RateLimitError) as raised:
            client.orders.get_order_status(order_id="A1")
        assert time.monotonic() - started < 1.0
    assert len(api.seen) == 1
    assert raised.value.retry_after is not None and raised.value.retry_after > 80000


@pytest.mark.parametrize("expires_in", [0, -5])
def test_a_token_that_expires_at_once_is_not_cached(expires_in: int) -> None:
    with (
        ScriptedServer([token_reply("t1", expires_in), token_reply("t2", expires_in)]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
    ):
        client.orders.get_order_status(order_id="A1")
        client.orders.get_order_status(order_id="A1")
    assert [s.headers["Authorization"] for s in api.seen] == ["Bearer t1", "Bearer t2"]


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, raw=b"<html>not json</html>"),
        Reply(200, ["access_token", "t"]),
        Reply(200, {"access_token": 5}),
        Reply(200, {"access_token": "t", "expires_in": "soon"}),
        Reply(200, {"access_token": "t", "expires_in": True}),
        Reply(200, {"access_token": "t", "expires_in": {"seconds": 5}}),
        Reply(200, {"access_token": "bad\r\nInjected: 1"}),
        Reply(200, {"access_token": "ünïcode"}),
    ],
    ids=["html", "list", "number", "text-lifetime", "bool-lifetime", "object-lifetime", "crlf", "non-ascii"],
)
def test_a_malformed_token_response_is_an_api_error(reply: Reply) -> None:
    with (
        ScriptedServer([reply]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
        pytest.raises(reseller.APITokenError),
    ):
        client.orders.get_order_status(order_id="A1")
    assert api.seen == []


@pytest.mark.parametrize("value", ["20-2\r\nX-Evil: 1", "20-2\n", "20\x002", "Müller"])
def test_an_unsendable_header_value_is_refused_before_sending_and_not_retried(value: str) -> None:
    with ScriptedServer([Reply(200, ORDER)]).running() as api, reseller.Client(base_url=api.url) as client:
        with pytest.raises(reseller.InvalidRequestError, match="IM-CustomerNumber"):
            client.orders.get_order_status(order_id="A1", customer_number=value)
        with pytest.raises(reseller.InvalidRequestError):
            client.orders.get_order_status(order_id="A1", extra_headers={"X-Note": value})
    assert api.seen == []


def test_a_declared_error_body_is_parsed_into_its_model_and_kept_raw() -> None:
    problem = {"type": "about:blank", "title": "No such order", "status": 404}
    declared: APIRequest[Any] = APIRequest(
        method="GET",
        path="/orders/A1",
        response_types={"200": dict[str, Any], "404": Problem, "default": Problem},
    )
    with (
        ScriptedServer([Reply(404, problem), Reply(500, ["not", "a", "problem"])]).running() as api,
        reseller.Client(base_url=api.url, max_retries=0) as client,
    ):
        with pytest.raises(reseller.NotFoundError) as raised:
            client.send(declared)
        with pytest.raises(reseller.InternalServerError) as broken:
            client.send(declared)
    assert isinstance(raised.value.body, Problem) and raised.value.body.title == "No such order"
    assert raised.value.raw_body == problem
    assert broken.value.body == broken.value.raw_body == ["not", "a", "problem"], (
        "a body that does not fit stays raw"
    )
