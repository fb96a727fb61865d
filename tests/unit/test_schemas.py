"""Schemas to the intermediate model: models, fields, enums, unions, aliases."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ApiBuilder, json_response, openapi_document

from generator import ir, literals, value_spelling
from generator.type_spelling import spell


def _components(build_api: ApiBuilder, schemas: dict[str, Any], version: str = "3.0.3") -> ir.ApiModel:
    api, _ = build_api(openapi_document(schemas=schemas, version=version))
    return api


def _models(api: ir.ApiModel) -> dict[str, ir.ModelDef]:
    return {model.name: model for model in api.models}


def _fields(model: ir.ModelDef) -> dict[str, str]:
    """Field name -> annotation (with "= default" when there is one)."""
    return {
        field.name: spell(field.type)
        + ("" if field.required else f" = {value_spelling.field_default(field)}")
        for field in model.fields
    }


def test_required_optional_and_nullable_fields(build_api: ApiBuilder) -> None:
    schemas = {
        "Pet": {
            "type": "object",
            "required": ["name", "tag"],
            "properties": {
                "name": {"type": "string"},
                "tag": {"type": "string", "nullable": True},
                "age": {"type": "integer", "description": "In years."},
                "weight": {"type": "number", "default": 1.5},
            },
        }
    }
    pet = _models(_components(build_api, schemas))["Pet"]
    assert _fields(pet) == {
        "name": "str",
        "tag": "str | None",
        "age": "int | None = None",
        "weight": "float | None = 1.5",
    }
    required = {field.name: field.required for field in pet.fields}
    assert required == {"name": True, "tag": True, "age": False, "weight": False}
    assert [field.description for field in pet.fields if field.description] == ["In years."]


def test_3_1_type_arrays(build_api: ApiBuilder) -> None:
    schemas = {
        "Value": {
            "type": "object",
            "required": ["either", "maybe"],
            "properties": {
                "either": {"type": ["string", "integer"]},
                "maybe": {"type": ["string", "null"]},
                "only_null": {"type": "null"},
            },
        }
    }
    model = _models(_components(build_api, schemas, version="3.1.0"))["Value"]
    assert _fields(model) == {"either": "str | int", "maybe": "str | None", "only_null": "None = None"}


def test_string_enum_keeps_the_plain_type_for_new_values(build_api: ApiBuilder) -> None:
    api = _components(build_api, {"Status": {"type": "string", "enum": ["on-sale", "sold", "on_sale", ""]}})
    [status] = api.enums
    assert (status.name, status.base) == ("Status", "str")
    assert [(m.name, literals.python_literal(m.value)) for m in status.members] == [
        ("ON_SALE", '"on-sale"'),
        ("SOLD", '"sold"'),
        ("ON_SALE_2", '"on_sale"'),
        ("EMPTY", '""'),
    ]


def test_integer_enum_and_field_type(build_api: ApiBuilder) -> None:
    schemas = {
        "Level": {"type": "integer", "enum": [1, 2, -3]},
        "Holder": {"type": "object", "properties": {"level": {"$ref": "#/components/schemas/Level"}}},
    }
    api = _components(build_api, schemas)
    [level] = api.enums
    assert [(m.name, literals.python_literal(m.value)) for m in level.members] == [
        ("VALUE_1", "1"),
        ("VALUE_2", "2"),
        ("VALUE_MINUS_3", "-3"),
    ]
    assert _fields(_models(api)["Holder"]) == {"level": "Level | None = None"}


def test_mixed_enum_is_a_union_of_its_primitives(build_api: ApiBuilder) -> None:
    schemas = {"Holder": {"type": "object", "properties": {"mixed": {"enum": [1, "a", True, 2.5]}}}}
    api = _components(build_api, schemas)
    assert not api.enums
    assert _fields(_models(api)["Holder"]) == {"mixed": "int | str | bool | float | None = None"}


def test_nullable_enum_drops_null_from_members(build_api: ApiBuilder) -> None:
    schemas = {
        "Color": {"type": "string", "enum": ["red", None], "nullable": True},
        "Car": {
            "type": "object",
            "required": ["color"],
            "properties": {"color": {"$ref": "#/components/schemas/Color"}},
        },
    }
    api = _components(build_api, schemas)
    assert [literals.python_literal(m.value) for m in api.enums[0].members] == ['"red"']
    assert _fields(_models(api)["Car"]) == {"color": "Color | None"}


def test_all_of_with_one_reference_becomes_a_subclass(build_api: ApiBuilder) -> None:
    schemas = {
        "Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        "Dog": {
            "allOf": [
                {"$ref": "#/components/schemas/Pet"},
                {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            ]
        },
    }
    api = _components(build_api, schemas)
    models = _models(api)
    assert models["Dog"].base == "Pet"
    assert _fields(models["Dog"]) == {"bark": "bool | None = None"}
    names = [model.name for model in api.models]
    assert names.index("Pet") < names.index("Dog")


def test_all_of_changing_base_requirements_is_merged_flat(build_api: ApiBuilder) -> None:
    schemas = {
        "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
        "NamedPet": {
            "allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["name"]}]
        },
        "Merged": {
            "allOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "integer"}}},
            ]
        },
    }
    models = _models(_components(build_api, schemas))
    assert models["NamedPet"].base is None
    assert _fields(models["NamedPet"]) == {"name": "str"}
    assert models["Merged"].base is None
    assert _fields(models["Merged"]) == {"a": "str", "b": "int | None = None"}


def test_all_of_annotating_a_reference_is_that_reference(build_api: ApiBuilder) -> None:
    schemas = {
        "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Owner": {
            "type": "object",
            "properties": {
                "pet": {"allOf": [{"$ref": "#/components/schemas/Pet"}], "description": "Theirs."}
            },
        },
    }
    owner = _models(_components(build_api, schemas))["Owner"]
    assert _fields(owner) == {"pet": "Pet | None = None"}
    assert owner.fields[0].description == "Theirs."


def test_one_of_and_any_of_are_unions(build_api: ApiBuilder) -> None:
    schemas = {
        "Cat": {"type": "object", "properties": {"meow": {"type": "boolean"}}},
        "Dog": {"type": "object", "properties": {"bark": {"type": "boolean"}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
        "Id": {"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
        "Picky": {"oneOf": [{"type": "string"}, {"required": ["x"]}]},
    }
    aliases = {alias.name: spell(alias.target) for alias in _components(build_api, schemas).aliases}
    assert aliases == {"Pet": "Cat | Dog", "Id": "str | int | None", "Picky": "str"}


def test_inline_union_members_are_hoisted_with_numbered_names(build_api: ApiBuilder) -> None:
    schemas = {
        "Shape": {
            "oneOf": [
                {"type": "object", "properties": {"radius": {"type": "number"}}},
                {"type": "object", "properties": {"side": {"type": "number"}}},
            ]
        }
    }
    api = _components(build_api, schemas)
    assert [spell(alias.target) for alias in api.aliases] == ["ShapeOption1 | ShapeOption2"]
    assert sorted(_models(api)) == ["ShapeOption1", "ShapeOption2"]


def test_additional_properties(build_api: ApiBuilder) -> None:
    schemas = {
        "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "Anything": {"type": "object", "additionalProperties": True},
        "Labelled": {
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "additionalProperties": {"type": "string"},
        },
    }
    api = _components(build_api, schemas)
    aliases = {alias.name: spell(alias.target) for alias in api.aliases}
    assert aliases == {"Counts": "dict[str, int]", "Anything": "dict[str, Any]"}
    labelled = _models(api)["Labelled"]
    assert labelled.extra_type == ir.Primitive(ir.Scalar.STR)
    assert _fields(labelled) == {"name": "str | None = None"}


def test_recursive_models_refer_to_themselves(build_api: ApiBuilder) -> None:
    schemas = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "next": {"$ref": "#/components/schemas/Node"},
            },
        },
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
    }
    models = _models(_components(build_api, schemas))
    assert _fields(models["Node"]) == {"children": "list[Node] | None = None", "next": "Node | None = None"}
    assert _fields(models["A"]) == {"b": "B | None = None"}
    assert _fields(models["B"]) == {"a": "A | None = None"}


def test_an_array_of_itself_is_a_recursive_alias(build_api: ApiBuilder) -> None:
    api, diagnostics = build_api(
        openapi_document(schemas={"Loop": {"type": "array", "items": {"$ref": "#/components/schemas/Loop"}}})
    )
    assert [(spell(alias.target), alias.lazy) for alias in api.aliases] == [("list[Loop]", True)]
    assert diagnostics.warnings == []


def test_arrays_of_arrays(build_api: ApiBuilder) -> None:
    schemas = {
        "Grid": {
            "type": "object",
            "properties": {
                "cells": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
                "points": {
                    "type": "array",
                    "items": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"x": {"type": "number"}}},
                    },
                },
            },
        }
    }
    models = _models(_components(build_api, schemas))
    assert _fields(models["Grid"]) == {
        "cells": "list[list[int]] | None = None",
        "points": "list[list[GridPointsItemItem]] | None = None",
    }
    assert _fields(models["GridPointsItemItem"]) == {"x": "float | None = None"}


def test_inline_schemas_are_named_after_where_they_sit(build_api: ApiBuilder) -> None:
    paths = {
        "/orders": {
            "post": {
                "operationId": "createOrder",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "lines": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {"sku": {"type": "string"}},
                                        },
                                    }
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "201": json_response({"type": "object", "properties": {"id": {"type": "string"}}}),
                    "400": json_response({"type": "object", "properties": {"error": {"type": "string"}}}),
                },
            }
        }
    }
    schemas = {"CreateOrderResponse": {"type": "object", "properties": {"taken": {"type": "boolean"}}}}
    api, _ = build_api(openapi_document(paths=paths, schemas=schemas))
    assert sorted(_models(api)) == [
        "CreateOrder400Response",
        "CreateOrderRequest",
        "CreateOrderRequestLinesItem",
        "CreateOrderResponse",
        "CreateOrderResponse2",
    ]
    again, _ = build_api(openapi_document(paths=paths, schemas=schemas))
    assert again == api


def test_component_names_that_clash_after_conversion_get_numbered(build_api: ApiBuilder) -> None:
    schemas = {
        "pet": {"type": "object", "properties": {"a": {"type": "string"}}},
        "Pet": {"type": "object", "properties": {"b": {"type": "string"}}},
        "pet-": {"type": "object", "properties": {"c": {"type": "string"}}},
    }
    models = _models(_components(build_api, schemas))
    assert {name: list(_fields(model)) for name, model in models.items()} == {
        "Pet": ["b"],
        "Pet2": ["a"],
        "Pet3": ["c"],
    }


def test_component_named_like_an_imported_name_is_renamed(build_api: ApiBuilder) -> None:
    api = _components(
        build_api, {"Field": {"type": "string"}, "BaseModel": {"type": "object", "properties": {}}}
    )
    assert [alias.name for alias in api.aliases] == ["Field_"]
    assert [model.name for model in api.models] == ["BaseModel_"]


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string", "format": "date"}, "datetime.date"),
        ({"type": "string", "format": "date-time"}, "datetime.datetime"),
        ({"type": "string", "format": "uuid"}, "uuid.UUID"),
        ({"type": "string", "format": "binary"}, "bytes"),
        ({"type": "string", "format": "email"}, "str"),
        ({"type": "number", "format": "decimal"}, "decimal.Decimal"),
        ({"type": "integer", "format": "int64"}, "int"),
        ({}, "Any"),
    ],
)
def test_formats(build_api: ApiBuilder, schema: dict[str, Any], annotation: str) -> None:
    schemas = {"Holder": {"type": "object", "required": ["value"], "properties": {"value": schema}}}
    holder = _models(_components(build_api, schemas))["Holder"]
    assert spell(holder.fields[0].type) == annotation


def test_field_names_are_safe_and_keep_their_wire_alias(build_api: ApiBuilder) -> None:
    properties = {
        name: {"type": "string"}
        for name in ("class", "model_config", "json", "+1", "-1", "$ref", "fooBar", "foo_bar")
    }
    model = _models(_components(build_api, {"Hazard": {"type": "object", "properties": properties}}))[
        "Hazard"
    ]
    assert [(field.name, field.alias) for field in model.fields] == [
        ("class_", "class"),
        ("model_config__", "model_config"),
        ("json_", "json"),
        ("plus_1", "+1"),
        ("minus_1", "-1"),
        ("ref", "$ref"),
        ("foo_bar", "fooBar"),
        ("foo_bar_2", "foo_bar"),
    ]


def test_defaults_only_when_they_match_the_type(build_api: ApiBuilder) -> None:
    properties = {
        "good": {"type": "string", "default": "x"},
        "wrong": {"type": "integer", "default": "seven"},
        "flag": {"type": "boolean", "default": False},
        "not_an_int": {"type": "integer", "default": True},
    }
    model = _models(_components(build_api, {"D": {"type": "object", "properties": properties}}))["D"]
    assert {field.name: value_spelling.field_default(field) for field in model.fields} == {
        "good": '"x"',
        "wrong": "None",
        "flag": "False",
        "not_an_int": "None",
    }


def test_models_are_ordered_dependencies_first(build_api: ApiBuilder) -> None:
    schemas = {
        "A": {"type": "object", "properties": {"z": {"$ref": "#/components/schemas/Z"}}},
        "Z": {"type": "object", "properties": {"n": {"type": "integer"}}},
        "M": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    assert [model.name for model in _components(build_api, schemas).models] == ["Z", "A", "M"]


def _bounds(build_api: ApiBuilder, properties: dict[str, Any], version: str = "3.0.3") -> dict[str, str]:
    model = _models(_components(build_api, {"B": {"type": "object", "properties": properties}}, version))["B"]
    return {field.name: spell(field.type, constrained=True) for field in model.fields}


def test_bounds_of_strings_numbers_and_lists(build_api: ApiBuilder) -> None:
    properties = {
        "code": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": r"^\d+$"},
        "count": {"type": "integer", "minimum": 0, "exclusiveMaximum": True, "maximum": 10},
        "ratio": {"type": "number", "multipleOf": 0.5},
        "names": {"type": "array", "minItems": 1, "items": {"type": "string", "maxLength": 3}},
        "when": {"type": "string", "format": "date-time", "maxLength": 30},
        "zero": {"type": "string", "minLength": 0},
        "half": {"type": "integer", "minimum": 1.5},
    }
    assert _bounds(build_api, properties) == {
        "code": r'Annotated[str, Field(min_length=2, max_length=4, pattern=r"^\d+$")] | None',
        "count": "Annotated[int, Field(ge=0, lt=10)] | None",
        "ratio": "Annotated[float, Field(multiple_of=0.5)] | None",
        "names": "Annotated[list[Annotated[str, Field(max_length=3)]], Field(min_length=1)] | None",
        # Parsed values (dates), no-op bounds and integer bounds between integers are left out.
        "when": "datetime.datetime | None",
        "zero": "str | None",
        "half": "int | None",
    }


def test_3_1_exclusive_bounds_are_numbers(build_api: ApiBuilder) -> None:
    properties = {"level": {"type": ["number", "null"], "exclusiveMinimum": 0, "exclusiveMaximum": 5}}
    assert _bounds(build_api, properties, "3.1.0") == {
        "level": "Annotated[float, Field(gt=0.0, lt=5.0)] | None"
    }


def test_a_pattern_python_cannot_compile_is_left_out_with_a_warning(build_api: ApiBuilder) -> None:
    document = openapi_document(
        schemas={"B": {"type": "object", "properties": {"name": {"type": "string", "pattern": r"\p{L}+"}}}}
    )
    api, warnings = build_api(document)
    assert _fields(_models(api)["B"]) == {"name": "str | None = None"}
    assert any("is not a Python regular expression" in warning.message for warning in warnings)


def test_list_map_and_enum_defaults(build_api: ApiBuilder) -> None:
    properties = {
        "tags": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
        "colours": {"type": "array", "items": {"$ref": "#/components/schemas/Colour"}, "default": ["red"]},
        "limits": {"type": "object", "additionalProperties": {"type": "integer"}, "default": {"a": 1}},
        "wrong": {"type": "array", "items": {"type": "integer"}, "default": ["x"]},
    }
    schemas = {
        "Colour": {"type": "string", "enum": ["red"]},
        "D": {"type": "object", "properties": properties},
    }
    model = _models(_components(build_api, schemas))["D"]
    assert {field.name: value_spelling.field_default(field) for field in model.fields} == {
        "tags": '["a"]',
        "colours": "[Colour.RED]",
        "limits": '{"a": 1}',
        "wrong": "None",
    }


def test_discriminated_unions_are_tagged(build_api: ApiBuilder) -> None:
    cat = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string", "enum": ["cat"]}},
    }
    dog = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    schemas = {
        "Cat": cat,
        "Dog": dog,
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"hound": "#/components/schemas/Dog"}},
        },
    }
    (pet,) = _components(build_api, schemas).aliases
    assert isinstance(pet.target, ir.Tagged) and pet.target.discriminator == "kind"
    # The mapping first, then the member's own enum, then its schema name.
    assert dict(zip((m.name for m in pet.target.members), pet.target.tags)) == {
        "Cat": ("cat",),
        "Dog": ("hound",),
    }


def test_a_discriminator_that_cannot_tell_members_apart_is_a_plain_union_with_a_warning(
    build_api: ApiBuilder,
) -> None:
    same = {"type": "object", "properties": {"kind": {"const": "x"}}}
    schemas = {
        "A": same,
        "B": same,
        "AorB": {
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": {"propertyName": "kind"},
        },
    }
    api, warnings = build_api(openapi_document(schemas=schemas, version="3.1.0"))
    (alias,) = api.aliases
    assert spell(alias.target) == "A | B"
    assert any("the value 'x' of 'kind' names two members" in warning.message for warning in warnings)


def test_pattern_properties_type_the_values_of_other_keys(build_api: ApiBuilder) -> None:
    schemas = {
        "Labels": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
        "Tagged": {
            "type": "object",
            "properties": {"id": {"type": "integer"}},
            "patternProperties": {"^t_": {"type": "integer"}, "^f_": {"type": "number"}},
        },
        "Open": {
            "type": "object",
            "additionalProperties": True,
            "patternProperties": {"^x-": {"type": "string"}},
        },
    }
    api = _components(build_api, schemas, version="3.1.0")
    assert {alias.name: spell(alias.target) for alias in api.aliases} == {
        "Labels": "dict[str, str]",
        "Open": "dict[str, Any]",  # any other key may hold anything
    }
    assert _models(api)["Tagged"].extra_type == ir.union(
        ir.primitive(ir.Scalar.INT), ir.primitive(ir.Scalar.FLOAT)
    )


def test_a_polymorphic_base_is_used_as_its_subtypes_with_itself_as_fallback(build_api: ApiBuilder) -> None:
    pet = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}},
        "discriminator": {"propertyName": "kind", "mapping": {"hound": "Dog"}},
    }
    extends = [
        {"$ref": "#/components/schemas/Pet"},
        {"type": "object", "properties": {"x": {"type": "integer"}}},
    ]
    schemas = {
        "Pet": pet,
        "Cat": {"allOf": extends},
        "Dog": {"allOf": extends},
        "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
    }
    api = _components(build_api, schemas)
    models = _models(api)
    assert models["Cat"].base == models["Dog"].base == "Pet"  # subtypes still inherit from the model
    assert _fields(models["Owner"]) == {"pet": "AnyPet | None = None"}
    (any_pet,) = api.aliases
    assert [member.name for member in ir.parts(any_pet.target)] == ["Cat", "Dog", "Pet"]
    assert any_pet.target.tags == (("Cat",), ("hound",), ())


def test_a_named_type_is_enclosed_by_the_nearest_one_declared_around_it() -> None:
    from generator.type_registry import enclosing_names

    declared_at = {
        "Pet": "/components/schemas/Pet",
        "PetTagsItem": "/components/schemas/Pet/properties/tags/items",
        "PetTagsItemColour": "/components/schemas/Pet/properties/tags/items/properties/colour",
        "PetOwner": "/components/schemas/Pet/properties/owner",
        "Petting": "/components/schemas/Petting",  # a prefix of characters, not of steps
        "CreatePetRequest": "/paths/~1pets/post/requestBody/content/application~1json/schema",
    }
    assert enclosing_names(declared_at) == {
        "PetTagsItem": "Pet",
        "PetTagsItemColour": "PetTagsItem",
        "PetOwner": "Pet",
    }


@pytest.mark.parametrize("case", ["discriminators", "polymorphism", "webhooks", "unions"])
def test_the_build_leaves_no_reference_cycle_holding_the_raw_document(case: str) -> None:
    """The CLI runs with the cycle collector off: the loaded and validated document must be freed
    by reference counting once the build is done, or it stays in memory to the end."""
    import gc
    from pathlib import Path

    from generator import build, loader, validate
    from generator.diagnostics import Diagnostics

    spec = Path(__file__).parents[1] / "cases" / case / "spec.yaml"
    gc.collect()
    gc.disable()
    try:
        diagnostics = Diagnostics()
        api = build.build_api(validate.validate(loader.load(spec), diagnostics), "pkg", diagnostics)
        assert api.models
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = {type(found).__module__ for found in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not {module for module in left if module.startswith(("openapi_pydantic", "generator"))}
