"""The storage backends: what every backend guarantees, then what only the files must withstand.

The contract tests run against the `backend` fixture; a new backend (PostgreSQL) joins by adding
one parameter there and must pass them unchanged.
"""

from __future__ import annotations

import ast
import json
import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from eia.errors import (
    ConflictError,
    CorruptRecordError,
    InvalidIdError,
    InvalidInputError,
    NotFoundError,
)
from eia.problems import Problem
from eia.storage.backend import Backend, StoredRevision, sha256_hex
from eia.storage.files import FileBackend
from eia.storage.memory import MemoryBackend

REPO = Path(__file__).resolve().parent.parent
KEY = "ny-bibliotekstaxa"


def document(number: int, title: str = "Ny taxa", **fields: Any) -> bytes:
    """A stored document as the domain writes one: JSON with a top-level revision and a summary."""
    body = {"revision": number, "summary": {"title": title, "revision": number}, **fields}
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def summary_of(data: bytes) -> dict[str, Any]:
    return json.loads(data)["summary"]


def summarize(stored: StoredRevision) -> dict[str, Any]:
    """What the domain layer's summarize does here: read the summary out of the document."""
    return {"key": stored.key, **summary_of(stored.data)}


def save(backend: Backend, key: str, number: int, title: str = "Ny taxa") -> StoredRevision:
    data = document(number, title)
    return backend.commit(key, number, data, {"key": key, **summary_of(data)},
                          expected=number - 1 or None)


@pytest.fixture(params=["files", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "files":
        return FileBackend(tmp_path / "assessments")
    return MemoryBackend()


# --- The contract: every backend ------------------------------------------------------------


def test_a_key_never_written_has_no_revisions(backend: Backend) -> None:
    assert backend.current(KEY) is None
    assert backend.revision(KEY, 1) is None
    assert backend.numbers(KEY) == []


def test_a_new_key_is_created_at_revision_one_with_its_bytes_and_sha256(
        backend: Backend) -> None:
    data = document(1)
    stored = backend.commit(KEY, 1, data, {"title": "Ny taxa"}, expected=None)
    assert (stored.key, stored.number, stored.data) == (KEY, 1, data)
    assert stored.sha256 == sha256_hex(data)
    assert backend.current(KEY) == stored
    assert backend.numbers(KEY) == [1]


def test_each_update_adds_a_revision_and_every_earlier_one_reads_as_written(
        backend: Backend) -> None:
    written = [save(backend, KEY, number, f"title {number}") for number in (1, 2, 3)]
    assert backend.numbers(KEY) == [1, 2, 3]
    assert backend.current(KEY) == written[-1]
    for stored in written:
        again = backend.revision(KEY, stored.number)
        assert again is not None
        assert (again.number, again.data, again.sha256) == (
            stored.number, stored.data, sha256_hex(stored.data))
    assert backend.revision(KEY, 4) is None


def test_creating_a_key_that_exists_is_a_conflict_and_changes_nothing(backend: Backend) -> None:
    first = save(backend, KEY, 1)
    with pytest.raises(ConflictError) as raised:
        backend.commit(KEY, 1, document(1, "other"), {}, expected=None)
    assert (raised.value.expected, raised.value.actual) == (None, 1)
    assert backend.current(KEY) == first


def test_a_commit_from_a_stale_revision_is_refused_and_the_revision_never_overwritten(
        backend: Backend) -> None:
    save(backend, KEY, 1)
    second = save(backend, KEY, 2, "first editor")
    with pytest.raises(ConflictError) as raised:
        backend.commit(KEY, 2, document(2, "second editor"), {}, expected=1)
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert backend.revision(KEY, 2) == second
    assert backend.numbers(KEY) == [1, 2]


def test_updating_a_key_never_written_is_a_conflict(backend: Backend) -> None:
    with pytest.raises(ConflictError) as raised:
        backend.commit(KEY, 2, document(2), {}, expected=1)
    assert (raised.value.expected, raised.value.actual) == (1, None)
    assert backend.current(KEY) is None


@pytest.mark.parametrize(("number", "data", "expected"), [
    (2, document(2), None),  # a new key starts at 1
    (3, document(3), 1),  # numbers never skip
    (1, document(2), None),  # the document must say the number it is committed as
    (1, b'{"title": "no revision"}', None),
    (1, b"not json", None),
    (1, "text, not bytes", None),
    (0, document(0), None),
    (True, document(1), None),
])
def test_a_commit_whose_number_or_document_cannot_be_right_is_refused(
        backend: Backend, number: Any, data: Any, expected: Any) -> None:
    if expected is not None:
        save(backend, KEY, 1)
    with pytest.raises(InvalidInputError):
        backend.commit(KEY, number, data, {}, expected=expected)
    assert backend.numbers(KEY) == ([] if expected is None else [1])


def test_a_summary_that_is_not_plain_json_is_refused_before_anything_is_written(
        backend: Backend) -> None:
    with pytest.raises(InvalidInputError, match="summary"):
        backend.commit(KEY, 1, document(1), {"at": object()}, expected=None)
    assert backend.current(KEY) is None


@pytest.mark.parametrize("key", ["../etc", "Stora", "a", "x.json", "con", "nul", "com1", "lpt9",
                                 "", None])
def test_keys_that_are_not_plain_ids_are_refused_before_any_path_is_built(
        backend: Backend, key: Any) -> None:
    with pytest.raises(InvalidIdError):
        backend.current(key)
    with pytest.raises(InvalidIdError):
        backend.commit(key, 1, document(1), {}, expected=None)


def test_summaries_list_every_key_in_order_with_its_latest_summary(backend: Backend) -> None:
    save(backend, "skolskjuts", 1, "Skolskjuts")
    save(backend, "arbetsmarknad", 1, "Arbetsmarknad")
    save(backend, "skolskjuts", 2, "Skolskjuts, ny")
    listing = backend.summaries(summarize)
    assert listing.problems == []
    assert listing.summaries == [
        {"key": "arbetsmarknad", "title": "Arbetsmarknad", "revision": 1},
        {"key": "skolskjuts", "title": "Skolskjuts, ny", "revision": 2},
    ]


def test_a_listed_summary_is_a_copy_that_cannot_change_what_is_kept(backend: Backend) -> None:
    save(backend, KEY, 1)
    backend.summaries(summarize).summaries[0]["title"] = "changed"
    assert backend.summaries(summarize).summaries[0]["title"] == "Ny taxa"


def test_blobs_are_kept_by_sha256_idempotently(backend: Backend) -> None:
    data = b"%PDF-1.7 a statement"
    sha = backend.put_blob(data)
    assert sha == sha256_hex(data)
    assert backend.put_blob(data) == sha
    assert backend.blob(sha) == data


def test_an_unknown_blob_is_not_found_and_a_malformed_name_is_refused(backend: Backend) -> None:
    with pytest.raises(NotFoundError):
        backend.blob(sha256_hex(b"never put"))
    with pytest.raises(InvalidInputError):
        backend.blob("../../etc/passwd")
    with pytest.raises(InvalidInputError):
        backend.put_blob("text, not bytes")  # type: ignore[arg-type]


def test_threads_racing_on_one_revision_one_wins_and_the_others_conflict(
        backend: Backend) -> None:
    save(backend, KEY, 1)
    count = 8
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def edit(n: int) -> None:
        barrier.wait()
        try:
            backend.commit(KEY, 2, document(2, f"thread {n}"), {}, expected=1)
            outcomes.append(f"thread {n}")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [outcome for outcome in outcomes if outcome != "conflict"]
    assert len(winners) == 1 and len(outcomes) == count
    current = backend.current(KEY)
    assert current is not None and summary_of(current.data)["title"] == winners[0]
    assert backend.numbers(KEY) == [1, 2]


def test_threads_that_retry_on_conflict_lose_no_edit(backend: Backend) -> None:
    save(backend, KEY, 1)
    count, edits = 4, 5

    def edit(n: int) -> None:
        for e in range(edits):
            while True:
                current = backend.current(KEY)
                assert current is not None
                number = current.number + 1
                try:
                    backend.commit(KEY, number, document(number, f"{n}/{e}"), {},
                                   expected=current.number)
                    break
                except ConflictError:
                    continue

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = 1 + count * edits
    assert backend.numbers(KEY) == list(range(1, total + 1))
    titles = []
    for number in range(2, total + 1):
        stored = backend.revision(KEY, number)
        assert stored is not None
        titles.append(summary_of(stored.data)["title"])
    assert sorted(titles) == sorted(f"{n}/{e}" for n in range(count) for e in range(edits))


# --- Only the files: what a disk, other processes and hand edits can do -----------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "assessments"


@pytest.fixture
def files(root: Path) -> FileBackend:
    return FileBackend(root)


def corrupt_codes(error: pytest.ExceptionInfo[CorruptRecordError]) -> list[str]:
    return [problem.code for problem in error.value.problems]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes, to show that nothing was written there."""
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_committed_demo_files_still_read_at_their_revision(tmp_path: Path) -> None:
    """A fresh checkout holds the current files only, no kept revisions."""
    for path in (REPO / "assessments").glob("demo-*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    demos = FileBackend(tmp_path)
    for path in sorted(tmp_path.glob("demo-*.json")):
        stored = demos.current(path.stem)
        number = json.loads(path.read_bytes())["revision"]
        assert stored is not None
        assert (stored.number, stored.data) == (number, path.read_bytes())
        assert demos.numbers(path.stem) == [number]


def test_a_file_put_in_place_by_hand_keeps_its_bytes_as_a_revision_on_the_next_commit(
        files: FileBackend, root: Path) -> None:
    root.mkdir()
    by_hand = document(3, "placed by hand").replace(b"\n", b"\r\n")
    (root / f"{KEY}.json").write_bytes(by_hand)
    assert files.numbers(KEY) == [3]
    files.commit(KEY, 4, document(4), {}, expected=3)
    kept = files.revision(KEY, 3)
    assert kept is not None and kept.data == by_hand
    assert files.numbers(KEY) == [3, 4]


def _commit_in_process(root: str, worker: int, count: int, barrier: Any, results: Any) -> None:
    """Each process saves its own key `count` times and races the others on a shared one."""
    backend = FileBackend(root)
    barrier.wait()
    outcome = "conflict"
    try:
        backend.commit("shared", 2, document(2, f"process {worker}"), {"by": worker}, expected=1)
        outcome = f"process {worker}"
    except ConflictError:
        pass
    for number in range(1, count + 1):
        key = f"own-{worker}"
        backend.commit(key, number, document(number), {"key": key, "revision": number},
                       expected=number - 1 or None)
    results.put(outcome)


def test_processes_racing_on_one_key_one_wins_and_no_index_entry_is_lost(
        files: FileBackend, root: Path) -> None:
    save(files, "shared", 1)
    context = multiprocessing.get_context("spawn")
    count, processes = 5, 4
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [context.Process(target=_commit_in_process,
                               args=(str(root), n, count, barrier, results))
               for n in range(processes)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    winners = [outcome for outcome in outcomes if outcome != "conflict"]
    assert len(winners) == 1
    shared = files.current("shared")
    assert shared is not None and summary_of(shared.data)["title"] == winners[0]

    def must_not_rebuild(stored: StoredRevision) -> dict[str, Any]:
        raise AssertionError(f"the index should already hold {stored.key}")

    listing = files.summaries(must_not_rebuild)
    assert [summary["key"] for summary in listing.summaries[:-1]] == [
        f"own-{n}" for n in range(processes)]
    assert all(summary["revision"] == count for summary in listing.summaries[:-1])


def test_when_the_current_file_is_deleted_reading_and_saving_are_refused(
        files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    save(files, KEY, 2)
    (root / f"{KEY}.json").unlink()
    with pytest.raises(CorruptRecordError, match=r"revisions 1\.\.2 are kept") as raised:
        files.current(KEY)
    assert corrupt_codes(raised) == ["current-missing"]
    with pytest.raises(CorruptRecordError):
        files.commit(KEY, 1, document(1, "a new start"), {}, expected=None)
    kept = root / ".revisions" / KEY / "000001.json"
    assert kept.read_bytes() == document(1)


def test_when_the_revision_key_is_removed_by_hand_the_file_is_refused_at_its_line(
        files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    path = root / f"{KEY}.json"
    body = json.loads(path.read_bytes())
    del body["revision"]
    path.write_text(json.dumps(body))
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert [(p.file, p.field, p.code) for p in raised.value.problems] == [
        (str(path), "revision", "missing-revision")]
    with pytest.raises(CorruptRecordError):
        files.commit(KEY, 2, document(2), {}, expected=1)


@pytest.mark.parametrize(("text", "code", "line"), [
    ('{\n  "title": "x",\n  "revision": "2"\n}', "invalid-revision", 3),
    ('{\n  "revision": 1,\n  "title": \n}', "json-syntax", 4),
    ("[1, 2]", "not-an-object", None),
])
def test_a_current_file_that_cannot_be_numbered_is_reported_with_its_line(
        files: FileBackend, root: Path, text: str, code: str, line: int | None) -> None:
    root.mkdir()
    (root / f"{KEY}.json").write_text(text)
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert [(p.code, p.line) for p in raised.value.problems] == [(code, line)]


def test_a_current_file_that_is_not_utf8_is_reported_with_its_line(
        files: FileBackend, root: Path) -> None:
    root.mkdir()
    (root / f"{KEY}.json").write_bytes(b'{\n"revision": 1,\n"title": "\xe5"\n}')
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert [(p.code, p.line) for p in raised.value.problems] == [("not-utf8", 3)]


def test_a_current_file_over_the_size_limit_is_refused_unread(
        files: FileBackend, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eia.storage.files.MAX_DOCUMENT_BYTES", 2**20)
    root.mkdir()
    (root / f"{KEY}.json").write_bytes(b" " * (2**20 + 1))
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert corrupt_codes(raised) == ["too-large"]


def test_a_current_file_edited_outside_the_tool_is_detected_as_tampered(
        files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    save(files, KEY, 2, "as approved")
    path = root / f"{KEY}.json"
    path.write_bytes(document(2, "quietly changed"))
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert corrupt_codes(raised) == ["tampered"]
    with pytest.raises(CorruptRecordError):
        files.commit(KEY, 3, document(3), {}, expected=2)
    assert (root / ".revisions" / KEY / "000002.json").read_bytes() == document(2, "as approved")


def test_a_current_file_replaced_by_an_older_revision_is_not_saved_over(
        files: FileBackend, root: Path) -> None:
    for number in (1, 2, 3):
        save(files, KEY, number)
    (root / f"{KEY}.json").write_bytes(document(1))
    with pytest.raises(CorruptRecordError) as raised:
        files.commit(KEY, 2, document(2, "over the history"), {}, expected=1)
    assert corrupt_codes(raised) == ["revision-above-current"]
    assert (root / ".revisions" / KEY / "000002.json").read_bytes() == document(2)


def test_a_symlinked_revision_folder_is_refused_and_nothing_is_written_outside(
        files: FileBackend, root: Path, tmp_path: Path) -> None:
    save(files, KEY, 1)
    outside = tmp_path / "outside"
    (root / ".revisions" / KEY).rename(outside)
    (root / ".revisions" / KEY).symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    with pytest.raises(CorruptRecordError) as raised:
        files.commit(KEY, 2, document(2), {}, expected=1)
    assert corrupt_codes(raised) == ["symlink"]
    with pytest.raises(CorruptRecordError):
        files.current(KEY)
    assert tree(outside) == before


def test_a_symlinked_current_file_is_refused_not_followed(
        files: FileBackend, root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(document(1, "not in the store"))
    root.mkdir()
    (root / f"{KEY}.json").symlink_to(outside)
    with pytest.raises(CorruptRecordError) as raised:
        files.current(KEY)
    assert corrupt_codes(raised) == ["symlink"]
    with pytest.raises(CorruptRecordError):
        files.commit(KEY, 2, document(2), {}, expected=1)
    assert outside.read_bytes() == document(1, "not in the store")
    assert not (root / ".revisions" / KEY / "000001.json").exists()


def test_a_symlinked_revision_file_is_refused_not_followed(
        files: FileBackend, root: Path, tmp_path: Path) -> None:
    save(files, KEY, 1)
    save(files, KEY, 2)
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(document(1, "planted"))
    kept = root / ".revisions" / KEY / "000001.json"
    kept.unlink()
    kept.symlink_to(outside)
    with pytest.raises(CorruptRecordError) as raised:
        files.revision(KEY, 1)
    assert corrupt_codes(raised) == ["symlink"]


def test_a_symlinked_index_is_never_read_or_written_through(
        files: FileBackend, root: Path, tmp_path: Path) -> None:
    save(files, KEY, 1)
    outside = tmp_path / "elsewhere.json"
    found = (root / f"{KEY}.json").stat()
    planted = {"format": 1, "entries": {KEY: {"stamp": [found.st_size, found.st_mtime_ns],
                                              "summary": {"key": "planted"}}}}
    outside.write_text(json.dumps(planted))
    (root / ".index.log").unlink()
    (root / ".index.json").symlink_to(outside)
    assert [s["key"] for s in files.summaries(summarize).summaries] == [KEY]
    assert json.loads(outside.read_text()) == planted
    assert not (root / ".index.json").is_symlink()


@pytest.mark.parametrize("folder", [".revisions", ".locks", ".tmp", ".blobs"])
def test_a_symlinked_folder_of_the_store_is_refused(
        files: FileBackend, root: Path, tmp_path: Path, folder: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root.mkdir()
    (root / folder).symlink_to(outside, target_is_directory=True)
    with pytest.raises(CorruptRecordError) as raised:
        if folder == ".blobs":
            files.put_blob(b"attachment")
        else:
            save(files, KEY, 1)
    assert corrupt_codes(raised) == ["symlink"]
    assert tree(outside) == {}


def test_a_crashed_saves_temp_files_are_removed_and_its_revision_file_moved_aside(
        files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    temps = root / ".tmp"
    (temps / f"{KEY}.0123456789abcdef.tmp").write_bytes(b'{"revision": 2, "half')
    (temps / "other-key.0123456789abcdef.tmp").write_bytes(b"another key's save")
    orphan = root / ".revisions" / KEY / "000002.json"
    orphan.write_bytes(document(2, "never committed"))
    assert files.numbers(KEY) == [1]
    assert files.revision(KEY, 2) is None

    files.commit(KEY, 2, document(2, "committed"), {}, expected=1)

    assert sorted(path.name for path in temps.iterdir()) == [
        "other-key.0123456789abcdef.tmp"]
    moved = list((root / ".orphans" / KEY).iterdir())
    assert [path.read_bytes() for path in moved] == [document(2, "never committed")]
    assert moved[0].name.startswith("000002.")
    assert orphan.read_bytes() == document(2, "committed")


def test_the_listing_index_is_rebuilt_when_deleted(files: FileBackend, root: Path) -> None:
    for key in ("skolskjuts", "arbetsmarknad"):
        save(files, key, 1, key)
    expected = files.summaries(summarize)
    for name in (".index.json", ".index.log"):
        (root / name).unlink(missing_ok=True)
    read: list[str] = []

    def counting(stored: StoredRevision) -> dict[str, Any]:
        read.append(stored.key)
        return summarize(stored)

    assert files.summaries(counting) == expected
    assert sorted(read) == ["arbetsmarknad", "skolskjuts"]
    assert set(json.loads((root / ".index.json").read_bytes())["entries"]) == {
        "skolskjuts", "arbetsmarknad"}


def test_a_folder_of_files_placed_by_hand_lists_and_gets_an_index(root: Path) -> None:
    root.mkdir()
    (root / f"{KEY}.json").write_bytes(document(1, "Placed"))
    listing = FileBackend(root).summaries(summarize)
    assert [s["title"] for s in listing.summaries] == ["Placed"]
    assert KEY in json.loads((root / ".index.json").read_bytes())["entries"]


def test_a_read_only_store_still_lists(root: Path) -> None:
    root.mkdir()
    (root / f"{KEY}.json").write_bytes(document(1, "Placed"))
    (root / ".tmp").symlink_to(root.parent, target_is_directory=True)  # the index cannot be kept
    listing = FileBackend(root).summaries(summarize)
    assert [s["title"] for s in listing.summaries] == ["Placed"]
    assert not (root / ".index.json").exists()


def test_commits_journal_their_summaries_and_a_listing_folds_a_long_journal(
        files: FileBackend, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eia.storage.index.JOURNAL_FOLD_BYTES", 10_000)
    for number in (1, 2, 3):
        save(files, KEY, number, f"title {number}")
    assert len((root / ".index.log").read_bytes().splitlines()) == 3
    listing = files.summaries(summarize)
    assert (root / ".index.log").exists()  # short, and nothing changed: left as it is
    monkeypatch.setattr("eia.storage.index.JOURNAL_FOLD_BYTES", 100)
    assert files.summaries(summarize) == listing
    assert not (root / ".index.log").exists()
    assert files.summaries(summarize) == listing


def test_a_commit_folds_the_journal_when_nobody_lists(
        files: FileBackend, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eia.storage.index.JOURNAL_FOLD_BYTES", 1_000)
    journal = root / ".index.log"
    for number in range(1, 30):
        save(files, KEY, number, f"title {number}")
        assert not journal.exists() or journal.stat().st_size < 1_000
    assert KEY in json.loads((root / ".index.json").read_bytes())["entries"]
    assert [s["title"] for s in files.summaries(summarize).summaries] == ["title 29"]


def test_a_journal_line_torn_by_a_crash_is_ignored(files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    with (root / ".index.log").open("ab") as journal:
        journal.write(b'{"key": "ny-bibliotekstaxa", "stamp": [1')
    assert [s["key"] for s in files.summaries(summarize).summaries] == [KEY]


def test_the_listing_index_picks_up_files_added_or_edited_by_hand_and_only_reads_those(
        files: FileBackend, root: Path) -> None:
    save(files, "skolskjuts", 1, "Skolskjuts")
    (root / "placed-by-hand.json").write_bytes(document(1, "Placed"))
    read: list[str] = []

    def counting(stored: StoredRevision) -> dict[str, Any]:
        read.append(stored.key)
        return summarize(stored)

    assert [s["title"] for s in files.summaries(counting).summaries] == ["Placed", "Skolskjuts"]
    assert read == ["placed-by-hand"]
    read.clear()
    (root / "placed-by-hand.json").write_bytes(document(1, "Placed, then edited"))
    titles = [s["title"] for s in files.summaries(counting).summaries]
    assert titles == ["Placed, then edited", "Skolskjuts"]
    assert read == ["placed-by-hand"]
    read.clear()
    (root / "placed-by-hand.json").unlink()
    assert [s["title"] for s in files.summaries(counting).summaries] == ["Skolskjuts"]
    assert read == []


def test_an_unreadable_index_is_rebuilt(files: FileBackend, root: Path) -> None:
    save(files, KEY, 1)
    (root / ".index.json").write_text("{ half an index")
    assert [s["key"] for s in files.summaries(summarize).summaries] == [KEY]


def test_damaged_and_badly_named_files_are_reported_while_the_others_list(
        files: FileBackend, root: Path) -> None:
    save(files, "skolskjuts", 1, "Skolskjuts")
    (root / "broken.json").write_text('{\n  "revision": 1,\n  "title": \n}')
    (root / "Stora Versaler.json").write_bytes(document(1))
    (root / ".editor-swap.json").write_text("ignored")
    (root / "README.md").write_text("not an assessment")

    def strict(stored: StoredRevision) -> dict[str, Any]:
        if stored.key == "skolskjuts":
            return summarize(stored)
        raise AssertionError("only readable files reach summarize")

    listing = files.summaries(strict)
    assert [s["title"] for s in listing.summaries] == ["Skolskjuts"]
    assert [(Path(p.file).name, p.line, p.code) for p in listing.problems] == [
        ("Stora Versaler.json", None, "bad-file-name"),
        ("broken.json", 4, "json-syntax"),
    ]


def test_a_problem_that_summarize_finds_is_reported_and_the_file_read_again_once_fixed(
        files: FileBackend, root: Path) -> None:
    save(files, "skolskjuts", 1, "Skolskjuts")
    (root / "not-an-assessment.json").write_bytes(document(1, "Missing fields"))

    def domain(stored: StoredRevision) -> dict[str, Any]:
        if summary_of(stored.data)["title"] == "Missing fields":
            raise CorruptRecordError([Problem(file=stored.origin, field="decision",
                                              code="missing", message="Field required")])
        return summarize(stored)

    listing = files.summaries(domain)
    assert [p.code for p in listing.problems] == ["missing"]
    (root / "not-an-assessment.json").write_bytes(document(1, "Fixed"))
    listing = files.summaries(domain)
    assert (listing.problems, len(listing.summaries)) == ([], 2)


def test_a_damaged_blob_is_refused_on_reading_and_repaired_by_putting_it_again(
        files: FileBackend, root: Path) -> None:
    sha = files.put_blob(b"the statement")
    (root / ".blobs" / sha[:2] / sha).write_bytes(b"the statemenT")
    with pytest.raises(CorruptRecordError) as raised:
        files.blob(sha)
    assert corrupt_codes(raised) == ["blob-damaged"]
    assert files.put_blob(b"the statement") == sha
    assert files.blob(sha) == b"the statement"
    assert list((root / ".tmp").iterdir()) == []


def test_a_blob_temp_file_left_by_a_crash_is_removed_once_it_is_a_day_old(
        files: FileBackend, root: Path) -> None:
    files.put_blob(b"first")
    stale, recent = root / ".tmp" / ".blob.0000.tmp", root / ".tmp" / ".blob.1111.tmp"
    for leftover in (stale, recent):
        leftover.write_bytes(b"half a bl")
    a_day_ago = stale.stat().st_mtime - 25 * 60 * 60
    os.utime(stale, (a_day_ago, a_day_ago))
    files.put_blob(b"second")
    assert sorted(path.name for path in (root / ".tmp").iterdir()) == [recent.name]


def test_a_symlinked_revisions_folder_is_not_read_through(
        files: FileBackend, root: Path, tmp_path: Path) -> None:
    save(files, KEY, 1)
    save(files, KEY, 2)
    outside = tmp_path / "outside"
    (root / ".revisions").rename(outside)
    (root / ".revisions").symlink_to(outside, target_is_directory=True)
    for read in (files.current, files.numbers, lambda key: files.revision(key, 1)):
        with pytest.raises(CorruptRecordError) as raised:
            read(KEY)
        assert corrupt_codes(raised) == ["symlink"]


def test_no_module_imports_fcntl_so_eia_loads_on_windows() -> None:
    offenders = []
    for path in (REPO / "eia").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {name}" for name in names if name == "fcntl"]
    assert offenders == []



def test_the_listing_stamp_changes_with_every_commit_and_stands_between(
        backend: Backend) -> None:
    """A store lists again only when this stamp moves, so a commit must always move it."""
    before = backend.listing_stamp()
    assert backend.listing_stamp() == before
    seen = {before}
    for number in (1, 2):
        save(backend, KEY, number, title=f"Taxa {number}")
        stamp = backend.listing_stamp()
        assert stamp not in seen
        seen.add(stamp)
    save(backend, "annan-taxa", 1)
    assert backend.listing_stamp() not in seen
