"""How each kind of surface change affects callers, as data: one rule per kind.

A rule gives the version bump a change calls for when what changed is sent by
the caller (a parameter, a request model) and when it is read by the caller (a
return type, a response model). An item used both ways takes the larger bump.
The README's table of rules is this list, line for line (a test holds them equal).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Bump = Literal["major", "minor", "patch"]
BUMP_ORDER: tuple[Bump, ...] = ("patch", "minor", "major")
MAJOR: Bump = "major"
MINOR: Bump = "minor"
PATCH: Bump = "patch"


@dataclass(frozen=True)
class Rule:
    """How a kind of change breaks callers: the version bump it needs, by direction."""

    kind: str
    request: Bump  # the bump when the changed item is sent by the caller
    response: Bump  # the bump when the changed item is read by the caller
    why: str


RULES: tuple[Rule, ...] = (
    Rule("operation.added", MINOR, MINOR, "a new method; existing calls are unaffected"),
    Rule("operation.removed", MAJOR, MAJOR, "calls to the method fail"),
    Rule("operation.moved", MAJOR, MAJOR, "a tag change moves the method to another `client.<resource>`"),
    Rule("operation.renamed", MAJOR, MAJOR, "the same HTTP operation under a new method name"),
    Rule("parameter.added.required", MAJOR, MAJOR, "calls without the new argument fail"),
    Rule("parameter.added.optional", MINOR, MINOR, "existing calls still work"),
    Rule("parameter.removed", MAJOR, MAJOR, "calls passing the argument fail"),
    Rule("parameter.made_required", MAJOR, MAJOR, "calls that leave it out fail"),
    Rule("parameter.made_optional", MINOR, MINOR, "existing calls still work"),
    Rule("parameter.type.widened", MINOR, MINOR, "more values are accepted"),
    Rule("parameter.type.narrowed", MAJOR, MAJOR, "some values callers pass are refused"),
    Rule("parameter.type.changed", MAJOR, MAJOR, "values callers pass may no longer fit"),
    Rule("return.type.widened", MAJOR, MAJOR, "callers may receive a type they do not handle"),
    Rule("return.type.narrowed", MINOR, MINOR, "callers receive a subset of what they handle"),
    Rule("return.type.changed", MAJOR, MAJOR, "callers receive another type"),
    Rule(
        "field.added.required",
        MAJOR,
        MINOR,
        "sent: constructing the model without it fails; read: one more attribute",
    ),
    Rule("field.added.optional", MINOR, MINOR, "one more attribute, not needed to construct the model"),
    Rule("field.removed", MAJOR, MAJOR, "code using the attribute fails"),
    Rule(
        "field.made_required",
        MAJOR,
        MINOR,
        "sent: models built without it fail; read: it is always there now",
    ),
    Rule("field.made_optional", MINOR, MAJOR, "sent: may be left out; read: it may now be missing (None)"),
    Rule("field.made_nullable", MINOR, MAJOR, "sent: None is accepted; read: it may now be None"),
    Rule("field.made_non_nullable", MAJOR, MINOR, "sent: None is refused; read: it is never None now"),
    Rule(
        "field.type.widened", MINOR, MAJOR, "sent: more values accepted; read: values callers may not handle"
    ),
    Rule(
        "field.type.narrowed",
        MAJOR,
        MINOR,
        "sent: some values refused; read: a subset of what callers handle",
    ),
    Rule("field.type.changed", MAJOR, MAJOR, "the attribute holds another type"),
    Rule("field.default.changed", PATCH, PATCH, "a left-out value means something else"),
    Rule(
        "constraint.tightened",
        MAJOR,
        MINOR,
        "sent: values that passed are refused; read: the server promises more",
    ),
    Rule("constraint.relaxed", MINOR, MINOR, "sent: more values pass; read: the client validates less"),
    Rule(
        "constraint.changed", MAJOR, MINOR, "sent: a pattern or step changed, so values that passed may not"
    ),
    Rule("enum.value.added", MINOR, MINOR, "enums are open: an unknown value parses as `UNKNOWN`"),
    Rule(
        "enum.value.removed", MAJOR, MAJOR, "the member is gone from the Python enum: code naming it breaks"
    ),
    Rule("model.added", MINOR, MINOR, "a new name under `models`"),
    Rule("model.removed", MAJOR, MAJOR, "code naming the model fails"),
    Rule("model.base.changed", MAJOR, MAJOR, "`isinstance` checks against the old base change"),
    Rule("alias.type.widened", MINOR, MAJOR, "as for a field's type"),
    Rule("alias.type.narrowed", MAJOR, MINOR, "as for a field's type"),
    Rule("alias.type.changed", MAJOR, MAJOR, "as for a field's type"),
    Rule(
        "credential.added",
        MINOR,
        MINOR,
        "a new constructor keyword (optional, also read from the environment)",
    ),
    Rule("credential.removed", MAJOR, MAJOR, "constructing the client with the keyword fails"),
    Rule("environment.added", MINOR, MINOR, "a new `environment=` choice"),
    Rule("environment.removed", MAJOR, MAJOR, "`environment=` with that name fails"),
    Rule("environment.changed", PATCH, PATCH, "the same name now reaches another URL"),
    Rule("server.added", PATCH, PATCH, "the spec lists another server"),
    Rule("server.removed", PATCH, PATCH, "the spec lists one server less (the default base URL may change)"),
    Rule("header.added", MINOR, MINOR, "a new shared-header keyword on the constructor"),
    Rule("header.removed", MAJOR, MAJOR, "constructing the client with the keyword fails"),
    Rule("exception.added", MINOR, MINOR, "a new exception class"),
    Rule("exception.removed", MAJOR, MAJOR, "code catching it fails"),
)

BY_KIND = {rule.kind: rule for rule in RULES}


def bump_for(kind: str, used_in: Iterable[str]) -> Bump:
    """The bump a change of `kind` calls for; used both ways (or not at all), the larger."""
    rule = BY_KIND[kind]
    directions = set(used_in) or {"request", "response"}
    bumps: list[Bump] = [
        rule.request if "request" in directions else PATCH,
        rule.response if "response" in directions else PATCH,
    ]
    return largest(bumps)


def largest(bumps: Iterable[Bump]) -> Bump:
    return max(bumps, key=BUMP_ORDER.index, default=PATCH)


def is_breaking(bump: Bump) -> bool:
    return bump == MAJOR
