"""The app's pages, made once per run by `app.py`, and the way a page moves to another.

A move carries the deep link (`assessment`, `step`) and the language in the URL, so what the
user sees survives a reload.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from eia.ui import texts
from eia.ui.session import LANG_KEY, tr

_PAGES: dict[str, StreamlitPage] = {}


def pages(start: Callable[[], None], wizard: Callable[[], None], review: Callable[[], None],
          history: Callable[[], None], follow_up: Callable[[], None]) -> list[StreamlitPage]:
    """The start page is the default; the others have stable URL paths for deep links."""
    made = {
        "start": st.Page(start, title=tr(texts.PAGE_START), url_path="start", default=True),
        "wizard": st.Page(wizard, title=tr(texts.PAGE_WIZARD), url_path="wizard"),
        "review": st.Page(review, title=tr(texts.PAGE_REVIEW), url_path="review"),
        "history": st.Page(history, title=tr(texts.PAGE_HISTORY), url_path="history"),
        "follow-up": st.Page(follow_up, title=tr(texts.PAGE_FOLLOW_UP), url_path="follow-up"),
    }
    _PAGES.clear()
    _PAGES.update(made)
    return list(made.values())


def switch(name: str, **params: str) -> None:
    """Open another page with the given query parameters (and the current language)."""
    query = {key: value for key, value in params.items() if value}
    query[LANG_KEY] = st.session_state.get(LANG_KEY, "sv")
    st.switch_page(_PAGES[name], query_params=query)
