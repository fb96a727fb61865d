"""clientgen installed like any tool: the wheel, built and installed into a fresh virtual
environment, sets up a folder far from this repository and checks it, with its templates and
runtime shipped inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.install

CORPUS_SPEC = REPO_ROOT.parent / "shared" / "corpus" / "oai-petstore-3.0.yaml"
# Without the shared corpus beside the checkout, the same walk on a small spec of our own.
SPEC = CORPUS_SPEC if CORPUS_SPEC.is_file() else REPO_ROOT / "tests" / "template_overrides" / "spec.yaml"


def _run(command: list[str | Path], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    # Nothing from this checkout on the path: the installed wheel has to carry everything.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE")
    }
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_wheel_installs_and_runs_init_and_check_anywhere(tmp_path: Path) -> None:
    built = _run(
        [sys.executable, "-m", "pip", "wheel", REPO_ROOT, "--no-deps", "-w", tmp_path / "dist", "-q"],
        tmp_path,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("clientgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "generator/templates/package/README.md.jinja",
        "generator/templates/runtime/_base_client.py",
    ):
        assert shipped in names

    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    installed = _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], tmp_path)
    assert installed.returncode == 0, installed.stderr
    where = _run([bin_dir / "python", "-c", "import generator; print(generator.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv"), where.stdout

    work = tmp_path / "work"
    work.mkdir()
    clientgen = bin_dir / "clientgen"
    package = "petstore"
    init = _run([clientgen, "init", SPEC, "--package", package], work)
    assert init.returncode == 0, init.stdout + init.stderr
    assert (work / "generated" / package / package / "_base_client.py").is_file()
    assert (work / ".github" / "workflows" / "clientgen-check.yml").is_file()
    clean = _run([clientgen, "check"], work)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    copy = work / "specs" / SPEC.name
    text = copy.read_text(encoding="utf-8")
    copy.write_text(
        text.replace("  title:", "  title: Edited", 1) if "  title:" in text else text, encoding="utf-8"
    )
    assert copy.read_text(encoding="utf-8") != text
    stale = _run([clientgen, "check", "--format", "github"], work)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    annotations = [line for line in stale.stdout.splitlines() if line.startswith("::error file=")]
    assert annotations and all(line.startswith(f"::error file=generated/{package}/") for line in annotations)
