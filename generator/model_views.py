"""What the `models` package prints: which schema goes to which module, and each declaration.

Every model, enum and alias gets a module of its own under `models/`, named after
it (`Pet` in `models/pet.py`), except that schemas referring to each other in a
cycle share one module (named after the first of them by name): a module imports
what its schemas refer to from the other modules, so the imports between modules
must not go round in a circle. `models/__init__.py` only maps names to modules and
imports a module when one of its names is first used.
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Iterable
from dataclasses import dataclass

from generator import formatting, ir, literals, naming, views
from generator.ir import TypeKind, TypeRef

_FIELD_INDENT = 4
_NAMED_KINDS = frozenset({TypeKind.MODEL, TypeKind.ENUM, TypeKind.ALIAS, TypeKind.TAGGED})
# Globals of `models/__init__.py` that a submodule's name would replace once imported.
# Names `models/__init__.py` uses: importing a submodule binds its name there, so none may be one.
_INDEX_GLOBALS = frozenset({"annotations", "getattr", "globals", "dict", "str", "list", "object"})


@dataclass(frozen=True)
class ModelModule:
    """One module of the `models` package and the schemas it declares, in declaration order."""

    name: str
    enums: tuple[ir.EnumDef, ...]
    models: tuple[ir.ModelDef, ...]
    aliases: tuple[ir.AliasDef, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names) from the package's other modules

    @property
    def names(self) -> list[str]:
        return sorted(
            [e.name for e in self.enums] + [m.name for m in self.models] + [a.name for a in self.aliases]
        )


def model_modules(api: ir.ApiModel) -> list[ModelModule]:
    """The modules of the `models` package, by module name."""
    dependencies = _dependencies(api)
    groups = _strongly_connected(dependencies)
    module_names = naming.NameScope(_INDEX_GLOBALS)
    module_of: dict[str, str] = {}
    for group in sorted(groups, key=min):
        name = naming.snake_case(min(group)) or "model"
        name = module_names.claim(name + "_" if keyword.iskeyword(name) else name, "_")
        module_of.update(dict.fromkeys(group, name))
    # Each module's schemas, in the order of the model (bases before subclasses).
    enums: dict[str, list[ir.EnumDef]] = {}
    models: dict[str, list[ir.ModelDef]] = {}
    aliases: dict[str, list[ir.AliasDef]] = {}
    for enum in api.enums:
        enums.setdefault(module_of[enum.name], []).append(enum)
    for model in api.models:
        models.setdefault(module_of[model.name], []).append(model)
    for alias in api.aliases:
        aliases.setdefault(module_of[alias.name], []).append(alias)
    modules = []
    for group in groups:
        name = module_of[min(group)]
        imported: dict[str, set[str]] = {}
        for member in group:
            for dependency in dependencies[member]:
                if module_of[dependency] != name:
                    imported.setdefault(module_of[dependency], set()).add(dependency)
        modules.append(
            ModelModule(
                name=name,
                enums=tuple(enums.get(name, ())),
                models=tuple(models.get(name, ())),
                aliases=tuple(aliases.get(name, ())),
                imports=tuple((module, tuple(sorted(names))) for module, names in sorted(imported.items())),
            )
        )
    return sorted(modules, key=lambda module: module.name)


def _dependencies(api: ir.ApiModel) -> dict[str, set[str]]:
    """Each schema's name and the names of the schemas its declaration uses."""
    found: dict[str, set[str]] = {enum.name: set() for enum in api.enums}
    for model in api.models:
        types = [field.type for field in model.fields] + ([model.extra_type] if model.extra_type else [])
        found[model.name] = _named(types) | ({model.base} if model.base else set())
    for alias in api.aliases:
        found[alias.name] = _named([alias.target])
    return {name: {d for d in uses if d in found} for name, uses in found.items()}


def _named(types: Iterable[TypeRef]) -> set[str]:
    return {t.name for type_ref in types for t in type_ref.walk() if t.kind in _NAMED_KINDS}


def _strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm without recursion (chains of schemas can be thousands long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                found.append(frozenset(group))
    return found


def models_index(modules: list[ModelModule]) -> list[tuple[str, str]]:
    """(name, module) for every schema, by name: what `models/__init__.py` maps."""
    return sorted((name, module.name) for module in modules for name in module.names)


def module_imports(module: ModelModule) -> list[str]:
    types = [f.type for m in module.models for f in m.fields]
    types += [m.extra_type for m in module.models if m.extra_type is not None]
    types += [a.target for a in module.aliases]
    standard = sorted(set().union(*(t.modules_constrained() for t in types))) if types else []
    typing_names = set().union(*(t.typing_names(constrained=True) for t in types)) if types else set()
    if any(not alias.lazy for alias in module.aliases):
        typing_names.add("TypeAlias")
    has_tagged = any(_is_tagged_alias(alias) for alias in module.aliases)
    declarations = [field_declaration(f) for m in module.models for f in m.fields]
    if has_tagged or any("Annotated[" in declaration for declaration in declarations):
        typing_names.add("Annotated")
    lines = ["from __future__ import annotations", ""]
    lines += [f"import {name}" for name in standard]
    if typing_names:
        lines.append(f"from typing import {', '.join(sorted(typing_names))}")
    lines.append("")
    needs_field = (
        any("Field(" in declaration for declaration in declarations)
        or any(m.extra_type for m in module.models)
        or any(t.is_constrained() for t in types)
    )
    third_party = ["from pydantic import Field"] if needs_field else []
    if any(alias.lazy for alias in module.aliases):
        third_party.append("from typing_extensions import TypeAliasType")
    if third_party:
        lines += third_party + [""]
    runtime = ["ApiBaseModel as _ApiBaseModel"] if any(m.base is None for m in module.models) else []
    runtime += sorted({f"{enum_base(enum)[1:]} as {enum_base(enum)}" for enum in module.enums})
    runtime += ["TaggedUnion as _TaggedUnion"] if has_tagged else []
    if runtime:
        lines.append(f"from .._models import {', '.join(runtime)}")
    lines += [f"from .{name} import {', '.join(names)}" for name, names in module.imports]
    return views.import_block(lines)


def field_declaration(field: ir.Field) -> str:
    """`name: type = default`, or with `Field(...)` for an alias or for the bounds of the value itself."""
    field_type, bounds = _hoisted_bounds(field.type)
    annotation = field_type.annotation(constrained=True)
    plain = f"{field.name}: {annotation}" + ("" if field.default is None else f" = {field.default}")
    too_long = _FIELD_INDENT + len(plain) > formatting.LINE_LENGTH
    # Where the line is too long, black and ruff lay out some forms differently; the forms chosen
    # below are the ones both lay out alike (tests run both over large clients).
    long_default = too_long and field.default not in (None, "None")
    if field.alias == field.name and not bounds and not long_default:
        return plain  # a long `= None` both wrap alike, with the annotation in parentheses
    arguments = [] if field.default is None else [f"default={field.default}"]
    if field.alias != field.name:
        arguments.append(f"alias={literals.string_literal(field.alias)}")
    arguments += [f"{keyword}={value}" for keyword, value in bounds]
    head = f"{field.name}: {annotation} = Field("
    keywords = [argument for argument in arguments if not argument.startswith("default=")]
    if (
        _FIELD_INDENT + len(head) > formatting.LINE_LENGTH
        and not views.is_union_source(annotation)
        and keywords
    ):
        # Too long to open `Field(` after a single type: black wraps the type in parentheses,
        # ruff the call's arguments; with the keywords in `Annotated[...]` both split it alike.
        default = "" if field.default is None else f" = {field.default}"
        return f"{field.name}: Annotated[{annotation}, Field({', '.join(keywords)})]{default}"
    return f"{head}{', '.join(arguments)})"


def field_docstring(field: ir.Field) -> str:
    """The field's description, and what `readOnly`/`writeOnly` say about its direction."""
    direction = ""
    if field.read_only:
        direction = "Read-only: set by the server; a value sent in a request may be ignored."
    elif field.write_only:
        direction = "Write-only: sent in requests; responses leave it out."
    return views.docstring(field.description, direction, indent="    ")


def _hoisted_bounds(field_type: TypeRef) -> tuple[TypeRef, tuple[tuple[str, str], ...]]:
    """The field's type less the bounds of its value (`str | None` of a bounded str), and those bounds.

    Bounds written in the field's `Field(...)` read better than `Annotated[...]`;
    pydantic applies them to the value under an optional `| None`.
    """
    values = [member for member in views.union_members(field_type) if member.kind is not TypeKind.NONE]
    if len(values) != 1 or not values[0].constraints:
        return field_type, ()
    bare = dataclasses.replace(values[0], constraints=())
    return (ir.optional(bare) if field_type.is_optional else bare), values[0].constraints


def model_annotation(type_ref: TypeRef) -> str:
    """A type as the models declare it: with its bounds."""
    return type_ref.annotation(constrained=True)


def model_base(model: ir.ModelDef) -> str:
    return model.base or "_ApiBaseModel"


def model_is_empty(model: ir.ModelDef) -> bool:
    return not model.fields and model.extra_type is None and not model.description.strip()


def _is_tagged_alias(alias: ir.AliasDef) -> bool:
    return alias.target.kind is TypeKind.TAGGED and alias.target.name == alias.name


def enum_base(enum: ir.EnumDef) -> str:
    """The runtime's open enum for the values' type: unknown values parse instead of failing."""
    return "_OpenIntEnum" if enum.base == "int" else "_OpenStrEnum"


def alias_declaration(alias: ir.AliasDef) -> str:
    """`Name: TypeAlias = ...`; a lazy alias quotes its value, as it may name itself or a later alias."""
    target = alias.target
    annotation = tagged_union(target) if _is_tagged_alias(alias) else model_annotation(target)
    if alias.lazy:
        name, value = literals.string_literal(alias.name), literals.string_literal(annotation)
        return f"{alias.name} = TypeAliasType({name}, {value})"
    return f"{alias.name}: TypeAlias = {annotation}"


def tagged_union(tagged: TypeRef) -> str:
    """`Annotated[A | B, TaggedUnion("kind", {"a": A, "b": B})]`: validation picks the member by its tag.

    A member without tags is the fallback, for any other tag (a polymorphic base).
    """
    members = " | ".join(member.annotation() for member in tagged.args)
    choices = ", ".join(
        f"{literals.string_literal(tag)}: {member.annotation()}"
        for member, tags in zip(tagged.args, tagged.tags)
        for tag in tags
    )
    arguments = [literals.string_literal(tagged.discriminator), f"{{{choices}}}"]
    arguments += [f"fallback={m.annotation()}" for m, tags in zip(tagged.args, tagged.tags) if not tags]
    return f"Annotated[{members}, _TaggedUnion({', '.join(arguments)})]"


def module_docstring(module: ModelModule, api: ir.ApiModel) -> str:
    names = module.names
    if len(names) == 1:
        return views.docstring(f"The `{names[0]}` schema of the {api.title}.")
    return views.docstring(
        f"The schemas of the {api.title} that refer to each other in a cycle: {', '.join(names)}."
    )
