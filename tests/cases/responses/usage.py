"""Several success codes parse into their own types; error codes raise with the body in its declared type."""

from __future__ import annotations

import datetime

import httpx
import pytest
from case_responses import Client, NotFoundError, models, operations


def _client(status: int, **content: object) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, **content)  # type: ignore[arg-type]

    return Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler))


def test_each_status_parses_into_its_type() -> None:
    with _client(200, json={"id": "x"}) as client:
        assert client.get_item(item_id="x") == models.Item(id="x")
    with _client(202, json={"retryAfter": 5}) as client:
        pending = client.get_item(item_id="x")
        assert isinstance(pending, models.Pending) and pending.retry_after == 5
    with _client(204) as client:
        assert client.delete_item(item_id="x") is None
    with _client(200, text="hello") as client:
        assert client.get_item_text(item_id="x") == "hello"
    with _client(200, content=b"%PDF-1.7") as client:
        assert client.get_item_pdf(item_id="x") == b"%PDF-1.7"
    with _client(201, json=3) as client:
        assert client.count_items() == 3


def test_error_status_raises_with_the_body() -> None:
    with _client(404, json={"title": "gone"}) as client, pytest.raises(NotFoundError) as caught:
        client.get_item(item_id="x")
    assert caught.value.status_code == 404
    # The spec declares 404: Problem, so the body is one; the JSON as sent stays at hand.
    assert isinstance(caught.value.body, models.Problem) and caught.value.body.title == "gone"
    assert caught.value.raw_body == {"title": "gone"}
    with _client(404, json=["not", "a", "problem"]) as client, pytest.raises(NotFoundError) as caught:
        client.get_item(item_id="x")
    assert caught.value.body == caught.value.raw_body == ["not", "a", "problem"]


def test_empty_path_parameter_is_refused() -> None:
    with _client(200, json={"id": "x"}) as client, pytest.raises(ValueError, match="must not be empty"):
        client.get_item(item_id="")


def test_declared_response_headers_are_typed() -> None:
    headers = {
        "X-Rate-Limit-Remaining": "42",
        "ETag": '"v1"',
        "X-Tags": "a, b",
        "Last-Modified": "2024-05-01T12:00:00Z",
    }
    with _client(200, json={"id": "x"}, headers=headers) as client:
        response = client.send(operations.get_item(item_id="x"))
    declared = response.declared_headers
    assert declared["X-Rate-Limit-Remaining"] == 42
    assert declared["ETag"] == '"v1"' and declared["X-Tags"] == ["a", "b"]
    assert declared["Last-Modified"] == datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    with _client(200, json={"id": "x"}, headers={"X-Rate-Limit-Remaining": "lots"}) as client:
        assert client.send(operations.get_item(item_id="x")).declared_headers == {
            "X-Rate-Limit-Remaining": "lots"
        }
