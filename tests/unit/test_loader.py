"""Stage 1: reading YAML and JSON, refusing bad input with a location, bundling external $refs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import SpecWriter, openapi_document

from generator import lines, loader, pointers, reading
from generator.diagnostics import SpecError
from generator.loader import LoadOptions


def _error(path: Path, options: LoadOptions | None = None) -> str:
    with pytest.raises(SpecError) as caught:
        loader.load(path, options)
    return str(caught.value)


def test_reads_yaml_and_json_alike(write_spec: SpecWriter) -> None:
    document = openapi_document()
    from_yaml = loader.load(write_spec(document, "spec.yaml"))
    from_json = loader.load(write_spec(document, "spec.json"))
    assert from_yaml.data == from_json.data == document


def test_empty_file_is_refused(write_spec: SpecWriter) -> None:
    assert "file is empty" in _error(write_spec("  \n\n", "spec.yaml"))


def test_a_document_that_is_only_a_comment_is_empty(write_spec: SpecWriter) -> None:
    assert "file is empty" in _error(write_spec("# nothing here\n", "spec.yaml"))


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a string")])
def test_top_level_must_be_a_mapping(write_spec: SpecWriter, text: str, kind: str) -> None:
    assert f"expected a mapping at the top level, found {kind}" in _error(write_spec(text))


def test_invalid_yaml_names_the_line(write_spec: SpecWriter) -> None:
    text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: [1\npaths: {}\n"
    message = _error(write_spec(text, "broken.yaml"))
    assert "not valid YAML" in message
    assert "broken.yaml:5" in message


def test_invalid_json_names_the_line(write_spec: SpecWriter) -> None:
    message = _error(write_spec('{\n  "openapi": "3.0.3",\n  "info": }\n', "broken.json"))
    assert "not valid JSON" in message
    assert "broken.json:3" in message


def test_missing_file_is_a_spec_error(tmp_path: Path) -> None:
    assert "file not found" in _error(tmp_path / "absent.yaml")


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("openapi: 3.0.3\ninfo: {title: caf\xe9}\n".encode("latin-1"))
    assert "not UTF-8" in _error(path)


def test_alias_bomb_is_refused_before_expansion(write_spec: SpecWriter) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    message = _error(write_spec("\n".join(lines) + "\n"), LoadOptions(max_nodes=100_000))
    assert "YAML aliases" in message


# External references


def _write_split_spec(root: Path) -> Path:
    """A spec whose response schema, parameter and response live in other files of its folder."""
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "pet.yaml").write_text(
        "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: 'owner.yaml#/Owner'\n"
    )
    (root / "schemas" / "owner.yaml").write_text(
        "Owner:\n  type: object\n  properties:\n    pets:\n      type: array\n"
        "      items:\n        $ref: 'pet.yaml#/Pet'\n"
    )
    (root / "common.yaml").write_text(
        "limit:\n  name: limit\n  in: query\n  schema: {type: integer}\nnotFound:\n  description: not found\n"
    )
    document = openapi_document(
        paths={
            "/pets": {
                "get": {
                    "parameters": [{"$ref": "common.yaml#/limit"}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "schemas/pet.yaml#/Pet"}}},
                        },
                        "404": {"$ref": "common.yaml#/notFound"},
                    },
                }
            }
        }
    )
    spec = root / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False))
    return spec


def test_external_schema_is_hoisted_and_other_parts_inlined(tmp_path: Path) -> None:
    spec = loader.load(_write_split_spec(tmp_path))
    operation = spec.data["paths"]["/pets"]["get"]
    assert operation["parameters"] == [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]
    assert operation["responses"]["404"] == {"description": "not found"}
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response_schema == {"$ref": "#/components/schemas/Pet"}
    schemas = spec.data["components"]["schemas"]
    assert set(schemas) == {"Pet", "Owner"}


def test_reference_cycle_across_two_files_is_bundled_once(tmp_path: Path) -> None:
    spec = loader.load(_write_split_spec(tmp_path))
    schemas = spec.data["components"]["schemas"]
    assert schemas["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}


def test_location_of_bundled_content_points_into_its_own_file(tmp_path: Path) -> None:
    spec = loader.load(_write_split_spec(tmp_path))
    location = spec.location("/components/schemas/Owner/properties/pets")
    assert location.file.endswith("owner.yaml")
    assert location.pointer == "/Owner/properties/pets"
    assert location.line == 4


def test_discriminator_mapping_into_other_files_follows_its_members(tmp_path: Path) -> None:
    """A mapping names the same schemas as the members' `$ref`s, so it must be made local with them."""
    (tmp_path / "actions.yaml").write_text(
        "attach:\n  type: object\n  properties: {type: {type: string}}\n"
        "detach:\n  type: object\n  properties: {type: {type: string}}\n"
    )
    union = {
        "discriminator": {
            "propertyName": "type",
            "mapping": {"attach": "actions.yaml#/attach", "detach": "actions.yaml#/detach", "other": "Other"},
        },
        "oneOf": [{"$ref": "actions.yaml#/attach"}, {"$ref": "actions.yaml#/detach"}],
    }
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(openapi_document(schemas={"Action": union}), sort_keys=False))
    action = loader.load(spec_path).data["components"]["schemas"]["Action"]
    assert action["discriminator"]["mapping"] == {
        "attach": "#/components/schemas/attach",
        "detach": "#/components/schemas/detach",
        "other": "Other",  # a schema name, not a reference
    }
    assert action["oneOf"] == [
        {"$ref": "#/components/schemas/attach"},
        {"$ref": "#/components/schemas/detach"},
    ]


def test_find_line_reads_keys_items_and_stops_at_the_deepest_part_found() -> None:
    text = "a:\n  b:\n    - x\n    - {c: 1}\n  d: [1, 2]\n"
    assert loader.find_line(text, "") == 1
    assert loader.find_line(text, "/a/b") == 2
    assert loader.find_line(text, "/a/b/1/c") == 4
    assert loader.find_line(text, "/a/d/1") == 5
    assert loader.find_line(text, "/a/missing/deeper") == 1  # the deepest part that exists: /a
    assert loader.find_line('{"k": {"~/": [0, {"x": 1}]}}', "/k/~0~1/1/x") == 1


def test_find_line_in_json_reads_as_the_yaml_events_do() -> None:
    text = '\n {"a": 1,\n "b": [\n  {"c": "x\\"}"},\n  [2,\n 3]],\n "a": {"d": 4}}'
    for pointer in ("", "/a", "/b", "/b/0/c", "/b/1/1", "/b/2", "/a/d", "/zz/deeper", "/b/1/1/deeper"):
        events = lines._LineFinder(pointers.split(pointer)).run(text)
        assert loader.find_line(text, pointer) == events, pointer
    assert loader.find_line('{"x": "\u2028", "a": 1}', "/a") == 2  # YAML counts U+2028 as a line break
    assert loader.find_line('{a: 1,\n "b": 2}', "/b") == 2  # flow YAML, not JSON
    lines.forget_composed()
    for _ in range(4):
        assert loader.find_line(text, "/zz") == 2
    assert lines._last_text.root is None  # a JSON text is never composed: GitHub's would take hundreds of MB


def test_find_line_asked_often_reads_the_composed_yaml_as_the_events_do() -> None:
    text = "a: 1\nb:\n  - &x {c: 2}\n  - *x\n  -\n    - 3\na:\n  d: [4,\n    5]\ne: *x\n"
    asked = ["", "/a", "/a/d", "/a/d/1", "/b/0/c", "/b/1/c", "/b/2/0", "/e/c", "/zz/deeper", "/b/9"] * 2
    for pointer in asked:  # past the first readings, the composed tree answers
        events = lines._LineFinder(pointers.split(pointer)).run(text)
        assert loader.find_line(text, pointer) == events, pointer


def test_location_in_the_root_file_has_line_and_pointer(write_spec: SpecWriter) -> None:
    spec = loader.load(write_spec("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n"))
    location = spec.location("/info/version")
    assert (location.pointer, location.line) == ("/info/version", 4)
    assert str(location).endswith("openapi.yaml:4 at #/info/version")


def test_location_of_a_missing_pointer_falls_back_to_the_deepest_known_node(write_spec: SpecWriter) -> None:
    spec = loader.load(write_spec("openapi: 3.0.3\ninfo:\n  title: t\n"))
    assert spec.location("/info/absent/deeper").line == 2


def test_hoisted_name_does_not_replace_an_existing_component(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("Pet:\n  type: string\n")
    document = openapi_document(
        paths={
            "/p": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "other.yaml#/Pet"}}},
                        }
                    }
                }
            }
        },
        schemas={"Pet": {"type": "integer"}},
    )
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(document))
    schemas = loader.load(spec_path).data["components"]["schemas"]
    assert schemas == {"Pet": {"type": "integer"}, "Pet2": {"type": "string"}}


def _spec_referring_to(tmp_path: Path, ref: str) -> Path:
    document = openapi_document(
        paths={
            "/p": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": ref}}},
                        }
                    }
                }
            }
        }
    )
    folder = tmp_path / "spec"
    folder.mkdir()
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_reference_leaving_the_spec_folder_is_refused_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("Thing:\n  type: string\n")
    spec_path = _spec_referring_to(tmp_path, "../outside.yaml#/Thing")
    message = _error(spec_path)
    assert "leaves the spec's folder" in message
    assert "openapi.yaml" in message
    allowed = loader.load(spec_path, LoadOptions(allow_outside_refs=True))
    assert allowed.data["components"]["schemas"]["Thing"] == {"type": "string"}


@pytest.mark.parametrize("ref", ["https://example.com/schemas.yaml#/Thing", "http://127.0.0.1:9/x.yaml"])
def test_url_reference_is_refused(tmp_path: Path, ref: str) -> None:
    assert "refusing remote $ref" in _error(_spec_referring_to(tmp_path, ref))


def test_reference_to_a_missing_pointer_is_an_error(tmp_path: Path) -> None:
    spec_path = _spec_referring_to(tmp_path, "other.yaml#/Absent")
    (spec_path.parent / "other.yaml").write_text("Thing:\n  type: string\n")
    assert "points to nothing" in _error(spec_path)


def test_local_references_are_left_for_later_stages(write_spec: SpecWriter) -> None:
    document = openapi_document(schemas={"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}})
    assert loader.load(write_spec(document)).data == document


def test_plain_scalars_are_read_as_yaml_1_2(write_spec: SpecWriter) -> None:
    text = (
        "enum: [yes, no, on, off, true, False]\n"
        "time: 12:30\n"
        "version: 2024-10-01\n"
        "numbers: [017, 0o17, 0x1f, -3, 1e5, 1.5, 1_000]\n"
    )
    assert loader.load(write_spec(text)).data == {
        "enum": ["yes", "no", "on", "off", True, False],
        "time": "12:30",
        "version": "2024-10-01",
        "numbers": [17, 15, 31, -3, 100000.0, 1.5, "1_000"],
    }


def _bundled(tmp_path: Path, text: str, name: str) -> bool:
    """Whether loading `text` as `name` ran the bundler (which copies the root mapping it walks)."""
    (tmp_path / name).write_text(text)
    walked: list[bool] = []
    original = loader.Bundler.run

    def run(self: loader.Bundler) -> None:
        walked.append(True)
        original(self)

    loader.Bundler.run = run  # type: ignore[method-assign]
    try:
        loader.load(tmp_path / name)
    finally:
        loader.Bundler.run = original  # type: ignore[method-assign]
    return bool(walked)


_LOCAL_MAPPING = (
    '{"openapi": "3.1.0", "info": {"title": "t", "version": "1", "description": "the mapping: prose"},'
    ' "paths": {}, "components": {"schemas": {"A": {"oneOf": [{"$ref": "#/components/schemas/B"}],'
    ' "discriminator": {"propertyName": "kind", "mapping": %s}}, "B": {"type": "object"}}}}'
)


@pytest.mark.parametrize(
    ("mapping", "name", "walked"),
    [
        ('{"b": "#/components/schemas/B", "c": "B"}', "spec.json", False),  # local targets, names
        ('{"b": "other.json#/B"}', "spec.json", True),  # names another file, with no `$ref` to it
        ('{"b": "#/components/schemas/B"}', "spec.yaml", True),  # YAML: its mappings are not read here
        ('{"b": "{odd}"}', "spec.json", True),  # a brace in a value: the text cannot say, so walk
        ('{"b": "#/components/schemas/B", "\\u0024ref": "x.json"}', "spec.json", True),  # escaped key
    ],
)
def test_bundler_walks_only_when_the_text_may_name_another_file(
    tmp_path: Path, mapping: str, name: str, walked: bool
) -> None:
    assert _bundled(tmp_path, _LOCAL_MAPPING % mapping, name) is walked


def test_yaml_alias_of_a_ref_key_is_still_bundled(tmp_path: Path) -> None:
    """`*key : other.yaml#/Pet` hides the `$ref` key from a text search; the anchor gives it away."""
    (tmp_path / "other.yaml").write_text("Pet:\n  type: object\n")
    text = (
        "openapi: 3.1.0\ninfo: {title: t, version: '1', description: &key $ref}\npaths:\n  /x:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n                *key : other.yaml#/Pet\n"
    )
    (tmp_path / "spec.yaml").write_text(text)
    schemas = loader.load(tmp_path / "spec.yaml").data["components"]["schemas"]
    assert schemas["Pet"] == {"type": "object"}


_YAML_VALUES = [
    "plain: text\nquoted: 'true'\nempty:\ntilde: ~\nnull_word: Null\n",
    "flags: [true, True, TRUE, false, yes, no, on, off, y, n]\n",
    "numbers: [0, -12, +7, 017, 0x1F, 0o17, 1.5, -.5, 1e3, 1.5E-3, .inf, -.Inf, .NaN, 1_000]\n",
    "text: [2024-10-01, '12:30', 12:30, 3.0.1, 0b101, 1_0]\n",
    "200: ok\ntrue: yes\nnull: x\n1.5: y\n'quoted': z\n",
    "explicit: [!!str 123, !!float 1, !!int 0x10, !!bool yes, !!null '']\n",
    "nested:\n  - a: [1, {b: [c, {d: e}]}]\n  - - - deep\n",
    "block: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
    "merged:\n  <<: {a: 1, b: 2}\n  b: 3\n",
    "binary: !!binary aGVsbG8=\n",
    "a set: !!set {a, b}\n",
]


def _constructed(text: str) -> str:
    """PyYAML's own construction, with clientgen's loader settings, as comparable text."""
    yaml_loader = reading._YamlLoader(text)
    try:
        return json.dumps(yaml_loader.get_single_data(), sort_keys=True, default=repr)
    finally:
        yaml_loader.dispose()


@pytest.mark.parametrize("text", _YAML_VALUES)
def test_yaml_without_anchors_reads_as_pyyamls_constructors_read_it(text: str) -> None:
    """Built directly (the fast way, or PyYAML's where a node needs it), the values are the same."""
    read = reading.parse_text(text, Path("spec.yaml"))
    assert json.dumps(read, sort_keys=True, default=repr) == _constructed(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nflag: !!bool maybe\n", "spec.yaml:2: error: not valid YAML: 'maybe' is not a boolean"),
        ("a: 1\nn: !!int 12abc\n", "spec.yaml:2: error: not valid YAML: '12abc' is not an integer"),
        (
            "a: &x 1\nb: *x\nn: !!float zz\n",
            "spec.yaml: error: not valid YAML: a value does not read as its tag says",
        ),
    ],
)
def test_a_value_its_tag_cannot_read_is_bad_input(text: str, message: str) -> None:
    with pytest.raises(SpecError) as raised:
        reading.parse_text(text, Path("spec.yaml"))
    assert str(raised.value).startswith(message)
