"""Request bodies sent as streams: files, paths and iterables, never read whole first.

A body given as an open file or a path is sent in chunks and, for a retry or a
redirect, sent again from where it started (a path is opened anew; a file is
rewound). A body given as an iterator can be sent only once: a call carrying one
is not retried once it may have started sending, and a redirect that would need
it again is refused.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Iterable
from typing import IO, Any, Union

__all__ = ["Upload", "UploadContent", "open_files"]

# What an octet-stream (or other raw) request body may be.
UploadContent = Union[
    bytes, str, IO[bytes], "os.PathLike[str]", Iterable[bytes], AsyncIterable[bytes]
]


class Upload:
    """One call's raw body: what httpx sends for each attempt, and whether a second attempt is possible."""

    def __init__(self, value: object) -> None:
        self.value = value
        self._start: int | None = None
        self._opened: IO[bytes] | None = None
        self.repeatable = True
        # Sent as a stream (not one bytes value): a redirect that needs the body again is refused.
        self.streamed = not (isinstance(value, (bytes, str)) or value is None)
        if isinstance(value, os.PathLike) or not self.streamed:
            return
        if hasattr(value, "read"):
            seekable = getattr(value, "seekable", lambda: False)()
            self._start = value.tell() if seekable else None  # type: ignore[attr-defined]
            self.repeatable = seekable
        else:
            self.repeatable = False  # an iterator is spent once sent

    def content(self) -> Any:
        """The body for the next attempt: a path opened anew, a file rewound to where it started."""
        self.close()
        if isinstance(self.value, os.PathLike):
            self._opened = open(self.value, "rb")  # noqa: SIM115 - closed after the attempt
            return self._opened
        if self._start is not None:
            self.value.seek(self._start)  # type: ignore[attr-defined]
        return self.value

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None


def open_files(values: dict[str, Any]) -> tuple[dict[str, Any], list[IO[bytes]]]:
    """Multipart file parts with paths opened (named after the file), and the files opened here."""
    opened: list[IO[bytes]] = []
    parts: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, os.PathLike):
            file = open(value, "rb")  # noqa: SIM115 - closed after the attempt
            opened.append(file)
            value = (os.path.basename(os.fspath(value)), file)
        elif isinstance(value, tuple) and value and isinstance(value[1], os.PathLike):
            file = open(value[1], "rb")  # noqa: SIM115 - closed after the attempt
            opened.append(file)
            value = (value[0], file, *value[2:])
        parts[name] = value
    return parts, opened
