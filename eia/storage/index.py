"""The file backend's listing index: every key's summary in one JSON file, kept current cheaply.

Listing 10,000 assessments must not parse 10,000 documents. Each commit records the summary it
was given in `<root>/.index.json`, with the size and mtime_ns of the current file it wrote. A
listing takes one `os.scandir` of the root and compares each current file's size and mtime_ns
with its entry: only files added, edited or replaced by hand since are read again (through the
backend, with the domain's `summarize`), and the index is rewritten only if something changed.
A missing or unreadable index is just an index with no entries. An entry is always stamped with
the file's state from before it was read, so a race can only make an entry look stale (and be
read again), never make a stale one look fresh. Damaged files are not cached: they are few, and
read again on every listing so that a repair shows at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock

from eia.errors import CorruptRecordError
from eia.model import check_id
from eia.problems import Problem
from eia.storage import fsio
from eia.storage.backend import StoredRevision, Summarize, SummaryListing

INDEX_FILE = ".index.json"
INDEX_FORMAT = 1
_PREFIX = ".index"

Stamp = tuple[int, int]
"""A current file's (size, mtime_ns): what tells an index entry from a file changed since."""


def stamp_of(found: os.stat_result) -> Stamp:
    return found.st_size, found.st_mtime_ns


class ListingIndex:
    """The index of one store's root; the lock file keeps concurrent writers from losing entries."""

    def __init__(self, root: Path, temp: Path, lock: Path) -> None:
        self.root = root
        self.path = root / INDEX_FILE
        self.temp = temp
        self.lock = lock

    def record(self, key: str, stamp: Stamp, summary: dict[str, Any]) -> None:
        """Keep the summary of a current file just written (called under the key's lock)."""
        self._update({key: _entry(stamp, summary)}, ())

    def listing(self, load: Callable[[str], StoredRevision | None],
                summarize: Summarize) -> SummaryListing:
        """Every key's summary, reading again only the current files that changed."""
        on_disk, problems = self._scan()
        entries = self.read()
        summaries: dict[str, dict[str, Any]] = {}
        fresh: dict[str, dict[str, Any]] = {}
        for key, stamp in on_disk.items():
            entry = entries.get(key)
            if (isinstance(entry, dict) and entry.get("stamp") == list(stamp)
                    and isinstance(entry.get("summary"), dict)):
                summaries[key] = entry["summary"]
                continue
            try:
                stored = load(key)
                if stored is None:  # removed since the scan
                    continue
                summary = dict(summarize(stored))
            except CorruptRecordError as error:
                problems += error.problems
                continue
            summaries[key] = summary
            fresh[key] = _entry(stamp, summary)
        gone = [key for key in entries if key not in on_disk]
        if fresh or gone:
            self._update(fresh, gone)
        problems.sort(key=lambda problem: (problem.file, problem.line or 0, problem.field))
        return SummaryListing(summaries=[summaries[key] for key in sorted(summaries)],
                              problems=problems)

    def read(self) -> dict[str, Any]:
        """The entries by key; an index that is missing, a link or unreadable has none."""
        try:
            data = fsio.read_file(self.path)
        except CorruptRecordError:
            return {}
        if data is None:
            return {}
        try:
            index = json.loads(data)
        except (ValueError, RecursionError):
            return {}
        if (not isinstance(index, dict) or index.get("format") != INDEX_FORMAT
                or not isinstance(index.get("entries"), dict)):
            return {}
        return index["entries"]

    def _scan(self) -> tuple[dict[str, Stamp], list[Problem]]:
        """Each current file's stamp by key, from one pass over the root; bad names as problems."""
        found: dict[str, Stamp] = {}
        problems: list[Problem] = []
        try:
            listing = os.scandir(self.root)
        except FileNotFoundError:
            return found, problems
        with listing:
            for item in listing:
                name = item.name
                if name.startswith(".") or not name.endswith(".json"):
                    continue  # the store's own folders, editor swap files, a README
                key = name.removesuffix(".json")
                try:
                    check_id(key)
                except ValueError:
                    problems.append(Problem(
                        file=item.path, code="bad-file-name",
                        message=f"{name!r} is not <id>.json for a valid assessment id, so it is "
                        "not listed (ids are 3-64 lower-case letters, digits and hyphens)"))
                    continue
                try:
                    found[key] = stamp_of(item.stat(follow_symlinks=False))
                except FileNotFoundError:
                    continue
        return found, problems

    def _update(self, fresh: Mapping[str, dict[str, Any]], gone: Iterable[str]) -> None:
        """Merge changes into the index as it is now on disk, under the index lock."""
        with FileLock(self.lock):
            for leftover in self.temp.glob(f"{_PREFIX}.*.tmp"):  # from a crashed update
                fsio.remove(leftover)
            entries = self.read()
            entries.update(fresh)
            for key in gone:
                if not os.path.lexists(self.root / f"{key}.json"):
                    entries.pop(key, None)
            text = json.dumps({"format": INDEX_FORMAT, "entries": entries},
                              ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            temp, _ = fsio.write_temp(self.temp, _PREFIX, text.encode("utf-8"))
            fsio.replace(temp, self.path)


def _entry(stamp: Stamp, summary: dict[str, Any]) -> dict[str, Any]:
    return {"stamp": list(stamp), "summary": summary}
