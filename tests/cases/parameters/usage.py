"""Every parameter location reaches the wire, encoded by its style."""

from __future__ import annotations

import httpx
from case_parameters import Client, models


def test_all_locations() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"name": "f"})

    with Client(base_url="https://api.example.test/v1", transport=httpx.MockTransport(handler)) as client:
        result = client.get_file(
            user_id=7,
            file_name="a b/c",
            limit=10,
            tags=["x", "y"],
            ids=[1, 2],
            spaced=["p", "q"],
            piped=["r", "s"],
            filter=models.GetFileFilter(owner="me"),
            x_request_id="rid",
            x_flags=["f1", "f2"],
            session="cookie-value",
        )
    assert result.name == "f"
    [request] = seen
    assert request.url.raw_path.startswith(b"/v1/users/7/files/a%20b%2Fc?")
    assert request.url.params.multi_items() == [
        ("limit", "10"),
        ("tags", "x"),
        ("tags", "y"),
        ("ids", "1,2"),
        ("spaced", "p q"),
        ("piped", "r|s"),
        ("filter[owner]", "me"),
    ]
    assert (request.headers["x-request-id"], request.headers["x-flags"]) == ("rid", "f1,f2")
    assert request.headers["cookie"] == "session=cookie-value"


def test_optional_parameters_left_out_send_nothing() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        client.get_file(user_id=1, file_name="f", limit=10)
    assert seen[0].url.params.multi_items() == [("limit", "10")]
    assert "x-request-id" not in seen[0].headers and "cookie" not in seen[0].headers
