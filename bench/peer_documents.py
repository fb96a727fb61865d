"""Collect the OpenAPI documents other open-source projects keep as test inputs.

    .venv/bin/python bench/peer_documents.py [--out .cache/peer-documents]

Downloads the source distributions pinned below with pip (PyPI's ordinary
client), unpacks them under `--out`, and writes `documents.txt` there: one path
a line of every YAML or JSON file whose top level says `openapi:` or `swagger:`.
Then `.venv/bin/python bench/corpus.py --list .cache/peer-documents/documents.txt`
generates a client for each. Nothing here is committed; rerunning reuses what is
already unpacked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / ".cache" / "peer-documents"

# Generators, validators and reference resolvers whose sdists ship their test documents.
PINNED = (
    "openapi-python-client==0.29.1",
    "datamodel-code-generator==0.89.0",
    "openapi-spec-validator==0.9.0",
    "openapi-core==0.23.1",
    "openapi-schema-validator==0.9.0",
    "prance==26.7.19.0",
    "openapi3==1.8.2",
    "openapi3-parser==2.0.0",
    "openapi-pydantic==0.6.0",
)
SUFFIXES = (".yaml", ".yml", ".json")
# A document's version key at the top level: unindented in YAML, anywhere near the start in JSON.
_YAML_VERSION = re.compile(r"^[\"']?(openapi|swagger)[\"']?\s*:", re.MULTILINE)
_MAX_BYTES = 50 * 1024 * 1024


def download(out: Path) -> list[Path]:
    sdists = out / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "-q",
        "--no-deps",
        "--no-binary",
        ":all:",
        "-d",
        str(sdists),
    ]
    for requirement in PINNED:
        name, _, version = requirement.partition("==")
        stem = f"{re.sub(r'[-.]', '_', name)}-{version}"
        if any(path.name.lower().startswith(stem.lower()) for path in sdists.iterdir()):
            continue
        if subprocess.run([*command, requirement], check=False, capture_output=True).returncode != 0:
            print(f"could not download {requirement}; going on without it", file=sys.stderr)
    return sorted(path for path in sdists.iterdir() if path.is_file())


def unpack(archive: Path, out: Path) -> Path:
    name = archive.name.removesuffix(".tar.gz").removesuffix(".zip")
    target = out / "unpacked" / name
    if target.is_dir():
        return target
    target.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(target)
    else:
        with tarfile.open(archive) as bundle:
            bundle.extractall(target, filter="data")
    return target


def is_document(path: Path) -> bool:
    """An OpenAPI or Swagger document by its top-level version key (its own entry point, not a fragment)."""
    if path.stat().st_size > _MAX_BYTES:
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return bool(_YAML_VERSION.search(text[:2000]))  # a broken document is still one to try
        return isinstance(data, dict) and ("openapi" in data or "swagger" in data)
    return bool(_YAML_VERSION.search(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    options = parser.parse_args()
    out = options.out.resolve()
    folders = [unpack(archive, out) for archive in download(out)]
    documents: list[Path] = []
    seen: set[str] = set()
    for path in sorted(
        p for folder in folders for p in folder.rglob("*") if p.is_file() and p.suffix in SUFFIXES
    ):
        # Packages ship the same petstore many times; a document is counted once, at its first path.
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen and is_document(path):
            seen.add(digest)
            documents.append(path)
    listing = out / "documents.txt"
    listing.write_text("".join(f"{path}\n" for path in documents), encoding="utf-8")
    print(f"{len(documents)} documents from {len(folders)} packages listed in {listing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
