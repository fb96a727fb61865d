"""Where generation time goes: each pipeline stage timed in one process, per document.

    .venv/bin/python bench/stages.py [--whole-black] [SPEC ...]

Prints seconds and share of the total per stage (load, validate, build, render,
format) and peak memory. Machines here are shared and noisy: compare shares and
ratios from one run, not absolute seconds across runs. `--whole-black` also
times black over whole modules, the reference the fast formatting path must equal.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from generator import build, formatting, loader, render, validate
from generator.diagnostics import Diagnostics

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_SPECS = [
    REPO / "specs" / "ingram-micro-reseller-api-openapi.yml",
    REPO / "specs" / "ingram-micro-vendor-api-openapi.yml",
    CORPUS / "github-api.github.com-3.0.json",
    CORPUS / "stripe-spec3-2023-09.yaml",
    CORPUS / "openai-openapi.yaml",
]


def time_stages(spec: Path, whole_black: bool) -> dict[str, float]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    loaded = loader.load(spec)
    times["load"] = time.perf_counter() - started
    diagnostics = Diagnostics()
    mark = time.perf_counter()
    validated = validate.validate(loaded, diagnostics)
    times["validate"] = time.perf_counter() - mark
    mark = time.perf_counter()
    api = build.build_api(validated, "bench_client", diagnostics)
    times["build"] = time.perf_counter() - mark
    mark = time.perf_counter()
    files = render.render(api)
    times["render"] = time.perf_counter() - mark
    mark = time.perf_counter()
    formatting.format_files(files)
    times["format"] = time.perf_counter() - mark
    times["total"] = sum(times.values())
    if whole_black:
        mark = time.perf_counter()
        for path, text in files.items():
            if path.endswith(".py"):
                formatting.format_whole(text)
        times["black, whole modules"] = time.perf_counter() - mark
    times["operations"] = len(api.all_operations())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--whole-black", action="store_true")
    args = parser.parse_args()
    specs = args.specs or [spec for spec in DEFAULT_SPECS if spec.exists()]
    stages = ["load", "validate", "build", "render", "format"]
    print(f"{'document':42} {'ops':>5} " + " ".join(f"{s:>14}" for s in stages) + f" {'total':>8}")
    for spec in specs:
        times = time_stages(spec, args.whole_black)
        cells = " ".join(f"{times[s]:6.2f}s {times[s] / times['total']:5.0%}" for s in stages)
        line = f"{spec.name[:42]:42} {int(times['operations']):5} {cells} {times['total']:7.2f}s"
        if args.whole_black:
            line += f"  (black on whole modules: {times['black, whole modules']:.1f}s)"
        print(line, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "check"], cwd=REPO, check=True, capture_output=True)
    print(f"`clientgen check` for both Ingram Micro clients, as a command: {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
