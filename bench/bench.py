"""Where generation time goes: each pipeline stage timed, per document.

    .venv/bin/python bench/bench.py [--repeat N] [--formatter ruff|black] [SPEC ...]

Each document is generated in a fresh process (as `clientgen generate` would),
N times; the table gives each stage's best time and its share of their sum
(load, validate, build, render, format), the generated lines, and the peak
memory of the process and of its child processes (ruff). Then `clientgen check`
is timed as a command for both Ingram Micro clients. Machines here are shared
and noisy: compare shares and ratios from one run, not absolute seconds across
runs. `--formatter black` times the black option instead of ruff (minutes on a
large document).

The generator measured is the one Python imports, so
`PYTHONPATH=/some/other/checkout .venv/bin/python bench/bench.py` measures
another version of it under the same conditions.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import generator
from generator import build, formatting, loader, render, validate
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
STAGES = ("load", "validate", "build", "render", "format")


def measure(spec: Path, formatter: formatting.Formatter) -> dict[str, Any]:
    """One generation of `spec` in this process: seconds per stage, sizes, peak memory."""
    seconds: dict[str, float] = {}

    def timed(stage: str, started: float) -> float:
        now = time.perf_counter()
        seconds[stage] = now - started
        return now

    diagnostics = Diagnostics()
    mark = time.perf_counter()
    loaded = loader.load(spec)
    mark = timed("load", mark)
    validated = validate.validate(loaded, diagnostics)
    mark = timed("validate", mark)
    api = build.build_api(validated, "bench_client", diagnostics)
    mark = timed("build", mark)
    files = render.render(api)
    mark = timed("render", mark)
    formatted = formatting.format_files(files, formatter)
    timed("format", mark)
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


def time_check(repeat: int) -> float:
    """Best wall time of `clientgen check` (both Ingram Micro clients) as a command."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "check"], cwd=REPO, check=True, capture_output=True
        )
        times.append(time.perf_counter() - started)
    return min(times)


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
    print(f"`clientgen check` (both Ingram Micro clients), as a command: {time_check(args.repeat):.2f}s")


if __name__ == "__main__":
    main()
