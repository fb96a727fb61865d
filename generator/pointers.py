"""JSON pointers (RFC 6901): parsing, building and following them through plain data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote


def escape_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(*tokens: object) -> str:
    return "".join("/" + escape_token(token) for token in tokens)


def append(pointer: str, *tokens: object) -> str:
    return pointer + join(*tokens)


def split(pointer: str) -> list[str]:
    """Tokens of a `$ref` fragment ("#/a/b", percent-encoded as URI fragments are; "" is the root)."""
    return split_plain(unquote(pointer.lstrip("#")))


def split_readings(pointer: str) -> list[list[str]]:
    """The tokens of a `$ref` fragment as RFC 6901 reads it (decoded, then split), then, where it
    differs, split before decoding: `#/schemas/a%2Fb` written for the schema named "a/b"."""
    readings = [split(pointer)]
    fragment = pointer.lstrip("#")
    if "%" in fragment and fragment.startswith("/"):
        literal = [unquote(token.replace("~1", "/").replace("~0", "~")) for token in fragment[1:].split("/")]
        if literal != readings[0]:
            readings.append(literal)
    return readings


def split_plain(pointer: str) -> list[str]:
    """Tokens of a plain JSON pointer ("/a/b"), taken as it is."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer {pointer!r} must start with '/'")
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def follow(document: Any, tokens: Iterable[str]) -> Any:
    """The value at `tokens` inside plain JSON-like data; KeyError when absent."""
    node = document
    for token in tokens:
        if isinstance(node, dict):
            if token not in node:
                raise KeyError(token)
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(token)
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node
