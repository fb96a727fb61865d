"""The hand-written core shared by every generated client: requests in, typed results out.

Generated code describes each operation as an `ApiRequest`; this module sends it
with httpx, raises the error that fits a failed status, and parses the body into
the declared type. The sync and async clients differ only in how they wait.
"""

from __future__ import annotations

import asyncio
import datetime
import enum
import json
import logging
import os
import time
import uuid
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any, Generic, TypeVar, Union, cast
from urllib.parse import quote

import httpx
import pydantic
from typing_extensions import Required, TypedDict, Unpack

from ._auth import Auth, OAuth2ClientCredentials
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    error_for_status,
)
from ._retry import DEFAULT_RETRY, RateLimit, RetryPolicy, should_retry_error, should_retry_status

__all__ = [
    "NOT_GIVEN",
    "APIResponse",
    "ApiRequest",
    "AsyncAPIClient",
    "ClientOptions",
    "FileContent",
    "NotGiven",
    "SyncAPIClient",
    "encode_query",
    "from_environment",
    "header_map",
    "json_body",
    "path_segment",
    "resolve_base_url",
]

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
# One logger per generated package: "<package>".
log = logging.getLogger(__name__.rpartition(".")[0] or __name__)
_SECRET_QUERY_NAMES = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "secret", "signature", "password"}
)

FileContent = Union[IO[bytes], bytes, tuple[str, bytes], tuple[str, bytes, str]]
QueryPairs = list[tuple[str, str]]


class NotGiven:
    """Marks an argument the caller left out, where None is a meaningful value."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True)
class ApiRequest(Generic[T]):
    """One operation call, ready to send: the result parses into `T`."""

    method: str
    path: str
    response_types: Mapping[str, Any]
    params: QueryPairs = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    content: bytes | str | None = None
    data: Mapping[str, Any] | None = None
    multipart: Mapping[str, Any] | pydantic.BaseModel | None = None
    content_type: str | None = None
    # Alternatives of security scheme names, as in the spec's `security`; () for none.
    security: tuple[tuple[str, ...], ...] = ()


class APIResponse(Generic[T]):
    """An HTTP response and the type its body parses into."""

    def __init__(self, http_response: httpx.Response, request: ApiRequest[T]) -> None:
        self.http_response = http_response
        self._request = request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def rate_limit(self) -> RateLimit | None:
        """The server's rate-limit headers, when it sent any."""
        return RateLimit.from_headers(self.http_response.headers)

    def parse(self) -> T:
        """The body as the operation's declared type (None for an empty response)."""
        declared = _response_type(self._request.response_types, self.http_response.status_code)
        if declared is None or not self.http_response.content:
            return cast(T, None)
        if declared is bytes:
            return cast(T, self.http_response.content)
        if declared is str:
            return cast(T, self.http_response.text)
        try:
            return cast(T, _adapter(declared).validate_json(self.http_response.content))
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response=self.http_response,
                body=_body_of(self.http_response),
                errors=[
                    dict(error) for error in exc.errors(include_url=False, include_input=False)
                ],
            ) from exc


def _body_of(response: httpx.Response) -> Any:
    """The body as JSON where it is JSON, else as text: what an error shows of it."""
    try:
        return response.json()
    except ValueError:
        return response.text


def _response_type(types: Mapping[str, Any], status: int) -> Any:
    code = str(status)
    for key in (code, code[0] + "XX", "default"):
        if key in types:
            return types[key]
    return None


@lru_cache(maxsize=None)
def _adapter(declared: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(declared)


def path_segment(name: str, value: object) -> str:
    """A path parameter, percent-encoded; an empty one would change the path, so it is refused."""
    text = _text(value)
    if text == "":
        raise ValueError(f"path parameter {name!r} must not be empty")
    # "." and ".." would be read as relative path steps and move the request elsewhere.
    return quote(text, safe="").replace(".", "%2E") if text in (".", "..") else quote(text, safe="")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _text(value.value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, pydantic.BaseModel):
        # No parameter style covers an object inside a list or object: it goes as JSON.
        return json.dumps(json_body(value), separators=(",", ":"))
    if isinstance(value, (Sequence, Mapping)) and not isinstance(value, (str, bytes)):
        return ",".join(_text(item) for item in _flatten(value, explode=False))
    return str(value)


def _flatten(value: Sequence[Any] | Mapping[str, Any], explode: bool) -> list[Any]:
    if isinstance(value, Mapping):
        separator = "=" if explode else ","
        return [f"{k}{separator}{_text(v)}" for k, v in value.items()]
    return list(value)


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def encode_query(name: str, value: object, style: str = "form", explode: bool = True) -> QueryPairs:
    """Query pairs for one parameter, by OpenAPI's style and explode rules; None sends nothing."""
    if value is None or isinstance(value, NotGiven):
        return []
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        if style == "deepObject":
            return _deep_object(name, value)
        if explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_text(v)}" for k, v in value.items()))]
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if explode and style == "form":
            return [(name, _text(item)) for item in value]
        return [(name, _DELIMITERS.get(style, ",").join(_text(item) for item in value))]
    return [(name, _text(value))]


def _deep_object(prefix: str, value: object) -> QueryPairs:
    """deepObject to any depth, as qs and Stripe read it: `a[b][c]=1`, a list as `a[b][0]=1`."""
    if isinstance(value, Mapping):
        return [
            pair for key, item in value.items() for pair in _deep_object(f"{prefix}[{key}]", item)
        ]
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [
            pair
            for index, item in enumerate(value)
            for pair in _deep_object(f"{prefix}[{index}]", item)
        ]
    return [] if value is None else [(prefix, _text(value))]


def header_value(value: object) -> str:
    return _text(value)


def json_body(value: Any) -> Any:
    """A request body as JSON data: models by their wire names, leaving out what was never set."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (list, tuple)):
        return [json_body(item) for item in value]
    if isinstance(value, Mapping):
        return {key: json_body(item) for key, item in value.items()}
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def header_map(values: Mapping[str, object]) -> dict[str, str]:
    """Header (or cookie) parameters as text, leaving out those not given."""
    return {name: _text(value) for name, value in values.items() if value is not None}


def _multipart(
    values: Mapping[str, Any] | pydantic.BaseModel,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a multipart body into plain fields and file parts."""
    fields: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, value in json_body_keeping_files(values).items():
        if isinstance(value, (bytes, tuple)) or hasattr(value, "read"):
            files[name] = value
        elif value is not None:
            # Dates, enums and nested models become their JSON form before they become text.
            plain = json_body(value)
            fields[name] = plain if isinstance(plain, str) else json.dumps(plain)
    return fields, files


def json_body_keeping_files(value: Mapping[str, Any] | pydantic.BaseModel) -> dict[str, Any]:
    if isinstance(value, pydantic.BaseModel):
        return {
            (info.alias or name): getattr(value, name)
            for name, info in type(value).model_fields.items()
            if name in value.model_fields_set
        }
    return dict(value)


def _merge_query(params: QueryPairs, extra: Mapping[str, object] | None) -> QueryPairs:
    merged = list(params)
    for name, value in (extra or {}).items():
        merged.extend(encode_query(name, value))
    return merged


def resolve_base_url(
    base_url: str | None, environment: str | None, environments: Mapping[str, str], default: str
) -> str:
    """An explicit base URL, else the named environment's server, else the spec's first server."""
    if base_url is not None:
        return base_url
    if environment is None:
        return default
    if environment not in environments:
        raise ValueError(
            f"unknown environment {environment!r}; choose one of {sorted(environments)}"
        )
    return environments[environment]


def from_environment(value: str | None, variable: str) -> str | None:
    """An argument, or when it was left out, the environment variable documented for it."""
    return value if value is not None else os.environ.get(variable) or None


def redacted_url(url: httpx.URL) -> str:
    """The URL for a log line: credentials in the query string replaced by "***"."""
    params = [
        (k, "***" if k.lower() in _SECRET_QUERY_NAMES else v) for k, v in url.params.multi_items()
    ]
    return str(url.copy_with(params=params) if params else url)


@dataclass(frozen=True)
class _Send:
    request: httpx.Request


@dataclass(frozen=True)
class _EnsureToken:
    scheme: OAuth2ClientCredentials


@dataclass(frozen=True)
class _Sleep:
    seconds: float


_Step = _Send | _EnsureToken | _Sleep


class ClientOptions(TypedDict, total=False):
    """What both clients take besides their HTTP transport."""

    base_url: Required[str]
    timeout: float | httpx.Timeout | None
    headers: Mapping[str, str] | None
    max_retries: int
    auth: Mapping[str, Auth] | None
    generated_headers: Sequence[str]


class _BaseClient:
    def __init__(
        self,
        *,
        base_url: str,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        max_retries: int = DEFAULT_RETRY.max_retries,
        auth: Mapping[str, Auth] | None = None,
        generated_headers: Sequence[str] = (),
    ) -> None:
        self.base_url = httpx.URL(base_url.rstrip("/") + "/")
        self.timeout = timeout
        self.default_headers = {
            name: value for name, value in (headers or {}).items() if value is not None
        }
        self.retry_policy = RetryPolicy(max_retries=max_retries)
        self.auth = dict(auth or {})
        self.generated_headers = tuple(generated_headers)

    def _call_headers(
        self, request: ApiRequest[Any], extra_headers: Mapping[str, str] | None
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

    def _schemes(self, request: ApiRequest[Any]) -> list[Auth]:
        """The first alternative of the operation's security whose credentials were all given."""
        for alternative in request.security:
            if all(name in self.auth for name in alternative):
                return [self.auth[name] for name in alternative]
        return []

    @staticmethod
    def _renew_tokens(schemes: list[Auth], refused: httpx.Request) -> bool:
        """After a 401: drop the refused OAuth tokens; True when a new one is worth a try."""
        renewable = [scheme for scheme in schemes if isinstance(scheme, OAuth2ClientCredentials)]
        for scheme in renewable:
            scheme.invalidate(refused.headers.get("Authorization"))
        return bool(renewable)

    def _retries(self, max_retries: int | NotGiven) -> int:
        return self.retry_policy.max_retries if isinstance(max_retries, NotGiven) else max_retries

    def _delay_after_error(
        self, request: httpx.Request, error: httpx.TransportError, attempt: int, retries: int
    ) -> float | None:
        """Seconds to wait before trying again, or None to give up and raise."""
        if attempt >= retries or not should_retry_error(request, error):
            log.debug(
                "%s %s failed (%s); not retrying",
                request.method,
                redacted_url(request.url),
                type(error).__name__,
            )
            return None
        delay = self.retry_policy.backoff(attempt)
        log.debug(
            "%s %s failed (%s); retry %d of %d in %.2fs",
            request.method,
            redacted_url(request.url),
            type(error).__name__,
            attempt + 1,
            retries,
            delay,
        )
        return delay

    def _delay_after_response(
        self, response: httpx.Response, attempt: int, retries: int, started: float
    ) -> float | None:
        request = response.request
        log.debug(
            "%s %s -> %d in %.3fs",
            request.method,
            redacted_url(request.url),
            response.status_code,
            time.monotonic() - started,
        )
        if response.is_success or attempt >= retries or not should_retry_status(request, response):
            return None
        delay = self.retry_policy.delay_after_response(response, attempt)
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
        failure = (
            APITimeoutError(request=request)
            if isinstance(error, httpx.TimeoutException)
            else APIConnectionError(request=request)
        )
        failure.correlation_id = self._correlation_id(request)
        return failure

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: ApiRequest[Any],
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, object] | None,
        timeout: float | httpx.Timeout | None | NotGiven,
    ) -> httpx.Request:
        headers = {"Accept": "application/json", **self.default_headers, **request.headers}
        if request.content_type and request.json is None and request.multipart is None:
            headers["Content-Type"] = request.content_type
        headers.update(extra_headers or {})
        body = json.dumps(request.json).encode() if request.json is not None else None
        if body is not None:
            headers["Content-Type"] = "application/json"
        data, files = (
            _multipart(request.multipart) if request.multipart is not None else (request.data, None)
        )
        return http.build_request(
            request.method,
            self.base_url.join(request.path.lstrip("/")),
            # None, not an empty tuple, keeps a query already in the path (a next-page link).
            params=tuple(_merge_query(request.params, extra_query)) or None,
            headers=headers,
            cookies=dict(request.cookies) or None,
            content=body if body is not None else request.content,
            data=data,
            files=files,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )

    def _attempts(
        self,
        request: ApiRequest[T],
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, object] | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int | NotGiven,
    ) -> Generator[_Step, httpx.Response | None, APIResponse[T]]:
        """One call, retries and token renewal included, as steps the sync or async client performs.

        The client sends each `_Send` and returns the read response, or throws the
        `httpx.TransportError` it got; it fetches tokens and sleeps as told. So the
        decisions live here once, and only the waiting differs between the two.
        """
        schemes = self._schemes(request)
        extra_headers = self._call_headers(request, extra_headers)
        retries = self._retries(max_retries)
        attempt = 0
        renewed = False
        while True:
            http_request = self._build(
                self._http_client(), request, extra_headers, extra_query, timeout
            )
            for scheme in schemes:
                if isinstance(scheme, OAuth2ClientCredentials):
                    yield _EnsureToken(scheme)
                scheme.apply(http_request)
            started = time.monotonic()
            try:
                response = yield _Send(http_request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(http_request, exc, attempt, retries)
                if delay is None:
                    raise self._connection_error(http_request, exc) from exc
            else:
                assert response is not None  # a _Send is answered with its response
                if (
                    response.status_code == 401
                    and not renewed
                    and self._renew_tokens(schemes, http_request)
                ):
                    renewed = True  # one fresh token, one more try; not counted as a retry
                    continue
                delay = self._delay_after_response(response, attempt, retries, started)
                if delay is None:
                    return self._checked(response, request)
            yield _Sleep(delay)
            attempt += 1

    def _http_client(self) -> httpx.Client | httpx.AsyncClient:
        raise NotImplementedError

    def _checked(self, response: httpx.Response, request: ApiRequest[T]) -> APIResponse[T]:
        if response.is_success:
            return APIResponse(response, request)
        error = error_for_status(response, _body_of(response))
        error.correlation_id = self._correlation_id(response.request)
        raise error


class SyncAPIClient(_BaseClient):
    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport, follow_redirects=True)

    def send(
        self,
        request: ApiRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> APIResponse[T]:
        """Send a prepared request; the returned `APIResponse` has the raw `httpx.Response`."""
        steps = self._attempts(request, extra_headers, extra_query, timeout, max_retries)
        answer: httpx.Response | None = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                step = steps.throw(failure) if failure is not None else steps.send(answer)
            except StopIteration as done:
                return cast(APIResponse[T], done.value)
            answer, failure = None, None
            if isinstance(step, _Send):
                try:
                    answer = self._http.send(step.request)
                    answer.read()
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(step, _EnsureToken):
                step.scheme.ensure_token(self._http)
            else:
                time.sleep(step.seconds)

    def _http_client(self) -> httpx.Client:
        return self._http

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: _SyncSelf) -> _SyncSelf:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=transport, follow_redirects=True)

    async def send(
        self,
        request: ApiRequest[T],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> APIResponse[T]:
        """Send a prepared request; the returned `APIResponse` has the raw `httpx.Response`."""
        steps = self._attempts(request, extra_headers, extra_query, timeout, max_retries)
        answer: httpx.Response | None = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                step = steps.throw(failure) if failure is not None else steps.send(answer)
            except StopIteration as done:
                return cast(APIResponse[T], done.value)
            answer, failure = None, None
            if isinstance(step, _Send):
                try:
                    answer = await self._http.send(step.request)
                    await answer.aread()
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(step, _EnsureToken):
                await step.scheme.ensure_token_async(self._http)
            else:
                await asyncio.sleep(step.seconds)

    def _http_client(self) -> httpx.AsyncClient:
        return self._http

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _AsyncSelf) -> _AsyncSelf:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_SyncSelf = TypeVar("_SyncSelf", bound=SyncAPIClient)
_AsyncSelf = TypeVar("_AsyncSelf", bound=AsyncAPIClient)
