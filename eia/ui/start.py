"""The start page: the user's work lists, search and filter, and a new assessment or a copy.

Each list shows the most recently changed first, a page at a time: drawing every row of 10,000
drafts took about 10 s of CPU a rerun. Counts are of everything that matches, and the search looks
through all of them; so does the choice of an assessment to copy, which offers the most recent
matches only.
"""

from __future__ import annotations

import streamlit as st

from eia.errors import EiaError
from eia.model import Outcome, Status
from eia.services.worklists import Summary
from eia.ui import nav, texts
from eia.ui.session import clock, lang, service, tr, user
from eia.users import Role

WORK_LISTS = (("my_drafts", texts.MY_DRAFTS), ("returned_to_me", texts.RETURNED_TO_ME),
              ("waiting_for_my_review", texts.WAITING_FOR_MY_REVIEW),
              ("follow_up_due", texts.FOLLOW_UP_DUE))
PAGE_SIZE = 10
"""Rows a list shows at first, and how many more each "show more" adds."""
OPENS = {"waiting_for_my_review": "review", "follow_up_due": "follow-up"}
"""The page a list's row opens; the wizard for the others."""
COPY_CHOICES = 50
"""Earlier assessments offered to copy from: the most recently changed that match the search."""


def page() -> None:
    if st.query_params.get("assessment"):  # a deep link to the root opens the wizard
        nav.switch("wizard", assessment=st.query_params["assessment"],
                   step=st.query_params.get("step", ""))
    st.title(tr(texts.MY_WORK))
    acting = user()
    lists = service().work_lists(acting)
    query = st.text_input(tr(texts.SEARCH), key="search").strip().lower()
    statuses = st.multiselect(tr(texts.FILTER_STATUS), list(Status),
                              format_func=lambda s: s.label(lang()), key="status-filter",
                              placeholder=tr(texts.CHOOSE))
    for name, title in WORK_LISTS:
        rows = _matching(getattr(lists, name), query, statuses)
        st.header(f"{tr(title)} ({len(rows)})")
        if not rows:
            st.markdown(tr(texts.NOTHING_HERE))
        _page(name, rows)
    if acting.has(Role.case_officer):
        _new_assessment(query)
    else:
        st.info(tr(texts.MAY_NOT_CREATE))


def _matching(rows: list[Summary], query: str, statuses: list[Status]) -> list[Summary]:
    """The rows the search and the status filter keep, in their order (newest first)."""
    if not query and not statuses:
        return rows
    return [row for row in rows if _matches(row, query, statuses)]


def _matches(summary: Summary, query: str, statuses: list[Status]) -> bool:
    text = " ".join((summary.title, summary.diary_number, summary.department, summary.id))
    return (not query or query in text.lower()) and (not statuses or summary.status in statuses)


def _page(list_name: str, rows: list[Summary]) -> None:
    """The first rows of a list, and a button that shows PAGE_SIZE more."""
    key = f"shown:{list_name}"
    shown = st.session_state.get(key, PAGE_SIZE)
    for summary in rows[:shown]:
        _row(list_name, summary)
    if len(rows) > shown:
        st.caption(tr(texts.SHOWING_N_OF, shown=shown, total=len(rows)))
        st.button(tr(texts.SHOW_MORE, n=min(PAGE_SIZE, len(rows) - shown)),
                  key=f"more:{list_name}", on_click=_show_more, args=(key, shown))


def _show_more(key: str, shown: int) -> None:
    st.session_state[key] = shown + PAGE_SIZE


def _row(list_name: str, summary: Summary) -> None:
    language = lang()
    outcome = (Outcome(summary.chosen_outcome).label(language) if summary.chosen_outcome
               else "–")
    changed = (f"{summary.updated_at:%Y-%m-%d} {clock(summary.updated_at)}"
               if summary.updated_at else "–")
    with st.container(border=True):
        title, facts = st.columns([2, 3])
        with title:
            if st.button(f"{tr(texts.OPEN)}: {summary.title or summary.id}",
                         key=f"open:{list_name}:{summary.id}"):
                nav.switch(OPENS.get(list_name, "wizard"), assessment=summary.id)
        with facts:
            st.markdown(
                f"{tr(texts.COL_DIARY)}: {summary.diary_number or '–'} · "
                f"{tr(texts.COL_DEPARTMENT)}: {summary.department or '–'} · "
                f"{tr(texts.COL_STATUS)}: {summary.status.label(language)} · "
                f"{tr(texts.COL_OUTCOME)}: {outcome} · {tr(texts.COL_CHANGED)}: {changed}"
                + (f" · **{tr(texts.COMMENTS_N, n=summary.comments_to_answer)}**"
                   if summary.comments_to_answer else ""))


def _new_assessment(query: str) -> None:
    st.header(tr(texts.NEW_ASSESSMENT))
    svc, acting = service(), user()
    matching = _matching(svc.recent(acting), query, [])
    earlier = matching[:COPY_CHOICES]
    choices = ["", *(item.id for item in earlier)]
    titles = {item.id: f"{item.title or item.id} ({item.id})" for item in earlier}
    with st.form("new-assessment"):
        new_id = st.text_input(tr(texts.NEW_ID), key="new-id")
        title = st.text_input(tr(texts.NEW_TITLE), key="new-title")
        copy_from = st.selectbox(tr(texts.COPY_FROM), choices, key="new-copy-from",
                                 format_func=lambda v: titles.get(v, tr(texts.COPY_NONE)))
        if len(matching) > len(earlier):
            st.caption(tr(texts.COPY_FROM_LIMITED, n=len(earlier), total=len(matching)))
        if st.form_submit_button(tr(texts.CREATE), type="primary"):
            try:
                svc.create(acting, new_id.strip(), title=title.strip(),
                           copy_from=copy_from or None)
            except EiaError as error:
                st.error(str(error))
            else:
                nav.switch("wizard", assessment=new_id.strip(), step="decision")
