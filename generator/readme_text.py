"""Spec text as the README and the `pyproject.toml` print it."""

from __future__ import annotations

import re

from generator import ir, literals


def package_version(api: ir.ApiModel) -> str:
    """The spec's version where it is a valid package version; otherwise 0.1.0."""
    return api.version if re.fullmatch(r"[0-9]+(\.[0-9]+){0,3}", api.version) else "0.1.0"


def toml_string(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        if 0xD800 <= code <= 0xDFFF:
            return "\\uFFFD"
        return f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"

    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[^\x20-\x7e]", escape, escaped) + '"'


def markdown(text: str) -> str:
    return literals.markdown_text(text)


def markdown_code(text: str) -> str:
    """Text inside single backticks: no backtick or line break can end it."""
    if (
        text.isascii()
        and text.isprintable()
        and "`" not in text
        and "  " not in text
        and text.strip(" ") == text
    ):
        return text  # a name or a type, as most are: `plain_text` would give it back as it is
    return literals.plain_text(text).replace("`", "'")
