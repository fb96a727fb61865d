"""The decisions of one call, made once for both clients: a sans-IO send loop.

`BaseClient._attempts` is a generator of steps (send this request, fetch a token,
sleep): it builds each request, follows the redirects that are safe to follow,
renews a refused token once, retries what is safe to retry, and turns the final
response into a result or an error. The sync and async clients only perform the
steps, so every rule lives here, once.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar, cast

import httpx
from typing_extensions import Required, TypedDict

from ._auth import Auth, OAuth2ClientCredentials
from ._exceptions import (
    APIConnectionError,
    APIDecodingError,
    APIError,
    APIRedirectError,
    APIResponseTooLargeError,
    APITimeoutError,
    InvalidRequestError,
    error_for_status,
)
from ._redirects import is_redirect, next_hop
from ._response import APIRequest, APIResponse, body_of, error_body
from ._retry import (
    DEFAULT_RETRY,
    LONGEST_HONOURED_WAIT,
    RetryPolicy,
    should_retry_error,
    should_retry_status,
)
from ._secrets import Redactor
from ._transfer import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_SIZE, BodyTooLarge
from ._uploads import Upload, open_files
from ._wire import NotGiven, json_dumps, merge_query, multipart, unsendable_header

__all__ = [
    "BaseClient",
    "ClientOptions",
    "EnsureToken",
    "Send",
    "Sleep",
    "Timeout",
]

T = TypeVar("T")
Timeout = float | httpx.Timeout | None
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


class BaseClient:
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

    def _call_headers(
        self, request: APIRequest[Any], extra_headers: Mapping[str, str] | None
    ) -> dict[str, str]:
        """Per-call headers, with a fresh correlation ID where the API wants one and none was given.

        Made once per call, so every retry of the call carries the same ID.
        """
        given = {
            name.lower()
            for name in (*self.default_headers, *request.headers, *(extra_headers or {}))
        }
        fresh = {
            name: uuid.uuid4().hex for name in self.generated_headers if name.lower() not in given
        }
        return {**fresh, **(extra_headers or {})}

    def _correlation_id(self, request: httpx.Request) -> str | None:
        return next(
            (request.headers[name] for name in self.generated_headers if name in request.headers),
            None,
        )

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

    def _refused(self, request: APIRequest[Any], reason: str) -> InvalidRequestError:
        url = self.base_url.join(request.path.lstrip("/"))
        return InvalidRequestError(reason, request=httpx.Request(request.method, url))

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: APIRequest[Any],
        extra_headers: Mapping[str, str],
        extra_query: Mapping[str, object] | None,
        timeout: Timeout,
        upload: Upload,
    ) -> tuple[httpx.Request, list[IO[bytes]]]:
        """The request of one attempt, and the files it opened (closed when the attempt ends)."""
        headers = {
            "Accept": request.accept or "application/json",
            # A stream is read as it arrives: compressed, one chunk could expand past any limit.
            "Accept-Encoding": "identity" if request.stream else ACCEPT_ENCODING,
            **self.default_headers,
            **request.headers,
        }
        if request.content_type and request.json is None and request.multipart is None:
            headers["Content-Type"] = request.content_type
        headers.update(extra_headers)
        body = json_dumps(request.json) if request.json is not None else None
        if body is not None:
            headers["Content-Type"] = "application/json"
        bad = unsendable_header({**headers, **request.cookies})
        if bad is not None:
            # Sending it would split the header (CR, LF), or httpx could not encode it.
            raise self._refused(
                request,
                f"header or cookie {bad[:100]!r} holds a line break, NUL or non-ASCII text; not sent",
            )
        data, files = (
            multipart(request.multipart) if request.multipart is not None else (request.data, None)
        )
        files, opened = open_files(files) if files else (files, [])
        built = http.build_request(
            request.method,
            self.base_url.join(request.path.lstrip("/")),
            # None, not an empty tuple, keeps a query already in the path (a next-page link).
            params=tuple(merge_query(request.params, extra_query)) or None,
            headers=headers,
            cookies=dict(request.cookies) or None,
            content=body if body is not None else upload.content(),
            data=data,
            files=files,
            timeout=timeout,
        )
        return built, opened

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

    def _delay_after_error(
        self, request: httpx.Request, error: httpx.TransportError, attempt: int, retries: int
    ) -> float | None:
        """Seconds to wait before trying again, or None to give up and raise."""
        shown = f"{request.method} {self.redactor.url(request.url)} failed ({type(error).__name__})"
        # A header httpx or h11 refuses is the caller's to fix: trying again cannot help.
        if (
            attempt >= retries
            or isinstance(error, httpx.LocalProtocolError)
            or not should_retry_error(request, error)
        ):
            log.debug("%s; not retrying", shown)
            return None
        delay = self.retry_policy.backoff(attempt)
        log.debug("%s; retry %d of %d in %.2fs", shown, attempt + 1, retries, delay)
        return delay

    def _delay_after_response(
        self, response: httpx.Response, attempt: int, retries: int, started: float
    ) -> float | None:
        request = response.request
        log.debug(
            "%s %s -> %d in %.3fs",
            request.method,
            self.redactor.url(request.url),
            response.status_code,
            time.monotonic() - started,
        )
        if response.is_success or attempt >= retries or not should_retry_status(request, response):
            return None
        delay = self.retry_policy.delay_after_response(response, attempt)
        if delay <= LONGEST_HONOURED_WAIT:
            log.debug(
                "retry %d of %d in %.2fs after status %d",
                attempt + 1,
                retries,
                delay,
                response.status_code,
            )
        return delay

    def _connection_error(
        self, request: httpx.Request, error: httpx.TransportError
    ) -> APIConnectionError:
        request = self.redactor.scrubbed(request)
        reason = self.redactor.text(str(error))[:200] or type(error).__name__
        failure = (
            APITimeoutError(request=request)
            if isinstance(error, httpx.TimeoutException)
            else APIConnectionError(request=request, message=f"Connection error ({reason}).")
        )
        failure.correlation_id = self._correlation_id(request)
        return failure

    def _body_failure(self, request: httpx.Request, error: Exception, limit: int) -> APIError:
        """The error for a body that broke a limit or could not be decoded."""
        request = self.redactor.scrubbed(request)
        failure: APIError = (
            APIResponseTooLargeError(request=request, limit=limit)
            if isinstance(error, BodyTooLarge)
            else APIDecodingError(f"{request.method} {request.url.path}: {error}", request=request)
        )
        failure.correlation_id = self._correlation_id(request)
        return failure

    def _checked(
        self, response: httpx.Response, request: APIRequest[T], retry_after: float | None = None
    ) -> APIResponse[T]:
        response.request = self.redactor.scrubbed(response.request)
        if response.is_success:
            return APIResponse(response, request)
        raw = body_of(response)
        body = error_body(request.response_types, response, raw)
        error = error_for_status(response, body, str(response.request.url))
        error.raw_body = raw
        error.correlation_id = self._correlation_id(response.request)
        error.retry_after = retry_after
        raise error

    def _http_client(self) -> httpx.Client | httpx.AsyncClient:
        raise NotImplementedError
