"""Median times of the core's hot paths: scoring, loading a question set, saving and listing.

Run by hand: `.venv/bin/python benchmarks/core.py` (figures go in the README).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eia.demo import demo_assessments, write_demo_assessments
from eia.questions import get_question_set, load_question_set
from eia.questions.registry import PACKAGE_SETS
from eia.rules import score
from eia.store import JsonStore


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    question_set = get_question_set("helsingborg", "1.0")
    set_folder = PACKAGE_SETS / "helsingborg" / "1.0"
    print(f"load the default question set from YAML (22 files, "
          f"{len(question_set.questions())} questions): "
          f"{median_ms(lambda: load_question_set(set_folder), 20):.1f} ms")
    for assessment, _ in demo_assessments():
        print(f"score {assessment.id}: "
              f"{median_ms(lambda a=assessment: score(a, question_set), 200):.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        list(write_demo_assessments(root))
        store = JsonStore(root)
        for index in range(200):
            copy = demo_assessments()[0][0].model_copy(update={"id": f"copy-{index:04d}"})
            store.save(copy, expected_revision=None, by="benchmark")
        current = store.get("copy-0000")

        def save_once() -> None:
            nonlocal current
            current = store.save(current, expected_revision=current.revision, by="benchmark")

        print(f"save one assessment (atomic, fsync, revision kept): "
              f"{median_ms(save_once, 50):.2f} ms")
        print(f"list 203 assessments: {median_ms(store.list, 20):.1f} ms")


if __name__ == "__main__":
    main()
