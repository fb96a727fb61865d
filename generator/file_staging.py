"""Empty files created ahead of the writer by a helper process, while the client is generated.

On some file systems, creating a file is the slow part of writing it: on the machines this
project is measured on, 0.05 to 0.7 ms of kernel time per file (GitHub's client has 1,800),
where filling and renaming one costs about 0.03 ms. When a client is written into a folder for
the first time, a helper process creates empty files in a staging folder inside the output
folder while this process loads, builds and renders; the writer fills them and renames them into
place. The helper runs at the lowest CPU priority, so it takes only a core nothing else wants, and
is this file run as a script, with nothing but the standard library (`python -I -S`).

The protocol, one order a line on the helper's standard input: `limit N` (about N files will be
wanted: the first guess comes from the document's size, a better one once the client is built)
and `keep N` (the writer takes N: the helper stops, removes the rest and prints how many it
keeps). Without `keep` before the input closes (the generation failed, or this process ended),
it removes them all, and the staging folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

PREFIX = ".clientgen-staging-"  # the writer leaves a folder named so alone
_DOCUMENT_BYTES_PER_FILE = 7000  # a first guess, low: 1.9 KB a file for OpenAI's, 7 KB for GitHub's


class StagedFiles:
    """The helper of one output folder; `take` ends its work, `close` removes what is left."""

    def __init__(self, root: Path, limit: int):
        created_folders = _missing_folders(root)
        root.mkdir(parents=True, exist_ok=True)
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", __file__, str(self.folder), str(limit)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        except OSError:
            _remove_empty(created_folders)
            raise
        # Whatever ends the generation, the helper stops and the staging folder goes.
        self._finalizer = weakref.finalize(self, _remove, self._process, self.folder, created_folders)

    def expect(self, count: int) -> None:
        """About how many files the writer will want: the helper makes no more than that."""
        try:
            if self._process.stdin is not None:
                self._process.stdin.write(f"limit {count}\n")
                self._process.stdin.flush()
        except OSError:  # the helper has ended; the writer makes what it lacks
            pass

    def take(self, wanted: int) -> list[str]:
        """Up to `wanted` empty files, each the writer's to fill and rename."""
        try:
            kept, _ = self._process.communicate(f"keep {wanted}\n")
            count = int(kept) if self._process.returncode == 0 else 0
        except (OSError, ValueError):
            count = 0
        return [os.path.join(self.folder, f"{number}.tmp") for number in range(min(count, wanted))]

    def close(self, written: bool = True) -> None:
        """The staging folder removed (with any file not renamed away); `written=False`: also the
        output folders it created, if they are still empty."""
        if written:
            self._finalizer.detach()
            _remove(self._process, self.folder, [])
        else:
            self._finalizer()


def start(root: Path, document: Path) -> StagedFiles | None:
    """A helper for the files of `root`, or None where one cannot be started."""
    try:
        return StagedFiles(root, document.stat().st_size // _DOCUMENT_BYTES_PER_FILE + 64)
    except OSError:
        return None


def _missing_folders(root: Path) -> list[Path]:
    """`root` and its parents that do not exist yet, innermost first."""
    missing = []
    for folder in (root, *root.parents):
        if folder.exists():
            break
        missing.append(folder)
    return missing


def _remove(process: subprocess.Popen[str], folder: Path, created_folders: list[Path]) -> None:
    if process.poll() is None:
        try:
            process.communicate("")  # no number: the helper removes every file it made
        except (OSError, ValueError):
            process.kill()
            process.wait()
    shutil.rmtree(folder, ignore_errors=True)  # made by `mkdtemp` for this run alone
    _remove_empty(created_folders)


def _remove_empty(folders: list[Path]) -> None:
    """The folders, innermost first, while they are empty."""
    for path in folders:
        try:
            path.rmdir()
        except OSError:
            break  # not empty: it holds something now


class _Orders:
    """What the generating process has said so far, on the helper's standard input."""

    def __init__(self, limit: int):
        self.limit = limit  # `limit N`: make up to N files
        self.kept: int | None = None  # `keep N`: the writer takes N, the rest go
        self.ended = False  # standard input closed: no more orders
        self.news = threading.Event()

    def listen(self) -> None:
        for line in sys.stdin:
            order, _, number = line.partition(" ")
            if number.strip().isdigit():
                if order == "limit":
                    self.limit = int(number)
                elif order == "keep":
                    self.kept = int(number)
            self.news.set()
        self.ended = True
        self.news.set()


def _create_until_told(folder: str, limit: int) -> None:
    """The helper's work (`python -I -S file_staging.py FOLDER LIMIT`)."""
    orders = _Orders(limit)
    threading.Thread(target=orders.listen, daemon=True).start()
    if hasattr(os, "nice"):
        os.nice(19)
    created = 0
    while True:
        orders.news.clear()
        if orders.ended:
            break
        if created >= orders.limit:
            orders.news.wait()
            continue
        try:
            os.close(
                os.open(os.path.join(folder, f"{created}.tmp"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            )
        except OSError:
            orders.limit = created  # a full disk, say: the writer makes the rest
            continue
        created += 1
    kept = min(created, orders.kept or 0)
    for number in range(kept, created):
        os.unlink(os.path.join(folder, f"{number}.tmp"))
    if not kept:
        try:
            os.rmdir(folder)
        except OSError:
            pass
    print(kept, flush=True)


if __name__ == "__main__":
    _create_until_told(sys.argv[1], int(sys.argv[2]))
