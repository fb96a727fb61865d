"""Enums accept known values and keep values added to the API later."""

from __future__ import annotations

import httpx
from case_enums import Client, models

PAYLOAD = [{"name": "a", "status": "on-hold", "size": -1, "sign": "+1"}, {"name": "b", "status": "lost"}]


def _list_pets(seen: list[httpx.Request]) -> list[models.Pet]:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=PAYLOAD)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        return client.list_pets(status=models.Status.ON_HOLD, sizes=[models.Size.VALUE_MINUS_1, 2])


def test_known_and_unknown_values() -> None:
    seen: list[httpx.Request] = []
    first, second = _list_pets(seen)
    assert (first.status, first.size, first.sign) == (
        models.Status.ON_HOLD,
        models.Size.VALUE_MINUS_1,
        models.Sign.PLUS_1,
    )
    assert second.status == "lost"
    assert second.colour == "red"
    assert seen[0].url.params.multi_items() == [("status", "on-hold"), ("sizes", "-1"), ("sizes", "2")]


def test_known_values_parse_as_members() -> None:
    first, _ = _list_pets([])
    assert first.status is models.Status.ON_HOLD


def test_member_values_survive_escaping() -> None:
    assert [member.value for member in models.Sign] == [
        "+1",
        "-1",
        "",
        "name",
        "value",
        "class",
        "Ünïcödé",
        "🎉",
    ]
    assert models.Status("on_hold") is models.Status.ON_HOLD_2
