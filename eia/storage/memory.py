"""Revisions and blobs in memory: for tests, and to show the interface needs no files.

One lock guards everything, so commits from many threads are serialised like the file backend's.
Stored bytes are immutable and summaries are copied in and out, so nothing a caller holds can
change what is kept.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from eia.errors import ConflictError, NotFoundError
from eia.storage.backend import JsonDict, StoredRevision, Summarize, SummaryListing, sha256_hex
from eia.storage.checks import (
    checked_commit,
    valid_bytes,
    valid_key,
    valid_number,
    valid_sha256,
)


class MemoryBackend:
    """Every key's revisions in order, its latest summary, and blobs by SHA-256."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revisions: dict[str, list[StoredRevision]] = {}
        self._summaries: dict[str, dict[str, Any]] = {}
        self._blobs: dict[str, bytes] = {}
        self._commits = 0

    def __repr__(self) -> str:
        return f"MemoryBackend({len(self._revisions)} keys)"

    def current(self, key: str) -> StoredRevision | None:
        key = valid_key(key)
        with self._lock:
            kept = self._revisions.get(key)
            return kept[-1] if kept else None

    def revision(self, key: str, number: int) -> StoredRevision | None:
        key, number = valid_key(key), valid_number(number)
        with self._lock:
            kept = self._revisions.get(key, [])
            return kept[number - 1] if number <= len(kept) else None

    def numbers(self, key: str) -> list[int]:
        key = valid_key(key)
        with self._lock:
            return [stored.number for stored in self._revisions.get(key, [])]

    def commit(self, key: str, number: int, data: bytes, summary: JsonDict, *,
               expected: int | None) -> StoredRevision:
        key, summary = checked_commit(key, number, data, summary, expected)
        with self._lock:
            actual = len(self._revisions.get(key, [])) or None
            if actual != expected:
                raise ConflictError(key, expected, actual)
            stored = StoredRevision(key=key, number=number, data=data, sha256=sha256_hex(data),
                                    origin=f"memory/{key}@{number}")
            self._revisions.setdefault(key, []).append(stored)
            self._summaries[key] = summary
            self._commits += 1
            return stored

    def summaries(self, summarize: Summarize) -> SummaryListing:
        """Kept at every commit, so never out of date: `summarize` is not needed here."""
        with self._lock:
            listed = [copy.deepcopy(self._summaries[key]) for key in sorted(self._summaries)]
        return SummaryListing(summaries=listed, problems=[])

    def listing_stamp(self) -> int:
        """The number of commits: nothing else changes the summaries kept here."""
        return self._commits

    def put_blob(self, data: bytes) -> str:
        sha = sha256_hex(valid_bytes(data, "a blob"))
        with self._lock:
            self._blobs.setdefault(sha, bytes(data))
        return sha

    def blob(self, sha256: str) -> bytes:
        sha = valid_sha256(sha256)
        with self._lock:
            found = self._blobs.get(sha)
        if found is None:
            raise NotFoundError(sha, what="blob")
        return found
