"""The intermediate model's JSON form loses nothing, and every model is hashable."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator import ir, ir_json, pipeline

CASE_SPECS = sorted(Path(__file__).parents[1].glob("cases/*/spec.*"))
CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
# Small and medium documents of the public corpus: 3.0, 3.1, callbacks, webhooks, links.
CORPUS_SAMPLE = [
    "swagger-petstore3-3.0.yaml",
    "swagger-petstore31-designfirst-3.1.yaml",
    "twilio-lookups-v1.yaml",
    "oai-callback-example-3.0.yaml",
    "oai-webhook-example-3.1.json",
    "oai-link-example-3.0.json",
    "discourse.yaml",
]


def _documents() -> list[Path]:
    corpus = [CORPUS / name for name in CORPUS_SAMPLE if (CORPUS / name).exists()]
    return CASE_SPECS + corpus


@pytest.mark.parametrize("spec", _documents(), ids=lambda path: path.parent.name + "/" + path.name)
def test_the_json_form_round_trips(spec: Path) -> None:
    api, _ = pipeline.load_api(spec, "pkg")
    text = ir_json.to_json(api)
    assert ir_json.from_json(text) == api
    assert hash(ir_json.from_json(text)) == hash(api)


def test_the_json_form_names_the_class_where_the_type_leaves_it_open() -> None:
    field = ir.Field("tags", "tags", ir.optional(ir.ListOf(ir.Primitive(ir.Scalar.STR))), False, ("a", 1.0))
    model = ir.ModelDef("Pet", "", (field,))
    api = ir.ApiModel("t", "1", "", "pkg", "dist", "spec.yaml", (), (model,), (), (), (), ())
    data = json.loads(ir_json.to_json(api))
    encoded = data["models"][0]["fields"][0]
    assert encoded["type"]["$type"] == "UnionOf"
    assert encoded["type"]["members"][0] == {
        "$type": "ListOf",
        "item": {"$type": "Primitive", "kind": "str", "constraints": dataclasses.asdict(ir.NO_CONSTRAINTS)},
        "constraints": dataclasses.asdict(ir.NO_CONSTRAINTS),
    }
    assert encoded["default"] == ["a", 1.0]
    decoded = ir_json.from_json(json.dumps(data))
    assert decoded.models[0].fields[0].default == ("a", 1.0)
    assert isinstance(decoded.models[0].fields[0].default[1], float)
    data["models"][0]["fields"][0]["default"] = ["a", 1]
    changed = ir_json.from_json(json.dumps(data)).models[0].fields[0].default
    assert isinstance(changed, tuple) and isinstance(changed[1], int)
