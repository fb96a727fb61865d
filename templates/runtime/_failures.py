"""What a call raises: the errors of a refused request, a failed connection, a broken body
and an error status, each with the secrets scrubbed and the call's correlation ID."""

from __future__ import annotations

from typing import TypeVar

import httpx

from ._exceptions import (
    APIConnectionError,
    APIDecodingError,
    APIError,
    APIResponseTooLargeError,
    APITimeoutError,
    error_for_status,
)
from ._response import APIRequest, APIResponse, body_of, error_body
from ._secrets import Redactor
from ._transfer import BodyTooLarge

__all__ = ["Failures"]

T = TypeVar("T")


class Failures:
    """The errors a client raises; a part of `BaseClient`, which sets these attributes."""

    base_url: httpx.URL
    generated_headers: tuple[str, ...]
    redactor: Redactor

    def _correlation_id(self, request: httpx.Request) -> str | None:
        return next(
            (request.headers[name] for name in self.generated_headers if name in request.headers),
            None,
        )

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
