"""Stage 2: validate the bundled document into openapi-pydantic objects.

Real documents are often slightly invalid. Where the meaning stays clear, the
offending value is dropped with a warning and validation goes on; what cannot be
used (a missing required field, an unknown version) is an error.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import pydantic

from generator import lenient, openapi30, openapi32, pointers
from generator.diagnostics import Diagnostics, SpecError
from generator.loader import LoadedSpec
from generator.openapi_models import v3_1

OpenAPIDocument = v3_1.OpenAPI

_MAX_REPAIR_ROUNDS = 20
# Dropping these would change what the client does, so a problem there is an error.
_ESSENTIAL_KEYS = frozenset({"openapi", "info", "title", "version", "paths", "name", "in", "$ref"})
# 3.0 requires an operation's responses, which 3.1 made optional: read in the 3.1 shape, still required.
_ESSENTIAL_KEYS_30 = _ESSENTIAL_KEYS | {"responses"}


@dataclass(frozen=True)
class ValidatedSpec:
    """The document as openapi-pydantic's models, with what it was read from."""

    document: OpenAPIDocument
    version: tuple[int, int]
    source: LoadedSpec


def openapi_version(spec: LoadedSpec) -> tuple[int, int]:
    data = spec.data
    if "swagger" in data:
        raise SpecError(
            f"Swagger {data['swagger']} is not supported; convert it to OpenAPI 3 first "
            "(for example with swagger2openapi)",
            spec.location("/swagger"),
        )
    version = data.get("openapi")
    if version is None:
        raise SpecError("not an OpenAPI document: no 'openapi' field", spec.location(""))
    match = re.fullmatch(r"3\.([012])\.\d+(-.+)?", str(version))
    if not match:
        raise SpecError(
            f"unsupported OpenAPI version {str(version)!r}; clientgen reads 3.0.x, 3.1.x and 3.2.x",
            spec.location("/openapi"),
        )
    return (3, int(match.group(1)))


def validate(spec: LoadedSpec, diagnostics: Diagnostics) -> ValidatedSpec:
    version = openapi_version(spec)
    for message, pointer in spec.warnings:
        diagnostics.warn(message, spec.location(pointer))
    # Every version is read in the 3.1 shape: `nullable` (which 3.1 documents use too, though
    # 3.1 dropped it) and 3.0's boolean bounds rewritten.
    source, notes = openapi30.as_31(spec.data, version)
    for message, pointer in notes:
        diagnostics.warn(message, spec.location(pointer))
    if version == (3, 2):
        source, notes = openapi32.as_31(source)
        for message, pointer in notes:
            diagnostics.warn(message, spec.location(pointer))
    data, assumptions = lenient.complete(source, version, spec.path)
    for message, pointer in assumptions:
        diagnostics.warn(message, spec.location(pointer))
    # The models accept only the patch releases they know; any 3.0.x, 3.1.x or 3.2.x reads the same.
    data["openapi"] = "3.1.0"
    copied = False
    # What was dropped in an earlier round, by path: a required field's real problem.
    dropped: dict[tuple[str, ...], str] = {}
    for _ in range(_MAX_REPAIR_ROUNDS):
        try:
            document = v3_1.OpenAPI.model_validate(data)
            return ValidatedSpec(document, version, spec)
        except pydantic.ValidationError as exc:
            problems = _problems(exc, data, _ESSENTIAL_KEYS_30 if version == (3, 0) else _ESSENTIAL_KEYS)
        if not copied:
            data = copy.deepcopy(data)
            copied = True
        repaired = False
        # Last first, so removing a list item leaves the paths still to visit valid.
        for problem in reversed(problems):
            path, message = problem.path, problem.message
            if problem.missing_field is not None and (*path, problem.missing_field) in dropped:
                path = [*path, problem.missing_field]
                message = dropped[tuple(path)]
            location = spec.location(pointers.join(*path))
            if problem.removable and _remove(data, path):
                diagnostics.warn(f"{message}; ignoring this value", location)
                dropped[tuple(path)] = message
                repaired = True
            else:
                diagnostics.error(message, location)
        diagnostics.raise_if_errors()
        if not repaired:
            break
    diagnostics.error("the document could not be repaired into a valid OpenAPI document", spec.location(""))
    raise SpecError(diagnostics)


@dataclass(frozen=True)
class _Problem:
    """One place pydantic found invalid."""

    path: list[str]  # where in the document
    message: str
    removable: bool  # whether dropping the value is safe
    missing_field: str | None = None  # the required field that is absent, for a missing one


def _problems(exc: pydantic.ValidationError, data: Any, essential: frozenset[str]) -> list[_Problem]:
    """One problem per place in the document.

    Union members make pydantic report one error per alternative; the deepest
    path for each value is the useful one, so shallower duplicates are dropped.
    """
    found: dict[tuple[str, ...], _Problem] = {}
    for error in exc.errors():
        path = _document_path(error["loc"], data)
        if error["type"] == "missing":
            field = str(error["loc"][-1])
            problem = _Problem(path, f"missing required field {field!r}", False, field)
        else:
            removable = bool(path) and path[-1] not in essential and len(path) > 2
            problem = _Problem(path, error["msg"], removable)
        found.setdefault(tuple(path), problem)
    deepest = [
        path
        for path in found
        if not any(len(other) > len(path) and other[: len(path)] == path for other in found)
    ]
    return [found[path] for path in sorted(deepest)]


def _document_path(loc: tuple[int | str, ...], data: Any) -> list[str]:
    """Turn pydantic's error location into a path in the document.

    pydantic puts the names of union members and validators into `loc`; those
    are skipped by following the data alongside.
    """
    path: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            path.append(str(part))
    return path


def _remove(data: Any, path: list[str]) -> bool:
    try:
        parent = pointers.follow(data, path[:-1])
    except KeyError:
        return False
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    if isinstance(parent, list) and path[-1].isdigit():
        del parent[int(path[-1])]
        return True
    return False
