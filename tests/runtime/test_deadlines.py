"""`timeout` bounds a whole attempt, token fetches included; a failed token fetch is shared by its waiters."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .scripted_server import Reply, ScriptedServer
from .subjects import ORDER, SECRET, oauth_client, reseller, token_reply


def elapsed(started: float) -> float:
    return time.monotonic() - started


@pytest.mark.parametrize("drip_from", ["body", "headers"])
def test_a_dripping_server_cannot_hold_a_call_past_its_timeout(drip_from: str) -> None:
    # One byte every 0.2 s: each read is quick, the whole answer would take over 10 s.
    dripping = Reply(200, {**ORDER, "note": "x" * 40}, drip=0.2, drip_from=drip_from)
    with (
        ScriptedServer([dripping]).running() as api,
        reseller.Client(base_url=api.url, max_retries=0) as client,
    ):
        started = time.monotonic()
        with pytest.raises(reseller.APITimeoutError):
            client.orders.get_order_status(order_id="A1", timeout=1.0)
        assert elapsed(started) < 2.0


def test_a_dripping_server_cannot_hold_an_async_call_past_its_timeout() -> None:
    async def call(url: str) -> None:
        async with reseller.AsyncClient(base_url=url, max_retries=0, timeout=1.0) as client:
            await client.orders.get_order_status(order_id="A1")

    dripping = Reply(200, {**ORDER, "note": "x" * 40}, drip=0.2)
    with ScriptedServer([dripping]).running() as api:
        started = time.monotonic()
        with pytest.raises(reseller.APITimeoutError):
            asyncio.run(call(api.url))
        assert elapsed(started) < 2.0


def test_the_token_fetch_honours_the_calls_timeout() -> None:
    with (
        ScriptedServer([Reply(200, {"access_token": "late"}, delay=4.0)]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
    ):
        started = time.monotonic()
        with pytest.raises(reseller.APITokenError, match="timed out"):
            client.orders.get_order_status(order_id="A1", timeout=0.5)
        assert elapsed(started) < 1.5
    assert api.seen == []


def test_callers_waiting_for_a_failing_token_fetch_share_its_failure() -> None:
    slow_failure = Reply(500, {"error": "down"}, delay=0.5)
    with (
        ScriptedServer([slow_failure]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
        oauth_client(api.url, tokens.url + "/token") as client,
    ):
        started = time.monotonic()

        def call(n: int) -> type[Exception]:
            try:
                client.orders.get_order_status(order_id=f"A{n}")
            except reseller.APIError as exc:
                return type(exc)
            return type(None)  # type: ignore[return-value]

        with ThreadPoolExecutor(max_workers=5) as pool:
            outcomes = list(pool.map(call, range(5)))
        took = elapsed(started)
    assert outcomes == [reseller.InternalServerError] * 5
    assert len(tokens.seen) == 1, "one fetch, its failure shared; not one fetch after another"
    assert took < 1.5, f"the last caller waited {took:.1f}s"
    assert api.seen == []


def test_a_hundred_async_calls_make_one_failing_token_fetch_then_try_again_later() -> None:
    async def calls(url: str, token_url: str) -> list[BaseException | object]:
        async with reseller.AsyncClient(
            base_url=url, client_id="me", client_secret=SECRET, token_url=token_url
        ) as client:
            first = await asyncio.gather(
                *(client.orders.get_order_status(order_id=f"A{n}") for n in range(100)),
                return_exceptions=True,
            )
            await asyncio.sleep(0.7)  # past the pause after a failure: the next call tries again
            return [*first, await client.orders.get_order_status(order_id="B")]

    with (
        ScriptedServer([Reply(500, {"error": "down"}, delay=0.2), token_reply("t2")]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
    ):
        outcomes = asyncio.run(calls(api.url, tokens.url + "/token"))
    assert all(isinstance(outcome, reseller.InternalServerError) for outcome in outcomes[:100])
    assert isinstance(outcomes[100], reseller.models.Order)
    assert len(tokens.seen) == 2
