"""Stage 1: read a spec (YAML or JSON) and bundle its `$ref`s into one document.

Local `$ref`s of the root document stay as they are; later stages resolve them
lazily, so reference cycles cost nothing here. A `$ref` into another file is
brought into the root document: a schema is hoisted into `components/schemas`
(once, however often it is referenced, so cycles across files work), anything
else is inlined where it is used. Files outside the spec's folder and URLs are
refused unless the caller allows them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import identifiers
from generator.bundler import Bundler
from generator.diagnostics import Location, SpecError
from generator.lines import find_line
from generator.loaded_spec import LoadedSpec
from generator.reading import LoadOptions, display_path, parse_text, read_text

__all__ = ["LoadOptions", "LoadedSpec", "display_path", "find_line", "load", "parse_text", "read_text"]

# A `$ref` whose value does not start with `#`: one into another file (possessive quantifiers, so
# that the spaces before a local `"#...` cannot be given back to make it look like one). It starts
# with the literal `$ref`, which the regex engine finds fast: 10 ms over GitHub's 10 MB.
_OTHER_FILE_REF = re.compile(r"""\$ref["']?+\s*+:\s*+(?!["']?#)""")


def load(path: Path, options: LoadOptions | None = None) -> LoadedSpec:
    options = options or LoadOptions()
    path = path.resolve()
    text = read_text(path, options.max_bytes)
    notes: list[tuple[str, str]] = []
    data = parse_text(text, path, options, notes)
    if not isinstance(data, dict):
        raise SpecError(
            f"expected a mapping at the top level, found {_kind(data)}", Location(display_path(path))
        )
    spec = LoadedSpec(path=path, data=data, texts={path: text}, warnings=notes)
    if identifiers.used_in(text):
        _, warnings = identifiers.localize(data)
        spec.warnings.extend(warnings)
    # A document of another version is refused for that (by `validate`), not for its references.
    version = str(data.get("openapi", ""))
    other_version = "swagger" in data or (version != "" and not version.startswith(("3.0", "3.1")))
    # A discriminator's mapping may name another file too (without a `$ref`): the bundler looks.
    if not other_version and (_OTHER_FILE_REF.search(text) or "mapping" in text):
        Bundler(spec, options).run()
    return spec


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)
