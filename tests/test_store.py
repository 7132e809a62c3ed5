"""The domain rules of saving, the same over every backend.

The suite runs against the `store` fixture, one store per backend; a PostgreSQL backend joins by
adding a parameter. Tests of what only files can suffer (a file deleted or edited by hand, a
symlink) are at the end.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from eia.errors import (
    ConflictError,
    CorruptRecordError,
    ForbiddenError,
    InvalidIdError,
    InvalidInputError,
    NotFoundError,
)
from eia.model import (
    Assessment,
    Event,
    EventKind,
    FollowUpRecord,
    SignOff,
    Status,
    UserRef,
)
from eia.storage.files import FileBackend
from eia.storage.memory import MemoryBackend
from eia.store import Store, store_at

ANNA = UserRef(id="anna", name="Anna Lind")
RASMUS = UserRef(id="rasmus", name="Rasmus Berg")
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures" / "schema1"


def ticking() -> object:
    moments = (START + timedelta(minutes=minute) for minute in range(10_000))
    return lambda: next(moments)


@pytest.fixture(params=["files", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "files":
        return store_at(tmp_path / "assessments", clock=ticking())  # type: ignore[arg-type]
    return Store(MemoryBackend(), MemoryBackend(), clock=ticking())  # type: ignore[arg-type]


def draft(**fields: object) -> Assessment:
    return Assessment.model_validate({
        "id": "ny-bibliotekstaxa", "question_set": {"id": "helsingborg", "version": "1.0"},
        "organisation": "helsingborg", "officers": [ANNA.model_dump()],
        "decision": {"title": "Ny taxa för bibliotekslokaler"}, **fields})


def created(store: Store) -> Assessment:
    return store.create(draft(), by=ANNA)


def retitled(assessment: Assessment, title: str) -> Assessment:
    return assessment.model_copy(update={"decision": assessment.decision.model_copy(
        update={"title": title})})


# --- creating -----------------------------------------------------------------------------------


def test_a_new_assessment_is_a_draft_with_one_created_event(store: Store) -> None:
    saved = created(store)
    assert saved.revision == 1 and saved.status is Status.draft
    assert [(e.kind, e.by, e.revision, e.at) for e in saved.history] == [
        (EventKind.created, ANNA, 1, START)]
    assert store.get(saved.id) == saved


@pytest.mark.parametrize(("fields", "rule"), [
    ({"status": "approved"}, "created-as-draft"),
    ({"status": "in_review"}, "created-as-draft"),
    ({"history": [{"at": "2026-01-01T00:00:00+00:00", "by": {"id": "boss", "name": "Boss"},
                   "kind": "approved", "revision": 1}]}, "history-written-by-core"),
    ({"sign_off": {"by": {"id": "boss", "name": "Boss"}, "signed_on": "2026-01-01"}},
     "history-written-by-core"),
    ({"revision": 7}, "history-written-by-core"),
], ids=["as approved", "as in review", "with a made-up approval", "with a sign-off",
        "at revision 7"])
def test_an_assessment_cannot_be_created_already_past_draft(
        store: Store, fields: dict[str, object], rule: str) -> None:
    with pytest.raises(ForbiddenError) as refused:
        store.create(draft(**fields), by=ANNA)
    assert refused.value.rule == rule
    with pytest.raises(NotFoundError):
        store.get("ny-bibliotekstaxa")


def test_creating_an_id_that_exists_is_a_conflict(store: Store) -> None:
    created(store)
    with pytest.raises(ConflictError, match="already exists"):
        store.create(draft(), by=RASMUS)
    assert store.get("ny-bibliotekstaxa").history[0].by == ANNA


@pytest.mark.parametrize("bad_id", ["../etc", "nul", "com1", "LPT1", "a/b", ""])
def test_ids_that_cannot_be_file_names_are_refused(store: Store, bad_id: str) -> None:
    with pytest.raises((InvalidIdError, ValueError)):
        store.get(bad_id)


# --- saving ---------------------------------------------------------------------------------------


def test_a_save_appends_one_event_and_keeps_every_revision(store: Store) -> None:
    first = created(store)
    second = store.save(retitled(first, "Ny taxa 2027"), expected_revision=1, by=RASMUS,
                        note="title")
    assert second.revision == 2
    assert second.history[:1] == first.history
    assert (second.history[1].kind, second.history[1].by, second.history[1].note) == (
        EventKind.saved, RASMUS, "title")
    assert store.revisions(first.id) == [1, 2]
    assert store.get_revision(first.id, 1) == first
    assert store.get(first.id).decision.title == "Ny taxa 2027"


def test_a_save_from_a_stale_revision_is_a_conflict_and_writes_nothing(store: Store) -> None:
    first = created(store)
    store.save(retitled(first, "Anna's title"), expected_revision=1, by=ANNA)
    with pytest.raises(ConflictError, match="revision 2 is saved"):
        store.save(retitled(first, "Rasmus's title"), expected_revision=1, by=RASMUS)
    assert store.get(first.id).decision.title == "Anna's title"
    assert store.revisions(first.id) == [1, 2]


def test_a_forged_event_appended_by_a_caller_is_refused(store: Store) -> None:
    """The history is written by the core alone: a caller's copy must equal the saved one."""
    first = created(store)
    forged = first.model_copy(update={"history": [*first.history, Event(
        at=START, by=RASMUS, kind=EventKind.approved, revision=2)]})
    with pytest.raises(ForbiddenError) as refused:
        store.save(forged, expected_revision=1, by=ANNA)
    assert refused.value.rule == "history-written-by-core"
    assert store.revisions(first.id) == [1]


def test_a_history_cut_short_is_refused(store: Store) -> None:
    first = created(store)
    second = store.save(retitled(first, "x"), expected_revision=1, by=ANNA)
    with pytest.raises(ForbiddenError, match="history"):
        store.save(second.model_copy(update={"history": second.history[:1]}),
                   expected_revision=2, by=ANNA)


@pytest.mark.parametrize("change", [
    {"status": Status.approved},
    {"status": Status.in_review},
    {"sign_off": SignOff(by=RASMUS, role="Head of unit", signed_on=date(2026, 11, 2))},
    {"demo": True},
], ids=["approve by saving", "submit by saving", "sign off by saving", "mark as demo"])
def test_an_edit_cannot_move_the_workflow_or_sign_off(store: Store,
                                                       change: dict[str, object]) -> None:
    first = created(store)
    with pytest.raises(ForbiddenError) as refused:
        store.save(first.model_copy(update=change), expected_revision=1, by=ANNA)
    assert refused.value.rule == "written-by-workflow"
    assert store.get(first.id) == first


def test_saving_an_assessment_that_was_never_created_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.save(draft(), expected_revision=1, by=ANNA)


def test_a_save_must_name_whole_revisions(store: Store) -> None:
    first = created(store)
    with pytest.raises(InvalidInputError):
        store.save(first, expected_revision="1", by=ANNA)  # type: ignore[arg-type]


# --- the workflow's steps ---------------------------------------------------------------------


def approved(store: Store) -> Assessment:
    first = created(store)
    store.transition(first.id, EventKind.submitted, expected_revision=1, by=ANNA)
    return store.transition(first.id, EventKind.approved, expected_revision=2, by=RASMUS,
                            sign_off_role="Head of unit", result={"recommended": "kept"})


def test_approval_is_signed_off_by_the_approver_on_the_day(store: Store) -> None:
    done = approved(store)
    assert done.status is Status.approved
    assert done.sign_off == SignOff(by=RASMUS, role="Head of unit", signed_on=START.date())
    assert [e.kind for e in done.history] == [EventKind.created, EventKind.submitted,
                                             EventKind.approved]


def test_an_approval_keeps_the_score_it_was_approved_with(store: Store) -> None:
    done = approved(store)
    assert done.approved_result == {"recommended": "kept"}
    reopened = store.transition(done.id, EventKind.reopened, expected_revision=done.revision,
                                by=ANNA)
    assert reopened.approved_result is None
    assert store.get_revision(done.id, done.revision).approved_result == {"recommended": "kept"}


def test_an_approval_without_its_score_is_refused(store: Store) -> None:
    first = created(store)
    store.transition(first.id, EventKind.submitted, expected_revision=1, by=ANNA)
    with pytest.raises(InvalidInputError, match="keeps the score"):
        store.transition(first.id, EventKind.approved, expected_revision=2, by=RASMUS)
    assert store.get(first.id).status is Status.in_review


def test_a_draft_cannot_be_approved_without_review(store: Store) -> None:
    first = created(store)
    with pytest.raises(ForbiddenError) as refused:
        store.transition(first.id, EventKind.approved, expected_revision=1, by=RASMUS)
    assert refused.value.rule == "wrong-status"


def test_an_approved_revision_never_changes(store: Store) -> None:
    done = approved(store)
    with pytest.raises(ForbiddenError, match="reopen it") as refused:
        store.save(retitled(done, "changed after approval"), expected_revision=done.revision,
                   by=ANNA)
    assert refused.value.rule == "not-editable"
    assert store.get(done.id) == done


def test_reopen_starts_a_new_draft_and_the_approved_revision_stays_readable(
        store: Store) -> None:
    done = approved(store)
    reopened = store.transition(done.id, EventKind.reopened, expected_revision=done.revision,
                                by=ANNA, note="new opening hours")
    assert reopened.status is Status.draft and reopened.sign_off is None
    assert reopened.revision == done.revision + 1
    assert store.get_revision(done.id, done.revision) == done
    assert store.get_revision(done.id, done.revision).sign_off is not None


def test_a_step_that_is_not_a_workflow_step_is_refused(store: Store) -> None:
    first = created(store)
    with pytest.raises(InvalidInputError):
        store.transition(first.id, EventKind.saved, expected_revision=1, by=ANNA)


# --- fingerprints -------------------------------------------------------------------------------


def test_each_revision_carries_the_sha256_of_its_bytes_as_kept(store: Store) -> None:
    first = created(store)
    store.save(retitled(first, "x"), expected_revision=1, by=ANNA)
    for number in (1, 2):
        kept = store.backend.revision(first.id, number)
        assert kept is not None
        assert store.stored(first.id, number).sha256 == hashlib.sha256(kept.data).hexdigest()


# --- follow-up, beside the approved revision ---------------------------------------------------


def test_a_follow_up_is_kept_beside_the_approved_revision_without_reopening_it(
        store: Store) -> None:
    done = approved(store)
    record = FollowUpRecord(id=done.id, assessment_revision=done.revision,
                            outcome_held=True, comment="Done as planned.")
    saved = store.save_follow_up(record, by=ANNA)
    assert saved.revision == 1 and saved.history[0].kind is EventKind.followed_up
    assert store.follow_up(done.id) == saved
    assert store.get(done.id) == done  # the approved assessment is untouched
    with pytest.raises(ConflictError):  # a second save from revision 0 is stale
        store.save_follow_up(record, by=ANNA)


def test_a_draft_has_no_follow_up(store: Store) -> None:
    first = created(store)
    with pytest.raises(ForbiddenError, match="only an approved one"):
        store.save_follow_up(FollowUpRecord(id=first.id, assessment_revision=1), by=ANNA)
    assert store.follow_up(first.id) is None


# --- listing ------------------------------------------------------------------------------------


def test_the_listing_summarises_every_assessment(store: Store) -> None:
    approved(store)
    store.create(draft(id="annan-taxa"), by=RASMUS)
    listing = store.list()
    assert listing.problems == []
    assert [(i.id, i.status, i.revision, i.officers) for i in listing.items] == [
        ("annan-taxa", Status.draft, 1, ["anna"]),
        ("ny-bibliotekstaxa", Status.approved, 3, ["anna"])]
    rooms = listing.items[1]
    assert rooms.editors == ["anna"] and rooms.updated_by == "Rasmus Berg"


def test_a_listing_is_kept_until_a_save_anywhere_changes_the_store(tmp_path: Path) -> None:
    """Two stores on one folder, as the app and the command line: each lists again only when
    the other (or itself) has saved, and then sees the change."""
    app, shell = (store_at(tmp_path / "assessments", clock=ticking()) for _ in range(2))
    created(app)
    first = app.list()
    assert app.list() is first  # nothing changed: not listed again
    shell.create(draft(id="annan-taxa"), by=RASMUS)
    assert [item.id for item in app.list().items] == ["annan-taxa", "ny-bibliotekstaxa"]
    saved = shell.get("annan-taxa")
    shell.save(retitled(saved, "Ny rubrik"), expected_revision=1, by=RASMUS)
    assert app.list().items[0].title == "Ny rubrik"


# --- files: what only a file store can suffer --------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Store:
    return store_at(tmp_path / "assessments", clock=ticking())  # type: ignore[arg-type]


def test_a_schema_1_file_loads_and_its_next_save_is_schema_2(files: Store) -> None:
    root = Path(files.backend.root)  # type: ignore[attr-defined]
    root.mkdir(parents=True)
    original = (FIXTURES / "demo-branch-library.json").read_bytes()
    (root / "demo-branch-library.json").write_bytes(original)
    old = files.get("demo-branch-library")
    assert old.schema_version == 2 and old.decision.area_note == "Drottninghög"
    saved = files.save(retitled(old, old.decision.title), expected_revision=old.revision,
                       by=ANNA)
    assert json.loads((root / "demo-branch-library.json").read_bytes())["schema_version"] == 2
    kept = root / ".revisions" / "demo-branch-library" / f"{old.revision:06d}.json"
    assert kept.read_bytes() == original  # the old revision's bytes are kept as they were
    assert saved.history[:-1] == old.history


def test_deleting_the_current_file_never_lets_a_save_replace_revision_1(files: Store) -> None:
    first = created(files)
    files.save(retitled(first, "second"), expected_revision=1, by=ANNA)
    root = Path(files.backend.root)  # type: ignore[attr-defined]
    kept = (root / ".revisions" / first.id / "000001.json").read_bytes()
    (root / f"{first.id}.json").unlink()
    with pytest.raises((ConflictError, CorruptRecordError)):
        files.create(draft(), by=RASMUS)
    assert (root / ".revisions" / first.id / "000001.json").read_bytes() == kept


def test_a_current_file_without_its_revision_key_is_refused_not_overwritten(
        files: Store) -> None:
    first = created(files)
    root = Path(files.backend.root)  # type: ignore[attr-defined]
    current = root / f"{first.id}.json"
    data = json.loads(current.read_bytes())
    del data["revision"]
    current.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CorruptRecordError, match="revision"):
        files.save(first, expected_revision=1, by=ANNA)
    assert json.loads((root / ".revisions" / first.id / "000001.json").read_bytes())[
        "revision"] == 1


def test_a_symlinked_revision_folder_is_refused_and_nothing_is_written_outside(
        files: Store, tmp_path: Path) -> None:
    first = created(files)
    root = Path(files.backend.root)  # type: ignore[attr-defined]
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = root / ".revisions" / first.id
    for kept in folder.iterdir():
        kept.rename(outside / kept.name)
    folder.rmdir()
    folder.symlink_to(outside)
    with pytest.raises((CorruptRecordError, InvalidInputError, OSError)):
        files.save(retitled(first, "x"), expected_revision=1, by=ANNA)
    assert sorted(p.name for p in outside.iterdir()) == ["000001.json"]


def test_a_damaged_file_is_reported_while_the_others_list(files: Store) -> None:
    created(files)
    root = Path(files.backend.root)  # type: ignore[attr-defined]
    (root / "half-saved.json").write_text('{"schema_version": 2, "id": "half-sa',
                                          encoding="utf-8")
    listing = files.list()
    assert [item.id for item in listing.items] == ["ny-bibliotekstaxa"]
    assert [(Path(p.file).name, p.code) for p in listing.problems] == [
        ("half-saved.json", "json-syntax")]


def test_a_linked_follow_up_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "assessments").mkdir()
    (tmp_path / "assessments" / ".follow-ups").symlink_to(outside)
    with pytest.raises(CorruptRecordError, match="link"):
        store_at(tmp_path / "assessments")


def test_the_file_backend_is_used_by_default_for_a_folder(tmp_path: Path) -> None:
    assert isinstance(store_at(tmp_path).backend, FileBackend)
