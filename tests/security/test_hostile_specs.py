"""Hostile text anywhere in a spec never becomes code, and nothing is written outside the output.

Specs are built at random with hostile strings in every field a generator
copies into its output. Every hostile string carries a marker; in the
generated Python, the marker may appear inside string tokens only (literals
and docstrings). Were it ever a name, an operator or a comment, spec text
would have escaped its context.

`CLIENTGEN_FUZZ_EXAMPLES` sets how many specs to try (CI keeps the default small;
`nox -s fuzz` runs a long profile).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tokenize
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline, writer
from generator.diagnostics import SpecError

MARKER = "zq_INJECT_zq"

# Context breakers seen in generator advisories: quotes, docstring ends, f-string and
# template braces, comments ended by a bare \r, line separators, NUL, lone surrogates, and
# readable non-ASCII text, which is written as it is.
_BREAKERS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "\n",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0c",
    "\x00",
    "\ud800",
    "#",
    ");",
    "\n    import os\n",
    "${",
    "`",
    "<!--",
    "-->",
    "../",
    "/",
    "$ref",
    "+1",
    "",
    "\U0001f600",
    # Trojan Source (CVE-2021-42574): bidi overrides and isolates, invisible and format
    # characters, and a combining mark that would draw over a quote.
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\xa0",
    "\u0301",
    "\x9b",
    "Größe 商品",
]

hostile_text = st.lists(st.sampled_from(_BREAKERS), max_size=4).map(lambda parts: "".join(parts) + MARKER)
plain_name = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)
name_text = st.one_of(hostile_text, plain_name)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), hostile_text)


@st.composite
def schemas(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    kinds = (
        ["string", "integer", "enum", "const", "object", "array"]
        if depth < 2
        else ["string", "enum", "const"]
    )
    kind = draw(st.sampled_from(kinds))
    schema: dict[str, Any] = {"description": draw(hostile_text)}
    if kind == "enum":
        schema["type"] = "string"
        schema["enum"] = draw(st.lists(hostile_text, min_size=1, max_size=3, unique=True))
        schema["default"] = schema["enum"][0]
    elif kind == "const":
        schema["const"] = draw(st.one_of(json_scalar, st.lists(hostile_text, max_size=2)))
    elif kind == "object":
        schema["type"] = "object"
        properties = draw(st.dictionaries(name_text, schemas(depth + 1), min_size=1, max_size=3))
        schema["properties"] = properties
        schema["required"] = [name for name in properties if draw(st.booleans())]
    elif kind == "array":
        schema["type"] = "array"
        schema["items"] = draw(schemas(depth + 1))
    else:
        schema["type"] = kind
        schema["example"] = draw(json_scalar)
        if kind == "string":
            schema["default"] = draw(hostile_text)
            schema["pattern"] = draw(hostile_text)
    return schema


@st.composite
def incoming_operations(draw: st.DrawFn) -> dict[str, Any]:
    """A webhook's or callback's operation: a request the API sends, with a JSON body."""
    return {
        "summary": draw(hostile_text),
        "description": draw(hostile_text),
        "requestBody": {
            "description": draw(hostile_text),
            "content": {"application/json": {"schema": draw(schemas())}},
        },
        "responses": {"200": {"description": draw(hostile_text)}},
    }


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    component_names = draw(st.lists(name_text, min_size=1, max_size=3, unique=True))
    components = {name: draw(schemas()) for name in component_names}
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 3))):
        param_name = draw(name_text)
        path = f"/{draw(st.sampled_from(['items', 'a b', 'x%2F', 'q']))}{index}/{{{param_name}}}"
        operation: dict[str, Any] = {
            "operationId": draw(name_text) + str(index),
            "summary": draw(hostile_text),
            "description": draw(hostile_text),
            "tags": [draw(name_text)],
            "parameters": [
                {"name": param_name, "in": "path", "required": True, "schema": {"type": "string"}},
                {
                    "name": draw(name_text),
                    "in": "query",
                    "description": draw(hostile_text),
                    "schema": draw(schemas(1)),
                },
                {"name": draw(hostile_text), "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {
                    "description": draw(hostile_text),
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/" + _escape(component_names[0])}
                        }
                    },
                }
            },
        }
        if draw(st.booleans()):
            operation["requestBody"] = {"content": {"application/json": {"schema": draw(schemas())}}}
        if draw(st.booleans()):
            operation["callbacks"] = {
                draw(name_text): {draw(hostile_text): {"post": draw(incoming_operations())}}
            }
        paths[path] = {draw(st.sampled_from(["get", "post", "put", "delete"])): operation}
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    webhooks = (
        {"webhooks": {draw(name_text): {"post": draw(incoming_operations())}}} if version == "3.1.0" else {}
    )
    return {
        **webhooks,
        "openapi": version,
        "info": {
            "title": draw(hostile_text),
            "version": draw(hostile_text),
            "description": draw(hostile_text),
        },
        "servers": [
            {"url": "https://example.test/" + draw(hostile_text), "description": draw(hostile_text)},
            {
                "url": "https://{region}.example.test/v1",
                "description": draw(hostile_text),
                "variables": {"region": {"default": draw(hostile_text)}},
            },
        ],
        "tags": [{"name": draw(name_text), "description": draw(hostile_text)}],
        "paths": paths,
        "components": {"schemas": components},
    }


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def marker_outside_strings(source: str) -> list[str]:
    """Tokens other than string literals that contain the marker."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if MARKER in token.string and token.type != tokenize.STRING:
            found.append(f"{tokenize.tok_name[token.type]} {token.string!r} at line {token.start[0]}")
    return found


# Characters that change how code reads without showing (controls, bidi and other format
# characters, surrogates, private use, unassigned, separators other than a space).
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def hidden_characters(source: str) -> list[str]:
    """Characters in generated source that a reader would not see as written."""
    return [
        f"U+{ord(char):04X} at offset {offset}"
        for offset, char in enumerate(source)
        if char not in " \n" and unicodedata.category(char) in _HIDDEN_CATEGORIES
    ]


def _files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


EXAMPLES = int(os.environ.get("CLIENTGEN_FUZZ_EXAMPLES", "15"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(document=hostile_specs())
def test_hostile_text_stays_inside_string_literals(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    # JSON carries lone surrogates (as escapes); YAML would refuse the whole document.
    spec = root / "spec" / "openapi.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(document), encoding="utf-8")
    output = root / "out"
    before = _files_under(root)
    try:
        generated = pipeline.generate(spec, "hostile_client")
    except SpecError as exc:
        # Refusing is allowed; a refusal must still be clean, one line per problem.
        assert str(exc) and "Traceback" not in str(exc)
        return
    writer.write(generated.files, output)
    stray = {path for path in _files_under(root) - before if not path.is_relative_to(output)}
    assert not stray, f"files written outside the output folder: {stray}"
    for relative, text in generated.files.items():
        if relative.endswith(".py"):
            compile(text, relative, "exec")
            assert marker_outside_strings(text) == [], relative
            assert hidden_characters(text) == [], relative
        else:
            # In TOML, Markdown and JSON the marker may stand as text; no line may start a new construct.
            for line in text.splitlines():
                assert not line.lstrip().startswith(MARKER), (relative, line)


def test_generated_hostile_package_imports(tmp_path: Path) -> None:
    """One fixed hostile spec: generated, imported in a fresh interpreter, its tests run."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": 'T"""\\', "version": "1\r\n" + MARKER},
        "paths": {
            "/a/{x}": {
                "get": {
                    "operationId": 'get"; import os #',
                    "summary": "\u2028" + MARKER + '"""',
                    "parameters": [
                        {"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/M"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "M": {
                    "type": "object",
                    "description": "\\",
                    "properties": {
                        "$ref": {"type": "string", "enum": ['a"b', "\x00", ""], "default": 'a"b'},
                        "model_config": {"type": "string", "default": "{{ x }}"},
                    },
                }
            }
        },
    }
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    output = tmp_path / "out"
    writer.write(pipeline.generate(spec, "hostile_client").files, output)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=output,
        env={**os.environ, "PYTHONPATH": str(output)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
