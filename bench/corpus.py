"""Generate a client for every corpus document and check that it compiles, imports and type-checks.

    .venv/bin/python bench/corpus.py [--mypy] [--strict] [--tests] [--keep DIR] [DOC ...]
    .venv/bin/python bench/corpus.py --list FILE   # the documents listed in FILE, one path a line

DOC is a file name (or a part of one) under the corpus folder; without any, every
document is checked. `--list` takes documents from anywhere, such as those
`bench/peer_documents.py` collects. Each client is generated in memory (`pipeline.generate`),
written by `writer.write` into a temporary folder, compiled module by module,
imported in a fresh interpreter, optionally type-checked by mypy and its
generated tests run by pytest. One row per document: a failure shows its first
error line, and a failure of one document never stops the others.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from generator import loader, naming, pipeline, writer
from generator.diagnostics import SpecError

CORPUS = Path("/work/shared/corpus")
# The DigitalOcean document is split over many files; only its entry point is a document.
MULTI_FILE_ENTRY = "digitalocean/specification/DigitalOcean-public.v2.yaml"
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_MYPY_SUMMARY = re.compile(r"Found (\d+) errors?")
_PYTEST_SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors)")
_PYTEST_NO_TESTS = 5


@dataclass
class Row:
    document: str
    operations: int = 0
    models: int = 0
    seconds: float = 0.0
    result: str = "ok"
    mypy: str = ""
    tests: str = ""


def corpus_documents(corpus: Path) -> list[Path]:
    multi_file_root = Path(MULTI_FILE_ENTRY).parts[0]
    found = [corpus / MULTI_FILE_ENTRY]
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if path.is_file() and path.suffix in SPEC_SUFFIXES and relative.parts[0] != multi_file_root:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def _selects(part: str, document: Path, corpus: Path) -> bool:
    """A DOC argument picks a document by a part of its name in the corpus, or by its path (or a folder's)."""
    if Path(part).exists():
        chosen = Path(part).resolve()
        return document.resolve() == chosen or document.resolve().is_relative_to(chosen)
    return part in document.relative_to(corpus).as_posix()


def listed_documents(listing: Path) -> tuple[Path, list[Path]]:
    """The documents a listing names, and the folder they share (rows show paths below it)."""
    documents = [
        Path(line.strip()) for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    common = Path(os.path.commonpath([str(d.parent) for d in documents])) if documents else listing.parent
    return common, documents


# A refusal's kind: its message with the document's own names and numbers taken out.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\b\d+(\.\d+)*\b")


def refusal_kind(result: str) -> str | None:
    if not result.startswith("spec error: "):
        return None
    message = result.removeprefix("spec error: ").split(" error: ", 1)[-1]
    return _NUMBER.sub("N", _QUOTED.sub("'...'", message))


def print_summary(rows: list[Row]) -> None:
    """How many documents generate, import, are refused (grouped by the kind of refusal) and crash."""
    refused = [kind for row in rows if (kind := refusal_kind(row.result)) is not None]
    crashed = sum(row.result.startswith("crash:") for row in rows)
    generated = len(rows) - len(refused) - crashed
    imported = sum(row.result == "ok" for row in rows)
    print(
        f"\n{len(rows)} documents: {generated} generated, {imported} imported, "
        f"{generated - imported} did not import, {len(refused)} refused, {crashed} crashed"
    )
    for kind, count in sorted(Counter(refused).items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:4d} refused: {kind}")


def package_for(document: Path) -> str:
    stem = document.name.removesuffix(document.suffix)
    return "client_" + naming.snake_case(stem)


def error_line(text: str) -> str:
    """The line that says what went wrong: a traceback's last error line, else the first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line]
    return (errors or lines or ["(no output)"])[-1 if errors else 0][:160]


def compile_package(package_dir: Path) -> str | None:
    for module in sorted(package_dir.rglob("*.py")):
        try:
            compile(module.read_text(encoding="utf-8"), str(module), "exec")
        except SyntaxError as exc:
            return f"{module.name}:{exc.lineno}: SyntaxError: {exc.msg}"
    return None


def run(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


# Importing is not enough: pydantic leaves a model with an unresolvable annotation
# incomplete until its first use, so every model and alias is built here.
_IMPORT_PROBE = """
import sys, pydantic
package = __import__(sys.argv[1])
from importlib import import_module
models = import_module(sys.argv[1] + ".models")
import_module(sys.argv[1] + ".operations")
package.Client().close()
for name in models.__all__:
    value = getattr(models, name)
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild(raise_errors=True)
    else:
        pydantic.TypeAdapter(value)
"""


def import_package(folder: Path, package: str) -> str | None:
    done = run([sys.executable, "-c", _IMPORT_PROBE, package], folder, timeout=600)
    return None if done.returncode == 0 else error_line(done.stderr)


def mypy_errors(folder: Path, package: str, strict: bool) -> str:
    command = [sys.executable, "-m", "mypy", "--no-incremental", "--hide-error-context", "--no-error-summary"]
    command += ["--strict"] if strict else []
    done = run(command + ["-p", package], folder, timeout=3600)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    if done.returncode not in (0, 1) or (done.returncode == 1 and not errors):
        return "crash: " + error_line(done.stderr or done.stdout)
    return str(len(errors))


def run_tests(folder: Path) -> str:
    done = run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests"], folder, timeout=3600
    )
    counts = {kind: number for number, kind in _PYTEST_SUMMARY.findall(done.stdout)}
    summary = ", ".join(f"{number} {kind}" for kind, number in counts.items()) or error_line(done.stdout)
    if done.returncode == _PYTEST_NO_TESTS:  # a document without operations has none
        return "none"
    return summary if done.returncode == 0 else f"FAIL {summary}"


def check(document: Path, corpus: Path, out_root: Path, options: argparse.Namespace) -> Row:
    row = Row(document.relative_to(corpus).as_posix())
    package = package_for(document)
    started = time.perf_counter()
    try:
        options_for_refs = loader.LoadOptions(allow_outside_refs=options.allow_outside_refs)
        generated = pipeline.generate(document, package, options_for_refs)
    except SpecError as exc:
        row.result = "spec error: " + str(exc).splitlines()[0]
        return row
    except Exception as exc:  # noqa: BLE001 - one document's crash is that row's result
        if options.verbose:
            traceback.print_exc()
        row.result = f"crash: {type(exc).__name__}: {str(exc)[:120]}"
        return row
    finally:
        row.seconds = time.perf_counter() - started
    row.operations = len(generated.api.all_operations())
    row.models = len(generated.api.models)
    folder = out_root / package
    writer.write(generated.files, folder)
    failure = compile_package(folder / package) or import_package(folder, package)
    if failure:
        row.result = failure
        return row
    if options.mypy or options.strict:
        row.mypy = mypy_errors(folder, package, options.strict)
    if options.tests:
        row.tests = run_tests(folder)
    return row


def print_table(rows: list[Row], options: argparse.Namespace) -> None:
    headers = ["document", "ops", "models", "gen s", "result"]
    if options.mypy or options.strict:
        headers.append("mypy --strict" if options.strict else "mypy")
    if options.tests:
        headers.append("tests")
    table = [headers]
    for row in rows:
        cells = [row.document, str(row.operations), str(row.models), f"{row.seconds:.1f}", row.result[:160]]
        if options.mypy or options.strict:
            cells.append(row.mypy)
        if options.tests:
            cells.append(row.tests)
        table.append(cells)
    widths = [max(len(cells[i]) for cells in table) for i in range(len(headers))]
    for index, cells in enumerate(table):
        print(" | ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip())
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "documents", nargs="*", metavar="DOC", help="corpus documents to check (substring of the path)"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--allow-outside-refs", action="store_true", help="follow $refs out of a document's folder"
    )
    parser.add_argument(
        "--list", type=Path, help="check the documents listed in this file instead of the corpus"
    )
    parser.add_argument("--mypy", action="store_true", help="type-check each client with mypy")
    parser.add_argument(
        "--strict", action="store_true", help="type-check with mypy --strict (implies --mypy)"
    )
    parser.add_argument("--tests", action="store_true", help="run each client's generated tests")
    parser.add_argument("--keep", type=Path, help="write the clients here instead of a temporary folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of generator crashes")
    options = parser.parse_args()
    if options.list:
        options.corpus, documents = listed_documents(options.list)
    else:
        documents = corpus_documents(options.corpus)
    if options.documents:
        documents = [
            d for d in documents if any(_selects(part, d, options.corpus) for part in options.documents)
        ]
    rows = []
    with tempfile.TemporaryDirectory(prefix="clientgen-corpus-") as temporary:
        out_root = options.keep or Path(temporary)
        for index, document in enumerate(documents):
            # Documents of different folders may share a file name, so each gets its own folder.
            row = check(document, options.corpus, out_root / str(index), options)
            print(
                f"  {row.document}: {row.result} {row.mypy} {row.tests}".rstrip(), file=sys.stderr, flush=True
            )
            rows.append(row)
    print_table(rows, options)
    print_summary(rows)
    failed = [
        row for row in rows if row.result != "ok" or row.mypy not in ("", "0") or row.tests.startswith("FAIL")
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
