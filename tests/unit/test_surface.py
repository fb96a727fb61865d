"""The client surface: derived from the model, sorted, and its JSON form lossless."""

from __future__ import annotations

import pytest
from conftest import CASES_DIR, ApiBuilder, case_names, case_package

from generator import api_report, pipeline, render, surface

EXCEPTIONS = render.runtime_exports("_exceptions.py")


@pytest.mark.parametrize("case", case_names())
def test_json_form_is_lossless_and_matches_the_committed_report(case: str) -> None:
    api, _ = pipeline.load_api(CASES_DIR / case / "spec.yaml", case_package(case))
    found = surface.from_api(api, EXCEPTIONS)
    assert surface.Surface.from_json(found.to_json()) == found
    expected = CASES_DIR / case / "expected"
    assert (expected / "api.json").read_text(encoding="utf-8") == found.to_json()
    assert (expected / "API.md").read_text(encoding="utf-8") == api_report.render(found)


def test_a_surface_lists_methods_fields_and_enums(build_api: ApiBuilder) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "2.1.0"},
        "paths": {
            "/pets": {
                "post": {
                    "operationId": "createPet",
                    "tags": ["pets"],
                    "parameters": [{"name": "dry-run", "in": "query", "schema": {"type": "boolean"}}],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 5},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                    },
                }
            }
        },
    }
    api, _ = build_api(document)
    found = surface.from_api(api, EXCEPTIONS)
    assert found.version == "2.1.0"
    (method,) = found.methods
    assert (method.resource, method.name, method.http, method.returns) == ("pets", "create_pet", "POST /pets", "None")
    assert [(p.name, p.required, p.location) for p in method.parameters] == [("body", True, "body"), ("dry_run", False, "query")]
    (pet,) = found.models
    assert pet.used_in == ("request",)
    assert [(f.name, f.required, f.constraints) for f in pet.fields] == [
        ("kind", False, ()),
        ("name", True, (("max_length", "5"),)),
    ]
    assert [(e.name, e.values) for e in found.enums] == [("PetKind", ('"cat"', '"dog"'))]
    report = api_report.render(found)
    assert "- `client.pets.create_pet(*, body: models.Pet | dict[str, Any], dry_run: bool | None = None) -> None` (`POST /pets`)" in report
