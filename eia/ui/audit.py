"""The audit trail, read-only: who did what and when, filtered by day, person, act and
assessment, with what could not be read named, and the rows as CSV."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from eia.services.audit import AuditRow, audit_trail
from eia.ui import texts
from eia.ui.report import strategy_or_admin
from eia.ui.safe import md
from eia.ui.session import local_zone, service, tr, user

SHOWN_DAYS = 90
"""The days shown first: a quarter back, the audit trail's usual question."""


def page() -> None:
    st.title(tr(texts.AUDIT_TITLE))
    if not strategy_or_admin():
        st.info(tr(texts.NEEDS_STRATEGY))
        return
    today = date.today()
    since_column, until_column = st.columns(2)
    since = since_column.date_input(tr(texts.AUDIT_SINCE), value=today - timedelta(SHOWN_DAYS),
                                    format="YYYY-MM-DD", key="audit:since")
    until = until_column.date_input(tr(texts.AUDIT_UNTIL), value=today, format="YYYY-MM-DD",
                                    key="audit:until")
    everything = audit_trail(service(), user(), since=since, until=until)
    who_column, act_column, assessment_column = st.columns(3)
    who = who_column.text_input(tr(texts.AUDIT_WHO), key="audit:who").strip()
    acts = sorted({row.act for row in everything.rows})
    act = act_column.selectbox(tr(texts.AUDIT_ACT), acts, index=None, key="audit:act",
                               placeholder=tr(texts.AUDIT_ANY))
    assessment = assessment_column.text_input(tr(texts.AUDIT_ASSESSMENT),
                                              key="audit:assessment").strip()
    trail = audit_trail(service(), user(), since=since, until=until, who=who or None, act=act,
                        assessment=assessment or None)
    st.markdown(tr(texts.AUDIT_COUNT, n=len(trail.rows)))
    table = rows_table(trail.rows)
    st.dataframe(table, hide_index=True)
    st.download_button(tr(texts.DOWNLOAD_CSV), data=table.to_csv(index=False).encode("utf-8"),
                       file_name=f"audit-{since}-{until}.csv", mime="text/csv", key="audit:csv")
    if trail.problems:
        st.warning(tr(texts.AUDIT_PROBLEMS) + "\n\n"
                   + "\n".join(f"- {md(str(problem))}" for problem in trail.problems))


def rows_table(rows: list[AuditRow]) -> pd.DataFrame:
    """One line per act: when, who (name and id), what, on what, and its details."""
    return pd.DataFrame(
        [(row.at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"),
          f"{row.by.name} ({row.by.id or '–'})", row.act, _object(row), row.title,
          "; ".join(f"{key}: {value}" for key, value in row.detail.items()), row.source)
         for row in rows],
        columns=[tr(texts.COL_AT), tr(texts.COL_BY), tr(texts.COL_ACT), tr(texts.COL_OBJECT),
                 tr(texts.COL_TITLE), tr(texts.COL_DETAIL), tr(texts.COL_SOURCE)])


def _object(row: AuditRow) -> str:
    """What was acted on, as `assessment id revision` or `question_set id version`."""
    found = row.object
    return " ".join(part for part in (found.kind, found.id, found.version) if part)
