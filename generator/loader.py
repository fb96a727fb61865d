"""Stage 1: read a spec (YAML or JSON) and bundle its `$ref`s into one document.

Local `$ref`s of the root document stay as they are; later stages resolve them
lazily, so reference cycles cost nothing here. A `$ref` into another file is
brought into the root document: a schema is hoisted into `components/schemas`
(once, however often it is referenced, so cycles across files work), anything
else is inlined where it is used. Files outside the spec's folder and URLs are
refused unless the caller allows them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator import identifiers
from generator.bundler import Bundler, names_other_file
from generator.diagnostics import Location, SpecError
from generator.lines import find_line
from generator.loaded_spec import LoadedSpec
from generator.reading import YAML_ANCHOR, LoadOptions, display_path, parse_text, read_text

__all__ = ["LoadOptions", "LoadedSpec", "display_path", "find_line", "load", "parse_text", "read_text"]

# A `$ref` whose value does not start with `#`: one into another file (possessive quantifiers, so
# that the spaces before a local `"#...` cannot be given back to make it look like one). It starts
# with the literal `$ref`, which the regex engine finds fast: 10 ms over GitHub's 10 MB.
_OTHER_FILE_REF = re.compile(r"""\$ref["']?+\s*+:\s*+(?!["']?#)""")
# A discriminator's mapping (its values may name another file without a `$ref`).
_MAPPING_KEY = re.compile(r"""\bmapping["']?+\s*+:""")
# In JSON, the key (quotes in prose are escaped), and its whole object when it holds only strings.
_JSON_MAPPING_KEY = re.compile(r'"mapping"\s*+:')
_JSON_MAPPING = re.compile(r'"mapping"\s*+:\s*+(\{[^{}]*+\})')
# A key these patterns cannot see: spelled with an escape (`"\u0024ref"`, `\x24ref`).
_ESCAPED_ASCII = re.compile(r"\\(?:u00|x|U000000)[2-7]")


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
    # A `.json` file that looks like JSON is read as JSON or refused (`parse_text`): it has no anchors.
    written_in_json = path.suffix.lower() == ".json" and text.lstrip().startswith(("{", "["))
    if not other_version and _may_name_other_files(text, written_in_json):
        Bundler(spec, options).run()
    return spec


def _may_name_other_files(text: str, written_in_json: bool) -> bool:
    """Whether the bundler must walk the document: most name no other file, and their text says so
    (the walk over GitHub's document would be a third of the load stage)."""
    if _OTHER_FILE_REF.search(text) or _ESCAPED_ASCII.search(text):
        return True
    if not written_in_json:
        # An anchor: an alias of it (`*key : …`) is a key these patterns cannot see either.
        return bool(_MAPPING_KEY.search(text) or YAML_ANCHOR.search(text))
    mappings = _JSON_MAPPING.findall(text)
    if len(mappings) != len(_JSON_MAPPING_KEY.findall(text)):
        return True  # a key named `mapping` whose value holds more than strings: look at it all
    return any(_names_other_file(mapping) for mapping in mappings)


def _names_other_file(mapping_text: str) -> bool:
    try:
        mapping = json.loads(mapping_text)
    except ValueError:  # a `{` or `}` inside one of its strings cut it short: look at it all
        return True
    return any(not isinstance(target, str) or names_other_file(target) for target in mapping.values())


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)
