"""Median times of the core's hot paths: scoring, loading a question set, saving and listing
10,000 assessments beside a plain read of their summaries.

Run by hand: `.venv/bin/python benchmarks/core.py` (figures go in the README).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eia.demo import DEMO_ASSESSMENTS, demo_assessments, write_demo_assessments
from eia.model import UserRef
from eia.questions import get_question_set, load_question_set
from eia.questions.registry import PACKAGE_SETS
from eia.rules import score
from eia.storage.index import SNAPSHOT_FILE
from eia.store import store_at


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


LISTED = 10_000


def main() -> None:
    question_set = get_question_set("helsingborg", "1.1")
    set_folder = PACKAGE_SETS / "helsingborg" / "1.1"
    print(f"load the default question set from YAML ({len(list(set_folder.glob('*.yaml')))} "
          "files, "
          f"{len(question_set.questions())} questions): "
          f"{median_ms(lambda: load_question_set(set_folder), 20):.1f} ms")
    for assessment, _ in demo_assessments():
        print(f"score {assessment.id}: "
              f"{median_ms(lambda a=assessment: score(a, question_set), 200):.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        list(write_demo_assessments(root))
        store = store_at(root)
        by = UserRef(id="benchmark", name="Benchmark")
        current = store.get("demo-branch-library")

        def save_once() -> None:
            nonlocal current
            current = store.save(current, expected_revision=current.revision, by=by)

        print(f"save one assessment (atomic, fsync, revision kept): "
              f"{median_ms(save_once, 50):.2f} ms")
        template = demo_assessments()[0][0]
        started = time.perf_counter()
        for index in range(LISTED - len(DEMO_ASSESSMENTS)):
            store.create(template.model_copy(update={"id": f"copy-{index:05d}"}), by=by)
        print(f"create {LISTED - len(DEMO_ASSESSMENTS):,} demo-sized assessments: "
              f"{time.perf_counter() - started:.0f} s")
        print(f"list {len(store.list().items):,} assessments (Store.list: the index, one scan "
              f"of the folder, every summary validated): {median_ms(store.list, 10):.0f} ms")
        index = root / SNAPSHOT_FILE
        print(f"  floor, a plain read of their summaries (the index file, "
              f"{index.stat().st_size / 2**20:.1f} MiB, parsed): "
              f"{median_ms(lambda: json.loads(index.read_bytes()), 10):.0f} ms")


if __name__ == "__main__":
    main()
