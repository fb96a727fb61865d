"""`clientgen update`: fetch a remote spec again, say what the new version changes, and re-pin it.

What changes is told by the spec's size and hash, the generated files a fresh generation would
change, and (once the API-change report fills `check_report.api_change_summary`) the API surface.
A new version that cannot be generated is reported and the pin is left as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator import api_changes, api_diff, check_report, config, drift, pins, pipeline
from generator.api_diff import Change
from generator.diagnostics import Diagnostics, Location, SpecError

_FILES_LISTED = 20


def chosen_targets(targets: list[config.Target], name: str | None, pyproject: Path) -> list[config.Target]:
    """Every target with a remote spec, or the one named (which must have one)."""
    if name is None:
        return [target for target in targets if target.spec_url is not None]
    named = [target for target in targets if target.name == name]
    where = Location(str(pyproject))
    if not named:
        known = ", ".join(target.name for target in targets)
        raise SpecError(f"no target named {name!r} (targets: {known})", where)
    if named[0].spec_url is None:
        raise SpecError(f"target {name!r} has a local spec: edit the file, then `clientgen generate`", where)
    return named


def _located_at_url(error: SpecError, scratch: Path, url: str) -> SpecError:
    """The new version's problems, pointed at its URL rather than the scratch file it was read from."""
    moved = Diagnostics()
    for diagnostic in error.diagnostics:
        location = diagnostic.location
        if location is not None and Path(location.file).is_relative_to(scratch):
            location = Location(url, location.pointer, location.line)
        moved.add(diagnostic.severity, diagnostic.message, location)
    moved.error(f"the spec now served at {url} cannot be generated; the pin is unchanged")
    return SpecError(moved)


def _changed_files(target: config.Target, new_spec: Path, url: str) -> drift.Drift:
    try:
        generated = pipeline.generate(
            new_spec,
            target.package,
            overlays=target.overlays,
            formatter=target.formatter,
            templates=target.templates,
        )
    except SpecError as exc:
        raise _located_at_url(exc, new_spec.parent, url) from None
    return drift.compare(generated.files, target.output, str(target.output))


def _file_lines(target: config.Target, changes: drift.Drift) -> list[str]:
    if changes.clean:
        return [f"{target.name}: no generated file would change"]
    counts = f"{len(changes.changed)} changed, {len(changes.missing)} added, {len(changes.extra)} removed"
    lines = [f"{target.name}: {len(changes.files)} generated files would change ({counts}):"]
    lines += [f"  {entry.kind}: {target.output / entry.path}" for entry in changes.files[:_FILES_LISTED]]
    if len(changes.files) > _FILES_LISTED:
        lines.append(f"  ... and {len(changes.files) - _FILES_LISTED} more")
    return lines


def _surface_changes(target: config.Target, new_spec: Path) -> list[Change] | None:
    """What the fetched spec changes for callers of the committed client; None without one."""
    committed = api_changes.committed(target.output)
    if committed is None:
        return None
    fresh = api_changes.from_spec(
        new_spec, target.package, None, target.overlays, target.templates, target.version
    )
    return api_diff.compare(committed, fresh.surface)


def update_target(target: config.Target) -> list[str]:
    """Fetch, compare, re-pin; the lines to print."""
    assert target.spec_url is not None and target.lock is not None, "chosen_targets keeps remote targets only"
    url, lock = target.spec_url, target.lock
    fetched = pins.fetch_update(target.name, url, lock, pins.default_copy_path(target.name, url))
    previous = fetched.previous
    if fetched.unchanged and previous is not None and (lock.parent / previous.path).is_file():
        return [f"{target.name}: {url} unchanged (sha256 {fetched.sha256}, {len(fetched.data)} bytes)"]
    was = "not pinned" if previous is None else f"{previous.size} bytes, sha256 {previous.sha256}"
    lines = [f"{target.name}: {url} was {was}; now {len(fetched.data)} bytes, sha256 {fetched.sha256}"]
    with tempfile.TemporaryDirectory(prefix="clientgen-update-") as scratch:
        new_spec = Path(scratch) / Path(fetched.copy_path).name
        new_spec.write_bytes(fetched.data)
        lines += _file_lines(target, _changed_files(target, new_spec, url))
        api_changes = check_report.api_change_summary(_surface_changes(target, new_spec))
    if api_changes is not None:
        lines.append(f"{target.name}: {api_changes.describe()}")
    pin = pins.apply_update(target.name, lock, fetched)
    lines.append(
        f"{target.name}: pinned {pin.path} in {lock.name}; run `clientgen generate` to update the client"
    )
    return lines
