"""Union responses parse into the member the payload fits; requests accept any member."""

from __future__ import annotations

import json
import uuid

import httpx
from case_unions import Client, models


def test_each_member_parses_as_itself() -> None:
    sent: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content) if request.content else None)
        if request.url.path == "/ids":
            return httpx.Response(200, json="3fa85f64-5717-4562-b3fc-2c963f66afa6")
        return httpx.Response(200, content=request.content)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        square = client.add_shape(body=models.Square(kind="square", side=2.0))
        circle = client.add_shape(body={"kind": "circle", "radius": 1.5})
        identifier = client.get_id()
    assert isinstance(square, models.Square) and square.side == 2.0
    assert isinstance(circle, models.Circle) and circle.radius == 1.5
    assert identifier == uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    assert sent[:2] == [{"kind": "square", "side": 2.0}, {"kind": "circle", "radius": 1.5}]
