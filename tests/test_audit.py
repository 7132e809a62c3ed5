"""The audit trail: who changed, approved, published or exported what, and when, for the
strategy and admin roles; the append-only log of exports, its damaged lines named, and writers
in several processes that never interleave."""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from eia.cli import EXIT_FORBIDDEN, main
from eia.errors import ForbiddenError
from eia.i18n import Lang
from eia.model import UserRef
from eia.questions.published import RECORD_FILE
from eia.services.audit import audit_trail
from eia.services.question_sets import publish_draft, start_draft
from eia.services.report import export_report
from eia.statement.make import Format
from eia.storage.audit import AUDIT_DIR, AuditEntry, AuditObject, FileAuditLog, audit_log
from eia.storage.memory import MemoryBackend
from tests.report_fixtures import PERIOD, Clock, built, service_at  # noqa: F401 (fixture)

EXPORTED_AT = datetime(2027, 1, 20, 9, tzinfo=UTC)


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:  # noqa: F811 (the fixture)
    shutil.copytree(built, tmp_path / "store")
    return tmp_path / "store"


def _exported(store: Path) -> None:
    """The officer prints rooms-2026's statement, the strategist the report, on one day."""
    service = service_at(store, Clock(EXPORTED_AT))
    service.export(service.user("demo-officer"), "rooms-2026", Format.pdf, Lang.en,
                   use_context=False)
    export_report(service, service.user("demo-strategist"), *PERIOD, Format.docx, Lang.sv)


def test_an_export_appears_with_who_when_and_format(store: Path) -> None:
    _exported(store)
    service = service_at(store, Clock())
    rows = audit_trail(service, service.user("demo-strategist"), act="exported").rows
    assert [(r.at, r.by.id, str(r.object), r.detail) for r in rows] == [
        (EXPORTED_AT, "demo-officer", "rooms-2026@4",
         {"what": "statement", "format": "pdf", "language": "en"}),
        (EXPORTED_AT, "demo-strategist", "follow-up@2026-01-01..2026-12-31",
         {"what": "follow-up report", "format": "docx", "language": "sv"}),
    ]
    line = (store / AUDIT_DIR / "2027-01.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(line)["at"] == "2027-01-20T09:00:00Z"


def test_an_approval_and_a_follow_up_appear(store: Path) -> None:
    service = service_at(store, Clock())
    rows = audit_trail(service, service.user("demo-admin"), assessment="rooms-2026").rows
    approved = [r for r in rows if r.act == "approved"]
    assert [(r.at.date(), r.by.id, r.source) for r in approved] == [
        (date(2026, 4, 1), "demo-reviewer", "history")]
    assert approved[0].title.startswith("DEMO: Könsneutrala")
    assert [(r.at.date(), r.source) for r in rows if r.act == "followed_up"] == [
        (date(2026, 10, 15), "follow_up")]
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    assert rows[-1].act == "created"


@pytest.mark.parametrize("who", ["demo-officer", "demo-reviewer", "demo-reader"])
def test_only_strategy_and_admin_may_read_it(store: Path, who: str) -> None:
    service = service_at(store, Clock())
    with pytest.raises(ForbiddenError) as refused:
        audit_trail(service, service.user(who))
    assert refused.value.rule == "needs-strategy"
    run = CliRunner().invoke(main, ["audit", "--dir", str(store), "--as", who])
    assert run.exit_code == EXIT_FORBIDDEN and "needs-strategy" in run.output


def test_filters_select_by_day_person_act_and_assessment(store: Path) -> None:
    _exported(store)
    service = service_at(store, Clock())
    strategist = service.user("demo-strategist")

    def trail(**filters: object) -> list[tuple[str, str, str]]:
        return [(r.at.date().isoformat(), r.act, r.object.id)
                for r in audit_trail(service, strategist, **filters).rows]  # type: ignore[arg-type]

    assert trail(act="approved") == [("2026-04-01", "approved", "rooms-2026"),
                                     ("2026-02-10", "approved", "booking-2026"),
                                     ("2025-05-02", "approved", "booking-2025"),
                                     ("2025-03-03", "approved", "rooms-2025")]
    assert trail(since=date(2026, 4, 1), until=date(2026, 4, 1)) == [
        ("2026-04-01", "approved", "rooms-2026")]
    assert trail(who="demo-reviewer") == trail(act="approved")
    assert {act for _, act, _ in trail(who="demo-officer")} == {
        "created", "saved", "submitted", "followed_up", "exported"}
    assert trail(assessment="library-2025") == [("2025-10-01", "saved", "library-2025"),
                                                ("2025-10-01", "created", "library-2025")]
    assert trail(since=date(2027, 1, 1)) == [("2027-01-20", "exported", "rooms-2026"),
                                             ("2027-01-20", "exported", "follow-up")]


def test_a_damaged_line_is_named_and_the_others_still_listed(store: Path) -> None:
    _exported(store)
    log = store / AUDIT_DIR / "2027-01.jsonl"
    with log.open("a", encoding="utf-8") as out:
        out.write('{"at": "2027-01-21T10:00:00Z", "by": {"id": "x", "name": "X"}}\n')
        out.write("not json at all\n")
    service = service_at(store, Clock())
    trail = audit_trail(service, service.user("demo-strategist"), act="exported")
    assert len(trail.rows) == 2
    assert [(p.file, p.line, p.field) for p in trail.problems] == [
        (str(log), 3, "act"), (str(log), 4, "")]
    run = CliRunner().invoke(main, ["audit", "--act", "exported", "--dir", str(store),
                                    "--as", "demo-strategist"])
    assert run.exit_code == 0
    assert f"warning: {log}:4: not a JSON object" in run.output
    assert "rooms-2026@4" in run.output


def test_a_version_published_in_the_app_is_on_the_trail_and_a_damaged_record_is_named(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_QUESTION_SET_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("EIA_QUESTION_SETS_PUBLISHED", str(tmp_path / "published"))
    service = service_at(store, Clock())
    strategist = service.user("demo-strategist")
    draft = start_draft(strategist, "helsingborg", "1.1")
    published = publish_draft(strategist, "helsingborg", draft.version, "Färre frågor om ålder")
    trail = audit_trail(service, service.user("demo-admin"), act="published")
    [row] = trail.rows
    assert (row.by, str(row.object), row.detail) == (
        strategist.ref(), f"helsingborg@{draft.version}",
        {"changelog": f"{draft.version}: Färre frågor om ålder"})
    assert row.at == published.published_at

    record = published.path / RECORD_FILE
    record.chmod(0o644)
    record.write_text(re.sub(r"published_at: .*", "published_at: not a time",
                             record.read_text(encoding="utf-8")), encoding="utf-8")
    trail = audit_trail(service, service.user("demo-admin"), act="published")
    assert trail.rows == []
    assert [(p.file, p.field) for p in trail.problems] == [(str(record), "published_at")]


def test_the_command_prints_json(store: Path) -> None:
    run = CliRunner().invoke(main, ["audit", "--act", "approved", "--assessment", "rooms-2025",
                                    "--json", "--dir", str(store), "--as", "demo-admin"])
    assert run.exit_code == 0, run.output
    [row] = json.loads(run.output)
    assert (row["at"], row["by"]["id"], row["object"]) == (
        "2025-03-03T09:00:00Z", "demo-reviewer",
        {"kind": "assessment", "id": "rooms-2025", "version": "4"})


def _append_many(folder: str, writer: int) -> None:
    log = FileAuditLog(Path(folder))
    for number in range(200):
        log.append(AuditEntry(at=datetime(2027, 3, 1, tzinfo=UTC),
                              by=UserRef(id=f"writer-{writer}", name="W" * 300),
                              act="exported", object=AuditObject(kind="report", id="x"),
                              detail={"n": str(number)}))


def test_writers_in_several_processes_never_interleave(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(tmp_path), i)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    entries, problems = FileAuditLog(tmp_path).read()
    assert problems == [] and len(entries) == 800
    assert {(e.by.id, e.detail["n"]) for e in entries} == {
        (f"writer-{w}", str(n)) for w in range(4) for n in range(200)}


def test_a_store_in_memory_keeps_its_log_in_memory() -> None:
    backend = MemoryBackend()
    entry = AuditEntry(at=datetime(2027, 3, 1, tzinfo=UTC), by=UserRef(id="a", name="A"),
                       act="exported", object=AuditObject(kind="report", id="x"))
    audit_log(backend).append(entry)
    assert audit_log(backend).read() == ([entry], [])
    assert audit_log(MemoryBackend()).read() == ([], [])
