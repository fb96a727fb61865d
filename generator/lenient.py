"""Documents that are strictly incomplete but whose meaning is clear, completed before validation.

What careful peers accept, clientgen accepts too, saying what it assumed: a
document without `paths` (or `paths:` left empty) is a library of schemas and
gives a models-only package; a missing `info`, title or version gets a stand-in;
an operation without `responses` returns the raw body. Extension keys (`x-...`)
inside the Paths object are valid and are left out of the paths walked.

Only the containers changed are copied; the loaded document stays as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import pointers

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NO_RESPONSES = (
    "operation declares no responses: its method returns the response body as bytes "
    "(client.send() gives the whole response)"
)
# (message, JSON pointer) of one assumption made.
Assumption = tuple[str, str]


def complete(
    data: dict[str, Any], version: tuple[int, int], spec_path: Path
) -> tuple[dict[str, Any], list[Assumption]]:
    """`data` with what is missing filled in, and a warning per assumption."""
    assumptions: list[Assumption] = []
    result = dict(data)
    result["info"] = _info(data.get("info", None), "info" in data, spec_path, assumptions)
    if "paths" not in data and version == (3, 0):
        assumptions.append(("no 'paths': a library of schemas, generated as a package of models only", ""))
        result["paths"] = {}
    elif "paths" in data and data["paths"] is None:
        assumptions.append(("'paths' is empty: generated as a package of models only", "/paths"))
        result["paths"] = {}
    if isinstance(result.get("paths"), dict):
        result["paths"] = _paths(result["paths"], assumptions)
    return result, assumptions


def _info(info: Any, present: bool, spec_path: Path, assumptions: list[Assumption]) -> Any:
    if not present or info is None:
        assumptions.append((f"no 'info': titled {spec_path.stem!r} after the file, with no API version", ""))
        return {"title": spec_path.stem, "version": ""}
    if not isinstance(info, dict):
        return info  # validation reports it
    completed = dict(info)
    if completed.get("title") is None:
        assumptions.append((f"no 'info.title': titled {spec_path.stem!r} after the file", "/info"))
        completed["title"] = spec_path.stem
    if completed.get("version") is None:
        assumptions.append(("no 'info.version': the API version is left empty", "/info"))
        completed["version"] = ""
    elif isinstance(completed["version"], (int, float)) and not isinstance(completed["version"], bool):
        completed["version"] = str(completed["version"])
        assumptions.append(
            (f"'info.version' is a number; read as the text {completed['version']!r}", "/info/version")
        )
    return completed


def _paths(paths: dict[str, Any], assumptions: list[Assumption]) -> dict[str, Any]:
    completed: dict[str, Any] = {}
    for path, item in paths.items():
        if str(path).startswith("x-"):
            continue  # an extension of the Paths object, not a path
        if not str(path).startswith("/"):
            assumptions.append(
                (f"{path!r} is not a path (paths start with '/'); ignored", pointers.join("paths", path))
            )
            continue
        completed[path] = _path_item(item, pointers.join("paths", path), assumptions)
    return completed


def _path_item(item: Any, pointer: str, assumptions: list[Assumption]) -> Any:
    if not isinstance(item, dict):
        return item
    completed = item
    for method in HTTP_METHODS:
        operation = item.get(method)
        if isinstance(operation, dict) and operation.get("responses") is None:
            assumptions.append((_NO_RESPONSES, pointers.append(pointer, method)))
            if completed is item:
                completed = dict(item)
            completed[method] = {**operation, "responses": {}}
        elif isinstance(operation, dict) and isinstance(operation.get("responses"), dict):
            responses = _described(
                operation["responses"], pointers.append(pointer, method, "responses"), assumptions
            )
            if responses is not operation["responses"]:
                if completed is item:
                    completed = dict(item)
                completed[method] = {**operation, "responses": responses}
    return completed


def _described(responses: dict[str, Any], pointer: str, assumptions: list[Assumption]) -> dict[str, Any]:
    """Responses with the required `description` an empty one where it is missing."""
    completed = responses
    for status, response in responses.items():
        if isinstance(response, dict) and "$ref" not in response and "description" not in response:
            assumptions.append(
                ("response has no 'description'; taken as empty", pointers.append(pointer, status))
            )
            if completed is responses:
                completed = dict(responses)
            completed[status] = {**response, "description": ""}
    return completed
