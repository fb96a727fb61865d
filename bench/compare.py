"""clientgen side by side with openapi-python-client, on the same documents, in one run.

    .venv/bin/python bench/compare.py [--repeat N] [--docs DOC ...] [--skip-peer] [--skip-import]
                                      [--skip-ingram] [--json] [--json-out FILE]

Installs openapi-python-client (pinned, with ruff) into `.cache/bench/peer-venv` on
first use, and the generated clients' dependencies into `.cache/bench/clients-venv`.
Then, each measurement in a fresh process, N times (median kept), the two tools
alternating (clientgen first on odd rounds, the peer first on even ones):

- generation of each document: wall time, CPU time (user + system of the process
  and every child it reaped) and peak memory, both the process tree's sampled sum
  and the largest single process (see `proctree.py` for what each counts);
- clientgen's stages (`bench.py --measure`) and the floor, `json.load` of GitHub's
  document, with each stage and the totals as a multiple of the floor;
- both Ingram Micro clients through `clientgen generate` and `clientgen check`;
- import of each generated package, and a first call (import, construct the client
  on an in-memory transport, touch one resource, call one operation, parse its
  example response): wall time and peak memory;
- response parsing through the generated runtime against pydantic's own
  `TypeAdapter.validate_json` on the same bytes.

Ratios are clientgen / peer: below 1 means clientgen needs less. The machine is
shared: read the ratios of one run, not absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

import compare_tools as tools
from compare_report import render_report
from proctree import ProcessRun

TOOLS = ("clientgen", "peer")


def run_summary(runs: list[ProcessRun]) -> dict[str, Any]:
    """Median of each measure over the runs, the runs themselves kept for the JSON."""
    return {
        "wall_s": statistics.median(run.wall_seconds for run in runs),
        "cpu_s": statistics.median(run.cpu_seconds for run in runs),
        "peak_tree_mb": statistics.median(run.peak_tree_mb for run in runs),
        "peak_tree_pss_mb": statistics.median(run.peak_tree_pss_mb for run in runs),
        "peak_process_mb": statistics.median(run.peak_process_mb for run in runs),
        "runs": [
            {
                "wall_s": run.wall_seconds,
                "cpu_s": run.cpu_seconds,
                "peak_tree_mb": run.peak_tree_mb,
                "peak_tree_pss_mb": run.peak_tree_pss_mb,
                "peak_process_mb": run.peak_process_mb,
            }
            for run in runs
        ],
    }


def round_order(round_index: int, tools_run: tuple[str, ...]) -> tuple[str, ...]:
    return tools_run if round_index % 2 == 0 else tuple(reversed(tools_run))


def compare_generation(
    document: Path, tools_run: tuple[str, ...], repeat: int
) -> tuple[dict[str, Any], dict[str, tools.Generated]]:
    """Both generators and clientgen's stages on one document, alternating, N rounds."""
    runs: dict[str, list[ProcessRun]] = {tool: [] for tool in tools_run}
    failures: dict[str, str] = {}
    last: dict[str, tools.Generated] = {}
    stages: list[dict[str, float]] = []
    stage_failure = ""
    for round_index in range(repeat):
        for tool in round_order(round_index, tools_run):
            if tool in failures:
                continue  # a tool that cannot generate the document is not tried again
            generated = tools.generate(tool, document)
            progress(f"{document.name}: {tool} {generated.run.wall_seconds:.1f}s")
            if generated.failure:
                failures[tool] = generated.failure
                continue
            runs[tool].append(generated.run)
            last[tool] = generated
        measured = tools.stage_seconds(document)
        if isinstance(measured, str):
            stage_failure = measured
        else:
            stages.append(measured)
    result: dict[str, Any] = {
        tool: {"fails": failures[tool]} if tool in failures else run_summary(runs[tool]) for tool in tools_run
    }
    if stages:
        result["stages"] = {stage: statistics.median(run[stage] for run in stages) for stage in stages[0]}
    else:
        result["stages"] = {"unavailable": stage_failure}
    return result, last


def compare_imports(document: Path, generated: dict[str, tools.Generated], repeat: int) -> dict[str, Any]:
    """`import PACKAGE` and a first call, for each tool's client, alternating; then parse speed."""
    python = tools.ensure_venv(tools.CLIENTS_VENV, tools.CLIENT_REQUIREMENTS)
    examples = tools.examples_file(generated["clientgen"]) if "clientgen" in generated else ""
    resource, operation = tools.FIRST_CALL.get(document.name, ("", ""))
    result: dict[str, Any] = {}
    for mode in ("import", "first-call"):
        runs: dict[str, list[ProcessRun]] = {tool: [] for tool in generated}
        seconds: dict[str, list[float]] = {tool: [] for tool in generated}
        failures: dict[str, str] = {}
        for round_index in range(repeat):
            for tool in round_order(round_index, tuple(generated)):
                if tool in failures:
                    continue
                target = generated[tool]
                assert target.package_root is not None
                arguments = [mode, target.package]
                if mode == "first-call":
                    arguments = [mode, tool, target.package, resource, operation, examples]
                run, answer = tools.probe(python, target.package_root, *arguments)
                if answer is None:
                    failures[tool] = (run.stderr.strip().splitlines() or ["no output"])[-1][:160]
                    continue
                runs[tool].append(run)
                seconds[tool].append(float(answer["seconds"]))
                if mode == "first-call":
                    if tool == "clientgen":  # the peer calls the very operation clientgen's search found
                        resource, operation = answer["resource"], answer["operation"]
                    result.setdefault("first-call path", {})[tool] = f"{answer['path']} -> {answer['result']}"
        result[mode] = {
            tool: {"fails": failures[tool]}
            if tool in failures
            else {**run_summary(runs[tool]), "in_process_s": statistics.median(seconds[tool])}
            for tool in generated
        }
        progress(f"{document.name}: {mode} measured")
    if "clientgen" in generated and "fails" not in result["first-call"]["clientgen"]:
        root = generated["clientgen"].package_root
        assert root is not None
        run, answer = tools.probe(
            python, root, "parse", generated["clientgen"].package, resource, operation, examples
        )
        result["parse"] = answer if answer is not None else {"fails": run.stderr.strip()[-300:]}
    return result


def compare_ingram(repeat: int) -> dict[str, Any]:
    commands = tools.ingram_commands()
    runs: dict[str, list[ProcessRun]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(tools.run_ingram(command))
    return {
        name: {**run_summary(measured), "exit": measured[-1].returncode} for name, measured in runs.items()
    }


def progress(message: str) -> None:
    print(f"  {datetime.datetime.now(datetime.UTC):%H:%M:%S} {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="fresh processes per measure")
    parser.add_argument("--docs", nargs="+", type=Path, metavar="DOC", help="documents (default: corpus's)")
    parser.add_argument("--skip-peer", action="store_true", help="clientgen only, no ratios")
    parser.add_argument("--skip-import", action="store_true", help="no import, first-call or parse runs")
    parser.add_argument("--skip-ingram", action="store_true", help="no Ingram Micro generate/check runs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    parser.add_argument(
        "--json-out", type=Path, metavar="FILE", help="also write the results as JSON to FILE"
    )
    args = parser.parse_args()
    documents = [path.resolve() for path in (args.docs or tools.DEFAULT_DOCUMENTS)]
    tools.byte_compile_generator()
    tools_run: tuple[str, ...] = ("clientgen",) if args.skip_peer else TOOLS
    if not args.skip_peer:
        tools.ensure_venv(tools.PEER_VENV, tools.PEER_REQUIREMENTS)
    report: dict[str, Any] = {
        "date": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "command": " ".join(["bench/compare.py", *sys.argv[1:]]),
        "cores": os.cpu_count(),
        "repeat": args.repeat,
        "peer": None if args.skip_peer else f"openapi-python-client {tools.peer_version()}",
        "floor_s": statistics.median(tools.floor_seconds() for _ in range(args.repeat)),
        "documents": {},
    }
    for document in documents:
        if not document.exists():
            report["documents"][document.name] = {"missing": str(document)}
            continue
        generation, generated = compare_generation(document, tools_run, args.repeat)
        entry: dict[str, Any] = {"generation": generation}
        if not args.skip_import and generated:
            entry["imports"] = compare_imports(document, generated, args.repeat)
        report["documents"][document.name] = entry
    if not args.skip_ingram:
        report["ingram"] = compare_ingram(args.repeat)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2) if args.json else render_report(report))


if __name__ == "__main__":
    main()
