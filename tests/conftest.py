"""Shared helpers: small specs written to tmp_path, built into the intermediate model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from generator import config, ir, pipeline
from generator.diagnostics import Diagnostics

REPO_ROOT = Path(__file__).resolve().parent.parent
# The cases' generated tests import their packages; test_cases.py runs them in a subprocess that can.
collect_ignore_glob = ["cases/*"]

SpecWriter = Callable[..., Path]
ApiBuilder = Callable[..., tuple[ir.ApiModel, Diagnostics]]


def openapi_document(
    paths: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    version: str = "3.0.3",
    **extra: Any,
) -> dict[str, Any]:
    """A minimal valid document; `extra` adds or replaces top-level keys."""
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Test API", "version": "1.0.0"},
        "paths": paths or {},
    }
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    document.update(extra)
    return document


def json_response(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@pytest.fixture
def write_spec(tmp_path: Path) -> SpecWriter:
    """Write a document (a dict, dumped as YAML or JSON by suffix, or raw text) into tmp_path."""

    def write(document: dict[str, Any] | str, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(document, str):
            text = document
        elif path.suffix == ".json":
            text = json.dumps(document, indent=2)
        else:
            text = yaml.safe_dump(document, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def build_api(write_spec: SpecWriter) -> ApiBuilder:
    """The intermediate model of a document, with the diagnostics collected on the way."""

    def build(document: dict[str, Any] | str, package: str = "pkg") -> tuple[ir.ApiModel, Diagnostics]:
        return pipeline.load_api(write_spec(document), package)

    return build


# Generated distributions: the committed Ingram Micro clients and the expected output of every case.

CASES_DIR = REPO_ROOT / "tests" / "cases"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


@dataclass(frozen=True)
class Distribution:
    """A generated distribution folder: pyproject.toml, README.md, the package and its tests."""

    label: str
    root: Path
    package: str
    source: Path  # the folder the distribution belongs to: a case folder, or the output itself

    @property
    def package_dir(self) -> Path:
        return self.root / self.package

    @property
    def dotted_prefix(self) -> str:
        return self.source.relative_to(REPO_ROOT).as_posix().replace("/", ".") + "."


def case_names() -> list[str]:
    return sorted(path.parent.name for path in CASES_DIR.glob("*/spec.yaml"))


def case_package(case: str) -> str:
    return f"case_{case}"


def case_distribution(case: str) -> Distribution:
    return Distribution(f"case:{case}", CASES_DIR / case / "expected", case_package(case), CASES_DIR / case)


def ingram_distributions() -> list[Distribution]:
    return [
        Distribution(target.name, target.output, target.package, target.output)
        for target in config.load_targets(REPO_ROOT / "pyproject.toml")
    ]


def all_distributions() -> list[Distribution]:
    return ingram_distributions() + [case_distribution(case) for case in case_names()]


@dataclass(frozen=True, repr=False)
class GeneratedCodeReport:
    """What mypy, importing and the generated tests said, per distribution label."""

    mypy: dict[str, list[str]]
    imports: dict[str, str]
    tests: dict[str, list[tuple[str, str]]]  # (test id, failure text or "") per test
    mypy_output: str
    tests_output: str

    def __repr__(self) -> str:  # shown in failing tracebacks: the summary, not every line
        return f"GeneratedCodeReport({len(self.imports)} distributions)"


def _run(command: list[str], cwd: Path, extra_path: list[Path]) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(map(str, extra_path)),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600, check=False
    )


def _mypy(distributions: list[Distribution], workdir: Path) -> tuple[dict[str, list[str]], str]:
    """One mypy run over every package: errors grouped by the distribution they are in."""
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--cache-dir",
        os.devnull,
        "--config-file",
        str(workdir / "mypy.ini"),
        "--show-absolute-path",
        "--no-error-summary",
    ]
    (workdir / "mypy.ini").write_text("[mypy]\n")
    result = _run(command + [str(d.package_dir) for d in distributions], workdir, [])
    errors: dict[str, list[str]] = {d.label: [] for d in distributions}
    for line in result.stdout.splitlines():
        for distribution in distributions:
            if line.startswith(str(distribution.root) + os.sep):
                errors[distribution.label].append(line)
    return errors, result.stdout + result.stderr


IMPORT_SCRIPT = """
import importlib, json, sys, traceback
found = {}
for package in sys.argv[1:]:
    try:
        module = importlib.import_module(package)
        missing = [name for name in ("Client", "AsyncClient", "models", "operations")
                   if not hasattr(module, name)]
        found[package] = f"missing {missing}" if missing else ""
    except Exception:
        found[package] = traceback.format_exc()
print(json.dumps(found))
"""


def _imports(distributions: list[Distribution], workdir: Path) -> dict[str, str]:
    command = [sys.executable, "-c", IMPORT_SCRIPT, *(d.package for d in distributions)]
    result = _run(command, workdir, [d.root for d in distributions])
    by_package = json.loads(result.stdout) if result.returncode == 0 else {}
    return {
        d.label: by_package.get(d.package, result.stderr or "import check did not run") for d in distributions
    }


def _generated_tests(
    distributions: list[Distribution], workdir: Path
) -> tuple[dict[str, list[tuple[str, str]]], str]:
    """One pytest run over every distribution's generated tests (and a case's usage checks)."""
    paths = [d.root / "tests" for d in distributions]
    paths += [d.source / "usage.py" for d in distributions]
    report = workdir / "junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--noconftest",
        "--import-mode=importlib",
        "--rootdir",
        str(REPO_ROOT),
        "-o",
        "addopts=",
        f"--junitxml={report}",
        *(str(path) for path in paths if path.exists()),
    ]
    result = _run(command, workdir, [d.root for d in distributions])
    results: dict[str, list[tuple[str, str]]] = {d.label: [] for d in distributions}
    if report.exists():
        for case in ElementTree.parse(report).iter("testcase"):
            # With --rootdir at the checkout, a class name is the test file's dotted path from there.
            classname = case.get("classname", "")
            problem = case.find("failure") if case.find("failure") is not None else case.find("error")
            failure = "" if problem is None else f"{problem.get('message', '')}\n{problem.text or ''}"
            for distribution in distributions:
                if classname.startswith(distribution.dotted_prefix):
                    results[distribution.label].append((f"{classname}::{case.get('name')}", failure))
    return results, result.stdout + result.stderr


@pytest.fixture(scope="session")
def generated_code_report(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCodeReport:
    """mypy --strict, an import and the generated tests, each run once over every distribution."""
    distributions = [d for d in all_distributions() if d.package_dir.is_dir()]
    workdir = tmp_path_factory.mktemp("generated-code")
    mypy, mypy_output = _mypy(distributions, workdir)
    tests, tests_output = _generated_tests(distributions, workdir)
    return GeneratedCodeReport(mypy, _imports(distributions, workdir), tests, mypy_output, tests_output)


def assert_generated_code_works(report: GeneratedCodeReport, distribution: Distribution) -> None:
    label = distribution.label
    assert label in report.imports, f"{distribution.package_dir} was not generated"
    assert report.imports[label] == "", f"importing {distribution.package} failed:\n{report.imports[label]}"
    assert report.mypy[label] == [], "mypy --strict:\n" + "\n".join(report.mypy[label])
    assert report.tests[label], f"no generated tests ran for {label}:\n{report.tests_output[-3000:]}"
    failures = [f"{test_id}\n{failure}" for test_id, failure in report.tests[label] if failure]
    assert not failures, "generated tests failed:\n" + "\n\n".join(failures)
