"""Stage 6: the writer owns only what it wrote, and writes only inside its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import writer
from generator.diagnostics import SpecError

FILES = {"pkg/__init__.py": "# one\n", "pkg/models.py": "# two\n", "README.md": "# readme\n"}


def _manifest(root: Path) -> dict[str, str]:
    data = json.loads((root / writer.MANIFEST).read_text())
    assert data["generator"] == "clientgen"
    files: dict[str, str] = data["files"]
    return files


def test_first_write_creates_files_and_manifest(tmp_path: Path) -> None:
    root = tmp_path / "out"
    report = writer.write(FILES, root)
    assert sorted(report.written) == sorted(FILES)
    assert {path: (root / path).read_text() for path in FILES} == FILES
    assert _manifest(root) == {path: writer.digest(text) for path, text in FILES.items()}
    assert not list(root.rglob(".clientgen-*.tmp"))


def test_second_write_of_the_same_files_changes_nothing(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path)
    mtimes = {path: (tmp_path / path).stat().st_mtime_ns for path in FILES}
    report = writer.write(FILES, tmp_path)
    assert (report.written, sorted(report.unchanged)) == ([], sorted(FILES))
    assert {path: (tmp_path / path).stat().st_mtime_ns for path in FILES} == mtimes


def test_a_hand_written_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine\n")
    with pytest.raises(SpecError, match="refusing to overwrite README.md: it was not written by clientgen"):
        writer.write(FILES, tmp_path)
    assert (tmp_path / "README.md").read_text() == "mine\n"
    assert not (tmp_path / "pkg").exists()


def test_a_hand_written_file_beside_generated_ones_is_kept_and_reported(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path)
    (tmp_path / "pkg" / "extra.py").write_text("# by hand\n")
    (tmp_path / "notes.txt").write_text("notes\n")
    writer.write({**FILES, "pkg/models.py": "# changed\n"}, tmp_path)
    assert (tmp_path / "pkg" / "extra.py").read_text() == "# by hand\n"
    assert writer.unmanaged_files(tmp_path, FILES) == ["notes.txt", "pkg/extra.py"]


def test_stale_generated_file_is_removed_only_while_unchanged(tmp_path: Path) -> None:
    writer.write({**FILES, "pkg/old.py": "# old\n", "pkg/sub/edited.py": "# generated\n"}, tmp_path)
    (tmp_path / "pkg" / "sub" / "edited.py").write_text("# edited by hand\n")
    report = writer.write(FILES, tmp_path)
    assert report.removed == ["pkg/old.py"]
    assert report.kept == ["pkg/sub/edited.py"]
    assert not (tmp_path / "pkg" / "old.py").exists()
    assert (tmp_path / "pkg" / "sub" / "edited.py").read_text() == "# edited by hand\n"
    assert set(_manifest(tmp_path)) == set(FILES)


def test_empty_folders_of_removed_files_are_removed(tmp_path: Path) -> None:
    writer.write({**FILES, "deep/er/gone.py": "# x\n"}, tmp_path)
    writer.write(FILES, tmp_path)
    assert not (tmp_path / "deep").exists()


def test_a_changed_generated_file_is_rewritten(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path)
    report = writer.write({**FILES, "pkg/models.py": "# new\n"}, tmp_path)
    assert report.written == ["pkg/models.py"]
    assert (tmp_path / "pkg" / "models.py").read_text() == "# new\n"


@pytest.mark.parametrize("relative", ["../escape.py", "pkg/../../escape.py", "/tmp/absolute.py", ""])
def test_paths_leaving_the_folder_are_refused(tmp_path: Path, relative: str) -> None:
    root = tmp_path / "out"
    with pytest.raises(SpecError, match="refusing to write"):
        writer.write({relative: "# x\n"}, root)
    assert not (tmp_path / "escape.py").exists()


def test_a_symbolic_link_inside_the_output_is_refused(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "pkg").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SpecError, match="symbolic link"):
        writer.write(FILES, root)
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    with pytest.raises(SpecError, match="symbolic link"):
        writer.write(FILES, tmp_path / "link")


def test_a_corrupt_manifest_owns_nothing(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path)
    (tmp_path / writer.MANIFEST).write_text("{not json")
    (tmp_path / "pkg" / "models.py").write_text("# edited\n")
    with pytest.raises(SpecError, match="refusing to overwrite pkg/models.py"):
        writer.write(FILES, tmp_path)


def test_a_failure_while_writing_leaves_the_previous_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer.write(FILES, tmp_path)
    before = {path.relative_to(tmp_path): path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    changed = {path: text.replace("#", "# new") for path, text in FILES.items()}
    real_write = writer.os.write
    opened: list[int] = []

    def failing_write(handle: int, data: bytes) -> int:
        opened.append(handle)
        if len(opened) == 2:  # the disk fills up while the second new file is staged
            raise OSError(28, "No space left on device")
        return real_write(handle, data)

    monkeypatch.setattr(writer.os, "write", failing_write)
    with pytest.raises(OSError):
        writer.write(changed, tmp_path)
    after = {path.relative_to(tmp_path): path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert {path: data for path, data in after.items() if not path.name.endswith(".tmp")} == before
    assert not [path for path in after if path.name.endswith(".tmp")], "staged files are cleaned up"


def test_unmanaged_files_count_links_to_files_and_sort_by_path_parts(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "outside"
    for relative in ["a.txt", "a/b", "pkg/__pycache__/x.pyc", ".hidden/x", "pkg/.dot", "known.py"]:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x")
    (outside / "dir").mkdir(parents=True)
    (outside / "file").write_text("y")
    (outside / "dir" / "inside").write_text("z")
    (root / "link_to_file").symlink_to(outside / "file")
    (root / "link_to_dir").symlink_to(outside / "dir")
    (root / "dangling").symlink_to(outside / "nothing")
    # "a/b" before "a.txt": by path parts, as the folder is read, not by the string.
    assert writer.unmanaged_files(root, {"known.py": "x"}) == ["a/b", "a.txt", "link_to_file", "pkg/.dot"]
