"""The app's pages, made once per run by `app.py`, and the way a page moves to another.

A move carries the deep link (`assessment`, `step`) and the language in the URL, so what the
user sees survives a reload.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from eia.ui import texts
from eia.ui.session import LANG_KEY, tr

_PAGES: dict[str, StreamlitPage] = {}


def _page(module: str) -> Callable[[], None]:
    """The page of `eia.ui.<module>`, imported when it is first shown: the start page never
    waits for the charts, statement renderers and DuckDB the other pages bring in."""

    def page() -> None:
        importlib.import_module(f"eia.ui.{module}").page()

    page.__name__ = module
    return page


def pages() -> list[StreamlitPage]:
    """The start page is the default; the others have stable URL paths for deep links."""
    made = {
        "start": st.Page(_page("start"), title=tr(texts.PAGE_START), url_path="start",
                         default=True),
        "wizard": st.Page(_page("wizard"), title=tr(texts.PAGE_WIZARD), url_path="wizard"),
        "review": st.Page(_page("review"), title=tr(texts.PAGE_REVIEW), url_path="review"),
        "history": st.Page(_page("history"), title=tr(texts.PAGE_HISTORY), url_path="history"),
        "follow-up": st.Page(_page("follow_up"), title=tr(texts.PAGE_FOLLOW_UP),
                             url_path="follow-up"),
        "portfolio": st.Page(_page("portfolio"), title=tr(texts.PAGE_PORTFOLIO),
                             url_path="portfolio"),
        "question-sets": st.Page(_page("question_sets"), title=tr(texts.PAGE_QUESTION_SETS),
                                 url_path="question-sets"),
        "report": st.Page(_page("report"), title=tr(texts.PAGE_REPORT), url_path="report"),
        "audit": st.Page(_page("audit"), title=tr(texts.PAGE_AUDIT), url_path="audit"),
    }
    _PAGES.clear()
    _PAGES.update(made)
    return list(made.values())


def switch(name: str, **params: str) -> None:
    """Open another page with the given query parameters (and the current language)."""
    query = {key: value for key, value in params.items() if value}
    query[LANG_KEY] = st.session_state.get(LANG_KEY, "sv")
    st.switch_page(_PAGES[name], query_params=query)
