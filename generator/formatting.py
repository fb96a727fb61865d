"""Stage 5: lay out the generated Python with a real formatter: ruff (the default) or black.

Templates write correct, simple code and leave the layout to the formatter.
`ruff format` runs once over all the modules of a client, in a temporary folder
of its own (it works on files, and one process for a thousand modules is far
faster than one per module); black, the option, formats each module in process.
Ruff also lays out the Python examples in the README, which a user's ruff would.

Both run with the settings the generated `pyproject.toml` declares
(`LINE_LENGTH`, `TARGET_VERSION`), so a user's ruff or black leaves the files as
they are; tests check that both formatters do on every case spec and committed
client. Which formatter versions that holds for is pinned in clientgen's
dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import weakref
from functools import cache
from pathlib import Path
from typing import Literal, get_args

Formatter = Literal["ruff", "black"]
FORMATTERS: tuple[str, ...] = get_args(Formatter)
LINE_LENGTH = 100
TARGET_VERSION = "py310"  # the oldest Python the generated packages support


class FormattingError(RuntimeError):
    """Generated code the formatter cannot format: a generator bug, never a spec's fault."""


def format_files(files: dict[str, str], formatter: Formatter = "ruff") -> dict[str, str]:
    """Every `.py` file laid out by `formatter`, and the Python examples of the Markdown files by ruff
    (as a user's ruff would: black leaves Markdown alone); other files unchanged."""
    return PendingFormat(files, formatter).result()


class PendingFormat:
    """`format_files` begun, in parts: each part's ruff runs in a process of its own from when it is
    added, while this one goes on (rendering the next part, say), until `result()` waits for all."""

    def __init__(self, files: dict[str, str] | None = None, formatter: Formatter = "ruff"):
        self._formatter = formatter
        self._parts: list[_Part] = []
        if files:
            self.add(files)

    def add(self, files: dict[str, str]) -> None:
        self._parts.append(_Part(files, self._formatter))

    def result(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for part in self._parts:
            merged.update(part.result())
        return dict(sorted(merged.items()))


class _Part:
    """Some of the files, formatted in a process of their own; `result()` waits for them once."""

    def __init__(self, files: dict[str, str], formatter: Formatter):
        self._files = files
        self._formatter = formatter
        by_ruff = {path: text for path, text in files.items() if path.endswith(".md")}
        if formatter == "ruff":
            by_ruff.update(self._modules())
        self._ruff = _RuffRun(by_ruff) if by_ruff else None
        self._result: dict[str, str] | FormattingError | None = None

    def _modules(self) -> dict[str, str]:
        return {path: text for path, text in self._files.items() if path.endswith(".py")}

    def result(self) -> dict[str, str]:
        """The files formatted; a `FormattingError` again on every call, once one was raised."""
        if self._result is None:
            try:
                formatted = self._ruff.result() if self._ruff is not None else {}
                if self._formatter == "black":
                    formatted.update({path: _black(path, text) for path, text in self._modules().items()})
                self._result = {**self._files, **formatted}
            except FormattingError as exc:
                self._result = exc
        if isinstance(self._result, FormattingError):
            raise self._result
        return self._result


def format_python(source: str, formatter: Formatter = "ruff") -> str:
    return format_files({"module.py": source}, formatter)["module.py"]


def ruff_command() -> list[str]:
    """The ruff binary installed with clientgen (the `ruff` package), not whatever PATH finds."""
    return list(_ruff_command())


@cache
def _ruff_command() -> tuple[str, ...]:
    """Found once a process: finding it asks sysconfig for every scheme's scripts folder."""
    try:
        from ruff import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError:  # ruff is a dependency; without its module, look beside this Python
        return (str(Path(sys.executable).parent / "ruff"),)
    return (find_ruff_bin(),)


def ruff_settings() -> list[str]:
    """Command-line settings equal to the `[tool.ruff]` table of the generated pyproject.toml."""
    return [
        "--isolated",
        "--config",
        f"line-length={LINE_LENGTH}",
        "--config",
        f"target-version='{TARGET_VERSION}'",
    ]


class _RuffRun:
    """`ruff format` started over `modules`, written into a temporary folder of their own."""

    def __init__(self, modules: dict[str, str]):
        self._paths = list(modules)
        self._root = Path(tempfile.mkdtemp(prefix="clientgen-format-", dir=_scratch_parent()))
        # Removed when the run is finished with, or at exit if an error ends the process first.
        self._removal = weakref.finalize(self, shutil.rmtree, self._root, ignore_errors=True)
        # Plain `os` calls, each folder made once: thousands of files, written and read back once.
        root = str(self._root)
        for folder in sorted({os.path.dirname(path) for path in modules} - {""}):
            os.makedirs(os.path.join(root, folder), exist_ok=True)
        for path, text in modules.items():
            with open(os.path.join(root, path), "wb") as target:
                target.write(text.encode("utf-8"))
        self._process = subprocess.Popen(
            [*ruff_command(), "format", "--no-cache", *ruff_settings(), "."],
            cwd=self._root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def result(self) -> dict[str, str]:
        try:
            _, errors = self._process.communicate()
            if self._process.returncode != 0:
                raise FormattingError(f"ruff format failed on generated code:\n{errors.strip()}")
            root = str(self._root)
            return {path: _read_text(os.path.join(root, path)) for path in self._paths}
        finally:
            self._removal()


def _read_text(path: str) -> str:
    with open(path, "rb") as source:
        return source.read().decode("utf-8")


def _scratch_parent() -> str | None:
    """Memory-backed /dev/shm where there is one: a large client is thousands of small files,
    written and read back once (on some machines' /tmp that alone takes seconds)."""
    shared_memory = Path("/dev/shm")
    if shared_memory.is_dir() and os.access(shared_memory, os.W_OK):
        return str(shared_memory)
    return None  # the platform's temporary folder


def _black(path: str, source: str) -> str:
    # Imported here: black costs 50 ms to import, and ruff is the default.
    import black
    from black.parsing import InvalidInput

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)  # type: ignore[attr-defined]
    try:
        return black.format_str(source, mode=mode)
    except InvalidInput as exc:
        raise FormattingError(f"generated {path} does not parse: {exc}") from exc
