"""Prism (the OpenAPI mock server from Stoplight): installed on demand, one process per spec.

Prism checks every request against the spec and answers 422 with a validation
problem when it does not match, so a generated client that gets a 2xx from it
has sent what the spec asks for. Nothing here knows about pytest: a missing
toolchain is reported as `PrismUnavailable` and the caller decides what it means.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.14.2"
INSTALL_TIMEOUT_SECONDS = 600
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 10
START_ATTEMPTS = 3


class PrismUnavailable(Exception):
    """Prism cannot be installed or run here (no node/npm, or npm could not fetch it)."""


def installed_version(cache_dir: Path) -> str | None:
    manifest = cache_dir / "node_modules" / PRISM_PACKAGE / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return version if isinstance(version, str) else None


def ensure_installed(cache_dir: Path) -> Path:
    """The `prism` executable of the pinned version, installed into `cache_dir` when missing."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise PrismUnavailable(f"{tool} is not on PATH; Prism ({PRISM_PACKAGE}) needs node and npm")
    executable = cache_dir / "node_modules" / ".bin" / "prism"
    cache_dir.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers may all arrive here at once; one installs, the others wait for it.
    with (cache_dir / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed_version(cache_dir) != PRISM_VERSION or not executable.exists():
            _npm_install(cache_dir)
    return executable


def _npm_install(cache_dir: Path) -> None:
    command = [
        "npm", "install", "--prefix", str(cache_dir), "--no-save", "--no-audit", "--no-fund",
        "--loglevel=error", f"{PRISM_PACKAGE}@{PRISM_VERSION}",
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS)
    except subprocess.CalledProcessError as exc:
        raise PrismUnavailable(f"`{' '.join(command)}` failed:\n{exc.stderr.strip()}") from None
    except subprocess.TimeoutExpired:
        raise PrismUnavailable(f"`{' '.join(command)}` took over {INSTALL_TIMEOUT_SECONDS} s") from None
    if installed_version(cache_dir) != PRISM_VERSION:
        raise PrismUnavailable(f"npm finished but {PRISM_PACKAGE}@{PRISM_VERSION} is not in {cache_dir}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class MockServer:
    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextmanager
def serve(executable: Path, spec: Path, log: Path) -> Iterator[MockServer]:
    """Run `prism mock` on a free port of 127.0.0.1 until the block ends.

    `--errors` makes Prism also answer an error when its own mock response would
    break the spec, so a 2xx is a response the spec allows.
    """
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        server = MockServer(f"http://127.0.0.1:{port}", log)
        command = [str(executable), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "--errors"]
        with log.open("w", encoding="utf-8") as output:
            process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        try:
            _wait_until_answering(process, server)
            break
        except _PortTaken:
            # Another process took the port between free_port() and Prism binding it.
            if attempt == START_ATTEMPTS:
                raise RuntimeError(f"prism found no free port in {START_ATTEMPTS} attempts") from None
        except BaseException:
            _stop(process)
            raise
    try:
        yield server
    finally:
        _stop(process)


class _PortTaken(Exception):
    pass


def _wait_until_answering(process: subprocess.Popen[bytes], server: MockServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "EADDRINUSE" in server.log_tail():
                raise _PortTaken
            raise RuntimeError(f"prism exited with {process.returncode}:\n{server.log_tail()}")
        try:
            # Any answer will do (an unknown path gets 404): the server is up.
            httpx.get(server.url + "/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(
        f"prism did not answer on {server.url} within {START_TIMEOUT_SECONDS} s:\n{server.log_tail()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
