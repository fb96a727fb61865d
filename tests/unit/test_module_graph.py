"""The generator's modules import one another without a cycle, so each can be read (and tested) after
the ones it builds on."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).parents[2] / "generator"


def _imports(path: Path) -> set[str]:
    """The generator modules a module imports, at run time or for type checking alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "generator":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("generator.")}
    return found


def _graph() -> dict[str, set[str]]:
    modules = {path.stem: path for path in GENERATOR.glob("*.py") if path.stem != "__init__"}
    return {name: _imports(path) & modules.keys() for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import one another, each group a cycle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for imported in sorted(graph[name]):
            if imported not in index:
                visit(imported)
                low[name] = min(low[name], low[imported])
            elif imported in stack:
                low[name] = min(low[name], index[imported])
        if low[name] == index[name]:
            group: set[str] = set()
            member = ""
            while member != name:
                member = stack.pop()
                group.add(member)
            if len(group) > 1 or name in graph[name]:
                found.append(group)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found, key=sorted)


def test_the_generator_modules_import_without_a_cycle() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _cycles(graph) == [{"a", "b", "c"}, {"e"}]
    assert "examples" in _graph()["operations"]  # the parsing sees real imports
    assert "operations" not in _graph()["examples"]  # examples are made from what operations hand them
