"""Token renewal under threads, and one async client used from several event loops in turn."""

from __future__ import annotations

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor

from .scripted_server import Reply, ScriptedServer
from .subjects import ORDER, SECRET, reseller, token_reply


def test_renewal_after_401s_in_other_threads_never_sends_without_a_token() -> None:
    chance = random.Random(7)
    answers = [Reply(401) if chance.random() < 0.4 else Reply(200, ORDER) for _ in range(1600)]
    tokens = [token_reply(f"t{n}") for n in range(1600)]
    with (
        ScriptedServer(tokens).running() as token_server,
        ScriptedServer(answers).running() as api,
        reseller.Client(
            base_url=api.url, client_id="me", client_secret=SECRET, token_url=token_server.url + "/token"
        ) as client,
    ):

        def call(n: int) -> str:
            try:
                client.orders.get_order_status(order_id=f"A{n}")
            except reseller.AuthenticationError:
                return "refused"
            return "ok"

        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(call, range(1200)))
    assert set(outcomes) <= {"ok", "refused"}, "no RuntimeError, nothing but the API's own answers"
    assert all(seen.headers.get("Authorization", "").startswith("Bearer t") for seen in api.seen)


def test_an_async_client_serves_several_event_loops_in_turn() -> None:
    with (
        ScriptedServer([token_reply("t1")]).running() as tokens,
        ScriptedServer([Reply(200, ORDER)]).running() as api,
    ):
        client = reseller.AsyncClient(
            base_url=api.url, client_id="me", client_secret=SECRET, token_url=tokens.url + "/token"
        )

        async def call() -> str | None:
            return (await client.orders.get_order_status(order_id="A1")).order_id

        assert asyncio.run(call()) == "A1"
        assert asyncio.run(call()) == "A1"
        client.auth["oauth2"].invalidate(None)  # type: ignore[attr-defined]
        assert asyncio.run(call()) == "A1", "a token fetch under a third loop works too"

        async def close() -> None:
            await client.close()

        asyncio.run(close())
    assert len(api.seen) == 3
