"""Stage 6: the only code that touches the output folder.

A manifest (`.clientgen-manifest.json`) lists every file a generation wrote
with its hash. A file the generator did not write is never overwritten or
deleted; a stale file of an earlier generation is removed only while it is
unchanged. New files are written to temporary names first and renamed into
place, so a failure part-way leaves each file whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import Location, SpecError

MANIFEST = ".clientgen-manifest.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale but edited by hand, so left alone


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def safe_target(root: Path, relative: str) -> Path:
    """`root / relative`, refused unless it stays inside `root` without following a link out."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise SpecError(f"refusing to write {relative!r}: not a plain relative path", Location(str(root)))
    target = root.joinpath(*parts)
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise SpecError(f"refusing to write through the symbolic link {current}", Location(str(root)))
    if not target.resolve().is_relative_to(root.resolve()):
        raise SpecError(f"refusing to write {relative!r} outside the output folder", Location(str(root)))
    return target


def read_manifest(root: Path) -> dict[str, str]:
    path = root / MANIFEST
    if not path.is_file() or path.is_symlink():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (ValueError, KeyError, TypeError, OSError):
        return {}


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def manifest_text(files: dict[str, str]) -> str:
    listing = {path: digest(text) for path, text in sorted(files.items())}
    return json.dumps({"generator": "clientgen", "files": listing}, indent=2) + "\n"


def write(files: dict[str, str], root: Path) -> WriteReport:
    report = WriteReport()
    if root.is_symlink():
        raise SpecError("refusing to write into a symbolic link", Location(str(root)))
    if root.exists() and not root.is_dir():
        raise SpecError("the output folder is a file", Location(str(root)))
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpecError(f"cannot create the output folder: {exc.strerror}", Location(str(root))) from None
    previous = read_manifest(root)
    targets = {relative: safe_target(root, relative) for relative in files}
    for relative, target in targets.items():
        existing = _read(target) if target.exists() else None
        if target.exists() and relative not in previous and existing != files[relative]:
            raise SpecError(
                f"refusing to overwrite {relative}: it was not written by clientgen "
                "(move it away or delete it, then generate again)",
                Location(str(root)),
            )
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, target in sorted(targets.items()):
            if _read(target) == files[relative]:
                report.unchanged.append(relative)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=".clientgen-", suffix=".tmp")
            # Listed before it is written, so a failure below still removes it.
            staged.append((Path(temporary_name), target))
            try:
                stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
            except BaseException:
                os.close(handle)
                raise
            with stream:
                stream.write(files[relative])
            report.written.append(relative)
        for staged_file, target in staged:
            os.replace(staged_file, target)
    finally:
        for staged_file, _ in staged:
            staged_file.unlink(missing_ok=True)
    for relative in sorted(set(previous) - set(files)):
        stale = safe_target(root, relative)
        if stale.is_file() and digest(_read(stale) or "") == previous[relative]:
            stale.unlink()
            _remove_empty_parents(stale.parent, root)
            report.removed.append(relative)
        elif stale.exists():
            report.kept.append(relative)
    manifest = root / MANIFEST
    if _read(manifest) != manifest_text(files):
        manifest.write_text(manifest_text(files), encoding="utf-8")
    return report


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def unmanaged_files(root: Path, files: dict[str, str]) -> list[str]:
    """Files in the output folder that clientgen neither wrote nor would write."""
    if not root.is_dir():
        return []
    known = set(files) | {MANIFEST}
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if (
            path.is_file()
            and relative not in known
            and "__pycache__" not in path.parts
            and not relative.startswith(".")
        ):
            found.append(relative)
    return found
