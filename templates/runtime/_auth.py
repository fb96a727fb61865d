"""Credentials for the security schemes a spec declares, applied to each request.

OAuth 2.0 client credentials fetch a token once, share it between threads and
tasks (one fetch however many calls wait for it), renew it shortly before it
expires, and renew it once more when the server answers 401. Secrets never
appear in a repr, a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
from dataclasses import dataclass, field

import httpx

from ._exceptions import APIConnectionError, error_for_status

__all__ = ["ApiKeyAuth", "Auth", "BasicAuth", "BearerAuth", "OAuth2ClientCredentials"]

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)
# Renew a token this long before the server says it expires.
_EARLY_RENEWAL = 60.0


class Auth:
    """One configured security scheme."""

    def apply(self, request: httpx.Request) -> None:
        raise NotImplementedError


@dataclass(repr=False)
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

    def __repr__(self) -> str:
        return f"ApiKeyAuth(name={self.name!r}, location={self.location!r}, value='***')"


@dataclass(repr=False)
class BearerAuth(Auth):
    token: str

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Bearer {self.token}"

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"


@dataclass(repr=False)
class BasicAuth(Auth):
    username: str
    password: str

    def apply(self, request: httpx.Request) -> None:
        pair = f"{self.username}:{self.password}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password='***')"


@dataclass(repr=False)
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
    _thread_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _task_lock: asyncio.Lock | None = field(default=None, init=False)
    fetches: int = field(default=0, init=False)  # how many tokens were fetched, for diagnostics

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, client_secret='***')"

    def apply(self, request: httpx.Request) -> None:
        if self._token is None:
            raise RuntimeError("no token yet: the client fetches one before sending")
        request.headers["Authorization"] = f"Bearer {self._token}"

    def _valid(self) -> bool:
        return self._token is not None and time.monotonic() < self._expires_at

    def invalidate(self, token_sent: str | None) -> None:
        """Forget the token the server refused, unless another call renewed it meanwhile."""
        if token_sent is None or token_sent == f"Bearer {self._token}":
            self._token = None

    def _token_request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        headers = {"Accept": "application/json"}
        if self.credentials_in == "basic":
            pair = f"{self.client_id}:{self.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        else:
            form.update(client_id=self.client_id, client_secret=self.client_secret)
        return http.build_request("POST", self.token_url, data=form, headers=headers)

    def _accept(self, response: httpx.Response) -> None:
        if not response.is_success:
            try:
                body: object = response.json()
            except ValueError:
                body = response.text
            raise error_for_status(response, body)
        payload = response.json()
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise error_for_status(response, "token response has no access_token")
        lifetime = float(payload.get("expires_in") or 3600)
        self._token = token
        self._expires_at = time.monotonic() + max(
            lifetime - min(_EARLY_RENEWAL, lifetime / 10), 0.0
        )
        self.fetches += 1
        log.debug("fetched an OAuth token from %s (valid %.0fs)", self.token_url, lifetime)

    def ensure_token(self, http: httpx.Client) -> None:
        if self._valid():
            return
        with self._thread_lock:
            if self._valid():
                return
            request = self._token_request(http)
            try:
                response = http.send(request)
                response.read()
            except httpx.TransportError as exc:
                raise APIConnectionError(
                    request=request, message="Could not reach the token endpoint."
                ) from exc
            self._accept(response)

    async def ensure_token_async(self, http: httpx.AsyncClient) -> None:
        if self._valid():
            return
        if self._task_lock is None:
            self._task_lock = asyncio.Lock()
        async with self._task_lock:
            if self._valid():
                return
            request = self._token_request(http)
            try:
                response = await http.send(request)
                await response.aread()
            except httpx.TransportError as exc:
                raise APIConnectionError(
                    request=request, message="Could not reach the token endpoint."
                ) from exc
            self._accept(response)
