"""`compare.py`'s results as plain markdown tables: numbers, then ratios clientgen / peer."""

from __future__ import annotations

from typing import Any

STAGES = ("load", "validate", "build", "render", "format", "write")
SHORT_NAMES = {
    "github-api.github.com-3.0.json": "GitHub",
    "stripe-spec3-2023-09.yaml": "Stripe",
    "openai-openapi.yaml": "OpenAI",
}
MEASURES = (  # key in a run summary, label, unit
    ("wall_s", "wall", "s"),
    ("cpu_s", "CPU", "s"),
    ("peak_tree_mb", "peak memory, process tree (resident sets)", "MiB"),
    ("peak_tree_pss_mb", "peak memory, process tree (PSS: shared pages once)", "MiB"),
    ("peak_process_mb", "peak memory, largest process", "MiB"),
)

LEGEND = [
    "- CPU: user + system time of the generator and every process it reaped (black's workers, ruff).",
    (
        "- peak memory, process tree: the highest sum of the resident sets of the process and its live"
        " descendants, sampled every 25 ms; pages that forked workers share with their parent count once"
        " per process, so a forked worker is overstated; the PSS row sums proportional set sizes"
        " instead, each shared page once."
    ),
    "- peak memory, largest process: `ru_maxrss` of the biggest single process, exact.",
    (
        "- `import` the package: clientgen's `__init__` imports nothing until a name is used (not even"
        " httpx or pydantic); the peer's imports its `client.py` (httpx, attrs), and its models load"
        " with the first endpoint module. The first call row is the fair comparison of what a caller"
        " pays."
    ),
    (
        "- first call: import, construct the client on an in-memory transport, touch one resource (the"
        " peer: import its endpoint module), call one operation answered with clientgen's example"
        " response, parsed into the declared type. Peak memory of import rows: the process's `ru_maxrss`."
    ),
]


def render_report(report: dict[str, Any]) -> str:
    peer = report["peer"] or "peer (skipped)"
    lines = [
        (
            f"{report['date']}, `{report['command']}`, {report['cores']} cores,"
            f" median of {report['repeat']} fresh processes;"
            " ratio = clientgen / peer (below 1: clientgen needs less)"
        ),
        "",
        f"| measure | clientgen | {peer} | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name, entry in report["documents"].items():
        short = SHORT_NAMES.get(name, name)
        if "missing" in entry:
            lines.append(f"| {short}: document missing | | | |")
            continue
        generation = entry["generation"]
        for key, label, unit in MEASURES:
            lines.append(_row(f"{short}: generate, {label}", generation, key, unit))
        imports = entry.get("imports", {})
        for mode, label in (("import", "`import` the package"), ("first-call", "first call")):
            if mode not in imports:
                continue
            lines.append(_row(f"{short}: {label}, wall (in process)", imports[mode], "in_process_s", "s"))
            lines.append(_row(f"{short}: {label}, peak memory", imports[mode], "peak_process_mb", "MiB"))
    lines += ["", *LEGEND, *_first_call_notes(report), *_stages_table(report), *_parse_table(report)]
    lines += _ingram_table(report)
    return "\n".join(lines)


def _cell(summary: dict[str, Any] | None, key: str, unit: str) -> str:
    if summary is None:
        return "-"
    if "fails" in summary:
        return "fails"
    return f"{summary[key]:.2f} {unit}" if unit == "s" else f"{summary[key]:.0f} {unit}"


def _row(label: str, by_tool: dict[str, Any], key: str, unit: str) -> str:
    ours, theirs = by_tool.get("clientgen"), by_tool.get("peer")
    ratio = "-"
    if ours and theirs and "fails" not in ours and "fails" not in theirs and theirs[key]:
        ratio = f"{ours[key] / theirs[key]:.2f}"
    return f"| {label} | {_cell(ours, key, unit)} | {_cell(theirs, key, unit)} | {ratio} |"


def _first_call_notes(report: dict[str, Any]) -> list[str]:
    notes = []
    for name, entry in report["documents"].items():
        paths = entry.get("imports", {}).get("first-call path", {})
        if paths:
            described = "; ".join(f"{tool}: `{path}`" for tool, path in paths.items())
            notes.append(f"- {SHORT_NAMES.get(name, name)} first call: {described}")
        for tool, summary in entry.get("generation", {}).items():
            if isinstance(summary, dict) and "fails" in summary:
                notes.append(f"- {SHORT_NAMES.get(name, name)}: {tool} fails: {summary['fails']}")
    return [*notes, ""] if notes else []


def _stages_table(report: dict[str, Any]) -> list[str]:
    floor = report["floor_s"]
    lines = [
        (
            f"clientgen's stages (median, `bench.py --measure`) as a multiple of the floor, `json.load` of"
            f" GitHub's document in a fresh process: {floor:.3f} s"
        ),
        "",
        "| document | " + " | ".join(STAGES) + " | stages total | `generate` wall |",
        "|---|" + "---:|" * (len(STAGES) + 2),
    ]
    for name, entry in report["documents"].items():
        stages = entry.get("generation", {}).get("stages")
        if not stages:
            continue
        short = SHORT_NAMES.get(name, name)
        if "unavailable" in stages:
            lines.append(f"| {short} | {stages['unavailable']} |" + " |" * (len(STAGES) + 1))
            continue
        cells = [_times_floor(stages.get(stage), floor) for stage in STAGES]
        total = sum(stages.get(stage, 0.0) for stage in STAGES)
        ours = entry["generation"].get("clientgen", {})
        wall = _times_floor(ours.get("wall_s"), floor)
        lines.append(f"| {short} | " + " | ".join(cells) + f" | {_times_floor(total, floor)} | {wall} |")
    return [*lines, ""]


def _times_floor(seconds: float | None, floor: float) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s ({seconds / floor:.1f}x)"


def _parse_table(report: dict[str, Any]) -> list[str]:
    lines = []
    for name, entry in report["documents"].items():
        parse = entry.get("imports", {}).get("parse")
        if not parse:
            continue
        short = SHORT_NAMES.get(name, name)
        if "fails" in parse:
            lines.append(f"{short} parsing: fails: {parse['fails']}")
            continue
        lines += [
            (
                f"{short}: parsing a `{parse['type']}` response through `{parse['path']}`"
                " against `pydantic.TypeAdapter(T).validate_json` on the same bytes"
                " (best of 25 alternating batches);"
                " speed ratio = pydantic's time / runtime's (target >= 0.9)"
            ),
            "",
            "| response | bytes | runtime | pydantic | speed ratio |",
            "|---|---:|---:|---:|---:|",
        ]
        for label in ("one", "page of 30"):
            timing = parse[label]
            lines.append(
                f"| {label} | {timing['bytes']} | {timing['runtime_s'] * 1e6:.1f} us"
                f" | {timing['pydantic_s'] * 1e6:.1f} us | {timing['pydantic_s'] / timing['runtime_s']:.2f} |"
            )
        lines.append("")
    return lines


def _ingram_table(report: dict[str, Any]) -> list[str]:
    ingram = report.get("ingram")
    if not ingram:
        return []
    floor = report["floor_s"]
    lines = [
        "Both Ingram Micro clients, the repository's own config (target: well under 0.5 s wall each)",
        "",
        "| command | wall | CPU | peak memory | exit |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, summary in ingram.items():
        lines.append(
            f"| `{name}` | {_times_floor(summary['wall_s'], floor)} | {summary['cpu_s']:.2f} s"
            f" | {summary['peak_tree_mb']:.0f} MiB | {summary['exit']} |"
        )
    return lines
