"""Where the two surfaces of a comparison come from: a spec (built as `generate` would), or a
committed client's `api.json`; and where in the specs each change can be traced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import api_diff, changelog, ir, loader, pipeline, render, surface, writer
from generator.api_diff import Change
from generator.diagnostics import Diagnostics, Location, SpecError

API_JSON = "api.json"


@dataclass(frozen=True)
class SpecSurface:
    """A spec's surface, with what locates its items for messages."""

    surface: surface.Surface
    loaded: loader.LoadedSpec  # for the file and line of a pointer
    diagnostics: Diagnostics


def from_spec(
    spec: Path,
    package: str,
    options: loader.LoadOptions | None = None,
    overlays: Sequence[Path] = (),
    templates: Path | None = None,
    version: str | None = None,
) -> SpecSurface:
    api, diagnostics = pipeline.load_api(spec, package, options, overlays, version)
    found = surface.from_api(api, render.runtime_exports("_exceptions.py", templates))
    return SpecSurface(found, loader.load(spec, options), diagnostics)


def committed(output: Path) -> surface.Surface | None:
    """The surface of the client generated into `output`, from its `api.json`; None when it has
    none (a client generated before clientgen wrote one, or none at all)."""
    path = output / API_JSON
    if not path.is_file():
        return None
    try:
        return surface.Surface.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise SpecError(
            f"not an api.json clientgen can read ({exc}); regenerate the client", Location(str(path))
        ) from None


def previous_of(output: Path) -> surface.Surface | None:
    """The committed surface, when clientgen wrote it (a hand-made api.json is not a client's) and
    can still read it: one it cannot (an older schema) is replaced by this generation unread."""
    if API_JSON not in writer.read_manifest(output):
        return None
    try:
        return committed(output)
    except SpecError:
        return None


def nearest_location(locate: Callable[[str], Location], pointer: str) -> Location:
    """Where the pointer is, or the nearest enclosing part that has a line (its line None if none does)."""
    location = locate(pointer)
    while location.line is None and pointer:
        pointer = pointer.rsplit("/", 1)[0]
        location = locate(pointer)
    return location


def line_of(loaded: loader.LoadedSpec, pointer: str) -> str:
    """`file:line` of the pointer, or of the nearest enclosing part that has a line."""
    location = nearest_location(loaded.location, pointer)
    return "" if location.line is None else f"{location.file}:{location.line}"


class Locator:
    """Turns a change's pointer into `file:line`, in the old spec or the new one."""

    def __init__(self, old: loader.LoadedSpec | None, new: loader.LoadedSpec | None):
        self.specs = {api_diff.OLD: old, api_diff.NEW: new}

    def __call__(self, side: str, pointer: str) -> str:
        loaded = self.specs.get(side)
        return line_of(loaded, pointer) if loaded is not None else ""


@dataclass(frozen=True)
class Regeneration:
    """A generation's files with its changelog, and what it changes for callers."""

    files: dict[str, str]
    previous: surface.Surface | None  # the committed client's surface; None for a first generation
    current: surface.Surface
    changes: list[Change]
    changelog_skipped: bool = False  # a CHANGELOG.md clientgen did not write is in the way

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes)

    def version_hides_a_break(self) -> bool:
        """The surface breaks callers, but the version keeps the major of the one before."""
        return (
            self.breaking
            and self.previous is not None
            and _major(self.previous.version) == _major(self.current.version)
        )


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def with_changelog(
    files: dict[str, str], api: ir.ApiModel, output: Path, templates: Path | None = None
) -> Regeneration:
    """`files` plus `CHANGELOG.md`, updated from the one in `output` with what changed since the
    client committed there (its `api.json`). Only reads `output`; the writer writes."""
    return changelog_of(api, output, templates).with_files(files)


def of_generation(
    generation: pipeline.Generation, output: Path, templates: Path | None = None
) -> Regeneration:
    """`with_changelog` of a generation whose files are still being formatted: the changelog is
    worked out meanwhile."""
    return changelog_of(generation.api, output, templates).with_files(generation.files())


@dataclass(frozen=True)
class ChangelogUpdate:
    """A `Regeneration` but for the generated files, which it is given last (still being formatted)."""

    previous: surface.Surface | None
    current: surface.Surface
    changes: list[Change]
    text: str | None  # None: a CHANGELOG.md clientgen did not write is in the way

    def with_files(self, files: dict[str, str]) -> Regeneration:
        if self.text is None:
            return Regeneration(
                dict(files), self.previous, self.current, self.changes, changelog_skipped=True
            )
        with_log = {**files, changelog.NAME: self.text}
        return Regeneration(dict(sorted(with_log.items())), self.previous, self.current, self.changes)


def changelog_of(api: ir.ApiModel, output: Path, templates: Path | None = None) -> ChangelogUpdate:
    """What `with_changelog` adds to the files, worked out from `api` alone."""
    previous = previous_of(output)
    current = surface.from_api(api, render.runtime_exports("_exceptions.py", templates))
    changes = api_diff.compare(previous, current) if previous is not None else []
    path = output / changelog.NAME
    ours = changelog.NAME in writer.read_manifest(output)
    if path.exists() and not ours:
        return ChangelogUpdate(previous, current, changes, None)
    existing = path.read_text(encoding="utf-8") if ours and path.is_file() else None
    return ChangelogUpdate(previous, current, changes, changelog.updated(existing, current.version, changes))
