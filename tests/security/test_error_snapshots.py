"""Each bad input: its exit code and exactly what the user reads.

Snapshots live in `tests/security/snapshots/<case>.txt` (first line: the exit
code, then stderr). `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/security`
rewrites them; review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SNAPSHOTS = Path(__file__).parent / "snapshots"
_VALID = """openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok}}
"""

# case -> (files to create, command line)
CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "not_yaml": ({"spec.yaml": "openapi: 3.0.3\ninfo: [unclosed\n"}, ["validate", "spec.yaml"]),
    "not_json": ({"spec.json": '{"openapi": "3.0.3",\n  "info": }\n'}, ["validate", "spec.json"]),
    "empty_file": ({"spec.yaml": ""}, ["validate", "spec.yaml"]),
    "not_a_mapping": ({"spec.yaml": "- a\n- b\n"}, ["validate", "spec.yaml"]),
    "swagger_2": (
        {"spec.yaml": "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"},
        ["validate", "spec.yaml"],
    ),
    "unknown_version": (
        {"spec.yaml": "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n"},
        ["validate", "spec.yaml"],
    ),
    "ref_absolute_path": (
        {
            "spec.yaml": "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: /etc/passwd}\n"
        },
        ["validate", "spec.yaml"],
    ),
    "missing_required_field": (
        {
            "spec.yaml": "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    parameters:\n      - in: query\n"
        },
        ["validate", "spec.yaml"],
    ),
    "missing_ref": (
        {
            "spec.yaml": _VALID.replace(
                'responses: {"200": {description: ok}}',
                "responses: {\"200\": {$ref: '#/components/responses/Nope'}}",
            )
        },
        ["validate", "spec.yaml"],
    ),
    "missing_file_ref": (
        {
            "spec.yaml": _VALID.replace(
                'responses: {"200": {description: ok}}', "responses: {\"200\": {$ref: 'other.yaml#/Ok'}}"
            )
        },
        ["validate", "spec.yaml"],
    ),
    "ref_outside_folder": (
        {
            "api/spec.yaml": _VALID.replace(
                'responses: {"200": {description: ok}}', "responses: {\"200\": {$ref: '../secret.yaml'}}"
            ),
            "secret.yaml": "description: x\n",
        },
        ["validate", "api/spec.yaml"],
    ),
    "url_ref": (
        {
            "spec.yaml": _VALID.replace(
                'responses: {"200": {description: ok}}',
                "responses: {\"200\": {$ref: 'https://example.com/r.yaml'}}",
            )
        },
        ["validate", "spec.yaml"],
    ),
    "missing_spec_file": ({}, ["generate", "nope.yaml", "-o", "out"]),
    "output_is_a_file": (
        {"spec.yaml": _VALID, "out": "not a folder"},
        ["generate", "spec.yaml", "-o", "out"],
    ),
    "config_names_missing_spec": (
        {
            "pyproject.toml": '[[tool.clientgen.targets]]\nname = "x"\nspec = "specs/missing.yaml"\npackage = "x"\noutput = "generated/x"\n'
        },
        ["generate"],
    ),
    "bad_package_name": ({"spec.yaml": _VALID}, ["generate", "spec.yaml", "-o", "out", "-p", "Not-Valid"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_snapshot(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, arguments = CASES[case]
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, arguments)
    actual = f"exit {result.exit_code}\n{result.stderr}"
    snapshot = SNAPSHOTS / f"{case}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert result.exit_code == 2, actual
    assert "Traceback" not in actual
    assert 1 <= len(result.stderr.splitlines()) <= 3, actual
    assert actual == snapshot.read_text(encoding="utf-8")
