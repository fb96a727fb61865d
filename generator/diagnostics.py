"""Problems found in a spec or config, reported as values rather than tracebacks.

Every stage appends `Diagnostic`s to a `Diagnostics` collection; a stage that cannot
go on raises `SpecError` carrying everything collected so far, so the CLI can print
all problems at once, grouped by file, and exit 2.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


class Severity(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, a 1-based line when known, and a JSON pointer."""

    file: str
    pointer: str = ""
    line: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.pointer:
            text += f" at #{self.pointer}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    """A warning or an error about the input, with where it is."""

    severity: Severity
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity.value}: {_one_line(self.message)}"


def _one_line(text: str) -> str:
    """Keep every diagnostic on one terminal line, whatever the spec put in it."""
    flat = " ".join(text.split())
    return flat.encode("ascii", "backslashreplace").decode("ascii")


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection of problems."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, severity: Severity, message: str, location: Location | None = None) -> None:
        diagnostic = Diagnostic(severity, message, location)
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def warn(self, message: str, location: Location | None = None) -> None:
        self.add(Severity.WARNING, message, location)

    def error(self, message: str, location: Location | None = None) -> None:
        self.add(Severity.ERROR, message, location)

    def extend(self, others: Iterable[Diagnostic]) -> None:
        for diagnostic in others:
            if diagnostic not in self.items:
                self.items.append(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SpecError(self)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class SpecError(Exception):
    """Bad input: the collected diagnostics say what and where. Exit code 2."""

    def __init__(self, diagnostics: Diagnostics | str, location: Location | None = None):
        if isinstance(diagnostics, str):
            collected = Diagnostics()
            collected.error(diagnostics, location)
            diagnostics = collected
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics.errors))


def format_grouped(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """Lines for a terminal: errors before warnings, in the order found."""
    ordered = sorted(diagnostics, key=lambda d: d.severity is not Severity.ERROR)
    return [str(d) for d in ordered]
