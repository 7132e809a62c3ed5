"""Saved assessments: one narrow interface, and JSON files on disk as its first backend.

The interface (`Store`) is kept small on purpose so that a shared database backend (PostgreSQL, for
several app instances behind a load balancer) can be dropped in later and pass the same tests.

`JsonStore` keeps the current version of each assessment at `<root>/<id>.json` and every saved
revision, never changed again, at `<root>/.revisions/<id>/<revision:06d>.json`. Saves are atomic
(temp file, fsync, rename, fsync of the folder) and serialised per id by an exclusive `flock` on
`<root>/.locks/<id>.lock`, so they are safe across threads and processes on one machine. A save
names the revision it was edited from; if someone saved in between it is refused as a conflict,
never merged. The history may only grow, so a save can never replace an assessment with one that
knows less of its past. Approved and archived assessments are immutable: `reopen` starts a new
draft revision and the approved one stays readable.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, ValidationError

from eia import settings
from eia.model import Assessment, Event, EventKind, QuestionSetRef, Status, check_id
from eia.problems import Problem, ProblemsError, field_path

REVISIONS_DIR = ".revisions"
LOCKS_DIR = ".locks"
MAX_FILE_BYTES = 32 * 1024 * 1024
"""A file larger than this is reported, not read: a hand-made giant must not exhaust memory."""

LOCKED_STATUSES = frozenset({Status.approved, Status.archived})

_REVISION_FILE_RE = re.compile(r"^\d{6,}\.json$")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock; injectable so that demo files can be written byte for byte the same."""
    return datetime.now(UTC)


# --- Errors ---------------------------------------------------------------------------------


class StoreError(Exception):
    """Anything the store refuses or cannot do; the UI can catch this one class."""


class InvalidInputError(StoreError, ValueError):
    """An argument that cannot be right (a bad id, no author); nothing was read or written."""


class InvalidIdError(InvalidInputError):
    """An id that is not a plain slug; refused before it can become part of a path."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        super().__init__(reason)


class NotFoundError(StoreError, LookupError):
    """No assessment (or no such revision of it) is saved."""

    def __init__(self, assessment_id: str, revision: int | None = None) -> None:
        self.id = assessment_id
        self.revision = revision
        what = f"assessment {assessment_id!r}"
        if revision is not None:
            what = f"revision {revision} of {what}"
        super().__init__(f"{what} is not saved")


class ConflictError(StoreError):
    """The save was made from a revision that is no longer the saved one; nothing was written."""

    def __init__(self, assessment_id: str, expected: int | None, actual: int | None) -> None:
        self.id = assessment_id
        self.expected = expected
        self.actual = actual
        if expected is None:
            message = (
                f"an assessment with id {assessment_id!r} already exists (revision {actual}); "
                "choose another id or open the saved one"
            )
        elif actual is None:
            message = (
                f"assessment {assessment_id!r} was edited from revision {expected} but is no "
                "longer saved"
            )
        else:
            message = (
                f"assessment {assessment_id!r} was changed by someone else: this edit started "
                f"from revision {expected} but revision {actual} is saved; reload it and apply "
                "the changes again"
            )
        super().__init__(message)


class ImmutableError(StoreError):
    """An approved or archived assessment is locked; `reopen` starts a new revision instead."""

    def __init__(self, assessment_id: str, status: Status) -> None:
        self.id = assessment_id
        self.status = status
        super().__init__(
            f"assessment {assessment_id!r} is {status.value} and cannot be changed; reopen it "
            "to start a new revision"
        )


class HistoryError(StoreError):
    """The save would drop or rewrite saved history, i.e. replace the assessment with less."""

    def __init__(self, assessment_id: str, detail: str) -> None:
        self.id = assessment_id
        super().__init__(
            f"refusing to save assessment {assessment_id!r}: {detail}; the history may only "
            "grow (reload the saved assessment and apply the changes again)"
        )


class ReopenError(StoreError):
    """Only an approved or archived assessment can be reopened; a draft is edited directly."""

    def __init__(self, assessment_id: str, status: Status) -> None:
        self.id = assessment_id
        self.status = status
        super().__init__(
            f"assessment {assessment_id!r} is {status.value}, not approved or archived; "
            "it can be edited without reopening"
        )


class CorruptAssessmentError(StoreError, ProblemsError):
    """A saved file that cannot be read as an assessment; each problem names the file."""


# --- Listing --------------------------------------------------------------------------------


class Summary(BaseModel):
    """What a list of assessments shows, without holding every assessment in full."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    status: Status
    revision: int
    demo: bool
    department: str
    question_set: QuestionSetRef
    updated_at: datetime | None

    @classmethod
    def of(cls, assessment: Assessment) -> Summary:
        return cls(
            id=assessment.id,
            title=assessment.decision.title,
            status=assessment.status,
            revision=assessment.revision,
            demo=assessment.demo,
            department=assessment.decision.department,
            question_set=assessment.question_set,
            updated_at=assessment.history[-1].at if assessment.history else None,
        )


class Listing(BaseModel):
    """The readable assessments, and the problems of those that could not be read."""

    model_config = ConfigDict(frozen=True)

    items: list[Summary]
    problems: list[Problem]


# --- The interface --------------------------------------------------------------------------


@runtime_checkable
class Store(Protocol):
    """Where assessments are kept. Narrow on purpose, so that backends can be swapped."""

    def get(self, id: str) -> Assessment:
        """The current revision; NotFoundError if none, CorruptAssessmentError if unreadable."""
        ...

    def get_revision(self, id: str, revision: int) -> Assessment:
        """An earlier (or the current) revision, as it was saved."""
        ...

    def revisions(self, id: str) -> list[int]:
        """The revision numbers that can be read with `get_revision`, oldest first."""
        ...

    def save(
        self,
        assessment: Assessment,
        *,
        expected_revision: int | None,
        by: str,
        event: EventKind = EventKind.saved,
        note: str = "",
    ) -> Assessment:
        """Save against the revision it was edited from (None: create); return what was saved."""
        ...

    def history(self, id: str) -> list[Event]:
        """Every event of the assessment, oldest first."""
        ...

    def reopen(self, id: str, *, by: str, note: str = "") -> Assessment:
        """Start a new draft revision of an approved or archived assessment."""
        ...

    def list(self) -> Listing:
        """Every assessment in id order, and a problem for each that cannot be read."""
        ...


# --- JSON files -----------------------------------------------------------------------------


def _valid_id(value: object) -> str:
    """Check an id before it goes anywhere near a path."""
    try:
        return check_id(value)  # type: ignore[arg-type]
    except ValueError as error:
        raise InvalidIdError(value, str(error)) from None


class JsonStore:
    """Assessments as JSON files in one folder; see the module docstring for the layout."""

    def __init__(self, root: str | Path, clock: Clock = utc_now) -> None:
        self.root = Path(root)
        self.clock = clock

    def __repr__(self) -> str:
        return f"JsonStore({str(self.root)!r})"

    # paths: only ever built from an id that has passed `_valid_id`

    def _current_path(self, assessment_id: str) -> Path:
        return self.root / f"{assessment_id}.json"

    def _revision_dir(self, assessment_id: str) -> Path:
        return self.root / REVISIONS_DIR / assessment_id

    def _revision_path(self, assessment_id: str, revision: int) -> Path:
        return self._revision_dir(assessment_id) / f"{revision:06d}.json"

    # reading

    def get(self, id: str) -> Assessment:
        assessment_id = _valid_id(id)
        found = self._read_current(assessment_id)
        if found is None:
            raise NotFoundError(assessment_id)
        return found

    def get_revision(self, id: str, revision: int) -> Assessment:
        assessment_id = _valid_id(id)
        if isinstance(revision, bool) or not isinstance(revision, int):
            raise InvalidInputError(f"a revision is a whole number, not {revision!r}")
        current = self.get(assessment_id)
        if revision == current.revision:
            return current
        # a revision file above the current one is left over from an interrupted save
        if not 1 <= revision < current.revision:
            raise NotFoundError(assessment_id, revision)
        path = self._revision_path(assessment_id, revision)
        if not path.is_file():
            raise NotFoundError(assessment_id, revision)
        found = _load(path, assessment_id)
        if found.revision != revision:
            raise CorruptAssessmentError([Problem(
                file=str(path), field="revision", code="revision-mismatch",
                message=f"the file holds revision {found.revision}, not {revision}",
            )])
        return found

    def revisions(self, id: str) -> list[int]:
        assessment_id = _valid_id(id)
        current = self.get(assessment_id).revision
        found = {current}
        folder = self._revision_dir(assessment_id)
        if folder.is_dir():
            for path in folder.iterdir():
                if _REVISION_FILE_RE.fullmatch(path.name):
                    number = int(path.name.removesuffix(".json"))
                    if 1 <= number <= current:
                        found.add(number)
        return sorted(found)

    def history(self, id: str) -> list[Event]:
        return list(self.get(id).history)

    def list(self) -> Listing:
        items: list[Summary] = []
        problems: list[Problem] = []
        if not self.root.is_dir():
            return Listing(items=[], problems=[])
        for path in self.root.glob("*.json"):
            if path.name.startswith("."):  # editor lock and swap files, never ours
                continue
            name = path.name.removesuffix(".json")
            try:
                assessment_id = check_id(name)
            except ValueError:
                problems.append(Problem(
                    file=str(path), code="bad-file-name",
                    message=f"{path.name!r} is not <id>.json for a valid assessment id, so it "
                    "is not listed (ids are 3-64 lower-case letters, digits and hyphens)",
                ))
                continue
            try:
                items.append(Summary.of(_load(path, assessment_id)))
            except CorruptAssessmentError as error:
                problems += error.problems
        items.sort(key=lambda item: item.id)
        problems.sort(key=lambda problem: (problem.file, problem.line or 0, problem.field))
        return Listing(items=items, problems=problems)

    def _read_current(self, assessment_id: str) -> Assessment | None:
        path = self._current_path(assessment_id)
        if not path.exists() and not path.is_symlink():
            return None
        return _load(path, assessment_id)

    # writing

    def save(
        self,
        assessment: Assessment,
        *,
        expected_revision: int | None,
        by: str,
        event: EventKind = EventKind.saved,
        note: str = "",
    ) -> Assessment:
        assessment_id = _valid_id(assessment.id)
        _check_event_input(by, note)
        if expected_revision is not None and (
            isinstance(expected_revision, bool) or not isinstance(expected_revision, int)
        ):
            raise InvalidInputError(
                f"expected_revision is a whole number or None, not {expected_revision!r}"
            )
        with self._locked(assessment_id):
            stored = self._read_current(assessment_id)
            actual = None if stored is None else stored.revision
            if expected_revision is None:
                if stored is not None:
                    raise ConflictError(assessment_id, None, actual)
            elif actual != expected_revision:
                raise ConflictError(assessment_id, expected_revision, actual)
            if stored is not None:
                if stored.status in LOCKED_STATUSES:
                    raise ImmutableError(assessment_id, stored.status)
                _check_history_grows(assessment_id, stored.history, assessment.history)
            kind = EventKind.created if stored is None else event
            if stored is not None:
                self._keep_revision(stored)
            return self._write(assessment, 1 if actual is None else actual + 1, kind, by, note)

    def reopen(self, id: str, *, by: str, note: str = "") -> Assessment:
        """The new draft drops the sign-off: it belongs to the approved revision, which keeps it."""
        assessment_id = _valid_id(id)
        _check_event_input(by, note)
        with self._locked(assessment_id):
            stored = self._read_current(assessment_id)
            if stored is None:
                raise NotFoundError(assessment_id)
            if stored.status not in LOCKED_STATUSES:
                raise ReopenError(assessment_id, stored.status)
            self._keep_revision(stored)
            draft = stored.model_copy(update={"status": Status.draft, "sign_off": None})
            return self._write(draft, stored.revision + 1, EventKind.reopened, by, note)

    def _keep_revision(self, stored: Assessment) -> None:
        """Copy the current file into the revisions before replacing it, if it is not there.

        Files put in place by hand (or by an older version) have no revision file; without this
        the revision they hold would be lost on the next save. The bytes are copied unchanged so
        that a fingerprint taken of them still matches.
        """
        path = self._revision_path(stored.id, stored.revision)
        if path.exists():
            return
        _ensure_dir(path.parent)
        _write_atomic(path, self._current_path(stored.id).read_bytes())

    def _write(
        self, assessment: Assessment, revision: int, kind: EventKind, by: str, note: str
    ) -> Assessment:
        """Write the revision file, then the current file: the current file is the commit."""
        entry = Event(at=self.clock(), by=by, kind=kind, revision=revision, note=note)
        history = [*assessment.history, entry]
        candidate = assessment.model_copy(update={"revision": revision, "history": history})
        text = candidate.to_json()
        try:  # never write what cannot be read back
            saved = Assessment.from_json(text)
        except ValidationError as error:
            raise InvalidInputError(
                f"assessment {assessment.id!r} is not valid and was not saved:\n{error}"
            ) from error
        data = text.encode("utf-8")
        revision_dir = self._revision_dir(saved.id)
        _ensure_dir(revision_dir)
        # a file already at this number was left by an interrupted save and never became current
        _write_atomic(self._revision_path(saved.id, revision), data)
        _write_atomic(self._current_path(saved.id), data)
        return saved

    @contextlib.contextmanager
    def _locked(self, assessment_id: str) -> Iterator[None]:
        """An exclusive lock per id, held across processes; lock files are never removed."""
        locks = self.root / LOCKS_DIR
        _ensure_dir(locks)
        fd = os.open(locks / f"{assessment_id}.lock", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def default_store() -> JsonStore:
    """The store the app and the CLI use: `$EIA_ASSESSMENTS_DIR`, else the project's assessments."""
    return JsonStore(settings.assessments_dir())


# --- Helpers --------------------------------------------------------------------------------


def _check_event_input(by: str, note: str) -> None:
    """Refuse a nameless or oversized event before taking a lock or touching a file."""
    if not isinstance(by, str) or not by.strip():
        raise InvalidInputError("a save must say who made it (by)")
    try:
        Event(at=datetime(2000, 1, 1, tzinfo=UTC), by=by, kind=EventKind.saved, revision=1,
              note=note)
    except ValidationError as error:
        problems = "; ".join(
            f"{field_path(item['loc'])}: {item['msg']}" for item in error.errors()
        )
        raise InvalidInputError(f"the history entry is not valid: {problems}") from None


def _check_history_grows(
    assessment_id: str, stored: Sequence[Event], incoming: Sequence[Event]
) -> None:
    if len(incoming) < len(stored):
        raise HistoryError(
            assessment_id,
            f"it carries {len(incoming)} history events but {len(stored)} are saved",
        )
    for index, (old, new) in enumerate(zip(stored, incoming, strict=False)):
        if old != new:
            raise HistoryError(
                assessment_id,
                f"history event {index + 1} ({old.kind.value} of revision {old.revision}) "
                "differs from the saved one",
            )


def _ensure_dir(path: Path) -> None:
    """Create a folder and make its entry durable, so a crash cannot lose files inside it."""
    if path.is_dir():
        return
    parent = path.parent
    _ensure_dir(parent)
    with contextlib.suppress(FileExistsError):
        path.mkdir()
    _fsync_dir(parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target, fsync, rename over it, fsync the folder; no temp file survives.

    The temp name starts with a dot and ends in `.tmp`, so a listing of `*.json` never sees it;
    it is created with the process umask like any ordinary file.
    """
    temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_dir(target.parent)


def _load(path: Path, assessment_id: str) -> Assessment:
    """Read one saved file; every reason it cannot be trusted becomes a Problem naming it."""
    name = str(path)

    def corrupt(
        code: str, message: str, line: int | None = None, field: str = ""
    ) -> CorruptAssessmentError:
        return CorruptAssessmentError(
            [Problem(file=name, line=line, field=field, code=code, message=message)]
        )

    try:
        if not path.is_file():
            raise corrupt("not-a-file", "is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise corrupt("too-large", f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except OSError as error:
        raise corrupt("unreadable", error.strerror or str(error)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise corrupt("not-utf8", "is not UTF-8 text", line=line) from None
    duplicates: list[str] = []
    try:
        json.loads(text, object_pairs_hook=_duplicate_finder(duplicates))
    except json.JSONDecodeError as error:
        raise corrupt("json-syntax", f"not valid JSON: {error.msg} (column {error.colno})",
                      line=error.lineno) from None
    except RecursionError:
        raise corrupt("json-too-deep", "nested too deeply to be an assessment") from None
    if duplicates:
        _, repeated = _locate(text)
        raise CorruptAssessmentError([
            Problem(file=name, line=line, field=field_path(loc), code="duplicate-key",
                    message=f"key {loc[-1]!r} appears more than once in the same object")
            for loc, line in repeated
        ] or [Problem(file=name, code="duplicate-key", message="a key appears twice")])
    try:
        assessment = Assessment.model_validate_json(text)
    except ValidationError as error:
        locations, _ = _locate(text)
        problems = [
            Problem(file=name, line=_line_of(locations, item["loc"]),
                    field=field_path(item["loc"]), code=item["type"],
                    message=item["msg"].removeprefix("Value error, "))
            for item in error.errors()
        ]
        raise CorruptAssessmentError(list(dict.fromkeys(problems))) from None
    if assessment.id != assessment_id:
        locations, _ = _locate(text)
        raise corrupt(
            "id-mismatch",
            f"the file is named for {assessment_id!r} but holds assessment {assessment.id!r}",
            line=locations.get(("id",)), field="id",
        )
    return assessment


def _duplicate_finder(found: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            found.append("duplicate")
        return result

    return hook


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')

Loc = tuple[str | int, ...]


def _locate(text: str) -> tuple[dict[Loc, int], list[tuple[Loc, int]]]:
    """The line of every key and item of JSON already known to parse, and any repeated keys.

    json gives positions only for syntax errors; this lets a validation problem in a hand-edited
    file point at its line too. Best effort: on anything unexpected it returns what it has.
    """
    tokens: list[tuple[str, int]] = []
    line, last = 1, 0
    for match in _TOKEN_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        tokens.append((match.group(), line))
    locations: dict[Loc, int] = {}
    repeated: list[tuple[Loc, int]] = []

    def value(index: int, loc: Loc) -> int:
        token, at = tokens[index]
        locations.setdefault(loc, at)
        if token == "{":
            index += 1
            seen: set[str] = set()
            while tokens[index][0] != "}":
                key_token, key_line = tokens[index]
                key = json.loads(key_token)
                if key in seen:
                    repeated.append(((*loc, key), key_line))
                seen.add(key)
                locations[(*loc, key)] = key_line
                index = value(index + 2, (*loc, key))  # skip the key and the colon
                if tokens[index][0] == ",":
                    index += 1
            return index + 1
        if token == "[":
            index += 1
            position = 0
            while tokens[index][0] != "]":
                index = value(index, (*loc, position))
                position += 1
                if tokens[index][0] == ",":
                    index += 1
            return index + 1
        return index + 1

    with contextlib.suppress(IndexError, ValueError, RecursionError):
        value(0, ())
    return locations, repeated


def _line_of(locations: dict[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest part of a pydantic error location found in the file."""
    parts = tuple(loc)
    for end in range(len(parts), -1, -1):
        if parts[:end] in locations:
            return locations[parts[:end]]
    return None
