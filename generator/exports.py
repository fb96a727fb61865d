"""What a module exports, from one list: its `__all__` and the imports that bind those names
are both written from the same `Import`s (the lazy packages: from the same index)."""

from __future__ import annotations

from collections.abc import Iterable

from generator import literals
from generator.imports import Import


def all_declaration(names: Iterable[str]) -> str:
    """`__all__`, one name a line as black keeps it; typed when empty, for mypy."""
    listed = list(names)
    if not listed:
        return "__all__: list[str] = []"
    return "__all__ = [\n" + "".join(f"    {literals.string_literal(name)},\n" for name in listed) + "]"


def exported_names(exports: Iterable[Import]) -> list[str]:
    """The names a module re-exports, sorted for `__all__`."""
    return sorted({export.bound for export in exports})
