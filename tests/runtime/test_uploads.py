"""Raw and multipart bodies from files, paths and iterators, streamed over real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ingram_micro_reseller._base_client import APIRequest

from .scripted_server import Reply, ScriptedServer
from .subjects import fast, reseller

MiB = 1024 * 1024


def upload(content: Any, method: str = "PUT") -> APIRequest[None]:
    return APIRequest(
        method=method,
        path="/upload",
        response_types={"204": None},
        content=content,
        content_type="application/octet-stream",
    )


def digest(data: bytes) -> bytes:
    return f"{len(data)}:{hashlib.sha256(data).hexdigest()}".encode()


@pytest.fixture
def big_file(tmp_path: Path) -> tuple[Path, bytes]:
    data = bytes(range(256)) * (32 * 1024)  # 8 MiB
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    return path, data


def test_a_path_is_streamed_not_read_whole(big_file: tuple[Path, bytes]) -> None:
    path, data = big_file
    with ScriptedServer([Reply(204)]).running() as api, reseller.Client(base_url=api.url) as client:
        api.digest_bodies = True
        tracemalloc.start()
        try:
            client.send(upload(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert api.seen[0].body == digest(data)
    assert peak < 2 * MiB, f"an 8 MiB file sent with a peak of {peak / MiB:.1f} MiB"


def test_a_file_is_rewound_for_a_retry(big_file: tuple[Path, bytes]) -> None:
    path, data = big_file
    with (
        ScriptedServer([Reply(503), Reply(204)]).running() as api,
        fast(reseller.Client(base_url=api.url)) as client,
        path.open("rb") as file,
    ):
        api.digest_bodies = True
        client.send(upload(file))  # a PUT: safe to repeat
    assert [seen.body for seen in api.seen] == [digest(data), digest(data)]


def test_an_iterator_body_is_sent_once_and_never_retried() -> None:
    def chunks() -> Iterator[bytes]:
        yield from (b"part-%d;" % n for n in range(5))

    with (
        ScriptedServer([Reply(503), Reply(204)]).running() as api,
        fast(reseller.Client(base_url=api.url)) as client,
        pytest.raises(reseller.InternalServerError),
    ):
        client.send(upload(chunks()))
    assert [seen.body for seen in api.seen] == [b"part-0;part-1;part-2;part-3;part-4;"]


def test_a_redirect_needing_a_streamed_body_again_is_refused() -> None:
    with (
        ScriptedServer([Reply(307, headers={"Location": "/elsewhere"}), Reply(204)]).running() as api,
        reseller.Client(base_url=api.url) as client,
        pytest.raises(reseller.APIRedirectError, match="streamed"),
    ):
        client.send(upload(io.BytesIO(b"payload"), method="POST"))
    assert len(api.seen) == 1


def test_multipart_parts_from_paths_and_files(tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_bytes(b"a,b\n1,2\n")
    body = {"file": report, "attachment": ("notes.txt", io.BytesIO(b"hello"), "text/plain"), "caption": "Q3"}
    request: APIRequest[None] = APIRequest(
        method="POST", path="/files", response_types={"204": None}, multipart=body
    )
    with ScriptedServer([Reply(204)]).running() as api, reseller.Client(base_url=api.url) as client:
        client.send(request)
    sent = api.seen[0].body
    assert b'filename="report.csv"' in sent and b"a,b\n1,2\n" in sent
    assert b'filename="notes.txt"' in sent and b"Content-Type: text/plain" in sent and b"hello" in sent
    assert b'name="caption"' in sent and b"Q3" in sent
