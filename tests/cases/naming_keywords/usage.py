"""Keywords renamed in Python keep their names on the wire."""

from __future__ import annotations

import json

import httpx
from case_naming_keywords import Client, models


def test_keyword_names_round_trip() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {"for": "f", "while": 1, "True": True, "global": "yield"}
        return httpx.Response(200, json=body) if request.method == "GET" else httpx.Response(204)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        found = client.import_.def_(from_="here", lambda_="l", none=False, match_="m")
        client.async_(body=models.Class(for_="a", while_=2))
    assert (found.for_, found.while_, found.true, found.global_) == ("f", 1, True, models.None_.YIELD)
    get, post = seen
    assert get.url.path == "/class/here"
    assert get.url.params.multi_items() == [("lambda", "l"), ("None", "false")]
    assert get.headers["match"] == "m"
    assert json.loads(post.content) == {"for": "a", "while": 2}
