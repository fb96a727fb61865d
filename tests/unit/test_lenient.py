"""Incomplete documents whose meaning is clear: completed with a warning saying what was assumed."""

from __future__ import annotations

from typing import Any

from conftest import SpecWriter, openapi_document

from generator import ir, loader, pipeline, validate
from generator.diagnostics import Diagnostics

_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}


def _validated(write_spec: SpecWriter, document: dict[str, Any] | str) -> tuple[Any, list[str]]:
    diagnostics = Diagnostics()
    validated = validate.validate(loader.load(write_spec(document)), diagnostics)
    assert not diagnostics.errors
    return validated.document, [_from_file_name(str(d)) for d in diagnostics.warnings]


def _api(write_spec: SpecWriter, document: dict[str, Any] | str) -> tuple[ir.ApiModel, list[str]]:
    api, diagnostics = pipeline.load_api(write_spec(document), "pkg")
    return api, [_from_file_name(str(d)) for d in diagnostics.warnings]


def _from_file_name(diagnostic: str) -> str:
    """The diagnostic without the temporary folder before the spec's file name."""
    return diagnostic[diagnostic.index("openapi.yaml") :]


def test_unquoted_status_codes_are_status_codes(write_spec: SpecWriter) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n"
        "      responses:\n        200:\n          description: ok\n"
        "          content: {application/json: {schema: {type: string}}}\n        404: {description: gone}\n"
    )
    api, warnings = _api(write_spec, text)
    [operation] = api.operations
    assert [response.status for response in operation.responses] == ["200", "404"]
    assert operation.return_type == ir.Primitive(ir.Scalar.STR)
    assert warnings == []


def test_yaml_keys_that_read_as_numbers_or_booleans_keep_their_text(write_spec: SpecWriter) -> None:
    spec = loader.load(write_spec("openapi: 3.1.0\nx-codes:\n  0x1F: a\n  true: b\n  1.50: c\n  ~: d\n"))
    assert list(spec.data["x-codes"]) == ["0x1F", "true", "1.50", "~"]


def test_a_30_document_with_only_components_is_a_models_only_package(write_spec: SpecWriter) -> None:
    document = openapi_document(
        schemas={"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
    )
    del document["paths"]
    api, warnings = _api(write_spec, document)
    assert [model.name for model in api.models] == ["Pet"]
    assert not api.all_operations()
    [warning] = warnings
    assert (
        warning
        == "openapi.yaml:1: warning: no 'paths': a library of schemas, generated as a package of models only"
    )


def test_null_paths_and_missing_info_version_are_assumed_with_warnings(write_spec: SpecWriter) -> None:
    document, warnings = _validated(write_spec, "openapi: 3.1.0\ninfo:\n  title: t\npaths:\n")
    assert document.paths == {}
    assert document.info.version == ""
    assert warnings == [
        "openapi.yaml:2 at #/info: warning: no 'info.version': the API version is left empty",
        "openapi.yaml:4 at #/paths: warning: 'paths' is empty: generated as a package of models only",
    ]


def test_missing_info_is_titled_after_the_file(write_spec: SpecWriter) -> None:
    document, warnings = _validated(write_spec, "openapi: 3.0.3\npaths: {}\n")
    assert (document.info.title, document.info.version) == ("openapi", "")
    assert warnings == [
        "openapi.yaml:1: warning: no 'info': titled 'openapi' after the file, with no API version"
    ]


def test_a_numeric_info_version_is_read_as_text(write_spec: SpecWriter) -> None:
    document, warnings = _validated(write_spec, "openapi: 3.0.3\ninfo: {title: t, version: 2}\npaths: {}\n")
    assert document.info.version == "2"
    assert warnings == [
        "openapi.yaml:2 at #/info/version: warning: 'info.version' is a number; read as the text '2'"
    ]


def test_an_operation_without_responses_returns_the_body_as_bytes(write_spec: SpecWriter) -> None:
    paths = {"/x": {"post": {"operationId": "postX"}, "get": {"operationId": "getX", "responses": _OK}}}
    api, warnings = _api(write_spec, openapi_document(paths=paths))
    by_name = {operation.name: operation for operation in api.operations}
    assert by_name["post_x"].return_type == ir.Primitive(ir.Scalar.BYTES)
    assert [r.status for r in by_name["post_x"].responses] == ["default"]
    assert by_name["get_x"].return_type == ir.Primitive(ir.Scalar.STR)
    [warning] = warnings
    assert "at #/paths/~1x/post: warning: operation declares no responses" in warning


def test_extension_keys_in_the_paths_object_are_not_paths(write_spec: SpecWriter) -> None:
    paths: dict[str, Any] = {
        "x-tagGroups": [{"name": "all"}],
        "/x": {"get": {"operationId": "getX", "responses": _OK}},
    }
    api, warnings = _api(write_spec, openapi_document(paths=paths))
    assert [operation.name for operation in api.operations] == ["get_x"]
    assert warnings == []


def test_keys_of_the_paths_object_that_are_not_paths_are_ignored_with_a_warning(
    write_spec: SpecWriter,
) -> None:
    paths: dict[str, Any] = {
        "parameters": [{"name": "a", "in": "query"}],
        "/x": {"get": {"operationId": "getX", "responses": _OK}},
    }
    api, warnings = _api(write_spec, openapi_document(paths=paths))
    assert [operation.name for operation in api.operations] == ["get_x"]
    assert warnings == [
        "openapi.yaml:6 at #/paths/parameters: warning: 'parameters' is not a path (paths start with '/'); ignored"
    ]


def test_a_response_without_description_is_taken_as_undescribed(write_spec: SpecWriter) -> None:
    responses = {"200": {"content": {"application/json": {"schema": {"type": "integer"}}}}}
    api, warnings = _api(
        write_spec, openapi_document(paths={"/x": {"get": {"operationId": "getX", "responses": responses}}})
    )
    assert api.operations[0].return_type == ir.Primitive(ir.Scalar.INT)
    assert warnings == [
        "openapi.yaml:10 at #/paths/~1x/get/responses/200: warning: response has no 'description'; taken as empty"
    ]
