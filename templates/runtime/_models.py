"""The base of every generated model."""

from __future__ import annotations

import enum
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["ApiBaseModel", "OpenIntEnum", "OpenStrEnum"]


class ApiBaseModel(BaseModel):
    """Fields by their Python names or their wire names; unknown fields kept, not refused.

    A server that adds a field must not break a client generated before it did.
    """

    model_config = ConfigDict(extra="allow", validate_by_name=True, validate_by_alias=True)


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
