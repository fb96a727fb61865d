"""References by $anchor, $id and $dynamicRef, into $defs and extension sections, resolve to real types."""

from __future__ import annotations

import datetime
import json
from typing import Any

import httpx
import pydantic
import pytest
from case_json_schema_refs import Client, models


def serving(body: Any) -> Client:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(body).encode())

    return Client(base_url="https://api.example.test", transport=httpx.MockTransport(reply))


def test_an_anchor_names_the_item_and_defs_bound_its_tags() -> None:
    with serving({"id": 1, "tags": ["short"]}) as client:
        item = client.get_item()
    assert isinstance(item, models.Item)
    assert item.tags == ["short"]
    with (
        serving({"id": 1, "tags": ["far too long a tag"]}) as client,
        pytest.raises(Exception, match="10 characters"),
    ):
        client.get_item()


def test_an_id_names_the_tree_and_the_dynamic_ref_makes_it_recursive() -> None:
    with serving({"value": 1, "children": [{"value": 2, "children": []}], "meta": {"depth": 2}}) as client:
        tree = client.get_tree()
    assert isinstance(tree, models.Tree)
    assert tree.children is not None and isinstance(tree.children[0], models.Tree)
    assert isinstance(tree.meta, models.Meta) and tree.meta.depth == 2


def test_pointers_through_lists_odd_keys_escapes_and_extensions() -> None:
    body = {"first": "a", "flag": True, "number": 200, "escaped": 1.5, "inPaths": "2026-01-02"}
    with serving(body) as client:
        codes = client.get_codes()
    assert codes.first == "a"
    assert codes.flag is True and codes.number == 200 and codes.escaped == 1.5
    assert codes.in_paths == datetime.date(2026, 1, 2)
    with pytest.raises(pydantic.ValidationError):
        models.Codes.model_validate({"number": "not a number"})
