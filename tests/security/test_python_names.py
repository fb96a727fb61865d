"""Whatever a spec names its schemas and properties, and whatever values its enums and consts hold,
the generated package imports and every model and alias in it can be built.

Names are drawn from the space of Python names that can collide: keywords, soft
keywords, builtins, typing and pydantic names, names the generated modules import
or define; values from JSON (objects, arrays, floats, null, text, numbers).

`CLIENTGEN_NAMES_EXAMPLES` sets how many specs to try (CI keeps the default small;
`nox -s fuzz` runs a long profile).
"""

from __future__ import annotations

import ast
import builtins
import json
import keyword
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import naming, pipeline, writer

# Names the generated modules import or define themselves (models, operations, client, runtime).
_GENERATED_NAMES = [
    "ApiBaseModel",
    "OpenStrEnum",
    "OpenIntEnum",
    "TaggedUnion",
    "APIRequest",
    "APIResponse",
    "Client",
    "AsyncClient",
    "NotGiven",
    "NOT_GIVEN",
    "models",
    "operations",
    "webhooks",
    "httpx",
    "pydantic",
    "typing_extensions",
    "model_config",
    "model_fields",
    "self",
    "cls",
    "body",
]
PYTHON_NAMES = sorted(
    set(keyword.kwlist)
    | set(keyword.softkwlist)
    | {name for name in dir(builtins) if not name.startswith("__")}
    | {name for name in dir(typing) if not name.startswith("_")}
    | {name for name in dir(pydantic) if not name.startswith("_")}
    | set(_GENERATED_NAMES)
)
# Written out, not taken from `naming`, so that a name missing there is caught here.
IMPORTED_NAMES = frozenset(
    {"Annotated", "Any", "Literal", "TypeAlias", "TypeAliasType", "Field", "BaseModel", "Enum"}
    | {"TaggedUnion", "ApiBaseModel", "OpenStrEnum", "annotations", "datetime", "decimal", "re", "uuid"}
)
names = st.one_of(
    st.sampled_from(PYTHON_NAMES),
    st.sampled_from(PYTHON_NAMES).map(str.lower),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4,
)


@st.composite
def schemas(draw: st.DrawFn, component_names: list[str], depth: int = 0, earlier: int = 0) -> dict[str, Any]:
    """A schema; a bare `$ref` at the top names only an `earlier` component (a chain of bare
    references back to itself is a broken document, refused)."""
    can_refer = depth > 0 or earlier > 0
    kinds = (
        ["enum", "const", "string"]
        + (["ref"] if can_refer else [])
        + (["object", "map", "union"] if depth < 2 else [])
    )
    kind = draw(st.sampled_from(kinds))
    if kind == "enum":
        return {"enum": draw(st.lists(json_values, min_size=1, max_size=3)), "nullable": draw(st.booleans())}
    if kind == "const":
        return {"const": draw(json_values)}
    if kind == "ref":
        targets = component_names if depth > 0 else component_names[:earlier]
        return {"$ref": "#/components/schemas/" + draw(st.sampled_from(targets))}
    if kind == "object":
        properties = draw(st.dictionaries(names, schemas(component_names, depth + 1), min_size=1, max_size=3))
        return {
            "type": "object",
            "properties": properties,
            "required": [n for n in properties if draw(st.booleans())],
        }
    if kind == "map":
        return {"type": ["object", "null"], "additionalProperties": draw(schemas(component_names, depth + 1))}
    if kind == "union":
        members = [
            {"$ref": "#/components/schemas/" + name}
            for name in draw(st.lists(st.sampled_from(component_names), min_size=1, max_size=3))
        ]
        nullable = [{"type": "null"}] if draw(st.booleans()) else []
        union: dict[str, Any] = {"oneOf": members + nullable}
        if draw(st.booleans()):
            tags = draw(st.lists(names, min_size=1, max_size=3))
            union["discriminator"] = {
                "propertyName": "kind",
                "mapping": {tag: draw(st.sampled_from(members))["$ref"] for tag in tags},
            }
        return union
    bounds = draw(st.sampled_from([{}, {"maxLength": 3}, {"pattern": "^(a)\\1$"}, {"format": "date-time"}]))
    return {"type": "string", "default": draw(json_values), **bounds}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    # Every name models.py itself may import is a schema name in every document, beside random ones.
    hazards = sorted(IMPORTED_NAMES)
    others = draw(st.lists(names.filter(lambda name: name not in IMPORTED_NAMES), max_size=4, unique=True))
    component_names = draw(st.permutations(hazards + others))
    components = {
        name: draw(schemas(component_names, earlier=index)) for index, name in enumerate(component_names)
    }
    # One alias that needs `Annotated`, `Field` and `re`, so models.py imports them.
    bounded = draw(names.filter(lambda name: name not in components))
    components[bounded] = {
        "type": "array",
        "items": {"type": "string", "maxLength": 30, "pattern": "^(2)\\1"},
    }
    first = "#/components/schemas/" + component_names[0]
    response = {"description": "ok", "content": {"application/json": {"schema": {"$ref": first}}}}
    operation = {"operationId": draw(names), "responses": {"200": response}}
    return {
        "openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])),
        "info": {"title": "names", "version": "1"},
        "paths": {"/things": {"get": operation}},
        "components": {"schemas": components},
    }


# Importing is not enough: pydantic builds a model with an unresolvable annotation only when first used.
_BUILD_EVERYTHING = """
import sys, pydantic
from importlib import import_module
package = import_module(sys.argv[1])
models = import_module(sys.argv[1] + ".models")
import_module(sys.argv[1] + ".operations")
package.Client(base_url="https://api.example.test").close()
for name in models.__all__:
    value = getattr(models, name)
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild(raise_errors=True)
    else:
        pydantic.TypeAdapter(value)
"""

EXAMPLES = int(os.environ.get("CLIENTGEN_NAMES_EXAMPLES", "6"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(document=documents())
def test_any_python_name_or_json_value_gives_a_package_that_imports(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    root = tmp_path_factory.mktemp("names")
    spec = root / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    generated = pipeline.generate(spec, "names_client")
    writer.write(generated.files, root / "out")
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_EVERYTHING, "names_client"],
        cwd=root / "out",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{json.dumps(document)}\n{done.stderr[-3000:]}"


def test_every_name_models_py_imports_is_reserved_for_classes(tmp_path: Path) -> None:
    """The reserved set is checked against what a rich case really imports, so a new import cannot slip by."""
    cases = Path(__file__).resolve().parent.parent / "cases"
    imported: set[str] = set()
    for case in ("import_hazards", "constraints", "formats", "discriminators"):
        # One module per model (or per cycle of models) in the models package.
        for module in (cases / case / "expected").glob("*/models/*.py"):
            for node in ast.parse(module.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Import):
                    imported |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
                    imported |= {alias.asname or alias.name for alias in node.names}
    assert imported
    assert imported <= naming.CLASS_RESERVED, imported - naming.CLASS_RESERVED
