"""Credentials of the generated runtime, over real HTTP on 127.0.0.1: a token server and an API server.

The reseller client's overlay declares OAuth 2.0 client credentials; the tests
point its token URL at a local token server.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import parse_qs

import ingram_micro_reseller as reseller
import pytest
from ingram_micro_reseller._auth import ApiKeyAuth, BasicAuth, OAuth2ClientCredentials

from .scripted_server import Reply, ScriptedServer

SECRET = "very-secret-value-42"
ORDER = {"orderId": "A1", "status": "open"}


def token_reply(token: str = "tok-1", expires_in: float = 3600) -> Reply:
    return Reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": expires_in})


def oauth(token_server: ScriptedServer) -> OAuth2ClientCredentials:
    return OAuth2ClientCredentials(
        token_url=token_server.url + "/token", client_id="me", client_secret=SECRET
    )


def test_constructor_arguments_and_environment_variables_configure_oauth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with reseller.Client(client_id="id-1", client_secret=SECRET) as client:
        scheme = client.auth["oauth2"]
    assert isinstance(scheme, OAuth2ClientCredentials)
    assert scheme.token_url == "https://api.ingrammicro.com:443/oauth/oauth30/token"
    assert (scheme.client_id, scheme.client_secret) == ("id-1", SECRET)
    monkeypatch.setenv("INGRAM_MICRO_RESELLER_CLIENT_ID", "from-env")
    monkeypatch.setenv("INGRAM_MICRO_RESELLER_CLIENT_SECRET", "env-secret")
    with reseller.Client() as client:
        assert client.auth["oauth2"].client_id == "from-env"  # type: ignore[attr-defined]
    monkeypatch.delenv("INGRAM_MICRO_RESELLER_CLIENT_SECRET")
    with reseller.Client() as client:
        assert client.auth == {}, "half the credentials configure nothing"


def test_sandbox_environment_and_headers_set_once_on_the_client() -> None:
    with (
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        reseller.Client(environment="sandbox", customer_number="20-222222", country_code="US") as client,
    ):
        # httpx drops the explicit default port when it parses the URL.
        assert str(client.base_url) == "https://api.ingrammicro.com/sandbox/resellers/v6/"
        with reseller.Client(base_url=api.url, customer_number="20-222222", country_code="US") as client:
            client.orders.get_order_status(order_id="A1")
            client.orders.get_order_status(order_id="A1", country_code="CA")
    first, second = api.seen
    assert first.headers["IM-CustomerNumber"] == "20-222222"
    assert (first.headers["IM-CountryCode"], second.headers["IM-CountryCode"]) == ("US", "CA")
    # A correlation ID per call when none is given, at most 32 characters, new each call.
    ids = [seen.headers["IM-CorrelationID"] for seen in api.seen]
    assert all(0 < len(value) <= 32 for value in ids) and ids[0] != ids[1]


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ValueError, match="choose one of"):
        reseller.Client(environment="staging")  # type: ignore[arg-type]


def test_token_is_fetched_once_and_reused() -> None:
    with (
        ScriptedServer([token_reply()]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        client.auth = {"oauth2": oauth(tokens)}
        client.orders.get_order_status(order_id="A1")
        client.orders.get_order_status(order_id="A2")
    assert len(tokens.seen) == 1
    form = parse_qs(tokens.seen[0].body.decode())
    assert form["grant_type"] == ["client_credentials"] and form["client_secret"] == [SECRET]
    assert [seen.headers["Authorization"] for seen in api.seen] == ["Bearer tok-1", "Bearer tok-1"]


def test_token_is_renewed_before_it_expires() -> None:
    replies = [token_reply("short", expires_in=1), token_reply("next")]
    with (
        ScriptedServer(replies).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        client.auth = {"oauth2": oauth(tokens)}
        client.orders.get_order_status(order_id="A1")
        time.sleep(1.0)
        client.orders.get_order_status(order_id="A1")
    assert [seen.headers["Authorization"] for seen in api.seen] == ["Bearer short", "Bearer next"]


def test_a_401_renews_the_token_once_and_retries() -> None:
    replies = [token_reply("revoked"), token_reply("fresh")]
    with (
        ScriptedServer(replies).running() as tokens,
        ScriptedServer([Reply(401), Reply(201, ORDER)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        client.auth = {"oauth2": oauth(tokens)}
        order = client.orders.create_order(body={"customerOrderNumber": "PO-1"})
    assert order.order_id == "A1"
    assert [seen.headers["Authorization"] for seen in api.seen] == ["Bearer revoked", "Bearer fresh"]


def test_a_second_401_is_an_authentication_error() -> None:
    with (
        ScriptedServer([token_reply()]).running() as tokens,
        ScriptedServer([Reply(401)]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.AuthenticationError),
    ):
        client.auth = {"oauth2": oauth(tokens)}
        client.orders.get_order_status(order_id="A1")
    assert len(api.seen) == 2 and len(tokens.seen) == 2


def test_one_token_fetch_for_100_concurrent_async_calls() -> None:
    scheme_holder: list[OAuth2ClientCredentials] = []

    async def scenario(api_url: str, tokens: ScriptedServer) -> None:
        async with reseller.AsyncClient(base_url=api_url) as client:
            scheme = oauth(tokens)
            scheme_holder.append(scheme)
            client.auth = {"oauth2": scheme}
            results = await asyncio.gather(
                *(client.orders.get_order_status(order_id=f"A{i}") for i in range(100))
            )
            assert len(results) == 100

    # A slow token endpoint makes every call wait for the same fetch.
    with (
        ScriptedServer(
            [Reply(200, {"access_token": "shared", "expires_in": 3600}, delay=0.3)]
        ).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
    ):
        asyncio.run(scenario(api.url, tokens))
    assert len(tokens.seen) == 1 and scheme_holder[0].fetches == 1
    assert len(api.seen) == 100
    assert {seen.headers["Authorization"] for seen in api.seen} == {"Bearer shared"}


def test_secrets_stay_out_of_reprs_logs_and_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ingram_micro_reseller")
    with (
        ScriptedServer([Reply(401, {"error": "invalid_client"})]).running() as tokens,
        reseller.Client(base_url=tokens.url) as client,
    ):
        client.auth = {"oauth2": oauth(tokens)}
        with pytest.raises(reseller.AuthenticationError) as raised:
            client.orders.get_order_status(order_id="A1")
    shown = [repr(client.auth), str(raised.value), repr(raised.value), caplog.text]
    shown += [repr(ApiKeyAuth("X-Key", "header", SECRET)), repr(BasicAuth("user", SECRET))]
    assert all(SECRET not in text for text in shown), shown


def test_api_key_and_basic_schemes_apply_where_declared() -> None:
    with ScriptedServer([Reply(200, ORDER)]).running() as api, reseller.Client(base_url=api.url) as client:
        client.auth = {"oauth2": ApiKeyAuth("api_key", "query", "k1")}
        client.orders.get_order_status(order_id="A1")
        client.auth = {"oauth2": BasicAuth("user", "pw")}
        client.orders.get_order_status(order_id="A1")
    assert api.seen[0].path.endswith("?api_key=k1")
    assert api.seen[1].headers["Authorization"] == "Basic dXNlcjpwdw=="


def test_one_token_fetch_for_calls_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    slow_token = Reply(200, {"access_token": "shared", "expires_in": 3600}, delay=0.3)
    with (
        ScriptedServer([slow_token]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        reseller.Client(base_url=api.url) as client,
    ):
        client.auth = {"oauth2": oauth(tokens)}
        with ThreadPoolExecutor(max_workers=16) as pool:
            orders = list(pool.map(lambda n: client.orders.get_order_status(order_id=f"A{n}"), range(32)))
    assert len(orders) == 32 and len(tokens.seen) == 1
    assert {seen.headers["Authorization"] for seen in api.seen} == {"Bearer shared"}
