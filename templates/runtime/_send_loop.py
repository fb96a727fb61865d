"""The decisions of one call, made once for both clients: a sans-IO send loop.

`BaseClient._attempts` is a generator of steps (send this request, fetch a token,
sleep): it builds each request, follows the redirects that are safe to follow,
renews a refused token once, retries what is safe to retry, and turns the final
response into a result or an error. The sync and async clients only perform the
steps, so every rule lives here, once. Its parts live beside it: building each
attempt's request (`_request_building`), when to try again (`_retry`), and the
errors a call raises (`_failures`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx
from typing_extensions import Required, TypedDict

from ._auth import Auth, OAuth2ClientCredentials
from ._exceptions import (
    APIRedirectError,
    InvalidRequestError,
)
from ._failures import Failures
from ._redirects import is_redirect, next_hop
from ._request_building import RequestBuilding, Timeout
from ._response import APIRequest, APIResponse
from ._retry import (
    DEFAULT_RETRY,
    LONGEST_HONOURED_WAIT,
    RetryDecisions,
    RetryPolicy,
)
from ._secrets import Redactor
from ._transfer import DEFAULT_MAX_RESPONSE_SIZE
from ._uploads import Upload
from ._wire import NotGiven, unsendable_header

__all__ = [
    "BaseClient",
    "ClientOptions",
    "EnsureToken",
    "Send",
    "Sleep",
    "Timeout",
]

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
# One logger per generated package: "<package>".
log = logging.getLogger(__name__.rpartition(".")[0] or __name__)


@dataclass(frozen=True)
class Send:
    """Send this request and read its body, within `seconds` and `limit` bytes.

    With `stream`, a successful response's body is left unread, for a `Stream` to read.
    """

    request: httpx.Request
    seconds: float | None
    limit: int
    stream: bool = False


@dataclass(frozen=True)
class EnsureToken:
    scheme: OAuth2ClientCredentials
    seconds: float | None


@dataclass(frozen=True)
class Sleep:
    seconds: float


Step = Send | EnsureToken | Sleep


class ClientOptions(TypedDict, total=False):
    """What both clients take besides their HTTP transport."""

    base_url: Required[str]
    timeout: Timeout
    headers: Mapping[str, str] | None
    max_retries: int
    auth: Mapping[str, Auth] | None
    generated_headers: Sequence[str]
    max_response_size: int
    follow_cross_origin_redirects: bool


def _seconds(timeout: Timeout) -> float | None:
    """An attempt's deadline: a number, or the longest phase of an httpx.Timeout."""
    if isinstance(timeout, httpx.Timeout):
        phases = [
            t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None
        ]
        return max(phases) if phases else None
    return timeout


class BaseClient(RequestBuilding, RetryDecisions, Failures):
    """The decisions of a call, shared by `SyncAPIClient` and `AsyncAPIClient`: see `_attempts`."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        max_retries: int = DEFAULT_RETRY.max_retries,
        auth: Mapping[str, Auth] | None = None,
        generated_headers: Sequence[str] = (),
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        follow_cross_origin_redirects: bool = False,
    ) -> None:
        self.base_url = httpx.URL(base_url.rstrip("/") + "/")
        self.timeout = timeout
        self.default_headers = {
            name: value for name, value in (headers or {}).items() if value is not None
        }
        self.retry_policy = RetryPolicy(max_retries=max_retries)
        self.auth = dict(auth or {})
        self.generated_headers = tuple(generated_headers)
        self.max_response_size = max_response_size
        self.follow_cross_origin_redirects = follow_cross_origin_redirects

    @property
    def auth(self) -> dict[str, Auth]:
        """The configured security schemes, by the spec's names for them."""
        return self._auth

    @auth.setter
    def auth(self, schemes: Mapping[str, Auth]) -> None:
        self._auth = dict(schemes)
        self.redactor = Redactor(self._auth.values())

    def _schemes(self, request: APIRequest[Any]) -> list[Auth]:
        """The first alternative of the operation's security whose credentials were all given."""
        for requirement in request.security:
            if all(name in self.auth for name in requirement.schemes):
                return [self.auth[name] for name in requirement.schemes]
        return []

    @staticmethod
    def _renew_tokens(schemes: list[Auth], sent_authorization: str | None) -> bool:
        """After a 401: drop the refused OAuth tokens; True when a new one is worth a try."""
        renewable = [scheme for scheme in schemes if isinstance(scheme, OAuth2ClientCredentials)]
        for scheme in renewable:
            scheme.invalidate(sent_authorization)
        return bool(renewable)

    def _seconds(self, timeout: Timeout | NotGiven) -> float | None:
        """How long each attempt (or each item of a stream) may take."""
        return _seconds(self.timeout if isinstance(timeout, NotGiven) else timeout)

    def _limit(self, max_response_size: int | NotGiven) -> int:
        if isinstance(max_response_size, NotGiven):
            return self.max_response_size
        return max_response_size

    def _attempts(
        self,
        request: APIRequest[T],
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, object] | None,
        timeout: Timeout | NotGiven,
        max_retries: int | NotGiven,
        max_response_size: int | NotGiven,
    ) -> Generator[Step, httpx.Response | str | None, APIResponse[T]]:
        """One call, redirects, retries and token renewal included, as steps the client performs.

        The client sends each `Send` and returns the read response, or throws the
        `httpx.TransportError` it got; it fetches tokens (returning the token) and
        sleeps as told. So the decisions live here once.
        """
        schemes = self._schemes(request)
        headers = self._call_headers(request, extra_headers)
        retries = (
            self.retry_policy.max_retries if isinstance(max_retries, NotGiven) else max_retries
        )
        chosen_timeout = self.timeout if isinstance(timeout, NotGiven) else timeout
        seconds = self._seconds(timeout)
        limit = self._limit(max_response_size)
        upload = Upload(request.content)
        if not upload.repeatable:
            retries = 0  # an iterator body, once sent, cannot be sent again
        attempt, renewed = 0, False
        while True:
            http_request, opened = self._build(
                self._http_client(), request, headers, extra_query, chosen_timeout, upload
            )
            try:
                delay = yield from self._attempt(
                    request,
                    http_request,
                    schemes,
                    upload,
                    (seconds, limit),
                    (attempt, retries),
                    renewed,
                )
            finally:
                upload.close()
                for file in opened:
                    file.close()
            if isinstance(delay, APIResponse):
                return delay
            if delay is None:
                renewed = True  # one fresh token, one more try; not counted as a retry
                continue
            yield Sleep(delay)
            attempt += 1

    def _attempt(
        self,
        request: APIRequest[T],
        http_request: httpx.Request,
        schemes: list[Auth],
        upload: Upload,
        bounds: tuple[float | None, int],
        tries: tuple[int, int],
        renewed: bool,
    ) -> Generator[Step, httpx.Response | str | None, APIResponse[T] | float | None]:
        """One attempt: its result, the delay before the next attempt, or None to renew the token now."""
        seconds, limit = bounds
        attempt, retries = tries
        for scheme in schemes:
            if isinstance(scheme, OAuth2ClientCredentials):
                token = yield EnsureToken(scheme, seconds)
                scheme.apply_token(http_request, cast(str, token))
            else:
                scheme.apply(http_request)
        if unsendable_header(http_request.headers) is not None:
            raise InvalidRequestError(
                "a credential holds a line break, NUL or non-ASCII text; not sent",
                request=self.redactor.scrubbed(http_request),
            )
        sent_authorization = http_request.headers.get("Authorization")
        started = time.monotonic()
        try:
            response = cast(
                httpx.Response,
                (yield Send(http_request, seconds, limit, request.stream is not None)),
            )
            visited = {str(http_request.url)}
            while is_redirect(response):
                http_request = self._redirected(http_request, response, visited, upload.streamed)
                response = cast(
                    httpx.Response,
                    (yield Send(http_request, seconds, limit, request.stream is not None)),
                )
        except httpx.TransportError as exc:
            delay = self._delay_after_error(http_request, exc, attempt, retries)
            if delay is None:
                raise self._connection_error(http_request, exc) from None
            return delay
        if (
            response.status_code == 401
            and not renewed
            and upload.repeatable
            and self._renew_tokens(schemes, sent_authorization)
        ):
            return None
        delay = self._delay_after_response(response, attempt, retries, started)
        if delay is None:
            return self._checked(response, request)
        if delay > LONGEST_HONOURED_WAIT:
            return self._checked(response, request, retry_after=delay)
        return delay

    def _redirected(
        self, request: httpx.Request, response: httpx.Response, visited: set[str], streamed: bool
    ) -> httpx.Request:
        try:
            if streamed and response.status_code in (307, 308):
                raise APIRedirectError(
                    f"{request.method} {self.redactor.url(request.url)} answered {response.status_code}, "
                    "a redirect that needs the body again, which was streamed and is not sent twice",
                    request=request,
                    location=response.headers["location"],
                )
            following = next_hop(
                request,
                response,
                visited,
                cross_origin=self.follow_cross_origin_redirects,
                shown_url=self.redactor.url(request.url),
            )
        except APIRedirectError as exc:
            exc.request = self.redactor.scrubbed(request)
            exc.correlation_id = self._correlation_id(request)
            raise
        visited.add(str(following.url))
        log.debug(
            "following a %d redirect to %s", response.status_code, self.redactor.url(following.url)
        )
        return following

    def _http_client(self) -> httpx.Client | httpx.AsyncClient:
        raise NotImplementedError
