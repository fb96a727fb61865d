"""The fast formatting path gives exactly what black gives for the whole module."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import formatting, pipeline, render

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted((REPO / "tests" / "cases").glob("*/spec.yaml")) + sorted((REPO / "specs").glob("*.yml"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.parent.name if path.name == "spec.yaml" else path.stem)
def test_unit_formatting_equals_black_on_the_whole_module(spec: Path) -> None:
    api, _ = pipeline.load_api(spec, "pkg")
    for path, source in render.render(api).items():
        if path.endswith(".py"):
            assert formatting.format_python(source) == formatting.format_whole(source), path


def test_only_units_with_long_lines_are_reformatted() -> None:
    short = 'def f(\n) -> int:\n    return 1\n'
    assert formatting.format_python(short) == short, "black-clean templates are trusted where no line is long"
    long_call = "x = g(" + ", ".join(f"argument_{n}" for n in range(20)) + ")\n"
    assert formatting.format_python(long_call) == formatting.format_whole(long_call) != long_call


def test_class_members_and_headers_are_formatted_in_place() -> None:
    name = "A" * 95
    source = (
        f"class {name}(Base):\n"
        '    """Doc."""\n\n'
        "    field: int = Field(" + ", ".join(f"k{n}={n}" for n in range(30)) + ")\n"
    )
    assert formatting.format_python(source) == formatting.format_whole(source)


def test_code_that_does_not_parse_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="generated code does not parse"):
        formatting.format_python("def broken(:\n")
