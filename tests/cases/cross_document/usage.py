"""Shapes spread over several files in sibling folders come out as one set of models."""

from __future__ import annotations

import json
from typing import Any

import httpx
from case_cross_document import Client, models


def serving(body: Any) -> Client:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(body).encode())

    return Client(base_url="https://api.example.test", transport=httpx.MockTransport(reply))


def test_the_mapping_into_other_files_picks_each_member() -> None:
    body = [{"kind": "cat", "lives": 9}, {"kind": "dog", "barks": True, "friend": {"kind": "cat"}}]
    with serving(body) as client:
        cat, dog = client.list_pets()
    assert type(cat) is models.Cat and cat.lives == 9
    assert type(dog) is models.Dog and dog.barks is True
    assert isinstance(dog.friend, models.Cat)


def test_all_of_across_files_shares_one_base() -> None:
    assert issubclass(models.Cat, models.Base) and issubclass(models.Dog, models.Base)
    body = {"name": "Ann", "pets": [{"kind": "dog", "owner": {"name": "Ann"}}]}
    with serving(body) as client:
        owner = client.get_owner(id="1")
    assert owner.pets is not None and isinstance(owner.pets[0], models.Dog)
    assert isinstance(owner.pets[0].owner, models.Owner)
