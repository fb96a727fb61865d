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
    property and the values it may take.
    """

    def __init__(self, property_name: str, members: Mapping[str, type[BaseModel]]) -> None:
        self.property_name = property_name
        self.members = dict(members)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        choices: dict[Hashable, CoreSchema] = {
            tag: handler.generate_schema(member) for tag, member in self.members.items()
        }
        expected = ", ".join(repr(tag) for tag in self.members)
        return core_schema.tagged_union_schema(
            choices,
            discriminator=self.tag_of,
            custom_error_type="union_tag",
            custom_error_message=f"{self.property_name!r} must be one of {expected}",
        )

    def tag_of(self, value: Any) -> str | None:
        """The tag of a JSON object or of a model instance (by the property's wire name)."""
        if isinstance(value, Mapping):
            tag = value.get(self.property_name)
        elif isinstance(value, BaseModel):
            tag = _wire_value(value, self.property_name)
        else:
            return None
        if isinstance(tag, enum.Enum):
            tag = tag.value
        return tag if isinstance(tag, str) else None


def _wire_value(model: BaseModel, wire_name: str) -> Any:
    for name, field in type(model).model_fields.items():
        if (field.alias or name) == wire_name:
            return getattr(model, name)
    return (model.model_extra or {}).get(wire_name)
