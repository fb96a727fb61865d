"""Bringing `$ref`s into other files into the root document.

A schema is hoisted into `components/schemas` (once, however often it is
referenced, so cycles across files work), anything else is inlined where it is
used. Files outside the spec's folder and URLs are refused unless the caller
allows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import pointers, ref_sites
from generator.diagnostics import SpecError
from generator.other_files import OtherFiles
from generator.reading import LoadOptions

if TYPE_CHECKING:
    from generator.loaded_spec import LoadedSpec


def names_other_file(mapping_target: str, local: bool = True) -> bool:
    """Whether a discriminator's mapping value is a reference the bundler must follow: a value
    without a `/` or `#` is a schema name, and in the root document `#...` is already local."""
    is_ref = "/" in mapping_target or "#" in mapping_target
    return is_ref and not (local and mapping_target.startswith("#"))


class Bundler:
    def __init__(self, spec: LoadedSpec, options: LoadOptions):
        self.spec = spec
        self.files = OtherFiles(spec, options)
        self.local_for: dict[tuple[Path, str], str] = {}
        self.inlining: list[tuple[Path, str]] = []
        schemas = spec.data.get("components", {}).get("schemas", {})
        self.taken_names = set(schemas) if isinstance(schemas, dict) else set()
        self.hoisted: dict[str, Any] = {}

    def run(self) -> None:
        self._claim_component_targets()
        data = self._walk(self.spec.data, self.spec.path, [])
        if self.hoisted:
            components = data.setdefault("components", {})
            components.setdefault("schemas", {}).update(self.hoisted)
        self.spec.data = data

    def _claim_component_targets(self) -> None:
        """A component that is only a `$ref` to another file names that target."""
        components = self.spec.data.get("components")
        if not isinstance(components, dict):
            return
        for kind, entries in components.items():
            if not isinstance(entries, dict):
                continue
            for name, entry in entries.items():
                ref = entry.get("$ref") if isinstance(entry, dict) else None
                if isinstance(ref, str) and not ref.startswith("#"):
                    site = ["components", kind, name]
                    key = self.files.target(ref, self.spec.path, site)
                    self.local_for.setdefault(key, pointers.join(*site))

    def _walk(self, node: Any, file: Path, site: list[str]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref") if not (site and site[-1] in ref_sites.NAMED_TEXTS) else None
            if isinstance(ref, str) and (file != self.spec.path or not ref.startswith("#")):
                return self._resolve(ref, file, site)
            result: dict[str, Any] | None = None
            named_map = bool(site) and site[-1] in ref_sites.NAMED_MAPS
            for key, value in node.items():
                if key in ref_sites.LITERAL_KEYS and not named_map:
                    continue
                site.append(key)
                new = self._walk(value, file, site)
                site.pop()
                if new is not value:
                    if result is None:
                        result = dict(node)
                    result[key] = new
            mapping = self._local_mapping(node, file, site)
            if mapping is not None:
                result = dict(node) if result is None else result
                result["discriminator"] = {**node["discriminator"], "mapping": mapping}
            return node if result is None else result
        if isinstance(node, list):
            items: list[Any] | None = None
            for index, value in enumerate(node):
                site.append(str(index))
                new = self._walk(value, file, site)
                site.pop()
                if new is not value:
                    if items is None:
                        items = list(node)
                    items[index] = new
            return node if items is None else items
        return node

    def _local_mapping(self, node: dict[str, Any], file: Path, site: list[str]) -> dict[str, Any] | None:
        """A discriminator's mapping with references into other files made local, as its members' were.

        Called after the members are walked, so a target they brought in has its
        local name. A value without a `/` or `#` is a schema name and stays.
        """
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict):
            return None
        local: dict[str, Any] = {}
        for tag, target in mapping.items():
            local[tag] = target
            if not isinstance(target, str) or not names_other_file(target, local=file == self.spec.path):
                continue
            key = self.files.target(target, file, [*site, "discriminator", "mapping", tag])
            if key in self.local_for:
                local[tag] = "#" + self.local_for[key]
            elif key[0] == self.spec.path:
                local[tag] = "#" + key[1]
        return local if local != mapping else None

    def _resolve(self, ref: str, file: Path, site: list[str]) -> Any:
        key = self.files.target(ref, file, site)
        target_file, fragment = key
        # A component that only names another file's entry claimed that entry's place (see
        # `_claim_component_targets`); at that component itself, the content is brought in.
        if key in self.local_for and self.local_for[key] != pointers.join(*site):
            return {"$ref": "#" + self.local_for[key]}
        if target_file == self.spec.path:
            return {"$ref": "#" + fragment}
        content = self.files.content(key, ref, site)
        if len(site) == 3 and site[0] == "components":
            local = pointers.join(*site)
            self.local_for[key] = local
            self.spec.origins[local] = key
            return self._walk(content, target_file, site)
        if self._is_schema_site(site):
            name = self._hoist_name(key)
            local = pointers.join("components", "schemas", name)
            self.local_for[key] = local
            self.spec.origins[local] = key
            self.hoisted[name] = self._walk(content, target_file, ["components", "schemas", name])
            return {"$ref": "#" + local}
        if key in self.inlining:
            raise self._error(f"$ref {ref!r} refers back to itself", site)
        self.inlining.append(key)
        try:
            return self._walk(content, target_file, site)
        finally:
            self.inlining.pop()

    @staticmethod
    def _is_schema_site(site: list[str]) -> bool:
        if site and site[-1] in ref_sites.SCHEMA_SLOTS:
            return True
        return len(site) >= 2 and site[-2] in ref_sites.SCHEMA_CONTAINERS

    def _hoist_name(self, key: tuple[Path, str]) -> str:
        target_file, fragment = key
        tokens = pointers.split(fragment)
        base = tokens[-1] if tokens else target_file.stem
        name, counter = base, 1
        while name in self.taken_names:
            counter += 1
            name = f"{base}{counter}"
        self.taken_names.add(name)
        return name

    def _error(self, message: str, site: list[str]) -> SpecError:
        return SpecError(message, self.spec.location(pointers.join(*site)))
