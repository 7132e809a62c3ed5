"""The audit log: acts that leave no trace in any assessment (a statement or a report made).

Changes and workflow steps are in each assessment's own history; this log holds the rest, one
JSON object a line in `<store>/.audit/YYYY-MM.jsonl` (the month of the act, UTC). A line is only
ever appended, with one `write` on a descriptor opened `O_APPEND`, so writers in several
processes never interleave within a line and never overwrite one another. Reading names every
damaged line by file and line number and goes on with the others. A store kept elsewhere than
in files keeps its log in memory, for as long as the store lives.
"""

from __future__ import annotations

import json
import os
import weakref
from datetime import UTC, date
from pathlib import Path
from typing import Literal, Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from eia.model import UserRef
from eia.problems import Problem, field_path
from eia.storage.backend import Backend
from eia.storage.files import FileBackend
from eia.storage.fsio import ensure_folder, read_file

AUDIT_DIR = ".audit"
_APPEND = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
           | getattr(os, "O_BINARY", 0))


class AuditObject(BaseModel):
    """What was acted on: an assessment (`version`: its revision), a question set (`version`:
    its version) or a report (`id`: its kind, `version`: its period)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["assessment", "question_set", "report"]
    id: str
    version: str = ""

    def __str__(self) -> str:
        return f"{self.id}@{self.version}" if self.version else self.id


class AuditEntry(BaseModel):
    """One act: who, when, what it was done to, and how (e.g. format and language)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: AwareDatetime
    by: UserRef
    act: str
    object: AuditObject
    detail: dict[str, str] = {}


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> None: ...

    def read(self, since: date | None = None, until: date | None = None
             ) -> tuple[list[AuditEntry], list[Problem]]:
        """The entries of the months from `since` to `until` (more may come: the caller
        filters by day), oldest first, and a problem for every damaged line."""
        ...


def _line(entry: AuditEntry) -> bytes:
    return (entry.model_dump_json() + "\n").encode("utf-8")


def parse_line(text: str, file: str, number: int) -> AuditEntry | Problem:
    """One line of the log, or the problem that names it."""
    try:
        return AuditEntry.model_validate(json.loads(text))
    except json.JSONDecodeError as error:
        return Problem(file=file, line=number, code="damaged-line",
                       message=f"not a JSON object: {error.msg}")
    except ValidationError as error:
        first = error.errors()[0]
        return Problem(file=file, line=number, field=field_path(first["loc"]),
                       code="damaged-line", message=first["msg"])


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


class FileAuditLog:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / AUDIT_DIR

    def append(self, entry: AuditEntry) -> None:
        ensure_folder(self.folder, self.root)
        fd = os.open(self.folder / f"{_month(entry.at.astimezone(UTC).date())}.jsonl", _APPEND,
                     0o666)
        try:
            data = _line(entry)
            if os.write(fd, data) != len(data):  # a full disk: the line is cut, and named
                raise OSError(f"the audit log {self.folder} took only part of a line")
        finally:
            os.close(fd)

    def read(self, since: date | None = None, until: date | None = None
             ) -> tuple[list[AuditEntry], list[Problem]]:
        entries: list[AuditEntry] = []
        problems: list[Problem] = []
        first, last = _month(since), _month(until)
        for path in sorted(self.folder.glob("*.jsonl")) if self.folder.is_dir() else []:
            month = path.stem
            if (first and month < first) or (last and month > last):
                continue
            data = read_file(path) or b""
            for number, text in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                if text.strip():
                    found = parse_line(text, str(path), number)
                    (problems if isinstance(found, Problem) else entries).append(found)
        return entries, problems


class MemoryAuditLog:
    def __init__(self) -> None:
        self.lines: list[bytes] = []

    def append(self, entry: AuditEntry) -> None:
        self.lines.append(_line(entry))

    def read(self, since: date | None = None, until: date | None = None
             ) -> tuple[list[AuditEntry], list[Problem]]:
        parsed = [parse_line(line.decode("utf-8"), "memory", number)
                  for number, line in enumerate(self.lines, 1)]
        return ([p for p in parsed if isinstance(p, AuditEntry)],
                [p for p in parsed if isinstance(p, Problem)])


_MEMORY: weakref.WeakKeyDictionary[Backend, MemoryAuditLog] = weakref.WeakKeyDictionary()


def audit_log(backend: Backend) -> AuditLog:
    """The audit log of a store, by its assessments' backend."""
    if isinstance(backend, FileBackend):
        return FileAuditLog(backend.root)
    return _MEMORY.setdefault(backend, MemoryAuditLog())
