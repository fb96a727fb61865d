"""Walking every page of a paged operation, lazily: a page is fetched when its items are needed."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from ._base_client import APIResponse, ApiRequest

__all__ = ["PageStrategy", "apaginate", "paginate"]

P = TypeVar("P")
T = TypeVar("T")
_NEXT_LINK = re.compile(r"<([^>]*)>\s*;[^,]*\brel\s*=\s*\"?next\"?", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class PageStrategy:
    """How to ask for the next page: by page number, offset, cursor, or the `Link` header."""

    kind: str
    position: str = ""  # keyword of the request builder that selects the page
    start: Any = None  # where the caller asked to start; None for the first page
    size: int | None = None  # the page size asked for, so a short page is known to be the last
    cursor_field: str = ""


def _next_link(response: httpx.Response) -> str | None:
    match = _NEXT_LINK.search(response.headers.get("link", ""))
    if match is None:
        return None
    target = response.request.url.join(match.group(1))
    # Credentials go with every request: follow a link only to the server that gave it.
    return str(target) if target.host == response.request.url.host else None


def _next_request(
    strategy: PageStrategy,
    build: Callable[[Mapping[str, Any]], ApiRequest[P]],
    request: ApiRequest[P],
    response: APIResponse[P],
    page: P,
    batch: Sequence[Any],
    position: Any,
) -> tuple[ApiRequest[P], Any] | None:
    """The request for the page after this one, and its position; None after the last page."""
    if strategy.kind == "link":
        link = _next_link(response.http_response)
        return None if link is None else (dataclasses.replace(request, path=link, params=[]), None)
    if strategy.kind == "cursor":
        cursor = getattr(page, strategy.cursor_field, None)
        if not cursor or cursor == position:
            return None
        return build({strategy.position: cursor}), cursor
    if not batch or (strategy.size is not None and len(batch) < strategy.size):
        return None
    following = position + (1 if strategy.kind == "page" else len(batch))
    return build({strategy.position: following}), following


def _first_position(strategy: PageStrategy) -> Any:
    if strategy.start is not None:
        return strategy.start
    return {"page": 1, "offset": 0}.get(strategy.kind)


def paginate(
    build: Callable[[Mapping[str, Any]], ApiRequest[P]],
    send: Callable[[ApiRequest[P]], APIResponse[P]],
    strategy: PageStrategy,
    items: Callable[[P], Sequence[T] | None],
) -> Iterator[T]:
    position = _first_position(strategy)
    request = build(
        {strategy.position: position} if strategy.position and position is not None else {}
    )
    while True:
        response = send(request)
        page = response.parse()
        batch = items(page) or []
        yield from batch
        following = _next_request(strategy, build, request, response, page, batch, position)
        if following is None:
            return
        request, position = following


async def apaginate(
    build: Callable[[Mapping[str, Any]], ApiRequest[P]],
    send: Callable[[ApiRequest[P]], Awaitable[APIResponse[P]]],
    strategy: PageStrategy,
    items: Callable[[P], Sequence[T] | None],
) -> AsyncIterator[T]:
    position = _first_position(strategy)
    request = build(
        {strategy.position: position} if strategy.position and position is not None else {}
    )
    while True:
        response = await send(request)
        page = response.parse()
        batch = items(page) or []
        for item in batch:
            yield item
        following = _next_request(strategy, build, request, response, page, batch, position)
        if following is None:
            return
        request, position = following
