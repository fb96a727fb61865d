"""The event-stream, JSON lines and JSON sequence decoders, fed in every possible split."""

from __future__ import annotations

import pytest
from ingram_micro_reseller._event_stream import (
    JSONLinesDecoder,
    JSONSequenceDecoder,
    MessageTooLarge,
    ServerSentEvent,
    SSEDecoder,
)

# The examples of the WHATWG HTML standard's event-stream section, and the edge cases it defines.
STREAM = (
    "\ufeff: a comment, to keep the connection open\r\n"
    "data: first\r\n"
    "data:  second line keeps one space\r\n"
    "\r\n"
    "event: update\r"
    "id: 42\r"
    "retry: 1500\r"
    'data:{"a": 1}\r'
    "\r"
    "data\n"
    "\n"
    "event: no-data-is-no-event\n"
    "\n"
    "id: bad\0id\n"
    "retry: soon\n"
    "unknown: field\n"
    "data: last\n"
    "\n"
    "data: never dispatched: no blank line follows"
)
EXPECTED = [
    ServerSentEvent("first\n second line keeps one space", "message", None, None),
    ServerSentEvent('{"a": 1}', "update", "42", 1500),
    ServerSentEvent("", "message", "42", 1500),
    ServerSentEvent("last", "message", "42", 1500),
]


def decode_in_pieces(text: str, size: int) -> list[ServerSentEvent]:
    decoder = SSEDecoder(limit=10_000)
    events = []
    for start in range(0, len(text), size):
        events += decoder.feed(text[start : start + size])
    return events + decoder.feed("", final=True)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 10_000])
def test_sse_follows_the_whatwg_rules_however_the_text_is_split(size: int) -> None:
    assert decode_in_pieces(STREAM, size) == EXPECTED


def test_an_unterminated_event_or_line_over_the_limit_is_refused() -> None:
    with pytest.raises(MessageTooLarge):
        SSEDecoder(limit=100).feed("data: " + "x" * 200)
    decoder = SSEDecoder(limit=100)
    with pytest.raises(MessageTooLarge):
        for _ in range(20):
            decoder.feed("data: " + "x" * 20 + "\n")


def test_json_lines_and_sequences() -> None:
    lines = JSONLinesDecoder(limit=100)
    assert lines.feed('{"a": 1}\r\n\n  \n{"b"') == ['{"a": 1}']
    assert lines.feed(": 2}", final=True) == ['{"b": 2}']
    sequence = JSONSequenceDecoder(limit=100)
    assert sequence.feed('\x1e{"a": 1}\n\x1e{"b"') == ['{"a": 1}\n']
    assert sequence.feed(": 2}\n", final=True) == ['{"b": 2}\n']
    with pytest.raises(MessageTooLarge):
        JSONSequenceDecoder(limit=10).feed("\x1e" + "1" * 50)
