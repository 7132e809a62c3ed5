"""The domain rules of saving assessments, the same over every storage backend.

A backend (`eia.storage`) keeps revisions as bytes and guarantees compare-and-swap writes; this
layer decides what may be written:
- revisions are numbered by the store, one per write, and a saved revision never changes;
- the history is written here alone: a caller's copy must equal the saved history exactly, and
  each write appends one event stamped with who, when and which revision;
- a new assessment starts as a draft with one "created" event;
- status moves only through the workflow's transitions (`eia.workflow.TRANSITIONS`); approval
  needs the approving reviewer's sign-off; approved and archived revisions never change, and
  `reopen` starts a new draft revision while the approved one stays readable;
- follow-up records are kept beside the approved revision, never inside it.
Who may do which of these is checked one layer up, in the services.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, JsonValue, TypeAdapter

from eia import settings
from eia.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from eia.jsondoc import corrupt, parse_json, validate_document
from eia.migrations import migrate_with_follow_up
from eia.model import (
    Assessment,
    Event,
    EventKind,
    FollowUpRecord,
    Outcome,
    QuestionSetRef,
    SignOff,
    Status,
    UserRef,
)
from eia.problems import Problem
from eia.storage.backend import Backend, StoredRevision
from eia.storage.checks import valid_key
from eia.storage.files import FileBackend
from eia.workflow import EDITABLE, LOCKED, TRANSITIONS, check_status

Clock = Callable[[], datetime]
FOLLOW_UPS_DIR = ".follow-ups"
CORE_RECORDS = ("judgements", "attachments")
"""Parts of an assessment the core alone writes, through `Store.record`."""


def utc_now() -> datetime:
    """The default clock; injectable so that demo files can be written byte for byte the same."""
    return datetime.now(UTC)


# --- What a listing shows ---------------------------------------------------------------------

SUMMARY_VERSION = 1


class Summary(BaseModel):
    """What a work list shows of an assessment, kept by the backend's index on every write."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    summary_version: int = SUMMARY_VERSION
    id: str
    title: str
    diary_number: str = ""
    department: str = ""
    committee: str = ""
    organisation: str = ""
    status: Status
    revision: int
    demo: bool
    question_set: QuestionSetRef
    officers: list[str] = []
    editors: list[str] = []
    chosen_outcome: Outcome | None = None
    follow_up_due: date | None = None
    comments_to_answer: int = 0
    """The reviewer's comments its officer has still to answer (for the work lists)."""
    updated_at: datetime | None
    updated_by: str = ""

    @classmethod
    def of(cls, assessment: Assessment) -> Summary:
        last = assessment.history[-1] if assessment.history else None
        return cls(
            id=assessment.id, title=assessment.decision.title,
            diary_number=assessment.decision.diary_number,
            department=assessment.decision.department, committee=assessment.decision.committee,
            organisation=assessment.organisation, status=assessment.status,
            revision=assessment.revision, demo=assessment.demo,
            question_set=assessment.question_set,
            officers=[o.id for o in assessment.officers if o.id],
            editors=sorted(assessment.editors()),
            chosen_outcome=assessment.conclusion.chosen_outcome,
            follow_up_due=assessment.follow_up.due,
            comments_to_answer=len(assessment.comments_to_answer()),
            updated_at=last.at if last else None, updated_by=last.by.name if last else "")


_SUMMARIES = TypeAdapter(list[Summary])
"""Validates a whole listing in one call: a third faster than one model at a time."""


class Listing(BaseModel):
    """The readable assessments, and the problems of those that could not be read."""

    model_config = ConfigDict(frozen=True)

    items: list[Summary]
    problems: list[Problem]


class Saved(BaseModel):
    """An assessment as read from a revision, with the SHA-256 of the bytes it was read from."""

    model_config = ConfigDict(frozen=True)

    assessment: Assessment
    sha256: str
    origin: str


# --- Reading bytes ------------------------------------------------------------------------------


def _read(stored: StoredRevision) -> tuple[Assessment, dict[str, Any] | None]:
    """The assessment a revision holds (migrated), and a follow-up record an old file held."""
    document, text = parse_json(stored.data, stored.origin)
    migrated = migrate_with_follow_up(document)
    assessment = validate_document(Assessment, migrated.assessment, text, stored.origin)
    if assessment.id != stored.key:
        raise corrupt(stored.origin, "id-mismatch",
                      f"kept for {stored.key!r} but holds assessment {assessment.id!r}",
                      field="id")
    if assessment.revision != stored.number or (
            assessment.history and assessment.history[-1].revision != stored.number):
        raise corrupt(stored.origin, "revision-mismatch",
                      f"kept as revision {stored.number}, but it says revision "
                      f"{assessment.revision} and its last event revision "
                      f"{assessment.history[-1].revision if assessment.history else '-'}",
                      field="revision")
    return assessment, migrated.follow_up


def _summarize(stored: StoredRevision) -> dict[str, Any]:
    return Summary.of(_read(stored)[0]).model_dump(mode="json")


def _encode(model: BaseModel) -> bytes:
    return (model.model_dump_json(indent=2) + "\n").encode("utf-8")


# --- The store ----------------------------------------------------------------------------------


class Store:
    """Assessments and their follow-up records over two backends (which may share a database)."""

    def __init__(self, backend: Backend, follow_ups: Backend, clock: Clock = utc_now) -> None:
        self.backend = backend
        self.follow_ups = follow_ups
        self.clock = clock
        self._listed: tuple[Hashable, Listing] | None = None
        """The last listing and the backend's stamp taken before it was made."""

    def __repr__(self) -> str:
        return f"Store({self.backend!r})"

    # reading

    def stored(self, assessment_id: str, revision: int | None = None) -> Saved:
        """The current (or a given) revision, with the SHA-256 of its bytes as kept."""
        key = valid_key(assessment_id)
        if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
            raise InvalidInputError(f"a revision is a whole number, not {revision!r}")
        found = (self.backend.current(key) if revision is None
                 else self.backend.revision(key, revision))
        if found is None:
            raise NotFoundError(key, revision)
        return Saved(assessment=_read(found)[0], sha256=found.sha256, origin=found.origin)

    def get(self, assessment_id: str) -> Assessment:
        return self.stored(assessment_id).assessment

    def get_revision(self, assessment_id: str, revision: int) -> Assessment:
        return self.stored(assessment_id, revision).assessment

    def revisions(self, assessment_id: str) -> list[int]:
        key = valid_key(assessment_id)
        numbers = self.backend.numbers(key)
        if not numbers:
            raise NotFoundError(key)
        return numbers

    def history(self, assessment_id: str) -> list[Event]:
        return list(self.get(assessment_id).history)

    def stamp(self) -> Hashable:
        """Changes whenever the listing or a follow-up may have changed: what may be kept
        about the store (a work list) is kept while it stands."""
        return self.backend.listing_stamp(), self.follow_ups.listing_stamp()

    def list(self) -> Listing:
        """Every summary and every problem; the last listing again while the backend's stamp
        is unchanged, so a page listing 10,000 assessments on each rerun does not read them."""
        stamp = self.backend.listing_stamp()
        listed = self._listed
        if listed is not None and listed[0] == stamp:
            return listed[1]
        listing = self._list()
        self._listed = (stamp, listing)  # a commit meanwhile changed the stamp: listed again
        return listing

    def _list(self) -> Listing:
        listing = self.backend.summaries(_summarize)
        problems = list(listing.problems)
        current = [raw for raw in listing.summaries
                   if raw.get("summary_version") == SUMMARY_VERSION]
        older = [raw["id"] for raw in listing.summaries
                 if raw.get("summary_version") != SUMMARY_VERSION]
        items = [*_SUMMARIES.validate_python(current), *(Summary.of(self.get(key))
                                                         for key in older)]
        items.sort(key=lambda item: item.id)
        problems.sort(key=lambda problem: (problem.file, problem.line or 0, problem.field))
        return Listing(items=items, problems=problems)

    # writing

    def create(self, assessment: Assessment, *, by: UserRef, note: str = "") -> Assessment:
        """Save a new assessment as revision 1: a draft, with one "created" event."""
        key = valid_key(assessment.id)
        if assessment.history or assessment.revision or assessment.sign_off:
            raise ForbiddenError("history-written-by-core",
                                 f"a new assessment ({key!r}) starts with no history, revision "
                                 "or sign-off: the core writes them")
        if assessment.status is not Status.draft:
            raise ForbiddenError("created-as-draft",
                                 f"a new assessment ({key!r}) starts as a draft, not "
                                 f"{assessment.status.value}")
        return self._write(assessment, None, EventKind.created, by, note)

    def save(self, assessment: Assessment, *, expected_revision: int, by: UserRef,
             note: str = "") -> Assessment:
        """Save an edit of a draft or returned assessment, made from `expected_revision`."""
        stored = self._current_for_write(assessment.id, expected_revision)
        if stored.status not in EDITABLE:
            raise ForbiddenError("not-editable",
                                 f"assessment {stored.id!r} is {stored.status.value} and cannot "
                                 "be edited" + ("; reopen it to start a new revision"
                                                if stored.status in LOCKED else ""))
        _same_core_fields(stored, assessment)
        return self._write(assessment, stored, EventKind.saved, by, note)

    def transition(self, assessment_id: str, event: EventKind, *, expected_revision: int,
                   by: UserRef, note: str = "", sign_off_role: str = "",
                   result: dict[str, JsonValue] | None = None) -> Assessment:
        """Move the assessment one step through the workflow (submit, return, approve, ...).

        Approval needs the score it is approved with (`result`), which the revision keeps.
        """
        if event not in TRANSITIONS:
            raise InvalidInputError(f"'{event.value}' is not a workflow step")
        stored = self._current_for_write(assessment_id, expected_revision)
        target = check_status(stored, event).target
        changes: dict[str, Any] = {"status": target}
        if event is EventKind.approved:
            if result is None:
                raise InvalidInputError("an approval keeps the score it was approved with")
            changes["sign_off"] = SignOff(by=by, role=sign_off_role,
                                          signed_on=self.clock().date())
            changes["approved_result"] = result
        if event is EventKind.reopened:
            # they belong to the approved revision, which keeps them; a new review starts anew
            changes["sign_off"] = changes["approved_result"] = None
            changes["judgements"] = []
        return self._write(stored.model_copy(update=changes), stored, event, by, note)

    def record(self, assessment_id: str, event: EventKind, *, expected_revision: int,
               by: UserRef, changes: dict[str, Any], note: str = "",
               at: datetime | None = None) -> Assessment:
        """Write what the core alone keeps beside the content (judgements, replies,
        attachments) as a new revision, without moving its status.

        `at` is the time the records carry, so their history entry has the same. An approved
        or archived revision never changes, so nothing is recorded on one.
        """
        if event in TRANSITIONS or not set(changes) <= set(CORE_RECORDS):
            raise InvalidInputError(f"'{event.value}' with {sorted(changes)} is not a record "
                                    f"of {', '.join(CORE_RECORDS)}")
        stored = self._current_for_write(assessment_id, expected_revision)
        if stored.status in LOCKED:
            raise ForbiddenError("not-editable", f"assessment {stored.id!r} is "
                                 f"{stored.status.value}; its revision never changes")
        return self._write(stored.model_copy(update=changes), stored, event, by, note, at)

    def _current_for_write(self, assessment_id: str, expected_revision: int) -> Assessment:
        key = valid_key(assessment_id)
        if isinstance(expected_revision, bool) or not isinstance(expected_revision, int):
            raise InvalidInputError(
                f"expected_revision is a whole number, not {expected_revision!r}")
        found = self.backend.current(key)
        if found is None:
            raise NotFoundError(key)
        stored, _ = _read(found)
        if stored.revision != expected_revision:
            raise ConflictError(key, expected_revision, stored.revision)
        return stored

    def _write(self, assessment: Assessment, stored: Assessment | None, kind: EventKind,
               by: UserRef, note: str, at: datetime | None = None) -> Assessment:
        number = 1 if stored is None else stored.revision + 1
        event = _event(at or self.clock(), by, kind, number, note)
        history = [*(stored.history if stored else []), event]
        candidate = assessment.model_copy(update={"revision": number, "history": history})
        data = _encode(candidate)
        try:  # never write what cannot be read back
            saved = Assessment.model_validate_json(data)
        except ValueError as error:
            raise InvalidInputError(
                f"assessment {assessment.id!r} is not valid and was not saved:\n{error}"
            ) from error
        self.backend.commit(saved.id, number, data, Summary.of(saved).model_dump(mode="json"),
                            expected=None if stored is None else stored.revision)
        return saved

    # follow-up records, beside the approved revision

    def follow_up(self, assessment_id: str) -> FollowUpRecord | None:
        """The follow-up record, or one an old (schema 1) file kept inside the assessment."""
        key = valid_key(assessment_id)
        found = self.follow_ups.current(key)
        if found is not None:
            document, text = parse_json(found.data, found.origin)
            return validate_document(FollowUpRecord, document, text, found.origin)
        current = self.backend.current(key)
        if current is None:
            raise NotFoundError(key)
        _, legacy = _read(current)
        return None if legacy is None else FollowUpRecord.model_validate(legacy)

    def follow_up_sha256(self, assessment_id: str) -> str | None:
        """The SHA-256 of the follow-up record's bytes as kept (None: none kept of its own)."""
        found = self.follow_ups.current(valid_key(assessment_id))
        return found.sha256 if found else None

    def save_follow_up(self, record: FollowUpRecord, *, by: UserRef, note: str = "") -> (
            FollowUpRecord):
        """Record a follow-up of an approved assessment without touching its revisions."""
        assessment = self.get(record.id)
        if assessment.status not in LOCKED:
            raise ForbiddenError("not-approved", f"assessment {record.id!r} is "
                                 f"{assessment.status.value}: only an approved one is followed up")
        if record.assessment_revision != assessment.revision:
            raise ConflictError(record.id, record.assessment_revision, assessment.revision)
        found = self.follow_ups.current(record.id)
        saved_history = []
        if found is not None:
            document, text = parse_json(found.data, found.origin)
            saved_history = validate_document(FollowUpRecord, document, text,
                                              found.origin).history
        expected = None if found is None else found.number
        if record.revision != (expected or 0):
            raise ConflictError(f"{record.id} follow-up", record.revision, expected or 0)
        if record.history != saved_history:
            raise ForbiddenError("history-written-by-core",
                                 f"the follow-up of {record.id!r} carries another history than "
                                 "the saved one")
        number = (expected or 0) + 1
        event = _event(self.clock(), by, EventKind.followed_up, number, note)
        candidate = record.model_copy(update={"revision": number,
                                              "history": [*saved_history, event]})
        self.follow_ups.commit(record.id, number, _encode(candidate),
                               {"id": record.id, "revision": number}, expected=expected)
        return candidate

    # attachments: the bytes by SHA-256; the assessment records them (`record`)

    def put_blob(self, data: bytes) -> str:
        return self.backend.put_blob(data)

    def blob(self, sha256: str) -> bytes:
        return self.backend.blob(sha256)


def _event(at: datetime, by: UserRef, kind: EventKind, revision: int, note: str) -> Event:
    try:
        return Event(at=at, by=by, kind=kind, revision=revision, note=note)
    except ValueError as error:
        raise InvalidInputError(f"the history entry is not valid: {error}") from None


def _same_core_fields(stored: Assessment, incoming: Assessment) -> None:
    """An edit changes content only: the core alone writes status, history and sign-off."""
    for field in ("status", "history", "sign_off", "approved_result", "demo", *CORE_RECORDS):
        if getattr(stored, field) != getattr(incoming, field):
            raise ForbiddenError("history-written-by-core" if field == "history"
                                 else "written-by-workflow",
                                 f"an edit of {stored.id!r} may not change its {field}: "
                                 "the core writes it through the workflow")


def store_at(root: str | Path, clock: Clock = utc_now) -> Store:
    """The JSON-file store in a folder (follow-up records in its `.follow-ups` subfolder)."""
    folder = Path(root)
    follow_ups = folder / FOLLOW_UPS_DIR
    if follow_ups.is_symlink():  # inside the store nothing is followed out of it
        raise corrupt(str(follow_ups), "symlink", "is a link; the store follows no links",
                      field=FOLLOW_UPS_DIR)
    return Store(FileBackend(folder), FileBackend(follow_ups), clock)


def default_store() -> Store:
    """The store the app and the CLI use: `$EIA_ASSESSMENTS_DIR`, else the project's folder."""
    return store_at(settings.assessments_dir())
