"""openapi-pydantic's OpenAPI 3.1 models, the only ones clientgen reads documents with.

`import openapi_pydantic.v3.v3_1` would first run the package's own `__init__`
modules, which import the 3.0 models too and build a parser over both versions:
a third of a second of start-up clientgen never uses, as `validate` gives every
document the 3.1 shape. So the 3.1 models are imported beneath stand-ins for
the two parent packages, which are then taken away again: a later
`import openapi_pydantic` (by a user's code) runs the real package, which finds
and reuses these same 3.1 modules.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING

__all__ = ["v3_1"]

_PACKAGES = ("openapi_pydantic", "openapi_pydantic.v3")
_MODELS = "openapi_pydantic.v3.v3_1"


def _load() -> types.ModuleType:
    if _MODELS in sys.modules or any(name in sys.modules for name in _PACKAGES):
        return importlib.import_module(_MODELS)
    spec = importlib.util.find_spec(_PACKAGES[0])
    assert spec is not None and spec.submodule_search_locations is not None
    package_path = list(spec.submodule_search_locations)
    stand_ins = {
        _PACKAGES[0]: package_path,
        _PACKAGES[1]: [f"{location}/v3" for location in package_path],
    }
    for name, path in stand_ins.items():
        stand_in = types.ModuleType(name)
        stand_in.__path__ = path
        sys.modules[name] = stand_in
    try:
        return importlib.import_module(_MODELS)
    finally:
        for name in _PACKAGES:
            del sys.modules[name]


if TYPE_CHECKING:
    from openapi_pydantic.v3 import v3_1
else:
    v3_1 = _load()
