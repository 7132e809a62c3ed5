"""JSON files in one folder: the backend for one city on one server.

The layout is the one the store has always had, so the committed demo files still read:

- `<root>/<key>.json`: the current revision; written last, so replacing it is the commit;
- `<root>/.revisions/<key>/<number:06d>.json`: every committed revision, never changed again;
- `<root>/.blobs/<sha[:2]>/<sha>`: content-addressed blobs;
- `<root>/.index.json`: the listing index (see `eia.storage.index`);
- `<root>/.locks/`, `<root>/.tmp/`, `<root>/.orphans/`: lock files, temp files of saves under way,
  and revision files that crashed saves left behind, moved aside rather than overwritten.

Commits of one key are serialised across threads and processes by a `filelock` lock file (flock
on Unix, LockFileEx on Windows, so nothing here imports `fcntl`). Each reads the current file
under the lock and is refused as a conflict unless it is still the revision the writer read.
Links below the root are refused, never followed (`eia.storage.fsio`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

from eia.errors import ConflictError, NotFoundError
from eia.jsondoc import corrupt
from eia.storage import fsio
from eia.storage.backend import JsonDict, StoredRevision, Summarize, SummaryListing, sha256_hex
from eia.storage.checks import (
    checked_commit,
    valid_bytes,
    valid_key,
    valid_number,
    valid_sha256,
)
from eia.storage.documents import MAX_DOCUMENT_BYTES, document_number
from eia.storage.index import ListingIndex, stamp_at, stamp_of

REVISIONS_DIR = ".revisions"
BLOBS_DIR = ".blobs"
LOCKS_DIR = ".locks"
TEMP_DIR = ".tmp"
ORPHANS_DIR = ".orphans"

STALE_BLOB_TEMP_SECONDS = 24 * 60 * 60
_BLOB_TEMP = ".blob"
_REVISION_FILE_RE = re.compile(r"(\d{6,})\.json")


class FileBackend:
    """Revisions and blobs as files below `root`; see the module docstring for the layout."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._temp = self.root / TEMP_DIR
        self._locks = self.root / LOCKS_DIR
        self._index = ListingIndex(self.root, self._temp, self._locks / ".index.lock")

    def __repr__(self) -> str:
        return f"FileBackend({str(self.root)!r})"

    # paths: only ever built from a key that has passed `valid_key`, or a checked SHA-256

    def _current_path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def _revision_dir(self, key: str) -> Path:
        return self.root / REVISIONS_DIR / key

    def _revision_path(self, key: str, number: int) -> Path:
        return self._revision_dir(key) / f"{number:06d}.json"

    def _blob_path(self, sha: str) -> Path:
        return self.root / BLOBS_DIR / sha[:2] / sha

    # reading

    def current(self, key: str) -> StoredRevision | None:
        return self._current(valid_key(key))

    def revision(self, key: str, number: int) -> StoredRevision | None:
        key, number = valid_key(key), valid_number(number)
        current = self._current(key)
        if current is None or number > current.number:
            return None  # a file above the current one was left by a save that never committed
        if number == current.number:
            return current
        if not fsio.is_folder_below(self._revision_dir(key), self.root):
            return None
        path = self._revision_path(key, number)
        data = fsio.read_file(path, MAX_DOCUMENT_BYTES)
        if data is None:
            return None
        held = document_number(data, str(path))
        if held != number:
            raise corrupt(str(path), "revision-mismatch",
                          f"the file holds revision {held}, not {number}", field="revision")
        return _stored(key, number, data, path)

    def numbers(self, key: str) -> list[int]:
        key = valid_key(key)
        current = self._current(key)
        if current is None:
            return []
        return sorted({current.number, *(n for n in self._kept(key) if n < current.number)})

    def summaries(self, summarize: Summarize) -> SummaryListing:
        return self._index.listing(self._current, summarize)

    def listing_stamp(self) -> tuple[object, ...]:
        """The folder's own stamp (a commit renames a file into it, and a new or removed
        document changes it) and the index files' (every commit journals its summary)."""
        return (stamp_at(self.root), *self._index.stamps())

    def _current(self, key: str) -> StoredRevision | None:
        """The current file, checked against its kept revision; see `Backend.current`."""
        path = self._current_path(key)
        data = fsio.read_file(path, MAX_DOCUMENT_BYTES)
        if data is None:
            kept = self._kept(key)
            if kept:
                raise corrupt(str(path), "current-missing",
                              f"the current file is missing but revisions {kept[0]}..{kept[-1]} "
                              f"are kept in {self._revision_dir(key)}; restore the last one as "
                              "the current file before saving again")
            return None
        number = document_number(data, str(path))
        kept_path = self._revision_path(key, number)
        if fsio.is_folder_below(self._revision_dir(key), self.root):
            kept_data = fsio.read_file(kept_path, MAX_DOCUMENT_BYTES)
            if kept_data is not None and kept_data != data:
                raise corrupt(str(path), "tampered",
                              f"differs from its kept revision {kept_path}: it was changed "
                              "outside the tool; restore the kept revision, or save the change "
                              "as a new revision", field="revision")
        return _stored(key, number, data, path)

    def _kept(self, key: str) -> list[int]:
        """The numbers of the revision files kept for a key, committed or not, in order."""
        folder = self._revision_dir(key)
        if not fsio.is_folder_below(folder, self.root):
            return []
        with os.scandir(folder) as entries:
            return sorted(int(match[1]) for entry in entries
                          if (match := _REVISION_FILE_RE.fullmatch(entry.name)))

    # writing

    def commit(self, key: str, number: int, data: bytes, summary: JsonDict, *,
               expected: int | None) -> StoredRevision:
        key, summary = checked_commit(key, number, data, summary, expected)
        for folder in (self._temp, self._locks):
            fsio.ensure_folder(folder, self.root)
        with self._locked(key):
            self._clear_temps(key)
            stored = self._current(key)
            actual = None if stored is None else stored.number
            if actual != expected:
                raise ConflictError(key, expected, actual)
            fsio.ensure_folder(self._revision_dir(key), self.root)
            kept = self._kept(key)
            if kept and kept[-1] > number:
                path = self._revision_path(key, kept[-1])
                raise corrupt(str(path), "revision-above-current",
                              f"revision {kept[-1]} is kept but the current file holds "
                              f"revision {actual}: the current file looks replaced by an older "
                              "one; restore the last revision as the current file")
            if stored is not None and stored.number not in kept:
                # a file put in place by hand has no kept revision: keep its bytes unchanged
                self._create(key, self._revision_path(key, stored.number), stored.data)
            if number in kept:
                self._set_aside(key, number)
            path = self._revision_path(key, number)
            self._create(key, path, data)
            temp, written = fsio.write_temp(self._temp, key, data)
            fsio.replace(temp, self._current_path(key))
            self._index.record(key, stamp_of(written), summary)
        return _stored(key, number, data, self._current_path(key))

    def _create(self, key: str, path: Path, data: bytes) -> None:
        """Create a revision file that must not exist yet; it is never overwritten."""
        temp, _ = fsio.write_temp(self._temp, key, data)
        try:
            fsio.link_new(temp, path)
        except FileExistsError:
            raise corrupt(str(path), "revision-exists",
                          "appeared while this save held the lock; it was left unchanged and "
                          "nothing was saved") from None

    def _set_aside(self, key: str, number: int) -> None:
        """Move a revision file a crashed save left at `number` into `.orphans/`, unchanged."""
        orphans = self.root / ORPHANS_DIR / key
        fsio.ensure_folder(orphans, self.root)
        source = self._revision_path(key, number)
        fsio.read_file(source)  # refuses a link before it is moved
        source.rename(orphans / f"{number:06d}.{secrets.token_hex(4)}.json")
        fsio.fsync_folder(orphans)
        fsio.fsync_folder(source.parent)

    def _clear_temps(self, key: str) -> None:
        """Remove the temp files a crashed save of this key left behind (called under its lock)."""
        for leftover in self._temp.glob(f"{key}.*.tmp"):
            fsio.remove(leftover)

    @contextlib.contextmanager
    def _locked(self, key: str) -> Iterator[None]:
        """An exclusive lock per key, across threads, processes and platforms."""
        with FileLock(self._locks / f"{key}.lock"):
            yield

    # blobs

    def put_blob(self, data: bytes) -> str:
        sha = sha256_hex(valid_bytes(data, "a blob"))
        path = self._blob_path(sha)
        fsio.ensure_folder(self._temp, self.root)
        fsio.ensure_folder(path.parent, self.root)
        existing = fsio.read_file(path)
        if existing is not None and sha256_hex(existing) == sha:
            return sha
        # missing or damaged: content-addressed, so putting the right bytes there is always right
        self._clear_stale_blob_temps()
        temp, _ = fsio.write_temp(self._temp, _BLOB_TEMP, data)
        fsio.replace(temp, path)
        return sha

    def _clear_stale_blob_temps(self) -> None:
        """Remove blob temp files a crashed put left; at a day old no put is still writing one."""
        cutoff = time.time() - STALE_BLOB_TEMP_SECONDS
        for leftover in self._temp.glob(f"{_BLOB_TEMP}.*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                if leftover.lstat().st_mtime < cutoff:
                    fsio.remove(leftover)

    def blob(self, sha256: str) -> bytes:
        sha = valid_sha256(sha256)
        path = self._blob_path(sha)
        if not fsio.is_folder_below(path.parent, self.root):
            raise NotFoundError(sha, what="blob")
        data = fsio.read_file(path)
        if data is None:
            raise NotFoundError(sha, what="blob")
        if sha256_hex(data) != sha:
            raise corrupt(str(path), "blob-damaged", "its bytes no longer match its SHA-256; "
                          "put the blob again to repair it")
        return data


def _stored(key: str, number: int, data: bytes, path: Path) -> StoredRevision:
    return StoredRevision(key=key, number=number, data=data, sha256=sha256_hex(data),
                          origin=str(path))

