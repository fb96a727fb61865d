"""Paths to operations: names, parameters, bodies, responses, grouping by tag."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ApiBuilder, json_response, openapi_document

from generator import ir
from generator.ir import BodyKind, ParamLocation, ResponseKind
from generator.type_spelling import spell

OK = {"200": {"description": "ok"}}


def _operations(build_api: ApiBuilder, paths: dict[str, Any], **extra: Any) -> dict[str, ir.Operation]:
    api, _ = build_api(openapi_document(paths=paths, **extra))
    return {operation.name: operation for operation in api.all_operations()}


def _params(operation: ir.Operation) -> list[tuple[str, str, str, str, bool]]:
    return [(p.name, p.wire_name, p.location.value, spell(p.type), p.required) for p in operation.params]


def test_path_level_parameters_are_merged_and_overridden(build_api: ApiBuilder) -> None:
    paths = {
        "/items/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
            ],
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "verbose", "in": "query", "required": True, "schema": {"type": "string"}}
                ],
                "responses": OK,
            },
        }
    }
    operation = _operations(build_api, paths)["get_item"]
    assert _params(operation) == [
        ("id", "id", "path", "int", True),
        ("verbose", "verbose", "query", "str", True),
        ("x_trace", "X-Trace", "header", "str | None", False),
    ]


def test_operations_without_operation_id_are_named_from_method_and_path(build_api: ApiBuilder) -> None:
    paths = {
        "/users/{userId}/posts/{post-id}": {
            "parameters": [
                {"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "post-id", "in": "path", "required": True, "schema": {"type": "integer"}},
            ],
            "get": {"responses": OK},
            "delete": {"responses": OK},
        },
        "/": {"get": {"responses": OK}},
    }
    operations = _operations(build_api, paths)
    assert sorted(operations) == [
        "delete_users_by_user_id_posts_by_post_id",
        "get",
        "get_users_by_user_id_posts_by_post_id",
    ]
    operation = operations["get_users_by_user_id_posts_by_post_id"]
    assert (operation.method, operation.path, operation.operation_id) == (
        "GET",
        "/users/{userId}/posts/{post-id}",
        "",
    )


def test_a_duplicate_operation_id_is_numbered_with_a_warning_naming_both_places(
    build_api: ApiBuilder,
) -> None:
    paths = {
        "/a": {"get": {"operationId": "fetch", "responses": OK}},
        "/b": {"get": {"operationId": "fetch", "responses": OK}},
    }
    api, diagnostics = build_api(openapi_document(paths=paths))
    assert sorted((op.name, op.path) for op in api.operations) == [("fetch", "/a"), ("fetch_2", "/b")]
    [warning] = [str(d) for d in diagnostics.warnings]
    assert (
        "at #/paths/~1b/get/operationId: warning: operationId 'fetch' is used twice (also at /paths/~1a/get)"
        in warning
    )


def test_operation_names_that_collide_after_conversion_are_numbered(build_api: ApiBuilder) -> None:
    paths = {
        "/a": {"get": {"operationId": "listItems", "responses": OK}},
        "/b": {"get": {"operationId": "list_items", "responses": OK}},
        "/c": {"get": {"operationId": "send", "responses": OK}},
    }
    operations = _operations(build_api, paths)
    assert {name: op.operation_id for name, op in operations.items()} == {
        "list_items": "listItems",
        "list_items_2": "list_items",
        "send_": "send",
    }


def test_tags_group_operations_and_untagged_stay_on_the_client(build_api: ApiBuilder) -> None:
    paths = {
        "/pets": {"get": {"operationId": "listPets", "tags": ["pet store", "other"], "responses": OK}},
        "/users": {"get": {"operationId": "listUsers", "tags": ["client"], "responses": OK}},
        "/health": {"get": {"operationId": "health", "responses": OK}},
    }
    api, _ = build_api(openapi_document(paths=paths, tags=[{"name": "pet store", "description": "Pets."}]))
    assert [
        (g.attribute, g.class_name, g.description, [op.name for op in g.operations]) for g in api.groups
    ] == [
        ("client", "ClientResource", "", ["list_users"]),
        ("pet_store", "PetStoreResource", "Pets.", ["list_pets"]),
    ]
    assert [op.name for op in api.operations] == ["health"]


def test_untagged_operation_cannot_take_a_group_attribute(build_api: ApiBuilder) -> None:
    paths = {
        "/pets": {"get": {"operationId": "listPets", "tags": ["pets"], "responses": OK}},
        "/other": {"get": {"operationId": "pets", "responses": OK}},
    }
    api, _ = build_api(openapi_document(paths=paths))
    assert [g.attribute for g in api.groups] == ["pets"]
    assert [op.name for op in api.operations] == ["pets_2"]


@pytest.mark.parametrize(
    "tag", ["timeout", "base_url", "default_headers", "send", "close", "with_raw_response"]
)
def test_group_attributes_never_replace_client_attributes(build_api: ApiBuilder, tag: str) -> None:
    paths = {"/x": {"get": {"operationId": "x", "tags": [tag], "responses": OK}}}
    api, _ = build_api(openapi_document(paths=paths))
    assert api.groups[0].attribute == tag + "_"


@pytest.mark.parametrize("operation_id", ["timeout", "defaultHeaders", "close", "baseUrl"])
def test_untagged_methods_never_replace_client_attributes(build_api: ApiBuilder, operation_id: str) -> None:
    paths = {"/x": {"get": {"operationId": operation_id, "responses": OK}}}
    [operation] = _operations(build_api, paths).values()
    assert operation.name.endswith("_")


@pytest.mark.parametrize("operation_id", ["super", "list", "dict", "object", "getattr"])
def test_builders_never_shadow_the_builtins_their_module_uses(
    build_api: ApiBuilder, operation_id: str
) -> None:
    # A request builder is a module-level function: `def super()` breaks `super().__init__`.
    paths = {"/x": {"get": {"operationId": operation_id, "responses": OK}}}
    [operation] = _operations(build_api, paths).values()
    assert operation.name == operation_id + "_"


def test_managed_headers_are_left_to_the_client(build_api: ApiBuilder) -> None:
    parameters = [
        {"name": name, "in": "header", "schema": {"type": "string"}}
        for name in ("Accept", "Content-Type", "Authorization", "X-Request-Id")
    ]
    paths = {"/x": {"get": {"operationId": "x", "parameters": parameters, "responses": OK}}}
    assert [p.wire_name for p in _operations(build_api, paths)["x"].params] == ["X-Request-Id"]


def test_parameter_names_avoid_method_arguments_and_each_other(build_api: ApiBuilder) -> None:
    parameters = [
        {"name": "body", "in": "query", "schema": {"type": "string"}},
        {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
        {"name": "id", "in": "query", "schema": {"type": "string"}},
        {"name": "id", "in": "header", "schema": {"type": "string"}},
        {"name": "class", "in": "cookie", "schema": {"type": "string"}},
    ]
    paths = {"/x": {"get": {"operationId": "x", "parameters": parameters, "responses": OK}}}
    assert [(p.name, p.wire_name, p.location) for p in _operations(build_api, paths)["x"].params] == [
        ("body_", "body", ParamLocation.QUERY),
        ("timeout_", "timeout", ParamLocation.QUERY),
        ("id", "id", ParamLocation.QUERY),
        ("id_2", "id", ParamLocation.HEADER),
        ("class_", "class", ParamLocation.COOKIE),
    ]


@pytest.mark.parametrize(
    ("param", "style", "explode"),
    [
        ({"in": "query"}, "form", True),
        ({"in": "query", "explode": False}, "form", False),
        ({"in": "query", "style": "pipeDelimited"}, "pipeDelimited", False),
        ({"in": "header"}, "simple", False),
        ({"in": "cookie"}, "form", True),
    ],
)
def test_parameter_style_defaults(
    build_api: ApiBuilder, param: dict[str, Any], style: str, explode: bool
) -> None:
    parameters = [{"name": "ids", "schema": {"type": "array", "items": {"type": "integer"}}, **param}]
    paths = {"/x": {"get": {"operationId": "x", "parameters": parameters, "responses": OK}}}
    [built] = _operations(build_api, paths)["x"].params
    assert (built.style, built.explode, spell(built.type)) == (style, explode, "list[int] | None")


def _body_operation(build_api: ApiBuilder, content: dict[str, Any], required: bool = True) -> ir.Operation:
    paths = {
        "/x": {
            "post": {
                "operationId": "x",
                "requestBody": {"required": required, "content": content},
                "responses": OK,
            }
        }
    }
    return _operations(build_api, paths)["x"]


OBJECT = {"type": "object", "properties": {"a": {"type": "string"}}}


@pytest.mark.parametrize(
    ("content", "kind", "media", "annotation"),
    [
        ({"application/json": {"schema": OBJECT}}, BodyKind.JSON, "application/json", "XRequest"),
        (
            {"application/merge-patch+json": {"schema": OBJECT}},
            BodyKind.JSON,
            "application/merge-patch+json",
            "XRequest",
        ),
        (
            {"application/x-www-form-urlencoded": {"schema": OBJECT}},
            BodyKind.FORM,
            "application/x-www-form-urlencoded",
            "XRequest",
        ),
        ({"multipart/form-data": {"schema": OBJECT}}, BodyKind.MULTIPART, "multipart/form-data", "XRequest"),
        ({"application/octet-stream": {}}, BodyKind.BINARY, "application/octet-stream", "bytes"),
        ({"text/plain": {"schema": {"type": "string"}}}, BodyKind.TEXT, "text/plain", "str"),
        (
            {
                "application/octet-stream": {},
                "multipart/form-data": {"schema": OBJECT},
                "application/json": {"schema": OBJECT},
            },
            BodyKind.JSON,
            "application/json",
            "XRequest",
        ),
    ],
)
def test_request_body_media_types(
    build_api: ApiBuilder, content: dict[str, Any], kind: BodyKind, media: str, annotation: str
) -> None:
    body = _body_operation(build_api, content).body
    assert body is not None
    assert (body.kind, body.media_type, spell(body.type), body.required) == (
        kind,
        media,
        annotation,
        True,
    )


def test_optional_body_and_no_content(build_api: ApiBuilder) -> None:
    body = _body_operation(build_api, {"application/json": {"schema": OBJECT}}, required=False).body
    assert body is not None and body.required is False
    assert _body_operation(build_api, {}).body is None


def test_responses_with_several_codes(build_api: ApiBuilder) -> None:
    paths = {
        "/x": {
            "get": {
                "operationId": "x",
                "responses": {
                    "404": json_response({"type": "object", "properties": {"error": {"type": "string"}}}),
                    "201": json_response({"type": "string"}),
                    "200": json_response({"type": "integer"}),
                    "default": {"description": "unexpected"},
                },
            }
        }
    }
    operation = _operations(build_api, paths)["x"]
    assert [(r.status, r.kind, spell(r.type)) for r in operation.responses] == [
        ("200", ResponseKind.JSON, "int"),
        ("201", ResponseKind.JSON, "str"),
        ("404", ResponseKind.JSON, "X404Response"),
        ("default", ResponseKind.EMPTY, "None"),
    ]
    assert spell(operation.return_type) == "int | str"


def test_no_content_responses(build_api: ApiBuilder) -> None:
    paths = {
        "/x": {
            "delete": {"operationId": "remove", "responses": {"204": {"description": "gone"}}},
            "put": {
                "operationId": "replace",
                "responses": {"204": json_response({"type": "object"}, "content is ignored for 204")},
            },
        }
    }
    operations = _operations(build_api, paths)
    for name in ("remove", "replace"):
        [response] = operations[name].responses
        assert (response.kind, spell(operations[name].return_type)) == (ResponseKind.EMPTY, "None")
        assert operations[name].example.response_status == 204


@pytest.mark.parametrize(
    ("content", "kind", "annotation"),
    [
        ({"text/plain": {"schema": {"type": "string"}}}, ResponseKind.TEXT, "str"),
        ({"application/xml": {}}, ResponseKind.TEXT, "str"),
        ({"application/pdf": {}}, ResponseKind.BINARY, "bytes"),
        ({"application/problem+json": {"schema": {"type": "boolean"}}}, ResponseKind.JSON, "bool"),
    ],
)
def test_response_media_types(
    build_api: ApiBuilder, content: dict[str, Any], kind: ResponseKind, annotation: str
) -> None:
    paths = {
        "/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok", "content": content}}}}
    }
    operation = _operations(build_api, paths)["x"]
    assert (operation.responses[0].kind, spell(operation.return_type)) == (kind, annotation)


def test_only_a_default_response_is_the_return_type(build_api: ApiBuilder) -> None:
    paths = {
        "/x": {"get": {"operationId": "x", "responses": {"default": json_response({"type": "integer"})}}}
    }
    assert spell(_operations(build_api, paths)["x"].return_type) == "int"


def test_summary_is_one_line_and_deprecation_is_kept(build_api: ApiBuilder) -> None:
    paths = {
        "/x": {
            "get": {
                "operationId": "x",
                "summary": "Get\n  the x.\n\nMore.",
                "deprecated": True,
                "responses": OK,
            }
        }
    }
    operation = _operations(build_api, paths)["x"]
    assert (operation.summary, operation.deprecated) == ("Get the x.", True)
