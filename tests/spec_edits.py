"""Spec edits written to exercise `clientgen diff`: one base document, and one edit per kind of
surface change, each with the changes expected in both directions (base -> edited, edited -> base).

An expectation is the set of change kinds reported and the suggested version bump.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def base_document() -> Document:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0"},
        "servers": [
            {"url": "https://api.example.com", "description": "production"},
            {"url": "https://sandbox.example.com", "description": "sandbox"},
        ],
        "security": [{"bearer": []}],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "tags": ["pets"],
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                        {"name": "status", "in": "query", "schema": _ref("Status")},
                    ],
                    "responses": {"200": _json({"type": "array", "items": _ref("Pet")})},
                },
                "post": {
                    "operationId": "createPet",
                    "tags": ["pets"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("NewPet")}},
                    },
                    "responses": {"201": _json(_ref("Pet"))},
                },
            },
            "/pets/{petId}": {
                "get": {
                    "operationId": "getPet",
                    "tags": ["pets"],
                    "parameters": [
                        {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {"200": _json(_ref("Pet"))},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Status": {"type": "string", "enum": ["available", "sold"]},
                "Kind": {"type": "string", "enum": ["cat", "dog"]},
                "Code": {"type": "string"},
                "Pet": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "tag": {"type": "string"},
                        "kind": _ref("Kind"),
                        "age": {"type": "integer"},
                        "code": _ref("Code"),
                    },
                },
                "NewPet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 50},
                        "tag": {"type": "string"},
                    },
                },
            },
        },
    }


def _schemas(document: Document) -> dict[str, Any]:
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def _pet(document: Document) -> dict[str, Any]:
    pet: dict[str, Any] = _schemas(document)["Pet"]
    return pet


def _new_pet(document: Document) -> dict[str, Any]:
    new_pet: dict[str, Any] = _schemas(document)["NewPet"]
    return new_pet


def _list_pets(document: Document) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"]["/pets"]["get"]
    return operation


def _get_pet(document: Document) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"]["/pets/{petId}"]["get"]
    return operation


def _every_operation(document: Document) -> list[dict[str, Any]]:
    return [operation for item in document["paths"].values() for operation in item.values()]


@dataclass(frozen=True)
class Expected:
    kinds: frozenset[str]
    bump: str


@dataclass(frozen=True)
class SpecEdit:
    name: str
    edit: Callable[[Document], None]
    forward: Expected  # base -> edited
    backward: Expected  # edited -> base

    def edited(self) -> Document:
        document = copy.deepcopy(base_document())
        self.edit(document)
        return document


def _expect(bump: str, *kinds: str) -> Expected:
    return Expected(frozenset(kinds), bump)


def _add_operation(d: Document) -> None:
    d["paths"]["/pets/{petId}"]["delete"] = {
        "operationId": "deletePet",
        "tags": ["pets"],
        "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "gone"}},
    }


def _add_query(required: bool) -> Callable[[Document], None]:
    def edit(d: Document) -> None:
        _list_pets(d)["parameters"].append(
            {"name": "owner", "in": "query", "required": required, "schema": {"type": "string"}}
        )

    return edit


def _add_shared_header(d: Document) -> None:
    for operation in _every_operation(d):
        operation.setdefault("parameters", []).append(
            {"name": "X-Tenant", "in": "header", "schema": {"type": "string"}}
        )


def _set(getter: Callable[[Document], dict[str, Any]], key: str, value: Any) -> Callable[[Document], None]:
    def edit(d: Document) -> None:
        getter(d)[key] = value

    return edit


def _property(
    getter: Callable[[Document], dict[str, Any]], name: str
) -> Callable[[Document], dict[str, Any]]:
    def get(d: Document) -> dict[str, Any]:
        found: dict[str, Any] = getter(d)["properties"][name]
        return found

    return get


def _require(getter: Callable[[Document], dict[str, Any]], name: str) -> Callable[[Document], None]:
    return lambda d: getter(d)["required"].append(name)


def _remove_property(getter: Callable[[Document], dict[str, Any]], name: str) -> Callable[[Document], None]:
    return lambda d: getter(d)["properties"].pop(name)


def _add_property(
    getter: Callable[[Document], dict[str, Any]], name: str, required: bool
) -> Callable[[Document], None]:
    def edit(d: Document) -> None:
        getter(d)["properties"][name] = {"type": "string"}
        if required:
            getter(d)["required"].append(name)

    return edit


STRING_OR_INTEGER = {"oneOf": [{"type": "string"}, {"type": "integer"}]}

EDITS: tuple[SpecEdit, ...] = (
    SpecEdit(
        "operation added",
        _add_operation,
        _expect("minor", "operation.added"),
        _expect("major", "operation.removed"),
    ),
    SpecEdit(
        "operation moved to another tag",
        _set(_get_pet, "tags", ["store"]),
        _expect("major", "operation.moved"),
        _expect("major", "operation.moved"),
    ),
    SpecEdit(
        "operation renamed",
        _set(_get_pet, "operationId", "fetchPet"),
        _expect("major", "operation.renamed"),
        _expect("major", "operation.renamed"),
    ),
    SpecEdit(
        "required parameter added",
        _add_query(True),
        _expect("major", "parameter.added.required"),
        _expect("major", "parameter.removed"),
    ),
    SpecEdit(
        "optional parameter added",
        _add_query(False),
        _expect("minor", "parameter.added.optional"),
        _expect("major", "parameter.removed"),
    ),
    SpecEdit(
        "parameter made required",
        lambda d: _list_pets(d)["parameters"][0].update(required=True),
        _expect("major", "parameter.made_required"),
        _expect("minor", "parameter.made_optional"),
    ),
    SpecEdit(
        "parameter type widened",
        lambda d: _get_pet(d)["parameters"][0].update(schema=STRING_OR_INTEGER),
        _expect("minor", "parameter.type.widened"),
        _expect("major", "parameter.type.narrowed"),
    ),
    SpecEdit(
        "parameter type changed",
        lambda d: _get_pet(d)["parameters"][0].update(schema={"type": "string"}),
        _expect("major", "parameter.type.changed"),
        _expect("major", "parameter.type.changed"),
    ),
    SpecEdit(
        "parameter constraint tightened",
        _set(lambda d: _list_pets(d)["parameters"][0]["schema"], "maximum", 50),
        _expect("major", "constraint.tightened"),
        _expect("minor", "constraint.relaxed"),
    ),
    SpecEdit(
        "request body made optional",
        lambda d: d["paths"]["/pets"]["post"]["requestBody"].update(required=False),
        _expect("minor", "parameter.made_optional"),
        _expect("major", "parameter.made_required"),
    ),
    SpecEdit(
        "return type changed",
        lambda d: _get_pet(d)["responses"].update({"200": _json(_ref("NewPet"))}),
        _expect("major", "return.type.changed"),
        _expect("major", "return.type.changed"),
    ),
    SpecEdit(
        "response field made required",
        _require(_pet, "tag"),
        _expect("minor", "field.made_required"),
        _expect("major", "field.made_optional"),
    ),
    SpecEdit(
        "request field made required",
        _require(_new_pet, "tag"),
        _expect("major", "field.made_required"),
        _expect("minor", "field.made_optional"),
    ),
    SpecEdit(
        "response field removed",
        _remove_property(_pet, "age"),
        _expect("major", "field.removed"),
        _expect("minor", "field.added.optional"),
    ),
    SpecEdit(
        "request field added, required",
        _add_property(_new_pet, "species", True),
        _expect("major", "field.added.required"),
        _expect("major", "field.removed"),
    ),
    SpecEdit(
        "request field added, optional",
        _add_property(_new_pet, "colour", False),
        _expect("minor", "field.added.optional"),
        _expect("major", "field.removed"),
    ),
    SpecEdit(
        "response field added, required",
        _add_property(_pet, "species", True),
        _expect("minor", "field.added.required"),
        _expect("major", "field.removed"),
    ),
    SpecEdit(
        "response field made nullable",
        _set(_property(_pet, "name"), "nullable", True),
        _expect("major", "field.made_nullable"),
        _expect("minor", "field.made_non_nullable"),
    ),
    SpecEdit(
        "request field made nullable",
        _set(_property(_new_pet, "name"), "nullable", True),
        _expect("minor", "field.made_nullable"),
        _expect("major", "field.made_non_nullable"),
    ),
    SpecEdit(
        "response field type widened",
        lambda d: _pet(d)["properties"].update(tag=STRING_OR_INTEGER),
        _expect("major", "field.type.widened"),
        _expect("minor", "field.type.narrowed"),
    ),
    SpecEdit(
        "request field type widened",
        lambda d: _new_pet(d)["properties"].update(tag=STRING_OR_INTEGER),
        _expect("minor", "field.type.widened"),
        _expect("major", "field.type.narrowed"),
    ),
    SpecEdit(
        "response field type changed",
        _set(_property(_pet, "id"), "type", "string"),
        _expect("major", "field.type.changed"),
        _expect("major", "field.type.changed"),
    ),
    SpecEdit(
        "request field default set",
        _set(_property(_new_pet, "tag"), "default", "none"),
        _expect("patch", "field.default.changed"),
        _expect("patch", "field.default.changed"),
    ),
    SpecEdit(
        "request enum value added",
        lambda d: _schemas(d)["Status"]["enum"].append("pending"),
        _expect("minor", "enum.value.added"),
        _expect("major", "enum.value.removed"),
    ),
    SpecEdit(
        "response enum value added",
        lambda d: _schemas(d)["Kind"]["enum"].append("bird"),
        _expect("minor", "enum.value.added"),
        _expect("major", "enum.value.removed"),
    ),
    SpecEdit(
        "request constraint tightened",
        _set(_property(_new_pet, "name"), "maxLength", 20),
        _expect("major", "constraint.tightened"),
        _expect("minor", "constraint.relaxed"),
    ),
    SpecEdit(
        "request pattern added",
        _set(_property(_new_pet, "tag"), "pattern", "^[a-z]+$"),
        _expect("major", "constraint.tightened"),
        _expect("minor", "constraint.relaxed"),
    ),
    SpecEdit(
        "response constraint added",
        _set(_property(_pet, "name"), "minLength", 1),
        _expect("minor", "constraint.tightened"),
        _expect("minor", "constraint.relaxed"),
    ),
    SpecEdit(
        "response alias widened",
        lambda d: _schemas(d).update(Code=STRING_OR_INTEGER),
        # Fields spell a plain alias's type out, so they change with it.
        _expect("major", "alias.type.widened", "field.type.widened"),
        _expect("minor", "alias.type.narrowed", "field.type.narrowed"),
    ),
    SpecEdit(
        "model added",
        lambda d: _schemas(d).update(Owner={"type": "object", "properties": {"n": {"type": "string"}}}),
        _expect("minor", "model.added"),
        _expect("major", "model.removed"),
    ),
    SpecEdit(
        "credential added",
        lambda d: d["components"]["securitySchemes"].update(
            key={"type": "apiKey", "in": "header", "name": "X-Key"}
        ),
        _expect("minor", "credential.added"),
        _expect("major", "credential.removed"),
    ),
    SpecEdit(
        "environment added",
        lambda d: d["servers"].append({"url": "https://staging.example.com", "description": "staging"}),
        _expect("minor", "environment.added", "server.added"),
        _expect("major", "environment.removed", "server.removed"),
    ),
    SpecEdit(
        "environment URL changed",
        lambda d: d["servers"][1].update(url="https://sandbox2.example.com"),
        _expect("patch", "environment.changed", "server.added", "server.removed"),
        _expect("patch", "environment.changed", "server.added", "server.removed"),
    ),
    SpecEdit(
        "shared header added",
        _add_shared_header,
        _expect("minor", "header.added", "parameter.added.optional"),
        _expect("major", "header.removed", "parameter.removed"),
    ),
)
