"""A request as generated code describes it, and a response as the caller receives it.

`APIResponse.parse()` returns what the operation's signature promises: the body in
the declared type, or an `APIResponseValidationError` carrying the body as sent.
It never turns a body it cannot account for into a silent `None`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic
import pydantic_core

from ._auth import SecurityRequirement
from ._event_stream import StreamSpec
from ._exceptions import APIResponseValidationError
from ._retry import RateLimit
from ._uploads import UploadContent
from ._wire import QueryPairs

__all__ = ["APIRequest", "APIResponse", "body_of", "error_body", "header_value"]

T = TypeVar("T")


@dataclass(frozen=True)
class APIRequest(Generic[T]):
    """One operation call, ready to send: the result parses into `T`."""

    method: str
    path: str
    # Declared body type per status ("200", "2XX", "default"); None for a response with no body.
    response_types: Mapping[str, Any]
    params: QueryPairs = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    content: UploadContent | None = (
        None  # a raw body: bytes, text, or a file, path or iterable streamed
    )
    data: Mapping[str, Any] | None = None
    multipart: Mapping[str, Any] | pydantic.BaseModel | None = None
    content_type: str | None = None
    # The spec's `security`: any one requirement suffices; () for none.
    security: tuple[SecurityRequirement, ...] = ()
    # The Accept header: the success media types the operation declares; None for JSON.
    accept: str | None = None
    # How a streamed body is read into items of type `T`; None for a body read whole.
    stream: StreamSpec | None = None
    # The headers the success responses declare, by wire name, with their types.
    response_headers: Mapping[str, Any] = field(default_factory=dict)


class APIResponse(Generic[T]):
    """An HTTP response (already read, within the client's limits) and the type its body parses into."""

    def __init__(self, http_response: httpx.Response, request: APIRequest[T]) -> None:
        self.http_response = http_response
        self._request = request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def declared_headers(self) -> dict[str, Any]:
        """The headers the spec declares for the response, those sent, in their declared types.

        A value that does not fit its type is given as sent (text).
        """
        found: dict[str, Any] = {}
        for name, declared in self._request.response_headers.items():
            if name in self.http_response.headers:
                found[name] = header_value(self.http_response.headers[name], declared)
        return found

    @property
    def rate_limit(self) -> RateLimit | None:
        """The server's rate-limit headers, when it sent any."""
        return RateLimit.from_headers(self.http_response.headers)

    def parse(self) -> T:
        """The body as the operation's declared type.

        A success status the spec does not list parses as a declared success type;
        an empty body is `None` only where the declared type allows it.
        """
        response = self.http_response
        declared = success_type(self._request.response_types, response.status_code)
        if declared is None:
            return cast(T, None)
        content = response.content
        if declared is bytes:
            return cast(T, content)
        if declared is str:
            return cast(T, response.text)
        if not content:
            if _accepts_none(declared):
                return cast(T, None)
            raise self._invalid(None, [{"loc": (), "msg": "the body is empty", "type": "missing"}])
        try:
            return cast(T, adapter(declared).validate_json(content))
        except pydantic.ValidationError as exc:
            errors = [dict(error) for error in exc.errors(include_url=False, include_input=False)]
            raise self._invalid(body_of(response), errors) from exc

    def _invalid(self, body: Any, errors: list[dict[str, Any]]) -> APIResponseValidationError:
        return APIResponseValidationError(response=self.http_response, body=body, errors=errors)


def success_type(types: Mapping[str, Any], status: int) -> Any:
    """The declared type for a success status: its own, its class's (2XX), another success's, the default's."""
    code = str(status)
    for key in (code, code[0] + "XX"):
        if key in types:
            return types[key]
    successes = sorted(key for key in types if key.startswith("2"))
    with_body = [types[key] for key in successes if types[key] is not None]
    if with_body:
        return with_body[0]
    if successes:
        return None
    return types.get("default")


def _accepts_none(declared: Any) -> bool:
    try:
        adapter(declared).validate_python(None)
    except pydantic.ValidationError:
        return False
    return True


@lru_cache(maxsize=None)
def adapter(declared: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(declared)


def body_of(response: httpx.Response) -> Any:
    """The body as JSON where it is JSON, else as text: what an error shows of it.

    pydantic's parser bounds nesting depth, where `json.loads` would raise RecursionError.
    """
    try:
        return pydantic_core.from_json(response.content)
    except ValueError:
        return response.text


def error_body(types: Mapping[str, Any], response: httpx.Response, raw: Any) -> Any:
    """An error's body in the type the spec declares for its status, else `raw` (its JSON or text)."""
    code = str(response.status_code)
    declared = next((types[key] for key in (code, code[0] + "XX", "default") if key in types), None)
    if declared is None or declared in (bytes, str) or not response.content:
        return raw
    try:
        return adapter(declared).validate_json(response.content)
    except pydantic.ValidationError:
        return raw  # a server that breaks its own error schema still shows what it said


def header_value(text: str, declared: Any) -> Any:
    """A header's text in its declared type: lists comma-separated (style simple), the rest as one value."""
    typed = adapter(declared)
    for candidate in (text, [item.strip() for item in text.split(",")]):
        try:
            return typed.validate_python(candidate)
        except pydantic.ValidationError:
            continue
    return text
