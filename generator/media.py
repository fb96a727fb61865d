"""Media types: which kind of body a content type carries, and which one to use."""

from __future__ import annotations

from typing import Any

_KIND_ORDER = {"json": 0, "form": 1, "multipart": 2, "text": 3, "binary": 4}


def media_kind(media_type: str) -> str:
    media = media_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media == "*/*":
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media.startswith("multipart/"):
        return "multipart"
    if media.startswith("text/") or media.endswith("+xml") or media == "application/xml":
        return "text"
    return "binary"


def preferred_media(content: dict[str, Any]) -> str | None:
    """JSON first, then forms, then text, then anything: one media type per body."""
    if not content:
        return None
    return min(content, key=lambda media: (_KIND_ORDER[media_kind(media)], media))


# Media types whose body is a sequence of items, read as they arrive.
_STREAMS = {
    "text/event-stream": "sse",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/json-seq": "json-seq",
}


def stream_format(media_type: str) -> str | None:
    """ "sse", "jsonl" or "json-seq" for a streamed media type; None for any other."""
    return _STREAMS.get(media_type.split(";")[0].strip().lower())
