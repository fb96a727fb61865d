"""Keeping credentials out of log records, error messages and the objects a caller is handed.

Every configured credential registers itself here. Two things use what it knows:
a `Redactor` masks a client's credentials in URLs, text and spent requests, and a
logging filter on this package's logger and on httpx's and httpcore's masks every
live credential in each record before any handler sees it, so a query-string API
key never reaches a log file through httpx's own "HTTP Request: ..." line.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import quote, quote_plus

import httpx

__all__ = ["MASK", "Redactor", "SecretHolder", "register"]

MASK = "***"
# Query parameter names that carry a credential in most APIs, masked even when no scheme names them.
_USUAL_SECRET_QUERY_NAMES = frozenset(
    {
        "api_key",
        "apikey",
        "api-key",
        "key",
        "token",
        "access_token",
        "secret",
        "signature",
        "password",
    }
)
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})


class SecretHolder(Protocol):
    """A configured credential, as this module sees it."""

    def secret_values(self) -> tuple[str, ...]: ...

    def secret_names(self) -> tuple[str, str]:
        """(where, name) of the request part carrying the secret: "header", "query", "cookie" or ""."""
        ...


_live: weakref.WeakSet[SecretHolder] = weakref.WeakSet()


def register(holder: SecretHolder) -> None:
    """Make a credential known to the logging filter for as long as it lives."""
    _live.add(holder)


def _spellings(secret: str) -> set[str]:
    """A secret as it may appear in text: as is, and percent-encoded as in a URL."""
    return {secret, quote(secret, safe=""), quote_plus(secret, safe="")}


def redact_text(text: str, secrets: Iterable[str]) -> str:
    # Longest first, so a secret that contains another is masked whole.
    for spelling in sorted(
        {s for secret in secrets if secret for s in _spellings(secret)}, key=len, reverse=True
    ):
        text = text.replace(spelling, MASK)
    return text


class Redactor:
    """One client's credentials: what to mask and where they travel."""

    def __init__(self, holders: Iterable[SecretHolder]) -> None:
        self._holders = tuple(holders)
        self._query_names = set(_USUAL_SECRET_QUERY_NAMES)
        self._header_names = set(_CREDENTIAL_HEADERS)
        for holder in self._holders:
            where, name = holder.secret_names()
            if where == "query":
                self._query_names.add(name.lower())
            elif where == "header":
                self._header_names.add(name.lower())

    def secrets(self) -> list[str]:
        return [value for holder in self._holders for value in holder.secret_values() if value]

    def text(self, text: str) -> str:
        return redact_text(text, self.secrets())

    def url(self, url: httpx.URL) -> str:
        """The URL with credentials in its query (by name or by value) replaced by the mask."""
        secrets = set(self.secrets())
        pairs = url.params.multi_items()
        if not pairs:
            return self.text(str(url))
        masked = [
            (name, MASK if name.lower() in self._query_names or value in secrets else value)
            for name, value in pairs
        ]
        return self.text(str(url.copy_with(params=masked)))

    def scrubbed(self, request: httpx.Request) -> httpx.Request:
        """A copy of a sent request with its credentials masked, for what a caller is handed.

        A copy, so a transport that kept the request it sent still has it as sent.
        """
        secrets = self.secrets()
        headers = []
        for name, value in request.headers.multi_items():
            lowered = name.lower()
            if lowered in self._header_names:
                value = MASK
            elif lowered == "cookie":
                value = redact_text(value, secrets)
            headers.append((name, value))
        try:
            content: bytes | None = request.content
        except httpx.RequestNotRead:
            content = None
        return httpx.Request(
            request.method,
            self.url(request.url),
            headers=headers,
            content=content,
            extensions=request.extensions,
        )


class _RedactingFilter(logging.Filter):
    """Masks every live credential in a record's message (its arguments merged in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = [value for holder in list(_live) for value in holder.secret_values() if value]
        if secrets:
            message = record.getMessage()
            redacted = redact_text(message, secrets)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


_FILTERED_LOGGERS = (
    __name__.rpartition(".")[0] or __name__,
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)
_filter = _RedactingFilter()
for _name in _FILTERED_LOGGERS:
    logging.getLogger(_name).addFilter(_filter)
