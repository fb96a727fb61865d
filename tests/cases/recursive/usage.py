"""Recursive models parse deep payloads and refer to each other across classes."""

from __future__ import annotations

from case_recursive import models


def test_deep_tree_and_mutual_recursion() -> None:
    payload = {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}], "parent": {"value": 0}}
    tree = models.Node.model_validate(payload)
    assert tree.children is not None and tree.children[0].children is not None
    assert tree.children[0].children[0].value == 3
    assert tree.parent is not None and tree.parent.value == 0
    person = models.Person.model_validate({"name": "a", "employer": {"name": "c", "staff": [{"name": "b"}]}})
    assert person.employer is not None and person.employer.staff is not None
    assert isinstance(person.employer.staff[0], models.Person)
