"""Tagged unions pick their member by the tag, from a mapping, a declared value or the schema name."""

from __future__ import annotations

import json

import httpx
import pydantic
import pytest
from case_discriminators import Client, models

TYPES = {
    "cat": models.Cat,
    "kitten": models.Cat,
    "dog": models.Dog,
    "Lizard": models.Lizard,
}


def echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=request.content)


@pytest.mark.parametrize("tag", sorted(TYPES))
def test_the_tag_picks_the_model(tag: str) -> None:
    # Every member would accept this payload (`barks` aside); only the tag tells them apart.
    payload = {"petType": tag, "name": "Rex", "barks": True}
    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(echo)) as client:
        pet = client.add_pet(body=payload)
    assert type(pet) is TYPES[tag]
    assert pet.name == "Rex"


def test_an_unknown_or_missing_tag_is_refused_with_the_values_it_may_take() -> None:
    adapter: pydantic.TypeAdapter[models.Pet] = pydantic.TypeAdapter(models.Pet)
    for payload in ({"petType": "parrot", "name": "Polly"}, {"name": "Polly"}):
        with pytest.raises(
            pydantic.ValidationError, match="'petType' must be one of 'cat', 'kitten', 'dog', 'Lizard'"
        ):
            adapter.validate_python(payload)
    with pytest.raises(pydantic.ValidationError, match="barks"):
        adapter.validate_python({"petType": "dog"})  # the tag picks Dog, which needs `barks`


def test_declared_values_tag_inline_unions_in_arrays() -> None:
    events = [{"type": "created", "id": "1"}, {"type": "purged", "id": "2"}, {"type": "deleted", "id": "3"}]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=events)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        parsed = client.list_events()
    assert [type(event) for event in parsed] == [models.Created, models.Deleted, models.Deleted]
    assert parsed[1].type is models.DeletedType.PURGED


def test_nullable_and_nested_tagged_unions_round_trip() -> None:
    owner = models.Owner.model_validate(
        {"favourite": {"type": "deleted", "id": "9"}, "pets": [{"petType": "kitten", "meows": True}]}
    )
    assert isinstance(owner.favourite, models.Deleted)
    assert owner.pets is not None and isinstance(owner.pets[0], models.Cat)
    assert models.Owner.model_validate({"favourite": None}).favourite is None
    dumped = owner.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped == {
        "favourite": {"type": "deleted", "id": "9"},
        "pets": [{"petType": "kitten", "meows": True}],
    }


def test_a_recursive_tagged_union_is_sent_as_built() -> None:
    sent: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(204)

    nested = models.Compound(
        type=models.CompoundType.AND,
        filters=[
            models.Comparison(type=models.ComparisonType.EQ, key="a", value="1"),
            models.Compound(type=models.CompoundType.OR, filters=[]),
        ],
    )
    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        client.apply_filter(body=nested)
    assert sent == [
        {"type": "and", "filters": [{"type": "eq", "key": "a", "value": "1"}, {"type": "or", "filters": []}]}
    ]
    parsed = pydantic.TypeAdapter(models.Filter).validate_python(sent[0])
    assert isinstance(parsed, models.Compound) and isinstance(parsed.filters[1], models.Compound)
