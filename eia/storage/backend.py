"""The minimal interface a storage backend implements, and what it hands back.

A backend keeps, per key (an assessment id), an append-only series of revisions as opaque bytes
(JSON documents with a top-level integer `revision`), and blobs by SHA-256. It guarantees three
things the domain layer cannot: a revision, once written, is never changed; a write succeeds only
if the current revision is still the one the writer read (compare-and-swap); and a listing
of every key's summary that does not parse every document. Everything else is `eia.store`'s job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from eia.problems import Problem

JsonDict = Mapping[str, Any]

Summarize = Callable[["StoredRevision"], JsonDict]
"""Builds a key's summary from its current revision, for a backend that rebuilds its index;
raises `eia.errors.CorruptRecordError` for a revision that cannot be read."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StoredRevision(BaseModel):
    """One revision exactly as stored: its bytes, their SHA-256 and where it is kept."""

    model_config = ConfigDict(frozen=True)

    key: str
    number: int
    data: bytes
    sha256: str
    origin: str
    """Where it is kept, for problems and messages: a file path, or `table/key@number`."""


class SummaryListing(BaseModel):
    """Every key's summary (as the domain layer built it), and what could not be read."""

    model_config = ConfigDict(frozen=True)

    summaries: list[dict[str, Any]]
    problems: list[Problem]


@runtime_checkable
class Backend(Protocol):
    """Where revisions are kept. Implementations: `eia.storage.files`, `eia.storage.memory`."""

    def current(self, key: str) -> StoredRevision | None:
        """The current revision, or None if the key was never written.

        Raises CorruptRecordError when what is stored cannot be trusted (a damaged or
        tampered current record, a record whose kept revision differs from it, a link).
        """
        ...

    def revision(self, key: str, number: int) -> StoredRevision | None:
        """A committed revision (1..current), exactly as written; None if there is none."""
        ...

    def numbers(self, key: str) -> list[int]:
        """The committed revision numbers that `revision` can read, oldest first."""
        ...

    def commit(self, key: str, number: int, data: bytes, summary: JsonDict, *,
               expected: int | None) -> StoredRevision:
        """Write revision `number` only if the current one is still `expected` (None: new key).

        `number` must be `expected + 1` (or 1 for a new key); otherwise InvalidInputError.
        Raises ConflictError if the current revision is not `expected`; nothing is written then.
        The revision is created exclusively and never overwritten. `summary` is kept for
        `summaries` (it must be JSON-serialisable).
        """
        ...

    def summaries(self, summarize: Summarize) -> SummaryListing:
        """Every key's latest summary in key order, without reading every document.

        A backend whose index is missing or out of date rebuilds it with `summarize`.
        """
        ...

    def listing_stamp(self) -> Hashable:
        """A cheap value that changes whenever a commit may have changed the summaries, so a
        store keeps its last listing while it stays the same (the start page lists on every
        rerun). A document edited in place outside the tool may not change it: the listing
        catches up at the next commit, and reading that document still checks it."""
        ...

    def put_blob(self, data: bytes) -> str:
        """Keep the bytes (idempotently) and return their SHA-256 (hex)."""
        ...

    def blob(self, sha256: str) -> bytes:
        """The bytes kept under this SHA-256; NotFoundError if none."""
        ...
