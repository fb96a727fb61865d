"""Reading one file: its bytes, bounded, to data through the json module or a safe YAML loader.

YAML is read as YAML 1.2, which OpenAPI requires, and mapping keys keep the text
written; documents that expand through aliases beyond the limits are refused
before any Python object is built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


_YAML_1_1_ONLY = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
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
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)


_YamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    """Mapping keys as the text written: `200:` is the status code "200", `true:` the name "true".

    JSON, and so OpenAPI, has only string keys; YAML reads unquoted ones as
    numbers or booleans, which no JSON pointer or status lookup would find.
    """
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str) and isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_YamlLoader.construct_mapping = _construct_mapping

# Where the text may define an anchor (a YAML alias can only name one).
YAML_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


@dataclass(frozen=True)
class LoadOptions:
    """Limits and permissions for reading a spec; the defaults are safe for untrusted input."""

    allow_outside_refs: bool = False
    allow_remote_refs: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES


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


def parse_text(
    text: str, path: Path, options: LoadOptions | None = None, notes: list[tuple[str, str]] | None = None
) -> Any:
    """JSON through the json module, anything else through a safe, bounded YAML loader.

    `notes` receives (warning, JSON pointer) for what reading assumed.
    """
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
        return _load_yaml(text, location, options, notes if notes is not None else [])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise SpecError(f"not valid YAML: {problem}", Location(location.file, line=line)) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}", location) from None
    except RecursionError:
        raise SpecError("document is nested too deeply", location) from None


def _load_yaml(text: str, location: Location, options: LoadOptions, notes: list[tuple[str, str]]) -> Any:
    yaml_loader = _YamlLoader(text)
    try:
        node = yaml_loader.get_single_node()
        if node is None:
            raise SpecError("file is empty", location)
        if YAML_ANCHOR.search(text):
            for pointer, target in _cut_alias_cycles(node):
                notes.append((f"a YAML alias inside its own anchor: read as $ref '#{target}'", pointer))
            _check_node_graph(node, options, location)
        else:
            try:
                return _plain_value(yaml_loader, node)
            except _NotPlain:
                pass
        return yaml_loader.construct_document(node)
    except (KeyError, ValueError, IndexError) as exc:  # `!!bool maybe` in a document with anchors
        raise SpecError(f"not valid YAML: a value does not read as its tag says ({exc})", location) from None
    finally:
        yaml_loader.dispose()


class _NotPlain(Exception):
    """A node left to PyYAML's constructors: a merge key, a key that is not text, another tag."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE, _VALUE = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"
# The loader's own constructors of the other scalars it reads (the YAML 1.2 ones above).
_SCALAR_CONSTRUCTORS = {
    f"tag:yaml.org,2002:{kind}": _YamlLoader.yaml_constructors[f"tag:yaml.org,2002:{kind}"]
    for kind in ("null", "bool", "int", "float")
}


_SCALAR_NAMES = {"null": "null", "bool": "a boolean", "int": "an integer", "float": "a number"}


def _plain_value(loader: _YamlLoader, node: yaml.Node) -> Any:
    """What `construct_document` makes of a document without anchors, built directly: PyYAML's
    constructors go through a generic step per node, most of the time of reading a large YAML
    document once composed (Stripe's: 0.24 s). Mapping keys are the text written, as in
    `_construct_mapping`."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(node.tag)
        if constructor is None:
            raise _NotPlain
        try:
            return constructor(loader, node)
        except (KeyError, ValueError, IndexError):  # `!!bool maybe`, `!!int 12abc`: told, with the line
            problem = f"{node.value!r} is not {_SCALAR_NAMES[node.tag.rpartition(':')[2]]}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
    if kind is yaml.MappingNode and node.tag == _MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag in (_MERGE, _VALUE):
                raise _NotPlain
            mapping[key_node.value] = _plain_value(loader, value_node)
        return mapping
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_plain_value(loader, item) for item in node.value]
    raise _NotPlain


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _ref_node(pointer: str) -> yaml.MappingNode:
    key = yaml.ScalarNode("tag:yaml.org,2002:str", "$ref")
    return yaml.MappingNode(
        "tag:yaml.org,2002:map", [(key, yaml.ScalarNode("tag:yaml.org,2002:str", "#" + pointer))]
    )


def _slots(node: yaml.Node) -> list[tuple[int, str, yaml.Node]]:
    """(index in `node.value`, JSON pointer token, child) of a mapping's values or a sequence's items."""
    if isinstance(node, yaml.SequenceNode):
        return [(index, str(index), child) for index, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        return [
            (index, str(key.value), value)
            for index, (key, value) in enumerate(node.value)
            if isinstance(key, yaml.ScalarNode)
        ]
    return []


def _cut_alias_cycles(root: yaml.Node) -> list[tuple[str, str]]:
    """Replace each alias of a node by which it is itself contained with a `$ref` to that node.

    `Node: &n {properties: {child: *n}}` means a recursive schema; as data it
    would be infinite. Returns (pointer of the alias, pointer of its target) per cut.
    """
    pointer_of = {id(root): ""}
    on_path: set[int] = set()
    done: set[int] = set()
    cuts: list[tuple[str, str]] = []
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in done or id(node) in on_path:
            continue
        on_path.add(id(node))
        stack.append((node, True))
        for index, token, child in _slots(node):
            here = pointer_of[id(node)] + "/" + token.replace("~", "~0").replace("/", "~1")
            if id(child) in on_path:
                cuts.append((here, pointer_of[id(child)]))
                ref = _ref_node(pointer_of[id(child)])
                if isinstance(node, yaml.SequenceNode):
                    node.value[index] = ref
                else:
                    node.value[index] = (node.value[index][0], ref)
            elif id(child) not in pointer_of:
                pointer_of[id(child)] = here
                stack.append((child, False))
    return cuts


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
                f"document is nested deeper than {options.max_depth} levels",
                Location(location.file, line=line),
            )
