"""The other files a document's `$ref`s lead to: where a reference points, read once each.

A reference's target is a (file, JSON pointer) pair. Files outside the spec's
folder and URLs are refused unless the caller allows them; a plain-name
fragment is the target file's `$anchor`.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import identifiers, pointers
from generator.diagnostics import SpecError
from generator.reading import LoadOptions, parse_text, read_text

if TYPE_CHECKING:
    from generator.loaded_spec import LoadedSpec


class OtherFiles:
    def __init__(self, spec: LoadedSpec, options: LoadOptions):
        self.spec = spec
        self.options = options
        self.root_dir = spec.path.parent
        self.documents: dict[Path, Any] = {spec.path: spec.data}
        self.anchors: dict[Path, identifiers.Identifiers] = {}

    def target(self, ref: str, file: Path, site: list[str]) -> tuple[Path, str]:
        address, _, fragment = ref.partition("#")
        # An absolute path names a file on this disk (the document's base URI is a file: URI);
        # a schema `$id` it might name instead was made local by `identifiers` before this.
        try:
            scheme = urllib.parse.urlparse(address).scheme
        except ValueError as exc:  # such as an unclosed "[" in the host part
            raise self._error(f"$ref {ref!r} is not a valid URI reference ({exc})", site) from None
        if scheme in {"http", "https", "file", "ftp"}:
            if not self.options.allow_remote_refs:
                raise self._error(
                    f"refusing remote $ref {ref!r} (pass --allow-remote-refs to fetch it)", site
                )
            return (Path(address), fragment)
        target = (file.parent / urllib.parse.unquote(address)).resolve() if address else file
        if not self.options.allow_outside_refs and not target.is_relative_to(self.root_dir):
            raise self._error(
                f"$ref {ref!r} leaves the spec's folder (pass --allow-outside-refs to follow it)", site
            )
        return (target, self._pointer_of(target, fragment, ref, site))

    def document(self, target_file: Path, ref: str, site: list[str]) -> Any:
        """Another file's data, read once; its JSON Schema identifiers made local pointers."""
        if target_file not in self.documents:
            if str(target_file).startswith(("http:", "https:", "file:", "ftp:")):
                import urllib.request  # 20 ms to import: only for a remote $ref

                with urllib.request.urlopen(str(target_file), timeout=30) as response:
                    text = response.read(self.options.max_bytes).decode("utf-8")
            elif not target_file.is_file():
                raise self._error(f"$ref {ref!r} points to a file that does not exist", site)
            else:
                text = read_text(target_file, self.options.max_bytes)
            self.spec.texts[target_file] = text
            notes: list[tuple[str, str]] = []
            document = parse_text(text, target_file, self.options, notes)
            self.spec.warnings.extend(
                (f"{message} in {target_file.name}", pointers.join(*site)) for message, _ in notes
            )
            if identifiers.used_in(text):
                self.anchors[target_file], warnings = identifiers.localize(document)
                self.spec.warnings.extend((message, pointers.join(*site)) for message, _ in warnings)
            self.documents[target_file] = document
        return self.documents[target_file]

    def _pointer_of(self, target_file: Path, fragment: str, ref: str, site: list[str]) -> str:
        """A fragment as a JSON pointer: a plain name (`pets.yaml#pet`) is that file's `$anchor`."""
        if not fragment or fragment.startswith("/"):
            return fragment
        self.document(target_file, ref, site)
        found = self.anchors[target_file].anchor(fragment) if target_file in self.anchors else None
        if found is None and "/" in fragment:
            self.spec.warnings.append(
                (
                    f"$ref {ref!r}: a JSON pointer starts with '/'; read as '#/{fragment}'",
                    pointers.join(*site),
                )
            )
            return "/" + fragment
        if found is None:
            raise self._error(f"$ref {ref!r} names no anchor of that file", site)
        return found

    def content(self, key: tuple[Path, str], ref: str, site: list[str]) -> Any:
        target_file, fragment = key
        document = self.document(target_file, ref, site)
        for tokens in pointers.split_readings(fragment):
            try:
                return pointers.follow(document, tokens)
            except KeyError:
                pass
        raise self._error(f"$ref {ref!r} points to nothing", site)

    def _error(self, message: str, site: list[str]) -> SpecError:
        return SpecError(message, self.spec.location(pointers.join(*site)))
