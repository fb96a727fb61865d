"""A second opinion on models: datamodel-code-generator's models accept and reject what ours do.

For each object schema of a case spec, hypothesis-jsonschema draws valid
instances, and near misses are made from them by giving one property a value
of the wrong JSON type. Both generators' pydantic models must agree on every
instance, except for the differences we intend, each named below.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
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
    "unions",
    "discriminators",
    "constraints",
]
# A sample of the public corpus: small documents whose schemas hypothesis-jsonschema can draw from.
CORPUS_SAMPLE = ["oai-petstore-3.0.yaml", "swagger-petstore3-3.0.yaml", "oai-petstore-expanded-3.0.json"]
ORACLE_SPECS = [pytest.param(CASES / case / "spec.yaml", id=case) for case in ORACLE_CASES] + [
    pytest.param(CORPUS / name, id=name.rsplit(".", 1)[0])
    for name in CORPUS_SAMPLE
    if (CORPUS / name).is_file()
]
# Intended difference 1: our enums are open (a value added to the API later parses), theirs are closed.
# Intended difference 2: patterns run on Python's `re` in ours (lookarounds work; `\p{L}` does not
# compile, so it is left out with a warning), on pydantic's default Rust engine in theirs (the
# other way round: a lookahead fails their module's import). The properties with such patterns
# are taken out of the spec both generators see.
PATTERN_ENGINE_PROPERTIES = {"constraints": {"Order": ["code", "name"]}}
# Intended difference 3: a union member without a mapping entry is tagged by the values its own
# schema declares for the property (`enum: [deleted, purged]`), theirs by its schema name ("Deleted"),
# which refuses every value the member's own schema allows. Schemas tagged that way are not compared.
DECLARED_TAGS = {"discriminators": {"Deleted", "Owner", "Comparison", "Compound", "Filter"}}
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
            if "discriminator" in node and "oneOf" in converted:
                # The tag, not "exactly one matches", picks the member: overlapping members are fine.
                converted["anyOf"] = converted.pop("oneOf")
            return converted
        if isinstance(node, list):
            return [convert(item) for item in node]
        return node

    schemas = document["components"]["schemas"]
    schema = convert(schemas[name])
    schema["$defs"] = {key: convert(value) for key, value in schemas.items()}
    return dict(schema)


def _accepts(model: pydantic.TypeAdapter[Any], instance: Any) -> bool:
    try:
        model.validate_python(instance)
    except pydantic.ValidationError:
        return False
    return True


def _is_enum_field(schema: dict[str, Any], document: dict[str, Any], key: str) -> bool:
    prop = schema.get("properties", {}).get(key, {})
    if "$ref" in prop:
        prop = document["components"]["schemas"].get(prop["$ref"].rsplit("/", 1)[-1], {})
    return "enum" in prop or any("enum" in part for part in prop.get("anyOf", []) + prop.get("oneOf", []))


Pair = tuple[str, pydantic.TypeAdapter[Any], pydantic.TypeAdapter[Any], dict[str, Any], dict[str, Any]]


def _property(schema: dict[str, Any], key: str) -> dict[str, Any]:
    """A property's schema, through one `$ref` into `$defs`."""
    prop = schema.get("properties", {}).get(key, {})
    if isinstance(prop.get("$ref"), str):
        prop = schema["$defs"].get(prop["$ref"].rsplit("/", 1)[-1], {})
    return prop if isinstance(prop, dict) else {}


def _out_of_bounds(prop: dict[str, Any], valid: Any) -> Any:
    """A value just outside one of the property's bounds, or None when it declares none."""
    if prop.get("maxLength") is not None:
        return "x" * (prop["maxLength"] + 1)
    if prop.get("minLength"):
        return ""
    if isinstance(prop.get("pattern"), str) and re.search(prop["pattern"], "") is None:
        return ""
    exclusive = prop.get("exclusiveMinimum") is True
    if isinstance(prop.get("minimum"), (int, float)):
        return prop["minimum"] if exclusive else prop["minimum"] - 1
    if isinstance(prop.get("maximum"), (int, float)):
        return prop["maximum"] + 1
    if prop.get("minItems"):
        return []
    if prop.get("maxItems") is not None and isinstance(valid, list) and valid:
        return valid[:1] * (prop["maxItems"] + 1)
    return None


def _model_pairs(spec: Path, tmp_path: Path) -> list[Pair]:
    """Object schemas both generators model as classes, and unions: ours an alias, theirs a RootModel."""
    case = "".join(char if char.isalnum() else "_" for char in spec.parent.name + "_" + spec.stem)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    edits = PATTERN_ENGINE_PROPERTIES.get(spec.parent.name, {})
    if edits:  # intended difference 2
        for name, properties in edits.items():
            for prop in properties:
                del document["components"]["schemas"][name]["properties"][prop]
        spec = tmp_path / f"{case}.json"
        spec.write_text(json.dumps(document), encoding="utf-8")
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
    pairs: list[Pair] = []
    for name, schema in document["components"]["schemas"].items():
        our_model = getattr(ours, name, None)
        their_model = getattr(theirs, name, None)
        if not (isinstance(their_model, type) and issubclass(their_model, pydantic.BaseModel)):
            continue
        is_object = schema.get("type") == "object" and "properties" in schema
        is_union = "oneOf" in schema or "anyOf" in schema
        if is_object and not (isinstance(our_model, type) and issubclass(our_model, pydantic.BaseModel)):
            continue
        if not (is_object or (is_union and our_model is not None)):
            continue
        pairs.append(
            (
                name,
                pydantic.TypeAdapter(our_model),
                pydantic.TypeAdapter(their_model),
                _json_schema(document, name),
                document,
            )
        )
    return pairs


def _disagreements(
    ours: pydantic.TypeAdapter[Any],
    theirs: pydantic.TypeAdapter[Any],
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
        for value in (wrong, _out_of_bounds(_property(schema, key), instance[key])):
            if value is None:
                continue
            near_miss = copy.deepcopy(instance)
            near_miss[key] = value
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
        if name in DECLARED_TAGS.get(case, ()):
            continue  # intended difference 3
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


def test_intended_difference_declared_tags(tmp_path: Path) -> None:
    """A member tagged by its own `enum` takes those values; theirs takes only its schema name."""
    pairs = {
        name: (ours, theirs)
        for name, ours, theirs, _, _ in _model_pairs(CASES / "discriminators" / "spec.yaml", tmp_path)
    }
    ours, theirs = pairs["Owner"]
    instance = {"favourite": {"type": "purged", "id": "1"}}
    assert _accepts(ours, instance) and not _accepts(theirs, instance)
    assert not _accepts(ours, {"favourite": {"type": "Deleted", "id": "1"}})


def test_tagged_unions_agree_where_the_tags_are_the_same(tmp_path: Path) -> None:
    """The mapping's tags pick the same model in both; an unlisted tag is refused by both."""
    pairs = {
        name: (ours, theirs)
        for name, ours, theirs, _, _ in _model_pairs(CASES / "discriminators" / "spec.yaml", tmp_path)
    }
    ours, theirs = pairs["Pet"]
    for tag, model in (("cat", "Cat"), ("kitten", "Cat"), ("dog", "Dog"), ("Lizard", "Lizard")):
        instance = {"petType": tag, "barks": True}
        ours_result, theirs_result = ours.validate_python(instance), theirs.validate_python(instance)
        assert type(ours_result).__name__ == type(theirs_result.root).__name__ == model
    assert not _accepts(ours, {"petType": "parrot"}) and not _accepts(theirs, {"petType": "parrot"})
