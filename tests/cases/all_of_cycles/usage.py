"""Cycles through allOf come out as recursive models, each with every property of the cycle."""

from __future__ import annotations

import json

import httpx
from case_all_of_cycles import Client, models


def test_a_tree_through_all_of_parses_at_every_depth() -> None:
    body = {"name": "root", "children": [{"name": "leaf", "children": [], "parent": {"name": "root"}}]}

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(body).encode())

    with Client(base_url="https://api.example.test", transport=httpx.MockTransport(reply)) as client:
        node = client.get_node()
    assert isinstance(node, models.Node) and node.name == "root"
    assert node.children is not None and isinstance(node.children[0].parent, models.Node)


def test_mutual_all_of_merges_both_sides() -> None:
    assert models.A(a="x", b="y").b == "y"
    assert models.B(a="x", b="y").a == "x"
    assert isinstance(models.Itself.model_validate({"x": 1, "next": {"x": 2}}).next, models.Itself)
