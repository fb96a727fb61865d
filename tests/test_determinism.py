"""Generation is a pure function of the spec: the same bytes under any hash seed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from conftest import CASES_DIR, REPO_ROOT

from generator import pipeline

# A spec with many enums, unions and names, beside an Ingram Micro spec.
SPECS = {
    "ingram_micro_reseller": REPO_ROOT / "specs" / "ingram-micro-reseller-api-openapi.yml",
    "case_enums": CASES_DIR / "enums" / "spec.yaml",
    "case_unions": CASES_DIR / "unions" / "spec.yaml",
    "case_naming_hazards": CASES_DIR / "naming_hazards" / "spec.yaml",
}
# Prints a digest per generated file of every spec, so a failure names the files that differ.
GENERATE = """
import hashlib, json, sys
from pathlib import Path
from generator import pipeline
def digests(spec, package):
    files = pipeline.generate(Path(spec), package).files
    return {path: hashlib.sha256(text.encode()).hexdigest() for path, text in files.items()}
specs = json.loads(sys.argv[1])
print(json.dumps({package: digests(spec, package) for package, spec in specs.items()}))
"""
Digests = dict[str, dict[str, str]]


def _digests_under_seed(seed: str) -> Digests:
    environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)}
    specs = json.dumps({package: str(spec) for package, spec in SPECS.items()})
    result = subprocess.run(
        [sys.executable, "-c", GENERATE, specs],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    digests: Digests = json.loads(result.stdout)
    return digests


@pytest.fixture(scope="module")
def runs() -> tuple[Digests, Digests]:
    return _digests_under_seed("1"), _digests_under_seed("4242")


@pytest.mark.parametrize("package", sorted(SPECS))
def test_same_bytes_under_different_hash_seeds(runs: tuple[Digests, Digests], package: str) -> None:
    first, second = runs[0][package], runs[1][package]
    assert len(first) > 5
    differing = sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))
    assert not differing, f"files that depend on the hash seed: {differing}"


def test_subprocess_runs_match_this_process(runs: tuple[Digests, Digests]) -> None:
    files = pipeline.generate(SPECS["case_enums"], "case_enums").files
    assert runs[0]["case_enums"] == {
        path: hashlib.sha256(text.encode()).hexdigest() for path, text in files.items()
    }
