"""Remote specs, pinned: fetching with limits, the lock file, kept copies checked by hash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spec_server import SpecServer

from generator import pins
from generator.diagnostics import Location, SpecError

SPEC = b"openapi: 3.0.3\ninfo: {title: Pinned, version: '1'}\npaths: {}\n"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SpecServer]:
    monkeypatch.setenv(pins.ALLOW_LOOPBACK_HTTP_ENV, "1")
    with SpecServer().running() as running:
        yield running


def _error(exc: pytest.ExceptionInfo[SpecError]) -> str:
    [line] = [str(d) for d in exc.value.diagnostics.errors]
    return line


def test_only_https_urls_unless_loopback_http_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    here = Location("pyproject.toml")
    assert pins.check_url("https://api.example.com/openapi.yaml", here)
    monkeypatch.delenv(pins.ALLOW_LOOPBACK_HTTP_ENV, raising=False)
    for url in (
        "http://127.0.0.1:8000/spec.yaml",
        "http://example.com/spec.yaml",
        "ftp://example.com/x",
        "https://",
    ):
        with pytest.raises(SpecError, match="must be an https:// URL"):
            pins.check_url(url, here)
    monkeypatch.setenv(pins.ALLOW_LOOPBACK_HTTP_ENV, "1")
    assert pins.check_url("http://127.0.0.1:8000/spec.yaml", here)
    with pytest.raises(SpecError):  # the switch opens 127.0.0.1 only
        pins.check_url("http://example.com/spec.yaml", here)


def test_copy_path_from_target_name_and_url_suffix() -> None:
    assert (
        pins.default_copy_path("pet-store", "https://x.test/v1/openapi.JSON?raw=1") == "specs/pet-store.json"
    )
    assert pins.default_copy_path("a b/../c", "https://x.test/spec") == "specs/a-b-..-c.yaml"


def test_fetch_follows_same_origin_redirects_only(server: SpecServer) -> None:
    server.serve("/spec.yaml", SPEC)
    assert pins.fetch(server.redirect("/moved", "/spec.yaml")) == SPEC
    with SpecServer().running() as other:  # another port is another origin
        elsewhere = other.serve("/spec.yaml", SPEC)
        with pytest.raises(SpecError) as exc:
            pins.fetch(server.redirect("/away", elsewhere))
        assert "redirected to another origin" in _error(exc)
        assert other.requests == []


def test_fetch_limits_size_and_time(server: SpecServer) -> None:
    with pytest.raises(SpecError) as exc:
        pins.fetch(server.serve("/big.yaml", b"x" * 2000), max_bytes=1000)
    assert "larger than 1000 bytes" in _error(exc)
    with pytest.raises(SpecError) as exc:
        pins.fetch(server.serve("/slow.yaml", SPEC, delay_seconds=2.0), timeout=0.3)
    assert "cannot fetch" in _error(exc)
    with pytest.raises(SpecError) as exc:
        pins.fetch(server.url("/absent.yaml"))
    assert _error(exc).endswith("HTTP 404 Not Found")


def test_lock_text_is_deterministic_and_sorted() -> None:
    first = {
        "b": pins.Pin("https://b.test/s.yaml", "specs/b.yaml", "22", 2),
        "a": pins.Pin("https://a.test/s.yaml", "specs/a.yaml", "11", 1),
    }
    text = pins.lock_text(first)
    assert text == pins.lock_text(dict(reversed(first.items())))
    document = json.loads(text)
    assert list(document["specs"]) == ["a", "b"]
    assert document["specs"]["a"] == {
        "path": "specs/a.yaml",
        "sha256": "11",
        "size": 1,
        "url": "https://a.test/s.yaml",
    }


def test_a_lock_path_outside_the_repository_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / pins.LOCK_NAME
    lock.write_text(pins.lock_text({"a": pins.Pin("https://a.test/s.yaml", "../elsewhere.yaml", "11", 1)}))
    with pytest.raises(SpecError, match="relative path inside the repository"):
        pins.read_lock(lock)
    lock.write_text("{not json")
    with pytest.raises(SpecError, match="not a clientgen lock file"):
        pins.read_lock(lock)


def test_pinned_once_then_read_offline(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    lock = tmp_path / pins.LOCK_NAME
    copy = pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True)
    assert copy == tmp_path / "specs" / "pet.yaml" and copy.read_bytes() == SPEC
    [pin] = pins.read_lock(lock).values()
    assert (pin.url, pin.path, pin.size) == (url, "specs/pet.yaml", len(SPEC))
    assert pin.sha256 == pins.own_files.sha256(SPEC)
    server.serve("/spec.yaml", SPEC + b"# changed upstream\n")
    assert pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True).read_bytes() == SPEC
    assert pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=False).read_bytes() == SPEC
    assert server.requests == ["/spec.yaml"]  # fetched once


def test_a_copy_edited_by_hand_is_an_error(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    lock = tmp_path / pins.LOCK_NAME
    copy = pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True)
    copy.write_bytes(SPEC + b"# edited\n")
    for may_fetch in (True, False):
        with pytest.raises(SpecError) as exc:
            pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=may_fetch)
        line = _error(exc)
        assert line.startswith(f"{copy}: error: does not match its pin in clientgen.lock")
        assert "clientgen update pet" in line


def test_without_fetching_an_unpinned_spec_is_an_error(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    with pytest.raises(SpecError, match="is not pinned yet"):
        pins.local_copy("pet", url, tmp_path / pins.LOCK_NAME, "specs/pet.yaml", may_fetch=False)
    assert server.requests == []


def test_a_lost_copy_is_fetched_again_only_if_it_still_matches(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    lock = tmp_path / pins.LOCK_NAME
    copy = pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True)
    copy.unlink()
    assert pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True).read_bytes() == SPEC
    copy.unlink()
    server.serve("/spec.yaml", SPEC + b"# new\n")
    with pytest.raises(SpecError, match="no longer serves the pinned spec"):
        pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True)
    assert not copy.exists()


def test_pinning_never_overwrites_a_file_of_the_users(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "pet.yaml").write_text("mine\n")
    with pytest.raises(SpecError, match="refusing to overwrite"):
        pins.local_copy("pet", url, tmp_path / pins.LOCK_NAME, "specs/pet.yaml", may_fetch=True)
    assert (tmp_path / "specs" / "pet.yaml").read_text() == "mine\n"
    assert not (tmp_path / pins.LOCK_NAME).exists()


def test_update_fetches_again_and_rewrites_the_pin(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/spec.yaml", SPEC)
    lock = tmp_path / pins.LOCK_NAME
    pins.local_copy("pet", url, lock, "specs/pet.yaml", may_fetch=True)
    assert pins.fetch_update("pet", url, lock, "specs/pet.yaml").unchanged
    newer = SPEC + b"# v2\n"
    server.serve("/spec.yaml", newer)
    update = pins.fetch_update("pet", url, lock, "specs/pet.yaml")
    assert not update.unchanged and update.previous is not None and update.previous.size == len(SPEC)
    pin = pins.apply_update("pet", lock, update)
    assert (tmp_path / "specs" / "pet.yaml").read_bytes() == newer
    assert pins.read_lock(lock)["pet"] == pin and pin.sha256 == pins.own_files.sha256(newer)
