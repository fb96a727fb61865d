"""Bounds from the spec are enforced by the models, as pydantic errors naming the field."""

from __future__ import annotations

from typing import Any

import httpx
import pydantic
import pytest
from case_constraints import APIResponseValidationError, Client, models

VALID: dict[str, Any] = {"sku": "AB1234", "quantity": 1}


def test_a_value_inside_every_bound_is_accepted() -> None:
    order = models.Order.model_validate(
        {
            **VALID,
            "discount": 0.5,
            "price": 2.75,
            "reference": None,
            "code": "ab12",
            "name": "anything, the pattern is not enforced",
            "lines": ["a", "bcdef"],
            "scores": {"x": 0},
        }
    )
    assert order.quantity == 1 and order.lines == ["a", "bcdef"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", "ab1234"),  # pattern, through the alias
        ("quantity", 0),  # minimum
        ("quantity", 1001),  # maximum
        ("discount", 0),  # exclusive minimum
        ("discount", 1),  # exclusive maximum
        ("price", 0.3),  # multipleOf
        ("reference", "ab"),  # minLength, nullable
        ("reference", "x" * 13),  # maxLength
        ("code", "abcd"),  # lookahead: a digit somewhere
        ("lines", []),  # minItems
        ("lines", ["a", "b", "c", "d"]),  # maxItems
        ("lines", ["toolong"]),  # an item's maxLength
        ("scores", {"x": -1}),  # a map value's minimum
    ],
)
def test_a_value_outside_a_bound_is_refused(field: str, value: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        models.Order.model_validate({**VALID, field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_the_pattern_is_a_search_as_in_json_schema() -> None:
    adapter: pydantic.TypeAdapter[str] = pydantic.TypeAdapter(models.Sku)
    assert adapter.validate_python("AB1234") == "AB1234"
    with pytest.raises(pydantic.ValidationError):
        adapter.validate_python("AB12345")  # anchored by the pattern itself


def test_a_response_outside_its_bounds_is_an_api_error_that_keeps_the_body() -> None:
    sent_back = {"sku": "AB1234", "quantity": 5000}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json=sent_back)

    client = Client(base_url="https://api.example.test", transport=httpx.MockTransport(handler))
    with client, pytest.raises(APIResponseValidationError) as caught:
        client.create_order(body=models.Order(sku="AB1234", quantity=1))
    error = caught.value
    assert error.status_code == 201 and error.body == sent_back
    assert error.errors[0]["loc"] == ("quantity",)
    assert "POST /orders answered 201" in str(error) and "first at quantity" in str(error)
    assert isinstance(error.__cause__, pydantic.ValidationError)
