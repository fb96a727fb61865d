"""No secret in any log record (httpx's own included), error message, repr or exposed request."""

from __future__ import annotations

import logging

import pytest
from ingram_micro_reseller._auth import ApiKeyAuth, BasicAuth

from .scripted_server import Reply, ScriptedServer
from .subjects import SECRET, closed_port, oauth_client, reseller, token_reply


def exposed_text(error: reseller.APIError) -> list[str]:
    """Every text a caller or a log handler may show of an error and what it carries."""
    texts = [str(error), repr(error), str(error.request.url), repr(error.request)]
    texts += [f"{name}: {value}" for name, value in error.request.headers.items()]
    response = getattr(error, "response", None)
    if response is not None:
        texts += [str(response.request.url), repr(response)]
    return texts


@pytest.mark.parametrize(
    "scheme",
    [
        ApiKeyAuth("subscription-key", "query", SECRET),
        ApiKeyAuth("X-Subscription", "header", SECRET),
        ApiKeyAuth("session", "cookie", SECRET),
        BasicAuth("user", SECRET),
    ],
    ids=["query", "header", "cookie", "basic"],
)
def test_credentials_stay_out_of_logs_errors_and_requests(
    scheme: ApiKeyAuth | BasicAuth, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx logs every request at INFO, with its full URL
    with (
        ScriptedServer([Reply(500, {"error": "boom"})]).running() as api,
        reseller.Client(base_url=api.url, max_retries=0) as client,
    ):
        client.auth = {"oauth2": scheme}
        with pytest.raises(reseller.InternalServerError) as raised:
            client.orders.get_order_status(order_id="A1")
    (seen,) = api.seen
    assert SECRET in seen.path or any(SECRET in v or "Basic " in v for v in seen.headers.values()), (
        "it was sent"
    )
    assert any(record.name == "httpx" for record in caplog.records), "httpx's own line was captured"
    shown = exposed_text(raised.value) + [caplog.text, repr(scheme)]
    assert not [text for text in shown if SECRET in text or "dXNlcjp2ZXJ5" in text]


def test_a_query_key_stays_out_of_a_connection_error(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with reseller.Client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=1) as client:
        client.auth = {"oauth2": ApiKeyAuth("subscription-key", "query", SECRET)}
        with pytest.raises(reseller.APIConnectionError) as raised:
            client.orders.get_order_status(order_id="A1")
    assert not [text for text in exposed_text(raised.value) + [caplog.text] if SECRET in text]


def test_oauth_secret_and_token_stay_out_of_logs_and_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        ScriptedServer([token_reply("the-access-token-7")]).running() as tokens,
        ScriptedServer([Reply(404, {"error": "no such order"})]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
        pytest.raises(reseller.NotFoundError) as raised,
    ):
        client.orders.get_order_status(order_id="A1")
    shown = exposed_text(raised.value) + [caplog.text, repr(client.auth)]
    assert not [text for text in shown if SECRET in text or "the-access-token-7" in text]
    assert api.seen[0].headers["Authorization"] == "Bearer the-access-token-7"


def test_a_refused_token_request_shows_no_secret() -> None:
    with (
        ScriptedServer([Reply(401, {"error": "invalid_client"})]).running() as tokens,
        oauth_client(tokens.url, tokens.url + "/token") as client,
        pytest.raises(reseller.AuthenticationError) as raised,
    ):
        client.orders.get_order_status(order_id="A1")
    assert not raised.value.request.content, "the token request's form, with the secret, is not exposed"
    assert not [text for text in exposed_text(raised.value) if SECRET in text]
    assert SECRET.encode() in tokens.seen[0].body
