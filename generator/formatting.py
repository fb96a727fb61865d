"""Stage 5: format generated Python with black, in process, only where it changes something.

The templates already write black's style, so black has work only on the
statements that came out longer than a line. Running black over a whole
module of a large spec (GitHub's: 230,000 lines) takes minutes; instead each
module is cut into units, a top-level statement or a member of a top-level
class, and black formats just the units with an over-long line, in parallel
when there are many. Black lays out a statement from its own text and its
indentation alone, so the result is what black gives for the whole module;
tests compare the two on every case spec.
"""

from __future__ import annotations

import ast
import os
import textwrap
from concurrent.futures import ProcessPoolExecutor

import black
from black.parsing import InvalidInput

LINE_LENGTH = 100
_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)  # type: ignore[attr-defined]
_CLASS_HEADER = -1  # the indent marking a unit that is a class's `class ...:` line(s)
# Below this many lines to format, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 4000


def format_whole(source: str) -> str:
    """Black over the whole module: the reference the faster path must equal."""
    try:
        return black.format_str(source, mode=_MODE)
    except InvalidInput as exc:  # a generator bug, never a spec's fault
        raise RuntimeError(f"generated code does not parse: {exc}") from exc


def _units(tree: ast.Module) -> list[tuple[int, int, int]]:
    """(first line, last line, indent) of each top-level statement, class header and class member.

    Lines are 1-based; a class header's indent is `_CLASS_HEADER`.
    """
    units = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.body:
            # The header (`class X(Base):`) and each member are units of their own.
            units.append((_first_line(node), node.body[0].lineno - 1, _CLASS_HEADER))
            units.extend((_first_line(member), _last_line(member), 4) for member in node.body)
        else:
            units.append((_first_line(node), _last_line(node), 0))
    return units


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [decorator.lineno for decorator in decorators])


def _last_line(node: ast.stmt) -> int:
    return node.end_lineno or node.lineno


def _format_unit(text: str, indent: int) -> str:
    """Black on one statement, laid out as if it stood `indent` columns in."""
    if indent == _CLASS_HEADER:
        # A header alone does not parse: give it a body, format, take the body away.
        formatted = black.format_str(text + "    pass\n", mode=_MODE)
        return formatted[: formatted.rindex("    pass\n")]
    mode = _MODE if indent == 0 else black.Mode(
        target_versions=_MODE.target_versions, line_length=LINE_LENGTH - indent
    )
    formatted = black.format_str(textwrap.dedent(text), mode=mode)
    return textwrap.indent(formatted, " " * indent) if indent else formatted


def _format_units(jobs: list[tuple[str, int]]) -> list[str]:
    size = sum(text.count("\n") for text, _ in jobs)
    workers = os.cpu_count() or 1
    if size < _PARALLEL_THRESHOLD or workers < 2:
        return [_format_unit(text, indent) for text, indent in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_format_unit, *zip(*jobs), chunksize=max(1, len(jobs) // (workers * 4))))


def format_python(source: str) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RuntimeError(f"generated code does not parse: {exc}") from exc
    lines = source.splitlines(keepends=True)
    long_lines = {
        number
        for number, line in enumerate(lines, start=1)
        if len(line) > LINE_LENGTH and len(line.rstrip("\n")) > LINE_LENGTH
    } - _text_lines(tree)
    jobs: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for first, last, indent in _units(tree):
        if first > last or not any(first <= number <= last for number in long_lines):
            continue
        jobs.append(("".join(lines[first - 1 : last]), indent))
        spans.append((first, last))
    if not jobs:
        return source
    # Last first, so replacing a unit leaves the line numbers of those before it valid.
    for (first, last), result in sorted(zip(spans, _format_units(jobs)), reverse=True):
        lines[first - 1 : last] = [result]
    return "".join(lines)


def _text_lines(tree: ast.Module) -> set[int]:
    """Lines inside string statements (docstrings), which black leaves as they are however long.

    The closing line of a real docstring stays checked: black may move its quotes.
    """
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for index, statement in enumerate(body):
            is_string = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            if is_string and isinstance(statement.value.value, str):
                last = statement.end_lineno or statement.lineno
                found.update(range(statement.lineno, last if index == 0 else last + 1))
    return found


def format_files(files: dict[str, str]) -> dict[str, str]:
    return {path: format_python(text) if path.endswith(".py") else text for path, text in files.items()}
