"""Shell commands timed side by side, hyperfine-style: each run in turn, N rounds.

    .venv/bin/python bench/commands.py [--rounds N] COMMAND [COMMAND ...]

Prints, per command, the median and best wall time and the median CPU time (user +
system of the command and every process it reaped). The commands alternate, so a
machine shared with other work loads them alike: compare them within one run.
For example, the Ingram Micro check against another checkout of the generator:

    .venv/bin/python bench/commands.py --rounds 15 \\
        "cd /other/checkout && PYTHONPATH=/other/checkout $PWD/.venv/bin/python -m generator check" \\
        ".venv/bin/python -m generator check"
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import time


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("commands", nargs="+", metavar="COMMAND")
    parser.add_argument("--rounds", type=int, default=10, metavar="N")
    args = parser.parse_args()
    walls: dict[str, list[float]] = {command: [] for command in args.commands}
    cpus: dict[str, list[float]] = {command: [] for command in args.commands}
    for _ in range(args.rounds):
        for command in args.commands:
            cpu_before, started = cpu_of_children(), time.perf_counter()
            subprocess.run(command, shell=True, check=True, capture_output=True)
            walls[command].append(time.perf_counter() - started)
            cpus[command].append(cpu_of_children() - cpu_before)
    for command in args.commands:
        print(
            f"wall median {statistics.median(walls[command]):.3f} s, best {min(walls[command]):.3f} s;"
            f" CPU median {statistics.median(cpus[command]):.3f} s: {command}"
        )


if __name__ == "__main__":
    main()
