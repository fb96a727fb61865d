"""Stage 2: the OpenAPI version picks the model; repairs become warnings, the rest errors."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SpecWriter, openapi_document

from generator import loader, validate
from generator.diagnostics import Diagnostics, SpecError
from generator.openapi_models import v3_1


def _validated(
    write_spec: SpecWriter, document: dict[str, object] | str
) -> tuple[validate.ValidatedSpec, Diagnostics]:
    diagnostics = Diagnostics()
    return validate.validate(loader.load(write_spec(document)), diagnostics), diagnostics


def _errors(write_spec: SpecWriter, document: dict[str, object] | str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        _validated(write_spec, document)
    return [str(d) for d in caught.value.diagnostics.errors]


@pytest.mark.parametrize(
    ("version", "expected"), [("3.0.3", (3, 0)), ("3.1.0", (3, 1)), ("3.0.0-rc1", (3, 0))]
)
def test_every_version_is_read_into_the_3_1_models(
    write_spec: SpecWriter, version: str, expected: tuple[int, int]
) -> None:
    validated, diagnostics = _validated(write_spec, openapi_document(version=version))
    assert isinstance(validated.document, v3_1.OpenAPI)
    assert validated.version == expected
    assert not diagnostics.items


def test_type_arrays_are_read_only_as_3_1(write_spec: SpecWriter) -> None:
    schemas = {"Name": {"type": ["string", "null"]}}
    validated, diagnostics = _validated(write_spec, openapi_document(schemas=schemas, version="3.1.0"))
    document: Any = validated.document  # the models' optional fields are all present here
    assert [t.value for t in document.components.schemas["Name"].type] == ["string", "null"]
    assert not diagnostics.items


def test_swagger_2_is_refused_with_a_conversion_hint(write_spec: SpecWriter) -> None:
    [error] = _errors(write_spec, "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert "Swagger 2.0 is not supported" in error
    assert "swagger2openapi" in error
    assert "openapi.yaml:1 at #/swagger" in error


@pytest.mark.parametrize("version", ["2.5.0", "3.2", "4.0.0", "3.1"])
def test_unknown_openapi_version_is_refused(write_spec: SpecWriter, version: str) -> None:
    [error] = _errors(write_spec, openapi_document(version=version))
    assert f"unsupported OpenAPI version '{version}'" in error
    assert "at #/openapi" in error


def test_a_document_without_openapi_field_is_refused(write_spec: SpecWriter) -> None:
    [error] = _errors(write_spec, {"info": {"title": "t", "version": "1"}, "paths": {}})
    assert "no 'openapi' field" in error


def test_missing_required_field_is_an_error_with_pointer_and_line(write_spec: SpecWriter) -> None:
    text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x:\n    parameters:\n      - in: query\n"
    [error] = _errors(write_spec, text)
    assert "missing required field 'name'" in error
    assert "openapi.yaml:8 at #/paths/~1x/parameters/0" in error


def test_a_required_field_dropped_as_invalid_is_reported_by_its_own_problem(write_spec: SpecWriter) -> None:
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: [1]\n"
    [error] = _errors(write_spec, text)
    assert "at #/paths/~1x/get/responses: error: Input should be a valid dictionary" in error


def test_wrong_typed_value_is_dropped_with_a_warning(write_spec: SpecWriter) -> None:
    paths = {
        "/x": {
            "get": {
                "deprecated": "maybe",
                "parameters": [{"name": "a", "in": "query", "schema": {"type": "string", "minLength": "x"}}],
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    validated, diagnostics = _validated(write_spec, openapi_document(paths=paths))
    document: Any = validated.document
    operation = document.paths["/x"].get
    assert operation.deprecated is False
    assert operation.parameters[0].param_schema.minLength is None
    warnings = sorted(str(d) for d in diagnostics.warnings)
    assert len(warnings) == 2
    assert "at #/paths/~1x/get/deprecated: warning:" in warnings[1]
    assert "ignoring this value" in warnings[1]
    assert "at #/paths/~1x/get/parameters/0/schema/minLength: warning:" in warnings[0]
    assert not diagnostics.errors


def test_the_loaded_document_is_not_changed_by_repairs(write_spec: SpecWriter) -> None:
    paths = {"/x": {"get": {"deprecated": "maybe", "responses": {"200": {"description": "ok"}}}}}
    spec = loader.load(write_spec(openapi_document(paths=paths)))
    validate.validate(spec, Diagnostics())
    assert spec.data["paths"]["/x"]["get"]["deprecated"] == "maybe"


def test_essential_value_of_the_wrong_type_is_an_error(write_spec: SpecWriter) -> None:
    paths = {"/x": {"get": {"parameters": [{"name": "a", "in": "nowhere"}], "responses": {}}}}
    errors = _errors(write_spec, openapi_document(paths=paths))
    assert any("#/paths/~1x/get/parameters/0/in" in error for error in errors)
