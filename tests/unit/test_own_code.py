"""The generator's own code keeps the project's settings: ruff's rules and layout, mypy --strict."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OWN_CODE = ["generator", "bench", "tests", "noxfile.py"]


def ruff(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *arguments, *OWN_CODE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_own_code_is_lint_clean() -> None:
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_own_code_is_in_ruffs_layout() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_is_mypy_strict_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],  # files and strictness: pyproject.toml
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


GENERATOR = REPO / "generator"
RUNTIME = REPO / "templates" / "runtime"


def test_no_module_over_500_lines() -> None:
    sizes = {
        path: len(path.read_text().splitlines()) for path in [*GENERATOR.glob("*.py"), *RUNTIME.glob("*.py")]
    }
    assert {str(path.relative_to(REPO)): size for path, size in sizes.items() if size > 500} == {}


def test_no_generator_class_over_200_lines() -> None:
    long_classes = {}
    for path in GENERATOR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > 200:
                    long_classes[f"{path.name}:{node.name}"] = size
    assert long_classes == {}
