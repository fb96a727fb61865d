"""`clientgen diff` output: text (default), Markdown (also the changelog's) or JSON.

Breaking changes first, grouped by what the caller names (a method, a model, the
client), each with the spec location it comes from when it can be traced; the
suggested version bump on the last line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING, Literal, get_args

from generator import diff_rules

if TYPE_CHECKING:
    from generator.api_diff import Change

DiffFormat = Literal["text", "markdown", "json"]
DIFF_FORMATS: tuple[str, ...] = get_args(DiffFormat)
# (side, pointer) -> "file:line", or "" when it cannot be traced.
Locator = Callable[[str, str], str]


def no_location(side: str, pointer: str) -> str:
    del side, pointer
    return ""


def suggested_bump(changes: list[Change]) -> str:
    return diff_rules.largest(c.bump for c in changes) if changes else "none"


def summary_line(changes: list[Change]) -> str:
    breaking = sum(c.breaking for c in changes)
    if not changes:
        return "no change to the client's surface; suggested version bump: none"
    return (
        f"{len(changes)} surface change{'s' if len(changes) != 1 else ''}, {breaking} breaking; "
        f"suggested version bump: {suggested_bump(changes)}"
    )


def _sections(changes: list[Change]) -> list[tuple[str, list[list[Change]]]]:
    sections = []
    for title, breaking in (("Breaking", True), ("Not breaking", False)):
        chosen = [c for c in changes if c.breaking == breaking]
        groups = [
            list(group)
            for _, group in groupby(
                sorted(chosen, key=lambda c: (c.subject, c.kind, c.detail)), key=lambda c: c.subject
            )
        ]
        if groups:
            sections.append((title, groups))
    return sections


def _located(change: Change, locate: Locator) -> str:
    where = locate(change.side, change.pointer) if change.pointer else ""
    return f"  [{where}]" if where else ""


def render_text(changes: list[Change], locate: Locator = no_location) -> str:
    lines = []
    for title, groups in _sections(changes):
        lines.append(f"{title}:")
        for group in groups:
            lines.append(f"  {group[0].subject}")
            lines += [f"    {c.bump}: {c.detail}{_located(c, locate)}" for c in group]
    lines.append(summary_line(changes))
    return "\n".join(lines) + "\n"


def render_markdown(changes: list[Change], locate: Locator = no_location, heading: str = "###") -> str:
    lines = []
    for title, groups in _sections(changes):
        lines += [f"{heading} {title}", ""]
        for group in groups:
            lines.append(f"- `{group[0].subject}`")
            lines += [
                f"  - {c.bump}: {c.detail}"
                + (f" ({where})" if (where := _located(c, locate).strip(" []")) else "")
                for c in group
            ]
        lines.append("")
    lines.append(summary_line(changes)[0].upper() + summary_line(changes)[1:] + ".")
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], locate: Locator = no_location) -> str:
    document = {
        "breaking": any(c.breaking for c in changes),
        "suggested_bump": suggested_bump(changes),
        "changes": [
            {
                "kind": c.kind,
                "subject": c.subject,
                "detail": c.detail,
                "bump": c.bump,
                "breaking": c.breaking,
                "pointer": c.pointer,
                "location": locate(c.side, c.pointer) if c.pointer else "",
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def render(changes: list[Change], report_format: DiffFormat, locate: Locator = no_location) -> str:
    if report_format == "json":
        return render_json(changes, locate)
    if report_format == "markdown":
        return render_markdown(changes, locate)
    return render_text(changes, locate)
