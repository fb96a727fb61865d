"""The fast formatting path gives exactly what black gives for the whole module."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from generator import formatting, pipeline, render, views

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted((REPO / "tests" / "cases").glob("*/spec.yaml")) + sorted((REPO / "specs").glob("*.yml"))
GITHUB = REPO.parent / "shared" / "corpus" / "github-api.github.com-3.0.json"
needs_github = pytest.mark.skipif(not GITHUB.exists(), reason="needs the corpus's GitHub document")


def rendered_python(spec: Path) -> dict[str, str]:
    api, _ = pipeline.load_api(spec, "pkg")
    return {path: text for path, text in render.render(api).items() if path.endswith(".py")}


def assert_formats_as_black_on_whole_modules(files: dict[str, str]) -> None:
    formatted = formatting.format_files(files)
    for path, source in files.items():
        assert formatted[path] == formatting.format_whole(source), path


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.parent.name if path.name == "spec.yaml" else path.stem)
def test_unit_formatting_equals_black_on_the_whole_module(spec: Path) -> None:
    assert_formats_as_black_on_whole_modules(rendered_python(spec))


def thinned(source: str, keep_one_in: int) -> str:
    """`source` keeping one in `keep_one_in` of its top-level statements and of the members of each class kept.

    Between two statements that stay goes the roomier of the gaps that followed
    the first and preceded the second (black never asks for more blank lines than
    either had), so the layout stays the generator's.
    """
    lines = source.splitlines(keepends=True)
    dropped: set[int] = set()

    def first_line(node: ast.stmt) -> int:
        decorators: list[ast.expr] = getattr(node, "decorator_list", [])
        return min([node.lineno] + [decorator.lineno for decorator in decorators])

    def blank_lines(gap: range) -> int:
        return sum(1 for number in gap if not lines[number - 1].strip())

    def thin(body: list[ast.stmt]) -> None:
        # The first always stays (no body goes empty), and so do imports: black puts a blank line
        # after the last one, which a gap taken from between two imports would not have.
        imports = {index for index, node in enumerate(body) if isinstance(node, (ast.Import, ast.ImportFrom))}
        kept = sorted(set(range(0, len(body), keep_one_in)) | imports)
        for index, next_kept in zip(kept, [*kept[1:], len(body)]):
            node = body[index]
            if isinstance(node, ast.ClassDef):
                thin(node.body)
            after_node = (node.end_lineno or 0) + 1
            if next_kept == len(body):
                dropped.update(range(after_node, (body[-1].end_lineno or 0) + 1))
            elif next_kept > index + 1:
                gap_after = range(after_node, first_line(body[index + 1]))
                gap_before = range((body[next_kept - 1].end_lineno or 0) + 1, first_line(body[next_kept]))
                kept_gap = max(gap_after, gap_before, key=blank_lines)
                dropped.update(set(range(after_node, first_line(body[next_kept]))) - set(kept_gap))

    thin(ast.parse(source).body)
    return "".join(line for number, line in enumerate(lines, start=1) if number not in dropped)


@needs_github
def test_formatting_equals_black_on_a_sample_of_githubs_client() -> None:
    """Every kind of statement GitHub's 1,223 operations bring, with black over whole modules in seconds."""
    sample = {path: thinned(text, 5) for path, text in rendered_python(GITHUB).items()}
    assert sum(text.count("\n") for text in sample.values()) > 15_000
    assert_formats_as_black_on_whole_modules(sample)


@needs_github
@pytest.mark.skipif(not os.environ.get("CLIENTGEN_LARGE"), reason="black over 240,000 lines: set CLIENTGEN_LARGE=1")
def test_formatting_equals_black_on_githubs_whole_client() -> None:
    assert_formats_as_black_on_whole_modules(rendered_python(GITHUB))


def test_process_pool_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    files = rendered_python(REPO / "specs" / "ingram-micro-reseller-api-openapi.yml")
    in_process = formatting.format_files(files)
    monkeypatch.setattr(formatting, "_PARALLEL_THRESHOLD", 0)
    assert formatting.format_files(files) == in_process


def test_only_units_with_long_lines_are_reformatted() -> None:
    short = "def f(\n) -> int:\n    return 1\n"
    assert formatting.format_python(short) == short, "black-clean templates are trusted where no line is long"
    long_call = "x = g(" + ", ".join(f"argument_{n}" for n in range(20)) + ")\n"
    assert formatting.format_python(long_call) == formatting.format_whole(long_call) != long_call


def test_nested_statements_headers_and_docstrings_are_formatted_in_place() -> None:
    long_name = "A" * 95
    arguments = ", ".join(f"k{n}={n}" for n in range(30))
    source = (
        f"class {long_name}(Base):\n"
        '    """Doc."""\n\n'
        f"    field: int = Field({arguments})\n\n"
        "    @decorator\n"
        f"    async def method(self, {', '.join(f'a{n}: int' for n in range(15))}) -> None:\n"
        f'        """{"word " * 18}end."""\n'
        "        x = 1\n"
        "        # a comment\n"
        f"        y = await call({arguments})\n"
        "        for item in items:\n"
        f"            z = call({arguments})\n"
    )
    assert formatting.format_python(source) == formatting.format_whole(source) != source


def test_code_that_does_not_parse_is_a_clear_error() -> None:
    with pytest.raises(formatting.FormattingError, match=r"generated pkg/models\.py does not parse"):
        formatting.format_files({"pkg/models.py": "def broken(:\n", "README.md": "text"})


def test_errors_come_back_from_the_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_PARALLEL_THRESHOLD", 0)
    with pytest.raises(formatting.FormattingError, match=r"generated pkg/client\.py does not parse"):
        formatting.format_files({"pkg/models.py": "x = 1\n", "pkg/client.py": "class A(:\n"})


@pytest.mark.parametrize(
    "text",
    [
        "Reasons:\n * `off-topic`\n * `spam`",  # later lines sharing an indentation lose it
        "First.\n\n\n\nAfter two blank lines.",
        '"Quoted" first word.',
        "Line one.\n    Indented more.\n  Indented less.",
    ],
)
def test_docstrings_are_written_as_black_writes_them(text: str) -> None:
    source = "class A:\n    " + views.docstring(text, indent="    ") + "\n"
    assert formatting.format_whole(source) == source


@pytest.mark.parametrize("count", [2, 3, 4, 30])  # all on one line; items on one line of their own; one a line
def test_literals_and_calls_are_laid_out_as_black_lays_them_out(count: int) -> None:
    names = [f"argument_{n}" for n in range(count)]
    literal = views.bracketed("arguments: dict[str, Any] = {", [f'"{name}": {name}' for name in names], "}", 8)
    call = views.bracketed("request = operations.call(", [f"{name}={name}" for name in names], ")", 8)
    for statement in (literal, call):
        source = "def f():\n    if x:\n        " + statement + "\n"
        assert formatting.format_whole(source) == source


@pytest.mark.parametrize("name", render.runtime_files())
def test_the_runtime_is_written_in_blacks_layout(name: str) -> None:
    """Copied into every package, it must already be what black makes of it."""
    source = (render.templates_dir() / "runtime" / name).read_text(encoding="utf-8")
    assert formatting.format_whole(source) == source


@pytest.mark.parametrize("items", [[], ["body=" + "x" * 120]], ids=["no-arguments", "one-too-long"])
def test_calls_black_must_split_inside_an_argument_are_left_to_black(items: list[str]) -> None:
    head = "request = operations." + "a_very_long_operation_name_" * 3 + "("
    statement = views.bracketed(head, items, ")", 8)
    assert "\n" not in statement  # one line: black is given the statement as it would be written
    source = "def f():\n    if x:\n        " + statement + "\n"
    assert formatting.format_files({"m.py": source})["m.py"] == formatting.format_whole(source)


@pytest.mark.parametrize(
    "declaration",
    [
        "short: int | None = None",
        "visibility_of_runner_group: ActionsCreateSelfHostedRunnerGroupForOrgVisibility | None = None",
        "setup_future_usage: PostPaymentIntentsRequestPaymentMethodOptionsPixOption1SetupFutureUsage | None = None",
        "verification_method: PostSubscriptionsSubscriptionExposedIdRequestPaymentSettingsPaymentMethodOptionsUsBankAccountOption1VerificationMethod | None = None",
        "mode: SecurityAndAnalysisSecretScanningDelegatedBypassOptionsReviewersItemMode | None = SecurityAndAnalysisSecretScanningDelegatedBypassOptionsReviewersItemMode.ALWAYS",
    ],
)
def test_long_fields_and_class_headers_are_laid_out_as_black_lays_them_out(declaration: str) -> None:
    header = views.class_header("PostPaymentIntentsIntentConfirmRequestPaymentMethodOptionsAfterpayClearpayOption2", "_Base")
    fitted = views._fitted_field(declaration)
    source = header + "\n    " + fitted + "\n"
    if fitted != declaration or len(declaration) <= 96:
        assert formatting.format_whole(source) == source  # written as black writes it
    else:  # a name too long for any layout of ours: left to black, which the fast path still calls
        assert formatting.format_files({"m.py": source})["m.py"] == formatting.format_whole(source)
