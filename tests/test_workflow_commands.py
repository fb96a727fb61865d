"""The commands a repository lives with: `init`, `check --format`, remote specs pinned by
`generate` and re-pinned by `update`, all through the command line."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import REPO_ROOT
from spec_server import SpecServer

from generator import pins
from generator.cli import main

SPEC = REPO_ROOT / "tests" / "template_overrides" / "spec.yaml"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SpecServer]:
    monkeypatch.setenv(pins.ALLOW_LOOPBACK_HTTP_ENV, "1")
    with SpecServer().running() as running:
        yield running


def _renamed(text: bytes, title: str) -> bytes:
    return text.replace(b"title: Override Demo", f"title: {title}".encode(), 1)


def test_init_sets_up_a_folder_and_is_safe_to_run_again(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    first = _run("init", SPEC, "--package", "demo", "--dir", repo)
    assert first.exit_code == 0, first.output
    assert (repo / "specs" / "spec.yaml").read_bytes() == SPEC.read_bytes()
    targets = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["clientgen"]["targets"]
    assert targets == [
        {"name": "demo", "spec": "specs/spec.yaml", "package": "demo", "output": "generated/demo"}
    ]
    assert (repo / "generated" / "demo" / "demo" / "client.py").is_file()
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "clientgen-check.yml").read_text())
    assert workflow["jobs"]["clientgen-check"]["steps"][-1]["run"] == "clientgen check --format github"
    assert _run("check", "--config", repo / "pyproject.toml").exit_code == 0

    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text() + "# mine\n")
    (repo / ".github" / "workflows" / "clientgen-check.yml").write_text("mine\n")
    before = {path: path.read_bytes() for path in repo.rglob("*") if path.is_file()}
    again = _run("init", SPEC, "--package", "demo", "--dir", repo)
    assert again.exit_code == 0, again.output
    assert {path: path.read_bytes() for path in repo.rglob("*") if path.is_file()} == before
    left_alone = [line for line in again.stdout.splitlines() if line.startswith("left alone: ")]
    assert len(left_alone) == 3  # the spec, the config, the workflow
    assert "demo: 0 written" in again.stdout


def test_github_annotations_point_at_the_spec_lines_behind_surface_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    assert _run("init", SPEC, "--package", "demo").exit_code == 0
    spec = tmp_path / "specs" / "spec.yaml"
    # Pet gains a required property: callers that build a Pet must now give it.
    edited = (
        spec.read_text()
        .replace("required: [name]", "required: [name, age]")
        .replace("name: {type: string}", "name: {type: string}\n        age: {type: integer}")
    )
    spec.write_text(edited)
    github = _run("check", "--format", "github")
    assert github.exit_code == 1
    age_line = next(n for n, line in enumerate(edited.splitlines(), 1) if "age: {type: integer}" in line)
    notes = [line for line in github.stdout.splitlines() if "title=clientgen%3A demo API change" in line]
    assert notes and all(
        line.startswith(("::error file=specs/spec.yaml,line=", "::warning file=specs/spec.yaml,line="))
        for line in notes
    )
    assert any(f"line={age_line}," in line and "models.Pet" in line for line in notes), notes


def test_init_refuses_a_bad_package_name_and_a_missing_spec(tmp_path: Path) -> None:
    bad = _run("init", SPEC, "--package", "Not-A-Package", "--dir", tmp_path)
    assert bad.exit_code == 2 and "package name 'Not-A-Package'" in bad.stderr
    missing = _run("init", tmp_path / "nope.yaml", "--package", "demo", "--dir", tmp_path / "repo")
    assert (
        missing.exit_code == 2
        and "cannot read the spec" in missing.stderr
        and "Traceback" not in missing.output
    )


def test_check_formats_share_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)  # paths from the working folder, even under Actions
    assert _run("init", SPEC, "--package", "demo").exit_code == 0
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert [_run("check", "--format", f).exit_code for f in ("text", "json", "github")] == [0, 0, 0]
    assert "All 1 generated clients are up to date." in summary.read_text()

    spec = tmp_path / "specs" / "spec.yaml"
    spec.write_bytes(_renamed(spec.read_bytes(), "Renamed Demo"))
    text = _run("check")
    assert text.exit_code == 1 and text.stdout.splitlines()[-1].startswith("summary: ")
    document = json.loads(_run("check", "--format", "json").stdout)
    assert document["status"] == "drift"
    readme = next(entry for entry in document["targets"][0]["files"] if entry["path"] == "README.md")
    assert readme["change"] == "changed" and "+# Renamed Demo" in readme["diff"]
    github = _run("check", "--format", "github")
    assert github.exit_code == 1
    assert "::error file=generated/demo/README.md,line=2,title=clientgen%3A demo is stale::" in github.stdout
    assert "| demo | **stale** |" in summary.read_text()

    spec.write_text("openapi: 3.0.3\ninfo: [\n")
    broken = _run("check", "--format", "github")
    assert broken.exit_code == 2
    assert broken.stdout.startswith("::error file=specs/spec.yaml,line=")
    broken_json = _run("check", "--format", "json")
    assert broken_json.exit_code == 2
    [error] = json.loads(broken_json.stdout)["errors"]
    assert (
        error["file"] == "specs/spec.yaml"
        and isinstance(error["line"], int)
        and "not valid YAML" in error["message"]
    )


def _remote_project(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        f'[[tool.clientgen.targets]]\nname = "demo"\nspec = "{url}"\npackage = "demo"\noutput = "out"\n'
    )
    return config


def test_a_remote_spec_is_pinned_once_and_checked_offline(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/v1/openapi.yaml", SPEC.read_bytes())
    config = _remote_project(tmp_path, url)
    unpinned = _run("check", "--config", config)
    assert unpinned.exit_code == 2 and "is not pinned yet" in unpinned.stderr
    assert server.requests == []  # check never fetches

    first = _run("generate", "--config", config)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"demo: fetched {url}, pinned specs/demo.yaml in clientgen.lock (sha256 ")
    assert (tmp_path / "specs" / "demo.yaml").read_bytes() == SPEC.read_bytes()
    lock = json.loads((tmp_path / "clientgen.lock").read_text())
    assert lock["specs"]["demo"]["url"] == url and lock["specs"]["demo"]["path"] == "specs/demo.yaml"

    server.serve("/v1/openapi.yaml", _renamed(SPEC.read_bytes(), "Upstream Changed"))
    second = _run("generate", "--config", config)
    assert second.exit_code == 0 and "fetched" not in second.stdout
    assert _run("check", "--config", config).exit_code == 0
    assert server.requests == ["/v1/openapi.yaml"]  # the pinned copy serves every later run

    copy = tmp_path / "specs" / "demo.yaml"
    copy.write_bytes(copy.read_bytes() + b"# edited\n")
    tampered = _run("check", "--config", config)
    assert tampered.exit_code == 2 and "Traceback" not in tampered.output
    [line] = tampered.stderr.splitlines()
    assert line.startswith(f"{copy}: error: does not match its pin in clientgen.lock")


def test_update_shows_what_changes_and_rewrites_the_pin(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/openapi.yaml", SPEC.read_bytes())
    config = _remote_project(tmp_path, url)
    assert _run("generate", "--config", config).exit_code == 0
    same = _run("update", "--config", config)
    assert same.exit_code == 0 and f"demo: {url} unchanged" in same.stdout

    newer = _renamed(SPEC.read_bytes(), "Version Two")
    server.serve("/openapi.yaml", newer)
    updated = _run("update", "demo", "--config", config)
    assert updated.exit_code == 0, updated.output
    assert f"now {len(newer)} bytes, sha256 {pins.own_files.sha256(newer)}" in updated.stdout
    assert "changed: " + str(tmp_path / "out" / "README.md") in updated.stdout
    assert "run `clientgen generate`" in updated.stdout
    assert (tmp_path / "specs" / "demo.yaml").read_bytes() == newer
    assert json.loads((tmp_path / "clientgen.lock").read_text())["specs"]["demo"][
        "sha256"
    ] == pins.own_files.sha256(newer)
    assert _run("check", "--config", config).exit_code == 1  # the client is regenerated on request only
    assert _run("generate", "--config", config).exit_code == 0
    assert _run("check", "--config", config).exit_code == 0


def test_update_keeps_the_pin_when_the_new_spec_is_unusable(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/openapi.yaml", SPEC.read_bytes())
    config = _remote_project(tmp_path, url)
    assert _run("generate", "--config", config).exit_code == 0
    lock_before = (tmp_path / "clientgen.lock").read_text()
    server.serve("/openapi.yaml", b"openapi: 3.0.3\ninfo: [\n")
    result = _run("update", "--config", config)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"{url}:")
    assert "the pin is unchanged" in result.stderr
    assert (tmp_path / "clientgen.lock").read_text() == lock_before
    assert (tmp_path / "specs" / "demo.yaml").read_bytes() == SPEC.read_bytes()


def test_update_names_a_wrong_target(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "spec.yaml")
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[[tool.clientgen.targets]]\nname = "demo"\nspec = "spec.yaml"\npackage = "demo"\noutput = "out"\n'
    )
    assert _run("update", "--config", config).stdout == "no target has a remote spec: nothing to update\n"
    local = _run("update", "demo", "--config", config)
    assert local.exit_code == 2 and "has a local spec" in local.stderr
    unknown = _run("update", "nope", "--config", config)
    assert unknown.exit_code == 2 and "no target named 'nope' (targets: demo)" in unknown.stderr


def test_init_pins_a_remote_spec(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/pets.json", json.dumps(yaml.safe_load(SPEC.read_text())).encode())
    result = _run("init", url, "--package", "demo", "--dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"fetched {url} to specs/demo.json, pinned in clientgen.lock" in result.stdout
    targets = tomllib.loads((tmp_path / "pyproject.toml").read_text())["tool"]["clientgen"]["targets"]
    assert targets[0]["spec"] == url
    again = _run("init", url, "--package", "demo", "--dir", tmp_path)
    assert "left alone: specs/demo.json (already pinned in clientgen.lock)" in again.stdout
    assert server.requests == ["/pets.json"]


def test_plain_http_is_refused_without_the_loopback_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pins.ALLOW_LOOPBACK_HTTP_ENV, raising=False)
    config = _remote_project(tmp_path, "http://127.0.0.1:9/openapi.yaml")
    result = _run("generate", "--config", config)
    assert result.exit_code == 2 and "must be an https:// URL" in result.stderr


def test_a_changed_url_needs_update(server: SpecServer, tmp_path: Path) -> None:
    url = server.serve("/v1.yaml", SPEC.read_bytes())
    config = _remote_project(tmp_path, url)
    assert _run("generate", "--config", config).exit_code == 0
    moved = server.serve("/v2.yaml", _renamed(SPEC.read_bytes(), "Moved Demo"))
    config.write_text(config.read_text().replace(url, moved))
    stale_pin = _run("check", "--config", config)
    assert (
        stale_pin.exit_code == 2
        and "spec URL changed since it was pinned; run `clientgen update demo`" in stale_pin.stderr
    )
    assert _run("update", "--config", config).exit_code == 0
    assert json.loads((tmp_path / "clientgen.lock").read_text())["specs"]["demo"]["url"] == moved
    assert b"Moved Demo" in (tmp_path / "specs" / "demo.yaml").read_bytes()
    assert _run("check", "--config", config).exit_code == 1


def test_target_names_are_unique(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "spec.yaml")
    config = tmp_path / "pyproject.toml"
    entry = (
        '[[tool.clientgen.targets]]\nname = "demo"\nspec = "spec.yaml"\npackage = "demo"\noutput = "out"\n'
    )
    config.write_text(entry + entry.replace('output = "out"', 'output = "out2"'))
    result = _run("check", "--config", config)
    assert result.exit_code == 2 and "target name 'demo' is used twice" in result.stderr
