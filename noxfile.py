"""Developer tasks, each in its own virtualenv: `nox` runs lint, typecheck and tests; `nox -s NAME` one."""

from __future__ import annotations

from pathlib import Path

import nox

REPO_ROOT = Path(__file__).resolve().parent
GENERATED_DISTRIBUTIONS = sorted(path.parent for path in (REPO_ROOT / "generated").glob("*/pyproject.toml"))

nox.options.sessions = ["lint", "typecheck", "tests"]  # `regenerate` changes files, so only on request
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (end-to-end tests install Prism with npm on first use)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("ruff", "check", "generator", "tests", "bench", *session.posargs)


@nox.session
def typecheck(session: nox.Session) -> None:
    """The generator under the strict settings of [tool.mypy]; each generated client under --strict."""
    session.install("-e", ".[test]")
    session.run("mypy")
    for distribution in GENERATED_DISTRIBUTIONS:
        # The cache goes to the repository's own, not into the generated folder.
        cache = REPO_ROOT / ".mypy_cache" / distribution.name
        with session.chdir(distribution):
            session.run("mypy", "--strict", "--cache-dir", str(cache), ".")


@nox.session
def regenerate(session: nox.Session) -> None:
    """Rewrite every client listed in [tool.clientgen] from its spec."""
    session.install("-e", ".")
    session.run("clientgen", "generate", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The long profile of the hostile-spec and Python-names property tests and the corpus mutation fuzzer."""
    session.install("-e", ".[test]")
    session.env.update(
        CLIENTGEN_FUZZ_EXAMPLES="300",
        CLIENTGEN_FUZZ_MUTATIONS="60",
        CLIENTGEN_FUZZ_LARGE="1",
        CLIENTGEN_NAMES_EXAMPLES="300",
    )
    session.run("pytest", "tests/security", *session.posargs)


@nox.session
def corpus(session: nox.Session) -> None:
    """Every corpus document: generate, compile, import, mypy --strict, generated tests (about 10 min)."""
    session.install("-e", ".[test]")
    session.run("python", "bench/corpus.py", "--strict", "--tests", *session.posargs)


@nox.session
def compare(session: nox.Session) -> None:
    """clientgen side by side with openapi-python-client (bench/compare.py; about 10 min on 2 cores)."""
    session.install("-e", ".[test]")
    session.run("python", "bench/compare.py", *session.posargs)


@nox.session
def install(session: nox.Session) -> None:
    """The wheel built, installed into a fresh virtualenv, and used from a temporary folder (`-m install`)."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "install", *session.posargs)
