"""References careful peers follow: into other files' components, by anchor, to boolean schemas,
through percent-encoded names; and the broken ones refused with a reason, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SpecWriter, openapi_document

from generator import ir, loader, pipeline
from generator.diagnostics import SpecError

_OK = {"200": {"description": "ok"}}


def _api(write_spec: SpecWriter, document: dict[str, Any] | str) -> tuple[ir.ApiModel, list[str]]:
    api, diagnostics = pipeline.load_api(write_spec(document), "pkg")
    return api, [str(d) for d in diagnostics.warnings]


def test_a_component_naming_another_files_entry_gets_its_content(write_spec: SpecWriter) -> None:
    write_spec(
        {"components": {"securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"}}}},
        "ext.yaml",
    )
    document = openapi_document(
        paths={"/a": {"get": {"operationId": "getA", "security": [{"remote": []}], "responses": _OK}}}
    )
    document["components"] = {
        "securitySchemes": {"remote": {"$ref": "ext.yaml#/components/securitySchemes/token"}}
    }
    api, _ = _api(write_spec, document)
    [scheme] = api.security_schemes
    assert (scheme.kind, scheme.parameter) == (ir.AuthKind.API_KEY, "X-Token")


def test_an_oauth_scope_named_ref_is_a_name(write_spec: SpecWriter) -> None:
    flows = {
        "clientCredentials": {
            "tokenUrl": "https://auth.example.test/token",
            "scopes": {"$ref": "read things"},
        }
    }
    document = openapi_document(paths={"/a": {"get": {"operationId": "getA", "responses": _OK}}})
    document["components"] = {"securitySchemes": {"oauth": {"type": "oauth2", "flows": flows}}}
    api, _ = _api(write_spec, document)
    assert api.security_schemes[0].scopes == ("$ref",)


def test_an_anchor_in_another_file_is_found(write_spec: SpecWriter) -> None:
    write_spec(
        {"Pet": {"$anchor": "pet", "type": "object", "properties": {"name": {"type": "string"}}}}, "pets.yaml"
    )
    schemas = {"Owner": {"type": "object", "properties": {"pet": {"$ref": "pets.yaml#pet"}}}}
    api, _ = _api(write_spec, openapi_document(schemas=schemas, version="3.1.0"))
    owner = next(model for model in api.models if model.name == "Owner")
    assert owner.fields[0].type == ir.optional(ir.ModelRef("Pet"))


def test_a_reference_to_a_boolean_schema_allows_anything(write_spec: SpecWriter) -> None:
    schemas: dict[str, Any] = {
        "Anything": True,
        "Box": {"type": "object", "properties": {"v": {"$ref": "#/components/schemas/Anything"}}},
    }
    api, _ = _api(write_spec, openapi_document(schemas=schemas, version="3.1.0"))
    box = next(model for model in api.models if model.name == "Box")
    assert box.fields[0].type == ir.optional(ir.Primitive(ir.Scalar.ANY))


def test_a_percent_encoded_slash_names_a_component_with_a_slash(write_spec: SpecWriter) -> None:
    schemas = {
        "a/b": {"type": "integer"},
        "Box": {"type": "object", "properties": {"v": {"$ref": "#/components/schemas/a%2Fb"}}},
    }
    api, _ = _api(write_spec, openapi_document(schemas=schemas))
    box = next(model for model in api.models if model.name == "Box")
    value = ir.parts(box.fields[0].type)[0]
    assert value == ir.Primitive(ir.Scalar.INT) or isinstance(value, ir.AliasRef)


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("#/x-list/5", "$ref '#/x-list/5' points to nothing"),
        ("#/x-list/01", "$ref '#/x-list/01' points to nothing"),
        ("#nowhere", "$ref '#nowhere' is neither a JSON pointer nor a known anchor"),
        ("http://[::1#/key", "is not a valid URI reference"),
        (
            "/etc/passwd",
            "$ref '/etc/passwd' leaves the spec's folder (pass --allow-outside-refs to follow it)",
        ),
    ],
)
def test_broken_references_are_refused_with_their_reason(
    write_spec: SpecWriter, ref: str, message: str
) -> None:
    document = openapi_document(schemas={"A": {"type": "object", "properties": {"v": {"$ref": ref}}}})
    document["x-list"] = [{"type": "string"}]
    with pytest.raises(SpecError) as caught:
        pipeline.load_api(write_spec(document), "pkg")
    assert message in str(caught.value)


def test_identifier_rewrites_keep_root_pointers_that_an_id_resource_lacks(write_spec: SpecWriter) -> None:
    # Many documents give components an `$id` yet mean `#/components/...` from the document's root.
    schemas = {
        "Pet": {
            "$id": "https://example.test/pet",
            "type": "object",
            "properties": {"tag": {"$ref": "#/components/schemas/Tag"}},
        },
        "Tag": {"type": "string"},
    }
    spec = loader.load(write_spec(openapi_document(schemas=schemas, version="3.1.0")))
    assert spec.data["components"]["schemas"]["Pet"]["properties"]["tag"] == {
        "$ref": "#/components/schemas/Tag"
    }


def test_a_yaml_alias_inside_its_own_anchor_is_a_reference_to_it(write_spec: SpecWriter) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Node: &node\n      type: object\n      properties:\n        child: *node\n"
        "    List: &list\n      type: array\n      items: *list\nx-loop: &loop [*loop]\n"
    )
    spec = loader.load(write_spec(text))
    assert spec.data["components"]["schemas"]["Node"]["properties"]["child"] == {
        "$ref": "#/components/schemas/Node"
    }
    assert spec.data["x-loop"] == [{"$ref": "#/x-loop"}]
    api, warnings = _api(write_spec, text)
    node = next(model for model in api.models if model.name == "Node")
    assert node.fields[0].type == ir.optional(ir.ModelRef("Node"))
    assert any(
        "at #/components/schemas/List/items: warning: a YAML alias inside its own anchor" in w
        for w in warnings
    )


def test_a_draft_07_id_fragment_is_an_anchor(write_spec: SpecWriter) -> None:
    write_spec(
        {
            "$id": "#named",
            "type": "object",
            "properties": {"self": {"$ref": "#named"}, "v": {"type": "string"}},
        },
        "lib.json",
    )
    api, _ = _api(write_spec, openapi_document(schemas={"Root": {"$ref": "lib.json#"}}, version="3.1.0"))
    root = next(model for model in api.models if model.name == "Root")
    assert root.fields[0].type == ir.optional(ir.ModelRef("Root"))


def test_a_reference_into_an_extension_is_read_as_what_its_place_holds(write_spec: SpecWriter) -> None:
    document = openapi_document(
        paths={"/a": {"get": {"operationId": "getA", "security": [{"keyed": []}], "responses": _OK}}}
    )
    document["components"] = {"securitySchemes": {"keyed": {"$ref": "#/x-keyed/1"}}}
    document["x-keyed"] = {"1": {"type": "apiKey", "name": "X-Text", "in": "query"}}
    api, _ = _api(write_spec, document)
    assert [(scheme.kind, scheme.parameter) for scheme in api.security_schemes] == [
        (ir.AuthKind.API_KEY, "X-Text")
    ]


def test_a_pointer_without_its_leading_slash_is_read_as_one_with_a_warning(write_spec: SpecWriter) -> None:
    write_spec(
        {"definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}, "defs.yaml"
    )
    api, warnings = _api(
        write_spec,
        openapi_document(
            schemas={
                "Owner": {"type": "object", "properties": {"pet": {"$ref": "defs.yaml#definitions/Pet"}}}
            }
        ),
    )
    assert "Pet" in [model.name for model in api.models]
    assert any(
        "a JSON pointer starts with '/'; read as '#/definitions/Pet'" in warning for warning in warnings
    )
