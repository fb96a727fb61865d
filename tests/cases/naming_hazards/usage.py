"""Renamed identifiers still reach the right place on the wire and never hide the client's own."""

from __future__ import annotations

import json

import httpx
from case_naming_hazards import Client, models


def _client(answers: dict[str, object], seen: list[httpx.Request]) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.get(request.url.path)
        return httpx.Response(204) if answer is None else httpx.Response(200, json=answer)

    return Client(base_url="https://api.example.test", timeout=7.0, transport=httpx.MockTransport(handler))


def test_fields_keep_their_wire_names() -> None:
    wire = {
        "model_config": "a",
        "json": "b",
        "copy": True,
        "+1": 1,
        "-1": -1,
        "$ref": "r",
        "fooBar": "x",
        "foo_bar": "y",
    }
    thing = models.Thing.model_validate(wire)
    assert (thing.model_config__, thing.json_, thing.plus_1, thing.minus_1, thing.ref) == (
        "a",
        "b",
        1,
        -1,
        "r",
    )
    assert (thing.foo_bar, thing.foo_bar_2) == ("x", "y")
    assert thing.model_dump(mode="json", by_alias=True, exclude_unset=True) == wire
    assert models.Thing.model_config["extra"] == "allow"


def test_groups_and_methods_do_not_replace_client_attributes() -> None:
    seen: list[httpx.Request] = []
    answers = {"/client/things": [{"+1": 2}], "/timeout": 3, "/send": {"id": "t"}}
    with _client(answers, seen) as client:
        assert client.timeout == 7.0
        things = client.client.list_things()
        assert client.timeout_.get_timeout() == 3
        sent = client.send_(body=models.Thing(plus_1=5), body_="q", timeout_=9)
        assert client.close_() is None
    assert things[0].plus_1 == 2
    assert isinstance(sent, models.Thing2) and sent.id == "t"
    assert seen[2].url.params.multi_items() == [("body", "q"), ("timeout", "9")]
    assert json.loads(seen[2].content) == {"+1": 5}
    assert [request.url.path for request in seen] == ["/client/things", "/timeout", "/send", "/close"]
