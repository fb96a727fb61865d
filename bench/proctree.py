"""Run one command and account for its whole process tree: wall, CPU and peak memory.

Linux only (it reads /proc). CPU time is exact: `os.wait4` returns the user and
system time of the child plus every descendant it waited for (black's or ruff's
worker processes included, as their parents reap them). Memory is given two ways:

- `peak_process_mb`: the largest resident set of any single process of the tree
  (`ru_maxrss` from `os.wait4`), exact, but blind to workers running side by side;
- `peak_tree_mb`: the largest sum of the resident sets of all the tree's live
  processes, sampled from /proc every `SAMPLE_SECONDS`. It may miss a peak shorter
  than the interval and counts pages that forked workers share with their parent
  once per process, so it overstates a forked pool somewhat;
- `peak_tree_pss_mb`: the same sampled sum of proportional set sizes (PSS, from
  /proc/PID/smaps_rollup): a page shared by n processes counts 1/n in each, so
  the sum is the memory the tree really holds, a forked worker's shared pages once.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.025
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


@dataclass(frozen=True)
class ProcessRun:
    """What one command cost, and what it said."""

    returncode: int
    wall_seconds: float
    cpu_seconds: float
    peak_process_mb: float
    peak_tree_mb: float
    peak_tree_pss_mb: float
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_measured(
    command: Sequence[str],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_seconds: float = 900.0,
) -> ProcessRun:
    """Run `command` to its end, sampling its process tree's memory meanwhile."""
    out_path, err_path = _capture_files()
    with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env) if env else None, stdout=out, stderr=err
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        status, usage = _wait(process, started, timeout_seconds)
        wall = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # keeps Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    for path in (out_path, err_path):
        path.unlink(missing_ok=True)
    return ProcessRun(
        returncode=process.returncode,
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_process_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        peak_tree_mb=max(sampler.peak_bytes / MIB, usage.ru_maxrss / 1024),
        peak_tree_pss_mb=sampler.peak_pss_bytes / MIB,
        stdout=stdout,
        stderr=stderr,
    )


def _capture_files() -> tuple[Path, Path]:
    """Output goes to files, not pipes: a chatty child cannot block on a full pipe."""
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    stem = f"clientgen-bench-{os.getpid()}-{time.monotonic_ns()}"
    return folder / f"{stem}.out", folder / f"{stem}.err"


def _wait(
    process: subprocess.Popen[bytes], started: float, timeout_seconds: float
) -> tuple[int, resource.struct_rusage]:
    """`os.wait4` on the child, killing it after the timeout."""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            return status, usage
        if time.perf_counter() - started > timeout_seconds:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            return status, usage
        time.sleep(0.005)


class _TreeSampler(threading.Thread):
    """Sums the resident sets of a process and its live descendants, keeping the highest sum."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_bytes = 0
        self.peak_pss_bytes = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            tree = _tree(self.root)
            self.peak_bytes = max(self.peak_bytes, sum(_rss_bytes(pid) for pid in tree))
            self.peak_pss_bytes = max(self.peak_pss_bytes, sum(_pss_bytes(pid) for pid in tree))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree(root: int) -> list[int]:
    """The root and all its descendants alive now, from the parent links in /proc/PID/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the parent pid follows its ")".
        fields = stat.rpartition(")")[2].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0
