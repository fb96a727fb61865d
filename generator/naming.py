"""Turning spec names into Python names, and keeping them apart.

Every identifier in generated code comes out of this module: ASCII only, never a
keyword, never a name that would shadow what generated code itself uses, and
unique within its scope by a deterministic suffix.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata

# Digits stay with the word they end ("line2", "ipv4", "V2"), as people write them.
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")
_SIGN_WORDS = {"+": "plus", "-": "minus"}

# Names generated modules use themselves; a field, parameter or class must not hide them.
_RUNTIME_NAMES = frozenset(
    {
        "annotations",
        "datetime",
        "re",
        "decimal",
        "uuid",
        "httpx",
        "models",
        "operations",
        "typing",
        "pydantic",
        "self",
        "cls",
        # runtime helpers the request builders call
        "encode_query",
        "header_map",
        "json_body",
        "path_segment",
    }
)
# Attributes of pydantic's BaseModel, found by asking it, so a field cannot replace one.
_BASE_MODEL_NAMES = frozenset({"model_config", "model_fields", "schema", "json", "dict", "copy"})


def _base_model_attributes() -> frozenset[str]:
    import pydantic

    return frozenset(name for name in dir(pydantic.BaseModel) if not name.startswith("_"))


# Builtins that annotations in a class body use; any other builtin may be a field name.
_TYPE_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict"})
FIELD_RESERVED = (
    frozenset(keyword.kwlist) | _TYPE_BUILTINS | _RUNTIME_NAMES | _BASE_MODEL_NAMES | _base_model_attributes()
)
PARAM_RESERVED = (
    frozenset(keyword.kwlist)
    | _TYPE_BUILTINS
    | _RUNTIME_NAMES
    | frozenset(
        {"body", "extra_headers", "extra_query", "timeout", "max_retries", "max_response_size", "max_pages"}
    )
    | frozenset({"request", "options", "arguments"})
)
# Attributes of the runtime's client classes; a group or method of that name would replace one.
METHOD_RESERVED = (
    frozenset(keyword.kwlist)
    | _RUNTIME_NAMES
    | frozenset(
        {
            "close",
            "send",
            "aclose",
            "base_url",
            "timeout",
            "default_headers",
            "retry_policy",
            "auth",
            "redactor",
        }
        | {"generated_headers", "max_response_size", "follow_cross_origin_redirects", "stream", "download"}
        # and names that modules holding request builders use beside them
        | {"paginate", "apaginate", "cached_property", "from_environment", "resolve_base_url"}
        # and the builtins they use: a builder is a module-level function and would shadow one
        | {"super", "object", "getattr", "globals", "isinstance", "AttributeError"}
    )
    | _TYPE_BUILTINS
)
# Names models.py may bind by importing them (`model_views`); a class must not replace one.
MODELS_MODULE_IMPORTS = frozenset(
    {
        "annotations",
        "datetime",
        "decimal",
        "re",
        "uuid",
        "Annotated",
        "Any",
        "Literal",
        "TypeAlias",
        "TypeAliasType",
        "Field",
    }
    # and what the lazy `models/__init__.py` imports beside the models it names
    | {"TYPE_CHECKING", "_import_module"}
)
CLASS_RESERVED = (
    MODELS_MODULE_IMPORTS
    | frozenset({"BaseModel", "ConfigDict", "Enum", "FileContent", "None", "True", "False"})
    | frozenset(dir(builtins))
)


def words(text: str) -> list[str]:
    """The words of a name in any convention: camelCase, snake_case, kebab-case, prose."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    found: list[str] = []
    stripped = ascii_text.strip()
    if stripped[:1] in _SIGN_WORDS and stripped[1:2].isdigit():
        found.append(_SIGN_WORDS[stripped[0]])
    found.extend(_WORDS.findall(ascii_text))
    return found


# Names are asked for again and again (each field of each schema): the conversions are cached.
@functools.cache
def snake_case(text: str) -> str:
    return "_".join(word.lower() for word in words(text))


@functools.cache
def pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in words(text))


def upper_snake_case(text: str) -> str:
    return snake_case(text).upper()


def _guard(name: str, fallback: str, reserved: frozenset[str]) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        # `field_2fa`, `VALUE_1024`; a PascalCase class name takes no separator: `Model2fa`.
        pascal = fallback[:1].isupper() and not fallback.isupper()
        name = f"{fallback}{name}" if pascal else f"{fallback}_{name}"
    if name in reserved or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


@functools.cache
def field_name(wire_name: str) -> str:
    name = _guard(snake_case(wire_name), "field", FIELD_RESERVED)
    # pydantic reserves the `model_` prefix for its own methods.
    return name + "_" if name.startswith("model_") else name


@functools.cache
def param_name(wire_name: str) -> str:
    return _guard(snake_case(wire_name), "param", PARAM_RESERVED)


def method_name(text: str) -> str:
    return _guard(snake_case(text), "operation", METHOD_RESERVED)


def attribute_name(text: str) -> str:
    return _guard(snake_case(text), "group", METHOD_RESERVED | frozenset({"with_raw_response"}))


@functools.cache
def class_name(text: str) -> str:
    return _guard(pascal_case(text), "Model", CLASS_RESERVED)


def enum_member_name(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        text = str(value).replace("-", "minus_").replace(".", "_")
        return f"VALUE_{text}".upper()
    name = upper_snake_case(str(value))
    if not name:
        return "EMPTY" if value == "" else "VALUE"
    return _guard(name, "VALUE", frozenset({"NAME", "VALUE"}) - {"VALUE"})


def distribution_name(package: str) -> str:
    return package.replace("_", "-")


class NameScope:
    """Hands out unique names in one scope: the first claimant keeps the plain name."""

    def __init__(self, taken: set[str] | frozenset[str] = frozenset()):
        self._taken = set(taken)

    def claim(self, name: str, separator: str = "") -> str:
        if name not in self._taken:
            self._taken.add(name)
            return name
        counter = 2
        while f"{name}{separator}{counter}" in self._taken:
            counter += 1
        unique = f"{name}{separator}{counter}"
        self._taken.add(unique)
        return unique

    def __contains__(self, name: str) -> bool:
        return name in self._taken
