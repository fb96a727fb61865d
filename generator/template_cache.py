"""Compiled templates kept between runs, as Python keeps `.pyc` files.

Compiling clientgen's templates from their source costs about 80 ms, a fifth of
a small client's whole `clientgen check`. Jinja's bytecode cache stores each
compiled template under a key of its name and file, and uses it only while the
checksum of the template's source matches; the folder's name carries the Jinja
and Python versions, whose compiled code differs. Output is byte-identical with
or without it. `clientgen --no-cache` or `CLIENTGEN_NO_CACHE=1` turns it off; a
folder that cannot be written only costs the compilation.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2

NO_CACHE_VARIABLE = "CLIENTGEN_NO_CACHE"


def disable() -> None:
    """For this process and the processes it starts (the environment variable)."""
    os.environ[NO_CACHE_VARIABLE] = "1"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0")


def cache_folder() -> Path:
    """The user's cache folder: `$XDG_CACHE_HOME`, `~/Library/Caches` on macOS, else `~/.cache`."""
    if os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    return base / "clientgen" / f"templates-jinja{jinja2.__version__}-{python}"


class _TolerantCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be read or written is no cache, never an error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> jinja2.BytecodeCache | None:
    if not enabled():
        return None
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _TolerantCache(str(folder), "%s.jinja-cache")
