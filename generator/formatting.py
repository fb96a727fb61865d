"""Stage 5: format generated Python with black, in process."""

from __future__ import annotations

import black

_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)


def format_python(source: str) -> str:
    try:
        return black.format_str(source, mode=_MODE)
    except black.InvalidInput as exc:  # a generator bug, never a spec's fault
        raise RuntimeError(f"generated code does not parse: {exc}") from exc


def format_files(files: dict[str, str]) -> dict[str, str]:
    return {path: format_python(text) if path.endswith(".py") else text for path, text in files.items()}
