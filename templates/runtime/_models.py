"""The base of every generated model."""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["ApiBaseModel", "OpenIntEnum", "OpenStrEnum", "TaggedUnion"]


class ApiBaseModel(BaseModel):
    """Fields by their Python names or their wire names; unknown fields kept, not refused.

    A server that adds a field must not break a client generated before it did.
    """

    # Patterns are JSON Schema's (searches, lookarounds allowed), which Python's `re` runs.
    model_config = ConfigDict(
        extra="allow", validate_by_name=True, validate_by_alias=True, regex_engine="python-re"
    )


class OpenStrEnum(str, enum.Enum):
    """A string enum that also accepts values it does not list, as members named UNKNOWN.

    `Status("new-value")` and a response carrying it parse; `list(Status)` still
    holds only the listed members, and a known value is always the listed member.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


class OpenIntEnum(int, enum.Enum):
    """An integer enum that also accepts values it does not list, as members named UNKNOWN."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


class TaggedUnion:
    """Validation of a union by its tag: the member is picked by a property's value, not by trial.

    Used as `Annotated[Cat | Dog, TaggedUnion("petType", {"cat": Cat, "dog": Dog})]`.
    A value whose tag is missing or unlisted is refused with an error naming the
    property and the values it may take, unless there is a `fallback`: the base
    model of a polymorphic schema, which describes any subtype, those added to the
    API later included.
    """

    _FALLBACK = "\x00fallback"  # a tag no JSON document sends

    def __init__(
        self,
        property_name: str,
        members: Mapping[str, type[BaseModel]],
        fallback: type[BaseModel] | None = None,
    ) -> None:
        self.property_name = property_name
        self.members = dict(members)
        self.fallback = fallback

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        choices: dict[Hashable, CoreSchema] = {
            tag: handler.generate_schema(member) for tag, member in self.members.items()
        }
        if self.fallback is not None:
            choices[self._FALLBACK] = handler.generate_schema(self.fallback)
        expected = ", ".join(repr(tag) for tag in self.members)
        return core_schema.tagged_union_schema(
            choices,
            discriminator=self.tag_of,
            custom_error_type="union_tag",
            custom_error_message=f"{self.property_name!r} must be one of {expected}",
        )

    def tag_of(self, value: Any) -> str | None:
        """The tag of a JSON object (its property) or of a model instance (its class, else its property)."""
        tag: Any
        if isinstance(value, BaseModel):
            for member_tag, member in self.members.items():
                if type(value) is member:
                    return member_tag
            if type(value) is self.fallback:
                return self._FALLBACK
            tag = _wire_value(value, self.property_name)
        elif isinstance(value, Mapping):
            tag = value.get(self.property_name)
        else:
            return None
        if isinstance(tag, enum.Enum):
            tag = tag.value
        if not isinstance(tag, str):
            return self._FALLBACK if self.fallback is not None else None
        return tag if tag in self.members or self.fallback is None else self._FALLBACK


def _wire_value(model: BaseModel, wire_name: str) -> Any:
    for name, field in type(model).model_fields.items():
        if (field.alias or name) == wire_name:
            return getattr(model, name)
    return (model.model_extra or {}).get(wire_name)
