"""Spec text made safe for the place it goes in generated code.

Spec text is untrusted. It reaches generated code only through these
conversions: a string literal, a docstring body, a Python value literal, a
comment, a markdown line. Each escapes everything that could end its context
early (quotes, backslashes, line breaks of any kind, control characters, lone
surrogates), so no spec text can become code.

Readable text stays as written: "Größe", "商品", "🎉" reach the source as
themselves (files are UTF-8). Only characters that change how the code reads
are escaped (see `readable`): what Trojan Source (CVE-2021-42574) hides code
with, bidirectional controls and invisible format characters, plus whitespace
that is not a space, private-use and unassigned code points, and a combining
mark with no letter of its own to sit on (it would draw itself over a quote).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

# Characters that end string or docstring contexts, plus everything outside printable ASCII:
# the replacement decides, character by character, which of those stay as written.
_UNSAFE_IN_STRING = re.compile(r'[^\x20-\x7e]|["\\]')
_UNSAFE_IN_DOCSTRING = re.compile(r"[^\x20-\x7e\n]|\\")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# Control (Cc), format (Cf: bidi controls, zero-width and invisible characters, the BOM),
# surrogate (Cs), private use (Co), unassigned (Cn), and line, paragraph and space separators
# (Zl, Zp, Zs): shown as escapes. A plain space is printable ASCII and never reaches this test.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})
# Joiners that shape scripts and emoji (Persian, Indic, "👩‍💻"), kept between two readable
# non-ASCII characters; between ASCII letters they would hide a difference ("ad\u200dmin").
_JOINERS = frozenset("\u200c\u200d")


def readable(text: str, index: int) -> bool:
    """Whether the non-ASCII character at `text[index]` may appear in source as written."""
    char = text[index]
    category = unicodedata.category(char)
    if char in _JOINERS:
        return _readable_non_ascii(text, index - 1) and _readable_non_ascii(text, index + 1)
    if category in _HIDDEN_CATEGORIES:
        return False
    if category.startswith("M"):
        # A combining mark sits on the character before it: readable on a letter, a digit or a
        # readable non-ASCII character, never on a quote, a space or the start of the text.
        base = index - 1
        while base >= 0 and unicodedata.category(text[base]).startswith("M"):
            base -= 1
        if base < 0:
            return False
        if text[base].isascii():
            return text[base].isalnum()
        return readable(text, base)
    return True


def _readable_non_ascii(text: str, index: int) -> bool:
    return 0 <= index < len(text) and not text[index].isascii() and readable(text, index)


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in '"\\':
        return "\\" + char
    if char > "\x7f" and readable(match.string, match.start()):
        return char
    return _escape_sequence(char)


def _escape_sequence(char: str) -> str:
    """The backslash escape that spells `char` in a Python string literal."""
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def string_literal(text: str) -> str:
    """A double-quoted Python string literal whose value is `text`, on one line."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # most text: nothing `_UNSAFE_IN_STRING` matches, and no call per character
    return '"' + _UNSAFE_IN_STRING.sub(_escape_char, text) + '"'


# Printable ASCII but the double quote: inside r"...", each of these stands for itself.
_RAW_SAFE = re.compile(r"[\x20\x21\x23-\x7e]")


def regex_literal(pattern: str) -> str:
    r"""A raw string where that spells a regular expression as written (r"^\d+$"), else a plain literal."""
    if "\\" in pattern and not pattern.endswith("\\") and _raw_safe(pattern):
        return 'r"' + pattern + '"'
    return string_literal(pattern)


def _raw_safe(pattern: str) -> bool:
    return all(
        _RAW_SAFE.match(char) or (not char.isascii() and readable(pattern, index))
        for index, char in enumerate(pattern)
    )


def docstring_body(text: str) -> str:
    """Text for inside a triple-quoted docstring, with line breaks normalised to "\\n".

    Readable non-ASCII text stays as written; hidden characters are escaped.
    """
    # Most text is printable ASCII lines: no line break to normalise, nothing to escape.
    if not (text.isascii() and "\\" not in text and text.replace("\n", "").isprintable()):
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
    if text.isascii() and text.isprintable() and "  " not in text and text.strip(" ") == text:
        return text  # already one line: printable ASCII has no line break and no space but " "
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


def comment_text(text: str) -> str:
    """One line for after a `#`: hidden characters spelled as escapes, so none can end the line."""
    return _one_shown_line(text, _escape_sequence)


def plain_text(text: str) -> str:
    """One line of text for a prose file: control, bidi and other hidden characters become U+FFFD."""
    return _one_shown_line(text, lambda char: "\ufffd")


def _one_shown_line(text: str, hidden: Callable[[str], str]) -> str:
    line = one_line(text)
    if line.isascii() and line.isprintable():
        return line  # the common case, and nothing to replace: spared a look at every character
    return "".join(
        char if (char.isprintable() if char.isascii() else readable(line, index)) else hidden(char)
        for index, char in enumerate(line)
    )


def markdown_text(text: str) -> str:
    """Spec text for a generated README: one line, with markup characters neutralised."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", plain_text(text))


def json_text(value: Any) -> str:
    """Deterministic JSON, as the generated tests compare it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
