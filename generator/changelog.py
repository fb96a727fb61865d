"""The generated package's `CHANGELOG.md`: one entry per version, newest first, each listing what
that version's spec changed for callers (the `clientgen diff` summary, in Markdown).

An entry is headed by the package version (the spec's `info.version`, or the target's `version`),
never by a date, so a generation's output depends on its inputs only. A later generation for a
version already present replaces that version's entry; other entries, hand edits to them
included, are kept as they are. Without surface changes an existing changelog is left unchanged,
so generating twice writes the same bytes.
"""

from __future__ import annotations

import re

from generator import diff_report
from generator.api_diff import Change

NAME = "CHANGELOG.md"
_TITLE = (
    "# Changelog\n\n"
    "What each version of the spec changed for callers of this client, newest first. Written by\n"
    "clientgen when it regenerates the client (entries may be edited; a version's entry is\n"
    "replaced only when that version is generated again with other changes).\n"
)
_ENTRY_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)


def first_entry(version: str) -> str:
    return f"## {version}\n\nThe first entry clientgen wrote; the client's surface is in `API.md`.\n"


def entry(version: str, changes: list[Change]) -> str:
    return f"## {version}\n\n" + diff_report.render_markdown(changes, heading="###")


def updated(existing: str | None, version: str, changes: list[Change]) -> str:
    """The changelog with this generation's entry: `existing` as it is without changes (a new
    changelog starts with a first entry), else with `version`'s entry replaced or put on top."""
    if existing is None:
        return f"{_TITLE}\n{entry(version, changes) if changes else first_entry(version)}"
    if not changes:
        return existing
    headings = list(_ENTRY_HEADING.finditer(existing))
    new_entry = entry(version, changes)
    for index, heading in enumerate(headings):
        if heading.group(1).strip() == version:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(existing)
            separator = "\n" if end < len(existing) else ""
            return existing[: heading.start()] + new_entry + separator + existing[end:]
    top = headings[0].start() if headings else len(existing)
    before = existing[:top] if headings else existing.rstrip("\n") + "\n\n"
    return before + new_entry + ("\n" + existing[top:] if headings else "")


def versions(text: str) -> list[str]:
    """The versions the changelog has entries for, newest first."""
    return [heading.group(1).strip() for heading in _ENTRY_HEADING.finditer(text)]
