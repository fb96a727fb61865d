"""The views: values decided in Python, laid out by templates that compute nothing."""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
from conftest import ApiBuilder, json_response, openapi_document

from generator import ir, model_views, render, spelling, views
from generator.imports import Import, Imports


def _operation(operation_id: str, tag: str) -> dict[str, object]:
    return {
        "operationId": operation_id,
        "tags": [tag],
        "responses": {"200": json_response({"type": "string"})},
    }


def test_tags_whose_class_names_collide_are_each_named_in_their_docstrings(build_api: ApiBuilder) -> None:
    paths = {"/a": {"get": _operation("listA", "Pets")}, "/b": {"get": _operation("listB", "pets")}}
    api, _ = build_api(openapi_document(paths=paths))
    package = views.package_views_of(api, (), "", "")
    classes = sorted(resource.class_name for resource in package.resources)
    assert classes == ["PetsResource", "PetsResource2"]
    rendered = render.render(api)
    for resource in package.resources:
        module = rendered[f"pkg/resources/{resource.name}.py"]
        assert ast.get_docstring(ast.parse(module)) == (
            f"Operations tagged Pets: their request builders, and `client.{resource.name}` of both clients."
        )
        assert "PetsR." not in module and "PetsR:" not in module
    assert "Operations tagged PetsR" not in rendered["pkg/client.py"]


def test_templates_only_lay_values_out() -> None:
    """No slicing, no string building and no filters that compute names: the views decide."""
    for template in (render.templates_dir() / "package").rglob("*.jinja"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\[-?\d*:-?\d*\]", text), template
        assert "| replace" not in text and "selectattr" not in text, template
        assert not re.search(r"\{\{[^}]*~", text), template  # no `~` concatenation inside an expression


def test_imports_are_merged_and_written_in_isort_sections() -> None:
    imports = Imports(
        [
            Import("__future__", "annotations"),
            Import("typing", "Any"),
            Import("", "httpx"),
            Import("._base_client", "header_map"),
            Import("._base_client", "header_map"),
            Import("._base_client", "NOT_GIVEN"),
            Import("._base_client", "APIRequest"),
            Import(".", "models"),
            Import("", "datetime"),
            Import("collections.abc", "Mapping"),
            Import("typing", "TYPE_CHECKING"),
            Import("pkg", "Client"),
            Import(".._models", "ApiBaseModel", "_ApiBaseModel"),
        ],
        first_party="pkg",
    )
    assert imports.lines() == [
        "from __future__ import annotations",
        "",
        "import datetime",
        "from collections.abc import Mapping",
        "from typing import TYPE_CHECKING, Any",
        "",
        "import httpx",
        "",
        "from pkg import Client",
        "",
        "from . import models",
        "from .._models import ApiBaseModel as _ApiBaseModel",
        "from ._base_client import NOT_GIVEN, APIRequest, header_map",
    ]


@pytest.fixture
def petstore(build_api: ApiBuilder) -> dict[str, str]:
    paths = {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
                "responses": {"200": json_response({"type": "array", "items": {"type": "string"}})},
            }
        },
        "/health": {"get": {"operationId": "health", "responses": {"204": {"description": "ok"}}}},
    }
    api, _ = build_api(openapi_document(paths=paths))
    return render.render(api)


def _assigned(tree: ast.Module, name: str) -> Any:
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(target, "id", "") == name for target in targets):
                assert node.value is not None
                return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned")


def test_the_package_exports_exactly_what_it_imports_for_type_checkers_and_on_first_use(
    petstore: dict[str, str],
) -> None:
    tree = ast.parse(petstore["pkg/__init__.py"])
    type_checking = next(node for node in tree.body if isinstance(node, ast.If))
    bound = {
        alias.asname or alias.name
        for node in type_checking.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    exported = _assigned(tree, "__all__")
    assert sorted(bound) == exported
    assert sorted([*_assigned(tree, "_MODULES"), *_assigned(tree, "_SUBMODULES")]) == exported
    assert {"Client", "AsyncClient", "models", "operations", "APIError"} <= set(exported)
    eager = [node for node in tree.body if isinstance(node, ast.ImportFrom) and node.module != "__future__"]
    assert [(node.module, [alias.name for alias in node.names]) for node in eager] == [
        ("importlib", ["import_module"]),
        ("typing", ["TYPE_CHECKING"]),
    ]


def test_each_import_name_is_written_once(petstore: dict[str, str]) -> None:
    for path, source in petstore.items():
        if not path.endswith(".py"):
            continue
        for node in ast.parse(source).body:
            if isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
                assert len(names) == len(set(names)), (path, names)


def test_equal_bounds_of_different_number_types_are_each_spelled_as_given() -> None:
    """1 == 1.0 in Python, so types that differ only there are equal values: nothing may share
    one spelling between them (a cache keyed by type would)."""
    whole = ir.optional(ir.Primitive(ir.Scalar.INT, ir.Constraints(ge=1)))
    share = ir.optional(ir.Primitive(ir.Scalar.INT, ir.Constraints(ge=1.0)))
    assert whole == share
    fields = [ir.Field("whole", "whole", whole, False, None), ir.Field("share", "share", share, False, None)]
    declarations = [model_views.field_view(field).declaration for field in fields]
    assert declarations == [
        "whole: int | None = Field(default=None, ge=1)",
        "share: int | None = Field(default=None, ge=1.0)",
    ]


def test_equal_fields_whose_defaults_differ_in_number_type_are_each_spelled_as_given() -> None:
    """Equal fields share one view, but a default of 1 is not one of 1.0, nor True one of 1."""
    number = ir.optional(ir.primitive(ir.Scalar.FLOAT))
    fields = [ir.Field("x", "x", number, False, default) for default in (1, 1.0, True, 1, 1.0)]
    assert len(set(fields)) == 1
    declarations = [model_views.field_view(field).declaration for field in fields]
    assert declarations == [
        "x: float | None = 1",
        "x: float | None = 1.0",
        "x: float | None = True",
        "x: float | None = 1",
        "x: float | None = 1.0",
    ]


def test_equal_literals_of_different_types_are_each_spelled_as_given() -> None:
    """True == 1 in Python: spellings kept per equal type must not give one the other's."""
    true, one = ir.LiteralOf(True), ir.LiteralOf(1)
    assert true == one
    assert [spelling.annotation(t) for t in (true, one, true)] == [
        "Literal[True]",
        "Literal[1]",
        "Literal[True]",
    ]
