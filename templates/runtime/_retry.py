"""When to send a request again, and how long to wait first.

Placing an order twice is the worst thing this client could do, so a request
that may have reached the server is repeated only when repeating it is safe:
its method is idempotent, or it carries an idempotency key (sent unchanged on
every attempt). A request that certainly never left (the connection was
refused or never opened) is always safe to repeat.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from dataclasses import dataclass

import httpx

from ._secrets import Redactor

__all__ = ["DEFAULT_RETRY", "LONGEST_HONOURED_WAIT", "RateLimit", "RetryDecisions", "RetryPolicy"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"})
IDEMPOTENCY_HEADERS = frozenset({"idempotency-key", "x-idempotency-key"})
RETRYABLE_STATUSES = frozenset({408, 429})
# Errors raised before any byte of the request was sent.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# A server's wait longer than this is not honoured: the caller gets the error at once, with the wait.
LONGEST_HONOURED_WAIT = 60.0
# One logger per generated package: "<package>".
log = logging.getLogger(__name__.rpartition(".")[0] or __name__)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter; a server's `Retry-After` or `X-RateLimit-Reset` wins."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25

    def backoff(self, attempt: int) -> float:
        delay = min(self.initial_delay * 2.0**attempt, self.max_delay)
        return float(delay * (1 - self.jitter * random.random()))

    def delay_after_response(self, response: httpx.Response, attempt: int) -> float:
        """The server's wait where it names one (however long), else our backoff."""
        suggested = server_suggested_wait(response.headers)
        return suggested if suggested is not None else self.backoff(attempt)


DEFAULT_RETRY = RetryPolicy()


def is_safe_to_repeat(request: httpx.Request) -> bool:
    return request.method in IDEMPOTENT_METHODS or any(
        name.lower() in IDEMPOTENCY_HEADERS for name in request.headers
    )


def should_retry_error(request: httpx.Request, error: httpx.TransportError) -> bool:
    return isinstance(error, _NEVER_SENT) or is_safe_to_repeat(request)


def should_retry_status(request: httpx.Request, response: httpx.Response) -> bool:
    status = response.status_code
    return (status in RETRYABLE_STATUSES or status >= 500) and is_safe_to_repeat(request)


def server_suggested_wait(headers: httpx.Headers) -> float | None:
    """Seconds the server asks us to wait, from `retry-after-ms`, `Retry-After` or `X-RateLimit-Reset`."""
    wait: float | None = None
    if "retry-after-ms" in headers:
        wait = _number(headers["retry-after-ms"])
        wait = None if wait is None else wait / 1000
    if wait is None and "retry-after" in headers:
        value = headers["retry-after"]
        wait = _number(value)
        if wait is None:
            try:
                wait = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):
                wait = None
    if wait is None and "x-ratelimit-reset" in headers:
        reset = _number(headers["x-ratelimit-reset"])
        # Large values are a moment in Unix time; small ones a number of seconds.
        wait = None if reset is None else (reset - time.time() if reset > 1e9 else reset)
    return None if wait is None else max(wait, 0.0)


@dataclass(frozen=True)
class RateLimit:
    """What a response's rate-limit headers say (`X-RateLimit-*` or IETF `RateLimit-*`)."""

    limit: int | None
    remaining: int | None
    reset: float | None  # as the server sent it: seconds, or a Unix time

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimit | None:
        def read(name: str) -> float | None:
            for prefix in ("x-ratelimit-", "ratelimit-"):
                if prefix + name in headers:
                    return _number(headers[prefix + name])
            return None

        limit, remaining, reset = read("limit"), read("remaining"), read("reset")
        if limit is None and remaining is None and reset is None:
            return None
        return cls(
            None if limit is None else int(limit),
            None if remaining is None else int(remaining),
            reset,
        )


def _number(value: str) -> float | None:
    """A finite number, or None: "nan", "inf" and the like are no wait at all."""
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class RetryDecisions:
    """Whether and when a call tries again, logged; a part of `BaseClient`, which sets these."""

    retry_policy: RetryPolicy
    redactor: Redactor

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
