"""Comparing what would be generated with what is on disk, without writing anything."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.writer import MANIFEST, manifest_text, read_manifest


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.changed or self.extra)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def compare(files: dict[str, str], root: Path, label: str) -> Drift:
    """Differences between `files` and `root`, with a unified diff labelled by `label`."""
    drift = Drift()
    expected = dict(files)
    expected[MANIFEST] = manifest_text(files)
    for relative, text in sorted(expected.items()):
        current = _read(root / relative)
        if current == text:
            continue
        if current is None:
            drift.missing.append(relative)
            current = ""
        else:
            drift.changed.append(relative)
        drift.diff.extend(
            difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"{label}/{relative} (on disk)",
                tofile=f"{label}/{relative} (generated)",
            )
        )
    for relative in sorted(set(read_manifest(root)) - set(files)):
        if (root / relative).exists():
            drift.extra.append(relative)
            drift.diff.append(f"--- {label}/{relative} (on disk, no longer generated)\n")
    return drift
