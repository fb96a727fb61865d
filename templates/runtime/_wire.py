"""How values travel: path segments, query pairs, headers, JSON and multipart bodies.

Pure functions from Python values to what goes on the wire, by OpenAPI's style and
explode rules; the send loop in `_send_loop` never looks inside a value.
"""

from __future__ import annotations

import datetime
import enum
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, Union
from urllib.parse import quote

import httpx
import pydantic

__all__ = [
    "NOT_GIVEN",
    "FileContent",
    "NotGiven",
    "QueryPairs",
    "encode_query",
    "from_environment",
    "header_map",
    "json_body",
    "json_dumps",
    "merge_query",
    "multipart",
    "path_segment",
    "resolve_base_url",
    "unsendable_header",
]

FileContent = Union[IO[bytes], bytes, tuple[str, bytes], tuple[str, bytes, str]]
QueryPairs = list[tuple[str, str]]


class NotGiven:
    """Marks an argument the caller left out, where None is a meaningful value."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def path_segment(name: str, value: object) -> str:
    """A path parameter, percent-encoded; an empty one would change the path, so it is refused."""
    text = _text(value)
    if text == "":
        raise ValueError(f"path parameter {name!r} must not be empty")
    # "." and ".." would be read as relative path steps and move the request elsewhere.
    return quote(text, safe="").replace(".", "%2E") if text in (".", "..") else quote(text, safe="")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _text(value.value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, pydantic.BaseModel):
        # No parameter style covers an object inside a list or object: it goes as JSON.
        return json.dumps(json_body(value), separators=(",", ":"))
    if isinstance(value, (Sequence, Mapping)) and not isinstance(value, (str, bytes)):
        return ",".join(_text(item) for item in _flatten(value, explode=False))
    return str(value)


def _flatten(value: Sequence[Any] | Mapping[str, Any], explode: bool) -> list[Any]:
    if isinstance(value, Mapping):
        separator = "=" if explode else ","
        return [f"{k}{separator}{_text(v)}" for k, v in value.items()]
    return list(value)


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def encode_query(
    name: str, value: object, *, style: str = "form", explode: bool = True
) -> QueryPairs:
    """Query pairs for one parameter, by OpenAPI's style and explode rules; None sends nothing."""
    if value is None or isinstance(value, NotGiven):
        return []
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        if style == "deepObject":
            return _deep_object(name, value)
        if explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_text(v)}" for k, v in value.items()))]
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if explode and style == "form":
            return [(name, _text(item)) for item in value]
        return [(name, _DELIMITERS.get(style, ",").join(_text(item) for item in value))]
    return [(name, _text(value))]


def _deep_object(prefix: str, value: object) -> QueryPairs:
    """deepObject to any depth, as qs and Stripe read it: `a[b][c]=1`, a list as `a[b][0]=1`."""
    if isinstance(value, Mapping):
        return [
            pair for key, item in value.items() for pair in _deep_object(f"{prefix}[{key}]", item)
        ]
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [
            pair
            for index, item in enumerate(value)
            for pair in _deep_object(f"{prefix}[{index}]", item)
        ]
    return [] if value is None else [(prefix, _text(value))]


def json_body(value: Any) -> Any:
    """A request body as JSON data: models by their wire names, leaving out what was never set."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (list, tuple)):
        return [json_body(item) for item in value]
    if isinstance(value, Mapping):
        return {key: json_body(item) for key, item in value.items()}
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def header_map(values: Mapping[str, object]) -> dict[str, str]:
    """Header (or cookie) parameters as text, leaving out those not given."""
    return {name: _text(value) for name, value in values.items() if value is not None}


def multipart(
    values: Mapping[str, Any] | pydantic.BaseModel,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a multipart body into plain fields and file parts."""
    fields: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, value in _json_body_keeping_files(values).items():
        if isinstance(value, (bytes, tuple, os.PathLike)) or hasattr(value, "read"):
            files[name] = value
        elif value is not None:
            # Dates, enums and nested models become their JSON form before they become text.
            plain = json_body(value)
            fields[name] = plain if isinstance(plain, str) else json.dumps(plain)
    return fields, files


def _json_body_keeping_files(value: Mapping[str, Any] | pydantic.BaseModel) -> dict[str, Any]:
    if isinstance(value, pydantic.BaseModel):
        return {
            (info.alias or name): getattr(value, name)
            for name, info in type(value).model_fields.items()
            if name in value.model_fields_set
        }
    return dict(value)


def merge_query(params: QueryPairs, extra: Mapping[str, object] | None) -> QueryPairs:
    merged = list(params)
    for name, value in (extra or {}).items():
        merged.extend(encode_query(name, value))
    return merged


def resolve_base_url(
    base_url: str | None, environment: str | None, environments: Mapping[str, str], default: str
) -> str:
    """An explicit base URL, else the named environment's server, else the spec's first server."""
    if base_url is not None:
        return base_url
    if environment is None:
        return default
    if environment not in environments:
        raise ValueError(
            f"unknown environment {environment!r}; choose one of {sorted(environments)}"
        )
    return environments[environment]


def from_environment(value: str | None, variable: str) -> str | None:
    """An argument, or when it was left out, the environment variable documented for it."""
    return value if value is not None else os.environ.get(variable) or None


def json_dumps(value: Any) -> bytes:
    """JSON text of a request body (already plain data: see `json_body`)."""
    return json.dumps(value).encode()


def unsendable_header(headers: httpx.Headers | Mapping[str, str]) -> str | None:
    """The name of the first header that cannot be sent as it is, or None."""
    for name, value in headers.items():
        if not (name.isascii() and value.isascii()) or any(c in name + value for c in "\r\n\0"):
            return name
    return None
