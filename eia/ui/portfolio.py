"""The strategy division's portfolio: the figures over every assessment the user may read,
filtered by widgets, each figure drawn as a chart with a table beside it (the chart's text
alternative), and the whole downloadable as CSV and Excel. The counting is the portfolio
service's; this page only asks and draws."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import streamlit as st

from eia.model import Ground, Outcome, Status
from eia.portfolio.figures import Figures, Filters, csv_rows
from eia.services.portfolio import portfolio
from eia.ui import texts
from eia.ui.counts import bars_with_table
from eia.ui.safe import md
from eia.ui.session import lang, service, tr, user
from eia.users import Role

HEADER = ["figure", "key", "detail", "value"]


def page() -> None:
    st.title(tr(texts.PORTFOLIO_TITLE))
    acting = user()
    if not acting.has(Role.strategy):
        st.info(tr(texts.NEEDS_STRATEGY))
        return
    found = portfolio(service(), acting, _filters())
    for problem in found.problems:
        st.warning(md(str(problem)))
    result = found.figures
    st.markdown(tr(texts.PORTFOLIO_TOTAL, n=result.assessments, today=result.today.isoformat()))
    _charts(result)
    _lists(result)
    _downloads(result)


def _filters() -> Filters:
    """The filter widgets, offering the values the user's readable assessments hold."""
    items = service().list(user()).items  # only what the user may read
    options = {name: sorted({str(getattr(item, name)) for item in items} - {""})
               for name in ("organisation", "department", "committee")}
    versions = sorted({f"{item.question_set.id}@{item.question_set.version}" for item in items})
    this_year = date.today().year
    choose = tr(texts.CHOOSE)
    language = lang()  # fixed now: a format_func may be called outside this run
    with st.expander(tr(texts.PORTFOLIO_FILTERS), expanded=True):
        left, middle, right = st.columns(3)
        organisations = left.multiselect(tr(texts.FILTER_ORGANISATION), options["organisation"],
                                         key="pf:organisation", placeholder=choose)
        departments = middle.multiselect(tr(texts.COL_DEPARTMENT), options["department"],
                                         key="pf:department", placeholder=choose)
        committees = right.multiselect(tr(texts.FILTER_COMMITTEE), options["committee"],
                                       key="pf:committee", placeholder=choose)
        years = left.multiselect(tr(texts.FILTER_YEAR), list(range(this_year - 5, this_year + 2)),
                                 key="pf:year", placeholder=choose)
        statuses = middle.multiselect(tr(texts.COL_STATUS), [s.value for s in Status],
                                      format_func=lambda s: Status(s).label(language),
                                      key="pf:status", placeholder=choose)
        set_versions = right.multiselect(tr(texts.FILTER_SET_VERSION), versions,
                                         key="pf:set-version", placeholder=choose)
    return Filters(organisations=tuple(organisations), departments=tuple(departments),
                   committees=tuple(committees), years=tuple(years),
                   statuses=tuple(Status(s) for s in statuses), set_versions=tuple(set_versions))


def _label(key: str | None, kind: type[Outcome] | type[Ground] | None = None) -> str:
    """A counted key in the user's language: the enum's label where it is one."""
    if key is None:
        return tr(texts.NOT_NAMED)
    if kind is not None and key in {member.value for member in kind}:
        return kind(key).label(lang())
    return key


def tables(result: Figures) -> dict[str, pd.DataFrame]:
    """Each charted figure as a two-column table (what, how many): the chart's data."""
    what, count = tr(texts.COL_WHAT), tr(texts.COL_COUNT)

    def frame(rows: list[tuple[str, int]]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=[what, count])

    share = result.citing_share or 0.0
    return {
        tr(texts.FIG_OUTCOMES): frame([(_label(c.key, Outcome), c.count)
                                       for c in result.by_outcome]),
        tr(texts.FIG_NEGATIVE): frame([(_label(c.key, Ground), c.count)
                                       for c in result.negative_grounds]),
        tr(texts.FIG_FLAGS): frame([(_label(c.key), c.count) for c in result.top_flags]),
        tr(texts.FIG_GAPS): frame([(_label(g.ground, Ground), g.gaps + g.no_evidence)
                                   for g in result.evidence_gaps]),
        tr(texts.FIG_CITING, share=f"{share:.0%}"): frame([
            (tr(texts.CITING_YES), result.citing_figures),
            (tr(texts.CITING_NO), result.assessments - result.citing_figures)]),
        tr(texts.FIG_DUE): frame([(tr(texts.OVERDUE_ACTIONS), result.overdue_actions),
                                  (tr(texts.FOLLOW_UPS_DUE), result.follow_ups_due)]),
        tr(texts.FIG_CHOSEN): frame([
            (f"{_label(p.recommended, Outcome)} → "
             f"{_label(p.chosen, Outcome) if p.chosen else tr(texts.NOT_CHOSEN)}", p.count)
            for p in result.chosen_vs_recommended]),
    }


def _charts(result: Figures) -> None:
    """Each figure: a subheading, a bar chart with its title, and the same data as a table."""
    for title, table in tables(result).items():
        st.header(title)
        if table.empty:
            st.markdown(tr(texts.NOTHING_HERE))
            continue
        bars_with_table(title, table)


def _lists(result: Figures) -> None:
    """The overdue actions and due follow-ups by name, for the strategist to chase."""
    for title, listed in ((texts.OVERDUE_LIST, result.overdue),
                          (texts.FOLLOW_UPS_LIST, result.follow_ups)):
        if listed:
            st.subheader(tr(title))
            st.dataframe(pd.DataFrame(
                [(d.due.isoformat(), d.id, d.title) for d in listed],
                columns=[tr(texts.COL_DUE), "ID", tr(texts.COL_TITLE)]), hide_index=True)


def csv_bytes(result: Figures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(csv_rows(result))
    return out.getvalue().encode("utf-8")


def excel_bytes(result: Figures) -> bytes:
    """The same rows as the CSV, in a workbook written in memory."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "portfolio"
    sheet.append(HEADER)
    for row in csv_rows(result):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _downloads(result: Figures) -> None:
    st.header(tr(texts.PORTFOLIO_DOWNLOAD))
    left, right = st.columns(2)
    left.download_button(tr(texts.DOWNLOAD_CSV), csv_bytes(result), "portfolio.csv",
                         "text/csv", key="pf:csv")
    right.download_button(tr(texts.DOWNLOAD_XLSX), excel_bytes(result), "portfolio.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key="pf:xlsx")
