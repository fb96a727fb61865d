"""Pagination typed end to end: mypy --strict sees the type of every argument a page's request gets.

Each `iter_<name>` method builds the request for the page at a position with a lambda
that calls the request builder with keywords; no `dict[str, Any]` hides them. The
proof: break one argument's type in a generated client and mypy must say so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import CASES_DIR, case_package

from generator import pipeline, writer

CASE = "paging_strings"
GOOD_CALL = "lambda offset: operations.list_orders(offset=offset, limit=limit)"


def _mypy(package_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", "."],
        cwd=package_dir.parent,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_page_request_of_the_wrong_type_fails_mypy(tmp_path: Path) -> None:
    generated = pipeline.generate(CASES_DIR / CASE / "spec.yaml", case_package(CASE))
    client = f"{case_package(CASE)}/client.py"
    source = generated.files[client]
    assert "dict[str, Any]" not in source and "**" not in source
    assert source.count(GOOD_CALL) == 2  # the sync and the async iterator
    # The position, an int, passed on as text: mypy must reject it in both iterators.
    broken = source.replace(GOOD_CALL, GOOD_CALL.replace("offset=offset", "offset=str(offset)"))
    writer.write({**generated.files, client: broken}, tmp_path)
    result = _mypy(tmp_path / case_package(CASE))
    assert result.returncode == 1, result.stdout
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    assert len(errors) == 2 and all('"list_orders" has incompatible type "str"' in e for e in errors), errors
