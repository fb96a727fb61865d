"""Each body kind goes on the wire with its own encoding and content type."""

from __future__ import annotations

import httpx
from case_request_bodies import Client, models


def _sent(call: str, body: object) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        assert getattr(client, call)(body=body) is None
    return seen[0]


def test_json_form_multipart_binary_and_text() -> None:
    json_request = _sent("send_json", models.Note(text="hi"))
    assert (json_request.headers["content-type"], json_request.content) == (
        "application/json",
        b'{"text": "hi"}',
    )

    form = _sent("send_form", models.SendFormRequest(user="me", remember=True))
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.content == b"user=me&remember=true"

    multipart = _sent("send_multipart", models.SendMultipartRequest(file=b"\x00PDF", caption="c"))
    assert multipart.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"' in multipart.content and b"\x00PDF" in multipart.content
    assert b'name="caption"\r\n\r\nc\r\n' in multipart.content

    binary = _sent("send_binary", b"\x01\x02")
    assert (binary.headers["content-type"], binary.content) == ("application/octet-stream", b"\x01\x02")

    text = _sent("send_text", "plain words")
    assert (text.headers["content-type"], text.content) == ("text/plain", b"plain words")
