"""The pieces `compare.py` runs: the two generators, the virtual environments, the floor, the stages.

clientgen is driven only through its command line (`python -m generator`, the one
Python imports, so `PYTHONPATH=/other/checkout` measures another version) and its
output is found by the package's name, never by the files it writes today.
openapi-python-client lives in its own virtual environment under `.cache/bench/`,
a benchmark-only dependency; the generated clients of both tools are imported in a
third one, holding only what the clients need.
"""

from __future__ import annotations

import compileall
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proctree import ProcessRun, run_measured

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = REPO / ".cache" / "bench"
PEER_VENV = CACHE / "peer-venv"
CLIENTS_VENV = CACHE / "clients-venv"
OUTPUT = CACHE / "out"
PEER_REQUIREMENTS = ["openapi-python-client==0.29.1", "ruff"]  # the peer formats with ruff
# What the generated clients import: clientgen's declare theirs (httpx, pydantic); the peer's use attrs
# and dateutil besides.
CLIENT_REQUIREMENTS = ["httpx>=0.27,<1", "pydantic>=2.11,<3", "attrs", "python-dateutil"]
PROBE = BENCH / "compare_probe.py"
CORPUS = REPO.parent / "shared" / "corpus"
GITHUB = CORPUS / "github-api.github.com-3.0.json"
DEFAULT_DOCUMENTS = [GITHUB, CORPUS / "stripe-spec3-2023-09.yaml", CORPUS / "openai-openapi.yaml"]
# The resource and operation a first call touches, by document; elsewhere the client's first ones.
# Each is one the peer also parses into models: for 536 of GitHub's operations it types the success
# response as Any, and it returns None for OpenAI's assistants.
FIRST_CALL = {
    GITHUB.name: ("pulls", "pulls_list_commits"),
    "stripe-spec3-2023-09.yaml": ("", "get_customers_customer"),  # no tags: the client's own method
    "openai-openapi.yaml": ("chat", "get_chat_completion"),  # the peer drops assistants' responses
}


@dataclass(frozen=True)
class Generated:
    """One generator's run on one document: its cost and, when it worked, where the package is."""

    run: ProcessRun
    package: str
    package_root: Path | None  # the folder to put on sys.path, None when generation failed

    @property
    def failure(self) -> str | None:
        if self.package_root is not None:
            return None
        lines = [line for line in (self.run.stderr + self.run.stdout).splitlines() if line.strip()]
        return f"exit {self.run.returncode}: {lines[-1][:160] if lines else 'no output'}"


def ensure_venv(folder: Path, requirements: list[str]) -> Path:
    """A virtual environment holding `requirements`, reused when it already does; its python."""
    python = folder / "bin" / "python"
    marker = folder / ".bench-requirements"
    if python.exists() and marker.exists() and marker.read_text() == "\n".join(requirements):
        return python
    print(f"setting up {folder.relative_to(REPO)}: {' '.join(requirements)}", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    marker.write_text("\n".join(requirements))
    return python


def peer_version() -> str:
    result = subprocess.run(
        [str(PEER_VENV / "bin" / "python"), "-m", "pip", "show", "openapi-python-client"],
        check=False,
        capture_output=True,
        text=True,
    )
    found = re.search(r"^Version: (\S+)", result.stdout, re.MULTILINE)
    return found.group(1) if found else "unknown"


def package_name(tool: str, document: Path) -> str:
    """`cg_github`, `peer_github`: the first word of the document's name."""
    word = re.sub(r"[^a-z0-9]", "", document.name.split("-")[0].split(".")[0].lower()) or "api"
    return f"{'cg' if tool == 'clientgen' else 'peer'}_{word}"


def find_package_root(folder: Path, package: str) -> Path | None:
    """The folder holding `package/__init__.py` anywhere under `folder` (a src/ layout too)."""
    for candidate in sorted(folder.rglob(f"{package}/__init__.py"), key=lambda path: len(path.parts)):
        return candidate.parent.parent
    return None


def generate(tool: str, document: Path) -> Generated:
    """A fresh output folder, one whole generator process on the document, measured."""
    package = package_name(tool, document)
    folder = OUTPUT / tool / package
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if tool == "clientgen":
        command = [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(document),
            "-o",
            str(folder),
            "-p",
            package,
        ]
        env = dict(os.environ)
    else:
        config = OUTPUT / f"{package}.config.json"
        config.write_text(json.dumps({"package_name_override": package, "project_name_override": package}))
        command = [str(PEER_VENV / "bin" / "openapi-python-client"), "generate", "--path", str(document)]
        command += ["--config", str(config), "--output-path", str(folder / package), "--meta", "none"]
        command += ["--overwrite"]
        # Its post-hooks run `ruff check --fix` and `ruff format` from PATH: its own venv's ruff.
        env = {**os.environ, "PATH": f"{PEER_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = run_measured(command, cwd=folder, env=env)
    root = find_package_root(folder, package) if run.ok else None
    return Generated(run=run, package=package, package_root=root)


def examples_file(generated: Generated) -> str:
    """clientgen's generated example responses (`tests/examples.json` today), wherever they are."""
    if generated.package_root is None:
        return ""
    folder = OUTPUT / "clientgen" / generated.package
    found = sorted(folder.rglob("examples.json"), key=lambda path: len(path.parts))
    return str(found[0]) if found else ""


def probe(python: Path, package_root: Path, *arguments: str) -> tuple[ProcessRun, dict[str, Any] | None]:
    """`compare_probe.py` in a fresh process of the clients' environment, the package on its path."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    run = run_measured([str(python), str(PROBE), *arguments], cwd=package_root, env=env)
    if not run.ok:
        return run, None
    return run, dict(json.loads(run.stdout.strip().splitlines()[-1]))


def floor_seconds() -> float:
    """`json.load` of GitHub's document in a fresh process: the load alone, without start-up."""
    code = "import json, sys, time; t = time.perf_counter(); json.load(open(sys.argv[1], 'rb'))"
    code += "; print(time.perf_counter() - t)"
    result = subprocess.run([sys.executable, "-c", code, str(GITHUB)], check=True, capture_output=True)
    return float(result.stdout)


def stage_seconds(document: Path) -> dict[str, float] | str:
    """`bench/bench.py`'s per-stage seconds of one generation in a fresh process, or why not."""
    command = [sys.executable, str(BENCH / "bench.py"), "--measure", str(document)]
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        return f"bench.py --measure failed: {lines[-1] if lines else result.returncode}"
    return {stage: float(seconds) for stage, seconds in json.loads(result.stdout)["seconds"].items()}


def ingram_commands() -> dict[str, list[str]]:
    """`clientgen generate` (each configured target, then all) and `clientgen check`, as run here.

    The repository's own [tool.clientgen] targets, written to a scratch config whose outputs are
    under `.cache/bench/`, so timing `generate` never rewrites the committed clients.
    """
    targets = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["clientgen"]["targets"]
    scratch = OUTPUT / "ingram"
    scratch.mkdir(parents=True, exist_ok=True)
    commands: dict[str, list[str]] = {}
    blocks = []
    for target in targets:
        block = _target_toml(target, scratch)
        blocks.append(block)
        config = scratch / f"{target['name']}.toml"
        config.write_text(block)
        commands[f"clientgen generate ({target['name']})"] = ["generate", "--config", str(config)]
    everything = scratch / "all.toml"
    everything.write_text("\n".join(blocks))
    commands["clientgen generate (all targets)"] = ["generate", "--config", str(everything)]
    commands["clientgen check (all targets)"] = ["check"]
    commands["clientgen --help (start-up alone)"] = ["--help"]
    return {name: [sys.executable, "-m", "generator", *arguments] for name, arguments in commands.items()}


def _target_toml(target: dict[str, Any], scratch: Path) -> str:
    """One [[tool.clientgen.targets]] table with absolute paths and the output moved to `scratch`."""
    values = dict(target)
    values["spec"] = str(REPO / target["spec"])
    values["output"] = str(scratch / target["name"])
    if "overlays" in target:
        values["overlays"] = [str(REPO / overlay) for overlay in target["overlays"]]
    lines = ["[[tool.clientgen.targets]]"] + [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def byte_compile_generator() -> None:
    """The generator's modules compiled, as pip compiles an installed clientgen (and the peer): an
    editable install under PYTHONDONTWRITEBYTECODE would compile them from source in every run."""
    spec = importlib.util.find_spec("generator")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def run_ingram(command: list[str]) -> ProcessRun:
    return run_measured(command, cwd=REPO)
