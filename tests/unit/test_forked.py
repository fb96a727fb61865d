"""The forked worker: the same result as running inline, errors raised in the caller, no child left."""

from __future__ import annotations

import os

import pytest

from generator import forked
from generator.diagnostics import Location, SpecError


def _children() -> set[int]:
    """This process's child processes (Linux: /proc), to prove none is left behind (other tests
    in this process may have children of their own: compare with the set before)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                found.add(int(entry))
    return found


needs_fork = pytest.mark.skipif(not forked.FORK_AVAILABLE, reason="fork is used on Linux only")


@pytest.mark.parametrize("parallel", [True, False])
def test_the_result_comes_back_whole(parallel: bool) -> None:
    big = {f"module_{i}.py": "x = 1\n" * i for i in range(2000)}  # more than a pipe's buffer
    with forked.ForkedCall(lambda: dict(big), parallel=parallel) as call:
        assert call.result() == big


@needs_fork
def test_the_work_runs_in_another_process() -> None:
    before = _children()
    with forked.ForkedCall(os.getpid) as call:
        assert call.result() != os.getpid()
    assert _children() <= before


@pytest.mark.parametrize("parallel", [True, False])
def test_an_error_in_the_worker_is_raised_in_the_caller(parallel: bool) -> None:
    def failing() -> None:
        raise SpecError("schemas are nested too deeply to follow", Location("spec.yaml"))

    before = _children()
    call = forked.ForkedCall(failing, parallel=parallel)
    with pytest.raises(SpecError, match="nested too deeply"), call:
        call.result()
    assert _children() <= before


@needs_fork
def test_an_error_that_does_not_pickle_is_described() -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    def failing() -> None:
        raise Local("the detail")

    with pytest.raises(forked.ForkedError, match="the detail"), forked.ForkedCall(failing) as call:
        call.result()


@needs_fork
def test_leaving_early_kills_the_worker() -> None:
    before = _children()
    with pytest.raises(KeyError), forked.ForkedCall(lambda: __import__("time").sleep(60)):
        assert _children() - before, "the worker runs"
        raise KeyError("the caller failed first")
    assert _children() <= before


def test_a_process_with_other_threads_runs_the_work_itself() -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with forked.ForkedCall(os.getpid) as call:
            assert call.result() == os.getpid()
    finally:
        release.set()
        other.join()
