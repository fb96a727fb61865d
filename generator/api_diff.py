"""Compare two client surfaces: every change a caller can notice, classified by `diff_rules`.

Methods are matched by resource and name, then (for what is left) by HTTP
operation, which finds a method moved to another resource or renamed. Models,
enums and aliases are matched by name; fields by Python name.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import diff_rules
from generator.diff_rules import Bump
from generator.surface import Method, Model, ModelField, Parameter, Surface

OLD, NEW = "old", "new"


@dataclass(frozen=True)
class Change:
    kind: str  # a `diff_rules` kind
    subject: str  # what a caller names: `client.pets.list_pets`, `models.Pet`, `Client`
    detail: str
    bump: Bump
    pointer: str = ""  # where in the spec it comes from
    side: str = NEW  # which spec the pointer is in: the old one, for what was removed

    @property
    def breaking(self) -> bool:
        return diff_rules.is_breaking(self.bump)


def _change(kind: str, subject: str, detail: str, used_in: tuple[str, ...], pointer: str = "", side: str = NEW) -> Change:
    return Change(kind, subject, detail, diff_rules.bump_for(kind, used_in), pointer, side)


def compare(old: Surface, new: Surface) -> list[Change]:
    changes = _methods(old, new) + _models(old, new) + _enums(old, new) + _aliases(old, new) + _client(old, new)
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
    """"widened" (accepts everything it did and more), "narrowed", or "changed"."""
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
            changes.append(_change("operation.removed", _subject(method), f"removed ({method.http})", (), method.pointer, OLD))
            continue
        kind = "operation.moved" if successor.name == method.name else "operation.renamed"
        changes.append(_change(kind, _subject(method), f"now {_subject(successor)}", (), successor.pointer))
        changes += _method_changes(method, successor, _subject(successor))
    for method in added.values():
        changes.append(_change("operation.added", _subject(method), f"added ({method.http})", (), method.pointer))
    for key in sorted(before.keys() & after.keys()):
        changes += _method_changes(before[key], after[key], _subject(after[key]))
    return changes


def _method_changes(old: Method, new: Method, subject: str) -> list[Change]:
    request = ("request",)
    changes: list[Change] = []
    before = {p.name: p for p in old.parameters}
    after = {p.name: p for p in new.parameters}
    for name in sorted(before.keys() - after.keys()):
        changes.append(_change("parameter.removed", subject, f"parameter `{name}` removed", request, old.pointer, OLD))
    for name in sorted(after.keys() - before.keys()):
        parameter = after[name]
        kind = "parameter.added.required" if parameter.required else "parameter.added.optional"
        detail = f"parameter `{name}: {parameter.annotation}` added ({'required' if parameter.required else 'optional'})"
        changes.append(_change(kind, subject, detail, request, new.pointer))
    for name in sorted(before.keys() & after.keys()):
        changes += _parameter_changes(before[name], after[name], subject, new.pointer)
    if old.returns != new.returns:
        kind = f"return.type.{type_change(old.returns, new.returns)}"
        changes.append(_change(kind, subject, f"returns `{new.returns}`, was `{old.returns}`", ("response",), new.pointer))
    return changes


def _parameter_changes(old: Parameter, new: Parameter, subject: str, pointer: str) -> list[Change]:
    request = ("request",)
    changes: list[Change] = []
    if old.required != new.required:
        kind = "parameter.made_required" if new.required else "parameter.made_optional"
        changes.append(_change(kind, subject, f"parameter `{new.name}` {kind.split('_')[-1]}", request, pointer))
    # Optionality already shows as `| None`: compare the types without it.
    before, after = _without_none(old.annotation), _without_none(new.annotation)
    if before != after:
        kind = f"parameter.type.{type_change(before, after)}"
        changes.append(_change(kind, subject, f"parameter `{new.name}` is `{after}`, was `{before}`", request, pointer))
    changes += _constraint_changes(old.constraints, new.constraints, subject, f"parameter `{new.name}`", request, pointer)
    return changes


def _without_none(annotation: str) -> str:
    return " | ".join(member for member in union_members(annotation) if member != "None")


_LOWER_BOUNDS = ("min_length", "min_items", "ge", "gt")
_UPPER_BOUNDS = ("max_length", "max_items", "le", "lt")


def _constraint_changes(
    old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...], subject: str, what: str,
    used_in: tuple[str, ...], pointer: str,
) -> list[Change]:
    before, after = dict(old), dict(new)
    changes = []
    for keyword in sorted(before.keys() | after.keys()):
        was, now = before.get(keyword), after.get(keyword)
        if was == now:
            continue
        kind = _constraint_kind(keyword, was, now)
        detail = f"{what}: `{keyword}` " + (f"{was} -> {now}" if was and now else f"added ({now})" if now else f"removed (was {was})")
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


def _models(old: Surface, new: Surface) -> list[Change]:
    before = {m.name: m for m in old.models}
    after = {m.name: m for m in new.models}
    changes = [
        _change("model.removed", f"models.{name}", "removed", (), before[name].pointer, OLD)
        for name in sorted(before.keys() - after.keys())
    ]
    changes += [
        _change("model.added", f"models.{name}", "added", (), after[name].pointer)
        for name in sorted(after.keys() - before.keys())
    ]
    for name in sorted(before.keys() & after.keys()):
        changes += _model_changes(before[name], after[name])
    return changes


def _model_changes(old: Model, new: Model) -> list[Change]:
    subject, used = f"models.{new.name}", tuple(sorted(set(old.used_in) | set(new.used_in)))
    changes: list[Change] = []
    if old.base != new.base:
        changes.append(_change("model.base.changed", subject, f"base `{new.base}`, was `{old.base}`", used, new.pointer))
    before = {f.name: f for f in old.fields}
    after = {f.name: f for f in new.fields}
    for name in sorted(before.keys() - after.keys()):
        changes.append(_change("field.removed", subject, f"field `{name}` removed", used, old.pointer, OLD))
    for name in sorted(after.keys() - before.keys()):
        added = after[name]
        kind = "field.added.required" if added.required else "field.added.optional"
        detail = f"field `{name}: {added.annotation}` added ({'required' if added.required else 'optional'})"
        changes.append(_change(kind, subject, detail, used, _field_pointer(new, added)))
    for name in sorted(before.keys() & after.keys()):
        changes += _field_changes(before[name], after[name], subject, used, _field_pointer(new, after[name]))
    return changes


def _field_pointer(model: Model, model_field: ModelField) -> str:
    escaped = model_field.wire_name.replace("~", "~0").replace("/", "~1")
    return f"{model.pointer}/properties/{escaped}" if model.pointer else ""


def _field_changes(old: ModelField, new: ModelField, subject: str, used: tuple[str, ...], pointer: str) -> list[Change]:
    what = f"field `{new.name}`"
    changes: list[Change] = []
    if old.required != new.required:
        kind = "field.made_required" if new.required else "field.made_optional"
        changes.append(_change(kind, subject, f"{what} {kind.split('_')[-1]}", used, pointer))
    if old.nullable != new.nullable and old.required == new.required:
        # An optional field is typed `X | None` already; only a change of its own counts.
        kind = "field.made_nullable" if new.nullable else "field.made_non_nullable"
        changes.append(_change(kind, subject, f"{what} {'may now be' if new.nullable else 'is never'} None", used, pointer))
    before, after = _without_none(old.annotation), _without_none(new.annotation)
    if before != after:
        kind = f"field.type.{type_change(before, after)}"
        changes.append(_change(kind, subject, f"{what} is `{after}`, was `{before}`", used, pointer))
    elif old.default != new.default and not (old.required or new.required):
        changes.append(_change("field.default.changed", subject, f"{what} defaults to `{new.default}`, was `{old.default}`", used, pointer))
    changes += _constraint_changes(old.constraints, new.constraints, subject, what, used, pointer)
    return changes


def _enums(old: Surface, new: Surface) -> list[Change]:
    before = {e.name: e for e in old.enums}
    after = {e.name: e for e in new.enums}
    changes = [
        _change("model.removed", f"models.{name}", "enum removed", (), before[name].pointer, OLD)
        for name in sorted(before.keys() - after.keys())
    ]
    changes += [
        _change("model.added", f"models.{name}", "enum added", (), after[name].pointer)
        for name in sorted(after.keys() - before.keys())
    ]
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name], after[name]
        used = tuple(sorted(set(was.used_in) | set(now.used_in)))
        for value in sorted(set(was.values) - set(now.values)):
            changes.append(_change("enum.value.removed", f"models.{name}", f"value {value} removed", used, now.pointer))
        for value in sorted(set(now.values) - set(was.values)):
            changes.append(_change("enum.value.added", f"models.{name}", f"value {value} added", used, now.pointer))
    return changes


def _aliases(old: Surface, new: Surface) -> list[Change]:
    before = {a.name: a for a in old.aliases}
    after = {a.name: a for a in new.aliases}
    changes = [
        _change("model.removed", f"models.{name}", "alias removed", (), before[name].pointer, OLD)
        for name in sorted(before.keys() - after.keys())
    ]
    changes += [
        _change("model.added", f"models.{name}", "alias added", (), after[name].pointer)
        for name in sorted(after.keys() - before.keys())
    ]
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name], after[name]
        if was.annotation != now.annotation:
            used = tuple(sorted(set(was.used_in) | set(now.used_in)))
            kind = f"alias.type.{type_change(was.annotation, now.annotation)}"
            changes.append(_change(kind, f"models.{name}", f"is `{now.annotation}`, was `{was.annotation}`", used, now.pointer))
    return changes


def _client(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []

    def added_removed(noun: str, before: set[str], after: set[str], subject: str = "Client") -> None:
        changes.extend(_change(f"{noun}.removed", subject, f"{noun} `{v}` removed", ()) for v in sorted(before - after))
        changes.extend(_change(f"{noun}.added", subject, f"{noun} `{v}` added", ()) for v in sorted(after - before))

    added_removed("credential", set(old.credentials), set(new.credentials))
    added_removed("header", {name for name, _ in old.headers}, {name for name, _ in new.headers})
    added_removed("exception", set(old.exceptions), set(new.exceptions), "exceptions")
    added_removed("server", set(old.servers), set(new.servers))
    before, after = dict(old.environments), dict(new.environments)
    added_removed("environment", set(before), set(after))
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            changes.append(_change("environment.changed", "Client", f"environment `{name}` is {after[name]}, was {before[name]}", ()))
    return changes
