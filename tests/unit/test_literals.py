"""Spec text into generated code: every conversion round-trips and none lets code in."""

from __future__ import annotations

import ast
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import literals

HOSTILE_TEXTS = [
    'say "hi"',
    '"""',
    '""""',
    'end"',
    "trailing backslash\\",
    "\\",
    "line\rbreak",
    "crlf\r\nbreak",
    "line\u2028separator\u2029paragraph",
    "nul\x00byte",
    "lone \ud800 surrogate",
    "tab\tand\x0bvertical\x0cfeed\x1c\x85",
    'injected"; import os; os.system("x"); "',
    '"""; import os #',
    "emoji 🎉 and ünïcödé",
    "'single' quotes",
    "{braces} and %s and {0}",
]


def _only_expression(source: str) -> object:
    """The value of `source`, which must be exactly one expression."""
    tree = ast.parse(source)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr), source
    return ast.literal_eval(tree.body[0].value)


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_string_literal_round_trips_and_is_ascii(text: str) -> None:
    source = literals.string_literal(text)
    assert source.isascii()
    assert "\n" not in source and "\r" not in source
    assert _only_expression(source) == text


def _docstring_module(body: str) -> ast.Module:
    return ast.parse(f'def f():\n    """{body}"""\n    return 1\n')


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_docstring_body_stays_a_docstring(text: str) -> None:
    body = literals.docstring_body(text)
    assert body.isascii()
    module = _docstring_module(body)
    [function] = module.body
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 2 and isinstance(function.body[1], ast.Return)
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    assert "".join(value.split()) == "".join(_normalised_breaks(text).split())


def _normalised_breaks(text: str) -> str:
    return literals._LINE_BREAKS.sub("\n", text)


def test_docstring_body_keeps_lines_and_drops_trailing_spaces() -> None:
    assert literals.docstring_body("  first  \r\nsecond\u2028third  \n") == "first\nsecond\nthird"


def test_docstring_body_ending_in_a_quote_or_backslash() -> None:
    for text, value in (('ends with "', 'ends with "'), ("ends with \\", "ends with \\")):
        function = _docstring_module(literals.docstring_body(text)).body[0]
        assert isinstance(function, ast.FunctionDef)
        assert ast.get_docstring(function, clean=False) == value


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_round_trips_as_string_literal(text: str) -> None:
    assert _only_expression(literals.string_literal(text)) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("\"\\\r\n \u2028ab\x00\ud800'#")))
def test_any_text_stays_inside_its_docstring(text: str) -> None:
    function = _docstring_module(literals.docstring_body(text)).body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2
    value = ast.get_docstring(function, clean=False) or ""
    assert "".join(value.split()) == "".join(_normalised_breaks(text).split())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_python_literal_round_trips_json_values(value: object) -> None:
    source = literals.python_literal(value)
    assert source.isascii() and "\n" not in source
    assert _only_expression(source) == value


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_python_literal_of_infinity(value: float) -> None:
    assert eval(literals.python_literal(value), {}) == value


def test_python_literal_of_nan() -> None:
    assert math.isnan(eval(literals.python_literal(math.nan), {}))


def test_one_line_keeps_the_first_paragraph_only() -> None:
    assert literals.one_line("  Get\r\n a  thing.\u2028\n\nMore text.") == "Get a thing."


def test_markdown_text_neutralises_markup() -> None:
    assert literals.markdown_text("a *b* [c](d) <script> `e` #f |g|\nnext") == (
        "a \\*b\\* \\[c\\](d) \\<script\\> \\`e\\` \\#f \\|g\\| next"
    )


@pytest.mark.parametrize(
    ("pattern", "source"),
    [
        (r"^\d{3}$", r'r"^\d{3}$"'),  # a raw string, as a person writes a pattern
        ("^[a-z]+$", '"^[a-z]+$"'),  # nothing to escape
        ('a"\\d', '"a\\"\\\\d"'),  # a quote: escaped instead
        ("x\\", '"x\\\\"'),  # a trailing backslash cannot end a raw string
        ("\u00e9\\d", '"\\xe9\\\\d"'),  # non-ASCII: escaped
    ],
)
def test_regex_literal(pattern: str, source: str) -> None:
    assert literals.regex_literal(pattern) == source
    assert ast.literal_eval(source) == pattern
