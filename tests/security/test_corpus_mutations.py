"""A mutation fuzzer over real documents: broken specs end in a clean refusal or a clean client.

Each case takes a corpus document, applies one seeded mutation (drop a key, swap
a value's type, cut the file short, plant a hostile string) and generates. The
outcome must be a `SpecError` (exit 2 with a message) or output that compiles,
keeps hostile text inside string literals and stays inside its folder; any
other exception is a bug, reported with the seed that reproduces it.

`CLIENTGEN_FUZZ_MUTATIONS` sets the number of mutations per document (default
small for CI; `nox -s fuzz` runs many, over larger documents too).
"""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import pipeline, writer
from generator.diagnostics import SpecError

from .test_hostile_specs import MARKER, hidden_characters, marker_outside_strings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SMALL_DOCUMENTS = [
    "oai-petstore-3.0.yaml",
    "oai-petstore-expanded-3.0.json",
    "oai-uspto-3.0.yaml",
    "oai-tictactoe-3.1.yaml",
    "oai-link-example-3.0.json",
    "swagger-petstore3-3.0.yaml",
    "twilio-lookups-v1.yaml",
    "openapi-python-client-e2e/3.1_specific.openapi.yaml",
]
MUTATIONS = int(os.environ.get("CLIENTGEN_FUZZ_MUTATIONS", "5"))
HOSTILE = [
    '"""' + MARKER,
    "\r" + MARKER + "()",
    "\u2028" + MARKER,
    "{{" + MARKER + "}}",
    "\\",
    "\x00",
    "../" + MARKER,
    "\u202e" + MARKER + "\u2066",
    "\u0301" + MARKER + "\ufeff",
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, prefix + (key,)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, prefix + (index,)))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


def mutate(document: dict[str, Any], text: str, rng: random.Random) -> tuple[str, str]:
    """(description, new text) for one random mutation."""
    kind = rng.choice(["drop", "swap", "cut", "hostile", "hostile_key"])
    if kind == "cut":
        position = rng.randrange(len(text))
        return f"cut at {position}", text[:position]
    mutated = copy.deepcopy(document)
    path = rng.choice([p for p in _paths(mutated) if p])
    parent = _parent(mutated, path)
    if kind == "drop":
        del parent[path[-1]]
    elif kind == "swap":
        parent[path[-1]] = rng.choice([[], {}, 7, "text", None, True, [{"x": 1}]])
    elif kind == "hostile":
        parent[path[-1]] = rng.choice(HOSTILE)
    elif isinstance(parent, dict):
        parent[rng.choice(HOSTILE)] = parent.pop(path[-1])
    return f"{kind} at {list(path)}", json.dumps(mutated)


def _documents() -> list[str]:
    names = list(SMALL_DOCUMENTS)
    if os.environ.get("CLIENTGEN_FUZZ_LARGE") == "1":
        names += ["discourse.yaml", "box-openapi.json"]
    return names


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize("name", _documents())
def test_mutated_documents_fail_cleanly(name: str, tmp_path: Path) -> None:
    source = CORPUS / name
    text = source.read_text(encoding="utf-8")
    document = json.loads(text) if source.suffix == ".json" else yaml.safe_load(text)
    failures = []
    outcomes = {"refused": 0, "generated": 0}
    for seed in range(MUTATIONS):
        rng = random.Random(f"{name}:{seed}")
        description, mutated = mutate(document, text, rng)
        case = tmp_path / str(seed)
        spec = case / "spec" / source.name
        spec.parent.mkdir(parents=True)
        spec.write_text(mutated, encoding="utf-8")
        try:
            generated = pipeline.generate(spec, "fuzzed")
        except SpecError:
            outcomes["refused"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
            failures.append(f"seed {seed} ({description}): {type(exc).__name__}: {exc}")
            continue
        outcomes["generated"] += 1
        output = case / "out"
        writer.write(generated.files, output)
        stray = [
            p for p in case.rglob("*") if not p.is_relative_to(output) and not p.is_relative_to(spec.parent)
        ]
        if stray:
            failures.append(f"seed {seed} ({description}): wrote outside the output: {stray}")
        for relative, content in generated.files.items():
            if relative.endswith(".py"):
                try:
                    compile(content, relative, "exec")
                except SyntaxError as exc:
                    failures.append(f"seed {seed} ({description}): {relative} does not compile: {exc}")
                    continue
                if marker_outside_strings(content):
                    failures.append(f"seed {seed} ({description}): spec text escaped in {relative}")
                if hidden_characters(content):
                    failures.append(f"seed {seed} ({description}): hidden characters in {relative}")
    assert not failures, "\n".join(failures)
    # Seeds are fixed: a run where no mutation got through generation would check nothing.
    assert outcomes["generated"] > 0, outcomes
