"""Names and values that collide with what models.py imports, or that Literal cannot hold, still work."""

from __future__ import annotations

import json

import httpx
import pydantic
import pytest
from case_import_hazards import Client, models


def echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=request.content)


def test_schemas_named_like_imports_are_renamed_and_usable() -> None:
    thing = models.Thing(annotated=models.Annotated_(note="hi"), field="abc", literal="fixed", re="aa")
    assert thing.annotated is not None and thing.annotated.note == "hi"
    with pytest.raises(pydantic.ValidationError):
        models.Thing(field="abcd")  # Field_'s maxLength still applies
    with pytest.raises(pydantic.ValidationError):
        models.Thing(re="ab")  # a backreference, run by Python's re
    assert pydantic.TypeAdapter(models.Re).validate_python("aa") == "aa"


def test_object_array_and_float_constants_round_trip() -> None:
    body = {
        "objectConst": {"a": 1},
        "listConst": [1, 2],
        "floatConst": 1.5,
        "mixedEnum": "two",
        "switches": None,
    }
    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(echo)) as client:
        thing = client.post_thing(body=models.Thing.model_validate(body))
    assert thing.object_const == {"a": 1} and thing.list_const == [1, 2] and thing.float_const == 1.5
    assert json.loads(thing.model_dump_json(by_alias=True, exclude_none=True))["mixedEnum"] == "two"


def test_two_tags_for_one_member_and_a_nullable_tagged_union() -> None:
    thing = models.Thing.model_validate(
        {"pet": {"kind": "kitty"}, "maybePet": {"kind": "Dog", "barks": True}}
    )
    assert type(thing.pet) is models.Cat
    assert type(thing.maybe_pet) is models.Dog
    assert models.Thing.model_validate({"maybePet": None}).maybe_pet is None
    assert models.Thing.model_validate({"switches": {"x": "on"}}).switches == {"x": "on"}
