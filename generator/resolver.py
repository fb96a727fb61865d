"""Following local `$ref`s through the validated openapi-pydantic objects."""

from __future__ import annotations

from functools import cache
from typing import Any

import pydantic

from generator import openapi30, pointers
from generator.diagnostics import SpecError
from generator.loader import LoadedSpec
from generator.openapi_models import v3_1


def _is_plain_data(node: Any) -> bool:
    """Whether a `$ref` target was left unvalidated (not a model, nor a map of models such as a callback)."""
    if isinstance(node, pydantic.BaseModel):
        return False
    if isinstance(node, dict):
        return not any(isinstance(value, pydantic.BaseModel) for value in node.values())
    return True


# What a `$ref` stands for, by where it is written: the key of the map holding it,
# or the key before a list index.
_OBJECTS_BY_CONTAINER: dict[str, type[pydantic.BaseModel]] = {
    "securitySchemes": v3_1.SecurityScheme,
    "parameters": v3_1.Parameter,
    "responses": v3_1.Response,
    "requestBodies": v3_1.RequestBody,
    "headers": v3_1.Header,
    "examples": v3_1.Example,
    "links": v3_1.Link,
    "pathItems": v3_1.PathItem,
}


def _model_at(at: str) -> type[pydantic.BaseModel]:
    """The OpenAPI object a `$ref` written at `at` names: a Parameter in a `parameters` list, a
    SecurityScheme among `securitySchemes`, ...; a Schema anywhere else."""
    tokens = pointers.split_plain(at) if at.startswith("/") else []
    container = tokens[-2] if len(tokens) >= 2 else ""
    if tokens and tokens[-1] == "requestBody":
        container = "requestBodies"
    return _OBJECTS_BY_CONTAINER.get(container, v3_1.Schema)


@cache
def _fields_by_wire_name(model: type[pydantic.BaseModel]) -> dict[str, str]:
    return {(info.alias or name): name for name, info in model.model_fields.items()}


def is_reference(node: Any) -> bool:
    return isinstance(node, v3_1.Reference)


class Resolver:
    def __init__(self, document: v3_1.OpenAPI, source: LoadedSpec):
        self.document = document
        self.source = source
        self._cache: dict[str, Any] = {}

    def lookup(self, ref: str, at: str = "") -> Any:
        """The object a local `$ref` names; a SpecError naming `at` when there is none."""
        if ref in self._cache:
            return self._cache[ref]
        if not ref.startswith("#"):
            raise SpecError(f"unresolved $ref {ref!r}", self.source.location(at))
        try:
            readings = pointers.split_readings(ref)
        except ValueError:
            raise SpecError(
                f"$ref {ref!r} is neither a JSON pointer nor a known anchor", self.source.location(at)
            ) from None
        node = self._follow_any(ref, readings, at)
        if _is_plain_data(node):
            node = self._as_schema(node, ref, at)
        self._cache[ref] = node
        return node

    def _follow_any(self, ref: str, readings: list[list[str]], at: str) -> Any:
        """The target in the validated objects, else in the document as loaded: extension
        sections (`x-...`) are left out of the validated objects, or kept there as plain data."""
        for tokens in readings:
            try:
                return self._follow(tokens)
            except (KeyError, ValueError):
                pass
        for tokens in readings:
            try:
                return pointers.follow(self.source.data, tokens)
            except KeyError:
                pass
        raise SpecError(f"$ref {ref!r} points to nothing", self.source.location(at))

    def _as_schema(self, node: Any, ref: str, at: str) -> Any:
        """A schema kept as plain data (under `$defs`, in an extension), validated as one now."""
        if isinstance(node, bool):
            return v3_1.Schema.model_validate(
                {}
            )  # `true` allows anything; `false` nothing, not enforced either
        if not isinstance(node, dict):
            raise SpecError(
                f"$ref {ref!r} points to {type(node).__name__} data, not a schema", self.source.location(at)
            )
        model = v3_1.Reference if isinstance(node.get("$ref"), str) else _model_at(at)
        try:
            return model.model_validate(openapi30.schema_as_31(node))
        except pydantic.ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            raise SpecError(
                f"$ref {ref!r} points to an invalid schema: {problem}", self.source.location(at)
            ) from None

    def _follow(self, tokens: list[str]) -> Any:
        node: Any = self.document
        for token in tokens:
            node = self._child(node, token)
        return node

    def deref(self, node: Any, at: str = "") -> tuple[Any, str]:
        """Follow a chain of references to a real object: (object, last ref or "")."""
        last = ""
        seen: set[str] = set()
        while is_reference(node):
            if node.ref in seen:
                raise SpecError(f"$ref {node.ref!r} refers back to itself", self.source.location(at))
            seen.add(node.ref)
            last = node.ref
            node = self.lookup(node.ref, at)
        return node, last

    def merged_parts(self, node: Any) -> list[Any]:
        """`node` dereferenced and every schema its `allOf` merges in, nested ones too, in order."""
        found: list[Any] = []
        pending = [node]
        while pending:
            part, _ = self.deref(pending.pop())
            if any(part is seen for seen in found):
                continue
            found.append(part)
            pending.extend(reversed(part.allOf or []))
        return found

    @staticmethod
    def _child(node: Any, token: str) -> Any:
        if isinstance(node, pydantic.BaseModel):
            name = _fields_by_wire_name(type(node)).get(token)
            if name is not None:
                value = getattr(node, name)
                if value is None:
                    raise KeyError(token)
                return value
            extra = node.model_extra or {}
            if token in extra:
                return extra[token]
            raise KeyError(token)
        if isinstance(node, dict):
            return node[token]
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            return node[int(token)]
        raise KeyError(token)
