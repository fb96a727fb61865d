"""Spec names to Python identifiers: valid, never reserved, unique per scope."""

from __future__ import annotations

import keyword

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import naming


@pytest.mark.parametrize(
    ("text", "snake", "pascal"),
    [
        ("fooBar", "foo_bar", "FooBar"),
        ("HTTPServerError", "http_server_error", "HTTPServerError"),
        ("kebab-case-name", "kebab_case_name", "KebabCaseName"),
        ("snake_case_name", "snake_case_name", "SnakeCaseName"),
        ("with spaces and.dots", "with_spaces_and_dots", "WithSpacesAndDots"),
        ("v2Items", "v2_items", "V2Items"),
        ("addressLine2", "address_line2", "AddressLine2"),
        ("+1", "plus_1", "Plus1"),
        ("-1", "minus_1", "Minus1"),
        ("$ref", "ref", "Ref"),
        ("ünïcödé", "unicode", "Unicode"),
        ("🎉party", "party", "Party"),
        ("", "", ""),
    ],
)
def test_case_conversions(text: str, snake: str, pascal: str) -> None:
    assert naming.snake_case(text) == snake
    assert naming.pascal_case(text) == pascal


@pytest.mark.parametrize("word", ["class", "from", "None", "True", "lambda", "match", "type", "_"])
def test_keywords_never_become_names(word: str) -> None:
    for name in (naming.field_name(word), naming.param_name(word), naming.method_name(word)):
        assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
        assert name.isidentifier()


def test_plus_and_minus_one_stay_apart() -> None:
    assert naming.field_name("+1") != naming.field_name("-1")
    assert naming.enum_member_name("+1") != naming.enum_member_name("-1")
    assert naming.enum_member_name(-1) == "VALUE_MINUS_1"
    assert naming.enum_member_name(1) == "VALUE_1"


@pytest.mark.parametrize(
    ("text", "field", "klass"),
    [("", "field", "Model"), ("🎉", "field", "Model"), ("123abc", "field_123_abc", "Model123Abc")],
)
def test_names_with_nothing_usable_or_leading_digits(text: str, field: str, klass: str) -> None:
    assert naming.field_name(text) == field
    assert naming.class_name(text) == klass


@pytest.mark.parametrize(
    "attribute", ["model_config", "model_fields", "json", "copy", "dict", "schema", "validate"]
)
def test_fields_never_shadow_base_model_attributes(attribute: str) -> None:
    name = naming.field_name(attribute)
    assert name != attribute
    assert not hasattr(pydantic.BaseModel, name)
    assert not name.startswith("model_") or name.endswith("_")


def test_a_model_with_every_hazardous_field_name_can_be_declared() -> None:
    wire_names = [
        "model_config",
        "json",
        "copy",
        "schema",
        "class",
        "self",
        "str",
        "model_number",
        "+1",
        "-1",
    ]
    names = [naming.field_name(wire) for wire in wire_names]
    assert len(set(names)) == len(names)
    fields = {name: (int, pydantic.Field(alias=wire)) for name, wire in zip(names, wire_names)}
    model = pydantic.create_model("Hazards", **fields)  # type: ignore[call-overload]
    instance = model.model_validate({wire: index for index, wire in enumerate(wire_names)})
    assert instance.model_dump(by_alias=True) == {wire: index for index, wire in enumerate(wire_names)}


@pytest.mark.parametrize("name", ["send", "close", "aclose", "base_url", "self", "models"])
def test_method_names_avoid_client_attributes(name: str) -> None:
    assert naming.method_name(name) == name + "_"


@pytest.mark.parametrize("name", ["body", "timeout", "extra_headers", "extra_query", "self"])
def test_param_names_avoid_method_arguments(name: str) -> None:
    assert naming.param_name(name) == name + "_"


@pytest.mark.parametrize("name", ["BaseModel", "Field", "Enum", "Any", "List", "int", "Exception"])
def test_class_names_avoid_imported_and_builtin_names(name: str) -> None:
    result = naming.class_name(name)
    assert result.isidentifier()
    assert result not in naming.CLASS_RESERVED


def test_name_scope_first_claimant_keeps_the_plain_name() -> None:
    scope = naming.NameScope({"taken"})
    assert [scope.claim("taken", "_"), scope.claim("item", "_"), scope.claim("item", "_")] == [
        "taken_2",
        "item",
        "item_2",
    ]
    assert scope.claim("item_2", "_") == "item_2_2"
    assert "item" in scope and "other" not in scope


def test_name_scope_is_deterministic() -> None:
    requests = ["a", "b", "a", "a", "a2", "b"]

    def names() -> list[str]:
        scope = naming.NameScope()
        return [scope.claim(name) for name in requests]

    assert names() == names() == ["a", "b", "a2", "a3", "a22", "b2"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_name_is_a_safe_identifier(text: str) -> None:
    for convert in (naming.field_name, naming.param_name, naming.method_name, naming.class_name):
        name = convert(text)
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name)
    member = naming.enum_member_name(text)
    assert member.isidentifier() and not member.startswith("_")
