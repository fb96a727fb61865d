"""One function run beside the caller, in a forked child process, its result sent back pickled.

A large client's generation is CPU-bound Python, one core; machines have more.
A forked child inherits the intermediate model as it is in memory (nothing of it
is pickled) and returns only its result. Where fork is missing or unsafe
(Windows; macOS, whose system libraries are not fork-safe; a process running
other threads) the function runs in the caller instead, when its result is
asked for: the same result, serially.

The child never outlives its caller: `result()` waits for it, and leaving the
`with` block early (an error, Ctrl-C) kills and reaps it. An exception in the
child is raised again in the caller (as a `ForkedError` naming it when it cannot
be pickled). The child leaves with `os._exit`: no atexit handlers, no second
flush of the caller's buffered output.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")

FORK_AVAILABLE = hasattr(os, "fork") and sys.platform.startswith("linux")


def idle_core() -> bool:
    """Whether a core is free for a worker (the 1-minute load average leaves one, as `make -l`
    judges): on a machine whose cores are all busy a worker gains no time, and costs memory
    (the pages of the model it touches are copied) and CPU (its result is pickled)."""
    cores = os.cpu_count() or 1
    return cores >= 2 and os.getloadavg()[0] <= cores - 1


class ForkedError(RuntimeError):
    """An exception in the child that could not be sent back as itself."""


class ForkedCall(Generic[T]):
    """`with ForkedCall(work) as call: ...; value = call.result()`."""

    def __init__(self, function: Callable[[], T], parallel: bool = True):
        self._function = function
        self._pid: int | None = None
        self._reader: int | None = None
        # A process with other threads is not forked: one of them may hold a lock (the import
        # lock, a logging handler's) that the child, a copy of this thread alone, would wait for.
        if parallel and FORK_AVAILABLE and threading.active_count() == 1:
            self._start()

    def _start(self) -> None:
        reader, writer = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(reader)
            self._run_child(writer)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def _run_child(self, writer: int) -> None:
        status = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # the caller reports an interrupt, once
            try:
                payload = pickle.dumps(("ok", self._function()), pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
                payload = _pickled_error(exc)
            with os.fdopen(writer, "wb") as stream:
                stream.write(payload)
        except BaseException:  # noqa: BLE001 - the caller was interrupted or is gone
            status = 1
        finally:
            os._exit(status)

    def result(self) -> T:
        if self._pid is None or self._reader is None:
            return self._function()
        with os.fdopen(self._reader, "rb") as stream:
            self._reader = None
            payload = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if not payload:
            raise ForkedError(f"the worker process ended without a result (wait status {status})")
        try:
            kind, value = pickle.loads(payload)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception class that does not unpickle
            raise ForkedError(f"the worker process's result could not be read: {exc!r}") from None
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        raise value

    def __enter__(self) -> ForkedCall[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that does not pickle, described instead
        described = "".join(traceback.format_exception(exc)).strip()
        return pickle.dumps(("error", ForkedError(f"in the worker process: {described}")))
