"""Stage 3: the validated document to the intermediate model (`ir.ApiModel`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from generator import ir, lines, naming, pagination, security
from generator.diagnostics import Diagnostics
from generator.openapi_models import v3_1
from generator.operations import OperationBuilder
from generator.resolver import Resolver
from generator.schemas import SchemaConverter
from generator.type_registry import enclosing_names
from generator.validate import ValidatedSpec
from generator.webhooks import WebhookBuilder


def build_api(spec: ValidatedSpec, package: str, diagnostics: Diagnostics) -> ir.ApiModel:
    document = spec.document
    resolver = Resolver(document, spec.source)
    converter = SchemaConverter(resolver, diagnostics)
    converter.convert_components()
    # The schemes' keywords are claimed first; the headers every operation takes, after the operations.
    constructor = naming.NameScope(security.CONSTRUCTOR_KEYWORDS | naming.PARAM_RESERVED)
    schemes = security.security_schemes(resolver, package, constructor, diagnostics)
    scheme_keys = frozenset(s.key for s in schemes)
    operation_builder = OperationBuilder(resolver, converter, diagnostics, scheme_keys)
    operations = operation_builder.build_all()
    diagnostics.raise_if_errors()
    shared_headers = security.client_headers([op for _, op in operations], constructor)

    def finished(operation: ir.Operation) -> ir.Operation:
        """With what depends on the whole client: the headers it shares, the pages it walks."""
        operation = _with_shared_headers(operation, shared_headers)
        return _with_pagination(operation, converter.models, diagnostics, resolver)

    operations = [(tag, finished(op)) for tag, op in operations]
    groups, untagged = _group(operations, _tag_descriptions(document), _tag_parents(document))
    named = list(untagged) + [op for group in groups for op in group.operations]
    webhooks = WebhookBuilder(resolver, operation_builder, diagnostics).build_all(named)
    lines.forget_composed()  # the build's warnings have their lines
    models, enums, aliases = _with_enclosing(converter.models, converter.enums, converter.aliases)
    info = document.info
    return ir.ApiModel(
        title=info.title,
        version=info.version,
        description=info.description or "",
        package=package,
        distribution=naming.distribution_name(package),
        spec_name=spec.source.path.name,
        servers=security.environments(document.servers or ()),
        models=_ordered_models(models),
        enums=tuple(enums[name] for name in sorted(enums)),
        aliases=_ordered_aliases(aliases),
        groups=groups,
        operations=untagged,
        security_schemes=schemes,
        client_headers=shared_headers,
        webhooks=webhooks,
    )


_Named = TypeVar("_Named", ir.ModelDef, ir.EnumDef, ir.AliasDef)


def _with_enclosing(
    models: dict[str, ir.ModelDef], enums: dict[str, ir.EnumDef], aliases: dict[str, ir.AliasDef]
) -> tuple[dict[str, ir.ModelDef], dict[str, ir.EnumDef], dict[str, ir.AliasDef]]:
    """Every named type with the one its schema is declared inside, if any."""
    declared_at = {named.name: named.pointer for kind in (models, enums, aliases) for named in kind.values()}
    enclosing = enclosing_names(declared_at)

    def enclosed(kind: dict[str, _Named]) -> dict[str, _Named]:
        return {
            name: replace(named, enclosing=enclosing[name]) if name in enclosing else named
            for name, named in kind.items()
        }

    return enclosed(models), enclosed(enums), enclosed(aliases)


def _with_shared_headers(
    operation: ir.Operation, shared_headers: tuple[ir.ClientHeader, ...]
) -> ir.Operation:
    """A header the client can carry for every call is optional per call, whatever the spec says."""
    shared = {header.wire_name.lower() for header in shared_headers}
    params = tuple(
        replace(param, required=False, type=ir.optional(param.type))
        if param.location is ir.ParamLocation.HEADER and param.wire_name.lower() in shared and param.required
        else param
        for param in operation.params
    )
    return replace(operation, params=tuple(sorted(params, key=lambda p: not p.required)))


def _with_pagination(
    operation: ir.Operation, models: dict[str, ir.ModelDef], diagnostics: Diagnostics, resolver: Resolver
) -> ir.Operation:
    link_header = any(r.link_header for r in operation.responses if r.status.startswith("2"))
    found = pagination.pagination_of(operation, models, link_header)
    if found is None:
        return operation
    operation, retyped = pagination.counted_params(operation, found)
    for wire_name in retyped:
        diagnostics.warn(
            f"paging parameter {wire_name!r} is not declared an integer; typed as int, as pages are counted",
            resolver.source.location(operation.pointer),
        )
    return replace(operation, pagination=found)


def _tag_parents(document: v3_1.OpenAPI) -> dict[str, str]:
    """Tag -> its parent tag (OpenAPI 3.2's `parent`, which the 3.1 models keep as an extra)."""
    found = {}
    for tag in document.tags or ():
        parent = (tag.model_extra or {}).get("parent")
        if isinstance(parent, str):
            found[tag.name] = parent
    return found


def _tag_descriptions(document: v3_1.OpenAPI) -> dict[str, str]:
    return {tag.name: tag.description or "" for tag in document.tags or ()}


def _group(
    operations: list[tuple[str | None, ir.Operation]], descriptions: dict[str, str], parents: dict[str, str]
) -> tuple[tuple[ir.Group, ...], tuple[ir.Operation, ...]]:
    """Tags become attributes of the client; names are unique per scope, first come first named."""
    by_tag: dict[str | None, list[ir.Operation]] = {}
    for tag, operation in operations:
        by_tag.setdefault(tag, []).append(operation)
    attributes = naming.NameScope(naming.METHOD_RESERVED)
    classes = naming.NameScope(naming.CLASS_RESERVED | {"Client", "AsyncClient"})
    groups = []
    for tag in sorted(t for t in by_tag if t is not None):
        attribute = attributes.claim(naming.attribute_name(tag), "_")
        class_name = classes.claim(naming.class_name(tag) + "Resource")
        groups.append(
            ir.Group(attribute, class_name, descriptions.get(tag, ""), _named(by_tag[tag], set()), tag=tag)
        )
    untagged = _named(by_tag.get(None, []), attributes)
    return _nested(tuple(groups), sorted(t for t in by_tag if t is not None), parents), untagged


def _nested(groups: tuple[ir.Group, ...], tags: list[str], parents: dict[str, str]) -> tuple[ir.Group, ...]:
    """Each group also under its 3.2 parent tag's group, where the name is free there; else flat only."""
    by_tag = dict(zip(tags, groups))
    children: dict[str, list[tuple[str, str]]] = {}
    for tag, group in by_tag.items():
        parent = by_tag.get(parents.get(tag, ""))
        if parent is None or parent is group:
            continue
        taken = {op.name for op in parent.operations} | {f"iter_{op.name}" for op in parent.operations}
        if group.attribute not in taken and group.attribute not in naming.METHOD_RESERVED:
            children.setdefault(parent.attribute, []).append((group.attribute, group.class_name))
    return tuple(
        replace(group, children=tuple(sorted(children.get(group.attribute, [])))) for group in groups
    )


def _named(operations: list[ir.Operation], taken: naming.NameScope | set[str]) -> tuple[ir.Operation, ...]:
    """Operations' own names first; then each `_stream` method after its operation's final name."""
    scope = taken if isinstance(taken, naming.NameScope) else naming.NameScope(taken)
    named = [_renamed(op, scope.claim(op.name, "_")) for op in operations if not op.streams]
    final = {op.pointer: op.name for op in named}
    for op in operations:
        if op.streams:
            streams = final.get(op.pointer, op.streams)
            named.append(replace(op, name=scope.claim(streams.rstrip("_") + "_stream", "_"), streams=streams))
    return tuple(sorted(named, key=lambda op: op.name))


def _renamed(operation: ir.Operation, name: str) -> ir.Operation:
    return operation if name == operation.name else replace(operation, name=name)


def _ordered_models(models: dict[str, ir.ModelDef]) -> tuple[ir.ModelDef, ...]:
    """Dependencies before their users where there is no cycle; otherwise by name."""
    ordered: list[ir.ModelDef] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name):
            return
        state[name] = 1
        model = models[name]
        # Of the named types its fields refer to, the models (the models package has one namespace).
        dependencies = {name for name in model.named_in_fields if name in models}
        if model.base is not None:
            dependencies.add(model.base)
        if model.base is not None:
            visit(model.base)
        for dependency in sorted(dependencies):
            # A class whose base is still being placed must wait for it.
            if dependency in models and not state.get(dependency) and not _base_pending(dependency):
                visit(dependency)
        ordered.append(model)
        state[name] = 2

    def _base_pending(name: str) -> bool:
        base = models[name].base
        while base is not None and base in models:
            if state.get(base) == 1:
                return True
            base = models[base].base
        return False

    for name in sorted(models):
        visit(name)
    return tuple(ordered)


def _ordered_aliases(aliases: dict[str, ir.AliasDef]) -> tuple[ir.AliasDef, ...]:
    return tuple(aliases[name] for name in sorted(aliases))
