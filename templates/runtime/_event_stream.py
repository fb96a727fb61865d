"""Bodies that are a sequence of messages: server-sent events, JSON lines and JSON text sequences.

Each decoder is fed text as it arrives and returns the messages it completed, so a
caller sees the first item before the stream ends. No decoder holds more than one
message's worth of text, and a message longer than the limit is an error: a
server cannot make the client buffer without bound by never ending a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "JSONLinesDecoder",
    "JSONSequenceDecoder",
    "MessageTooLarge",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamSpec",
]

_LINE_END = re.compile(r"\r\n|\r|\n")


class MessageTooLarge(Exception):
    pass


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a `text/event-stream` body, as the WHATWG HTML standard defines them."""

    data: str
    event: str = "message"
    id: str | None = None  # the last event ID the stream set, as of this event
    retry: int | None = None  # the reconnection time the server asked for, in milliseconds


@dataclass(frozen=True)
class StreamSpec:
    """How an operation's streamed body is read into items."""

    format: str  # "sse", "jsonl" (JSON lines and NDJSON), "json-seq" or "bytes"
    item_type: Any = None  # each item's type (for SSE, of each event's data); None: untyped
    event_types: Mapping[str, Any] = field(default_factory=dict)  # SSE: a type per event name
    end_marker: str | None = "[DONE]"  # SSE: an event whose data is this ends the stream
    error_events: tuple[str, ...] = ("error",)  # SSE: events that report a failure


class _Lines:
    """Text in, complete lines out (CRLF, LF or CR), a CR at a chunk's end waiting for a possible LF."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._pending = ""

    def feed(self, text: str, final: bool = False) -> Iterator[str]:
        text = self._pending + text
        start = 0
        for match in _LINE_END.finditer(text):
            if match.group() == "\r" and match.end() == len(text) and not final:
                break  # the LF of a CRLF may be in the next chunk
            yield text[start : match.start()]
            start = match.end()
        self._pending = text[start:]
        if final and self._pending:
            yield self._pending
            self._pending = ""
        if len(self._pending) > self.limit:
            raise MessageTooLarge()


class SSEDecoder:
    """The event-stream interpretation of the WHATWG HTML standard (section 9.2.6)."""

    def __init__(self, limit: int) -> None:
        self._lines = _Lines(limit)
        self._limit = limit
        self._data: list[str] = []
        self._size = 0
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None
        self._started = False

    def feed(self, text: str, final: bool = False) -> list[ServerSentEvent]:
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        events = []
        for line in self._lines.feed(text, final):
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment, often sent to keep the connection open
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
            self._size += len(value) + 1
            if self._size > self._limit:
                raise MessageTooLarge()
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event or "message"
        self._data, self._size, self._event = [], 0, ""
        if not data:
            return None
        return ServerSentEvent("\n".join(data), event, self._last_id, self._retry)


class JSONLinesDecoder:
    """`application/jsonl` and `application/x-ndjson`: one JSON text per line, blank lines skipped."""

    def __init__(self, limit: int) -> None:
        self._lines = _Lines(limit)

    def feed(self, text: str, final: bool = False) -> list[str]:
        return [line for line in self._lines.feed(text, final) if line.strip()]


class JSONSequenceDecoder:
    """`application/json-seq` (RFC 7464): each JSON text follows a record separator (0x1E)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._pending = ""

    def feed(self, text: str, final: bool = False) -> list[str]:
        records = (self._pending + text).split("\x1e")
        self._pending = "" if final else records.pop()
        if len(self._pending) > self._limit:
            raise MessageTooLarge()
        return [record for record in records if record.strip()]
