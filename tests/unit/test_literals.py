"""Spec text into generated code: every conversion round-trips and none lets code in."""

from __future__ import annotations

import ast
import io
import math
import tokenize
import unicodedata

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


# What may never reach source as written, by Unicode category: controls, format characters
# (bidi controls, zero-width characters, the BOM), surrogates, private use, unassigned code
# points, and separators other than the plain space. Checked without the module's own rule.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def _hidden_characters(source: str, allowed: str = "") -> list[str]:
    return [
        char
        for char in source
        if char != " " and char not in allowed and unicodedata.category(char) in _HIDDEN
    ]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_string_literal_round_trips_and_shows_every_character(text: str) -> None:
    source = literals.string_literal(text)
    assert _hidden_characters(source) == []
    assert "\n" not in source and "\r" not in source
    assert _only_expression(source) == text


def _docstring_module(body: str) -> ast.Module:
    return ast.parse(f'def f():\n    """{body}"""\n    return 1\n')


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_docstring_body_stays_a_docstring(text: str) -> None:
    body = literals.docstring_body(text)
    assert _hidden_characters(body, allowed="\n") == []
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
    assert _hidden_characters(source) == [] and "\n" not in source
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
        ("\u00e9\\d", 'r"\u00e9\\d"'),  # readable non-ASCII: as written
        ("\u202e\\d", '"\\u202e\\\\d"'),  # a bidi control: escaped
    ],
)
def test_regex_literal(pattern: str, source: str) -> None:
    assert literals.regex_literal(pattern) == source
    assert ast.literal_eval(source) == pattern


READABLE_TEXTS = [
    "Größe und Maße",  # German
    "商品の説明です。",  # Japanese
    "emoji 🎉, a family 👩‍👩‍👧 and a heart ❤️",  # emoji, with joiners and a variation selector
    "café, cafe\u0301",  # precomposed and combining accents
    "می\u200cخواهم",  # Persian with a zero-width non-joiner between letters
]


@pytest.mark.parametrize("text", READABLE_TEXTS)
def test_readable_text_stays_as_written(text: str) -> None:
    assert literals.string_literal(text) == f'"{text}"'
    assert literals.docstring_body(text) == text
    assert literals.comment_text(text) == text
    assert literals.plain_text(text) == text
    assert literals.python_literal({text: [text]}) == f'{{"{text}": ["{text}"]}}'


# One of each kind of character that changes how code reads, with the escape it gets.
HIDDEN_CHARACTERS = {
    "C0 control (NUL)": ("\x00", "\\x00"),
    "C0 control (escape)": ("\x1b", "\\x1b"),
    "DEL": ("\x7f", "\\x7f"),
    "C1 control (CSI)": ("\x9b", "\\x9b"),
    "bidi embedding": ("\u202a", "\\u202a"),
    "bidi override": ("\u202e", "\\u202e"),
    "bidi pop": ("\u202c", "\\u202c"),
    "bidi isolate": ("\u2066", "\\u2066"),
    "bidi pop isolate": ("\u2069", "\\u2069"),
    "left-to-right mark": ("\u200e", "\\u200e"),
    "right-to-left mark": ("\u200f", "\\u200f"),
    "arabic letter mark": ("\u061c", "\\u061c"),
    "zero-width space": ("\u200b", "\\u200b"),
    "word joiner": ("\u2060", "\\u2060"),
    "byte order mark": ("\ufeff", "\\ufeff"),
    "no-break space": ("\xa0", "\\xa0"),
    "ideographic space": ("\u3000", "\\u3000"),
    "private use": ("\ue000", "\\ue000"),
    "unassigned": ("\U000e0fff", "\\U000e0fff"),
    "lone surrogate": ("\udc80", "\\udc80"),
    "line separator": ("\u2028", "\\u2028"),
    "paragraph separator": ("\u2029", "\\u2029"),
    "tag character": ("\U000e0041", "\\U000e0041"),
}


@pytest.mark.parametrize("kind", sorted(HIDDEN_CHARACTERS))
def test_hidden_characters_are_escaped_everywhere(kind: str) -> None:
    char, escape = HIDDEN_CHARACTERS[kind]
    text = f"ab{char}cd"
    assert literals.string_literal(text) == f'"ab{escape}cd"'
    assert _only_expression(literals.string_literal(text)) == text
    if char not in "\u2028\u2029":  # line breaks in a docstring become "\n" (tested above)
        assert literals.docstring_body(text) == f"ab{escape}cd"
        assert char not in literals.comment_text(text) and "\n" not in literals.comment_text(text)
        assert char not in literals.plain_text(text)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("\u0301x", '"\\u0301x"'),  # a combining mark first would draw over the opening quote
        ('a"\u0301', '"a\\"\\u0301"'),  # or over an escaped quote
        ("a \u0301", '"a \\u0301"'),  # or over a space
        ("\u202e\u0301", '"\\u202e\\u0301"'),  # or over an escape
        ("ad\u200dmin", '"ad\\u200dmin"'),  # a joiner between ASCII letters hides a difference
        ("🎉\u200d", '"🎉\\u200d"'),  # a joiner with nothing to join
    ],
)
def test_marks_and_joiners_without_a_readable_base_are_escaped(text: str, source: str) -> None:
    assert literals.string_literal(text) == source
    assert _only_expression(source) == text


def test_comment_text_cannot_end_its_line() -> None:
    comment = literals.comment_text("spec\r\nimport os\x0cname\x00.yaml")
    assert comment == "spec import os name\\x00.yaml"
    tokens = list(tokenize.generate_tokens(io.StringIO(f"# {comment}\n").readline))
    assert [token.type for token in tokens] == [tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_as_a_literal_shows_every_character(text: str) -> None:
    assert _hidden_characters(literals.string_literal(text)) == []
    assert _hidden_characters(literals.docstring_body(text), allowed="\n") == []
