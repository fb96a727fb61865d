"""The `clientgen` command as a process that generates and ends: how it begins and ends."""

from __future__ import annotations

import atexit
import gc
import os
import sys


def begin() -> None:
    """Settings for a process that generates and ends (the `clientgen` command, the benchmark).

    Python's cycle collector walks every object it tracks, again and again as a large API's
    millions of model objects are made: a fifth of the CPU time of generating GitHub's client,
    for no memory back (its peak is the same without it; the IR holds few cycles). The process
    ends soon after, returning everything at once. Off before the pipeline's modules are imported:
    their classes and pydantic models are many tracked objects too."""
    gc.disable()


def end_at_once(code: int) -> None:
    """Exit as Python would (output flushed, atexit handlers run: none of clientgen's prints) but
    without its module-by-module teardown of the pipeline's objects: some 15 ms of a short command."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return  # a closed pipe: Python's own exit reports it, as it always has
    atexit._run_exitfuncs()
    os._exit(code)
