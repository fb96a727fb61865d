"""A second opinion on models: datamodel-code-generator's models accept and reject what ours do.

For each object schema of a case spec, hypothesis-jsonschema draws valid
instances, and near misses are made from them by giving one property a value
of the wrong JSON type. Both generators' pydantic models must agree on every
instance, except for the differences we intend, each named below.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
import yaml
from datamodel_code_generator import DataModelType, InputFileType, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from generator import pipeline, writer

CASES = Path(__file__).resolve().parents[1] / "cases"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
ORACLE_CASES = [
    "nested_objects",
    "all_of",
    "nullable",
    "nullable_3_1",
    "arrays_of_arrays",
    "additional_properties",
    "formats",
]
# A sample of the public corpus: small documents whose schemas hypothesis-jsonschema can draw from.
CORPUS_SAMPLE = ["oai-petstore-3.0.yaml", "swagger-petstore3-3.0.yaml", "oai-petstore-expanded-3.0.json"]
ORACLE_SPECS = [pytest.param(CASES / case / "spec.yaml", id=case) for case in ORACLE_CASES] + [
    pytest.param(CORPUS / name, id=name.rsplit(".", 1)[0])
    for name in CORPUS_SAMPLE
    if (CORPUS / name).is_file()
]
# Intended difference 1: our enums are open (a value added to the API later parses), theirs are closed.
# Intended difference 2: we do not enforce length, range or pattern constraints on responses.
WRONG_TYPES = [12345, "text", [1, 2], {"nested": True}, 1.5]


def _import_file(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _json_schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    """The component as a standalone JSON Schema: refs to `$defs`, 3.0 `nullable` as a null type."""

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            converted = {
                key: convert(value) for key, value in node.items() if key not in ("example", "nullable")
            }
            if isinstance(node.get("$ref"), str):
                converted["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
            if node.get("nullable") and isinstance(node.get("type"), str):
                converted["type"] = [node["type"], "null"]
            return converted
        if isinstance(node, list):
            return [convert(item) for item in node]
        return node

    schemas = document["components"]["schemas"]
    schema = convert(schemas[name])
    schema["$defs"] = {key: convert(value) for key, value in schemas.items()}
    return dict(schema)


def _accepts(model: type[pydantic.BaseModel], instance: Any) -> bool:
    try:
        model.model_validate(instance)
    except pydantic.ValidationError:
        return False
    return True


def _is_enum_field(schema: dict[str, Any], document: dict[str, Any], key: str) -> bool:
    prop = schema.get("properties", {}).get(key, {})
    if "$ref" in prop:
        prop = document["components"]["schemas"].get(prop["$ref"].rsplit("/", 1)[-1], {})
    return "enum" in prop or any("enum" in part for part in prop.get("anyOf", []) + prop.get("oneOf", []))


def _model_pairs(
    spec: Path, tmp_path: Path
) -> list[tuple[str, type[pydantic.BaseModel], type[pydantic.BaseModel], dict[str, Any], dict[str, Any]]]:
    case = "".join(char if char.isalnum() else "_" for char in spec.parent.name + "_" + spec.stem)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    theirs_path = tmp_path / f"theirs_{case}.py"
    generate(
        spec.read_text(encoding="utf-8"),
        input_file_type=InputFileType.OpenAPI,
        output=theirs_path,
        output_model_type=DataModelType.PydanticV2BaseModel,
        strict_nullable=True,  # `nullable` as the spec means it, also on required fields
    )
    theirs = _import_file(f"oracle_theirs_{case}", theirs_path)
    package = f"oracle_ours_{case}"
    writer.write(pipeline.generate(spec, package).files, tmp_path / "ours")
    sys.path.insert(0, str(tmp_path / "ours"))
    ours = importlib.import_module(f"{package}.models")
    pairs = []
    for name, schema in document["components"]["schemas"].items():
        our_model = getattr(ours, name, None)
        their_model = getattr(theirs, name, None)
        if not (isinstance(our_model, type) and isinstance(their_model, type)):
            continue
        if not (issubclass(our_model, pydantic.BaseModel) and issubclass(their_model, pydantic.BaseModel)):
            continue
        if schema.get("type") != "object" or "properties" not in schema:
            continue
        pairs.append((name, our_model, their_model, _json_schema(document, name), document))
    return pairs


def _disagreements(
    ours: type[pydantic.BaseModel],
    theirs: type[pydantic.BaseModel],
    schema: dict[str, Any],
    document: dict[str, Any],
) -> list[str]:
    """Instances on which the two models disagree: drawn valid ones, and near misses made from them."""
    found: list[str] = []

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(instance=from_schema(schema), wrong=st.sampled_from(WRONG_TYPES), pick=st.integers(0, 50))
    def check(instance: Any, wrong: Any, pick: int) -> None:
        if _accepts(ours, instance) != _accepts(theirs, instance):
            found.append(f"valid {instance!r}: ours {'accepts' if _accepts(ours, instance) else 'rejects'}")
        if not isinstance(instance, dict) or not instance:
            return
        key = sorted(instance)[pick % len(instance)]
        if _is_enum_field(schema, document, key):
            return  # intended difference 1
        near_miss = copy.deepcopy(instance)
        near_miss[key] = wrong
        if _accepts(ours, near_miss) != _accepts(theirs, near_miss):
            found.append(
                f"near miss {near_miss!r}: ours {'accepts' if _accepts(ours, near_miss) else 'rejects'}"
            )

    check()
    return found


@pytest.mark.parametrize("spec", ORACLE_SPECS)
def test_both_generators_agree_on_valid_instances_and_near_misses(spec: Path, tmp_path: Path) -> None:
    pairs = _model_pairs(spec, tmp_path)
    case = spec.stem if spec.name != "spec.yaml" else spec.parent.name
    assert pairs, f"{case}: no object schema both generators model"
    for name, ours, theirs, schema, document in pairs:
        disagreements = _disagreements(ours, theirs, schema, document)
        assert not disagreements, f"{case}.{name}: " + "; ".join(disagreements[:3])


def test_intended_difference_open_enums(tmp_path: Path) -> None:
    """Ours accept an enum value the spec does not list (forward compatible); theirs refuse it."""
    pairs = {
        name: (ours, theirs)
        for name, ours, theirs, _, _ in _model_pairs(CASES / "enums" / "spec.yaml", tmp_path)
    }
    ours, theirs = pairs["Pet"]
    instance = {"name": "a", "status": "added-later"}
    assert _accepts(ours, instance) and not _accepts(theirs, instance)
