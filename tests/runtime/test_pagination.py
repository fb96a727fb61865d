"""Pagination of the generated runtime, over real HTTP on 127.0.0.1.

The reseller catalog search (`iter_get_catalog`, paged by pageNumber and
pageSize through the overlay) is the generated user; offset, cursor and
`Link` paging are driven through the runtime's `paginate` directly.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any
from urllib.parse import parse_qs, urlsplit

import ingram_micro_reseller as reseller
from ingram_micro_reseller._base_client import APIRequest
from ingram_micro_reseller._pagination import PageStrategy, paginate

from .scripted_server import Reply, ScriptedServer


def catalog_page(*numbers: int) -> Reply:
    return Reply(200, {"products": [{"ingramPartNumber": f"P{n}"} for n in numbers], "totalCount": 5})


def query_of(path: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(path).query)


def test_catalog_iterates_every_page_lazily_and_stops_at_a_short_page() -> None:
    pages = [catalog_page(1, 2), catalog_page(3, 4), catalog_page(5)]
    with ScriptedServer(pages).running() as api, reseller.Client(base_url=api.url) as client:
        products = client.catalog.iter_get_catalog(keyword="laptop", page_size=2)
        first_two = list(itertools.islice(products, 2))
        assert len(api.seen) == 1, "the second page is fetched only when needed"
        rest = list(products)
    assert [p.ingram_part_number for p in first_two + rest] == ["P1", "P2", "P3", "P4", "P5"]
    assert all(isinstance(p, reseller.models.Product) for p in rest)
    assert [query_of(seen.path)["pageNumber"] for seen in api.seen] == [["1"], ["2"], ["3"]]
    assert all(query_of(seen.path)["keyword"] == ["laptop"] for seen in api.seen)


def test_catalog_starts_at_the_page_asked_for_and_stops_at_an_empty_page() -> None:
    with (
        ScriptedServer([catalog_page(7), catalog_page()]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        products = list(client.catalog.iter_get_catalog(page_number=3))
    assert [p.ingram_part_number for p in products] == ["P7"]
    assert [query_of(seen.path)["pageNumber"] for seen in api.seen] == [["3"], ["4"]]


def test_async_catalog_iteration() -> None:
    async def collect(url: str) -> list[str]:
        async with reseller.AsyncClient(base_url=url) as client:
            return [p.ingram_part_number or "" async for p in client.catalog.iter_get_catalog(page_size=2)]

    with ScriptedServer([catalog_page(1, 2), catalog_page(3)]).running() as api:
        assert asyncio.run(collect(api.url)) == ["P1", "P2", "P3"]
    assert len(api.seen) == 2


def _runtime_walk(client: reseller.Client, strategy: PageStrategy, build: Any) -> list[Any]:
    return list(paginate(build, client.send, strategy, lambda page: page["items"]))


def test_offset_cursor_and_link_paging() -> None:
    def request(**query: object) -> APIRequest[dict[str, Any]]:
        return APIRequest(
            method="GET",
            path="/things",
            response_types={"200": dict[str, Any]},
            params=[(k, str(v)) for k, v in query.items()],
        )

    offset_pages = [Reply(200, {"items": [1, 2]}), Reply(200, {"items": [3]})]
    with ScriptedServer(offset_pages).running() as api, reseller.Client(base_url=api.url) as client:
        found = _runtime_walk(
            client, PageStrategy("offset", size=2), lambda offset: request(limit=2, offset=offset)
        )
        assert found == [1, 2, 3]
        assert [query_of(s.path)["offset"] for s in api.seen] == [["0"], ["2"]]

    cursor_pages = [
        Reply(200, {"items": ["a"], "next_cursor": "c2"}),
        Reply(200, {"items": ["b"], "next_cursor": None}),
    ]
    with ScriptedServer(cursor_pages).running() as api, reseller.Client(base_url=api.url) as client:
        strategy = PageStrategy[str]("cursor", cursor_field="next_cursor")
        found = _cursor_walk(client, strategy, request)
        assert found == ["a", "b"]
        assert query_of(api.seen[1].path)["cursor"] == ["c2"]

    with ScriptedServer([Reply(200)]).running() as api:
        link_pages = [
            Reply(200, {"items": [1]}, headers={"Link": f'<{api.url}/things?page=2>; rel="next"'}),
            Reply(
                200, {"items": [2]}, headers={"Link": '<https://elsewhere.example/things?page=3>; rel="next"'}
            ),
        ]
        api.replies = link_pages
        with reseller.Client(base_url=api.url) as client:
            found = _runtime_walk(client, PageStrategy("link"), lambda _: request())
    # The second page's next link leaves the server: not followed, credentials stay home.
    assert found == [1, 2]
    assert [s.path for s in api.seen] == ["/things", "/things?page=2"]


def _cursor_walk(client: reseller.Client, strategy: PageStrategy, request: Any) -> list[Any]:
    """Cursor pages are models in generated code; here a dict stands in, read by attribute."""

    class Page(dict[str, Any]):
        def __getattr__(self, name: str) -> Any:
            return self.get(name)

    def send(prepared: Any) -> Any:
        response = client.send(prepared)
        wrapped = Page(response.parse())
        response.parse = lambda: wrapped  # type: ignore[method-assign]
        return response

    def build(cursor: str | None) -> Any:  # the first page is asked for without a cursor
        return request() if cursor is None else request(cursor=cursor)

    return list(paginate(build, send, strategy, lambda page: page["items"]))


def test_a_server_that_repeats_its_page_does_not_page_forever() -> None:
    same_page = Reply(200, {"products": [{"ingramPartNumber": "P1"}, {"ingramPartNumber": "P2"}]})
    with ScriptedServer([same_page]).running() as api, reseller.Client(base_url=api.url) as client:
        products = list(client.catalog.iter_get_catalog(page_size=2))
    assert [p.ingram_part_number for p in products] == ["P1", "P2"], (
        "the repeated page's items are not given twice"
    )
    assert len(api.seen) == 2


def test_paging_stops_at_the_declared_total_and_at_max_pages() -> None:
    full = [catalog_page(1, 2), catalog_page(3, 4), catalog_page(5, 6), catalog_page(7, 8)]
    with ScriptedServer(full).running() as api, reseller.Client(base_url=api.url) as client:
        # totalCount is 5: after three pages of two there is nothing left to ask for.
        assert len(list(client.catalog.iter_get_catalog(page_size=2))) == 6
        assert len(api.seen) == 3
        api.replies, api.seen = list(full), []
        assert len(list(client.catalog.iter_get_catalog(page_size=2, max_pages=2))) == 4
        assert len(api.seen) == 2


def test_link_paging_stays_on_the_origin_and_ends_at_a_link_to_itself() -> None:
    def request(**query: object) -> APIRequest[dict[str, Any]]:
        return APIRequest(method="GET", path="/things", response_types={"200": dict[str, Any]})

    with ScriptedServer([Reply(200)]).running() as other, ScriptedServer([Reply(200)]).running() as api:
        leaving = Reply(200, {"items": [3]}, headers={"Link": f'<{other.url}/things?page=3>; rel="next"'})
        api.replies = [
            Reply(200, {"items": [1]}, headers={"Link": f'<{api.url}/things?page=2>; rel="next"'}),
            Reply(200, {"items": [2]}, headers={"Link": f'<{api.url}/things?page=2>; rel="next"'}),
            leaving,
        ]
        with reseller.Client(base_url=api.url) as client:
            assert _runtime_walk(client, PageStrategy("link"), lambda _: request()) == [1, 2]
            api.replies, api.seen = [leaving], []
            assert _runtime_walk(client, PageStrategy("link"), lambda _: request()) == [3]
    assert other.seen == [], "another port of the same host is another origin"


def test_link_targets_never_leave_https_or_the_origin() -> None:
    import httpx
    from ingram_micro_reseller._pagination import _link_target

    def target(page: str, link: str) -> str | None:
        return _link_target(httpx.Response(200, headers={"Link": link}, request=httpx.Request("GET", page)))

    assert (
        target("https://api.example/a", '<https://api.example/a?p=2>; rel="next"')
        == "https://api.example/a?p=2"
    )
    assert target("https://api.example/a", "</a?p=2>; rel=next") == "https://api.example/a?p=2"
    assert target("https://api.example/a", '<http://api.example/a?p=2>; rel="next"') is None
    assert target("https://api.example/a", '<https://api.example:8443/a?p=2>; rel="next"') is None
    assert target("https://api.example/a", '<https://evil.example/a>; rel="next"') is None
    many = (
        '<https://api.example/x?a=1,2>; rel="prev"; title="a, <b>", <https://api.example/n>; rel="last next"'
    )
    assert target("https://api.example/a", many) == "https://api.example/n"


def test_link_header_parsing_is_linear() -> None:
    import time

    from ingram_micro_reseller._pagination import next_link

    hostile = ["<" + "a" * 200_000, "<a>;" * 50_000, "<a>; rel=" + '"' * 200_000, ",<a>; rel=prev" * 20_000]
    started = time.process_time()
    for header in hostile:
        assert next_link(header) is None
    # Quadratic parsing took 14 s of CPU for one 60 KB header; these are 200 KB each.
    assert time.process_time() - started < 2.0
