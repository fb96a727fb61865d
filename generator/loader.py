"""Stage 1: read a spec (YAML or JSON) and bundle its `$ref`s into one document.

Local `$ref`s of the root document stay as they are; later stages resolve them
lazily, so reference cycles cost nothing here. A `$ref` into another file is
brought into the root document: a schema is hoisted into `components/schemas`
(once, however often it is referenced, so cycles across files work), anything
else is inlined where it is used. Files outside the spec's folder and URLs are
refused unless the caller allows them.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import pointers
from generator.diagnostics import Location, SpecError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_DEPTH = 500
# Values in the document once YAML aliases are expanded; stops "billion laughs" documents.
DEFAULT_MAX_NODES = 5_000_000



class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Plain scalars as YAML 1.2 reads them, which OpenAPI requires.

    PyYAML follows YAML 1.1, where `on`, `no` and `yes` are booleans, `12:30` is
    the number 750, `017` is octal and `2024-10-01` is a date; in an OpenAPI
    document those are parameter names, enum values and version strings.
    """


_YAML_1_1_ONLY = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _YAML_1_1_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)


_YamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# Keys whose values are data, never to be searched for `$ref`s ...
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})
# ... except as names in a map of named things (a response called "default").
_NAMED_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "responses",
        "$defs",
        "definitions",
        "schemas",
        "headers",
        "examples",
        "links",
        "callbacks",
        "content",
        "encoding",
        "variables",
        "webhooks",
        "dependentSchemas",
    }
)
# Where a referenced value is a schema, by the key that holds it ...
_SCHEMA_SLOTS = frozenset(
    {
        "schema",
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "if",
        "then",
        "else",
        "contentSchema",
    }
)
# ... or by the key of the map or list it sits in.
_SCHEMA_CONTAINERS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "allOf",
        "oneOf",
        "anyOf",
        "prefixItems",
    }
)
# Only a document with anchors can hide an expansion; others skip the graph check.
_YAML_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
_REMOTE_REF = re.compile(r"""["']?\$ref["']?\s*:\s*["']?(?!#)""")


@dataclass(frozen=True)
class LoadOptions:
    """Limits and permissions for reading a spec; the defaults are safe for untrusted input."""

    allow_outside_refs: bool = False
    allow_remote_refs: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES


@dataclass
class LoadedSpec:
    """The bundled document and where each part of it came from."""

    path: Path
    data: dict[str, Any]
    # Local pointer prefix -> (file, pointer there) for content brought in from other files.
    origins: dict[str, tuple[Path, str]] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    # (message, pointer) for problems found while loading that did not stop it.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def location(self, pointer: str) -> Location:
        file, inner = self.path, pointer
        best = ""
        for prefix, (origin_file, origin_pointer) in self.origins.items():
            if (pointer == prefix or pointer.startswith(prefix + "/")) and len(prefix) > len(best):
                best = prefix
                file, inner = origin_file, origin_pointer + pointer[len(prefix) :]
        line = find_line(self.texts.get(file, ""), inner)
        return Location(display_path(file), pointer if file == self.path else inner, line)


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    location = Location(display_path(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SpecError(f"file is {size} bytes, over the limit of {max_bytes}", location)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError("file not found", location) from None
    except IsADirectoryError:
        raise SpecError("is a folder, not a spec file", location) from None
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", location) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 text (byte {exc.start})", location) from None


def parse_text(text: str, path: Path, options: LoadOptions | None = None) -> Any:
    """JSON through the json module, anything else through a safe, bounded YAML loader."""
    options = options or LoadOptions()
    location = Location(display_path(path))
    if not text.strip():
        raise SpecError("file is empty", location)
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except RecursionError:
            raise SpecError("document is nested too deeply", location) from None
        except json.JSONDecodeError as exc:
            if path.suffix.lower() == ".json":
                raise SpecError(
                    f"not valid JSON: {exc.msg} (column {exc.colno})",
                    Location(location.file, line=exc.lineno),
                ) from None
    try:
        return _load_yaml(text, location, options)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise SpecError(f"not valid YAML: {problem}", Location(location.file, line=line)) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}", location) from None
    except RecursionError:
        raise SpecError("document is nested too deeply", location) from None


def _load_yaml(text: str, location: Location, options: LoadOptions) -> Any:
    yaml_loader = _YamlLoader(text)
    try:
        node = yaml_loader.get_single_node()
        if node is None:
            raise SpecError("file is empty", location)
        if _YAML_ANCHOR.search(text):
            _check_node_graph(node, options, location)
        return yaml_loader.construct_document(node)
    finally:
        yaml_loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_node_graph(root: yaml.Node, options: LoadOptions, location: Location) -> None:
    """Refuse alias cycles, alias bombs and deep nesting before building any Python object.

    Deeper nesting without anchors ends in a RecursionError, reported the same way.

    Aliases make the node graph a DAG; sizes and depths are computed once per
    node, so the check costs one pass over the text's nodes, not the expansion.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if not finished:
            if key in sizes:
                continue
            if key in in_progress:
                line = node.start_mark.line + 1
                raise SpecError("a YAML alias contains itself", Location(location.file, line=line))
            in_progress.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        in_progress.discard(key)
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        depths[key] = 1 + max((depths[id(child)] for child in children), default=0)
        if sizes[key] > options.max_nodes:
            raise SpecError(
                f"document expands to over {options.max_nodes} values through YAML aliases", location
            )
        if depths[key] > options.max_depth:
            line = node.start_mark.line + 1
            raise SpecError(
                f"document is nested deeper than {options.max_depth} levels", Location(location.file, line=line)
            )


def find_line(text: str, pointer: str) -> int | None:
    """The 1-based line of `pointer` in a YAML or JSON text (of its deepest part found); None without text.

    A mapping entry is reported on its key's line, as a block value starts on the
    line after. Only called when reporting a problem; it reads parser events and
    builds no node tree (composing GitHub's document would take seconds and
    hundreds of MB), stopping as soon as the place is passed.
    """
    if not text:
        return None
    try:
        tokens = pointers.split(pointer)
        return _LineFinder(tokens).run(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


@dataclass
class _Frame:
    """A mapping or sequence being read: where it is, and the entry now being read."""

    is_mapping: bool
    depth: int  # how many tokens of its path there are
    on_path: bool  # its path is a prefix of the pointer sought
    awaiting_key: bool = True
    key: str | None = None
    key_line: int = 0
    index: int = 0
    is_key: bool = False  # a mapping or sequence used as a key, which no pointer reaches


def _line(event: yaml.Event) -> int:
    return event.start_mark.line if event.start_mark is not None else 0


_NODE_STARTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class _LineFinder:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.best_line: int | None = None

    def run(self, text: str) -> int | None:
        stack: list[_Frame] = []
        for event in yaml.parse(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.on_path:
                    break  # the rest of the document is elsewhere
                self._value_done(stack, frame.is_key)
            elif isinstance(event, _NODE_STARTS) and self._node(stack, event):
                break
        return None if self.best_line is None else self.best_line + 1

    def _node(self, stack: list[_Frame], event: yaml.Event) -> bool:
        """Take one node's start; True once the pointer's own node is found."""
        is_container = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_mapping and parent.awaiting_key:
            if is_container:
                stack.append(_Frame(is_mapping, 0, False, is_key=True))
            else:
                parent.key = getattr(event, "value", None)
                parent.key_line = _line(event)
                parent.awaiting_key = False
            return False
        if parent is None:
            depth, on_path, line = 0, True, _line(event)
        else:
            token = parent.key if parent.is_mapping else str(parent.index)
            line = parent.key_line if parent.is_mapping else _line(event)
            depth = parent.depth + 1
            on_path = parent.on_path and depth <= len(self.tokens) and self.tokens[depth - 1] == token
        if on_path:
            self.best_line = line
            if depth == len(self.tokens):
                return True
        if is_container:
            stack.append(_Frame(is_mapping, depth, on_path))
        else:
            self._value_done(stack, False)
        return False

    @staticmethod
    def _value_done(stack: list[_Frame], was_key: bool) -> None:
        if not stack:
            return
        parent = stack[-1]
        if parent.is_mapping:
            if was_key:
                parent.key, parent.awaiting_key = None, False
            else:
                parent.awaiting_key = True
        else:
            parent.index += 1


def load(path: Path, options: LoadOptions | None = None) -> LoadedSpec:
    options = options or LoadOptions()
    path = path.resolve()
    text = read_text(path, options.max_bytes)
    data = parse_text(text, path, options)
    if not isinstance(data, dict):
        raise SpecError(
            f"expected a mapping at the top level, found {_kind(data)}", Location(display_path(path))
        )
    spec = LoadedSpec(path=path, data=data, texts={path: text})
    if _REMOTE_REF.search(text):
        _Bundler(spec, options).run()
    return spec


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)


class _Unresolvable(Exception):
    """A `$ref` whose target cannot be had, where the meaning stays clear without it."""


class _Bundler:
    def __init__(self, spec: LoadedSpec, options: LoadOptions):
        self.spec = spec
        self.options = options
        self.root_dir = spec.path.parent
        self.documents: dict[Path, Any] = {spec.path: spec.data}
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
                    key = self._target(ref, self.spec.path, site)
                    self.local_for.setdefault(key, pointers.join(*site))

    def _walk(self, node: Any, file: Path, site: list[str]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (file != self.spec.path or not ref.startswith("#")):
                return self._resolve(ref, file, site)
            result: dict[str, Any] | None = None
            named_map = bool(site) and site[-1] in _NAMED_MAPS
            for key, value in node.items():
                if key in _LITERAL_KEYS and not named_map:
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
            is_ref = isinstance(target, str) and ("/" in target or "#" in target)
            if not is_ref or (file == self.spec.path and target.startswith("#")):
                continue
            try:
                key = self._target(target, file, [*site, "discriminator", "mapping", tag])
            except _Unresolvable:
                continue
            if key in self.local_for:
                local[tag] = "#" + self.local_for[key]
            elif key[0] == self.spec.path:
                local[tag] = "#" + key[1]
        return local if local != mapping else None

    def _target(self, ref: str, file: Path, site: list[str]) -> tuple[Path, str]:
        address, _, fragment = ref.partition("#")
        if address.startswith("/") and self._is_schema_site(site):
            # An absolute path is relative to a server or a schema `$id`, not to this disk.
            raise _Unresolvable(f"$ref {ref!r} only resolves over the network")
        if urllib.parse.urlparse(address).scheme in {"http", "https", "file", "ftp"}:
            if not self.options.allow_remote_refs:
                raise self._error(f"refusing remote $ref {ref!r} (pass --allow-remote-refs to fetch it)", site)
            return (Path(address), fragment)
        target = (file.parent / urllib.parse.unquote(address)).resolve() if address else file
        if not self.options.allow_outside_refs and not target.is_relative_to(self.root_dir):
            raise self._error(f"$ref {ref!r} leaves the spec's folder (pass --allow-outside-refs to follow it)", site)
        return (target, fragment)

    def _resolve(self, ref: str, file: Path, site: list[str]) -> Any:
        try:
            key = self._target(ref, file, site)
        except _Unresolvable as exc:
            self.spec.warnings.append((str(exc) + "; typed as Any", pointers.join(*site)))
            return {}
        target_file, fragment = key
        if key in self.local_for:
            return {"$ref": "#" + self.local_for[key]}
        if target_file == self.spec.path:
            return {"$ref": "#" + fragment}
        content = self._content(key, ref, site)
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

    def _content(self, key: tuple[Path, str], ref: str, site: list[str]) -> Any:
        target_file, fragment = key
        if target_file not in self.documents:
            if str(target_file).startswith(("http:", "https:", "file:", "ftp:")):
                with urllib.request.urlopen(str(target_file), timeout=30) as response:
                    text = response.read(self.options.max_bytes).decode("utf-8")
            elif not target_file.is_file():
                raise self._error(f"$ref {ref!r} points to a file that does not exist", site)
            else:
                text = read_text(target_file, self.options.max_bytes)
            self.spec.texts[target_file] = text
            self.documents[target_file] = parse_text(text, target_file, self.options)
        try:
            return pointers.follow(self.documents[target_file], pointers.split(fragment))
        except (KeyError, ValueError):
            raise self._error(f"$ref {ref!r} points to nothing", site) from None

    @staticmethod
    def _is_schema_site(site: list[str]) -> bool:
        if site and site[-1] in _SCHEMA_SLOTS:
            return True
        return len(site) >= 2 and site[-2] in _SCHEMA_CONTAINERS

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
