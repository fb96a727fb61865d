"""Where generation time goes: each pipeline stage timed, per document.

    .venv/bin/python bench/bench.py [--repeat N] [--formatter ruff|black] [SPEC ...]

Each document is generated in a fresh process (as `clientgen generate` would),
N times; the table gives each stage's best time and its share of their sum
(load, validate, build, render, format, write: into a new folder, its files made ahead as
`clientgen generate` makes them), the generated lines, and the peak
memory of the process and of its child processes (ruff).
Then `clientgen check`, `clientgen generate` and `clientgen --help` are timed as
commands for both Ingram Micro clients (best of N, at least 5), the generator's
modules byte-compiled first, as an installed clientgen's are. Machines here are shared
and noisy: compare shares and ratios from one run, not absolute seconds across
runs. `--formatter black` times the black option instead of ruff (minutes on a
large document).

The generator measured is the one Python imports, so
`PYTHONPATH=/some/other/checkout .venv/bin/python bench/bench.py` measures
another version of it under the same conditions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import generator
from generator import build, formatting, loader, pipeline, render, validate, writer
from generator.diagnostics import Diagnostics

REPO = Path(generator.__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DEFAULT_SPECS = [
    REPO / "specs" / "ingram-micro-reseller-api-openapi.yml",
    REPO / "specs" / "ingram-micro-vendor-api-openapi.yml",
    CORPUS / "github-api.github.com-3.0.json",
    CORPUS / "stripe-spec3-2023-09.yaml",
    CORPUS / "openai-openapi.yaml",
]
STAGES = ("load", "validate", "build", "render", "format", "write")


def measure(spec: Path, formatter: formatting.Formatter) -> dict[str, Any]:
    """One generation of `spec` in this process: seconds per stage, sizes, peak memory."""
    seconds: dict[str, float] = {}
    # As the `clientgen` command runs (an older generator measured through PYTHONPATH has it in
    # pipeline, or not at all).
    try:
        from generator.short_command import begin
    except ImportError:
        begin = getattr(pipeline, "as_a_short_command", lambda: None)
    begin()

    def timed(stage: str, started: float) -> float:
        now = time.perf_counter()
        seconds[stage] = now - started
        return now

    scratch = Path(tempfile.mkdtemp(prefix="clientgen-bench-"))
    try:
        # Into a new folder, as a first generation: `clientgen generate` starts making its files
        # there before it loads the spec (`writer.prepare`; an older generator has none).
        prepare = getattr(writer, "prepare", None)
        staged = prepare(scratch / "client", spec) if prepare is not None else None
        diagnostics = Diagnostics()
        mark = time.perf_counter()
        loaded = loader.load(spec)
        mark = timed("load", mark)
        validated = validate.validate(loaded, diagnostics)
        mark = timed("validate", mark)
        api = build.build_api(validated, "bench_client", diagnostics)
        mark = timed("build", mark)
        if staged is not None:
            staged.expect(render.file_count(api))
        files = render.render(api)
        mark = timed("render", mark)
        formatted = formatting.format_files(files, formatter)
        mark = timed("format", mark)
        if staged is not None:
            writer.write(formatted, scratch / "client", staged)
        else:
            writer.write(formatted, scratch / "client")
        timed("write", mark)
    finally:
        shutil.rmtree(scratch)
    return {
        "seconds": seconds,
        "operations": len(api.all_operations()),
        "lines": sum(text.count("\n") for path, text in formatted.items() if path.endswith(".py")),
        "peak_mb": _peak_mb(resource.RUSAGE_SELF),
        "workers_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def measure_fresh(spec: Path, formatter: str) -> dict[str, Any]:
    """`measure` in a new process, so memory peaks and caches are this document's alone."""
    command = [sys.executable, __file__, "--measure", str(spec), "--formatter", formatter]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(result.stdout))


def best_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each stage's best time over the runs; memory at its highest."""
    best = dict(runs[0])
    best["seconds"] = {stage: min(run["seconds"][stage] for run in runs) for stage in runs[0]["seconds"]}
    best["peak_mb"] = max(run["peak_mb"] for run in runs)
    best["workers_peak_mb"] = max(run["workers_peak_mb"] for run in runs)
    return best


def table_row(spec: Path, result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    total = sum(seconds[stage] for stage in STAGES)
    cells = " ".join(f"{seconds[stage]:7.2f}s {seconds[stage] / total:4.0%}" for stage in STAGES)
    row = (
        f"{spec.name[:38]:38} {result['operations']:5} {result['lines']:7} {cells} {total:7.2f}s"
        f" {result['peak_mb']:6.0f} {result['workers_peak_mb']:6.0f}"
    )
    return row


def byte_compile() -> None:
    """The generator's modules compiled, as pip does when it installs clientgen (an editable install,
    or PYTHONDONTWRITEBYTECODE, leaves every command compiling them from source)."""
    compileall.compile_dir(str(REPO / "generator"), quiet=1)


def time_commands(repeat: int) -> dict[str, float]:
    """Best wall time of `clientgen check` and of `clientgen generate` (both Ingram Micro clients,
    into a scratch copy of their output folders) as commands, each a fresh process."""
    scratch = Path(tempfile.mkdtemp(prefix="clientgen-bench-"))
    try:
        config = scratch / "pyproject.toml"
        text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
        for folder in ("specs", "generated"):
            shutil.copytree(REPO / folder, scratch / folder)
        config.write_text(text, encoding="utf-8")
        commands = {"check": ["check"], "generate": ["generate"], "--help": ["--help"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, arguments in commands.items():
                started = time.perf_counter()
                command = [sys.executable, "-m", "generator", *arguments]
                subprocess.run(command, cwd=scratch, check=True, capture_output=True)
                times[name].append(time.perf_counter() - started)
        return {name: min(values) for name, values in times.items()}
    finally:
        shutil.rmtree(scratch)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("specs", nargs="*", type=Path, metavar="SPEC")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="runs per document (best kept)")
    parser.add_argument("--formatter", choices=formatting.FORMATTERS, default="ruff")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.formatter)))
        return
    specs = args.specs or [spec for spec in DEFAULT_SPECS if spec.exists()]
    print(
        f"generator: {REPO}; best of {args.repeat} fresh process(es) per document; shares of the stages' sum"
    )
    stage_heads = " ".join(f"{stage:>13}" for stage in STAGES)
    print(f"{'document':38} {'ops':>5} {'lines':>7} {stage_heads} {'total':>8} {'MB':>6} {'MB sub':>6}")
    for spec in specs:
        runs = [measure_fresh(spec, args.formatter) for _ in range(args.repeat)]
        print(table_row(spec, best_of(runs)), flush=True)
    byte_compile()
    commands = time_commands(max(args.repeat, 5))
    print(
        "as commands, both Ingram Micro clients (best of {}): `clientgen check` {:.2f}s,"
        " `clientgen generate` {:.2f}s; `clientgen --help` (start-up alone) {:.2f}s".format(
            max(args.repeat, 5), commands["check"], commands["generate"], commands["--help"]
        )
    )


if __name__ == "__main__":
    main()
