"""A reference to a polymorphic base parses as the subtype its tag names, or as the base for any other tag."""

from __future__ import annotations

import httpx
import pydantic
import pytest
from case_polymorphism import Client, models

PETS = [
    {"petType": "Cat", "name": "Tom", "huntingSkill": "lazy"},
    {"petType": "hound", "name": "Rex", "packSize": 3},
    {"petType": "Parrot", "name": "Polly", "words": 12},  # a kind added after this client was made
]


def test_each_pet_parses_as_its_own_kind() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=PETS)

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler)) as client:
        pets = client.list_pets()
    assert [type(pet) for pet in pets] == [models.Cat, models.Dog, models.Pet]
    assert all(isinstance(pet, models.Pet) for pet in pets)
    assert pets[2].model_extra == {"words": 12}


def test_the_tag_decides_not_the_fields() -> None:
    owner = models.Owner.model_validate({"pet": {"petType": "Cat", "name": "Tom", "packSize": 3}})
    assert type(owner.pet) is models.Cat
    with pytest.raises(pydantic.ValidationError, match="packSize"):
        models.Owner.model_validate({"pet": {"petType": "hound", "name": "Rex"}})  # a Dog needs packSize


def test_instances_keep_their_class_and_serialise_as_themselves() -> None:
    owner = models.Owner(pet=models.Dog(pet_type="hound", name="Rex", pack_size=2))
    assert type(owner.pet) is models.Dog
    assert owner.model_dump(mode="json", by_alias=True, exclude_none=True) == {
        "pet": {"petType": "hound", "name": "Rex", "packSize": 2}
    }
