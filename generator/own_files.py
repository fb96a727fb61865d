"""Writing the few files `init` and the spec pins own (spec copies, the lock, the config, the CI
workflow), so that a file of the user's is never overwritten.

Generated clients are written by `writer` only; these are the files around them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.diagnostics import Location, SpecError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse_links(path: Path) -> None:
    if path.is_symlink():
        raise SpecError("refusing to write through a symbolic link", Location(str(path)))


def write_new(path: Path, data: bytes) -> bool:
    """Create `path` holding `data`. A file already there is left as it is: returns False then."""
    _refuse_links(path)
    if path.exists():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x" creates or fails, so a file appearing meanwhile is still never overwritten.
        with open(path, "xb") as stream:
            try:
                stream.write(data)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    except FileExistsError:
        return False
    except OSError as exc:
        raise SpecError(f"cannot write: {exc.strerror}", Location(str(path))) from None
    return True


def replace(path: Path, data: bytes) -> None:
    """Write `path` whole (a temporary file renamed over it), for a file the caller has checked it owns."""
    _refuse_links(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".clientgen-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:
        raise SpecError(f"cannot write: {exc.strerror}", Location(str(path))) from None


def replace_owned(path: Path, data: bytes, owned_sha256: str | None) -> None:
    """Write `path`, replacing a file only when it is ours: its content hashes to `owned_sha256`
    (what we wrote last) or already equals `data`. Anything else is the user's, and refused."""
    _refuse_links(path)
    if path.exists():
        current = sha256(path.read_bytes())
        if current == sha256(data):
            return
        if current != owned_sha256:
            raise SpecError(
                "refusing to overwrite a file clientgen did not write (move it away, then run again)",
                Location(str(path)),
            )
    replace(path, data)
