"""Redirects, over real HTTP on 127.0.0.1: no credential, body or order crosses to another origin.

A second server on another port is "another origin" (scheme, host and port).
"""

from __future__ import annotations

import pytest

from .scripted_server import Reply, ScriptedServer
from .subjects import ORDER, ORDER_REQUEST, SECRET, closed_port, oauth_client, reseller, token_reply


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirecting_token_endpoint_gets_no_secret_and_gives_no_token(status: int) -> None:
    with (
        ScriptedServer([token_reply("foreign-token")]).running() as elsewhere,
        ScriptedServer([Reply(status, headers={"Location": elsewhere.url + "/token"})]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
        pytest.raises(reseller.APITokenError, match="redirect") as raised,
    ):
        client.orders.get_order_status(order_id="A1")
    assert elsewhere.seen == [] and api.seen == [], "neither the secret nor a foreign token travelled"
    assert len(tokens.seen) == 1
    assert SECRET not in str(raised.value) and not raised.value.request.content


@pytest.mark.parametrize("status", [307, 308])
def test_an_order_redirected_to_another_origin_is_not_resent(status: int) -> None:
    with (
        ScriptedServer([Reply(201, ORDER)]).running() as elsewhere,
        ScriptedServer([Reply(status, headers={"Location": elsewhere.url + "/orders"})]).running() as api,
        reseller.Client(base_url=api.url, customer_number="20-222222") as client,
        pytest.raises(reseller.APIRedirectError, match="another origin") as raised,
    ):
        client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]
    assert elsewhere.seen == [], "no body, no customer header went to the other origin"
    assert [seen.method for seen in api.seen] == ["POST"]
    assert raised.value.location == elsewhere.url + "/orders"
    assert isinstance(raised.value, reseller.APIError)


@pytest.mark.parametrize("status", [301, 302, 303])
def test_an_order_answered_with_a_method_changing_redirect_is_an_error_not_a_get(status: int) -> None:
    with (
        ScriptedServer([Reply(status, headers={"Location": "/elsewhere"}), Reply(200)]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIRedirectError, match="into a GET"),
    ):
        client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]
    assert [seen.method for seen in api.seen] == ["POST"]


def test_a_redirect_to_a_closed_port_reaches_the_first_server_once() -> None:
    port = closed_port()
    with (
        ScriptedServer(
            [Reply(307, headers={"Location": f"http://127.0.0.1:{port}/orders"})]
        ).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIRedirectError),
    ):
        client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]
    assert len(api.seen) == 1


def test_a_redirect_loop_is_an_api_error() -> None:
    loop = [Reply(302, headers={"Location": "/orders/B"}), Reply(302, headers={"Location": "/orders/A1"})]
    with (
        ScriptedServer(loop * 3).running() as api,
        reseller.Client(base_url=api.url, max_retries=0) as client,
        pytest.raises(reseller.APIRedirectError, match="loop"),
    ):
        client.orders.get_order_status(order_id="A1")
    assert [seen.path for seen in api.seen] == ["/orders/A1", "/orders/B"]


def test_redirect_hops_are_bounded() -> None:
    hops = [Reply(302, headers={"Location": f"/hop/{n}"}) for n in range(30)]
    with (
        ScriptedServer(hops).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIRedirectError, match="10 redirects"),
    ):
        client.orders.get_order_status(order_id="A1")
    assert len(api.seen) == 11


def test_same_origin_redirects_are_followed_with_credentials_and_body() -> None:
    replies = [
        token_reply("t1"),
    ]
    with (
        ScriptedServer(replies).running() as tokens,
        ScriptedServer(
            [
                Reply(301, headers={"Location": "/v2/orders/A1"}),
                Reply(200, ORDER),
                Reply(307, headers={"Location": "/v2/orders"}),
                Reply(201, ORDER),
            ]
        ).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
    ):
        assert client.orders.get_order_status(order_id="A1").order_id == "A1"
        assert client.orders.create_order(body=ORDER_REQUEST).order_id == "A1"  # type: ignore[arg-type]
    assert [(s.method, s.path) for s in api.seen] == [
        ("GET", "/orders/A1"),
        ("GET", "/v2/orders/A1"),
        ("POST", "/orders"),
        ("POST", "/v2/orders"),
    ]
    assert {s.headers["Authorization"] for s in api.seen} == {"Bearer t1"}
    assert api.seen[2].body == api.seen[3].body and b"PO-1" in api.seen[3].body


def test_cross_origin_redirects_when_asked_for_carry_no_credential_or_call_header() -> None:
    with (
        ScriptedServer([token_reply("t1")]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as elsewhere,
        ScriptedServer([Reply(302, headers={"Location": elsewhere.url + "/mirror/A1"})]).running() as api,
        reseller.Client(
            base_url=api.url,
            client_id="me",
            client_secret=SECRET,
            token_url=tokens.url + "/token",
            customer_number="20-222222",
            follow_cross_origin_redirects=True,
        ) as client,
    ):
        assert client.orders.get_order_status(order_id="A1").order_id == "A1"
        with pytest.raises(reseller.APIRedirectError, match="never sent to another origin"):
            api.replies = [Reply(307, headers={"Location": elsewhere.url + "/orders"})]
            client.orders.create_order(body=ORDER_REQUEST)  # type: ignore[arg-type]
    (followed,) = elsewhere.seen
    assert followed.method == "GET" and followed.path == "/mirror/A1"
    lowered = {name.lower() for name in followed.headers}
    assert not lowered & {"authorization", "cookie", "im-customernumber", "im-correlationid"}
