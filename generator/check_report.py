"""What `clientgen check` prints: a unified diff (text), a JSON document, or GitHub Actions
workflow commands with a Markdown job summary. Formatting only: the drift is found in `drift`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator.diagnostics import Diagnostic, Location

# The command line takes REPORT_FORMATS from here: what the reports need of the pipeline is
# imported where they are made, so `clientgen --help` does not import it.
if TYPE_CHECKING:
    from generator.api_diff import Change
    from generator.drift import Drift, FileDrift

ReportFormat = Literal["text", "json", "github"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("text", "json", "github")
_HUNK_LINES_IN_ANNOTATION = 12


@dataclass(frozen=True)
class ApiChangeSummary:
    """How the API surface (operations, parameters, models) changed, and how much of it breaks callers."""

    changes: int
    breaking: int

    def describe(self) -> str:
        return f"{self.changes} API surface changes, {self.breaking} breaking"


def api_change_summary(changes: Sequence[Change] | None) -> ApiChangeSummary | None:
    """The surface-change count of a stale target, from `clientgen diff`'s comparison of its
    committed api.json with a fresh generation; None where there is no committed surface."""
    if changes is None:
        return None
    return ApiChangeSummary(len(changes), sum(change.breaking for change in changes))


@dataclass(frozen=True)
class SpecNote:
    """A surface change at the spec line behind it, for an annotation there."""

    file: str
    line: int
    breaking: bool
    message: str


def spec_notes(changes: Sequence[Change] | None, locate: Callable[[str], Location]) -> tuple[SpecNote, ...]:
    """The changes that can be traced to a line of the current spec (the nearest enclosing one)."""
    from generator.api_changes import nearest_location
    from generator.api_diff import NEW

    notes = []
    for change in changes or ():
        if change.side != NEW or not change.pointer:
            continue
        location = nearest_location(locate, change.pointer)
        if location.line is not None:
            what = "breaks callers" if change.breaking else "changes the client"
            notes.append(
                SpecNote(
                    location.file,
                    location.line,
                    change.breaking,
                    f"{change.subject}: {change.detail} ({what})",
                )
            )
    return tuple(notes)


@dataclass(frozen=True)
class TargetDrift:
    """One target's drift, with what its regeneration would change for callers."""

    name: str
    output: Path
    drift: Drift
    api_changes: ApiChangeSummary | None = None
    spec_notes: tuple[SpecNote, ...] = ()

    def shown_path(self, entry: FileDrift) -> str:
        """The file as GitHub and a reader resolve it: relative to the working folder when inside it."""
        return display_path(self.output / entry.path)


def display_path(path: Path) -> str:
    """Relative to the repository GitHub Actions checked out (`$GITHUB_WORKSPACE`, which annotations
    are resolved against even when the step runs in a subfolder), else to the working folder."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class Totals:
    """The counts a check reports in its last line."""

    targets: int
    stale: int
    changed: int
    added: int
    removed: int


def totals(results: Sequence[TargetDrift]) -> Totals:
    return Totals(
        targets=len(results),
        stale=sum(not result.drift.clean for result in results),
        changed=sum(len(result.drift.changed) for result in results),
        added=sum(len(result.drift.missing) for result in results),
        removed=sum(len(result.drift.extra) for result in results),
    )


def summary_line(results: Sequence[TargetDrift]) -> str:
    counts = totals(results)
    line = (
        f"summary: {counts.changed} changed, {counts.added} added, {counts.removed} removed "
        f"({counts.stale} of {counts.targets} targets stale)"
    )
    described = [f"{r.name}: {r.api_changes.describe()}" for r in results if r.api_changes is not None]
    return line + "".join(f"; {text}" for text in described)


def _target_line(result: TargetDrift) -> str:
    if result.drift.clean:
        return f"{result.name}: up to date"
    drift = result.drift
    return (
        f"{result.name}: stale ({len(drift.changed)} changed, {len(drift.missing)} missing, "
        f"{len(drift.extra)} no longer generated); run `clientgen generate`"
    )


def text_report(results: Sequence[TargetDrift]) -> str:
    """Each target's unified diff and status line, then one summary line last."""
    parts = []
    for result in results:
        parts.extend(result.drift.diff)
        parts.append(_target_line(result) + "\n")
    parts.append(summary_line(results) + "\n")
    return "".join(parts)


def json_report(results: Sequence[TargetDrift]) -> str:
    counts = totals(results)
    document = {
        "status": "drift" if counts.stale else "clean",
        "summary": {
            "targets": counts.targets,
            "stale": counts.stale,
            "changed": counts.changed,
            "added": counts.added,
            "removed": counts.removed,
        },
        "targets": [
            {
                "name": result.name,
                "output": display_path(result.output),
                "status": "up to date" if result.drift.clean else "stale",
                "api_changes": None
                if result.api_changes is None
                else {
                    "changes": result.api_changes.changes,
                    "breaking": result.api_changes.breaking,
                },
                "files": [
                    {
                        "path": entry.path,
                        "file": result.shown_path(entry),
                        "change": entry.kind,
                        "first_line": entry.first_line,
                        "diff": "".join(entry.diff),
                    }
                    for entry in result.drift.files
                ],
            }
            for result in results
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the GitHub Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): the message rules plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: str | int) -> str:
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{command}{' ' + listed if listed else ''}::{escape_data(message)}"


def _first_hunk(entry: FileDrift) -> str:
    """The first lines of the diff from its first hunk on: what the annotation shows of the change."""
    lines = list(entry.diff)
    start = next((index for index, line in enumerate(lines) if line.startswith("@@")), len(lines))
    shown = lines[start : start + _HUNK_LINES_IN_ANNOTATION]
    return "".join(line if line.endswith("\n") else line + "\n" for line in shown).rstrip("\n")


def _annotation(result: TargetDrift, entry: FileDrift) -> str:
    what = {
        "changed": f"differs from a fresh generation from line {entry.first_line}",
        "added": "is missing: a fresh generation writes it",
        "removed": "is no longer generated: a fresh generation removes it",
    }[entry.kind]
    message = f"{entry.path} {what}. Run `clientgen generate` and commit the result."
    hunk = _first_hunk(entry)
    if hunk:
        message += "\n" + hunk
    return workflow_command(
        "error",
        message,
        file=result.shown_path(entry),
        line=entry.first_line,
        title=f"clientgen: {result.name} is stale",
    )


def _annotated(found: Drift) -> list[FileDrift]:
    """The files worth an annotation: the manifest changes with every other file, so it gets one
    only when nothing else changed (a manifest edited by hand)."""
    from generator.writer import MANIFEST

    files = [entry for entry in found.files if entry.path != MANIFEST]
    return files or found.files


def _inert(text: str) -> str:
    """Plain log text in which no line can start a workflow command (a name with a newline in it)."""
    return "\n".join(" " + line if line.startswith("::") else line for line in text.splitlines())


def github_report(results: Sequence[TargetDrift]) -> str:
    """One `::error` per drifted file at its first changed line, each target's diff in a log group."""
    lines = []
    for result in results:
        if result.drift.clean:
            lines.append(_inert(_target_line(result)))
            continue
        lines.append(workflow_command("group", f"clientgen check: diff of {result.name}"))
        lines.append(_inert("".join(result.drift.diff)))
        lines.append("::endgroup::")
        lines.extend(_annotation(result, entry) for entry in _annotated(result.drift))
        # The spec lines behind each change to the client's surface: where a reviewer should look.
        lines.extend(
            workflow_command(
                "error" if note.breaking else "warning",
                note.message,
                file=display_path(Path(note.file)),
                line=note.line,
                title=f"clientgen: {result.name} API change",
            )
            for note in result.spec_notes
        )
        lines.append(_inert(_target_line(result)))
    lines.append(_inert(summary_line(results)))
    return "\n".join(lines) + "\n"


def github_error_annotations(diagnostics: Iterable[Diagnostic]) -> str:
    """Bad input as annotations on the spec or config lines behind it."""
    lines = []
    for diagnostic in diagnostics:
        properties: dict[str, str | int] = {}
        if diagnostic.location is not None:
            file = Path(diagnostic.location.file)
            properties["file"] = display_path(file) if file.exists() else diagnostic.location.file
            if diagnostic.location.line is not None:
                properties["line"] = diagnostic.location.line
        lines.append(workflow_command(diagnostic.severity.value, diagnostic.message, **properties))
    return "".join(line + "\n" for line in lines)


def error_report(diagnostics: Sequence[Diagnostic], report_format: ReportFormat) -> str:
    """Bad input in the report's own format, besides the lines on stderr."""
    if report_format == "github":
        return github_error_annotations(diagnostics)
    errors = [
        {
            "file": None if d.location is None else d.location.file,
            "line": None if d.location is None else d.location.line,
            "pointer": None if d.location is None or not d.location.pointer else d.location.pointer,
            "message": d.message,
        }
        for d in diagnostics
    ]
    return (
        json.dumps({"status": "error", "errors": errors}, indent=2) + "\n" if report_format == "json" else ""
    )


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\n", " ")


def markdown_summary(results: Sequence[TargetDrift]) -> str:
    """A job summary for `$GITHUB_STEP_SUMMARY`: a table of targets, then each stale target's files."""
    counts = totals(results)
    lines = ["## clientgen check", ""]
    if not counts.stale:
        lines += [f"All {counts.targets} generated clients are up to date.", ""]
    lines += ["| target | status | changed | added | removed |", "|---|---|---|---|---|"]
    for result in results:
        drift = result.drift
        status = "up to date" if drift.clean else "**stale**"
        lines.append(
            f"| {_markdown_cell(result.name)} | {status} | {len(drift.changed)} | "
            f"{len(drift.missing)} | {len(drift.extra)} |"
        )
    for result in results:
        if result.drift.clean:
            continue
        lines += ["", f"### {_markdown_cell(result.name)}", ""]
        if result.api_changes is not None:
            lines += [result.api_changes.describe(), ""]
        for entry in result.drift.files:
            lines.append(
                f"- `{_markdown_cell(result.shown_path(entry))}`: {entry.kind} (line {entry.first_line})"
            )
    if counts.stale:
        lines += ["", "Run `clientgen generate` and commit the result."]
    return "\n".join(lines) + "\n"


def append_step_summary(results: Sequence[TargetDrift]) -> bool:
    """Append the Markdown summary to the file GitHub Actions names in $GITHUB_STEP_SUMMARY, if any."""
    destination = os.environ.get("GITHUB_STEP_SUMMARY")
    if not destination:
        return False
    with open(destination, "a", encoding="utf-8") as stream:
        stream.write(markdown_summary(results))
    return True


def render_report(results: Sequence[TargetDrift], report_format: ReportFormat) -> str:
    if report_format == "json":
        return json_report(results)
    if report_format == "github":
        return github_report(results)
    return text_report(results)
