"""Drift: what generation would change on disk, as lists and a unified diff, without writing."""

from __future__ import annotations

from pathlib import Path

from generator import drift, writer

FILES = {"pkg/__init__.py": "a = 1\n", "pkg/models.py": "b = 2\nc = 3\n"}


def test_freshly_written_files_are_clean(tmp_path: Path) -> None:
    writer.write(FILES, tmp_path)
    result = drift.compare(FILES, tmp_path, "out")
    assert result.clean
    assert (result.missing, result.changed, result.extra, result.diff) == ([], [], [], [])


def test_missing_changed_and_extra_files(tmp_path: Path) -> None:
    writer.write({**FILES, "pkg/old.py": "old = 1\n"}, tmp_path)
    (tmp_path / "pkg" / "models.py").write_text("b = 2\nc = 4\n")
    expected = {**FILES, "pkg/new.py": "new = 1\n"}
    result = drift.compare(expected, tmp_path, "out")
    assert not result.clean
    assert result.missing == ["pkg/new.py"]
    assert result.changed == [".clientgen-manifest.json", "pkg/models.py"]
    assert result.extra == ["pkg/old.py"]
    diff = "".join(result.diff)
    assert "--- out/pkg/models.py (on disk)\n+++ out/pkg/models.py (generated)\n" in diff
    assert "-c = 4\n+c = 3\n" in diff
    assert "+++ out/pkg/new.py (generated)\n" in diff and "+new = 1\n" in diff
    assert "--- out/pkg/old.py (on disk, no longer generated)\n" in diff


def test_compare_never_writes(tmp_path: Path) -> None:
    drift.compare(FILES, tmp_path / "absent", "out")
    assert not (tmp_path / "absent").exists()


def test_an_empty_folder_misses_everything(tmp_path: Path) -> None:
    result = drift.compare(FILES, tmp_path, "out")
    assert result.missing == [".clientgen-manifest.json", *sorted(FILES)]
