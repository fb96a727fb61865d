"""Credentials declared by the spec reach the wire where each operation's `security` says."""

from __future__ import annotations

import httpx
import pytest
from case_security import Client, models


def _client(seen: list[httpx.Request], **options: str) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/things"):
            items = [] if request.url.params.get("offset") == "2" else [{"id": "a"}, {"id": "b"}]
            return httpx.Response(200, json={"items": items})
        if request.method == "DELETE" or request.url.path.endswith("/health"):
            return httpx.Response(204)
        return httpx.Response(200, json={"id": "a"})

    return Client(base_url="https://api.example.test/v1", transport=httpx.MockTransport(handler), **options)


def test_each_operation_uses_its_first_configured_alternative() -> None:
    seen: list[httpx.Request] = []
    with _client(seen, header_key="hk", query_key="qk", username="u", password="p", token="t") as client:
        client.get_thing(id="a")  # the document's default: headerKey
        client.list_things()  # queryKey first, then bearer
        client.delete_thing(id="a")  # basic first
        client.health()  # security: [] sends nothing
    get, listed, deleted, health = seen
    assert get.headers["X-API-Key"] == "hk" and "authorization" not in get.headers
    assert listed.url.params["api_key"] == "qk" and "authorization" not in listed.headers
    assert deleted.headers["Authorization"] == "Basic dTpw"
    assert "x-api-key" not in health.headers and "authorization" not in health.headers


def test_later_alternatives_and_cookies() -> None:
    seen: list[httpx.Request] = []
    with _client(seen, token="t", cookie_key="ck") as client:
        client.list_things()
        client.delete_thing(id="a")
    assert seen[0].headers["Authorization"] == "Bearer t"
    assert seen[1].headers["Cookie"] == "session=ck"


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASE_SECURITY_HEADER_KEY", "from-env")
    seen: list[httpx.Request] = []
    with _client(seen) as client:
        client.get_thing(id="a")
    assert seen[0].headers["X-API-Key"] == "from-env"


def test_environment_servers_fill_in_their_variables() -> None:
    with Client(environment="sandbox") as client:
        assert str(client.base_url) == "https://eu.sandbox.example.test/v1/"


def test_required_request_id_is_generated_and_offset_pages_are_walked() -> None:
    seen: list[httpx.Request] = []
    with _client(seen, query_key="qk") as client:
        things = list(client.iter_list_things(limit=2))
    assert things == [models.Thing(id="a"), models.Thing(id="b")]
    assert [request.url.params["offset"] for request in seen] == ["0", "2"]
    assert len({request.headers["X-Request-ID"] for request in seen}) == 2
