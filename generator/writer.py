"""Stage 6: the only code that touches the output folder.

A manifest (`.clientgen-manifest.json`) lists every file a generation wrote
with its hash. A file the generator did not write is never overwritten or
deleted; a stale file of an earlier generation is removed only while it is
unchanged. New files are written to temporary names first and renamed into
place, so a failure part-way leaves each file whole.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator import file_staging
from generator.diagnostics import Location, SpecError

MANIFEST = ".clientgen-manifest.json"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows


@dataclass
class WriteReport:
    """What a write did, file by file."""

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


def _read_bytes(path: str) -> bytes | None:
    """The file's bytes, or None when there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def manifest_text(files: dict[str, str]) -> str:
    return _manifest_of({path: digest(text) for path, text in files.items()})


def _manifest_of(digests: dict[str, str]) -> str:
    return json.dumps({"generator": "clientgen", "files": dict(sorted(digests.items()))}, indent=2) + "\n"


@dataclass
class _Tree:
    """What the output folder holds, from one walk that follows no link: thousands of files cost a
    directory read per folder, not a `stat` or two per file."""

    files: set[str] = field(default_factory=set)  # regular files, by relative path
    links: set[str] = field(default_factory=set)  # symbolic links, to files or folders
    others: set[str] = field(default_factory=set)  # folders, and anything neither file nor link
    checked_folders: dict[str, bool] = field(default_factory=dict)  # relative folder: free of links

    @staticmethod
    def scan(root: Path) -> _Tree:
        """Without the staging folders of generations under way (`file_staging`)."""
        tree = _Tree()
        pending = [("", str(root))]
        while pending:
            prefix, folder = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:  # a folder that cannot be read holds nothing we know of
                continue
            for entry in entries:
                relative = prefix + entry.name
                if not prefix and relative.startswith(file_staging.PREFIX):
                    continue
                if entry.is_symlink():
                    tree.links.add(relative)
                elif entry.is_dir():
                    tree.others.add(relative)
                    pending.append((relative + "/", entry.path))
                elif entry.is_file():
                    tree.files.add(relative)
                else:
                    tree.others.add(relative)
        return tree

    def target(self, root: Path, relative: str) -> Path:
        """`safe_target(root, relative)`, from what the walk saw."""
        parts = relative.split("/")
        if any(part in ("", ".", "..") for part in parts):
            return safe_target(root, relative)  # refused there, with its message (or made plain)
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder not in self.checked_folders:
                self.checked_folders[folder] = folder not in self.links
            if not self.checked_folders[folder]:
                return safe_target(root, relative)  # refused: a link on the way
        if relative in self.links:
            return safe_target(root, relative)
        # No link on the way and no `..`: the target is inside the root without resolving it.
        return root / relative


def prepare(root: Path, document: Path) -> file_staging.StagedFiles | None:
    """Files made ahead for a first generation into `root`: not where one was generated before
    (few files change), nor into a link or a file (`write` refuses those)."""
    if root.is_symlink() or (root.exists() and not root.is_dir()) or (root / MANIFEST).exists():
        return None
    return file_staging.start(root, document)


def write(files: dict[str, str], root: Path, staged: file_staging.StagedFiles | None = None) -> WriteReport:
    """`staged`: empty files made ahead by `prepare`, used for new files and then removed."""
    try:
        return _write(files, root, staged)
    finally:
        if staged is not None:
            staged.close()


def _write(files: dict[str, str], root: Path, staged: file_staging.StagedFiles | None) -> WriteReport:
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
    tree = _Tree.scan(root)
    pending: list[tuple[str, Path, bytes]] = []
    digests: dict[str, str] = {}
    for relative in sorted(files):
        target = tree.target(root, relative)
        wanted = files[relative].encode("utf-8")
        digests[relative] = hashlib.sha256(wanted).hexdigest()
        if relative in tree.files and _read_bytes(str(target)) == wanted:
            report.unchanged.append(relative)
            continue
        if (relative in tree.files or relative in tree.others) and relative not in previous:
            raise SpecError(
                f"refusing to overwrite {relative}: it was not written by clientgen "
                "(move it away or delete it, then generate again)",
                Location(str(root)),
            )
        pending.append((relative, target, wanted))
    _replace_all(pending, report, staged.take(len(pending)) if staged and pending else [])
    for relative in sorted(set(previous) - set(files)):
        stale = safe_target(root, relative)
        if stale.is_file() and digest(_read(stale) or "") == previous[relative]:
            stale.unlink()
            _remove_empty_parents(stale.parent, root)
            report.removed.append(relative)
        elif stale.exists():
            report.kept.append(relative)
    manifest, wanted_manifest = root / MANIFEST, _manifest_of(digests)
    if _read(manifest) != wanted_manifest:
        manifest.write_text(wanted_manifest, encoding="utf-8")
    return report


def _replace_all(pending: list[tuple[str, Path, bytes]], report: WriteReport, made: list[str]) -> None:
    """Each file written whole to a temporary name (one of the files `made` ahead, else a new one
    beside it), then all renamed into place."""
    staged: list[tuple[str, str]] = []
    created_folders: set[Path] = set()
    try:
        for number, (relative, target, data) in enumerate(pending):
            if target.parent not in created_folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                created_folders.add(target.parent)
            descriptor, temporary = _temporary_file(target, number, made)
            # Listed before it is written, so a failure below still removes it.
            staged.append((temporary, str(target)))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
            report.written.append(relative)
        while staged:
            temporary, target_name = staged[-1]
            try:
                os.replace(temporary, target_name)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                shutil.move(temporary, target_name)  # a file made ahead, across a mount point
            staged.pop()
    finally:
        for temporary, _ in staged:  # those not renamed into place
            if os.path.lexists(temporary):
                os.unlink(temporary)


def _temporary_file(target: Path, number: int, made: list[str]) -> tuple[int, str]:
    """An open file to write `target`'s text into, and its name."""
    if number < len(made):
        try:  # a file only this run writes to, in a folder of its own: never followed as a link
            descriptor = os.open(made[number], os.O_WRONLY | _NO_FOLLOW)
        except OSError:
            pass
        else:
            # Empty as made: no O_TRUNC, which on ext4 makes closing the file allocate its blocks.
            if os.fstat(descriptor).st_size:
                os.ftruncate(descriptor, 0)
            return descriptor, made[number]
    temporary = os.path.join(target.parent, f".clientgen-{os.getpid()}-{number}.tmp")
    try:
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
    except FileExistsError:  # left by a process that had this id: a name no one has
        return tempfile.mkstemp(dir=target.parent, prefix=".clientgen-", suffix=".tmp")


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def unmanaged_files(root: Path, files: dict[str, str]) -> list[str]:
    """Files in the output folder that clientgen neither wrote nor would write (a link to a file
    counts as one; a linked folder is not entered); none in `__pycache__` or a top-level dot entry."""
    if not root.is_dir() or "__pycache__" in root.parts:
        return []
    known = set(files) | {MANIFEST}
    tree = _Tree.scan(root)
    candidates = tree.files | {link for link in tree.links if (root / link).is_file()}
    found = [
        relative
        for relative in candidates
        if relative not in known
        and "__pycache__" not in PurePosixPath(relative).parts
        and not relative.startswith(".")
    ]
    return sorted(found, key=lambda relative: PurePosixPath(relative).parts)
