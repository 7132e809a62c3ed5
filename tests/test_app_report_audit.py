"""The follow-up report and the audit trail in Streamlit's AppTest: the report made for the last
two whole years and handed over as PDF and Word, the audit trail's rows filtered and
downloaded, and both refused politely to someone without the strategy or the admin role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eia.statement.make import Format
from eia.ui.report import last_two_years
from tests.test_app_strategy import demos, open_page  # noqa: F401 - the shared fixture


def test_the_default_period_is_the_last_two_whole_years() -> None:
    assert last_two_years(date(2026, 12, 2)) == (date(2024, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize("person", ["demo-strategist", "demo-admin"])
def test_the_report_downloads_as_pdf_and_word(demos: Path, person: str) -> None:  # noqa: F811
    at = open_page("report", person)
    assert not at.exception
    at = at.button(key="FormSubmitter:report:period-Make the report").click().run()
    assert not at.exception
    assert {b.proto.label for b in at.get("download_button")} == {"Download PDF",
                                                                  "Download Word"}
    files = at.session_state["report:files"]  # what the buttons serve
    assert files[Format.pdf].startswith(b"%PDF")
    assert files[Format.docx].startswith(b"PK")  # a Word file is a zip


@pytest.mark.parametrize("page", ["report", "audit"])
def test_other_roles_are_told_politely(demos: Path, page: str) -> None:  # noqa: F811
    at = open_page(page, person="demo-officer")
    assert not at.exception
    assert "This page is for the strategy division" in at.info[-1].value
    assert not at.get("download_button")


def test_the_audit_trail_lists_rows_and_filters_them(demos: Path) -> None:  # noqa: F811
    at = open_page("audit")
    at.date_input(key="audit:since").set_value(date(2020, 1, 1))
    at = at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and {"When", "Who", "Act", "Concerns"} <= set(table.columns)
    one = table["Concerns"].iloc[0].split()[1]
    at.text_input(key="audit:assessment").input(one)
    at = at.run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) <= len(table)
    assert all(one in concerns for concerns in narrowed["Concerns"])
