"""Credentials for the security schemes a spec declares, applied to each request.

OAuth 2.0 client credentials fetch a token once and share it between threads and
tasks: one fetch however many calls wait for it, and when that fetch fails, every
call that waited for it gets the failure at once instead of trying again in turn
(later calls try again after a short, growing pause). A token is renewed shortly
before it expires, and once more when the server answers 401. Secrets never
appear in a repr, a log line or an exception message (see `_secrets`).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pydantic_core

from ._exceptions import APIError, APITokenError, error_for_status
from ._secrets import register

__all__ = [
    "ApiKeyAuth",
    "Auth",
    "BasicAuth",
    "BearerAuth",
    "OAuth2ClientCredentials",
    "SecurityRequirement",
]

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)
# Renew a token this long before the server says it expires.
_EARLY_RENEWAL = 60.0
# A token response that gives no lifetime is taken to last this long.
_ASSUMED_LIFETIME = 3600.0
# After a failed token fetch, calls get that failure without a new fetch for this long (doubling, capped).
_FAILURE_PAUSE, _LONGEST_FAILURE_PAUSE = 0.5, 8.0
# A token response is small; a larger one is refused.
MAX_TOKEN_RESPONSE_SIZE = 64 * 1024

Fetch = Callable[[httpx.Request], httpx.Response]
AsyncFetch = Callable[[httpx.Request], Awaitable[httpx.Response]]


@dataclass(frozen=True, init=False)
class SecurityRequirement:
    """One way to authorise a call: the schemes named here, all together.

    An operation lists its requirements as the spec does; a call uses the first one
    whose schemes were all configured. `SecurityRequirement()` needs no credentials.
    """

    schemes: tuple[str, ...]

    def __init__(self, *schemes: str) -> None:
        object.__setattr__(self, "schemes", schemes)


@dataclass(repr=False, eq=False)
class Auth:
    """One configured security scheme."""

    def __post_init__(self) -> None:
        register(self)

    def apply(self, request: httpx.Request) -> None:
        raise NotImplementedError

    def secret_values(self) -> tuple[str, ...]:
        return ()

    def secret_names(self) -> tuple[str, str]:
        return ("header", "Authorization")


@dataclass(repr=False, eq=False)
class ApiKeyAuth(Auth):
    name: str
    location: str  # "header", "query" or "cookie"
    value: str

    def apply(self, request: httpx.Request) -> None:
        if self.location == "query":
            request.url = request.url.copy_add_param(self.name, self.value)
        elif self.location == "cookie":
            existing = request.headers.get("Cookie")
            cookie = f"{self.name}={self.value}"
            request.headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie
        else:
            request.headers[self.name] = self.value

    def secret_values(self) -> tuple[str, ...]:
        return (self.value,)

    def secret_names(self) -> tuple[str, str]:
        return (self.location, self.name)

    def __repr__(self) -> str:
        return f"ApiKeyAuth(name={self.name!r}, location={self.location!r}, value='***')"


@dataclass(repr=False, eq=False)
class BearerAuth(Auth):
    token: str

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Bearer {self.token}"

    def secret_values(self) -> tuple[str, ...]:
        return (self.token,)

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


@dataclass(repr=False, eq=False)
class BasicAuth(Auth):
    username: str
    password: str

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = _basic(self.username, self.password)

    def secret_values(self) -> tuple[str, ...]:
        return (self.password, _basic(self.username, self.password).removeprefix("Basic "))

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password='***')"


@dataclass(frozen=True)
class _Failure:
    """A failed token fetch, kept so that the calls that waited for it share it.

    Each call gets an error of its own: the status error the token endpoint
    answered with (a 401 is an `AuthenticationError`), else an `APITokenError`.
    """

    message: str
    request: httpx.Request
    refusal: httpx.Response | None = None  # the token endpoint's answer, when it refused

    def error(self) -> APIError:
        # The token request without its form: that holds the client secret.
        shown = httpx.Request(self.request.method, self.request.url)
        if self.refusal is not None:
            self.refusal.request = shown
            return error_for_status(self.refusal, _parsed(self.refusal.content), str(shown.url))
        return APITokenError(self.message, request=shown)


@dataclass(repr=False, eq=False)
class OAuth2ClientCredentials(Auth):
    """The client-credentials grant (RFC 6749, section 4.4), with a shared, cached token."""

    token_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...] = ()
    # "body" sends the credentials as form fields, "basic" in an Authorization header.
    credentials_in: str = "body"
    _token: str | None = field(default=None, init=False)
    _expires_at: float = field(default=0.0, init=False)
    # Each finished fetch, good or bad, moves this on: a waiter that sees it moved takes that outcome.
    _generation: int = field(default=0, init=False)
    _failure: _Failure | None = field(default=None, init=False)
    _failures_in_a_row: int = field(default=0, init=False)
    _retry_fetch_at: float = field(default=0.0, init=False)
    _thread_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    # asyncio locks belong to one event loop: one per loop, so a client outlives `asyncio.run`.
    _task_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = field(
        default_factory=weakref.WeakKeyDictionary, init=False
    )
    fetches: int = field(default=0, init=False)  # how many fetches were made, for diagnostics

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, client_secret='***')"

    def secret_values(self) -> tuple[str, ...]:
        token = self._token
        return (self.client_secret,) if token is None else (self.client_secret, token)

    def apply(self, request: httpx.Request) -> None:
        raise TypeError("an OAuth token is applied with apply_token(), after ensure_token()")

    @staticmethod
    def apply_token(request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"

    def _current(self) -> str | None:
        token = self._token  # read once: another thread may clear it at any moment
        return token if token is not None and time.monotonic() < self._expires_at else None

    def invalidate(self, token_sent: str | None) -> None:
        """Forget the token the server refused, unless another call renewed it meanwhile."""
        with self._thread_lock:
            if token_sent is None or token_sent == f"Bearer {self._token}":
                self._token = None

    def ensure_token(self, fetch: Fetch) -> str:
        """A valid token: the cached one, or one fetched by this call or by the call it waited for."""
        token = self._current()
        if token is not None:
            return token
        waited_from = self._generation
        with self._thread_lock:
            token = self._settled(waited_from)
            if token is not None:
                return token
            request = self._token_request()
            try:
                response = fetch(request)
            except APIError as exc:
                raise self._failed(_unreachable(request, exc)) from None
            return self._accept(request, response)

    async def ensure_token_async(self, fetch: AsyncFetch) -> str:
        token = self._current()
        if token is not None:
            return token
        waited_from = self._generation
        loop = asyncio.get_running_loop()
        lock = self._task_locks.setdefault(loop, asyncio.Lock())
        async with lock:
            token = self._settled(waited_from)
            if token is not None:
                return token
            request = self._token_request()
            try:
                response = await fetch(request)
            except APIError as exc:
                raise self._failed(_unreachable(request, exc)) from None
            return self._accept(request, response)

    def _settled(self, waited_from: int) -> str | None:
        """Under the lock: the token or failure of a fetch that ended while this call waited."""
        token = self._current()
        if token is not None:
            return token
        failure = self._failure
        if failure is not None and (
            self._generation != waited_from or time.monotonic() < self._retry_fetch_at
        ):
            raise failure.error()
        return None

    def _failed(self, failure: _Failure) -> APIError:
        self._failure = failure
        self._failures_in_a_row += 1
        pause = min(_FAILURE_PAUSE * 2 ** (self._failures_in_a_row - 1), _LONGEST_FAILURE_PAUSE)
        self._retry_fetch_at = time.monotonic() + pause
        self._generation += 1
        self.fetches += 1
        return failure.error()

    def _token_request(self) -> httpx.Request:
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        headers = {"Accept": "application/json"}
        if self.credentials_in == "basic":
            headers["Authorization"] = _basic(self.client_id, self.client_secret)
        else:
            form.update(client_id=self.client_id, client_secret=self.client_secret)
        return httpx.Request("POST", self.token_url, data=form, headers=headers)

    def _accept(self, request: httpx.Request, response: httpx.Response) -> str:
        """The token of a finished fetch, remembered; or the fetch's failure, remembered and raised."""
        body = _parsed(response.content)
        shown = f"the token endpoint {request.url.host} answered {response.status_code}"
        if response.is_redirect:
            redirect = f"{shown}, a redirect, not followed for a token request: set token_url to where it points"
            raise self._failed(_Failure(redirect, request))
        if not response.is_success:
            raise self._failed(_Failure(shown, request, response))
        token, lifetime, problem = _read_token(body)
        if problem:
            raise self._failed(_Failure(f"{shown} with {problem}", request))
        assert token is not None
        self._token = token
        # A lifetime of 0 or less: use the token for this call only.
        self._expires_at = time.monotonic() + max(
            lifetime - min(_EARLY_RENEWAL, lifetime / 10), 0.0
        )
        self._failure, self._failures_in_a_row = None, 0
        self._generation += 1
        self.fetches += 1
        log.debug("fetched an OAuth token from %s (valid %.0fs)", request.url.host, lifetime)
        return token


def _unreachable(request: httpx.Request, error: APIError) -> _Failure:
    return _Failure(f"could not fetch an OAuth token: {error.message}", request)


def _parsed(content: bytes) -> Any:
    try:
        return pydantic_core.from_json(content)
    except ValueError:
        return None


def _read_token(body: Any) -> tuple[str | None, float, str]:
    """(token, lifetime in seconds, "") from a token response, or (None, 0, what is wrong with it)."""
    if not isinstance(body, dict):
        return None, 0.0, "a body that is not a JSON object"
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        return None, 0.0, "no access_token"
    if not token.isascii() or not token.isprintable():
        return None, 0.0, "an access_token that cannot be sent in a header"
    lifetime = body.get("expires_in", _ASSUMED_LIFETIME)
    if lifetime is None:
        lifetime = _ASSUMED_LIFETIME
    if isinstance(lifetime, str):
        try:
            lifetime = float(lifetime)
        except ValueError:
            return None, 0.0, "an expires_in that is not a number"
    if (
        isinstance(lifetime, bool)
        or not isinstance(lifetime, (int, float))
        or not math.isfinite(lifetime)
    ):
        return None, 0.0, "an expires_in that is not a number"
    return token, float(lifetime), ""
