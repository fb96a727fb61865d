"""Imports as data: each `Import` is collected where a name is spelled, and a module's import
block is written once from all of them, merged and sorted as isort (black profile) sorts them."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

_THIRD_PARTY = frozenset({"httpx", "pydantic", "typing_extensions"})
FUTURE, STANDARD, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)  # isort's sections, in order


@dataclass(frozen=True, order=True)
class Import:
    """`from from_ import import_ [as alias]`, or `import import_` when `from_` is empty."""

    from_: str
    import_: str
    alias: str = ""

    @property
    def bound(self) -> str:
        """The name the import binds in the importing module."""
        return self.alias or self.import_

    @property
    def spelled(self) -> str:
        return f"{self.import_} as {self.alias}" if self.alias else self.import_


def isort_order(names: Iterable[str]) -> list[str]:
    """Names of one `from` import as isort orders them: CONSTANTS, Classes, functions."""
    return sorted(
        names, key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name.lower())
    )


class Imports:
    """The imports of one module, merged; `lines()` writes them as an import block."""

    def __init__(self, imports: Iterable[Import] = (), first_party: str = "") -> None:
        self._found: set[Import] = set(imports)
        self._first_party = first_party

    def add(self, *imports: Import) -> Imports:
        self._found.update(imports)
        return self

    def update(self, imports: Iterable[Import]) -> Imports:
        self._found.update(imports)
        return self

    def names(self, from_: str) -> list[str]:
        return isort_order({found.spelled for found in self._found if found.from_ == from_})

    def _section(self, module: str) -> int:
        if module == "__future__":
            return FUTURE
        if module.startswith("."):
            return LOCAL
        top = module.split(".")[0]
        if self._first_party and top == self._first_party:
            return FIRST_PARTY
        if top in _THIRD_PARTY or top not in sys.stdlib_module_names:
            return THIRD_PARTY
        return STANDARD

    def lines(self, indent: str = "") -> list[str]:
        """`import` lines first, then `from` lines, by section with a blank line between sections."""
        sections: list[list[str]] = [[], [], [], [], []]
        plain = sorted({found.import_ for found in self._found if not found.from_})
        for module in plain:
            sections[self._section(module)].append(f"{indent}import {module}")
        for module in sorted({found.from_ for found in self._found if found.from_}):
            sections[self._section(module)].append(from_line(module, self.names(module), indent))
        block: list[str] = []
        for section in sections:
            if section:
                block += ([""] if block else []) + section
        return block


def from_line(module: str, names: list[str], indent: str = "") -> str:
    """One `from` import on one line: where it is too long, the formatter wraps it."""
    return f"{indent}from {module} import {', '.join(names)}"
