"""What importing a generated client costs: wall time and peak memory, each step in a fresh process.

    .venv/bin/python bench/imports.py DIST_FOLDER PACKAGE [--resource NAME] [--model NAME] [--repeat N]

Steps, cumulative: `import PACKAGE`; `Client()` and touching `client.<resource>`;
validating `{}` as `models.<model>` (which builds the model's validator).
Each figure is the best of N fresh processes; memory is the process's peak RSS,
the interpreter's own included (about 10 MB). The package is byte-compiled first,
as pip does when it installs one; `--from-source` measures without bytecode
instead (the first import after generating, or with PYTHONDONTWRITEBYTECODE set).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

STEPS = """
import json, resource, sys, time
package, resource_name, model = sys.argv[1:4]
seconds = {}
start = time.perf_counter()
module = __import__(package)
seconds["import"] = time.perf_counter() - start
if resource_name:
    client = module.Client(base_url="http://localhost")
    getattr(client, resource_name)
    seconds["+ client." + resource_name] = time.perf_counter() - start
if model:
    try:
        getattr(module.models, model).model_validate_json("{}")
    except Exception:
        pass  # the build is what is measured, not whether {} fits
    seconds["+ models." + model] = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(folder: Path, package: str, resource_name: str, model: str) -> dict[str, object]:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", STEPS, package, resource_name, model],
        cwd=folder,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("package")
    parser.add_argument("--resource", default="", help="a client attribute to touch, e.g. pulls")
    parser.add_argument("--model", default="", help="a model to validate once, e.g. PullRequest")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--from-source", action="store_true", help="remove the bytecode caches first")
    args = parser.parse_args()
    for cache in (args.folder / args.package).rglob("__pycache__"):
        shutil.rmtree(cache)
    if not args.from_source:
        compileall.compile_dir(args.folder / args.package, quiet=1, workers=0)
    runs = [measure(args.folder, args.package, args.resource, args.model) for _ in range(args.repeat)]
    for step in runs[0]["seconds"]:  # type: ignore[attr-defined]
        best = min(run["seconds"][step] for run in runs)  # type: ignore[index]
        print(f"{step:40} {best:7.2f}s")
    print(f"{'peak RSS':40} {min(run['peak_mb'] for run in runs):7.0f} MB")  # type: ignore[type-var]


if __name__ == "__main__":
    main()
