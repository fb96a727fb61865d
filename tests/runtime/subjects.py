"""The generated reseller client as the subject of runtime tests, and small helpers around it."""

from __future__ import annotations

import dataclasses
import socket

import ingram_micro_reseller as reseller
from ingram_micro_reseller._auth import OAuth2ClientCredentials
from ingram_micro_reseller._retry import RetryPolicy

from .scripted_server import Reply

__all__ = [
    "ORDER",
    "ORDER_REQUEST",
    "SECRET",
    "closed_port",
    "fast",
    "oauth",
    "oauth_client",
    "reseller",
    "token_reply",
]

SECRET = "very-secret-value-42"
ORDER = {"orderId": "A1", "status": "open"}
ORDER_REQUEST = {"customerOrderNumber": "PO-1", "lines": [{"ingramPartNumber": "X", "quantity": 1}]}
FAST = RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.05)


def fast(client: reseller.Client | reseller.AsyncClient) -> reseller.Client | reseller.AsyncClient:
    """The client with short backoff, keeping its own max_retries."""
    client.retry_policy = dataclasses.replace(FAST, max_retries=client.retry_policy.max_retries)
    return client


def token_reply(token: str = "tok-1", expires_in: object = 3600) -> Reply:
    return Reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": expires_in})


def oauth(token_url: str) -> OAuth2ClientCredentials:
    return OAuth2ClientCredentials(token_url=token_url, client_id="me", client_secret=SECRET)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oauth_client(api_url: str, token_url: str, **options: object) -> reseller.Client:
    """The reseller client with OAuth client credentials, fetching tokens from `token_url`."""
    return reseller.Client(
        base_url=api_url,
        client_id="me",
        client_secret=SECRET,
        token_url=token_url,
        **options,  # type: ignore[arg-type]
    )
