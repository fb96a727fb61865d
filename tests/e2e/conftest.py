"""Session fixtures: the Prism executable, and one running mock server per spec."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from .prism import MockServer, PrismUnavailable, ensure_installed, serve

REPO_ROOT = Path(__file__).resolve().parents[2]
PRISM_CACHE = REPO_ROOT / ".cache" / "prism"

MockServers = Callable[[Path], MockServer]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


@pytest.fixture(scope="session")
def prism_executable() -> Path:
    """Prism, installed on first use; without node/npm the tests skip, except in CI where they fail."""
    try:
        return ensure_installed(PRISM_CACHE)
    except PrismUnavailable as exc:
        if running_in_ci():
            pytest.fail(f"CI=true and Prism is unavailable: {exc}", pytrace=False)
        pytest.skip(f"Prism mock server unavailable: {exc}")


@pytest.fixture(scope="session")
def mock_servers(prism_executable: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServers]:
    """`mock_servers(spec)`: the URL of a Prism serving `spec`, started on first request, stopped at the end."""
    running: dict[Path, MockServer] = {}
    logs = tmp_path_factory.mktemp("prism-logs")
    with ExitStack() as stack:

        def server_for(spec: Path) -> MockServer:
            spec = spec.resolve()
            if spec not in running:
                log = logs / f"{spec.stem}-{len(running)}.log"
                running[spec] = stack.enter_context(serve(prism_executable, spec, log))
            return running[spec]

        yield server_for


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: talks HTTP to a Prism mock server (needs node and npm)")
