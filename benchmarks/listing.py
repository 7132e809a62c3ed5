"""Median times of listing 10,000 assessments from the file backend, beside its floor and a rebuild.

Run by hand: `.venv/bin/python benchmarks/listing.py [COUNT]` (figures go in the README).
It commits COUNT small documents through `FileBackend` (each a JSON document with a top-level
`revision` and a summary, as the domain writes them), then times:

- a listing with the index present (one scan of the folder, the index read, nothing parsed);
- a plain read and parse of the index snapshot file alone: the floor any listing stands on;
- a cold rebuild after the index files are deleted (every current file read and summarised);
- one commit into a store of that size (a save must not grow with the number of assessments).

`summarize` here only parses the JSON; the domain's also validates the assessment, so a real
rebuild costs more per file. That is why the index exists.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eia.storage.backend import StoredRevision
from eia.storage.files import FileBackend
from eia.storage.index import JOURNAL_FILE, SNAPSHOT_FILE

DEPARTMENTS = ["Kultur", "Skola", "Vård och omsorg", "Stadsbyggnad", "Arbetsmarknad"]


def document(index: int, revision: int) -> tuple[bytes, dict[str, Any]]:
    """A small assessment's worth of document and the summary the domain would give it."""
    summary = {"id": f"assessment-{index:05d}", "title": f"Beslut nummer {index}",
               "status": "draft", "revision": revision, "demo": False,
               "department": DEPARTMENTS[index % len(DEPARTMENTS)],
               "question_set": {"id": "helsingborg", "version": "1.0"},
               "updated_at": f"2026-12-01T{index % 24:02d}:00:00Z"}
    body = {"schema_version": 1, "id": summary["id"], "revision": revision,
            "decision": {"title": summary["title"], "department": summary["department"],
                         "description": "Ett fiktivt beslut för att mäta listningen. " * 8},
            "summary": summary}
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8"), summary


def summarize(stored: StoredRevision) -> dict[str, Any]:
    return json.loads(stored.data)["summary"]


def median_ms(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timeit.repeat(action, number=1, repeat=runs)) * 1000


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        backend = FileBackend(root)
        for index in range(count):
            data, summary = document(index, 1)
            backend.commit(f"assessment-{index:05d}", 1, data, summary, expected=None)
        listing = backend.summaries(summarize)  # folds the journal into the snapshot
        assert len(listing.summaries) == count and not listing.problems
        snapshot = root / SNAPSHOT_FILE
        print(f"{count} assessments, index snapshot {snapshot.stat().st_size / 2**20:.1f} MiB")
        print(f"list with the index present: "
              f"{median_ms(lambda: backend.summaries(summarize), 15):.1f} ms")
        print(f"plain read and parse of the index file (the floor): "
              f"{median_ms(lambda: json.loads(snapshot.read_bytes()), 15):.1f} ms")

        def rebuild() -> None:
            for name in (SNAPSHOT_FILE, JOURNAL_FILE):
                (root / name).unlink(missing_ok=True)
            backend.summaries(summarize)

        print(f"cold rebuild (index deleted, every file read): {median_ms(rebuild, 3):.0f} ms")
        revision = 1

        def commit_once() -> None:
            nonlocal revision
            data, summary = document(0, revision + 1)
            backend.commit("assessment-00000", revision + 1, data, summary, expected=revision)
            revision += 1

        print(f"commit one revision into this store: {median_ms(commit_once, 30):.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
