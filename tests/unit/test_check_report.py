"""`clientgen check` reports: the text summary, the JSON document, GitHub workflow commands
(escaped as the Actions runner unescapes them) and the Markdown job summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import check_report, drift, writer
from generator.api_diff import Change
from generator.check_report import TargetDrift

FILES = {"pkg/__init__.py": "a = 1\n", "pkg/models.py": "b = 2\nc = 3\nd = 4\n"}


def _unescape_data(text: str) -> str:
    """What the GitHub Actions runner does to a message (toolkit's command parsing, reversed order)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split `::name key=value,key=value::message` as the runner does."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, listed = head.partition(" ")
    properties = dict(pair.split("=", 1) for pair in listed.split(",")) if listed else {}
    return (
        name,
        {key: _unescape_property(value) for key, value in properties.items()},
        _unescape_data(message),
    )


@pytest.fixture
def stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[TargetDrift]:
    """One stale target (a changed, an added and a removed file) and one up to date."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)  # paths from the working folder, even under Actions
    writer.write({**FILES, "pkg/old.py": "old = 1\n"}, tmp_path / "out" / "one")
    (tmp_path / "out" / "one" / "pkg" / "models.py").write_text("b = 2\nc = 30\nd = 4\n")
    found = drift.compare({**FILES, "pkg/new.py": "new = 1\n"}, Path("out/one"), "out/one")
    writer.write(FILES, tmp_path / "out" / "two")
    clean = drift.compare(FILES, Path("out/two"), "out/two")
    return [TargetDrift("one", Path("out/one"), found), TargetDrift("two", Path("out/two"), clean)]


def test_first_differing_line_stays_inside_the_file_on_disk() -> None:
    assert drift.first_differing_line(["a\n", "b\n", "c\n"], ["a\n", "x\n", "c\n"]) == 2
    assert drift.first_differing_line(["a\n", "b\n"], ["a\n", "b\n", "c\n"]) == 2  # lines added at the end
    assert drift.first_differing_line(["a\n", "b\n", "c\n"], ["a\n"]) == 2  # lines removed at the end
    assert drift.first_differing_line([], ["a\n"]) == 1


def test_text_report_ends_with_the_summary_line(stale: list[TargetDrift]) -> None:
    text = check_report.text_report(stale)
    lines = text.splitlines()
    assert lines[-1] == "summary: 2 changed, 1 added, 1 removed (1 of 2 targets stale)"
    assert "one: stale (2 changed, 1 missing, 1 no longer generated); run `clientgen generate`" in lines
    assert "two: up to date" in lines
    assert "-c = 30\n+c = 3\n" in text  # today's unified diff comes first


def test_json_report_lists_each_file_with_its_change_and_diff(stale: list[TargetDrift]) -> None:
    document = json.loads(check_report.json_report(stale))
    assert document["status"] == "drift"
    assert document["summary"] == {"targets": 2, "stale": 1, "changed": 2, "added": 1, "removed": 1}
    one, two = document["targets"]
    assert (two["status"], two["files"]) == ("up to date", [])
    by_path = {entry["path"]: entry for entry in one["files"]}
    assert {path: entry["change"] for path, entry in by_path.items()} == {
        ".clientgen-manifest.json": "changed",
        "pkg/models.py": "changed",
        "pkg/new.py": "added",
        "pkg/old.py": "removed",
    }
    models = by_path["pkg/models.py"]
    assert (models["file"], models["first_line"]) == ("out/one/pkg/models.py", 2)
    assert "-c = 30\n+c = 3\n" in models["diff"]
    assert one["api_changes"] is None  # no committed api.json to compare with


def test_github_annotations_point_at_the_first_changed_line(stale: list[TargetDrift]) -> None:
    output = check_report.github_report(stale).splitlines()
    commands = [_parse_command(line) for line in output if line.startswith("::error")]
    by_file = {properties["file"]: (properties, message) for _, properties, message in commands}
    # The manifest changes with every file: annotated only when it is the only change.
    assert set(by_file) == {"out/one/pkg/models.py", "out/one/pkg/new.py", "out/one/pkg/old.py"}
    properties, message = by_file["out/one/pkg/models.py"]
    assert (properties["line"], properties["title"]) == ("2", "clientgen: one is stale")
    assert message.startswith("pkg/models.py differs from a fresh generation from line 2.")
    assert "-c = 30\n+c = 3" in message
    assert "::group::clientgen check: diff of one" in output and "::endgroup::" in output
    assert output[-1] == "summary: 2 changed, 1 added, 1 removed (1 of 2 targets stale)"


def test_workflow_commands_escape_per_the_actions_rules() -> None:
    line = check_report.workflow_command(
        "error", "100% done\r\nnext: a,b", file="a:b,c%.py", line=3, title="x: y"
    )
    assert line == "::error file=a%3Ab%2Cc%25.py,line=3,title=x%3A y::100%25 done%0D%0Anext: a,b"
    name, properties, message = _parse_command(line)
    assert (name, properties, message) == (
        "error",
        {"file": "a:b,c%.py", "line": "3", "title": "x: y"},
        "100% done\r\nnext: a,b",
    )


def test_a_hostile_file_name_cannot_forge_a_command() -> None:
    found = drift.Drift([drift.FileDrift("x\n::error::forged,title=y", "added", ("+a\n",), 1)])
    output = check_report.github_report([TargetDrift("t\n::warning::z", Path("out"), found)])
    assert not any(line.startswith(("::warning", "::error::forged")) for line in output.splitlines())


def test_markdown_summary_goes_to_the_step_summary_file(
    stale: list[TargetDrift], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert not check_report.append_step_summary(stale)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert check_report.append_step_summary(stale)
    text = summary.read_text()
    assert text.startswith("earlier step\n## clientgen check\n")
    assert "| one | **stale** | 2 | 1 | 1 |" in text and "| two | up to date | 0 | 0 | 0 |" in text
    assert "- `out/one/pkg/models.py`: changed (line 2)" in text


def test_the_api_change_hook_counts_changes_and_breaks() -> None:
    assert check_report.api_change_summary(None) is None  # no committed surface to compare with
    changes = [
        Change("operation.removed", "client.x", "removed", "major"),
        Change("operation.added", "client.y", "added", "minor"),
        Change("model.added", "models.Z", "added", "minor"),
    ]
    summary = check_report.api_change_summary(changes)
    assert summary == check_report.ApiChangeSummary(changes=3, breaking=1)
    found = drift.Drift([drift.FileDrift("a.py", "added", ("+a\n",), 1)])
    line = check_report.summary_line([TargetDrift("t", Path("out"), found, summary)])
    assert line.endswith("; t: 3 API surface changes, 1 breaking")


def test_paths_are_relative_to_the_github_workspace(
    stale: list[TargetDrift], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step with `working-directory: clients` still annotates `clients/out/...` from the repository root."""
    workspace = tmp_path.parent
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    files = [
        _parse_command(line)[1]["file"]
        for line in check_report.github_report(stale).splitlines()
        if line.startswith("::error")
    ]
    assert files and all(file.startswith(f"{tmp_path.name}/out/one/") for file in files)
