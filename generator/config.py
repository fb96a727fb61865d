"""The `[tool.clientgen]` table of pyproject.toml: which specs become which packages.

A target's `spec` is a file, or an `https://` URL whose copy is pinned in the repository
(`generator.pins`); `templates` names a folder of template overrides.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator import pins, template_overrides
from generator.diagnostics import Location, SpecError
from generator.formatting import FORMATTERS, Formatter

_PACKAGE = re.compile(r"[a-z_][a-z0-9_]*")
# The versions a generated package takes as they are (`readme_text.package_version`).
_VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}")


@dataclass(frozen=True)
class Target:
    name: str
    spec: Path
    package: str
    output: Path
    overlays: tuple[Path, ...] = ()
    formatter: Formatter = "ruff"
    templates: Path | None = None  # a folder of template overrides
    # A remote spec: its URL and the lock file pinning it; `spec` is then where its copy is kept.
    spec_url: str | None = None
    lock: Path | None = None
    version: str | None = None  # the package version, instead of the spec's info.version


def package_from_spec(spec: Path) -> str:
    """The package a SPEC given on the command line generates, without `-p`."""
    from generator import naming  # imported when asked: it loads the naming rules

    return naming.snake_case(spec.stem) or "client"


def check_package_name(package: str, location: Location) -> str:
    if not _PACKAGE.fullmatch(package):
        raise SpecError(
            f"package name {package!r} must be a lower-case Python identifier (letters, digits, _)", location
        )
    return package


def load_targets(pyproject: Path) -> list[Target]:
    location = Location(str(pyproject))
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError("no pyproject.toml here; pass a spec file instead", location) from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"not valid TOML: {exc}", location) from None
    table = data.get("tool", {}).get("clientgen")
    if not isinstance(table, dict) or not isinstance(table.get("targets"), list):
        raise SpecError("no [[tool.clientgen.targets]] declared", location)
    root = pyproject.parent
    targets: list[Target] = []
    for index, entry in enumerate(table["targets"]):
        where = Location(str(pyproject), f"/tool/clientgen/targets/{index}")
        if not isinstance(entry, dict):
            raise SpecError("each target must be a table", where)
        if entry.get("name") in {target.name for target in targets}:
            # Names key the pins in clientgen.lock and name targets for `update`.
            raise SpecError(f"target name {entry['name']!r} is used twice", where)
        missing = [
            key for key in ("name", "spec", "package", "output") if not isinstance(entry.get(key), str)
        ]
        if missing:
            raise SpecError(f"target needs {', '.join(missing)} (text)", where)
        spec_url = entry["spec"] if pins.is_url(entry["spec"]) else None
        if spec_url is not None:
            pins.check_url(spec_url, where)
            spec = root / pins.default_copy_path(entry["name"], spec_url)
        else:
            spec = root / entry["spec"]
            if not spec.is_file():
                raise SpecError(
                    f"target {entry['name']!r} names a spec that does not exist: {entry['spec']}", where
                )
        templates = entry.get("templates")
        if templates is not None and not isinstance(templates, str):
            raise SpecError("templates must be a folder path (text)", where)
        overlays = entry.get("overlays", [])
        if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
            raise SpecError("overlays must be a list of file paths", where)
        formatter = entry.get("formatter", "ruff")
        if formatter not in FORMATTERS:
            raise SpecError(f"formatter must be one of {', '.join(FORMATTERS)}, not {formatter!r}", where)
        version = entry.get("version")
        if version is not None and not (isinstance(version, str) and _VERSION.fullmatch(version)):
            raise SpecError(f'version must be a package version such as "2.1.0", not {version!r}', where)
        targets.append(
            Target(
                name=entry["name"],
                spec=spec,
                package=check_package_name(entry["package"], where),
                output=root / entry["output"],
                overlays=tuple(root / overlay for overlay in overlays),
                formatter=formatter,
                templates=None
                if templates is None
                else template_overrides.check_folder(root / templates, where),
                spec_url=spec_url,
                lock=root / pins.LOCK_NAME if spec_url is not None else None,
                version=version,
            )
        )
    return targets
