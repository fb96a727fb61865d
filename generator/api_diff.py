"""Compare two client surfaces: every change a caller can notice, classified by `diff_rules`.

Methods are matched by resource and name, then (for what is left) by HTTP
operation, which finds a method moved to another resource or renamed. Models,
enums and aliases are matched by name; fields by Python name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from generator import diff_rules
from generator.diff_rules import Bump
from generator.surface import Alias, Enum, Method, Model, ModelField, Parameter, Surface

OLD, NEW = "old", "new"


@dataclass(frozen=True)
class Change:
    """One difference between two surfaces, as a caller meets it."""

    kind: str  # a `diff_rules` kind
    subject: str  # what a caller names: `client.pets.list_pets`, `models.Pet`, `Client`
    detail: str
    bump: Bump
    pointer: str = ""  # where in the spec it comes from
    side: str = NEW  # which spec the pointer is in: the old one, for what was removed

    @property
    def breaking(self) -> bool:
        return diff_rules.is_breaking(self.bump)


def _change(
    kind: str, subject: str, detail: str, used_in: tuple[str, ...], pointer: str = "", side: str = NEW
) -> Change:
    return Change(kind, subject, detail, diff_rules.bump_for(kind, used_in), pointer, side)


def compare(old: Surface, new: Surface) -> list[Change]:
    changes = _methods(old, new) + _client(old, new)
    changes += _named_types(old.models, new.models, "model", _model_changes)
    changes += _named_types(old.enums, new.enums, "enum", _enum_changes)
    changes += _named_types(old.aliases, new.aliases, "alias", _alias_changes)
    return sorted(changes, key=lambda c: (not c.breaking, c.subject, c.kind, c.detail))


def union_members(annotation: str) -> tuple[str, ...]:
    """The members of an annotation's top-level union (`A | B | None`), in order."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += (char in "([{") - (char in ")]}")
        if depth == 0 and annotation.startswith(" | ", index):
            members.append(annotation[start:index])
            start = index + 3
    members.append(annotation[start:])
    return tuple(m.strip() for m in members)


def type_change(old: str, new: str) -> str:
    """ "widened" (accepts everything it did and more), "narrowed", or "changed"."""
    before, after = set(union_members(old)), set(union_members(new))
    if before < after:
        return "widened"
    if after < before:
        return "narrowed"
    return "changed"


def _subject(method: Method) -> str:
    return f"client.{method.key}"


def _methods(old: Surface, new: Surface) -> list[Change]:
    before = {m.key: m for m in old.methods}
    after = {m.key: m for m in new.methods}
    changes: list[Change] = []
    removed = [before[k] for k in sorted(before.keys() - after.keys())]
    added = {after[k].http: after[k] for k in sorted(after.keys() - before.keys())}
    for method in removed:
        successor = added.pop(method.http, None)
        if successor is None:
            changes.append(
                _change(
                    "operation.removed", _subject(method), f"removed ({method.http})", (), method.pointer, OLD
                )
            )
            continue
        kind = "operation.moved" if successor.name == method.name else "operation.renamed"
        changes.append(_change(kind, _subject(method), f"now {_subject(successor)}", (), successor.pointer))
        changes += _method_changes(method, successor, _subject(successor))
    for method in added.values():
        changes.append(
            _change("operation.added", _subject(method), f"added ({method.http})", (), method.pointer)
        )
    for key in sorted(before.keys() & after.keys()):
        changes += _method_changes(before[key], after[key], _subject(after[key]))
    return changes


def _method_changes(old: Method, new: Method, subject: str) -> list[Change]:
    request = ("request",)
    changes: list[Change] = []
    changes += _members(
        "parameter",
        old.parameters,
        new.parameters,
        subject,
        request,
        old.pointer,
        lambda _: new.pointer,
        lambda was, now: _parameter_changes(was, now, subject, new.pointer),
    )
    if old.returns != new.returns:
        kind = f"return.type.{type_change(old.returns, new.returns)}"
        changes.append(
            _change(
                kind, subject, f"returns `{new.returns}`, was `{old.returns}`", ("response",), new.pointer
            )
        )
    return changes


_Member = TypeVar("_Member", Parameter, ModelField)


def _members(
    noun: str,
    old: tuple[_Member, ...],
    new: tuple[_Member, ...],
    subject: str,
    used: tuple[str, ...],
    removed_pointer: str,
    pointer_of: Callable[[_Member], str],
    changed: Callable[[_Member, _Member], list[Change]],
) -> list[Change]:
    """A method's parameters or a model's fields (`noun`) removed and added, and what `changed`
    finds in those on both sides."""
    before = {member.name: member for member in old}
    after = {member.name: member for member in new}
    changes = [
        _change(f"{noun}.removed", subject, f"{noun} `{name}` removed", used, removed_pointer, OLD)
        for name in sorted(before.keys() - after.keys())
    ]
    for name in sorted(after.keys() - before.keys()):
        added = after[name]
        requiredness = "required" if added.required else "optional"
        detail = f"{noun} `{name}: {added.annotation}` added ({requiredness})"
        changes.append(_change(f"{noun}.added.{requiredness}", subject, detail, used, pointer_of(added)))
    for name in sorted(before.keys() & after.keys()):
        changes += changed(before[name], after[name])
    return changes


def _parameter_changes(old: Parameter, new: Parameter, subject: str, pointer: str) -> list[Change]:
    request = ("request",)
    changes: list[Change] = []
    if old.required != new.required:
        kind = "parameter.made_required" if new.required else "parameter.made_optional"
        changes.append(
            _change(kind, subject, f"parameter `{new.name}` {kind.split('_')[-1]}", request, pointer)
        )
    # Optionality already shows as `| None`: compare the types without it.
    before, after = _without_none(old.annotation), _without_none(new.annotation)
    if before != after:
        kind = f"parameter.type.{type_change(before, after)}"
        changes.append(
            _change(kind, subject, f"parameter `{new.name}` is `{after}`, was `{before}`", request, pointer)
        )
    changes += _constraint_changes(
        old.constraints, new.constraints, subject, f"parameter `{new.name}`", request, pointer
    )
    return changes


def _without_none(annotation: str) -> str:
    return " | ".join(member for member in union_members(annotation) if member != "None")


_LOWER_BOUNDS = ("min_length", "min_items", "ge", "gt")
_UPPER_BOUNDS = ("max_length", "max_items", "le", "lt")


def _constraint_changes(
    old: tuple[tuple[str, str], ...],
    new: tuple[tuple[str, str], ...],
    subject: str,
    what: str,
    used_in: tuple[str, ...],
    pointer: str,
) -> list[Change]:
    before, after = dict(old), dict(new)
    changes = []
    for keyword in sorted(before.keys() | after.keys()):
        was, now = before.get(keyword), after.get(keyword)
        if was == now:
            continue
        kind = _constraint_kind(keyword, was, now)
        detail = f"{what}: `{keyword}` " + (
            f"{was} -> {now}" if was and now else f"added ({now})" if now else f"removed (was {was})"
        )
        changes.append(_change(kind, subject, detail, used_in, pointer))
    return changes


def _constraint_kind(keyword: str, was: str | None, now: str | None) -> str:
    if was is None:
        return "constraint.tightened"
    if now is None:
        return "constraint.relaxed"
    bound = keyword.rsplit(".", 1)[-1]
    try:
        before, after = float(was), float(now)
    except ValueError:
        return "constraint.changed"
    if bound in _LOWER_BOUNDS:
        return "constraint.tightened" if after > before else "constraint.relaxed"
    if bound in _UPPER_BOUNDS:
        return "constraint.tightened" if after < before else "constraint.relaxed"
    return "constraint.changed"


_Named = TypeVar("_Named", Model, Enum, Alias)


def _named_types(
    old: tuple[_Named, ...],
    new: tuple[_Named, ...],
    noun: str,
    changed: Callable[[_Named, _Named], list[Change]],
) -> list[Change]:
    """Models, enums or aliases removed and added (by name), and what `changed` finds in the rest."""
    before = {item.name: item for item in old}
    after = {item.name: item for item in new}
    changes = [
        _change("model.removed", f"models.{name}", f"{noun} removed", (), before[name].pointer, OLD)
        for name in sorted(before.keys() - after.keys())
    ]
    changes += [
        _change("model.added", f"models.{name}", f"{noun} added", (), after[name].pointer)
        for name in sorted(after.keys() - before.keys())
    ]
    for name in sorted(before.keys() & after.keys()):
        changes += changed(before[name], after[name])
    return changes


def _used(old: _Named, new: _Named) -> tuple[str, ...]:
    return tuple(sorted(set(old.used_in) | set(new.used_in)))


def _model_changes(old: Model, new: Model) -> list[Change]:
    subject, used = f"models.{new.name}", _used(old, new)
    changes: list[Change] = []
    if old.base != new.base:
        changes.append(
            _change("model.base.changed", subject, f"base `{new.base}`, was `{old.base}`", used, new.pointer)
        )
    return changes + _members(
        "field",
        old.fields,
        new.fields,
        subject,
        used,
        old.pointer,
        lambda f: _field_pointer(new, f),
        lambda was, now: _field_changes(was, now, subject, used, _field_pointer(new, now)),
    )


def _field_pointer(model: Model, model_field: ModelField) -> str:
    escaped = model_field.wire_name.replace("~", "~0").replace("/", "~1")
    return f"{model.pointer}/properties/{escaped}" if model.pointer else ""


def _field_changes(
    old: ModelField, new: ModelField, subject: str, used: tuple[str, ...], pointer: str
) -> list[Change]:
    what = f"field `{new.name}`"
    changes: list[Change] = []
    if old.required != new.required:
        kind = "field.made_required" if new.required else "field.made_optional"
        changes.append(_change(kind, subject, f"{what} {kind.split('_')[-1]}", used, pointer))
    if old.nullable != new.nullable and old.required == new.required:
        # An optional field is typed `X | None` already; only a change of its own counts.
        kind = "field.made_nullable" if new.nullable else "field.made_non_nullable"
        changes.append(
            _change(
                kind, subject, f"{what} {'may now be' if new.nullable else 'is never'} None", used, pointer
            )
        )
    before, after = _without_none(old.annotation), _without_none(new.annotation)
    if before != after:
        kind = f"field.type.{type_change(before, after)}"
        changes.append(_change(kind, subject, f"{what} is `{after}`, was `{before}`", used, pointer))
    elif old.default != new.default and not (old.required or new.required):
        changes.append(
            _change(
                "field.default.changed",
                subject,
                f"{what} defaults to `{new.default}`, was `{old.default}`",
                used,
                pointer,
            )
        )
    changes += _constraint_changes(old.constraints, new.constraints, subject, what, used, pointer)
    return changes


def _enum_changes(old: Enum, new: Enum) -> list[Change]:
    subject, used = f"models.{new.name}", _used(old, new)
    removed = [
        _change("enum.value.removed", subject, f"value {v} removed", used, new.pointer)
        for v in sorted(set(old.values) - set(new.values))
    ]
    added = [
        _change("enum.value.added", subject, f"value {v} added", used, new.pointer)
        for v in sorted(set(new.values) - set(old.values))
    ]
    return removed + added


def _alias_changes(old: Alias, new: Alias) -> list[Change]:
    if old.annotation == new.annotation:
        return []
    kind = f"alias.type.{type_change(old.annotation, new.annotation)}"
    detail = f"is `{new.annotation}`, was `{old.annotation}`"
    return [_change(kind, f"models.{new.name}", detail, _used(old, new), new.pointer)]


def _client(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []

    def added_removed(noun: str, before: set[str], after: set[str], subject: str = "Client") -> None:
        changes.extend(
            _change(f"{noun}.removed", subject, f"{noun} `{v}` removed", ()) for v in sorted(before - after)
        )
        changes.extend(
            _change(f"{noun}.added", subject, f"{noun} `{v}` added", ()) for v in sorted(after - before)
        )

    added_removed("credential", set(old.credentials), set(new.credentials))
    added_removed("header", {name for name, _ in old.headers}, {name for name, _ in new.headers})
    added_removed("exception", set(old.exceptions), set(new.exceptions), "exceptions")
    added_removed("server", set(old.servers), set(new.servers))
    before, after = dict(old.environments), dict(new.environments)
    added_removed("environment", set(before), set(after))
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            changes.append(
                _change(
                    "environment.changed",
                    "Client",
                    f"environment `{name}` is {after[name]}, was {before[name]}",
                    (),
                )
            )
    return changes
