"""Walking every page of a paged operation, lazily: a page is fetched when its items are needed.

Paging always ends: at an empty or short page, when the items reach the total the
server declares, when a page repeats one already seen (a server that ignores the
page parameter), at the caller's `max_pages`, and for `Link` headers when the next
link leaves the origin of the page that named it (scheme, host and port: the
call's credentials go with every page).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import httpx

from ._base_client import APIRequest, APIResponse
from ._redirects import same_origin

__all__ = ["PageStrategy", "apaginate", "next_link", "paginate"]

P = TypeVar("P")
T = TypeVar("T")
# Where a page is: a page number or an offset (int), or a cursor (usually str).
Q = TypeVar("Q")


@dataclasses.dataclass(frozen=True)
class PageStrategy(Generic[Q]):
    """How to ask for the next page: by page number, offset, cursor, or the `Link` header."""

    kind: str
    start: Q | None = None  # where the caller asked to start; None for the first page
    size: Any = None  # the page size asked for, so a short page is known to be the last
    cursor_field: str = ""
    total_field: str = ""  # attribute of the page holding the total number of items, if any
    max_pages: int | None = None  # the caller's cap on pages fetched


def next_link(header: str) -> str | None:
    """The target of `rel="next"` in a `Link` header (RFC 8288), read in one linear pass."""
    position, end = 0, len(header)
    while position < end:
        start = header.find("<", position)
        close = header.find(">", start + 1) if start != -1 else -1
        if close == -1:
            return None
        target = header[start + 1 : close]
        # The parameters run to the next comma outside a quoted string.
        position, quoted = close + 1, False
        params_start = position
        while position < end and (quoted or header[position] != ","):
            if header[position] == '"':
                quoted = not quoted
            position += 1
        if _is_next(header[params_start:position]):
            return target
        position += 1
    return None


def _is_next(params: str) -> bool:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
            return True
    return False


def _link_target(response: httpx.Response) -> str | None:
    link = next_link(response.headers.get("link", ""))
    if link is None:
        return None
    try:
        target = response.request.url.join(link)
    except httpx.InvalidURL:
        return None
    # Credentials go with every request: follow a link only to the origin that gave it.
    return str(target) if same_origin(target, response.request.url) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclasses.dataclass
class _Walk(Generic[P, Q]):
    """Where a walk through the pages is: the decisions shared by the sync and async walkers.

    `build` is the request builder with every argument but the page's position bound, typed
    as the builder's keyword is; `Link` paging ignores the position it is given.
    """

    strategy: PageStrategy[Q]
    build: Callable[[Q], APIRequest[P]]
    position: Any = None  # a cursor is whatever the page holds: passed on as it is
    pages: int = 0
    items: int = 0
    seen: set[bytes] = dataclasses.field(default_factory=set)
    seen_links: set[str] = dataclasses.field(default_factory=set)

    def first(self) -> APIRequest[P]:
        strategy = self.strategy
        self.position = (
            strategy.start
            if strategy.start is not None
            else {"page": 1, "offset": 0}.get(strategy.kind)
        )
        return self.build(self.position)

    def repeats(self, response: APIResponse[P]) -> bool:
        """True for a page whose body is one already seen: its items were given, and the walk is stuck."""
        digest = hashlib.sha256(response.http_response.content).digest()
        if digest in self.seen:
            return True
        self.seen.add(digest)
        return False

    def after(
        self, request: APIRequest[P], response: APIResponse[P], page: P, batch: Sequence[Any]
    ) -> APIRequest[P] | None:
        """The request for the page after this one; None after the last page."""
        strategy = self.strategy
        self.pages += 1
        self.items += len(batch)
        total = _count(getattr(page, strategy.total_field, None)) if strategy.total_field else None
        if (
            not batch
            or (strategy.max_pages is not None and self.pages >= strategy.max_pages)
            or (total is not None and self.items >= total)
        ):
            return None
        if strategy.kind == "link":
            self.seen_links.add(str(response.http_response.request.url))
            link = _link_target(response.http_response)
            if link is None or link in self.seen_links:
                return None
            return dataclasses.replace(request, path=link, params=[])
        if strategy.kind == "cursor":
            cursor = getattr(page, strategy.cursor_field, None)
            if not cursor or cursor == self.position:
                return None
            self.position = cursor
            return self.build(cursor)
        size = _count(strategy.size)
        if size is not None and len(batch) < size:
            return None
        self.position = int(self.position) + (1 if strategy.kind == "page" else len(batch))
        return self.build(self.position)


def paginate(
    build: Callable[[Q], APIRequest[P]],
    send: Callable[[APIRequest[P]], APIResponse[P]],
    strategy: PageStrategy[Q],
    items: Callable[[P], Sequence[T] | None],
) -> Iterator[T]:
    walk = _Walk(strategy, build)
    request: APIRequest[P] | None = walk.first()
    while request is not None:
        response = send(request)
        page = response.parse()
        batch = items(page) or []
        if walk.repeats(response):
            return
        yield from batch
        request = walk.after(request, response, page, batch)


async def apaginate(
    build: Callable[[Q], APIRequest[P]],
    send: Callable[[APIRequest[P]], Awaitable[APIResponse[P]]],
    strategy: PageStrategy[Q],
    items: Callable[[P], Sequence[T] | None],
) -> AsyncIterator[T]:
    walk = _Walk(strategy, build)
    request: APIRequest[P] | None = walk.first()
    while request is not None:
        response = await send(request)
        page = response.parse()
        batch = items(page) or []
        if walk.repeats(response):
            return
        for item in batch:
            yield item
        request = walk.after(request, response, page, batch)
