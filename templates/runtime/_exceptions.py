"""Errors raised by the client: one tree, so callers can catch as broadly as they like."""

from __future__ import annotations

from typing import Any

import httpx

from ._retry import RateLimit

__all__ = [
    "APIConnectionError",
    "APIDecodingError",
    "APIError",
    "APIRedirectError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "APITokenError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Base class of every error this client raises."""

    request: httpx.Request
    # The correlation ID the request carried, where the API asks for one: quote it to support.
    correlation_id: str | None = None

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The server could not be reached, or the connection failed mid-way."""

    def __init__(self, *, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request took longer than its timeout."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(request=request, message="Request timed out.")


class InvalidRequestError(APIError):
    """A request this client refuses to send, such as a header value with a line break.

    Raised before anything goes out, and never retried. `request` holds the method
    and URL the request would have had.
    """


class APIRedirectError(APIError):
    """A redirect the client will not follow: to another origin, a loop, too many hops,
    or one that would silently turn a request with a body into a GET.

    `location` is where the server pointed, as it sent it.
    """

    def __init__(self, message: str, *, request: httpx.Request, location: str) -> None:
        super().__init__(message, request=request)
        self.location = location


class APIResponseTooLargeError(APIError):
    """A response body larger than the client's `max_response_size` (counted after decompression)."""

    def __init__(self, *, request: httpx.Request, limit: int) -> None:
        super().__init__(
            f"{request.method} {request.url.path}: the response body exceeds {limit} bytes "
            "(raise max_response_size to accept it)",
            request=request,
        )
        self.limit = limit


class APIDecodingError(APIError):
    """A response body that cannot be decoded (a broken or unsupported Content-Encoding)."""


class APITokenError(APIError):
    """No access token: the token endpoint could not be reached, refused, or answered something unusable.

    `status_code` and `body` are the token endpoint's, when it answered.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        status_code: int | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message, request=request)
        self.status_code = status_code
        self.body = body


class APIStreamError(APIError):
    """A streamed response that reported a failure in an `error` event.

    `event` is the event as sent; `body` its data, as JSON where it is JSON.
    """

    def __init__(self, message: str, *, request: httpx.Request, event: Any, body: Any) -> None:
        super().__init__(message, request=request)
        self.event = event
        self.body = body


class APIResponseValidationError(APIError):
    """A successful response whose body does not fit the type the spec declares for it.

    `body` holds the body as parsed JSON (or text), so a caller can still use what
    the server sent; `errors` holds pydantic's account of each mismatch.
    """

    response: httpx.Response
    status_code: int
    body: Any
    errors: list[dict[str, Any]]

    def __init__(
        self, *, response: httpx.Response, body: Any, errors: list[dict[str, Any]]
    ) -> None:
        first = errors[0] if errors else {}
        where = ".".join(str(part) for part in first.get("loc", ())) or "the body"
        message = (
            f"{response.request.method} {response.request.url.path} answered {response.status_code} with a body "
            f"that does not fit its declared type ({len(errors)} error(s); first at {where}: {first.get('msg', '')})"
        )
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors


class APIStatusError(APIError):
    """The server answered with a status code outside 2xx.

    `body` is the error in the type the spec declares for the status (say `models.Problem`)
    when it fits, else its JSON (or text); `raw_body` is always the JSON (or text).
    """

    response: httpx.Response
    status_code: int
    body: Any
    # Seconds the server asked to wait (Retry-After) when that was longer than the client waits.
    retry_after: float | None = None

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.raw_body: Any = body

    @property
    def rate_limit(self) -> RateLimit | None:
        """The server's rate-limit headers, when it sent any (a 429 usually does)."""
        return RateLimit.from_headers(self.headers)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(response: httpx.Response, body: Any, shown_url: str) -> APIStatusError:
    """The most specific error class for a response's status code.

    `shown_url` is the request's URL as the message may show it: with credentials masked.
    """
    status = response.status_code
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    reason = response.reason_phrase or "error"
    message = f"{response.request.method} {shown_url} returned {status} {reason}"
    return cls(message, response=response, body=body)
