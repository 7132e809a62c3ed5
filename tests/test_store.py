"""The assessment store: what an officer relies on when saving, reopening and listing work."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from eia.model import Assessment, Decision, Event, EventKind, SignOff, Status
from eia.problems import ProblemsError
from eia.store import (
    ConflictError,
    CorruptAssessmentError,
    HistoryError,
    ImmutableError,
    InvalidIdError,
    InvalidInputError,
    JsonStore,
    Listing,
    NotFoundError,
    ReopenError,
    Store,
    StoreError,
    default_store,
)

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def ticking_clock(start: datetime = START) -> Callable[[], datetime]:
    """A clock that moves one minute per call, so every event has a known, distinct time."""
    calls = iter(range(1_000_000))
    return lambda: start + timedelta(minutes=next(calls))


def make(assessment_id: str = "ny-bibliotekstaxa", **fields: Any) -> Assessment:
    fields.setdefault(
        "decision", {"title": "Ny taxa för bibliotekslokaler", "department": "Kultur"}
    )
    return Assessment(
        id=assessment_id, question_set={"id": "helsingborg", "version": "1.0"}, **fields
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "assessments"


@pytest.fixture
def store(root: Path) -> JsonStore:
    return JsonStore(root, clock=ticking_clock())


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (lock files aside) with its bytes, to prove nothing changed."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".locks" not in path.parts
    }


def approve(store: JsonStore, assessment: Assessment) -> Assessment:
    signed = assessment.model_copy(
        update={
            "status": Status.approved,
            "sign_off": SignOff(name="Eva Ek", role="Avdelningschef", signed_on=date(2026, 12, 1)),
        }
    )
    return store.save(
        signed, expected_revision=assessment.revision, by="eva", event=EventKind.approved
    )


# --- Saving and reading back ----------------------------------------------------------------


def test_a_saved_assessment_reads_back_exactly(store: JsonStore, root: Path) -> None:
    saved = store.save(make(), expected_revision=None, by="anna")

    assert saved.revision == 1
    assert saved.history == [
        Event(at=START, by="anna", kind=EventKind.created, revision=1)
    ]
    assert store.get("ny-bibliotekstaxa") == saved
    assert (root / "ny-bibliotekstaxa.json").read_text(encoding="utf-8") == saved.to_json()


def test_each_save_is_a_new_revision_with_its_event(store: JsonStore) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    edited = first.model_copy(update={"decision": Decision(title="Ändrad taxa")})
    second = store.save(edited, expected_revision=1, by="anna", note="ny titel")
    third = store.save(
        second.model_copy(update={"status": Status.in_review}),
        expected_revision=2, by="anna", event=EventKind.submitted,
    )

    assert [second.revision, third.revision] == [2, 3]
    assert [(e.kind, e.revision, e.note) for e in store.history("ny-bibliotekstaxa")] == [
        (EventKind.created, 1, ""),
        (EventKind.saved, 2, "ny titel"),
        (EventKind.submitted, 3, ""),
    ]
    assert store.get("ny-bibliotekstaxa").status is Status.in_review
    assert store.revisions("ny-bibliotekstaxa") == [1, 2, 3]
    assert store.get_revision("ny-bibliotekstaxa", 1).decision.title == (
        "Ny taxa för bibliotekslokaler"
    )
    assert store.get_revision("ny-bibliotekstaxa", 2).decision.title == "Ändrad taxa"


def test_the_store_keeps_history_events_the_caller_appended(store: JsonStore) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    comment = Event(at=START, by="rita", kind=EventKind.returned, revision=1, note="Komplettera")
    saved = store.save(
        first.model_copy(update={"history": [*first.history, comment]}),
        expected_revision=1, by="anna",
    )

    assert [e.kind for e in saved.history] == [
        EventKind.created, EventKind.returned, EventKind.saved,
    ]


def test_json_store_implements_the_store_interface(store: JsonStore) -> None:
    assert isinstance(store, Store)


# --- Conflicts: a stale save never wins -----------------------------------------------------


def test_a_save_from_a_stale_revision_is_refused_and_changes_nothing(
    store: JsonStore, root: Path
) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    store.save(first.model_copy(update={"demo": True}), expected_revision=1, by="bo")
    before = files_under(root)

    stale = first.model_copy(update={"decision": Decision(title="Annas version")})
    with pytest.raises(ConflictError) as caught:
        store.save(stale, expected_revision=1, by="anna")

    assert (caught.value.expected, caught.value.actual) == (1, 2)
    assert "ny-bibliotekstaxa" in str(caught.value)
    assert "revision 2" in str(caught.value)
    assert files_under(root) == before


def test_creating_an_id_that_exists_is_a_conflict(store: JsonStore, root: Path) -> None:
    store.save(make(), expected_revision=None, by="anna")
    before = files_under(root)

    with pytest.raises(ConflictError, match="already exists") as caught:
        store.save(make(decision={"title": "Någon annans"}), expected_revision=None, by="bo")

    assert (caught.value.expected, caught.value.actual) == (None, 1)
    assert files_under(root) == before


def test_updating_an_assessment_that_is_not_saved_is_a_conflict(store: JsonStore) -> None:
    with pytest.raises(ConflictError) as caught:
        store.save(make(), expected_revision=3, by="anna")

    assert (caught.value.expected, caught.value.actual) == (3, None)
    with pytest.raises(NotFoundError):
        store.get("ny-bibliotekstaxa")


def _save_slowly_in_process(
    root: str, expected: int, title: str, barrier: Any, results: Any
) -> None:
    """Runs in a child process; the slow clock holds the lock long enough to expose a race."""

    def slow_clock() -> datetime:
        time.sleep(0.3)
        return START

    store = JsonStore(Path(root), clock=slow_clock)
    current = store.get("ny-bibliotekstaxa")
    barrier.wait()
    try:
        store.save(current.model_copy(update={"decision": Decision(title=title)}),
                   expected_revision=expected, by=title)
        results.put(("saved", title))
    except ConflictError as error:
        results.put(("conflict", error.actual))
    except Exception as error:  # report anything else to the test instead of hanging it
        results.put(("error", repr(error)))


def test_of_processes_saving_the_same_revision_exactly_one_wins(
    store: JsonStore, root: Path
) -> None:
    store.save(make(), expected_revision=None, by="anna")
    context = multiprocessing.get_context("spawn")
    count = 4
    barrier = context.Barrier(count)
    results = context.Queue()
    workers = [
        context.Process(
            target=_save_slowly_in_process, args=(str(root), 1, f"proc-{n}", barrier, results)
        )
        for n in range(count)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)

    winners = [detail for kind, detail in outcomes if kind == "saved"]
    assert len(winners) == 1, outcomes
    assert sorted(outcomes)[:-1] == [("conflict", 2)] * (count - 1)
    saved = store.get("ny-bibliotekstaxa")
    assert (saved.revision, saved.decision.title) == (2, winners[0])


def test_of_threads_saving_the_same_revision_exactly_one_wins(root: Path) -> None:
    def slow_clock() -> datetime:
        time.sleep(0.2)
        return START

    JsonStore(root).save(make(), expected_revision=None, by="anna")
    store = JsonStore(root, clock=slow_clock)
    current = store.get("ny-bibliotekstaxa")
    count = 6
    barrier = threading.Barrier(count)

    def attempt(n: int) -> str:
        barrier.wait()
        try:
            store.save(current.model_copy(update={"demo": n % 2 == 0}),
                       expected_revision=1, by=f"thread-{n}")
            return "saved"
        except ConflictError:
            return "conflict"

    with ThreadPoolExecutor(count) as pool:
        outcomes = list(pool.map(attempt, range(count)))

    assert sorted(outcomes) == ["conflict"] * (count - 1) + ["saved"]
    assert store.revisions("ny-bibliotekstaxa") == [1, 2]


# --- Approved is locked; reopening starts a new revision ------------------------------------


def test_an_approved_assessment_cannot_be_changed(store: JsonStore, root: Path) -> None:
    approved = approve(store, store.save(make(), expected_revision=None, by="anna"))
    before = files_under(root)

    with pytest.raises(ImmutableError, match="approved") as caught:
        store.save(approved.model_copy(update={"decision": Decision(title="Smygändring")}),
                   expected_revision=approved.revision, by="anna")

    assert caught.value.status is Status.approved
    assert files_under(root) == before


def test_reopening_starts_a_new_draft_and_keeps_the_approved_revision(store: JsonStore) -> None:
    approved = approve(store, store.save(make(), expected_revision=None, by="anna"))

    draft = store.reopen("ny-bibliotekstaxa", by="anna", note="ny lokal")

    assert (draft.revision, draft.status) == (approved.revision + 1, Status.draft)
    assert draft.sign_off is None
    assert draft.history[-1].kind is EventKind.reopened
    assert draft.history[-1].note == "ny lokal"
    assert store.get_revision("ny-bibliotekstaxa", approved.revision) == approved
    assert store.get_revision("ny-bibliotekstaxa", approved.revision).sign_off is not None
    edited = store.save(draft.model_copy(update={"decision": Decision(title="Ny lokal")}),
                        expected_revision=draft.revision, by="anna")
    assert edited.revision == approved.revision + 2
    assert store.revisions("ny-bibliotekstaxa") == [1, 2, 3, 4]


def test_an_archived_assessment_is_locked_and_can_be_reopened(store: JsonStore) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    archived = store.save(first.model_copy(update={"status": Status.archived}),
                          expected_revision=1, by="anna", event=EventKind.archived)

    with pytest.raises(ImmutableError):
        store.save(archived, expected_revision=2, by="anna")
    assert store.reopen("ny-bibliotekstaxa", by="anna").status is Status.draft


def test_a_draft_is_not_reopened(store: JsonStore, root: Path) -> None:
    store.save(make(), expected_revision=None, by="anna")
    before = files_under(root)

    with pytest.raises(ReopenError, match="draft"):
        store.reopen("ny-bibliotekstaxa", by="anna")
    with pytest.raises(NotFoundError):
        store.reopen("finns-inte", by="anna")
    assert files_under(root) == before


# --- Never overwrite with less --------------------------------------------------------------


def test_a_save_with_a_shorter_history_is_refused_and_changes_nothing(
    store: JsonStore, root: Path
) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    second = store.save(first, expected_revision=1, by="anna")
    before = files_under(root)

    forgetful = second.model_copy(update={"history": second.history[:1]})
    with pytest.raises(HistoryError, match="1 history events but 2 are saved"):
        store.save(forgetful, expected_revision=2, by="anna")
    with pytest.raises(HistoryError):
        store.save(second.model_copy(update={"history": []}), expected_revision=2, by="anna")

    assert files_under(root) == before


def test_a_save_that_rewrites_history_is_refused_and_changes_nothing(
    store: JsonStore, root: Path
) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    before = files_under(root)

    rewritten = first.model_copy(
        update={"history": [first.history[0].model_copy(update={"by": "någon annan"})]}
    )
    with pytest.raises(HistoryError, match="event 1"):
        store.save(rewritten, expected_revision=1, by="anna")

    assert files_under(root) == before


def test_an_assessment_that_would_not_read_back_is_not_written(
    store: JsonStore, root: Path
) -> None:
    too_long = make().model_copy(update={"decision": Decision.model_construct(title="x" * 400)})

    with pytest.raises(InvalidInputError, match="not valid"):
        store.save(too_long, expected_revision=None, by="anna")

    assert not (root / "ny-bibliotekstaxa.json").exists()


@pytest.mark.parametrize("by", ["", "   ", "x" * 301])
def test_a_save_must_say_who_made_it(store: JsonStore, root: Path, by: str) -> None:
    with pytest.raises(InvalidInputError):
        store.save(make(), expected_revision=None, by=by)

    assert not root.exists()


# --- Ids never become paths unchecked -------------------------------------------------------

BAD_IDS = ["../x", "a/b", "A", "x.json", "a" * 65, "", "..", "/etc/passwd", "ab\x00c", "ab",
           ".hidden", "abc-", "abc\n"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_bad_id_is_refused_before_any_file_is_touched(
    tmp_path: Path, root: Path, bad_id: str
) -> None:
    store = JsonStore(root)
    sneaky = make().model_copy(update={"id": bad_id})  # model_copy skips validation

    calls: list[Callable[[], object]] = [
        lambda: store.save(sneaky, expected_revision=None, by="anna"),
        lambda: store.save(sneaky, expected_revision=1, by="anna"),
        lambda: store.get(bad_id),
        lambda: store.get_revision(bad_id, 1),
        lambda: store.revisions(bad_id),
        lambda: store.history(bad_id),
        lambda: store.reopen(bad_id, by="anna"),
    ]
    for call in calls:
        with pytest.raises(InvalidIdError):
            call()

    assert not root.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_bad_id_error_is_a_store_error_and_a_value_error(store: JsonStore) -> None:
    with pytest.raises(InvalidIdError) as caught:
        store.get("../etc")
    assert isinstance(caught.value, StoreError)
    assert isinstance(caught.value, ValueError)
    assert "'../etc'" in str(caught.value)


# --- Listing survives damaged files ---------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_damaged_files_are_reported_and_the_good_ones_still_listed(
    store: JsonStore, root: Path
) -> None:
    store.save(make("skolskjuts-2027"), expected_revision=None, by="anna")
    store.save(make("ny-bibliotekstaxa", demo=True), expected_revision=None, by="anna")

    good = make("handredigerad").to_json()
    write(root / "trasig.json", '{\n  "id": "trasig",\n  "status": draft\n}\n')
    write(root / "handredigerad.json", good.replace('"status": "draft"', '"status": "klar"'))
    write(root / "fel-namn.json", make("annat-id").to_json())
    write(root / "Stora.json", make("stora").to_json())
    write(root / "dubbel.json", make("dubbel").to_json().replace(
        '"demo": false,', '"demo": false,\n  "demo": true,'))
    (root / "latin1.json").write_bytes('{"id": "l\xe4tin1"}'.encode("latin-1"))
    (root / "mapp.json").mkdir()

    listing = store.list()

    assert [item.id for item in listing.items] == ["ny-bibliotekstaxa", "skolskjuts-2027"]
    found = {(Path(p.file).name, p.line, p.field, p.code) for p in listing.problems}
    status_line = 1 + good.splitlines().index('  "status": "draft",')
    demo_line = 1 + make("dubbel").to_json().splitlines().index('  "demo": false,') + 1
    assert found == {
        ("Stora.json", None, "", "bad-file-name"),
        ("dubbel.json", demo_line, "demo", "duplicate-key"),
        ("fel-namn.json", 3, "id", "id-mismatch"),
        ("handredigerad.json", status_line, "status", "enum"),
        ("latin1.json", 1, "", "not-utf8"),
        ("mapp.json", None, "", "not-a-file"),
        ("trasig.json", 3, "", "json-syntax"),
    }
    for problem in listing.problems:
        assert Path(problem.file).parent == root
        assert problem.message


def test_a_deep_field_error_names_its_path_and_line(store: JsonStore, root: Path) -> None:
    text = make("handredigerad", impacts={"age": {"people_affected": 10}}).to_json()
    write(root / "handredigerad.json", text.replace('"people_affected": 10',
                                                    '"people_affected": -5'))

    [problem] = store.list().problems

    assert problem.field == "impacts.age.people_affected"
    assert problem.line == 1 + text.splitlines().index('      "people_affected": 10,')


def test_the_listing_summarises_each_assessment(store: JsonStore) -> None:
    store.save(make(demo=True), expected_revision=None, by="anna")
    saved = store.save(store.get("ny-bibliotekstaxa"), expected_revision=1, by="anna")
    store.save(make("tom", decision={}), expected_revision=None, by="bo")

    listing = store.list()

    assert isinstance(listing, Listing)
    assert listing.problems == []
    summary = listing.items[0]
    assert (summary.id, summary.title, summary.status, summary.revision, summary.demo,
            summary.department) == (
        "ny-bibliotekstaxa", "Ny taxa för bibliotekslokaler", Status.draft, 2, True, "Kultur",
    )
    assert (summary.question_set.id, summary.question_set.version) == ("helsingborg", "1.0")
    assert summary.updated_at == saved.history[-1].at
    assert listing.items[1].title == ""


def test_an_empty_or_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert JsonStore(tmp_path / "finns-inte").list() == Listing(items=[], problems=[])
    assert JsonStore(tmp_path).list() == Listing(items=[], problems=[])


def test_revision_files_and_hidden_files_are_not_listed(store: JsonStore, root: Path) -> None:
    store.save(make(), expected_revision=None, by="anna")
    write(root / ".#ny-bibliotekstaxa.json", "editor lock file")
    write(root / "README.md", "not an assessment")

    listing = store.list()

    assert [item.id for item in listing.items] == ["ny-bibliotekstaxa"]
    assert listing.problems == []


def test_getting_a_damaged_file_names_the_file(store: JsonStore, root: Path) -> None:
    write(root / "trasig.json", '{\n  "id": "trasig",\n')

    with pytest.raises(CorruptAssessmentError) as caught:
        store.get("trasig")

    assert isinstance(caught.value, StoreError)
    assert isinstance(caught.value, ProblemsError)
    assert "trasig.json" in str(caught.value)
    assert [(Path(p.file).name, p.code) for p in caught.value.problems] == [
        ("trasig.json", "json-syntax")
    ]


def test_a_damaged_file_is_never_saved_over(store: JsonStore, root: Path) -> None:
    write(root / "trasig.json", "{ half an assessment")

    with pytest.raises(CorruptAssessmentError):
        store.save(make("trasig"), expected_revision=None, by="anna")

    assert (root / "trasig.json").read_text(encoding="utf-8") == "{ half an assessment"


def test_a_missing_assessment_or_revision_is_not_found(store: JsonStore) -> None:
    with pytest.raises(NotFoundError, match="'finns-inte' is not saved"):
        store.get("finns-inte")
    with pytest.raises(NotFoundError):
        store.revisions("finns-inte")

    store.save(make(), expected_revision=None, by="anna")
    for revision in (0, 2, 99):
        with pytest.raises(NotFoundError, match=f"revision {revision} of"):
            store.get_revision("ny-bibliotekstaxa", revision)


def test_a_hand_made_assessment_without_revision_files_still_reads(
    store: JsonStore, root: Path
) -> None:
    by_hand = make("handgjord", revision=3).to_json().replace("\n  ", "\n    ")
    write(root / "handgjord.json", by_hand)

    assert store.revisions("handgjord") == [3]
    assert store.get_revision("handgjord", 3).revision == 3
    with pytest.raises(NotFoundError):
        store.get_revision("handgjord", 2)
    saved = store.save(store.get("handgjord"), expected_revision=3, by="anna")
    assert saved.revision == 4
    assert store.revisions("handgjord") == [3, 4]
    assert (root / ".revisions/handgjord/000003.json").read_text(encoding="utf-8") == by_hand


# --- Where the files go, and how they are written -------------------------------------------


def test_the_environment_variable_picks_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path / "stadens"))
    default_store().save(make(), expected_revision=None, by="anna")

    assert (tmp_path / "stadens" / "ny-bibliotekstaxa.json").is_file()


def test_without_the_variable_the_folder_is_the_projects_assessments_wherever_run_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EIA_ASSESSMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    assert default_store().root == Path(__file__).resolve().parent.parent / "assessments"


def test_the_layout_keeps_every_revision_and_no_temp_files(store: JsonStore, root: Path) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    second = store.save(first, expected_revision=1, by="anna")

    assert sorted(files_under(root)) == [
        ".revisions/ny-bibliotekstaxa/000001.json",
        ".revisions/ny-bibliotekstaxa/000002.json",
        "ny-bibliotekstaxa.json",
    ]
    assert (root / ".revisions/ny-bibliotekstaxa/000001.json").read_text() == first.to_json()
    assert (root / "ny-bibliotekstaxa.json").read_text() == second.to_json()


def test_a_failed_write_leaves_the_saved_file_and_no_temp_file(
    store: JsonStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.save(make(), expected_revision=None, by="anna")
    before = (root / "ny-bibliotekstaxa.json").read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.save(first, expected_revision=1, by="anna")
    monkeypatch.undo()

    assert (root / "ny-bibliotekstaxa.json").read_bytes() == before
    assert [p.name for p in root.rglob("*.tmp")] == []
    assert store.save(first, expected_revision=1, by="anna").revision == 2


def test_an_injected_clock_gives_byte_identical_files(tmp_path: Path) -> None:
    def build(folder: Path) -> dict[str, bytes]:
        store = JsonStore(folder, clock=ticking_clock())
        first = store.save(make(demo=True), expected_revision=None, by="demo")
        approve(store, first)
        store.reopen("ny-bibliotekstaxa", by="demo")
        return files_under(folder)

    one, two = build(tmp_path / "one"), build(tmp_path / "two")

    assert one == two
    assert len(one) == 4
    assert json.loads(one["ny-bibliotekstaxa.json"])["history"][0]["at"] == (
        "2026-11-24T09:00:00Z"
    )


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask")
def test_saved_files_get_ordinary_permissions(store: JsonStore, root: Path) -> None:
    store.save(make(), expected_revision=None, by="anna")

    assert (root / "ny-bibliotekstaxa.json").stat().st_mode & 0o777 == 0o644
