"""Black and ruff, run with no flags inside each committed distribution folder, change nothing.

The generated pyproject.toml declares the settings the code was laid out with, and
the templates avoid the constructs the two formatters lay out differently, so a
user's formatter of either kind never churns generated files.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from conftest import Distribution, all_distributions

from generator import formatting

CHECKS = {
    "black": [sys.executable, "-m", "black", "--check", "--quiet", "."],
    "ruff": [*formatting.ruff_command(), "format", "--check", "--no-cache", "."],
}


@pytest.mark.parametrize("formatter", sorted(CHECKS))
@pytest.mark.parametrize("distribution", all_distributions(), ids=lambda d: d.label)
def test_formatter_leaves_the_distribution_unchanged(distribution: Distribution, formatter: str) -> None:
    result = subprocess.run(
        CHECKS[formatter], cwd=distribution.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{formatter} would reformat:\n{result.stdout}{result.stderr}"


def _python_examples(markdown: str) -> list[str]:
    """The bodies of the ```python blocks of a Markdown file."""
    return re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("distribution", all_distributions(), ids=lambda d: d.label)
def test_readme_examples_are_python_within_the_line_length(distribution: Distribution) -> None:
    """A long call is laid out one argument a line, as ruff lays out the code, not left on one line."""
    examples = _python_examples((distribution.root / "README.md").read_text(encoding="utf-8"))
    assert examples, "the README shows no Python example"
    for example in examples:
        ast.parse(example)
        too_long = [line for line in example.splitlines() if len(line) > formatting.LINE_LENGTH]
        assert too_long == [], too_long
