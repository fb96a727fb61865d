"""The stages in order: load, validate, build, render, format. Nothing here writes."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator import build, formatting, ir, loader, overlay, render, validate
from generator.diagnostics import Diagnostics, Location, SpecError

_Target = TypeVar("_Target")
_Started = TypeVar("_Started")


@dataclass(frozen=True)
class Generated:
    """A client's files, with the model they came from and what was said on the way."""

    api: ir.ApiModel
    files: dict[str, str]
    diagnostics: Diagnostics


def bundled_document(
    spec: Path, options: loader.LoadOptions | None = None, overlays: Sequence[Path] = ()
) -> dict[str, Any]:
    """The document as clientgen reads it: external `$ref`s bundled, overlays applied."""
    loaded = loader.load(spec, options)
    for overlay_path in overlays:
        overlay.apply_overlay(loaded.data, overlay_path, options)
    return loaded.data


def load_api(
    spec: Path,
    package: str,
    options: loader.LoadOptions | None = None,
    overlays: Sequence[Path] = (),
    version: str | None = None,
) -> tuple[ir.ApiModel, Diagnostics]:
    """`version`: the package version to give the client instead of the spec's `info.version`."""
    diagnostics = Diagnostics()
    loaded = loader.load(spec, options)
    for overlay_path in overlays:
        overlay.apply_overlay(loaded.data, overlay_path, options)
    validated = validate.validate(loaded, diagnostics)
    try:
        api = build.build_api(validated, package, diagnostics)
    except RecursionError:
        raise SpecError("schemas are nested too deeply to follow", loaded.location("")) from None
    return (api if version is None else dataclasses.replace(api, version=version)), diagnostics


def generate(
    spec: Path,
    package: str,
    options: loader.LoadOptions | None = None,
    overlays: Sequence[Path] = (),
    formatter: formatting.Formatter = "ruff",
    templates: Path | None = None,
    version: str | None = None,
) -> Generated:
    """`templates`: a folder whose templates replace clientgen's of the same relative name;
    `version`: the package version, instead of the spec's."""
    generation = start(spec, package, options, overlays, formatter, templates, version)
    return Generated(generation.api, generation.files(), generation.diagnostics)


class Generation:
    """A generation whose formatting still runs (in processes of its own): `files()` waits for it,
    so the caller can work out what else it needs of `api` meanwhile."""

    def __init__(
        self,
        api: ir.ApiModel,
        diagnostics: Diagnostics,
        formatting_run: formatting.PendingFormat,
        templates: Path | None,
    ):
        self.api = api
        self.diagnostics = diagnostics
        self._formatting = formatting_run
        self._templates = templates

    def files(self) -> dict[str, str]:
        try:
            return self._formatting.result()
        except formatting.FormattingError as exc:
            if self._templates is None:
                raise
            # Code from a user's templates that does not parse is the user's to fix.
            raise SpecError(
                f"the code written by these templates does not format: {exc}", Location(str(self._templates))
            ) from None


def start(
    spec: Path,
    package: str,
    options: loader.LoadOptions | None = None,
    overlays: Sequence[Path] = (),
    formatter: formatting.Formatter = "ruff",
    templates: Path | None = None,
    version: str | None = None,
    expect_files: Callable[[int], None] = lambda count: None,
) -> Generation:
    """`generate` up to the formatter's start: its arguments, and what it raises but a formatting error;
    `expect_files` is told about how many files there will be, once the client is built."""
    api, diagnostics = load_api(spec, package, options, overlays, version)
    expect_files(render.file_count(api))
    provenance = render.Provenance(render.clientgen_version(), hashlib.sha256(spec.read_bytes()).hexdigest())
    formatting_run = formatting.PendingFormat(formatter=formatter)
    for part in render.render_parts(api, templates, provenance):
        formatting_run.add(part)  # each part is formatted while the next is rendered
    return Generation(api, diagnostics, formatting_run, templates)


def one_ahead(
    targets: Iterable[_Target],
    start: Callable[[_Target], _Started],
    may_start_early: Callable[[_Target], bool] = lambda target: True,
) -> Iterator[_Started]:
    """Each target started before the caller is done with the one before, so that one's formatter
    runs while this one is generated (unless `may_start_early` says starting it may print). An
    error starting a target is raised once the one before is done with, as it would be in turn."""
    previous: list[_Started] = []
    for target in targets:
        if previous and not may_start_early(target):
            yield previous.pop()
        try:
            started = start(target)
        except Exception:
            yield from previous
            raise
        yield from previous
        previous = [started]
    yield from previous
