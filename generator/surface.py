"""The public surface of a generated client, derived from the intermediate model.

What a caller can touch: client methods (per resource) with their keyword
arguments and return types, models with their fields, enums, aliases,
exceptions, and the constructor's credentials, environments and shared headers.
Plain frozen values with a lossless, deterministic JSON form, so a committed
client's `api.json` can be compared with what a new spec would generate
(`api_diff`) without rendering either.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from generator import (
    ir,
    json_writing,
    literals,
    operation_views,
    readme_text,
    spelling,
    type_spelling,
    value_spelling,
)
from generator.ir import DictOf, ListOf, LiteralOf, Scalar, TypeRef, UnionOf

SCHEMA_VERSION = 1
REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Parameter:
    """A method's keyword argument."""

    name: str  # the keyword argument
    annotation: str
    required: bool
    default: str | None
    location: str  # "path", "query", "header", "cookie" or "body"
    constraints: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Method:
    """A client method a caller calls."""

    resource: str  # the client attribute (`client.<resource>`); "" for a method of the client itself
    name: str
    http: str  # "GET /pets/{id}"
    parameters: tuple[Parameter, ...]
    returns: str
    pointer: str = ""

    @property
    def key(self) -> str:
        return f"{self.resource}.{self.name}" if self.resource else self.name


@dataclass(frozen=True)
class ModelField:
    """A model's field, as a caller sets or reads it."""

    name: str
    wire_name: str
    annotation: str
    required: bool
    nullable: bool
    default: str | None
    constraints: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Model:
    """A model, with the directions it travels in."""

    name: str
    fields: tuple[ModelField, ...]
    base: str | None
    used_in: tuple[str, ...]  # "request" and/or "response": how the caller meets it
    pointer: str = ""


@dataclass(frozen=True)
class Enum:
    """An enum and its values."""

    name: str
    values: tuple[str, ...]  # Python source of each value, sorted
    used_in: tuple[str, ...]
    pointer: str = ""


@dataclass(frozen=True)
class Alias:
    """A type alias and what it stands for."""

    name: str
    annotation: str
    used_in: tuple[str, ...]
    pointer: str = ""


@dataclass(frozen=True)
class Surface:
    """Everything a caller of a generated client can touch."""

    package: str
    version: str
    methods: tuple[Method, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    aliases: tuple[Alias, ...]
    exceptions: tuple[str, ...]
    credentials: tuple[str, ...]  # constructor keywords that configure authentication
    environments: tuple[tuple[str, str], ...]  # (name, URL)
    servers: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]  # (constructor keyword, wire name)

    def to_json(self, comment: str = "") -> str:
        """Keys sorted, two-space indented; `comment` (the generated-file header) as `_comment`,
        as JSON has no comments, and ignored when read back."""
        header = {"_comment": comment} if comment else {}
        return json_writing.indented({**header, "schema": SCHEMA_VERSION, **vars(self)}, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> Surface:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"not an api.json of schema {SCHEMA_VERSION}")
        return Surface(
            package=data["package"],
            version=data["version"],
            methods=tuple(_method(m) for m in data["methods"]),
            models=tuple(_model(m) for m in data["models"]),
            enums=tuple(
                Enum(e["name"], tuple(e["values"]), tuple(e["used_in"]), e["pointer"]) for e in data["enums"]
            ),
            aliases=tuple(
                Alias(a["name"], a["annotation"], tuple(a["used_in"]), a["pointer"]) for a in data["aliases"]
            ),
            exceptions=tuple(data["exceptions"]),
            credentials=tuple(data["credentials"]),
            environments=tuple(_pair(p) for p in data["environments"]),
            servers=tuple(data["servers"]),
            headers=tuple(_pair(p) for p in data["headers"]),
        )


def _pair(value: list[str]) -> tuple[str, str]:
    first, second = value
    return str(first), str(second)


def _pairs(values: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple(_pair(value) for value in values)


def _method(data: dict[str, Any]) -> Method:
    parameters = tuple(
        Parameter(**{**p, "constraints": _pairs(p["constraints"])}) for p in data["parameters"]
    )
    return Method(data["resource"], data["name"], data["http"], parameters, data["returns"], data["pointer"])


def _model(data: dict[str, Any]) -> Model:
    model_fields = tuple(ModelField(**{**f, "constraints": _pairs(f["constraints"])}) for f in data["fields"])
    return Model(data["name"], model_fields, data["base"], tuple(data["used_in"]), data["pointer"])


# The last surface worked out, by the model it came from: rendering and the changelog both need it.
_last: list[tuple[ir.ApiModel, tuple[str, ...], Surface]] = []


def from_api(api: ir.ApiModel, exceptions: tuple[str, ...]) -> Surface:
    """The surface a client generated from `api` exposes; `exceptions`: the runtime's exported errors."""
    if _last and _last[0][0] is api and _last[0][1] == exceptions:
        return _last[0][2]
    surface = _from_api(api, exceptions)
    _last[:] = [(api, exceptions, surface)]
    return surface


def _from_api(api: ir.ApiModel, exceptions: tuple[str, ...]) -> Surface:
    usage = _usage(api)
    methods = [_method_of(group.attribute, op) for group in api.groups for op in group.operations]
    methods += [_method_of("", op) for op in api.operations]
    return Surface(
        package=api.package,
        version=readme_text.package_version(api),
        methods=tuple(sorted(methods, key=lambda m: (m.resource, m.name))),
        models=tuple(sorted((_model_of(m, usage) for m in api.models), key=lambda m: m.name)),
        enums=tuple(
            sorted(
                (
                    Enum(
                        e.name,
                        tuple(sorted(literals.python_literal(m.value) for m in e.members)),
                        _used(usage, e.name),
                        e.pointer,
                    )
                    for e in api.enums
                ),
                key=lambda e: e.name,
            )
        ),
        aliases=tuple(
            sorted(
                (
                    Alias(a.name, spelling.annotation(a.target), _used(usage, a.name), a.pointer)
                    for a in api.aliases
                ),
                key=lambda a: a.name,
            )
        ),
        exceptions=tuple(sorted(exceptions)),
        credentials=tuple(sorted({keyword for s in api.security_schemes for keyword, _ in s.all_arguments})),
        environments=tuple(sorted((s.environment, s.url) for s in api.servers if s.environment)),
        servers=tuple(s.url for s in api.servers),
        headers=tuple(sorted((h.argument, h.wire_name) for h in api.client_headers)),
    )


def _constraints(type_ref: TypeRef) -> tuple[tuple[str, str], ...]:
    """Every bound inside the type, depth marked by `[]` so an item's bound is not the list's."""
    alike, found = _kept_constraints(type_ref)
    return found if alike else _constraints_of(type_ref)


@functools.lru_cache(maxsize=1 << 15)
def _kept_constraints(type_ref: TypeRef) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """The bounds of the first of the equal types asked for, and whether they are every one's."""
    return spelling.spelled_alike_when_equal(type_ref), _constraints_of(type_ref)


def _constraints_of(type_ref: TypeRef) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []

    def collect(current: TypeRef, prefix: str) -> None:
        bounds = ir.constraints_of(current)
        if bounds is not ir.NO_CONSTRAINTS and bounds:  # most types have none: the shared value
            found.extend(
                (prefix + keyword, value) for keyword, value in type_spelling.constraint_keywords(bounds)
            )
        for part in ir.parts(current):
            collect(part, prefix + "[]." if isinstance(current, (ListOf, DictOf)) else prefix)

    collect(type_ref, "")
    return tuple(sorted(found))


def _method_of(resource: str, operation: ir.Operation) -> Method:
    by_name = {p.name: p for p in operation.params}
    parameters = []
    for argument in operation_views.arguments(operation):
        param = by_name.get(argument.name)
        location = param.location.value if param else "body"
        type_ref = (
            param.type if param else operation.body.type if operation.body else ir.primitive(Scalar.ANY)
        )
        parameters.append(
            Parameter(
                argument.name,
                argument.annotation,
                argument.default is None,
                argument.default,
                location,
                _constraints(type_ref),
            )
        )
    return Method(
        resource,
        operation.name,
        f"{operation.method} {operation.path}",
        tuple(sorted(parameters, key=lambda p: p.name)),
        operation_views.return_annotation(operation),
        operation.pointer,
    )


def _model_of(model: ir.ModelDef, usage: dict[str, set[str]]) -> Model:
    model_fields = tuple(
        sorted(
            (
                ModelField(
                    f.name,
                    f.alias,
                    spelling.annotation(f.type),
                    f.required,
                    spelling.is_optional(f.type),
                    value_spelling.field_default(f),
                    _constraints(f.type),
                )
                for f in model.fields
            ),
            key=lambda f: f.name,
        )
    )
    return Model(model.name, model_fields, model.base, _used(usage, model.name), model.pointer)


def _used(usage: dict[str, set[str]], name: str) -> tuple[str, ...]:
    return tuple(sorted(usage.get(name, set())))


def _without_none(type_ref: UnionOf) -> TypeRef:
    return ir.union(*(member for member in type_ref.members if ir.scalar(member) is not Scalar.NONE))


_COMPOSITE = (UnionOf, ListOf, DictOf, LiteralOf)


def _named_in(type_ref: TypeRef, spelled_out: dict[TypeRef, str]) -> set[str]:
    """The named types a type refers to; an alias also where its type is spelled out, as a
    field typed by a plain alias is (`str | int`, not `Code`)."""
    walked = ir.walk(type_ref)
    named = {t.name for t in walked if isinstance(t, ir.NAMED_TYPES)}
    if not spelled_out:
        return named
    # Only a composite type can be an alias spelled out (and hashing the others costs time).
    composite = [t for t in walked if isinstance(t, _COMPOSITE)]
    optional = [_without_none(t) for t in composite if isinstance(t, UnionOf) and ir.is_optional(t)]
    return named | {spelled_out[t] for t in composite + optional if t in spelled_out}


def _usage(api: ir.ApiModel) -> dict[str, set[str]]:
    """Each named type's directions: sent in a request, read from a response, or both (through
    fields, bases, subclasses and aliases too), as a change to it breaks callers differently."""
    # Only a composite type tells its alias apart: every string would match `Code = str`.
    spelled_out: dict[TypeRef, str] = {
        alias.target: alias.name for alias in api.aliases if isinstance(alias.target, _COMPOSITE)
    }
    references: dict[str, set[str]] = {}
    named_by_type: dict[TypeRef, set[str]] = {}  # names depend on names alone: kept per equal type

    def named_in(type_ref: TypeRef) -> set[str]:
        named = named_by_type.get(type_ref)
        if named is None:
            named = named_by_type[type_ref] = _named_in(type_ref, spelled_out)
        return named

    for model in api.models:
        named = set(model.named_in_fields)
        if spelled_out:
            named = named.union(*(named_in(t) for t in model.field_types))
        references.setdefault(model.name, set()).update(named | ({model.base} if model.base else set()))
        if model.base:  # a base may stand for any subtype
            references.setdefault(model.base, set()).add(model.name)
    for alias in api.aliases:
        references[alias.name] = set(ir.names_in(alias.target))
    usage: dict[str, set[str]] = {}

    def mark(type_ref: TypeRef, direction: str) -> None:
        pending = list(named_in(type_ref))
        while pending:
            name = pending.pop()
            if direction in usage.setdefault(name, set()):
                continue
            usage[name].add(direction)
            pending.extend(references.get(name, ()))

    for operation in api.all_operations():
        for param in operation.params:
            mark(param.type, REQUEST)
        if operation.body is not None:
            mark(operation.body.type, REQUEST)
        for response in operation.responses:
            mark(response.type, RESPONSE)
        mark(operation.return_type, RESPONSE)
    for webhook in api.webhooks:
        mark(webhook.body.type, RESPONSE)
    return usage
