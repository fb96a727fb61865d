"""Line numbers for diagnostics: where a JSON pointer sits in a YAML or JSON text."""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass

import yaml

from generator import pointers

# Line breaks YAML counts besides "\n" ("\r\n" counts once, as "\n" alone does).
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_json_value = json.JSONDecoder().raw_decode


def find_line(text: str, pointer: str) -> int | None:
    """The 1-based line of `pointer` in a YAML or JSON text (of its deepest part found); None without text.

    A mapping entry is reported on its key's line, as a block value starts on the
    line after. Only called when reporting a problem. The YAML parser's events are
    the reference reading, stopping as soon as the place is passed; a JSON text is
    read faster by skipping whole values (composing GitHub's document would take
    seconds and hundreds of MB), a YAML text asked about again and again from a node
    tree composed once.
    """
    if not text:
        return None
    try:
        tokens = pointers.split(pointer)
        is_json = text.startswith(("{", "["), _skip_space(text, 0))
        found = _json_line(text, tokens) if is_json else _composed_line(text, tokens)
        return found if found is not None else _LineFinder(tokens).run(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def _json_line(text: str, tokens: list[str]) -> int | None:
    """The line as YAML parsing finds it, for a text that opens as JSON, found by skipping the values off
    the pointer's path whole (decoded in C) rather than reading a parser event per node; None where the
    text is not plain JSON, counts lines differently or lacks the pointer (the YAML reading then decides)."""
    position = best = _skip_space(text, 0)
    try:
        for token in tokens:
            found = _json_entry(text, position, token)
            if found is None:
                return None  # YAML's reading then finds the deepest part, past any duplicate keys
            best, position = found
    except (ValueError, IndexError):
        return None
    prefix = text[:best]
    if any(other in prefix for other in _OTHER_BREAKS):
        return None
    return prefix.count("\n") + 1


def _json_entry(text: str, position: int, token: str) -> tuple[int, int] | None:
    """(where the entry's line is read, where its value starts) for `token` in the container at
    `position`: a key's own position, an item's value; None if there is no such entry."""
    opening = text[position]
    if opening not in "{[":
        return None  # a scalar has no entries
    closing = "}" if opening == "{" else "]"
    position = _skip_space(text, position + 1)
    index = 0
    while text[position] != closing:
        if opening == "{":
            key_at = position
            key, position = _json_value(text, position)
            position = _skip_space(text, position)
            if text[position] != ":" or not isinstance(key, str):
                raise ValueError("not a JSON mapping entry")
            position = _skip_space(text, position + 1)
            if key == token:
                return key_at, position
        elif token == str(index):
            return position, position
        _, position = _json_value(text, position)
        position = _skip_space(text, position)
        if text[position] == ",":
            position = _skip_space(text, position + 1)
        elif text[position] != closing:
            raise ValueError("not a JSON container")
        index += 1
    return None


def _skip_space(text: str, position: int) -> int:
    return _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]  # "*" always matches


# A YAML text asked about more often than this is composed once, its node tree kept for the rest:
# composing (without garbage collection) costs about one whole reading of parser events, and a reading
# stops at its pointer; one or two warnings need not hold the whole tree in memory.
_READINGS_BEFORE_COMPOSING = 2


class _Unsure(Exception):
    """The node tree and the parser events may disagree here (an alias): the events decide."""


@dataclass
class _ComposedText:
    """The one YAML text last asked about: how often, and its node tree once composed."""

    text: str = ""
    readings: int = 0
    root: yaml.Node | None = None
    failed: bool = False


_last_text = _ComposedText()


def forget_composed() -> None:
    """Let the kept node tree go (tens of MB for a large spec) once a stage's warnings are done."""
    global _last_text
    _last_text = _ComposedText()


def _composed_line(text: str, tokens: list[str]) -> int | None:
    """The line from the text's node tree, as parser events would find it; None before the text has been
    asked about often enough, or where the tree cannot tell."""
    global _last_text
    if _last_text.text is not text and _last_text.text != text:
        _last_text = _ComposedText(text)
    _last_text.readings += 1
    if _last_text.failed or _last_text.readings <= _READINGS_BEFORE_COMPOSING:
        return None
    if _last_text.root is None:
        collecting = gc.isenabled()
        gc.disable()  # the tree holds no cycles to collect; collections on the way took 4/5 of the time
        try:
            _last_text.root = yaml.compose(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
        except yaml.YAMLError:
            _last_text.root = None
        finally:
            if collecting:
                gc.enable()
        _last_text.failed = _last_text.root is None
        if _last_text.failed:
            return None
    assert _last_text.root is not None
    try:
        return _deepest_line(_last_text.root, tokens, 0, _last_text.root.start_mark.line) + 1
    except _Unsure:
        return None


def _deepest_line(node: yaml.Node, tokens: list[str], depth: int, line: int) -> int:
    """The 0-based line of the deepest part of `tokens[depth:]` found under `node` (whose line is `line`):
    the first entry of a key, as the events are read; past a key whose scalar value ends the path early,
    a repeated key may still lead on."""
    if depth == len(tokens):
        return line
    floor = node.start_mark.index
    if isinstance(node, yaml.MappingNode):
        entries = [
            (key, value, key.value if isinstance(key, yaml.ScalarNode) else None) for key, value in node.value
        ]
    elif isinstance(node, yaml.SequenceNode):
        entries = [(item, item, str(index)) for index, item in enumerate(node.value)]
    else:
        return line
    for first, value, token in entries:
        # A node starting before what was read is an alias's target: events see only the alias.
        if first.start_mark.index < floor or value.start_mark.index < first.start_mark.index:
            raise _Unsure
        floor = value.end_mark.index
        if token != tokens[depth]:
            continue
        line = first.start_mark.line
        if depth + 1 == len(tokens) or isinstance(value, (yaml.MappingNode, yaml.SequenceNode)):
            return _deepest_line(value, tokens, depth + 1, line)
    return line


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
