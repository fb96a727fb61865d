"""A spec as loaded: the bundled document, and the file and line each part of it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Location
from generator.lines import find_line
from generator.reading import display_path


@dataclass
class LoadedSpec:
    """The bundled document and where each part of it came from."""

    path: Path
    data: dict[str, Any]
    # Local pointer prefix -> (file, pointer there) for content brought in from other files.
    origins: dict[str, tuple[Path, str]] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    # (message, pointer) for problems found while loading that did not stop it.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def location(self, pointer: str) -> Location:
        file, inner = self.path, pointer
        best = ""
        for prefix, (origin_file, origin_pointer) in self.origins.items():
            if (pointer == prefix or pointer.startswith(prefix + "/")) and len(prefix) > len(best):
                best = prefix
                file, inner = origin_file, origin_pointer + pointer[len(prefix) :]
        line = find_line(self.texts.get(file, ""), inner)
        return Location(display_path(file), pointer if file == self.path else inner, line)
