"""The portfolio: figures over every assessment a user may read, from a columnar index.

The store is real (the three demos written through their workflow, the digital booking then
approved, and one draft of another organisation) and every expected figure below was counted by
hand from the demos' files (see the README's table of them). What users rely on: the figures
are right, filters and the read rule select the right assessments, and the index is kept up to
date with the store (a save, a follow-up, a removal, a lost or damaged index file).
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from eia.cli import main
from eia.demo import write_demo_assessments
from eia.model import ActionFollowUp, ActionResult, FollowUpRecord, QuestionSetRef, Status
from eia.portfolio.columns import ENUMS, TABLES, check_row_widths, rows_of
from eia.portfolio.figures import Filters
from eia.services.assessments import AssessmentService
from eia.services.portfolio import INDEX_FILE, counted_result, portfolio
from eia.users import LOCAL_USERS, load_directory

TODAY = date(2027, 10, 1)
"""After every action of the demo booking was due, and its follow-up date (2027-09-01)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demos, the booking approved, and a draft of Malmö; built once, copied per test."""
    root = tmp_path_factory.mktemp("portfolio")
    users = root / "users.yaml"
    users.write_text(LOCAL_USERS.read_text(encoding="utf-8") + (
        "  - id: malmo-officer\n    name: Malin Fiktiv\n    roles: [case_officer]\n"
        "    organisation: malmo\n"), encoding="utf-8")
    store = root / "store"
    list(write_demo_assessments(store))
    service = AssessmentService.for_folder(store, load_directory(users),
                                           approve_with_context=False)
    service.approve(service.user("demo-reviewer"), "demo-digital-booking")
    malmo = service.user("malmo-officer")
    created = service.create(malmo, "malmo-pool", title="Badhuset stängs",
                             question_set=QuestionSetRef(id="helsingborg", version="1.0"))
    service.update(malmo, "malmo-pool", expected_revision=created.revision, changes={
        "decision": {"title": "Badhuset stängs", "department": "Fritidsförvaltningen",
                     "committee": "Fritidsnämnden", "meeting_date": "2025-05-01"}})
    return root


@pytest.fixture
def service(built: Path, tmp_path: Path) -> AssessmentService:
    shutil.copytree(built, tmp_path / "copy")
    return AssessmentService.for_folder(tmp_path / "copy" / "store",
                                        load_directory(tmp_path / "copy" / "users.yaml"))


def counts(items: list) -> dict:
    return {item.key: item.count for item in items}


def test_the_figures_match_the_hand_count(service: AssessmentService) -> None:
    found = portfolio(service, service.user("demo-reader"), today=TODAY).figures

    assert found.assessments == 3  # the reader's organisation: not Malmö's draft
    assert counts(found.by_outcome) == {"stop_and_rethink": 1, "adjust_proposal": 1,
                                        "no_major_change": 1}
    assert counts(found.negative_grounds) == {
        "sex": 2, "age": 2, "ethnic_origin": 2, "disability": 2, "socioeconomic": 2,
        "gender_identity": 1, "religion": 1}
    flags = counts(found.top_flags)
    assert flags["intersectional"] == 3 and flags["no_evidence"] == 2
    assert len(found.top_flags) == 10
    assert {(g.ground, g.gaps, g.assessments, g.no_evidence) for g in found.evidence_gaps} == {
        ("disability", 1, 1, 1), ("gender_identity", 1, 1, 1), ("socioeconomic", 1, 1, 0)}
    assert (found.citing_figures, found.citing_share) == (2, pytest.approx(2 / 3))
    # the approved booking: four actions due by 2027-03-01, nothing followed up; the changing
    # rooms' actions are followed up (done, changed); the library is a draft
    assert found.overdue_actions == 4
    assert {d.action for d in found.overdue} == {"telefonbokning", "assisterad-bokning",
                                                  "wcag-granskning", "kvinna-man-tas-bort"}
    assert (found.follow_ups_due, [d.id for d in found.follow_ups]) == (
        1, ["demo-digital-booking"])
    assert {(p.recommended, p.chosen): p.count for p in found.chosen_vs_recommended} == {
        ("stop_and_rethink", "adjust_proposal"): 1, ("adjust_proposal", "adjust_proposal"): 1,
        ("no_major_change", "no_major_change"): 1}


def test_before_the_dates_nothing_is_overdue_or_due(service: AssessmentService) -> None:
    found = portfolio(service, service.user("demo-reader"), today=date(2027, 1, 1)).figures
    assert (found.overdue_actions, found.follow_ups_due) == (0, 0)


def test_each_sees_what_they_may_read(service: AssessmentService) -> None:
    assert portfolio(service, service.user("demo-strategist")).figures.assessments == 4
    assert portfolio(service, service.user("malmo-officer")).figures.assessments == 1


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(committees=("Kulturnämnden",)), 2),
    (Filters(departments=("Fritidsförvaltningen",)), 1),
    (Filters(organisations=("malmo",)), 1),
    (Filters(years=(2026,)), 2),
    (Filters(years=(2025, 2027)), 2),
    (Filters(statuses=(Status.approved,)), 2),
    (Filters(statuses=(Status.draft,)), 2),
    (Filters(set_versions=("1.0",)), 1),
    (Filters(set_versions=("helsingborg@1.1",)), 3),
    (Filters(set_versions=("other@1.1",)), 0),
    (Filters(committees=("Kulturnämnden",), statuses=(Status.approved,)), 1),
])
def test_filters_select_the_assessments(service: AssessmentService, filters: Filters,
                                        expected: int) -> None:
    found = portfolio(service, service.user("demo-strategist"), filters, TODAY).figures
    assert found.assessments == expected
    assert sum(c.count for c in found.by_outcome) == expected


def test_the_index_follows_saves_follow_ups_and_removals(service: AssessmentService) -> None:
    strategist, officer = service.user("demo-strategist"), service.user("demo-officer")
    first = portfolio(service, strategist, today=TODAY)
    assert (first.refreshed.rebuilt, first.refreshed.read) == (True, 4)
    again = portfolio(service, strategist, today=TODAY)
    assert (again.refreshed.rebuilt, again.refreshed.read) == (False, 0)

    library = service.get(officer, "demo-branch-library").assessment
    service.update(officer, library.id, expected_revision=library.revision, changes={
        "decision": {**library.decision.model_dump(mode="json"), "committee": "Kommunstyrelsen"}})
    saved = portfolio(service, strategist, Filters(committees=("Kommunstyrelsen",)), TODAY)
    assert saved.refreshed.read == 1 and saved.figures.assessments == 2

    booking = service.get(officer, "demo-digital-booking").assessment
    service.record_follow_up(officer, FollowUpRecord(
        id=booking.id, assessment_revision=booking.revision, outcome_held=True,
        results=[ActionFollowUp(action_id=a.id, result=ActionResult.done)
                 for a in booking.actions]))
    followed = portfolio(service, strategist, today=TODAY)
    assert followed.refreshed.read == 1
    assert (followed.figures.overdue_actions, followed.figures.follow_ups_due) == (0, 0)

    root = service.store.backend.root
    (root / "malmo-pool.json").unlink()
    shutil.rmtree(root / ".revisions" / "malmo-pool")
    removed = portfolio(service, strategist, today=TODAY)
    assert removed.refreshed.removed == 1 and removed.figures.assessments == 3


@pytest.mark.parametrize("damage", ["delete", "garbage"])
def test_a_lost_or_damaged_index_is_rebuilt_with_the_same_figures(
        service: AssessmentService, damage: str) -> None:
    strategist = service.user("demo-strategist")
    before = portfolio(service, strategist, today=TODAY).figures
    index = service.store.backend.root / INDEX_FILE
    if damage == "delete":
        index.unlink()
    else:
        index.write_bytes(b"not a database" * 100)

    after = portfolio(service, strategist, today=TODAY)

    assert after.refreshed.rebuilt and after.figures == before


def test_the_index_columns_are_the_declared_ones(service: AssessmentService) -> None:
    portfolio(service, service.user("demo-strategist"))
    con = duckdb.connect(str(service.store.backend.root / INDEX_FILE), read_only=True)
    try:
        for table, columns in TABLES.items():
            described = con.sql(f"DESCRIBE {table}").fetchall()
            assert [(row[0], row[1]) for row in described] == [
                (c.name, DUCKDB_NAMES.get(c.type) or _enum(c.type) or c.type) for c in columns]
        for name, enum in ENUMS.items():
            values = con.sql(f"SELECT unnest(enum_range(NULL::{name}))").fetchall()
            assert [v for (v,) in values] == [member.value for member in enum]
    finally:
        con.close()


DUCKDB_NAMES = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}


def _enum(name: str) -> str | None:
    """How DuckDB describes a column of one of the declared ENUM types: its values."""
    if name not in ENUMS:
        return None
    return "ENUM(" + ", ".join(f"'{member.value}'" for member in ENUMS[name]) + ")"


def test_every_demo_gives_one_value_per_declared_column(service: AssessmentService) -> None:
    for item in service.store.list().items:
        assessment = service.store.get(item.id)
        result, approved = counted_result(assessment)
        rows = rows_of(assessment, result, service.store.follow_up(item.id),
                       as_approved=approved)
        check_row_widths(rows)
        assert approved is (assessment.approved_result is not None)


def test_the_command_prints_filters_and_exports_csv(service: AssessmentService,
                                                    tmp_path: Path) -> None:
    folder = str(service.store.backend.root)
    runner = CliRunner()
    text = runner.invoke(main, ["portfolio", "--dir", folder, "--as", "demo-strategist",
                                "--today", "2027-10-01"])
    assert text.exit_code == 0, text.output
    assert "4 assessments (as of 2027-10-01)" in text.output
    assert "actions overdue: 4" in text.output and "follow-ups due: 1" in text.output

    out = tmp_path / "portfolio.csv"
    as_json = runner.invoke(main, ["portfolio", "--dir", folder, "--as", "demo-strategist",
                                   "--committee", "Kulturnämnden", "--status", "approved",
                                   "--json", "--csv", str(out)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["assessments"] == 1
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["figure", "key", "detail", "value"]
    assert ["assessments", "", "", "1"] in rows
    assert ["by_outcome", "no_major_change", "", "1"] in rows

    bad = runner.invoke(main, ["portfolio", "--dir", folder, "--status", "lost"])
    assert bad.exit_code == 2


def test_an_assessment_counts_once_per_flag_and_gap_ground(service: AssessmentService) -> None:
    """Two gaps on one ground are two gaps but one assessment; so are two flags of a code."""
    library = service.store.get("demo-branch-library")
    gaps = [*library.evidence.gaps, library.evidence.gaps[0]]
    twice = library.model_copy(update={"evidence": library.evidence.model_copy(
        update={"gaps": gaps})})
    result, _ = counted_result(twice)

    rows = rows_of(twice, result, None, as_approved=False)

    assert [row[1:] for row in rows["gaps"]] == [("disability", True), ("disability", False)]
    marked = {}
    for _, code, _, _, first in rows["flags"]:
        marked.setdefault(code, []).append(first)
    assert all(firsts[0] and not any(firsts[1:]) for firsts in marked.values())
    assert any(len(firsts) > 1 for firsts in marked.values())  # no_consultation on several
