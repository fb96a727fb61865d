"""One small spec per feature under tests/cases/<case>/, with its generated output committed.

Each case is generated and compared byte for byte with `expected/`; the expected
package must pass `mypy --strict`, import, and pass its own generated tests (and
the case's `usage.py`, when there is one, which uses the client by hand).

Refresh the expected output after an intended change with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cases.py
"""

from __future__ import annotations

import pytest
from conftest import (
    CASES_DIR,
    UPDATE_GOLDEN,
    GeneratedCodeReport,
    assert_generated_code_works,
    case_distribution,
    case_names,
    case_package,
)

from generator import drift, pipeline, writer

CASES = case_names()


def test_there_are_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_generated_output_matches_expected(case: str) -> None:
    generated = pipeline.generate(CASES_DIR / case / "spec.yaml", case_package(case))
    expected = CASES_DIR / case / "expected"
    if UPDATE_GOLDEN:
        writer.write(generated.files, expected)
    result = drift.compare(generated.files, expected, f"tests/cases/{case}/expected")
    assert result.clean, (
        "generated output differs from the expected files; if the change is intended, run\n"
        "    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cases.py\n" + "".join(result.diff)
    )


@pytest.mark.parametrize("case", CASES)
def test_expected_package_type_checks_imports_and_passes_its_tests(
    case: str, generated_code_report: GeneratedCodeReport
) -> None:
    assert_generated_code_works(generated_code_report, case_distribution(case))
