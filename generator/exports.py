"""What a module exports, from one list: its `__all__` and the imports that bind those names
are both written from the same `Import`s (the lazy packages: from the same index)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator import literals
from generator.imports import Import, Imports


def all_declaration(names: Iterable[str]) -> str:
    """`__all__`, one name a line as black keeps it; typed when empty, for mypy."""
    listed = list(names)
    if not listed:
        return "__all__: list[str] = []"
    return "__all__ = [\n" + "".join(f"    {literals.string_literal(name)},\n" for name in listed) + "]"


def exported_names(exports: Iterable[Import]) -> list[str]:
    """The names a module re-exports, sorted for `__all__`."""
    return sorted({export.bound for export in exports})


@dataclass(frozen=True)
class LazyIndexView:
    """A module whose names are imported from other modules on first use (the package's
    `__init__.py`, `models/__init__.py`, `operations.py`), so importing it costs almost nothing."""

    type_checking_lines: tuple[str, ...]  # the imports mypy and editors read instead
    all_declaration: str
    modules: str  # the `_MODULES` dict literal: each name's module, relative to the package
    submodules: str  # the `_SUBMODULES` tuple literal, or "" when none is exported


def lazy_index(index: Iterable[tuple[str, str]]) -> LazyIndexView:
    """One index, (name, module), for the `TYPE_CHECKING` imports, `__all__` and `_MODULES` alike;
    one import a line, as a module of thousands of names reads best."""
    listed = list(index)
    return LazyIndexView(
        type_checking_lines=tuple(f"    from .{module} import {name} as {name}" for name, module in listed),
        all_declaration=all_declaration(name for name, _ in listed),
        modules=literals.python_literal(dict(listed)),
        submodules="",
    )


def lazy_package_index(exports: Iterable[Import]) -> LazyIndexView:
    """The package's own index: names and submodules from one list of `Import`s, whose imports
    (merged, for the few names a package exports) mypy reads under `TYPE_CHECKING`."""
    found = list(exports)
    submodules = sorted(export.import_ for export in found if export.from_ == ".")
    names = {export.bound: export.from_.removeprefix(".") for export in found if export.from_ != "."}
    return LazyIndexView(
        type_checking_lines=tuple(Imports(found).lines(indent="    ")),
        all_declaration=all_declaration(exported_names(found)),
        modules=literals.python_literal(dict(sorted(names.items()))),
        submodules=_tuple_literal(submodules) if submodules else "",
    )


def _tuple_literal(names: list[str]) -> str:
    spelled = [literals.string_literal(name) for name in names]
    return f"({spelled[0]},)" if len(spelled) == 1 else f"({', '.join(spelled)})"
