"""Constructs met in the public corpus: recursive aliases, subclasses that retype a field, clashing names."""

from __future__ import annotations

from typing import Any

from conftest import ApiBuilder, json_response, openapi_document

from generator import ir
from generator.type_spelling import spell


def _build(build_api: ApiBuilder, schemas: dict[str, Any], **extra: Any) -> tuple[ir.ApiModel, list[str]]:
    api, diagnostics = build_api(openapi_document(schemas=schemas, **extra))
    return api, [d.message for d in diagnostics.warnings]


def _aliases(api: ir.ApiModel) -> dict[str, ir.AliasDef]:
    return {alias.name: alias for alias in api.aliases}


def _models(api: ir.ApiModel) -> dict[str, ir.ModelDef]:
    return {model.name: model for model in api.models}


def _field_types(model: ir.ModelDef) -> dict[str, str]:
    return {field.name: spell(field.type) for field in model.fields}


def test_alias_recursive_through_an_object_names_itself(build_api: ApiBuilder) -> None:
    schemas = {
        "Tree": {
            "type": "array",
            "items": {"type": "object", "properties": {"children": {"$ref": "#/components/schemas/Tree"}}},
        }
    }
    api, warnings = _build(build_api, schemas)
    assert warnings == []
    assert _field_types(_models(api)["TreeItem"]) == {"children": "Tree | None"}
    tree = _aliases(api)["Tree"]
    assert spell(tree.target) == "list[TreeItem]"
    assert not tree.lazy  # its own value names only a class


def test_alias_recursive_through_containers_only_is_lazy(build_api: ApiBuilder) -> None:
    schemas = {
        "Json": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
                {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Json"}},
            ]
        },
        "Document": {"type": "object", "properties": {"body": {"$ref": "#/components/schemas/Json"}}},
    }
    api, warnings = _build(build_api, schemas)
    assert warnings == []
    json_alias = _aliases(api)["Json"]
    assert json_alias.lazy
    assert spell(json_alias.target) == "str | list[Json] | dict[str, Json]"
    # Users of the alias get its value, which names the alias inside.
    assert _field_types(_models(api)["Document"]) == {"body": "str | list[Json] | dict[str, Json] | None"}


def test_alias_that_is_a_union_with_itself_drops_the_self_member(build_api: ApiBuilder) -> None:
    schemas = {"Loop": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Loop"}]}}
    api, warnings = _build(build_api, schemas)
    assert warnings == []
    assert spell(_aliases(api)["Loop"].target) == "str"


def test_alias_that_is_only_itself_is_any_with_a_warning(build_api: ApiBuilder) -> None:
    schemas = {"Loop": {"anyOf": [{"$ref": "#/components/schemas/Loop"}]}}
    api, warnings = _build(build_api, schemas)
    assert spell(_aliases(api)["Loop"].target) == "Any"
    assert any("defined through itself" in warning for warning in warnings)


def _error_with_context(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "Error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "context": {"type": "object"}},
        },
        "Conflict": {
            "allOf": [
                {"$ref": "#/components/schemas/Error"},
                {"type": "object", "properties": {"context": context}},
            ]
        },
    }


def test_subclass_that_retypes_an_inherited_field_becomes_flat(build_api: ApiBuilder) -> None:
    context = {"type": "object", "properties": {"conflicts": {"type": "array", "items": {"type": "string"}}}}
    api, _ = _build(build_api, _error_with_context(context))
    conflict = _models(api)["Conflict"]
    assert conflict.base is None
    assert _field_types(conflict) == {"code": "str | None", "context": "ConflictContext | None"}


def test_subclass_that_narrows_an_inherited_field_keeps_its_base(build_api: ApiBuilder) -> None:
    narrowed = _error_with_context({"type": "object"})
    narrowed["Error"]["properties"]["code"] = {"type": "string"}
    narrowed["Conflict"]["allOf"][1]["properties"] = {"code": {"type": "string", "enum": ["conflict"]}}
    api, _ = _build(build_api, narrowed)
    conflict = _models(api)["Conflict"]
    assert conflict.base == "Error"
    assert _field_types(conflict) == {"code": "ConflictCode | None"}


def test_parameters_never_hide_what_generated_code_calls(build_api: ApiBuilder) -> None:
    names = ["operations", "json_body", "path_segment", "encode_query", "header_map"]
    paths = {
        "/things": {
            "get": {
                "operationId": "encodeQuery",
                "parameters": [{"name": name, "in": "query", "schema": {"type": "string"}} for name in names],
                "responses": {"200": json_response({"type": "string"})},
            }
        }
    }
    api, _ = build_api(openapi_document(paths=paths))
    (operation,) = api.all_operations()
    assert operation.name == "encode_query_"
    assert sorted(param.name for param in operation.params) == sorted(name + "_" for name in names)


def test_query_and_fragment_written_into_a_path(build_api: ApiBuilder) -> None:
    paths = {
        "/responses?beta=true#list": {
            "get": {
                "operationId": "listResponses",
                "parameters": [
                    {"name": "limit", "in": "query", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {"200": json_response({"type": "string"})},
            }
        }
    }
    api, _ = build_api(openapi_document(paths=paths))
    (operation,) = api.all_operations()
    assert (operation.path, operation.fixed_query) == ("/responses", (("beta", "true"),))
    assert operation.example.path == "/responses"
    assert operation.example.query == (("beta", "true"), ("limit", "1"))


def test_a_decimal_string_sample_parses_as_a_decimal(build_api: ApiBuilder) -> None:
    schema = {
        "type": "object",
        "required": ["amount"],
        "properties": {"amount": {"type": "string", "format": "decimal"}},
    }
    paths = {"/price": {"get": {"operationId": "getPrice", "responses": {"200": json_response(schema)}}}}
    api, _ = build_api(openapi_document(paths=paths))
    (operation,) = api.all_operations()
    assert operation.example.response_json == '{"amount": "1.50"}'


def test_a_nested_deep_object_parameter_nests_its_brackets(build_api: ApiBuilder) -> None:
    address = {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}
    details = {"type": "object", "required": ["address"], "properties": {"address": address}}
    parameter = {
        "name": "details",
        "in": "query",
        "required": True,
        "style": "deepObject",
        "explode": True,
        "schema": details,
    }
    paths = {
        "/quotes": {
            "get": {
                "operationId": "getQuote",
                "parameters": [parameter],
                "responses": {"204": {"description": "none"}},
            }
        }
    }
    api, _ = build_api(openapi_document(paths=paths))
    (operation,) = api.all_operations()
    assert operation.example.query == (("details[address][city]", "string"),)
