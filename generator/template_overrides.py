"""A user's templates folder (`--templates DIR`, a target's `templates` key) in front of clientgen's.

Any file found in the folder under the relative name of one of clientgen's templates replaces it
(`package/README.md.jinja`, `runtime/_retry.py`); everything else comes from clientgen. A template
that fails to render is bad input: one line naming the template file and line, exit 2.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2

from generator.diagnostics import Location, SpecError


def loader(builtin: Path, overrides: Path | None) -> jinja2.BaseLoader:
    if overrides is None:
        return jinja2.FileSystemLoader(builtin)
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(overrides), jinja2.FileSystemLoader(builtin)])


def template_file(name: str, builtin: Path, overrides: Path | None) -> Path:
    """The file a template name resolves to: the override when the folder has one."""
    if overrides is not None and (overrides / name).is_file():
        return overrides / name
    return builtin / name


def template_names(builtin: Path) -> list[str]:
    """Every template clientgen has, by the relative name an override uses."""
    return sorted(
        path.relative_to(builtin).as_posix()
        for path in builtin.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def check_folder(overrides: Path, location: Location) -> Path:
    if not overrides.is_dir():
        raise SpecError(f"templates folder {overrides} does not exist or is not a folder", location)
    return overrides


def _failing_template_line(error: BaseException) -> tuple[str, int] | None:
    """The template file and line an exception was raised from: Jinja compiles each template to
    code whose frames carry the template's own file name and line numbers."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename and error.lineno:
        return error.filename, error.lineno
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".jinja")
    ]
    if not frames or frames[-1].lineno is None:
        return None
    return frames[-1].filename, frames[-1].lineno


def _template_name(file: str, builtin: Path, overrides: Path | None) -> str:
    for folder in (overrides, builtin):
        if folder is not None and Path(file).is_relative_to(folder):
            return Path(file).relative_to(folder).as_posix()
    return Path(file).name


@contextmanager
def reporting_template_errors(builtin: Path, overrides: Path | None) -> Iterator[None]:
    """Turn an exception raised inside a template into bad input that names the template and line."""
    try:
        yield
    except SpecError:
        raise
    except Exception as exc:
        where = _failing_template_line(exc)
        if where is None:
            if isinstance(exc, jinja2.TemplateNotFound):
                raise SpecError(
                    f"template {exc.name} not found", Location(str(overrides or builtin))
                ) from exc
            raise
        file, line = where
        is_override = overrides is not None and Path(file).is_relative_to(overrides)
        if not (is_override or isinstance(exc, jinja2.TemplateError)):
            raise  # clientgen's own template calling clientgen's code: a bug, not bad input
        name = _template_name(file, builtin, overrides)
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        raise SpecError(
            f"template {name} failed to render: {type(exc).__name__}: {message}", Location(file, line=line)
        ) from exc
