"""The formatting stage: ruff by default, black on request, and code both leave alone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import docstrings, formatting, ir, layout, model_views, operation_views, pipeline, render

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted((REPO / "tests" / "cases").glob("*/spec.yaml")) + sorted((REPO / "specs").glob("*.yml"))


def rendered_python(spec: Path) -> dict[str, str]:
    api, _ = pipeline.load_api(spec, "pkg")
    return {path: text for path, text in render.render(api).items() if path.endswith(".py")}


@pytest.mark.parametrize(
    "spec", SPECS, ids=lambda path: path.parent.name if path.name == "spec.yaml" else path.stem
)
def test_ruff_and_black_lay_out_the_generated_code_alike(spec: Path) -> None:
    """The formatter setting changes nothing in the output: what the templates write, both lay out the same way."""
    files = rendered_python(spec)
    by_ruff = formatting.format_files(files, "ruff")
    by_black = formatting.format_files(files, "black")
    assert by_ruff != files, "the templates leave layout to the formatter"
    for path in files:
        assert by_ruff[path] == by_black[path], path


def test_ruff_formats_all_modules_in_one_run_and_leaves_other_files_alone() -> None:
    files = {
        "pkg/a.py": "x = f(1,2)\n",
        "pkg/sub/b.py": "def g(a,b): return a\n",
        "README.md": "x = f(1,2)\n",
    }
    formatted = formatting.format_files(files)
    assert formatted == {
        "pkg/a.py": "x = f(1, 2)\n",
        "pkg/sub/b.py": "def g(a, b):\n    return a\n",
        "README.md": "x = f(1,2)\n",
    }


@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_lines_are_laid_out_at_the_declared_length(formatter: formatting.Formatter) -> None:
    """100 columns, as the generated pyproject.toml declares, not either formatter's default."""
    fits_100 = "x = call(" + ", ".join(f"argument_{n}" for n in range(7)) + ")\n"
    assert 88 < len(fits_100) <= 100
    assert formatting.format_python(fits_100, formatter) == fits_100
    too_long = "x = call(" + ", ".join(f"argument_{n}" for n in range(9)) + ")\n"
    assert 100 < len(too_long) <= 120
    formatted = formatting.format_python(too_long, formatter)
    assert formatted != too_long and max(map(len, formatted.splitlines())) <= 100


@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_code_that_does_not_parse_is_a_clear_error(formatter: formatting.Formatter) -> None:
    with pytest.raises(formatting.FormattingError, match=r"models\.py"):
        formatting.format_files({"pkg/models.py": "def broken(:\n", "README.md": "text"}, formatter)


def test_ruff_is_the_one_installed_with_clientgen() -> None:
    binary = Path(formatting.ruff_command()[0])
    assert binary.is_file()
    assert binary.parent == Path(sys.executable).parent or "site-packages" in str(binary)


@pytest.mark.parametrize(
    "text",
    [
        "Reasons:\n * `off-topic`\n * `spam`",  # later lines sharing an indentation lose it
        "First.\n\n\n\nAfter two blank lines.",
        '"Quoted" first word.',
        "Line one.\n    Indented more.\n  Indented less.",
        'Summary ending in a quote "',  # black and ruff disagree on `\" """`; both keep `\x22`
        'Ends with a backslash and a quote \\"',
    ],
)
@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_docstrings_are_written_as_both_formatters_write_them(
    text: str, formatter: formatting.Formatter
) -> None:
    source = "class A:\n    " + docstrings.docstring(text, indent="    ") + "\n"
    assert formatting.format_python(source, formatter) == source
    namespace: dict[str, type] = {}
    exec(source, namespace)  # noqa: S102 - our own generated snippet
    assert namespace["A"].__doc__ is not None and namespace["A"].__doc__.strip().endswith(text.strip()[-1])


@pytest.mark.parametrize("name", render.runtime_files())
@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_the_runtime_is_written_in_the_formatters_layout(name: str, formatter: formatting.Formatter) -> None:
    """Copied into every package, it must already be what both formatters make of it."""
    source = (render.templates_dir() / "runtime" / name).read_text(encoding="utf-8")
    assert formatting.format_python(source, formatter) == source


def _model(name: str) -> ir.TypeRef:
    return ir.ModelRef(name)


LONG = "PutMetadataTemplatesEnterpriseSecurityClassification6VMVochwUWoSchemaAddRequestItemFieldKey"
LONG_ENUM = "CodeSecurityCreateConfigurationForEnterpriseRequestCodeScanningDelegatedAlertDismissal"
# Fields where black and ruff, given the plain form, lay it out differently (found on Box's and GitHub's clients).
FIELDS = [
    ir.Field("field_key", "fieldKey", _model(LONG), True),
    ir.Field(
        "dismissal", "dismissal", ir.optional(_model(LONG_ENUM)), False, ir.MemberOf(LONG_ENUM, "DISABLED")
    ),
    ir.Field(
        "dismissal",
        "dismissalMode",
        ir.optional(_model(LONG_ENUM)),
        False,
        ir.MemberOf(LONG_ENUM, "DISABLED"),
    ),
    ir.Field("mode", "mode", ir.optional(_model(LONG)), False, None),
    ir.Field("short", "short", ir.optional(_model("Pet")), False, None),
]


@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_long_fields_are_written_in_a_form_both_formatters_lay_out_alike(
    formatter: formatting.Formatter,
) -> None:
    source = "class A(Base):\n" + "".join(f"    {model_views.field_declaration(field)}\n" for field in FIELDS)
    formatted = formatting.format_python(source, formatter)
    assert (
        formatting.format_python(formatted, "black")
        == formatting.format_python(formatted, "ruff")
        == formatted
    )


@pytest.mark.parametrize("formatter", formatting.FORMATTERS)
def test_long_parameters_and_bare_builders_are_written_in_a_form_both_formatters_lay_out_alike(
    formatter: formatting.Formatter,
) -> None:
    long_union = f"models.{LONG} | dict[str, Any]"
    nested = f"dict[str, list[str | models.{LONG} | models.{LONG_ENUM}]]"
    parameters = [
        layout.Argument("body", long_union, None, ""),
        layout.Argument("body", long_union + " | None", "None", ""),
        layout.Argument("body", nested, None, ""),
        layout.Argument("short", "int | None", "None", ""),
    ]
    source = "".join(
        f"def f(\n    *,\n    {argument.declaration(4)},\n) -> None:\n    pass\n\n\n"
        f"class A:\n    def f(\n        self,\n        *,\n        {argument.declaration(8)},\n    ) -> None:\n        pass\n\n\n"
        for argument in parameters
    )
    returned = ir.union(_model("InteractionLimitResponse"), _model(LONG), ir.Primitive(ir.Scalar.NONE))
    example = ir.OperationExample((), "/", (), (), "", 200, "")
    operation = ir.Operation(
        "interactions_get_restrictions", "x", "GET", "/", "", "", False, (), None, (), returned, example
    )
    source += f"{operation_views.operation_view(operation).builder_header}\n    pass\n"
    formatted = formatting.format_python(source, formatter)
    assert (
        formatting.format_python(formatted, "black")
        == formatting.format_python(formatted, "ruff")
        == formatted
    )
