"""`clientgen init`'s file steps: the config table added with everything else kept, the spec
copied, the workflow written, and nothing of the user's ever overwritten."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from generator import init, own_files
from generator.diagnostics import SpecError

ENTRY = {"name": "pet", "spec": "specs/pet.yaml", "package": "pet", "output": "generated/pet"}
USER_PYPROJECT = """\
# The user's own project: comments, order and spacing must survive.
[project]
name = "shop"   # keep this comment
dependencies = ["httpx"]

[tool.ruff]
line-length = 100

[build-system]
requires = ["hatchling"]
"""


def _report() -> init.InitReport:
    return init.InitReport("pet")


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.txt"
    assert own_files.write_new(path, b"first")
    assert not own_files.write_new(path, b"second")
    assert path.read_bytes() == b"first"


def test_replace_owned_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_bytes(b"the user's")
    with pytest.raises(SpecError, match="refusing to overwrite"):
        own_files.replace_owned(path, b"new", owned_sha256=own_files.sha256(b"what we wrote"))
    own_files.replace_owned(path, b"new", owned_sha256=own_files.sha256(b"the user's"))
    assert path.read_bytes() == b"new"


def test_a_new_pyproject_gets_just_the_table(tmp_path: Path) -> None:
    report = _report()
    init.add_target(tmp_path / "pyproject.toml", ENTRY, report)
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data == {"tool": {"clientgen": {"targets": [ENTRY]}}}
    assert report.lines == ["created pyproject.toml with target 'pet'"]


def test_an_existing_pyproject_keeps_every_line(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(USER_PYPROJECT)
    init.add_target(pyproject, ENTRY, _report())
    after = pyproject.read_text()
    block = (
        "[[tool.clientgen.targets]]\n"
        + "".join(f'{key} = "{value}"\n' for key, value in ENTRY.items())
        + "\n"
    )
    assert block in after
    assert after.replace(block, "", 1) == USER_PYPROJECT  # every other byte as it was
    data = tomllib.loads(after)
    assert data["tool"]["clientgen"]["targets"] == [ENTRY]
    assert data["build-system"] == {"requires": ["hatchling"]}


def test_a_second_target_is_appended_and_a_known_one_left_alone(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    init.add_target(pyproject, ENTRY, _report())
    other = {
        **ENTRY,
        "name": "shop",
        "package": "shop",
        "spec": "specs/shop.yaml",
        "output": "generated/shop",
    }
    init.add_target(pyproject, other, _report())
    before = pyproject.read_text()
    report = _report()
    init.add_target(pyproject, {**ENTRY, "spec": "specs/elsewhere.yaml"}, report)
    assert pyproject.read_text() == before
    assert report.lines == ["left alone: pyproject.toml (it already has a target named 'pet')"]
    assert [t["name"] for t in tomllib.loads(before)["tool"]["clientgen"]["targets"]] == ["pet", "shop"]


def test_an_inline_targets_array_gets_an_inline_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.clientgen]\ntargets = []\n")
    init.add_target(pyproject, ENTRY, _report())
    assert tomllib.loads(pyproject.read_text())["tool"]["clientgen"]["targets"] == [ENTRY]


def test_broken_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\nbroken =\n')
    with pytest.raises(SpecError) as exc:
        init.add_target(pyproject, ENTRY, _report())
    [error] = exc.value.diagnostics.errors
    assert error.location is not None and (error.location.file, error.location.line) == (str(pyproject), 3)
    assert pyproject.read_text() == '[project]\nname = "x"\nbroken =\n'


def test_the_spec_is_copied_once_and_a_different_file_left_alone(tmp_path: Path) -> None:
    spec = tmp_path / "pet.yaml"
    spec.write_text("openapi: 3.0.3\n")
    root = tmp_path / "repo"
    report = _report()
    assert init.copy_spec(spec, root, report) == "specs/pet.yaml"
    assert (root / "specs" / "pet.yaml").read_text() == "openapi: 3.0.3\n"
    init.copy_spec(spec, root, report)
    spec.write_text("openapi: 3.1.0\n")
    init.copy_spec(spec, root, report)
    assert (root / "specs" / "pet.yaml").read_text() == "openapi: 3.0.3\n"
    assert report.lines[1:] == [
        f"left alone: specs/pet.yaml (same content as {spec})",
        f"left alone: specs/pet.yaml differs from {spec}; the target uses the file already there",
    ]


def test_the_workflow_runs_the_check_and_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "clients"
    folder.mkdir()
    report = _report()
    init.write_workflow(folder, "clientgen @ https://example.com/clientgen-0.1.0-py3-none-any.whl", report)
    workflow_file = tmp_path / ".github" / "workflows" / "clientgen-check.yml"
    workflow = yaml.safe_load(workflow_file.read_text())
    steps = workflow["jobs"]["clientgen-check"]["steps"]
    assert (
        steps[-2]["run"]
        == "python -m pip install 'clientgen @ https://example.com/clientgen-0.1.0-py3-none-any.whl'"
    )
    assert steps[-1] == {
        "name": "Check the generated clients",
        "run": "clientgen check --format github",
        "working-directory": "clients",
    }
    workflow_file.write_text("mine\n")
    init.write_workflow(folder, "clientgen", report)
    assert workflow_file.read_text() == "mine\n"
    assert report.lines[-1].startswith("left alone: ")
