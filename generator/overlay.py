"""OpenAPI Overlay Specification 1.0: our additions to a vendor's spec, kept beside it.

Each action selects nodes with an RFC 9535 JSONPath (`target`) and either
merges `update` into them or removes them (`remove: true`). Overlays apply
after loading and before validation, in the order given.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from generator import simple_paths
from generator.diagnostics import Diagnostics, Location, SpecError
from generator.loader import LoadOptions, display_path, find_line, parse_text, read_text


def merge(target: Any, update: Any) -> Any:
    """The overlay merge: objects merge key by key, arrays append, anything else is replaced."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
        return target
    return copy.deepcopy(update)


def apply_overlay(data: dict[str, Any], overlay_path: Path, options: LoadOptions | None = None) -> None:
    """Apply one overlay file to `data` in place; every problem found is reported together."""
    options = options or LoadOptions()
    text = read_text(overlay_path, options.max_bytes)
    overlay = parse_text(text, overlay_path, options)
    diagnostics = Diagnostics()

    def where(pointer: str) -> Location:
        return Location(display_path(overlay_path), pointer, find_line(text, pointer))

    if not isinstance(overlay, dict) or "overlay" not in overlay:
        raise SpecError("not an overlay document: no 'overlay' field", where(""))
    if not str(overlay["overlay"]).startswith("1."):
        raise SpecError(
            f"unsupported overlay version {str(overlay['overlay'])!r}; 1.x is read", where("/overlay")
        )
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise SpecError("an overlay needs a non-empty 'actions' list", where("/actions"))
    for index, action in enumerate(actions):
        at = f"/actions/{index}"
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            diagnostics.error("each action needs a 'target' JSONPath", where(at))
            continue
        matches = _matches(action["target"], data)
        if isinstance(matches, str):
            diagnostics.error(f"invalid JSONPath {action['target']!r}: {matches}", where(at + "/target"))
            continue
        if not matches:
            diagnostics.error(
                f"target {action['target']!r} matches nothing in the spec", where(at + "/target")
            )
            continue
        if action.get("remove") is True:
            # Last first, so removing an item leaves the other matches' indexes valid.
            for match in reversed(matches):
                _remove(data, match.parts)
        elif "update" in action:
            for match in matches:
                if not isinstance(match.obj, (dict, list)):
                    diagnostics.error(
                        "'update' needs a target that is an object or an array", where(at + "/target")
                    )
                    break
                merge(match.obj, action["update"])
        else:
            diagnostics.error("an action needs 'update' or 'remove: true'", where(at))
    diagnostics.raise_if_errors()


def _matches(target: str, data: Any) -> list[Any] | str:
    """The nodes `target` selects (each with `.obj` and `.parts`), or why it is not a JSONPath."""
    found = simple_paths.find(target, data)
    if found is not None:
        return found
    import jsonpath  # 35 ms to import: only for a target the simple walk does not handle

    try:
        return list(jsonpath.finditer(target, data))
    except jsonpath.JSONPathError as exc:
        return str(exc)


def _remove(data: Any, parts: tuple[Any, ...]) -> None:
    if not parts:
        return
    parent = data
    for part in parts[:-1]:
        parent = parent[part]
    del parent[parts[-1]]
