"""Which redirects a call follows: only those that cannot carry a credential or a body elsewhere.

httpx would follow any redirect, re-sending the body of a 307 to whatever origin
the server names and turning a POST answered 302 into a GET. Here a redirect is
followed only to the same origin (scheme, host and port), for a bounded number of
hops, never in a loop, and never when it would change the method of a request
with a body. A caller may opt in to other origins: then only a GET or HEAD goes
there, with no credential and none of the call's own headers.
"""

from __future__ import annotations

import httpx

from ._exceptions import APIRedirectError

__all__ = ["MAX_REDIRECTS", "is_redirect", "next_hop", "same_origin"]

MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The only headers that go with a request to another origin.
_CROSS_ORIGIN_HEADERS = ("Accept", "Accept-Encoding", "User-Agent")


def is_redirect(response: httpx.Response) -> bool:
    return response.status_code in _REDIRECTS and "location" in response.headers


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(first: httpx.URL, second: httpx.URL) -> bool:
    return _origin(first) == _origin(second)


def next_hop(
    request: httpx.Request,
    response: httpx.Response,
    visited: set[str],
    *,
    cross_origin: bool,
    shown_url: str,
) -> httpx.Request:
    """The request a redirect asks for, or an `APIRedirectError` saying why it is not followed.

    `visited` holds the URLs this call has requested so far; `shown_url` is the
    request's URL as a message may show it (credentials masked).
    """
    location = response.headers["location"]
    status = response.status_code
    where = f"{request.method} {shown_url} answered {status}, a redirect to {location[:200]!r},"

    def refuse(reason: str) -> APIRedirectError:
        return APIRedirectError(f"{where} {reason}", request=request, location=location)

    try:
        target = request.url.join(location).copy_with(fragment=None)
    except httpx.InvalidURL:
        raise refuse("which is not a valid URL") from None
    if target.scheme not in _DEFAULT_PORTS:
        raise refuse("which is not an http(s) URL")
    if len(visited) > MAX_REDIRECTS:
        raise refuse(f"after {MAX_REDIRECTS} redirects already; not following more")
    if str(target) in visited:
        raise refuse("which it has already been sent to: a redirect loop")
    method = request.method
    if status in (301, 302, 303) and method not in ("GET", "HEAD"):
        raise refuse(f"which would turn the {method} into a GET and drop its body; not followed")
    if same_origin(target, request.url):
        body = request.read()
        return httpx.Request(
            method,
            target,
            headers=request.headers,
            content=body or None,
            extensions=request.extensions,
        )
    if not cross_origin:
        raise refuse(
            "on another origin; not followed, so no credential or body leaves for it "
            "(follow_cross_origin_redirects=True follows such redirects of GET and HEAD, without credentials)"
        )
    if request.url.scheme == "https" and target.scheme == "http":
        raise refuse("which leaves https for plain http; not followed")
    if method not in ("GET", "HEAD"):
        raise refuse(f"on another origin; a {method} body is never sent to another origin")
    headers = {
        name: request.headers[name] for name in _CROSS_ORIGIN_HEADERS if name in request.headers
    }
    return httpx.Request(method, target, headers=headers, extensions=request.extensions)
