"""`generate` on an existing client: the surface summary, `CHANGELOG.md`, the version warning;
`check` and `diff` over a configured target."""

from __future__ import annotations

import ast
import copy
import hashlib
import importlib.metadata
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from spec_edits import EDITS, Document, base_document

from generator import changelog
from generator.api_diff import Change
from generator.cli import main

ADD_OPERATION = next(edit for edit in EDITS if edit.name == "operation added")
ADD_REQUIRED_PARAMETER = next(edit for edit in EDITS if edit.name == "required parameter added")


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def _spec(path: Path, document: Document, version: str) -> Path:
    document = copy.deepcopy(document)
    document["info"]["version"] = version
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _generate(spec: Path, output: Path) -> Result:
    result = _run("generate", spec, "-o", output, "-p", "pets")
    assert result.exit_code == 0, result.output
    return result


def test_changelog_entries_are_added_on_top_replaced_for_their_version_and_kept_without_changes() -> None:
    first = changelog.updated(None, "1.0.0", [])
    assert changelog.versions(first) == ["1.0.0"]
    assert changelog.updated(first, "1.0.0", []) == first
    change = Change("operation.added", "client.pets.x", "added (GET /x)", "minor")
    second = changelog.updated(
        first.replace("The first entry", "Hand-edited: the first entry"), "1.1.0", [change]
    )
    assert changelog.versions(second) == ["1.1.0", "1.0.0"]
    assert "Hand-edited" in second and "- `client.pets.x`\n  - minor: added (GET /x)" in second
    other = Change("operation.removed", "client.pets.y", "removed (GET /y)", "major")
    replaced = changelog.updated(second, "1.1.0", [other])
    assert changelog.versions(replaced) == ["1.1.0", "1.0.0"]
    assert "client.pets.y" in replaced and "client.pets.x" not in replaced and "Hand-edited" in replaced


def test_generate_prints_the_summary_writes_the_changelog_and_reruns_identically(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "pets.yaml"
    first = _generate(_spec(spec, base_document(), "1.0.0"), out)
    assert "changes for callers" not in first.stdout
    assert changelog.versions((out / "CHANGELOG.md").read_text(encoding="utf-8")) == ["1.0.0"]

    second = _generate(_spec(spec, ADD_OPERATION.edited(), "1.1.0"), out)
    assert "pets: what this generation changes for callers of the client:" in second.stdout
    assert "client.pets.delete_pet" in second.stdout
    assert "suggested version bump: minor" in second.stdout
    text = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.versions(text) == ["1.1.0", "1.0.0"]
    assert "### Not breaking\n\n- `client.pets.delete_pet`\n  - minor: added (DELETE /pets/{petId})" in text

    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    again = _generate(spec, out)
    assert "0 written" in again.stdout and "changes for callers" not in again.stdout
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_a_break_without_a_new_major_version_is_warned_about(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "pets.yaml"
    _generate(_spec(spec, base_document(), "1.0.0"), out)
    same_major = _generate(_spec(spec, ADD_REQUIRED_PARAMETER.edited(), "1.1.0"), out)
    assert (
        "warning: the client's surface breaks callers but its version 1.1.0 keeps the major version of 1.0.0"
        in same_major.stderr
    )
    assert "Breaking:" in same_major.stdout
    _generate(_spec(spec, base_document(), "1.2.0"), out)
    new_major = _generate(_spec(spec, ADD_REQUIRED_PARAMETER.edited(), "2.0.0"), out)
    assert "Breaking:" in new_major.stdout and "warning" not in new_major.stderr


def test_a_hand_written_changelog_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "CHANGELOG.md").write_text("mine\n", encoding="utf-8")
    spec = tmp_path / "pets.yaml"
    _generate(_spec(spec, base_document(), "1.0.0"), out)
    _generate(_spec(spec, ADD_OPERATION.edited(), "1.1.0"), out)
    assert (out / "CHANGELOG.md").read_text(encoding="utf-8") == "mine\n"


def _configured(tmp_path: Path, version: str | None = None) -> Path:
    _spec(tmp_path / "pets.yaml", base_document(), "1.0.0")
    pinned = f'version = "{version}"\n' if version else ""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[[tool.clientgen.targets]]\nname = "pets"\nspec = "pets.yaml"\npackage = "pets"\noutput = "out"\n'
        + pinned,
        encoding="utf-8",
    )
    assert _run("generate", "--config", pyproject).exit_code == 0
    return pyproject


def test_diff_and_check_of_a_configured_target(tmp_path: Path) -> None:
    pyproject = _configured(tmp_path)
    clean = _run("diff", "--config", pyproject)
    assert (
        clean.exit_code == 0
        and clean.stdout == "pets:\nno change to the client's surface; suggested version bump: none\n\n"
    )
    _spec(tmp_path / "pets.yaml", ADD_REQUIRED_PARAMETER.edited(), "1.0.0")
    breaking = _run("diff", "--config", pyproject, "--target", "pets")
    assert breaking.exit_code == 1, breaking.output
    assert "parameter `owner: str` added (required)" in breaking.stdout
    assert "pets.yaml:" in breaking.stdout  # traced to the line in the current spec
    check = _run("check", "--config", pyproject)
    assert check.exit_code == 1
    assert "pets: 1 API surface changes, 1 breaking" in check.stdout
    unknown = _run("diff", "--config", pyproject, "--target", "nope")
    assert unknown.exit_code == 2 and "no target named 'nope'" in unknown.stderr


def test_a_target_version_overrides_the_spec(tmp_path: Path) -> None:
    _configured(tmp_path, version="3.1.4")
    assert 'version = "3.1.4"' in (tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8")
    assert '"version": "3.1.4"' in (tmp_path / "out" / "api.json").read_text(encoding="utf-8")
    assert changelog.versions((tmp_path / "out" / "CHANGELOG.md").read_text(encoding="utf-8")) == ["3.1.4"]


def test_a_bad_target_version_is_exit_2(tmp_path: Path) -> None:
    _spec(tmp_path / "pets.yaml", base_document(), "1.0.0")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[[tool.clientgen.targets]]\nname = "pets"\nspec = "pets.yaml"\npackage = "pets"\noutput = "out"\nversion = "soon"\n',
        encoding="utf-8",
    )
    result = _run("generate", "--config", pyproject)
    assert result.exit_code == 2
    assert (
        "version must be a package version" in result.stderr and "/tool/clientgen/targets/0" in result.stderr
    )


def test_the_package_says_what_generated_it(tmp_path: Path) -> None:
    spec = _spec(tmp_path / "pets.yaml", base_document(), "1.0.0")
    _generate(spec, tmp_path / "out")
    source = (tmp_path / "out" / "pets" / "__init__.py").read_text(encoding="utf-8")
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert assigned["__version__"] == "1.0.0"
    assert assigned["__generator__"] == {
        "clientgen": importlib.metadata.version("clientgen"),
        "spec_sha256": hashlib.sha256(spec.read_bytes()).hexdigest(),
    }


def test_an_unreadable_api_json_is_exit_2_for_diff_and_replaced_by_generate(tmp_path: Path) -> None:
    pyproject = _configured(tmp_path)
    api_json = tmp_path / "out" / "api.json"
    api_json.write_text('{"schema": 0}\n', encoding="utf-8")
    result = _run("diff", "--config", pyproject)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "api.json" in result.stderr and "not an api.json clientgen can read" in result.stderr
    assert _run("generate", "--config", pyproject).exit_code == 0
    assert _run("diff", "--config", pyproject).exit_code == 0
