"""Spec text made safe for the place it goes in generated code.

Spec text is untrusted. It reaches generated code only through these
conversions: a string literal, a docstring body, a Python value literal, a
markdown line. Each escapes everything that could end its context early
(quotes, backslashes, line breaks of any kind, control characters, lone
surrogates), so no spec text can become code.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Everything outside printable ASCII, plus the characters that end string or docstring contexts.
_UNSAFE_IN_STRING = re.compile(r'[^\x20-\x7e]|["\\]')
_UNSAFE_IN_DOCSTRING = re.compile(r"[^\x20-\x7e\n]|\\")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def string_literal(text: str) -> str:
    """A double-quoted, ASCII-only Python string literal whose value is `text`."""
    return '"' + _UNSAFE_IN_STRING.sub(_escape_char, text) + '"'


# Printable ASCII but the double quote: inside r"...", each of these stands for itself.
_RAW_SAFE = re.compile(r"[\x20\x21\x23-\x7e]*")


def regex_literal(pattern: str) -> str:
    r"""A raw string where that spells a regular expression as written (r"^\d+$"), else a plain literal."""
    if "\\" in pattern and _RAW_SAFE.fullmatch(pattern) and not pattern.endswith("\\"):
        return 'r"' + pattern + '"'
    return string_literal(pattern)


def docstring_body(text: str) -> str:
    """Text for inside a triple-quoted docstring, with line breaks normalised to "\\n".

    Non-ASCII letters are escaped too: the docstring's value stays the spec's
    text while the source stays plain ASCII.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNSAFE_IN_DOCSTRING.sub(_escape_char, text)
    text = text.replace('"""', '\\"\\"\\"')
    lines = [line.rstrip() for line in text.strip().split("\n")]
    text = "\n".join(lines)
    # A quote right before the closing quotes would end the docstring early; an odd
    # number of backslashes before it means it is escaped already.
    trailing_backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    if text.endswith('"') and trailing_backslashes % 2 == 0:
        text = text[:-1] + '\\"'
    return text


def one_line(text: str) -> str:
    """The first paragraph of `text` on a single line, for summaries."""
    paragraph = _LINE_BREAKS.sub("\n", text).strip().split("\n\n")[0]
    return " ".join(paragraph.split())


def python_literal(value: Any) -> str:
    """Python source that evaluates to the JSON value `value`."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f"float({string_literal(str(value))})"
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{string_literal(str(k))}: {python_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    # Anything else a YAML loader produced (dates, for instance) travels as its JSON text.
    return string_literal(json.dumps(value, default=str))


_UNWRITABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(text: str) -> str:
    """One line of text for a prose file: control characters and lone surrogates become U+FFFD."""
    return _UNWRITABLE.sub("\ufffd", one_line(text))


def markdown_text(text: str) -> str:
    """Spec text for a generated README: one line, with markup characters neutralised."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", plain_text(text))


def json_text(value: Any) -> str:
    """Deterministic JSON, as the generated tests compare it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
