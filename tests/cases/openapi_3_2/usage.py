"""OpenAPI 3.2: the QUERY method, a querystring parameter, additionalOperations, itemSchema streams."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from case_openapi_3_2 import Client, models
from case_openapi_3_2.client import ENVIRONMENTS


def _client(answer: Callable[[httpx.Request], httpx.Response], seen: list[httpx.Request]) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return Client(base_url="https://api.example.test/v2", transport=httpx.MockTransport(handler))


def test_query_method_querystring_and_additional_operations() -> None:
    seen: list[httpx.Request] = []
    products = [{"sku": "A1", "name": "Lamp"}]
    with _client(lambda request: httpx.Response(200, json=products), seen) as client:
        found = client.products.search_products(body=models.Search(text="lamp", max_price=20))
        listed = client.products.list_products(filter=models.Filter(color="red", in_stock=True))
    with _client(lambda request: httpx.Response(204), seen) as client:
        assert client.products.purge_product(sku="A1") is None
    query, get, purge = seen
    assert found == listed == [models.Product(sku="A1", name="Lamp")]
    assert query.method == "QUERY" and json.loads(query.content) == {"text": "lamp", "maxPrice": 20}
    # The querystring parameter is the whole query string, its object's fields form-encoded.
    assert get.url.query == b"color=red&inStock=true"
    assert purge.method == "PURGE" and purge.url.path == "/v2/products/A1"


def test_item_schema_types_each_streamed_event() -> None:
    events = b'data: {"stars": 5, "text": "great"}\n\ndata: {"stars": 2}\n\n'
    seen: list[httpx.Request] = []
    answer = lambda request: httpx.Response(
        200, headers={"Content-Type": "text/event-stream"}, content=events
    )
    with _client(answer, seen) as client, client.reviews.stream_reviews(sku="A1") as reviews:
        stars = [review.stars for review in reviews]
    assert stars == [5, 2]
    assert seen[0].headers["Accept"] == "text/event-stream"


def test_servers_are_named_by_their_3_2_name() -> None:
    assert ENVIRONMENTS == {"production": "https://api.example.test/v2"}


def test_events_are_typed_by_their_name_and_json_lines_by_item_schema() -> None:
    events = b'event: review\ndata: {"stars": 4}\n\nevent: price\ndata: {"price": 9.5}\n\n'
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=events)

    with _client(answer, seen) as client, client.products.product_activity(sku="A1") as activity:
        review, change = list(activity)
    assert isinstance(review, models.Review) and review.stars == 4
    assert isinstance(change, models.PriceChange) and change.price == 9.5

    def lines(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Type": "application/jsonl"}, content=b'{"price": 1}\n{"price": 2}\n'
        )

    with _client(lines, seen) as client:
        assert [c.price for c in client.products.product_log(sku="A1")] == [1, 2]


def test_a_tag_with_a_parent_is_also_reached_through_it() -> None:
    events = b'data: {"stars": 3}\n\n'
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=events)

    with _client(answer, seen) as client:
        assert client.products.reviews is client.products.reviews, "made once, on first use"
        with client.products.reviews.stream_reviews(sku="A1") as nested:
            assert [review.stars for review in nested] == [3]
        with client.reviews.stream_reviews(sku="A1") as flat:
            assert [review.stars for review in flat] == [3]
    assert [request.url.path for request in seen] == ["/v2/products/A1/reviews"] * 2
