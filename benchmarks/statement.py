"""Median time to make and render each demo's full statement, charts included.

Run by hand: `.venv/bin/python benchmarks/statement.py` (figures go in the README). The context
database is built from the bundled sources into a temporary folder first.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from eia.context.assessment import load_context
from eia.context.build import build
from eia.demo import demo_assessments
from eia.statement.make import Format, make_statement, render

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
RUNS = 7


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "context.duckdb"
        build(SOURCES, db_path)
        for assessment, _ in demo_assessments():
            context = load_context(assessment, db_path)
            for fmt in Format:
                render(make_statement(assessment, "sv", context), fmt)  # warm-up
                times = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    data = render(make_statement(assessment, "sv", context), fmt)
                    times.append(time.perf_counter() - start)
                median = statistics.median(times) * 1000
                print(f"{assessment.id} {fmt.value}: median {median:.0f} ms ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
