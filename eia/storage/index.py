"""The file backend's listing index: every key's summary, kept current without reading documents.

Listing 10,000 assessments must not parse 10,000 documents, and a save must not rewrite a
10,000-entry file either. So the index is two files: a snapshot, `<root>/.index.json`, and a
journal, `<root>/.index.log`, to which each commit appends one line (the key, the summary it was
given, and the size and mtime_ns of the current file it wrote) under the index lock. A listing
reads both, takes one `os.scandir` of the root and compares each current file's size and
mtime_ns with its entry: only files added, edited or replaced by hand since are read again
(through the backend, with the domain's `summarize`). When it found changes, or the journal has
grown long, it folds everything into a new snapshot and removes the journal, under the lock;
a commit that finds the journal long folds it too.

Anything unreadable in either file (missing, a link, a torn last line) counts as no entry, so
the worst a crash or a race can do is make an entry look stale and be read again: every entry is
stamped with the file's state from before it was read, never after. Damaged files are not cached:
they are few, and read again on every listing so that a repair shows at once. The index vouches
only for what the current files hold: the checks against kept revisions (tampering, links in
`.revisions/`) are made when a file is opened, not by a listing that finds it unchanged.
"""

from __future__ import annotations

import contextlib
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

SNAPSHOT_FILE = ".index.json"
JOURNAL_FILE = ".index.log"
INDEX_FORMAT = 1
JOURNAL_FOLD_BYTES = 256 * 1024
"""A journal this long is folded into the snapshot (by a listing, or else by a commit), so that
reading it stays cheap and it cannot grow without bound."""

_TEMP_PREFIX = ".index"
_APPEND = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
           | getattr(os, "O_BINARY", 0))

Stamp = list[int]
"""A current file's [size, mtime_ns], as JSON keeps it: what tells an entry from a changed file."""

Entries = dict[str, dict[str, Any]]


def stamp_of(found: os.stat_result) -> Stamp:
    return [found.st_size, found.st_mtime_ns]


def stamp_at(path: Path) -> tuple[int, int] | None:
    """A path's (size, mtime_ns), None when it is not there."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


class ListingIndex:
    """The index of one store's root; its lock keeps concurrent writers from losing entries."""

    def __init__(self, root: Path, temp: Path, lock: Path) -> None:
        self.root = root
        self.snapshot = root / SNAPSHOT_FILE
        self.journal = root / JOURNAL_FILE
        self.temp = temp
        self.lock = lock

    def stamps(self) -> tuple[tuple[int, int] | None, ...]:
        """The snapshot's and the journal's stamps: a commit or a fold changes one of them."""
        return stamp_at(self.snapshot), stamp_at(self.journal)

    def record(self, key: str, stamp: Stamp, summary: dict[str, Any]) -> None:
        """Journal the summary of a current file just written (called under the key's lock).

        The revision is committed by then, so nothing here may fail the commit: an entry that
        cannot be journalled is just missing, and the next listing reads that file again.
        """
        line = json.dumps({"key": key, **_entry(stamp, summary)}, ensure_ascii=False,
                          separators=(",", ":")) + "\n"
        with contextlib.suppress(OSError, CorruptRecordError), FileLock(self.lock):
            fd = os.open(self.journal, _APPEND, 0o666)
            try:
                os.write(fd, line.encode("utf-8"))
                journalled = os.fstat(fd).st_size
            finally:
                os.close(fd)
            if journalled >= JOURNAL_FOLD_BYTES:  # nobody has listed for a long while
                self._fold_locked({}, ())

    def listing(self, load: Callable[[str], StoredRevision | None],
                summarize: Summarize) -> SummaryListing:
        """Every key's summary, reading again only the current files that changed."""
        on_disk, problems = self._scan()
        entries, journalled = self._read()
        summaries: dict[str, dict[str, Any]] = {}
        fresh: Entries = {}
        for key, stamp in on_disk.items():
            entry = entries.get(key)
            if (isinstance(entry, dict) and entry.get("stamp") == stamp
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
        if fresh or gone or journalled >= JOURNAL_FOLD_BYTES:
            with contextlib.suppress(OSError, CorruptRecordError):  # a read-only store still lists
                for folder in (self.temp, self.lock.parent):
                    fsio.ensure_folder(folder, self.root)
                with FileLock(self.lock):
                    self._fold_locked(fresh, gone)
        problems.sort(key=lambda problem: (problem.file, problem.line or 0, problem.field))
        # built here from checked parts: validating 10,000 dicts again would double the cost
        return SummaryListing.model_construct(
            summaries=[summaries[key] for key in sorted(summaries)], problems=problems)

    def _read(self) -> tuple[Entries, int]:
        """The entries by key (snapshot, then journal in order), and the journal's size."""
        entries = _loads_snapshot(_read_or_none(self.snapshot))
        journal = _read_or_none(self.journal) or b""
        for line in journal.splitlines():
            try:
                change = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash, or still being written
            if isinstance(change, dict) and isinstance(change.get("key"), str):
                entries[change.pop("key")] = change
        return entries, len(journal)

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
                    continue  # the store's own files and folders, editor swap files, a README
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

    def _fold_locked(self, fresh: Mapping[str, dict[str, Any]], gone: Iterable[str]) -> None:
        """Write snapshot + journal + these changes as the new snapshot, then drop the journal."""
        for leftover in self.temp.glob(f"{_TEMP_PREFIX}.*.tmp"):  # from a crashed fold
            fsio.remove(leftover)
        entries, _ = self._read()
        entries.update(fresh)
        for key in gone:
            if not os.path.lexists(self.root / f"{key}.json"):
                entries.pop(key, None)
        text = json.dumps({"format": INDEX_FORMAT, "entries": entries},
                          ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        temp, _ = fsio.write_temp(self.temp, _TEMP_PREFIX, text.encode("utf-8"))
        fsio.replace(temp, self.snapshot)
        fsio.remove(self.journal)


def _entry(stamp: Stamp, summary: dict[str, Any]) -> dict[str, Any]:
    return {"stamp": stamp, "summary": summary}


def _read_or_none(path: Path) -> bytes | None:
    """The index's own files are derived data: a link or an unreadable file is just missing."""
    try:
        return fsio.read_file(path)
    except CorruptRecordError:
        return None


def _loads_snapshot(data: bytes | None) -> Entries:
    try:
        index = json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return {}
    if (not isinstance(index, dict) or index.get("format") != INDEX_FORMAT
            or not isinstance(index.get("entries"), dict)):
        return {}
    return index["entries"]
