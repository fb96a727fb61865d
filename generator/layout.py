"""Layout the formatter cannot decide alone: the few constructs that ruff and black lay out
differently when too long, written in a form both leave alone (tests run both over large clients)."""

from __future__ import annotations

from dataclasses import dataclass

from generator import formatting

LINE_LENGTH = formatting.LINE_LENGTH


@dataclass(frozen=True)
class Argument:
    """One keyword argument of an operation method."""

    name: str
    annotation: str
    default: str | None
    description: str

    def declaration(self, indent: int) -> str:
        """`name: annotation = default` as a parameter at `indent`.

        Where the line is too long, ruff splits a bare annotation at its `|`s but keeps
        parentheses it is given, and black wraps the annotation in parentheses (and drops
        them where the line fits): written in parentheses exactly then, both agree.
        """
        default = "" if self.default is None else f" = {self.default}"
        text = f"{self.name}: {self.annotation}{default}"
        if indent + len(text) + len(",") > LINE_LENGTH and is_union_source(self.annotation):
            return f"{self.name}: ({self.annotation}){default}"
        return text


def is_union_source(annotation: str) -> bool:
    """Whether an annotation's source is `A | B` at its top level (not only inside brackets)."""
    depth = 0
    for index, char in enumerate(annotation):
        depth += (char in "([{") - (char in ")]}")
        if depth == 0 and annotation.startswith(" | ", index):
            return True
    return False


def bare_function_header(name: str, returns: str) -> str:
    """`def name() -> returns:`, the header of a function without arguments.

    Too long for a line, black wraps the return type in parentheses and ruff splits its
    brackets, and neither keeps the other's layout: that line is left as it is, for both.
    """
    header = f"def {name}() -> {returns}:"
    return header + "  # fmt: skip" if len(header) > LINE_LENGTH else header
