"""Stage 5: format generated Python with black, in process, only where it changes something.

The templates already write black's style, so black has work only on the
statements that came out longer than a line. Running black over whole modules
of a large spec (GitHub's: 230,000 lines) takes minutes; instead each module is
cut into units, the smallest statements holding an over-long line, and black
formats just those. A unit nested in classes and functions is formatted inside
stand-in headers of the same kinds (`class _:`, `def _():`), so black sees it
at its real depth; a class or function whose own header is too long has that
header formatted over a `pass` body. Black lays out a statement from its own
text and depth alone, so the result is what black gives for the whole module;
tests compare the two on every case spec and on GitHub's document.

Two assumptions keep this exact, both kept by the templates and literals.py:
lines outside the formatted units are black-clean already, and the only
multi-line strings are docstrings.

With many units, parsing (one module per process) and formatting run in a
process pool sized to the cores.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar

import black
from black.parsing import InvalidInput
from black.strings import str_width

LINE_LENGTH = 100
_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)  # type: ignore[attr-defined]
_INDENT = " " * 4
# Below this many source lines, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 20_000
_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


class FormattingError(RuntimeError):
    """Generated code black cannot format: a generator bug, never a spec's fault."""


@dataclass(frozen=True)
class _Unit:
    """Lines `first`..`last` (1-based) of a module, to format as one piece."""

    path: str
    first: int
    last: int
    # Stand-in headers placing the unit at its depth, e.g. "class _:\n    def _():\n".
    context: str
    # A body for a header formatted without its own ("    pass\n"), else "".
    stub: str
    text: str


def format_whole(source: str) -> str:
    """Black over the whole module: the reference the faster path must equal."""
    try:
        return black.format_str(source, mode=_MODE)
    except InvalidInput as exc:
        raise FormattingError(f"generated code does not parse: {exc}") from exc


def format_python(source: str, path: str = "module.py") -> str:
    return format_files({path: source})[path]


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every `.py` file formatted as black would; other files unchanged."""
    # Biggest first, so the last piece of work to finish is a small one.
    modules = sorted(
        ((path, text) for path, text in files.items() if path.endswith(".py")), key=lambda m: -len(m[1])
    )
    with _mapper(sum(text.count("\n") for _, text in modules)) as run:
        plans = run(_plan, modules)
        results = iter(run(_format_unit, list(chain.from_iterable(plans))))
    formatted = dict(files)
    for (path, text), plan in zip(modules, plans):
        formatted[path] = _splice(text, plan, [next(results) for _ in plan])
    return formatted


_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
_Map = Callable[[Callable[[_Item], _Result], Sequence[_Item]], list[_Result]]


@contextmanager
def _mapper(size: int) -> Iterator[_Map[Any, Any]]:
    """`map` over a process pool sized to the cores, or in this process for small work."""
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers < 2 or size < _PARALLEL_THRESHOLD:
        yield lambda function, items: [function(item) for item in items]
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Several chunks per worker: items differ in cost, so fewer, larger chunks would leave one idle.
        yield lambda function, items: list(
            pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))
        )


def _plan(module: tuple[str, str]) -> list[_Unit]:
    """The units of a module (path, source) that hold an over-long line, in order."""
    path, source = module
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FormattingError(f"generated {path} does not parse: {exc}") from exc
    lines = _lines(source)
    long_lines = [
        number for number, line in enumerate(lines, start=1) if str_width(line.rstrip("\r\n")) > LINE_LENGTH
    ]
    if not long_lines:
        return []
    planner = _Planner(path, lines, frozenset(long_lines))
    planner.visit_body(tree.body, "", 0)
    return planner.units


class _Planner:
    def __init__(self, path: str, lines: list[str], long_lines: frozenset[int]) -> None:
        self.path = path
        self.lines = lines
        self.long_lines = long_lines
        self.units: list[_Unit] = []

    def has_long_line(self, first: int, last: int) -> bool:
        # Spans are mostly a few lines, long-line sets large: test the span's lines.
        return any(number in self.long_lines for number in range(first, last + 1))

    def visit_body(self, body: list[ast.stmt], context: str, depth: int) -> None:
        for index, node in enumerate(body):
            first, last = _first_line(node), node.end_lineno or node.lineno
            if _is_string_statement(node):
                # A docstring's text is left as it is however long, but black may move the
                # closing quotes of one of several lines; other strings it leaves alone entirely.
                if index == 0 and first < last and last in self.long_lines:
                    self.add(first, last, context, "")
                continue
            if not self.has_long_line(first, last):
                continue
            if isinstance(node, _DEFINITIONS) and node.body[0].lineno > node.lineno:
                self.visit_definition(node, first, context, depth)
            else:
                self.add(first, last, context, "")

    def visit_definition(
        self,
        node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef,
        first: int,
        context: str,
        depth: int,
    ) -> None:
        header_last = _first_line(node.body[0]) - 1
        # Comments and blank lines between the header and the body are not the header's.
        while header_last > node.lineno and self.lines[header_last - 1].lstrip().startswith(
            ("#", "\n", "\r")
        ):
            header_last -= 1
        body_indent = _INDENT * (depth + 1)
        if self.has_long_line(first, header_last):
            self.add(first, header_last, context, body_indent + "pass\n")
        stand_in = {
            ast.ClassDef: "class _:",
            ast.FunctionDef: "def _():",
            ast.AsyncFunctionDef: "async def _():",
        }
        self.visit_body(node.body, context + _INDENT * depth + stand_in[type(node)] + "\n", depth + 1)

    def add(self, first: int, last: int, context: str, stub: str) -> None:
        self.units.append(_Unit(self.path, first, last, context, stub, "".join(self.lines[first - 1 : last])))


def _lines(source: str) -> list[str]:
    """Lines as ast numbers them; `str.splitlines` would also break at form feeds and the like."""
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [decorator.lineno for decorator in decorators])


def _is_string_statement(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _format_unit(unit: _Unit) -> str:
    try:
        formatted = black.format_str(unit.context + unit.text + unit.stub, mode=_MODE)
    except InvalidInput as exc:
        raise FormattingError(f"generated {unit.path} does not parse at line {unit.first}: {exc}") from exc
    # The stand-in headers are black-clean, so they come back as written; black may
    # put blank lines after them, which belong to no unit.
    if not formatted.startswith(unit.context) or not formatted.endswith(unit.stub):
        raise FormattingError(
            f"black moved the context of {unit.path} lines {unit.first}-{unit.last}:\n{formatted}"
        )
    return formatted[len(unit.context) : len(formatted) - len(unit.stub)].lstrip("\n")


def _splice(source: str, units: list[_Unit], results: list[str]) -> str:
    if not units:
        return source
    lines = _lines(source)
    # Last first, so replacing a unit leaves the line numbers of those before it valid.
    for unit, result in sorted(zip(units, results), key=lambda pair: pair[0].first, reverse=True):
        lines[unit.first - 1 : unit.last] = [result]
    return "".join(lines)
