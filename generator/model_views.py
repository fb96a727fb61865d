"""What a module of the `models` package prints: each enum, model and alias declaration, built
once per module as a `ModelModuleView`, with the imports its declarations spell."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from generator import docstrings, exports, formatting, ir, literals, spelling, value_spelling
from generator.imports import Import, Imports
from generator.ir import ListOf, Primitive, Scalar, Tagged, TypeRef, scalar
from generator.layout import is_union_source
from generator.model_modules import ModelModule
from generator.operation_views import union_members
from generator.type_spelling import constraint_keywords

_FIELD_INDENT = 4
_FIELD = Import("pydantic", "Field")
_ANNOTATED = Import("typing", "Annotated")


@dataclass(frozen=True)
class FieldView:
    """A model's field: its declaration and docstring."""

    declaration: str
    docstring: str
    imports: frozenset[Import]


@dataclass(frozen=True)
class EnumView:
    """An enum's class."""

    name: str
    base: str
    docstring: str
    members: tuple[tuple[str, str], ...]  # (name, value's source)


@dataclass(frozen=True)
class ModelView:
    """A model's class."""

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
    """A type alias's declaration."""

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
        members = tuple((member.name, literals.python_literal(member.value)) for member in enum.members)
        enums.append(EnumView(enum.name, base, doc, members))
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
    # Large APIs repeat fields (GitHub's 37,579 are 9,045 distinct): each is worked out once, where
    # equal fields are written alike (not for a default or bound of 1 against 1.0).
    if type(field.default) in _EXACT_DEFAULTS and spelling.spelled_alike_when_equal(field.type):
        return _kept_field_view(field, type(field.default).__name__)
    return _field_view(field)


_EXACT_DEFAULTS = frozenset({type(None), str, bool, int, float, ir.MemberOf})


@functools.lru_cache(maxsize=1 << 15)
def _kept_field_view(field: ir.Field, default_type: str) -> FieldView:
    return _field_view(field)


def _field_view(field: ir.Field) -> FieldView:
    declared = _declared_type(field.type)
    declaration, used = _field_declaration(field, declared)
    return FieldView(declaration, field_docstring(field), declared.imports | used)


@dataclass(frozen=True)
class _DeclaredType:
    """A field's type as declared: its annotation, the bounds hoisted into `Field(...)`, its imports."""

    annotation: str
    bounds: tuple[tuple[str, str], ...]
    imports: frozenset[Import]


def _declared_type(type_ref: TypeRef) -> _DeclaredType:
    # Kept per equal type only where equal types are written alike (not for a bound of 1 or 1.0).
    alike, declared = _kept_declared_type(type_ref)
    return declared if alike else _declared_type_of(type_ref)


@functools.lru_cache(maxsize=1 << 15)
def _kept_declared_type(type_ref: TypeRef) -> tuple[bool, _DeclaredType]:
    """The first of the equal types asked for, as declared, and whether every one is declared alike."""
    return spelling.spelled_alike_when_equal(type_ref), _declared_type_of(type_ref)


def _declared_type_of(type_ref: TypeRef) -> _DeclaredType:
    annotation, bounds = _hoisted_bounds(type_ref)
    found = spelling.standard_imports(type_ref, constrained=True)
    return _DeclaredType(annotation, bounds, found | {_FIELD} if spelling.is_constrained(type_ref) else found)


def field_declaration(field: ir.Field) -> str:
    return _field_declaration(field, _declared_type(field.type))[0]


def _field_declaration(field: ir.Field, declared: _DeclaredType) -> tuple[str, frozenset[Import]]:
    """`name: type = default`, or with `Field(...)` for an alias or for the bounds of the value itself;
    and the imports the form chosen needs beyond the type's own."""
    annotation, bounds = declared.annotation, declared.bounds
    default = value_spelling.field_default(field)
    plain = f"{field.name}: {annotation}" + ("" if default is None else f" = {default}")
    too_long = _FIELD_INDENT + len(plain) > formatting.LINE_LENGTH
    # Where the line is too long, black and ruff lay out some forms differently; the forms chosen
    # below are the ones both lay out alike (tests run both over large clients).
    long_default = too_long and default not in (None, "None")
    if field.alias == field.name and not bounds and not long_default:
        return plain, frozenset()  # a long `= None` both wrap alike, with the annotation in parentheses
    arguments = [] if default is None else [f"default={default}"]
    if field.alias != field.name:
        arguments.append(f"alias={literals.string_literal(field.alias)}")
    arguments += [f"{keyword}={value}" for keyword, value in bounds]
    head = f"{field.name}: {annotation} = Field("
    keywords = [argument for argument in arguments if not argument.startswith("default=")]
    if _FIELD_INDENT + len(head) > formatting.LINE_LENGTH and not is_union_source(annotation) and keywords:
        # Too long to open `Field(` after a single type: black wraps the type in parentheses,
        # ruff the call's arguments; with the keywords in `Annotated[...]` both split it alike.
        assigned = "" if default is None else f" = {default}"
        declaration = f"{field.name}: Annotated[{annotation}, Field({', '.join(keywords)})]{assigned}"
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
    values = [member for member in union_members(field_type) if scalar(member) is not Scalar.NONE]
    if len(values) != 1 or not ir.constraints_of(values[0]):
        return model_annotation(field_type), ()
    value = values[0]
    assert isinstance(value, (Primitive, ListOf))  # only these carry bounds
    bare = dataclasses.replace(value, constraints=ir.NO_CONSTRAINTS)
    hoisted = ir.optional(bare) if ir.is_optional(field_type) else bare
    return model_annotation(hoisted), constraint_keywords(value.constraints)


def model_annotation(type_ref: TypeRef) -> str:
    """A type as the models declare it: with its bounds."""
    return spelling.annotation(type_ref, constrained=True)


def _is_tagged_alias(alias: ir.AliasDef) -> bool:
    return isinstance(alias.target, Tagged) and alias.target.name == alias.name


def enum_base(enum: ir.EnumDef) -> str:
    """The runtime's open enum for the values' type: unknown values parse instead of failing."""
    return "_OpenIntEnum" if enum.base == "int" else "_OpenStrEnum"


def alias_declaration(alias: ir.AliasDef) -> str:
    """`Name: TypeAlias = ...`; a lazy alias quotes its value, as it may name itself or a later alias."""
    target = alias.target
    tagged = isinstance(target, Tagged) and target.name == alias.name
    annotation = tagged_union(target) if isinstance(target, Tagged) and tagged else model_annotation(target)
    if alias.lazy:
        name, value = literals.string_literal(alias.name), literals.string_literal(annotation)
        return f"{alias.name} = TypeAliasType({name}, {value})"
    return f"{alias.name}: TypeAlias = {annotation}"


def tagged_union(tagged: Tagged) -> str:
    """`Annotated[A | B, TaggedUnion("kind", {"a": A, "b": B})]`: validation picks the member by its tag.

    A member without tags is the fallback, for any other tag (a polymorphic base).
    """
    spelled = [spelling.annotation(member) for member in tagged.members]
    choices = ", ".join(
        f"{literals.string_literal(tag)}: {member}"
        for member, tags in zip(spelled, tagged.tags)
        for tag in tags
    )
    arguments = [literals.string_literal(tagged.discriminator), f"{{{choices}}}"]
    arguments += [f"fallback={member}" for member, tags in zip(spelled, tagged.tags) if not tags]
    return f"Annotated[{' | '.join(spelled)}, _TaggedUnion({', '.join(arguments)})]"


# Up to this many schemas declared inside a module's own are named in its docstring; more are counted.
_NAMED_INSIDE = 3


def module_docstring(module: ModelModule, api: ir.ApiModel) -> str:
    roots = module.roots
    inside = [name for name in module.names if name not in roots]
    if len(roots) == 1:
        text, holder = f"The `{roots[0]}` schema of the {api.title}", "it"
    else:
        text = f"The schemas of the {api.title} that refer to each other in a cycle: {', '.join(roots)}"
        holder = "them"
    if not inside:
        return docstrings.docstring(f"{text}.")
    if len(inside) <= _NAMED_INSIDE:
        named = " and ".join(", ".join(f"`{name}`" for name in inside).rsplit(", ", 1))
        return docstrings.docstring(f"{text}, with {named}, declared inside {holder}.")
    return docstrings.docstring(f"{text}, with the {len(inside)} schemas declared inside {holder}.")
