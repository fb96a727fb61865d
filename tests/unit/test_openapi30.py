"""OpenAPI 3.0 schemas in the 3.1 shape, and only the 3.1 models loaded to read them."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from generator import openapi30


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string", "nullable": True}, {"type": ["string", "null"]}),
        ({"type": "string", "nullable": False}, {"type": "string"}),
        # No 3.1 keyword says "that, or null" without a type: it stays for the build to read.
        ({"allOf": [{"$ref": "#/x"}], "nullable": True}, {"allOf": [{"$ref": "#/x"}], "nullable": True}),
        (
            {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
            {"type": "integer", "exclusiveMinimum": 0},
        ),
        ({"type": "integer", "maximum": 9, "exclusiveMaximum": False}, {"type": "integer", "maximum": 9}),
        ({"type": "integer", "exclusiveMinimum": True}, {"type": "integer"}),
        ({"type": "number", "exclusiveMinimum": 1.5}, {"type": "number", "exclusiveMinimum": 1.5}),
    ],
)
def test_a_schema_in_the_3_1_shape(schema: dict[str, Any], expected: dict[str, Any]) -> None:
    assert openapi30.schema_as_31(schema) == expected


def test_nested_schemas_are_rewritten_and_data_is_not() -> None:
    example = {"nullable": True, "exclusiveMinimum": True}
    document = {
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "properties": {"name": {"type": "string", "nullable": True}},
                    "example": example,
                    "x-meta": {"type": "string", "nullable": True},
                }
            }
        }
    }
    pet = openapi30.as_31(document, (3, 0))[0]["components"]["schemas"]["Pet"]
    assert pet["properties"]["name"] == {"type": ["string", "null"]}
    assert pet["example"] is example and pet["x-meta"] == {"type": "string", "nullable": True}
    assert document["components"]["schemas"]["Pet"]["properties"]["name"]["nullable"] is True


def test_the_generator_loads_only_the_3_1_models() -> None:
    script = (
        "import sys, generator.pipeline, generator.cli\n"
        "assert 'openapi_pydantic.v3.v3_1' in sys.modules\n"
        "print(sorted(m for m in sys.modules if m.startswith('openapi_pydantic.v3.v3_0')))\n"
        "import openapi_pydantic\n"
        "from generator.openapi_models import v3_1\n"
        "assert openapi_pydantic.Schema is v3_1.Schema  # the real package reuses the same models\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
