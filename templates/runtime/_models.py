"""The base of every generated model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["ApiBaseModel"]


class ApiBaseModel(BaseModel):
    """Fields by their Python names or their wire names; unknown fields kept, not refused.

    A server that adds a field must not break a client generated before it did.
    """

    model_config = ConfigDict(extra="allow", validate_by_name=True, validate_by_alias=True)
