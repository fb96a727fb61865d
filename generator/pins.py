"""Remote specs, pinned: a target's `https://` spec is fetched once, kept in the repository, and
its SHA-256 recorded in `clientgen.lock`; `generate` and `check` then read the kept copy offline.

Only `fetch` touches the network, and only `generate` (for a spec not fetched yet), `init` and
`update` call it; `check` never does.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator import own_files
from generator.diagnostics import Location, SpecError

if TYPE_CHECKING:
    import urllib.request

LOCK_NAME = "clientgen.lock"
MAX_SPEC_BYTES = 64 * 1024 * 1024  # GitHub's description, among the largest, is about 11 MB
FETCH_TIMEOUT_SECONDS = 60.0  # for the whole download; each connect and read gets the same
# Plain http is refused, except to 127.0.0.1 when this is "1": what the tests' local server needs.
ALLOW_LOOPBACK_HTTP_ENV = "CLIENTGEN_ALLOW_HTTP_LOOPBACK"
_LOCK_VERSION = 1
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Pin:
    """A fetched spec's entry in `clientgen.lock`."""

    url: str
    path: str  # the kept copy, relative to the lock's folder
    sha256: str
    size: int


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("https://", "http://"))


def _loopback_http_allowed(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "http"
        and parts.hostname == "127.0.0.1"
        and os.environ.get(ALLOW_LOOPBACK_HTTP_ENV) == "1"
    )


def check_url(url: str, location: Location) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if _loopback_http_allowed(url):
        return url
    raise SpecError(f"a remote spec must be an https:// URL, not {url!r}", location)


def default_copy_path(target_name: str, url: str) -> str:
    """Where a target's remote spec is kept: `specs/<target name><the URL's suffix>`."""
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", target_name).strip(".-") or "spec"
    return f"specs/{stem}{suffix if suffix in _SPEC_SUFFIXES else '.yaml'}"


# ---- fetching -------------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or {"https": 443, "http": 80}.get(parts.scheme)


class _CrossOriginRedirect(Exception):
    pass


def _same_origin_redirects() -> urllib.request.HTTPRedirectHandler:
    """A handler that follows a redirect only within the spec URL's origin (scheme, host and port).
    Made here: urllib.request costs 20 ms to import, and only fetching needs it."""
    import urllib.request

    class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = 5

        def redirect_request(
            self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
        ) -> urllib.request.Request | None:
            if _origin(newurl) != _origin(req.full_url):
                raise _CrossOriginRedirect(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return SameOriginRedirects()


def fetch(url: str, timeout: float = FETCH_TIMEOUT_SECONDS, max_bytes: int = MAX_SPEC_BYTES) -> bytes:
    """The document at `url`: at most `max_bytes`, within `timeout` seconds, redirected only within
    its origin. Every failure is one line of bad input naming the URL."""
    location = Location(check_url(url, Location(url)))
    import urllib.error
    import urllib.request

    handlers: list[urllib.request.BaseHandler] = [_same_origin_redirects()]
    if _loopback_http_allowed(url):
        handlers.append(urllib.request.ProxyHandler({}))  # a test's local server, never through a proxy
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(
        url, headers={"User-Agent": "clientgen", "Accept": "application/yaml, application/json, */*"}
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise SpecError(f"cannot fetch: the spec is larger than {max_bytes} bytes", location)
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(64 * 1024):
                received += len(chunk)
                if received > max_bytes:
                    raise SpecError(f"cannot fetch: the spec is larger than {max_bytes} bytes", location)
                if time.monotonic() > deadline:
                    raise SpecError(f"cannot fetch: took longer than {timeout:g} s", location)
                chunks.append(chunk)
    except _CrossOriginRedirect as exc:
        raise SpecError(
            f"cannot fetch: redirected to another origin ({exc}); use that URL if you trust it", location
        ) from None
    except urllib.error.HTTPError as exc:
        raise SpecError(f"cannot fetch: HTTP {exc.code} {exc.reason}", location) from None
    except urllib.error.URLError as exc:
        raise SpecError(f"cannot fetch: {exc.reason}", location) from None
    except TimeoutError:
        raise SpecError(f"cannot fetch: no answer within {timeout:g} s", location) from None
    except OSError as exc:
        raise SpecError(f"cannot fetch: {exc}", location) from None
    return b"".join(chunks)


# ---- the lock file ----------------------------------------------------------------------------


def lock_text(pins: dict[str, Pin]) -> str:
    """The lock's content: sorted and free of timestamps, so the same pins give the same bytes."""
    document = {
        "comment": "Remote specs pinned by clientgen: `clientgen update` rewrites this file.",
        "version": _LOCK_VERSION,
        "specs": {name: asdict(pin) for name, pin in sorted(pins.items())},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _checked_relative(path: object, location: Location) -> str:
    posix = PurePosixPath(str(path))
    if not isinstance(path, str) or posix.is_absolute() or ".." in posix.parts or not posix.parts:
        raise SpecError("each pin's path must be a relative path inside the repository", location)
    return posix.as_posix()


def read_lock(lock: Path) -> dict[str, Pin]:
    if not lock.is_file():
        return {}
    location = Location(str(lock))
    try:
        document = json.loads(lock.read_text(encoding="utf-8"))
        entries = document["specs"]
        if document.get("version") != _LOCK_VERSION or not isinstance(entries, dict):
            raise ValueError(f"version {_LOCK_VERSION} with a `specs` table expected")
        pins = {}
        for name, entry in entries.items():
            where = Location(str(lock), f"/specs/{name}")
            pins[name] = Pin(
                url=str(entry["url"]),
                path=_checked_relative(entry["path"], where),
                sha256=str(entry["sha256"]),
                size=int(entry["size"]),
            )
        return pins
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SpecError(f"not a clientgen lock file: {exc}", location) from None


def _store(name: str, url: str, lock: Path, copy_path: str, data: bytes, previous: Pin | None) -> Pin:
    """Keep `data` as the target's copy and record it in the lock; the copy replaces only a file
    that matches the previous pin (ours), never one of the user's."""
    pin = Pin(url=url, path=copy_path, sha256=own_files.sha256(data), size=len(data))
    own_files.replace_owned(lock.parent / copy_path, data, previous.sha256 if previous else None)
    pins = read_lock(lock)
    pins[name] = pin
    own_files.replace(lock, lock_text(pins).encode("utf-8"))
    return pin


def verified_copy(lock: Path, pin: Pin, name: str) -> Path:
    """The kept copy, after checking its bytes against the pin: a copy edited by hand is an error."""
    copy = lock.parent / pin.path
    actual = own_files.sha256(copy.read_bytes())
    if actual != pin.sha256:
        raise SpecError(
            f"does not match its pin in {LOCK_NAME} (sha256 {actual[:12]}... on disk, {pin.sha256[:12]}... "
            f"pinned): restore it, or delete it and run `clientgen update {name}`",
            Location(str(copy)),
        )
    return copy


def local_copy(name: str, url: str, lock: Path, default_copy: str, may_fetch: bool) -> Path:
    """The pinned copy of target `name`'s remote spec, fetched and pinned first when `may_fetch`
    and it has not been yet. Without `may_fetch` (`check`) a missing pin is an error."""
    pin = read_lock(lock).get(name)
    where = Location(str(lock))
    if pin is not None and pin.url != url:
        raise SpecError(
            f"target {name!r}: its spec URL changed since it was pinned; run `clientgen update {name}`", where
        )
    if pin is not None and (lock.parent / pin.path).is_file():
        return verified_copy(lock, pin, name)
    if not may_fetch:
        missing = "is not pinned yet" if pin is None else f"has lost its pinned copy {pin.path}"
        raise SpecError(
            f"target {name!r} {missing}; run `clientgen generate` (it fetches and pins it)", where
        )
    data = fetch(url)
    if pin is not None and own_files.sha256(data) != pin.sha256:
        raise SpecError(
            f"target {name!r}: {url} no longer serves the pinned spec;"
            f" run `clientgen update {name}` to take the new one",
            where,
        )
    stored = _store(name, url, lock, pin.path if pin else default_copy, data, None)
    return lock.parent / stored.path


@dataclass(frozen=True)
class Update:
    """What a URL serves now, against its pin."""

    url: str
    previous: Pin | None
    data: bytes  # what the URL serves now
    copy_path: str

    @property
    def sha256(self) -> str:
        return own_files.sha256(self.data)

    @property
    def unchanged(self) -> bool:
        return self.previous is not None and (self.previous.sha256, self.previous.url) == (
            self.sha256,
            self.url,
        )


def fetch_update(name: str, url: str, lock: Path, default_copy: str) -> Update:
    """Fetch a target's spec again, after checking the kept copy is still the pinned one."""
    previous = read_lock(lock).get(name)
    if previous is not None and (lock.parent / previous.path).is_file():
        verified_copy(lock, previous, name)
    return Update(url, previous, fetch(url), previous.path if previous else default_copy)


def apply_update(name: str, lock: Path, update: Update) -> Pin:
    return _store(name, update.url, lock, update.copy_path, update.data, update.previous)
