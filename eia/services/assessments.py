"""The assessment service: every face's way to create, read, change and move an assessment.

Each method takes the acting user and checks it against `eia.workflow` before anything is read
for them or written; the store below enforces what must hold whoever calls it (revisions, the
history, immutability). Faces never call the store themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from eia import settings
from eia.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from eia.i18n import Lang
from eia.model import (
    Assessment,
    Attachment,
    EventKind,
    FollowUpRecord,
    Ground,
    Judgement,
    QuestionSetRef,
    Step,
    Verdict,
)
from eia.problems import field_path
from eia.questions import DEFAULT_SET_ID, get_question_set, latest_version
from eia.services.worklists import WorkLists, newest_first, work_lists
from eia.storage.backend import sha256_hex
from eia.store import (
    Clock,
    Listing,
    Saved,
    Store,
    Summary,
    default_store,
    store_at,
    utc_now,
)
from eia.users import Directory, User, directory
from eia.workflow import Act, can_read, check

if TYPE_CHECKING:  # scoring reads DuckDB and statements load reportlab: imported where used
    from eia.services.diff import RevisionDiff
    from eia.services.scoring import Scored
    from eia.services.statements import Exported
    from eia.services.upgrade import UpgradeReport
    from eia.statement.make import Format, Verification

CONTENT_PARTS = ("decision", "screening", "evidence", "impacts", "answers", "perspectives",
                 "alternatives", "cumulative", "previous", "consultations", "actions",
                 "conclusion", "follow_up", "officers")
"""The parts an officer edits; everything else (status, history, sign-off, revision, id,
organisation, question set) is written by the core."""

COPIED_PARTS = tuple(part for part in CONTENT_PARTS if part != "officers")
"""What a copy of an earlier assessment takes along: its answers and evidence, not its people,
review or history."""


class AssessmentService:
    """The functions every face calls, bound to one store and one directory of users."""

    def __init__(self, store: Store, users: Directory, *, context_db: Path | None = None,
                 approve_with_context: bool = True) -> None:
        self.store = store
        self.users = users
        self.context_db = context_db
        self.approve_with_context = approve_with_context
        """Whether the score kept at approval reads the context figures; the demo writer turns
        it off so that `eia demo` writes the same bytes with or without a built database."""
        self._kept: dict[tuple[str, str], tuple[Hashable, Any]] = {}
        """Per (what, user id): the store's stamp and what was worked out at it."""

    @classmethod
    def default(cls) -> AssessmentService:
        """The configured store, users and context database (see `eia.settings`)."""
        return cls(default_store(), directory())

    @classmethod
    def for_folder(cls, folder: Path, users: Directory | None = None,
                   clock: Clock = utc_now, *,
                   approve_with_context: bool = True) -> AssessmentService:
        """The JSON-file store in another folder (`--dir`), with the configured users."""
        return cls(store_at(folder, clock), users or directory(),
                   approve_with_context=approve_with_context)

    # people

    def user(self, user_id: str | None = None) -> User:
        """The named user; without a name, the local mode's default user.

        With a users file configured, somebody must be named: there is no default person.
        """
        if user_id:
            return self.users.get(user_id)
        if self.users.local:
            return self.users.default
        raise InvalidInputError("name the acting user (--as USER): a users file is configured")

    # reading

    def list(self, user: User) -> Listing:
        """Every assessment the user may read, and the problems of unreadable files."""
        listing = self.store.list()
        visible = [item for item in listing.items if can_read(user, item.organisation)]
        return Listing(items=visible, problems=listing.problems)

    def revisions(self, user: User, assessment_id: str) -> list[int]:
        """The revision numbers kept of an assessment, oldest first (a store may keep fewer
        than its history names: a demo checkout, or files copied without their revisions)."""
        self.get(user, assessment_id)
        return self.store.revisions(assessment_id)

    def work_lists(self, user: User, today: date | None = None) -> WorkLists:
        """What waits for the user, newest first; kept while the store stands still, since the
        start page asks on every rerun and a city has thousands of assessments."""
        day = today or date.today()
        return self._kept_while_unchanged(
            "work-lists", user,
            lambda: work_lists(user, self.recent(user), day,
                               lambda key: self.store.follow_up(key) is not None), day)

    def recent(self, user: User) -> list[Summary]:
        """The assessments the user may read, the most recently changed first."""
        return self._kept_while_unchanged("recent", user,
                                          lambda: newest_first(self.list(user).items))

    def _kept_while_unchanged(self, what: str, user: User, work: Callable[[], Any],
                              *inputs: Hashable) -> Any:
        """One kept result per (what, user), renewed when the store or `inputs` change."""
        stamp = (self.store.stamp(), inputs)  # taken first: a save meanwhile means redoing it
        kept = self._kept.get((what, user.id))
        if kept is not None and kept[0] == stamp:
            return kept[1]
        result = work()
        self._kept[(what, user.id)] = (stamp, result)
        return result

    def get(self, user: User, assessment_id: str, revision: int | None = None) -> Saved:
        saved = self.store.stored(assessment_id, revision)
        check(Act.read, user, saved.assessment)
        return saved

    def may(self, user: User, act: Act, assessment_id: str) -> bool:
        """Whether `user` may do `act` to the saved assessment now (blockers aside): lets a face
        offer only what the core allows, without deciding roles itself."""
        try:
            check(act, user, self.get(user, assessment_id).assessment)
        except ForbiddenError:
            return False
        return True

    # writing

    def create(self, user: User, assessment_id: str, *, title: str = "",
               question_set: QuestionSetRef | None = None, copy_from: str | None = None,
               demo: bool = False) -> Assessment:
        """A new draft, blank or as a copy of an earlier assessment's answers and evidence."""
        check(Act.create, user)
        content: dict[str, Any] = {}
        if copy_from is not None:
            source = self.get(user, copy_from).assessment
            content = source.model_dump(include=set(COPIED_PARTS))
            question_set = question_set or source.question_set
        if title:
            content.setdefault("decision", {})["title"] = title
        chosen = question_set or QuestionSetRef(id=DEFAULT_SET_ID,
                                                version=latest_version(DEFAULT_SET_ID))
        get_question_set(chosen.id, chosen.version)  # refuse a set that is not installed
        draft = _validated({**content, "id": assessment_id, "demo": demo,
                            "organisation": user.organisation, "officers": [user.ref()],
                            "question_set": chosen.model_dump()})
        return self.store.create(draft, by=user.ref(),
                                 note=f"copy of {copy_from}" if copy_from else "")

    def update(self, user: User, assessment_id: str, *, expected_revision: int,
               changes: Mapping[str, Any], note: str = "") -> Assessment:
        """Replace some parts of a draft or returned assessment, made from `expected_revision`.

        Each part is validated whole; a refused part names its field and nothing is saved.
        """
        unknown = sorted(set(changes) - set(CONTENT_PARTS))
        if unknown:
            raise InvalidInputError(f"cannot change {', '.join(unknown)}: an officer changes "
                                    f"only {', '.join(CONTENT_PARTS)}")
        current = self.get(user, assessment_id).assessment
        check(Act.edit, user, current)
        plain = _jsonable(changes)
        if "officers" in plain and not any(isinstance(officer, dict) and officer.get("id")
                                           == user.id for officer in plain["officers"] or []):
            raise InvalidInputError("an officer cannot remove themselves; another officer can")
        updated = _validated({**current.model_dump(mode="json"), **plain})
        return self.store.save(updated, expected_revision=expected_revision, by=user.ref(),
                               note=note)

    def _step(self, user: User, act: Act, event: EventKind, assessment_id: str,
              expected_revision: int | None, note: str, **extra: Any) -> Assessment:
        from eia.services.scoring import score_assessment

        current = self.get(user, assessment_id).assessment  # read once; scored as read
        blockers = (score_assessment(current, database=self.context_db).blockers()
                    if act is Act.submit else [])
        check(act, user, current, blockers=blockers)
        if act is Act.approve:  # the revision keeps the score it is approved with
            extra["result"] = score_assessment(
                current, use_context=self.approve_with_context,
                database=self.context_db).result.model_dump(mode="json")
        return self.store.transition(
            assessment_id, event, by=user.ref(), note=note,
            expected_revision=current.revision if expected_revision is None
            else expected_revision, **extra)

    def submit(self, user: User, assessment_id: str, *, expected_revision: int | None = None,
               note: str = "") -> Assessment:
        """Send for review; refused while any blocker flag stands."""
        return self._step(user, Act.submit, EventKind.submitted, assessment_id,
                          expected_revision, note)

    def return_for_changes(self, user: User, assessment_id: str, *, note: str,
                           expected_revision: int | None = None) -> Assessment:
        """Send back to its officers; the reviewer must say what to change."""
        if not note.strip():
            raise InvalidInputError("say what must change (note) when returning an assessment")
        return self._step(user, Act.return_, EventKind.returned, assessment_id,
                          expected_revision, note)

    def approve(self, user: User, assessment_id: str, *, expected_revision: int | None = None,
                note: str = "", sign_off_role: str = "") -> Assessment:
        """Approve and sign off as the approving reviewer; the revision is locked from then on."""
        return self._step(user, Act.approve, EventKind.approved, assessment_id,
                          expected_revision, note, sign_off_role=sign_off_role)

    def archive(self, user: User, assessment_id: str, *, expected_revision: int | None = None,
                note: str = "") -> Assessment:
        return self._step(user, Act.archive, EventKind.archived, assessment_id,
                          expected_revision, note)

    def reopen(self, user: User, assessment_id: str, *, expected_revision: int | None = None,
               note: str = "") -> Assessment:
        """Start a new draft revision of an approved one; the approved revision stays readable."""
        return self._step(user, Act.reopen, EventKind.reopened, assessment_id,
                          expected_revision, note)

    def upgrade(self, user: User, assessment_id: str, *, to: str | None = None,
                dry_run: bool = False, expected_revision: int | None = None) -> UpgradeReport:
        """Move a draft to a newer version of its question set (the newest unless `to`),
        saying what changes; with `dry_run`, only say it."""
        from eia.services.upgrade import plan_upgrade

        current = self.get(user, assessment_id).assessment
        check(Act.edit, user, current)
        source = current.question_set
        target = QuestionSetRef(id=source.id, version=to or latest_version(source.id))
        if _version(target.version) <= _version(source.version):
            raise InvalidInputError(f"{assessment_id!r} is answered under {source.id} "
                                    f"{source.version}; {target.version} is not newer")
        upgraded, report = plan_upgrade(current, target)
        if not dry_run:
            self.store.save(upgraded, by=user.ref(),
                            expected_revision=current.revision if expected_revision is None
                            else expected_revision,
                            note=f"question set {source.id} {source.version} → {target.version}")
        return report

    # review: judgements per step, the officer's replies

    def judge(self, user: User, assessment_id: str, step: Step, verdict: Verdict,
              comment: str = "", *, expected_revision: int | None = None) -> Assessment:
        """Judge one step; see `judge_steps`."""
        return self.judge_steps(user, assessment_id, [(step, verdict, comment)],
                                expected_revision=expected_revision)

    def judge_steps(self, user: User, assessment_id: str,
                    judgements: Sequence[tuple[Step, Verdict, str]], *,
                    expected_revision: int | None = None) -> Assessment:
        """Record a reviewer's judgements of an assessment in review, in one revision.

        Each keeps the revision it judged, so the reviewer can see what changed since. When any
        is "must correct", the assessment is then returned to its officers with those steps
        listed (a second revision, its own history entry).
        """
        if not judgements:
            raise InvalidInputError("judge at least one step")
        current = self.get(user, assessment_id).assessment
        check(Act.judge, user, current)
        at = self.store.clock()
        added = [_judgement(number=len(current.judgements) + place, step=step, verdict=verdict,
                            comment=comment, by=user.ref(), at=at, revision=current.revision)
                 for place, (step, verdict, comment) in enumerate(judgements, start=1)]
        judged = self.store.record(
            assessment_id, EventKind.judged, by=user.ref(),
            expected_revision=current.revision if expected_revision is None
            else expected_revision,
            changes={"judgements": [*current.judgements, *added]}, at=at,
            note="; ".join(f"{j.step.value}: {j.verdict.value}"
                           + (f" – {j.comment}" if j.comment else "") for j in added))
        must = [j.step.value for j in added if j.verdict is Verdict.must_correct]
        if not must:
            return judged
        return self.store.transition(assessment_id, EventKind.returned, by=user.ref(),
                                     expected_revision=judged.revision,
                                     note="must correct: " + ", ".join(must))

    def reply(self, user: User, assessment_id: str, step: Step, text: str, *,
              expected_revision: int | None = None) -> Assessment:
        """The officer answers the reviewer's open comments on one step of a returned
        assessment; an answered "must correct" no longer stands in the way of approval."""
        if not text.strip():
            raise InvalidInputError("write a reply to the reviewer's comment")
        current = self.get(user, assessment_id).assessment
        check(Act.reply, user, current)
        if not any(j.step is step and j.asks_for_answer for j in current.judgements):
            raise InvalidInputError(f"no comment on step '{step.value}' of {assessment_id!r} "
                                    "waits for an answer")
        at = self.store.clock()
        answered = [j.model_copy(update={"reply": text, "replied_by": user.ref(),
                                         "replied_at": at})
                    if j.step is step and j.asks_for_answer else j for j in current.judgements]
        return self.store.record(assessment_id, EventKind.replied, by=user.ref(),
                                 expected_revision=current.revision if expected_revision is None
                                 else expected_revision,
                                 changes={"judgements": answered}, at=at,
                                 note=f"{step.value}: {text}")

    def since_judgement(self, user: User, assessment_id: str, *,
                        use_context: bool = True) -> RevisionDiff | None:
        """What changed since the latest judgement's revision; None if never judged."""
        current = self.get(user, assessment_id).assessment
        if not current.judgements:
            return None
        return self.diff(user, assessment_id, current.judgements[-1].revision,
                         current.revision, use_context=use_context)

    # attachments

    def attach(self, user: User, assessment_id: str, data: bytes, name: str, *,
               step: Step | None = None, ground: Ground | None = None,
               expected_revision: int | None = None) -> Assessment:
        """Keep a file beside an editable assessment, under its SHA-256.

        Everything is checked before a byte is stored (who, the status, the revision read, the
        name, size and content); a refused file leaves nothing behind.
        """
        from eia.services.attachments import check_file

        current = self.get(user, assessment_id).assessment
        check(Act.attach, user, current)
        expected = current.revision if expected_revision is None else expected_revision
        if expected != current.revision:
            raise ConflictError(assessment_id, expected, current.revision)
        checked = check_file(data, name, settings.max_attachment_bytes())
        sha256 = sha256_hex(data)
        at = self.store.clock()
        attachment = Attachment(sha256=sha256, name=checked.name, type=checked.type,
                                size=checked.size, by=user.ref(), at=at, step=step,
                                ground=ground)
        if self.store.put_blob(data) != sha256:
            raise InvalidInputError(f"{checked.name!r} was not kept whole; try again")
        return self.store.record(assessment_id, EventKind.attached, by=user.ref(),
                                 expected_revision=expected,
                                 changes={"attachments": [*current.attachments, attachment]},
                                 at=at,
                                 note=f"{checked.name} ({checked.type.value}, {sha256[:12]})")

    def attachment(self, user: User, assessment_id: str, sha256: str, *,
                   revision: int | None = None) -> tuple[Attachment, bytes]:
        """An attachment the assessment records, with its bytes as kept."""
        saved = self.get(user, assessment_id, revision).assessment
        found = next((a for a in saved.attachments if a.sha256 == sha256), None)
        if found is None:
            raise NotFoundError(f"{assessment_id} {sha256[:12]}", what="attachment")
        return found, self.store.blob(sha256)

    # comparing revisions

    def diff(self, user: User, assessment_id: str, before: int, after: int, *,
             use_context: bool = True) -> RevisionDiff:
        """Answers added, removed and changed between two revisions, their scores (an approved
        revision's as approved) and flags before and after, and who made the later one."""
        from eia.services.diff import revision_diff
        from eia.services.scoring import score_assessment

        old = self.get(user, assessment_id, before).assessment
        new = self.get(user, assessment_id, after).assessment
        scores = [score_assessment(revision, use_context=use_context, database=self.context_db)
                  .result for revision in (old, new)]
        return revision_diff(old, new, *scores)

    # follow-up

    def follow_up(self, user: User, assessment_id: str) -> FollowUpRecord | None:
        self.get(user, assessment_id)
        return self.store.follow_up(assessment_id)

    def record_follow_up(self, user: User, record: FollowUpRecord, note: str = "") -> (
            FollowUpRecord):
        check(Act.follow_up, user, self.get(user, record.id).assessment)
        return self.store.save_follow_up(record, by=user.ref(), note=note)

    # score and statement

    def score(self, user: User, assessment_id: str, *, revision: int | None = None,
              use_context: bool = True, rescore: bool = False) -> Scored:
        """The score; an approved revision gives the score it was approved with, unless
        `rescore` asks what scoring it again today would give."""
        from eia.services.scoring import score_assessment

        saved = self.get(user, assessment_id, revision)
        return score_assessment(saved.assessment, use_context=use_context,
                                database=self.context_db, keep_approved=not rescore)

    def export(self, user: User, assessment_id: str, fmt: Format, lang: Lang, *,
               revision: int | None = None, use_context: bool = True) -> Exported:
        from eia.services.scoring import score_assessment
        from eia.services.statements import export

        saved = self.get(user, assessment_id, revision)
        scored = score_assessment(saved.assessment, use_context=use_context,
                                  database=self.context_db, keep_approved=True)
        exported = export(scored, saved.sha256, lang, fmt)
        self._log_export(user, saved.assessment, "statement", fmt, lang)
        return exported

    def export_follow_up(self, user: User, assessment_id: str, fmt: Format,
                         lang: Lang) -> Exported:
        """The follow-up's own statement for the committee, made from the approved revision it
        follows up and the record kept beside it; NotFoundError while none is recorded."""
        from eia.services.scoring import score_assessment
        from eia.services.statements import export_follow_up

        record = self.follow_up(user, assessment_id)
        if record is None:
            raise NotFoundError(assessment_id, what="the follow-up of assessment")
        saved = self.get(user, assessment_id, record.assessment_revision)
        scored = score_assessment(saved.assessment, use_context=True,
                                  database=self.context_db, keep_approved=True)
        exported = export_follow_up(scored, saved.sha256, record,
                                    self.store.follow_up_sha256(assessment_id) or "–", lang, fmt)
        self._log_export(user, saved.assessment, "follow-up statement", fmt, lang)
        return exported

    def _log_export(self, user: User, assessment: Assessment, what: str, fmt: Format,
                    lang: Lang) -> None:
        """A statement leaves no trace in the assessment: the audit log keeps who made it."""
        from eia.services.audit import record_export
        from eia.storage.audit import AuditObject

        record_export(self.store, user, AuditObject(kind="assessment", id=assessment.id,
                                                    version=str(assessment.revision)),
                      what=what, fmt=fmt.value, lang=Lang(lang).value)

    def verify(self, data: bytes) -> Verification:
        """Whether a statement file was made from the saved revision it names, unchanged."""
        from eia.statement.make import verify

        return verify(data, self.store)


def _version(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _jsonable(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Parts given as models or plain data, as plain data."""
    return {key: to_jsonable_python(value) for key, value in changes.items()}


def _judgement(**fields: Any) -> Judgement:
    try:
        return Judgement(**fields)
    except ValidationError as error:
        raise InvalidInputError(f"judgement of step '{fields['step']}': " + "; ".join(
            item["msg"].removeprefix("Value error, ") for item in error.errors())) from None


def _validated(data: dict[str, Any]) -> Assessment:
    try:
        return Assessment.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError("; ".join(
            f"{field_path(item['loc'])}: {item['msg'].removeprefix('Value error, ')}"
            for item in error.errors())) from None

