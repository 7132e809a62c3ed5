"""The plan's two-yearly follow-up report: figures per period against the previous one, equal
to the portfolio's for the same decisions, printed as PDF and Word in both languages and read
back. The store is `tests/report_fixtures.py`'s; every number below is counted by hand there."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from eia.cli import EXIT_FORBIDDEN, EXIT_REFUSED, EXIT_USAGE, main
from eia.demo import write_demo_assessments
from eia.errors import ForbiddenError, InvalidInputError
from eia.i18n import Lang
from eia.portfolio.figures import Filters
from eia.portfolio.periods import Period
from eia.services.assessments import AssessmentService
from eia.services.portfolio import portfolio
from eia.services.report import export_report, report_figures
from eia.statement.make import Format, render
from eia.statement.report import build_report_statement
from tests.report_fixtures import PERIOD, PREVIOUS, TODAY, built  # noqa: F401 (fixture)


@pytest.fixture
def service(built: Path, tmp_path: Path) -> AssessmentService:  # noqa: F811 (the fixture)
    shutil.copytree(built, tmp_path / "store")
    return AssessmentService.for_folder(tmp_path / "store")


def text_of(data: bytes) -> str:
    """The PDF's text with every run of white space (line breaks between table cells, no-break
    spaces) made one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_previous_period_is_as_long_and_right_before() -> None:
    assert Period(start=date(2025, 1, 1), end=date(2026, 12, 31)).previous() == Period(
        start=date(2023, 1, 1), end=date(2024, 12, 31))
    assert Period(start=date(2026, 3, 1), end=date(2026, 5, 31)).previous() == Period(
        start=date(2025, 12, 1), end=date(2026, 2, 28))
    assert Period(start=date(2026, 7, 3), end=date(2026, 7, 12)).previous() == Period(
        start=date(2026, 6, 23), end=date(2026, 7, 2))


def test_the_figures_match_the_hand_count(service: AssessmentService) -> None:
    report = report_figures(service, service.user("demo-strategist"), *PERIOD, today=TODAY)
    now, before = report.current, report.previous
    assert (now.period.start, now.period.end) == PERIOD
    assert (before.period.start, before.period.end) == PREVIOUS
    assert (now.as_of, before.as_of) == (PERIOD[1], PREVIOUS[1])
    # Measure 2: decisions approved, assessments started and approved by now
    assert (now.figures.assessments, before.figures.assessments) == (2, 2)
    assert (now.work.started, now.work.completed) == (4, 2)
    assert (before.work.started, before.work.completed) == (3, 2)
    assert {c.key: c.count for c in now.figures.by_outcome} == {
        "adjust_proposal": 1, "no_major_change": 1}
    # actions due in the period: done against planned, and overdue on its last day
    w = now.work
    assert (w.actions_planned, w.actions_done, w.actions_changed, w.actions_not_done,
            w.actions_without_result, w.actions_overdue) == (6, 1, 1, 0, 4, 4)
    w = before.work
    assert (w.actions_planned, w.actions_done, w.actions_changed, w.actions_not_done,
            w.actions_without_result, w.actions_overdue) == (5, 1, 0, 1, 3, 4)
    assert (now.work.follow_ups_planned, now.work.follow_ups_done,
            now.work.follow_ups_overdue) == (2, 1, 1)
    assert (before.work.follow_ups_planned, before.work.follow_ups_done,
            before.work.follow_ups_overdue) == (1, 1, 0)
    # the portfolio's overdue rule, over the decisions approved in each period
    assert (now.figures.overdue_actions, before.figures.overdue_actions) == (3, 4)
    # Measure 3: citing figures, and the gaps that recur
    assert (now.figures.citing_figures, before.figures.citing_figures) == (1, 0)
    assert {(g.ground, g.gaps, g.assessments, g.no_evidence)
            for g in now.figures.evidence_gaps} == {("gender_identity", 1, 1, 1),
                                                    ("socioeconomic", 1, 1, 0)}
    # without its gaps and its figure, booking-2025 is flagged for no evidence on both grounds
    assert {(g.ground, g.gaps, g.no_evidence) for g in before.figures.evidence_gaps} == {
        ("gender_identity", 0, 1), ("socioeconomic", 0, 1)}
    assert report.recurring_gaps == ["gender_identity", "socioeconomic"]
    assert not report.demo


def test_the_figures_equal_the_portfolios_for_the_same_decisions(
        service: AssessmentService) -> None:
    strategist = service.user("demo-strategist")
    report = report_figures(service, strategist, *PERIOD, today=TODAY)
    for found in (report.current, report.previous):
        chosen = Filters(approved_from=found.period.start, approved_to=found.period.end)
        assert found.figures == portfolio(service, strategist, chosen, found.as_of).figures


def test_the_pdf_says_the_numbers_for_both_periods(service: AssessmentService) -> None:
    data = export_report(service, service.user("demo-strategist"), *PERIOD, Format.pdf,
                         Lang.sv, today=TODAY)
    text = text_of(data)
    assert "Uppföljning av planen för lika möjligheter" in text
    assert "2026-01-01 – 2026-12-31" in text and "2025-01-01 – 2025-12-31" in text
    assert "godkändes under perioden" in text  # the date the figures count by is said
    assert "2 av 4 (50 %) 2 av 3 (67 %)" in text  # started and approved by now
    assert "1 av 2 (50 %) 0 av 2 (0 %) +50 procentenheter" in text  # citing figures
    assert "1 av 6 (17 %) 1 av 5 (20 %)" in text  # actions done of planned
    assert "1 av 2 (50 %) 1 av 1 (100 %)" in text  # follow-ups recorded of planned
    assert "Könsöverskridande identitet eller uttryck: 2 i perioden, 1 i föregående" in text
    assert "Åtgärd 3: statistik uppdelad på kön och andra faktorer" in text
    assert "fiktiva exempel" not in text  # no demo assessment is counted
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None and info.title.startswith("Uppföljning av planen")


def test_the_word_file_in_english(service: AssessmentService) -> None:
    data = export_report(service, service.user("demo-admin"), *PERIOD, Format.docx, Lang.en,
                         today=TODAY)
    document = Document(io.BytesIO(data))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in document.tables
             for row in table.rows]
    assert "Follow-up of the Equal Opportunities Plan 2026-01-01 – 2026-12-31" in words
    assert ["Measure 2: Assessments started", "4", "3", "+1"] in cells
    assert ["Actions done of planned", "1 of 6 (17%)", "1 of 5 (20%)",
            "−3 percentage points"] in cells
    assert "Measure 3: figures by sex and other factors" in words
    assert document.core_properties.author == service.user("demo-admin").name


def test_the_markdown_file_and_the_demo_stamp(tmp_path: Path) -> None:
    list(write_demo_assessments(tmp_path / "demo"))
    service = AssessmentService.for_folder(tmp_path / "demo")
    text = export_report(service, service.user("demo-strategist"), *PERIOD, Format.md,
                         Lang.en, today=TODAY).decode("utf-8")
    assert "DEMO – counts fictitious examples, not real decisions" in text
    assert "eia-fingerprint" not in text.lower()


@pytest.mark.parametrize("who", ["demo-officer", "demo-reviewer", "demo-reader"])
def test_only_strategy_and_admin_may_make_it(service: AssessmentService, who: str) -> None:
    with pytest.raises(ForbiddenError) as refused:
        export_report(service, service.user(who), *PERIOD, Format.pdf, Lang.sv)
    assert refused.value.rule == "needs-strategy"


def test_a_period_ending_before_it_starts_is_refused(service: AssessmentService) -> None:
    with pytest.raises(InvalidInputError, match=r"ends \(2025-12-31\) before it starts "
                                                r"\(2026-01-01\)"):
        report_figures(service, service.user("demo-strategist"), date(2026, 1, 1),
                       date(2025, 12, 31))


def test_the_command(service: AssessmentService, tmp_path: Path) -> None:
    store = str(service.store.backend.root)  # type: ignore[attr-defined]
    out = tmp_path / "report.pdf"
    run = CliRunner().invoke(main, ["report", "follow-up", "--from", "2026-01-01", "--to",
                                    "2026-12-31", "--today", "2027-06-01", "-o", str(out),
                                    "--dir", store, "--as", "demo-strategist"])
    assert run.exit_code == 0, run.output
    assert "2 av 4 (50 %)" in text_of(out.read_bytes())
    bad = CliRunner().invoke(main, ["report", "follow-up", "--from", "2026-02-30", "--to",
                                    "2026-12-31", "-o", str(out), "--dir", store])
    assert bad.exit_code == EXIT_USAGE and "--from" in bad.output
    backwards = CliRunner().invoke(main, ["report", "follow-up", "--from", "2026-02-01",
                                          "--to", "2026-01-01", "-o", str(out), "--dir", store,
                                          "--as", "demo-strategist"])
    assert backwards.exit_code == EXIT_REFUSED and "before it starts" in backwards.output
    refused = CliRunner().invoke(main, ["report", "follow-up", "--from", "2026-01-01", "--to",
                                        "2026-12-31", "-o", str(out), "--dir", store])
    assert refused.exit_code == EXIT_FORBIDDEN and "needs-strategy" in refused.output


def test_flags_from_synthetic_figures_stamp_page_one_and_the_flags(
        service: AssessmentService) -> None:
    report = report_figures(service, service.user("demo-strategist"), *PERIOD, today=TODAY)
    work = report.current.work.model_copy(update={"synthetic": 1})
    stamped = report.model_copy(update={"current": report.current.model_copy(
        update={"work": work})})
    assert not report.synthetic and stamped.synthetic
    statement = build_report_statement(stamped, Lang.en, author="A", tool_version="1")
    assert statement.summary.synthetic
    assert [s.id for s in statement.annex if s.synthetic] == ["m2-flags"]
    assert "Contains SYNTHETIC data" in render(statement, Format.md).decode("utf-8")
