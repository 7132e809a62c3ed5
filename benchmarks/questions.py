"""Loading the default question set against a bare parse of the same files by libyaml.

Issue 15 asks that the strict loader (line numbers, duplicate keys refused, only true/false as
booleans, pydantic validation) cost at most about 1.2 times what PyYAML's C loader alone takes
to parse the same files. Both are timed in one run, interleaved, so the machine's load falls on
both alike.

Run by hand: `.venv/bin/python benchmarks/questions.py` (figures go in the README).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from eia.questions import load_question_set
from eia.questions.registry import PACKAGE_SETS

SET_FOLDER = PACKAGE_SETS / "helsingborg" / "1.0"
RUNS = 100


def bare_parse(files: list[Path]) -> None:
    """What PyYAML's C loader alone does with the set's files: read and parse each one."""
    for file in files:
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)


def interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The median milliseconds of each action, run in turn so that load falls on all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        action()  # warm-up
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) * 1000 for name, found in times.items()}


def main() -> None:
    files = sorted(SET_FOLDER.glob("*.yaml"))
    medians = interleaved({"load": lambda: load_question_set(SET_FOLDER),
                           "parse": lambda: bare_parse(files)}, RUNS)
    size = sum(file.stat().st_size for file in files) / 1024
    print(f"default question set: {len(files)} files, {size:.0f} KB")
    print(f"bare PyYAML C-loader parse: {medians['parse']:.1f} ms")
    print(f"load_question_set (strict YAML, lines, validation): {medians['load']:.1f} ms "
          f"({medians['load'] / medians['parse']:.2f}x the bare parse)")


if __name__ == "__main__":
    main()
