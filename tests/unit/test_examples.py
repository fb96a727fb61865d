"""Worked examples: arguments valid for the spec and the request they must produce."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ApiBuilder, json_response, openapi_document

from generator import examples, ir, render, value_spelling
from generator.ir import ListOf, ParamLocation, Primitive, Scalar, TypeRef

QueryEncoder = Callable[..., list[tuple[str, str]]]  # (name, value, *, style, explode)


def _param(style: str, explode: bool, name: str = "color") -> ir.Param:
    return ir.Param(
        name, name, ParamLocation.QUERY, Primitive(Scalar.ANY), False, style=style, explode=explode
    )


ARRAY = ["blue", "black"]
OBJECT = {"R": 100, "G": 200}
# OpenAPI 3.0.3, section 4.7.12.4 "Style Examples", for query parameters.
STYLE_TABLE = [
    ("form", True, "blue", [("color", "blue")]),
    ("form", True, ARRAY, [("color", "blue"), ("color", "black")]),
    ("form", False, ARRAY, [("color", "blue,black")]),
    ("form", True, OBJECT, [("R", "100"), ("G", "200")]),
    ("form", False, OBJECT, [("color", "R,100,G,200")]),
    ("spaceDelimited", False, ARRAY, [("color", "blue black")]),
    ("pipeDelimited", False, ARRAY, [("color", "blue|black")]),
    ("deepObject", True, OBJECT, [("color[R]", "100"), ("color[G]", "200")]),
    ("form", True, True, [("color", "true")]),
]


@pytest.mark.parametrize(("style", "explode", "value", "pairs"), STYLE_TABLE)
def test_query_encoding_follows_style_and_explode(
    style: str, explode: bool, value: Any, pairs: list[tuple[str, str]]
) -> None:
    assert examples.encode_query(_param(style, explode), value) == pairs


@pytest.fixture
def runtime_encode_query(tmp_path: Path) -> Iterator[QueryEncoder]:
    """The generated packages' own `encode_query`, from the runtime copied into them."""
    package = tmp_path / "runtime_under_test"
    shutil.copytree(render.templates_dir() / "runtime", package)
    (package / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("runtime_under_test._base_client").encode_query
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith("runtime_under_test")]:
            del sys.modules[name]


@pytest.mark.parametrize(("style", "explode", "value", "pairs"), STYLE_TABLE)
def test_runtime_encodes_queries_as_the_examples_expect(
    runtime_encode_query: QueryEncoder, style: str, explode: bool, value: Any, pairs: list[tuple[str, str]]
) -> None:
    assert runtime_encode_query("color", value, style=style, explode=explode) == pairs


def _operation(build_api: ApiBuilder, operation: dict[str, Any], path: str = "/x") -> ir.Operation:
    api, _ = build_api(openapi_document(paths={path: {"get": {"operationId": "x", **operation}}}))
    [built] = api.all_operations()
    return built


def test_example_request_for_every_parameter_location(build_api: ApiBuilder) -> None:
    parameters = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}},
        {"name": "day", "in": "path", "required": True, "schema": {"type": "string", "format": "date"}},
        {
            "name": "tags",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string", "enum": ["a b", "c"]}},
        },
        {
            "name": "ids",
            "in": "query",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "integer", "minimum": 5}},
        },
        {"name": "X-Ids", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "session", "in": "cookie", "schema": {"type": "string"}},
    ]
    operation = _operation(
        build_api, {"parameters": parameters, "responses": {"200": {"description": "ok"}}}, "/x/{id}/{day}"
    )
    example = operation.example
    assert example.path == "/x/3fa85f64-5717-4562-b3fc-2c963f66afa6/2024-01-02"
    assert example.query == (("tags", "a b"), ("ids", "5"))
    assert example.headers == (("X-Ids", "1"),)
    assert [(a.name, *_spelled(a)) for a in example.arguments] == [
        ("id", 'uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")', ("uuid",)),
        ("day", "datetime.date(2024, 1, 2)", ("datetime",)),
        ("tags", '[models.XTagsItem("a b")]', ()),
        ("ids", "[5]", ()),
        ("x_ids", "[1]", ()),
        ("session", '"string"', ()),
    ]


def test_example_path_values_are_percent_encoded(build_api: ApiBuilder) -> None:
    parameters = [
        {"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": ["a/b c"]}}
    ]
    operation = _operation(
        build_api, {"parameters": parameters, "responses": {"200": {"description": "ok"}}}, "/x/{name}"
    )
    assert operation.example.path == "/x/a%2Fb%20c"


def test_example_body_and_response_respect_read_and_write_only(build_api: ApiBuilder) -> None:
    pet = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string", "minLength": 8},
            "secret": {"type": "string", "writeOnly": True},
            "born": {"type": "string", "format": "date-time"},
        },
    }
    api, _ = build_api(
        openapi_document(
            paths={
                "/pets": {
                    "post": {
                        "operationId": "addPet",
                        "requestBody": {
                            "required": True,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        },
                        "responses": {"201": json_response({"$ref": "#/components/schemas/Pet"})},
                    }
                }
            },
            schemas={"Pet": pet},
        )
    )
    example = api.all_operations()[0].example
    assert example.body_json == '{"born": "2024-01-02T03:04:05Z", "name": "stringxx", "secret": "string"}'
    assert example.response_status == 201
    assert example.response_json == '{"born": "2024-01-02T03:04:05Z", "id": 1, "name": "stringxx"}'
    [body] = example.arguments
    assert value_spelling.argument_source(body).startswith("models.Pet.model_validate(")


def test_example_of_an_empty_response(build_api: ApiBuilder) -> None:
    example = _operation(build_api, {"responses": {"204": {"description": "gone"}}}).example
    assert (example.response_status, example.response_json) == (204, "")


def _spelled(argument: ir.ExampleArgument) -> tuple[str, tuple[str, ...]]:
    """The argument as written in a call, and the standard-library modules that needs."""
    modules: set[str] = set()
    return value_spelling.argument_source(argument, modules), tuple(sorted(modules))


@pytest.mark.parametrize(
    ("type_ref", "value", "literal", "modules"),
    [
        (
            Primitive(Scalar.DATETIME),
            "2024-01-02T03:04:05Z",
            "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)",
            {"datetime"},
        ),
        (Primitive(Scalar.DECIMAL), 1.5, 'decimal.Decimal("1.5")', {"decimal"}),
        (Primitive(Scalar.BYTES), 'a"b', 'b"a\\"b"', set()),
        (
            ListOf(Primitive(Scalar.DATE)),
            ["2024-01-02"],
            "[datetime.date(2024, 1, 2)]",
            {"datetime"},
        ),
        (ir.union(Primitive(Scalar.INT), Primitive(Scalar.STR)), "x", '"x"', set()),
        (Primitive(Scalar.DATE), "not a date", '"not a date"', set()),
    ],
)
def test_typed_literal(type_ref: TypeRef, value: Any, literal: str, modules: set[str]) -> None:
    found: set[str] = set()
    assert value_spelling.typed_literal(type_ref, value, found) == literal
    assert found == modules
