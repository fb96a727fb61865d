"""Paging parameters the spec declares as strings or numbers are counted as integers."""

from __future__ import annotations

import json

import httpx
from case_paging_strings import Client

PRODUCTS = [f"p{index}" for index in range(5)]


def pages(request: httpx.Request) -> httpx.Response:
    number = int(request.url.params.get("pageNumber", "1"))
    size = int(request.url.params["pageSize"])
    batch = PRODUCTS[(number - 1) * size : number * size]
    return httpx.Response(200, content=json.dumps({"products": batch}).encode())


def test_every_page_is_walked_from_the_first() -> None:
    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(pages)) as client:
        assert list(client.iter_list_products(page_size=2)) == PRODUCTS
        assert list(client.iter_list_products(page_number=2, page_size=2)) == PRODUCTS[2:]


def test_offsets_declared_as_numbers_advance_by_the_items_seen() -> None:
    seen: list[str] = []

    def orders(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.query.decode())
        offset, limit = int(request.url.params.get("offset", "0")), int(request.url.params["limit"])
        # Distinct items, as real ones are: a page whose body repeats an earlier one ends the walk.
        items = [f"o{n}" for n in range(offset, min(offset + limit, 5))]
        return httpx.Response(200, content=json.dumps(items).encode())

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(orders)) as client:
        assert len(list(client.iter_list_orders(limit=2))) == 5
    # A short page is the last: the page size is known as a number.
    assert seen == ["offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"]
