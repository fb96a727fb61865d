"""Files made ahead for the writer: used for new files only, never followed as links, and gone
(with any output folder made for them) however the generation ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import file_staging, writer
from generator.diagnostics import SpecError

FILES = {f"pkg/module_{number}.py": f"# {number}\n" for number in range(40)} | {"README.md": "# readme\n"}


def _document(tmp_path: Path, size: int = 10_000) -> Path:
    document = tmp_path / "spec.json"
    document.write_bytes(b" " * size)
    return document


def _staging_folders(root: Path) -> list[Path]:
    return sorted(root.glob(file_staging.PREFIX + "*"))


def _wait_for_files(folder: Path, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_first_write_uses_the_files_made_ahead_and_leaves_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "new" / "out"
    staged = writer.prepare(root, _document(tmp_path))
    assert staged is not None and staged.folder.parent == root
    _wait_for_files(staged.folder, 20)
    made = {entry.stat().st_ino for entry in os.scandir(staged.folder)}
    report = writer.write(FILES, root, staged)
    assert sorted(report.written) == sorted(FILES)
    assert {path: (root / path).read_text() for path in FILES} == FILES
    # Files made ahead became generated files: the same inodes, renamed into place.
    assert made & {(root / path).stat().st_ino for path in FILES}
    assert _staging_folders(root) == []
    assert sorted(path.name for path in root.iterdir()) == [writer.MANIFEST, "README.md", "pkg"]
    assert writer.unmanaged_files(root, FILES) == []


def test_a_folder_generated_before_gets_no_helper(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path / "out")
    assert writer.prepare(tmp_path / "out", _document(tmp_path)) is None
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert writer.prepare(tmp_path / "link", _document(tmp_path)) is None
    assert not (tmp_path / "elsewhere").exists()


def test_more_files_wanted_than_made_are_made_by_the_writer(tmp_path: Path) -> None:
    root = tmp_path / "out"
    staged = writer.prepare(root, _document(tmp_path, size=0))  # a limit of 64 files
    assert staged is not None
    many = {f"pkg/m{number}.py": f"# {number}\n" for number in range(150)}
    writer.write(many, root, staged)
    assert {path: (root / path).read_text() for path in many} == many
    assert _staging_folders(root) == [] and not list(root.rglob("*.tmp"))


def test_a_refused_write_removes_the_staging_folder(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "README.md").write_text("mine\n")
    staged = writer.prepare(root, _document(tmp_path))
    assert staged is not None
    with pytest.raises(SpecError, match="refusing to overwrite README.md"):
        writer.write(FILES, root, staged)
    assert sorted(path.name for path in root.iterdir()) == ["README.md"]


def test_a_generation_that_fails_leaves_no_folder_it_made(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b"
    staged = file_staging.start(root, _document(tmp_path))
    assert staged is not None and root.is_dir()
    staged.close(written=False)
    assert not (tmp_path / "a").exists()


def test_a_folder_the_caller_had_is_kept_when_the_generation_fails(tmp_path: Path) -> None:
    staged = file_staging.start(tmp_path, _document(tmp_path))
    assert staged is not None
    staged.close(written=False)
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == [tmp_path / "spec.json"]


def test_a_file_made_ahead_replaced_by_a_link_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    root = tmp_path / "out"
    staged = writer.prepare(root, _document(tmp_path))
    assert staged is not None
    _wait_for_files(staged.folder, 1)
    taken = staged.take(len(FILES))
    assert taken
    os.unlink(taken[0])
    os.symlink(outside, taken[0])
    staged.take = lambda wanted: taken  # type: ignore[method-assign]  # the files as they are now
    writer.write(FILES, root, staged)
    assert outside.read_text() == "keep me\n"
    assert {path: (root / path).read_text() for path in FILES} == FILES
    assert _staging_folders(root) == []


def _helper(folder: Path, limit: int) -> subprocess.Popen[str]:
    """The helper as `StagedFiles` starts it."""
    return subprocess.Popen(
        [sys.executable, "-I", "-S", file_staging.__file__, str(folder), str(limit)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_the_helper_removes_its_files_when_no_number_comes(tmp_path: Path) -> None:
    folder = tmp_path / (file_staging.PREFIX + "x")
    folder.mkdir()
    helper = _helper(folder, 50)
    _wait_for_files(folder, 50)
    assert len(list(folder.iterdir())) == 50
    kept, _ = helper.communicate("")  # no `keep`: as when the generating process ends
    assert (helper.returncode, kept.strip()) == (0, "0")
    assert not folder.exists()


def test_the_helper_makes_up_to_its_limit_and_keeps_only_what_is_wanted(tmp_path: Path) -> None:
    folder = tmp_path / "staging"
    folder.mkdir()
    helper = _helper(folder, 5)
    assert helper.stdin is not None
    _wait_for_files(folder, 5)
    time.sleep(0.2)
    assert len(list(folder.iterdir())) == 5  # the first limit holds
    helper.stdin.write("limit 30\n")
    helper.stdin.flush()
    _wait_for_files(folder, 30)
    kept, _ = helper.communicate("keep 12\n")
    assert kept.strip() == "12"
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{number}.tmp" for number in range(12))
    assert all(path.stat().st_size == 0 for path in folder.iterdir())
