"""What a module of the `models` package prints: each enum, model and alias declaration, built
once per module as a `ModelModuleView`, with the imports its declarations spell."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from generator import docstrings, exports, formatting, ir, literals, spelling
from generator.imports import Import, Imports
from generator.ir import TypeKind, TypeRef
from generator.layout import is_union_source
from generator.model_modules import ModelModule
from generator.operation_views import union_members

_FIELD_INDENT = 4
_FIELD = Import("pydantic", "Field")
_ANNOTATED = Import("typing", "Annotated")


@dataclass(frozen=True)
class FieldView:
    declaration: str
    docstring: str
    imports: frozenset[Import]


@dataclass(frozen=True)
class EnumView:
    name: str
    base: str
    docstring: str
    members: tuple[ir.EnumMember, ...]


@dataclass(frozen=True)
class ModelView:
    name: str
    base: str
    docstring: str
    extra: str  # the `__pydantic_extra__` declaration, or ""
    fields: tuple[FieldView, ...]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.extra and not self.docstring


@dataclass(frozen=True)
class AliasView:
    declaration: str
    docstring: str


@dataclass(frozen=True)
class ModelModuleView:
    """`models/<name>.py`, as its template lays it out."""

    name: str
    docstring: str
    import_lines: tuple[str, ...]
    all_declaration: str
    enums: tuple[EnumView, ...]
    models: tuple[ModelView, ...]
    aliases: tuple[AliasView, ...]


def module_view(module: ModelModule, api: ir.ApiModel) -> ModelModuleView:
    imports = Imports([Import("__future__", "annotations")])
    models = []
    for model in module.models:
        fields = tuple(field_view(field) for field in model.fields)
        for field in fields:
            imports.update(field.imports)
        extra = ""
        if model.extra_type is not None:
            imports.update(spelling.standard_imports(model.extra_type, constrained=True))
            imports.add(_FIELD)
            extra = f"__pydantic_extra__: dict[str, {model_annotation(model.extra_type)}] = Field(init=False)"
        if model.base is None:
            imports.add(Import(".._models", "ApiBaseModel", "_ApiBaseModel"))
        doc = docstrings.docstring(model.description, indent="    ")
        models.append(ModelView(model.name, model.base or "_ApiBaseModel", doc, extra, fields))
    enums = []
    for enum in module.enums:
        base = enum_base(enum)
        imports.add(Import(".._models", base[1:], base))
        doc = docstrings.docstring(enum.description, indent="    ")
        enums.append(EnumView(enum.name, base, doc, enum.members))
    aliases = []
    for alias in module.aliases:
        imports.update(spelling.standard_imports(alias.target, constrained=True))
        if spelling.is_constrained(alias.target):
            imports.add(_FIELD)
        if _is_tagged_alias(alias):
            imports.add(_ANNOTATED).add(Import(".._models", "TaggedUnion", "_TaggedUnion"))
        imports.add(
            Import("typing_extensions", "TypeAliasType") if alias.lazy else Import("typing", "TypeAlias")
        )
        aliases.append(AliasView(alias_declaration(alias), docstrings.docstring(alias.description)))
    imports.update(Import(f".{name}", found) for name, names in module.imports for found in names)
    return ModelModuleView(
        name=module.name,
        docstring=module_docstring(module, api),
        import_lines=tuple(imports.lines()),
        all_declaration=exports.all_declaration(module.names),
        enums=tuple(enums),
        models=tuple(models),
        aliases=tuple(aliases),
    )


def field_view(field: ir.Field) -> FieldView:
    declared = _declared_type(field.type)
    declaration, used = _field_declaration(field, declared)
    return FieldView(declaration, field_docstring(field), declared.imports | used)


@dataclass(frozen=True)
class _DeclaredType:
    """A field's type as declared: its annotation, the bounds hoisted into `Field(...)`, its imports."""

    annotation: str
    bounds: tuple[tuple[str, str], ...]
    imports: frozenset[Import]


@lru_cache(maxsize=8192)
def _declared_type(type_ref: TypeRef) -> _DeclaredType:
    """Kept per type (types are values): a large document declares the same few thousands of times."""
    annotation, bounds = _hoisted_bounds(type_ref)
    found = spelling.standard_imports(type_ref, constrained=True)
    return _DeclaredType(annotation, bounds, found | {_FIELD} if spelling.is_constrained(type_ref) else found)


def field_declaration(field: ir.Field) -> str:
    return _field_declaration(field, _declared_type(field.type))[0]


def _field_declaration(field: ir.Field, declared: _DeclaredType) -> tuple[str, frozenset[Import]]:
    """`name: type = default`, or with `Field(...)` for an alias or for the bounds of the value itself;
    and the imports the form chosen needs beyond the type's own."""
    annotation, bounds = declared.annotation, declared.bounds
    plain = f"{field.name}: {annotation}" + ("" if field.default is None else f" = {field.default}")
    too_long = _FIELD_INDENT + len(plain) > formatting.LINE_LENGTH
    # Where the line is too long, black and ruff lay out some forms differently; the forms chosen
    # below are the ones both lay out alike (tests run both over large clients).
    long_default = too_long and field.default not in (None, "None")
    if field.alias == field.name and not bounds and not long_default:
        return plain, frozenset()  # a long `= None` both wrap alike, with the annotation in parentheses
    arguments = [] if field.default is None else [f"default={field.default}"]
    if field.alias != field.name:
        arguments.append(f"alias={literals.string_literal(field.alias)}")
    arguments += [f"{keyword}={value}" for keyword, value in bounds]
    head = f"{field.name}: {annotation} = Field("
    keywords = [argument for argument in arguments if not argument.startswith("default=")]
    if _FIELD_INDENT + len(head) > formatting.LINE_LENGTH and not is_union_source(annotation) and keywords:
        # Too long to open `Field(` after a single type: black wraps the type in parentheses,
        # ruff the call's arguments; with the keywords in `Annotated[...]` both split it alike.
        default = "" if field.default is None else f" = {field.default}"
        declaration = f"{field.name}: Annotated[{annotation}, Field({', '.join(keywords)})]{default}"
        return declaration, frozenset({_FIELD, _ANNOTATED})
    return f"{head}{', '.join(arguments)})", frozenset({_FIELD})


def field_docstring(field: ir.Field) -> str:
    """The field's description, and what `readOnly`/`writeOnly` say about its direction."""
    direction = ""
    if field.read_only:
        direction = "Read-only: set by the server; a value sent in a request may be ignored."
    elif field.write_only:
        direction = "Write-only: sent in requests; responses leave it out."
    return docstrings.docstring(field.description, direction, indent="    ")


def _hoisted_bounds(field_type: TypeRef) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The field's annotation less the bounds of its value (`str | None` of a bounded str), and those bounds.

    Bounds written in the field's `Field(...)` read better than `Annotated[...]`;
    pydantic applies them to the value under an optional `| None`.
    """
    values = [member for member in union_members(field_type) if member.kind is not TypeKind.NONE]
    if len(values) != 1 or not values[0].constraints:
        return model_annotation(field_type), ()
    bare = dataclasses.replace(values[0], constraints=())
    return model_annotation(ir.optional(bare) if field_type.is_optional else bare), values[0].constraints


def model_annotation(type_ref: TypeRef) -> str:
    """A type as the models declare it: with its bounds."""
    return spelling.annotation(type_ref, constrained=True)


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
    spelled = [spelling.annotation(member) for member in tagged.args]
    choices = ", ".join(
        f"{literals.string_literal(tag)}: {member}"
        for member, tags in zip(spelled, tagged.tags)
        for tag in tags
    )
    arguments = [literals.string_literal(tagged.discriminator), f"{{{choices}}}"]
    arguments += [f"fallback={member}" for member, tags in zip(spelled, tagged.tags) if not tags]
    return f"Annotated[{' | '.join(spelled)}, _TaggedUnion({', '.join(arguments)})]"


def module_docstring(module: ModelModule, api: ir.ApiModel) -> str:
    names = module.names
    if len(names) == 1:
        return docstrings.docstring(f"The `{names[0]}` schema of the {api.title}.")
    return docstrings.docstring(
        f"The schemas of the {api.title} that refer to each other in a cycle: {', '.join(names)}."
    )
