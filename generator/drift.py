"""Comparing what would be generated with what is on disk, without writing anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.writer import MANIFEST, manifest_text, read_manifest

# What a fresh generation would do to a file: rewrite it, add it, or remove it.
ChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class FileDrift:
    path: str  # relative to the output folder
    kind: ChangeKind
    diff: tuple[str, ...]  # unified diff lines, each ending in a newline
    first_line: int  # 1-based line of the file on disk where it first differs (1 when it is new)


@dataclass
class Drift:
    files: list[FileDrift] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [entry.path for entry in self.files if entry.kind == "added"]

    @property
    def changed(self) -> list[str]:
        return [entry.path for entry in self.files if entry.kind == "changed"]

    @property
    def extra(self) -> list[str]:
        return [entry.path for entry in self.files if entry.kind == "removed"]

    @property
    def diff(self) -> list[str]:
        return [line for entry in self.files for line in entry.diff]

    @property
    def clean(self) -> bool:
        return not self.files


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def first_differing_line(current: list[str], expected: list[str]) -> int:
    """The 1-based line of `current` where `expected` starts to differ, kept inside `current`
    (an annotation must point at a line that exists in the file on disk)."""
    for index, (old, new) in enumerate(zip(current, expected)):
        if old != new:
            return index + 1
    return max(1, min(len(current), len(expected) + 1))


def compare(files: dict[str, str], root: Path, label: str) -> Drift:
    """Differences between `files` and `root`, with a unified diff labelled by `label`."""
    drift = Drift()
    expected = dict(files)
    expected[MANIFEST] = manifest_text(files)
    for relative, text in sorted(expected.items()):
        current = _read(root / relative)
        if current == text:
            continue
        kind: ChangeKind = "added" if current is None else "changed"
        current_lines = (current or "").splitlines(keepends=True)
        expected_lines = text.splitlines(keepends=True)
        import difflib  # only when a file differs: `clientgen check` on a clean client does not need it

        diff = difflib.unified_diff(
            current_lines,
            expected_lines,
            fromfile=f"{label}/{relative} (on disk)",
            tofile=f"{label}/{relative} (generated)",
        )
        first = 1 if current is None else first_differing_line(current_lines, expected_lines)
        drift.files.append(FileDrift(relative, kind, tuple(diff), first))
    for relative in sorted(set(read_manifest(root)) - set(files)):
        if (root / relative).exists():
            diff_line = f"--- {label}/{relative} (on disk, no longer generated)\n"
            drift.files.append(FileDrift(relative, "removed", (diff_line,), 1))
    return drift
