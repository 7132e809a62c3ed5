"""The plan's two-yearly follow-up report, made for a period and downloaded as PDF or Word:
`eia.services.report` makes the file (and records it in the audit trail); this page asks for
the dates and hands the file over."""

from __future__ import annotations

from datetime import date

import streamlit as st

from eia.errors import EiaError
from eia.services.report import export_report
from eia.statement.make import Format
from eia.ui import texts
from eia.ui.safe import md
from eia.ui.session import lang, service, tr, user
from eia.users import Role

MIME = {Format.pdf: "application/pdf",
        Format.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
LABEL = {Format.pdf: texts.REPORT_PDF, Format.docx: texts.REPORT_DOCX}


def strategy_or_admin() -> bool:
    """The strategy division's pages are open to it and to administrators, as the services."""
    acting = user()
    return acting.has(Role.strategy) or acting.has(Role.admin)


def last_two_years(today: date) -> tuple[date, date]:
    """The two whole calendar years before this one: the plan's follow-up period."""
    return date(today.year - 2, 1, 1), date(today.year - 1, 12, 31)


def page() -> None:
    st.title(tr(texts.REPORT_TITLE))
    if not strategy_or_admin():
        st.info(tr(texts.NEEDS_STRATEGY))
        return
    st.caption(tr(texts.REPORT_HELP))
    first, last = last_two_years(date.today())
    with st.form("report:period"):
        start_column, end_column = st.columns(2)
        start = start_column.date_input(tr(texts.REPORT_FROM), value=first, format="YYYY-MM-DD",
                                        key="report:from")
        end = end_column.date_input(tr(texts.REPORT_TO), value=last, format="YYYY-MM-DD",
                                    key="report:to")
        made = st.form_submit_button(tr(texts.REPORT_MAKE), type="primary")
    if made:
        st.session_state["report:files"] = _files(start, end)
    for fmt, data in st.session_state.get("report:files", {}).items():
        st.download_button(tr(LABEL[fmt]), data=data, mime=MIME[fmt], key=f"report:{fmt}",
                           file_name=f"follow-up-report-{start}-{end}.{fmt.value}")


def _files(start: date, end: date) -> dict[Format, bytes]:
    """The report as PDF and as Word; nothing (and why, on the page) when it cannot be made."""
    try:
        return {fmt: export_report(service(), user(), start, end, fmt, lang()) for fmt in LABEL}
    except EiaError as error:
        st.error(tr(texts.REPORT_NOT_MADE, error=md(str(error))))
        return {}
