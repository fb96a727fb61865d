"""The simple JSONPath walk selects what python-jsonpath selects, in its order, or declines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonpath
import pytest

from generator import loader, simple_paths

SPECS = Path(__file__).resolve().parents[2] / "specs"

HANDLED = [
    "$",
    "$.paths",
    "$.servers",
    "$.components",
    "$.info.title",
    "$.paths.*",
    "$.paths[*]",
    "$.paths.*.*",
    "$.paths.*[?@.responses]",
    "$.paths.*[?@.parameters]",
    "$.paths.*.*.responses.*",
    "$.paths.*.*.parameters[*]",
    "$.paths.*.*.parameters[?@.schema]",
    "$.components.schemas.*.properties",
    "$.components.schemas[*][?@.type]",
    "$.servers[*].url",
    "$.nothing_here",
    "$.paths.*.get.nothing_here",
    "$['paths']",
    '$["components"]["schemas"]',
    "$.info.title.*",
]
DECLINED = [
    "$..responses",
    "$.paths[0]",
    "$.paths.*[?@.x == 1]",
    "$['a\\'b']",
    "paths",
    "$.a-b",
    "$.paths[1:2]",
]


def _documents() -> list[Any]:
    return [loader.load(spec).data for spec in sorted(SPECS.glob("*.yml"))] + [
        {"a": [{"b": 1}, {"b": None}, [{"b": 2}], "text"], "b": {"c": {"b": 0}}, "paths": []},
    ]


def _by_jsonpath(expression: str, data: Any) -> list[tuple[tuple[Any, ...], int]]:
    return [(tuple(match.parts), id(match.obj)) for match in jsonpath.finditer(expression, data)]


@pytest.mark.parametrize("expression", HANDLED)
def test_the_same_nodes_in_the_same_order(expression: str) -> None:
    for data in _documents():
        found = simple_paths.find(expression, data)
        assert found is not None
        assert [(match.parts, id(match.obj)) for match in found] == _by_jsonpath(expression, data)


def test_a_filter_on_a_list_of_members() -> None:
    data = {"a": [{"b": 1}, {"c": 2}, 3, {"b": None}]}
    found = simple_paths.find("$.a[?@.b]", data)
    assert found is not None
    assert [(match.parts, id(match.obj)) for match in found] == _by_jsonpath("$.a[?@.b]", data)
    assert [match.parts for match in found] == [("a", 0), ("a", 3)]


@pytest.mark.parametrize("expression", DECLINED)
def test_other_forms_are_left_to_python_jsonpath(expression: str) -> None:
    assert simple_paths.find(expression, {"paths": {}}) is None
