"""The frame every page shares: language, the acting user (signed in, or picked in the local
demo mode, which says so), the page's `<html lang>`, and navigation. `app.py` at the project's
root only calls `run()`."""

from __future__ import annotations

import streamlit as st

from eia.i18n import Lang
from eia.ui import auth, nav, streamlit_fixes, texts
from eia.ui.session import DOC_KEY, LANG_KEY, USER_KEY, lang, service, tr

LANGUAGES = {Lang.sv.value: "Svenska", Lang.en.value: "English"}


def run() -> None:
    streamlit_fixes.apply()
    st.set_page_config(page_title="Likvärdig", layout="wide")
    _language()
    _html_lang()
    users = service().users
    if users.local:
        st.info(tr(texts.LOCAL_MODE))
        _acting_user()
    else:  # a users file: only someone signed in and named in it gets further
        auth.sidebar(auth.signed_in(users))
    st.navigation(nav.pages()).run()


def _language() -> None:
    """Swedish unless the URL or the user says English; kept in the URL across reloads."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_KEY, Lang.sv.value)
        st.session_state[LANG_KEY] = wanted if wanted in LANGUAGES else Lang.sv.value

    def remember() -> None:
        st.query_params[LANG_KEY] = st.session_state[LANG_KEY]

    st.sidebar.radio(f"{texts.LANGUAGE.sv} / {texts.LANGUAGE.en}", list(LANGUAGES),
                     format_func=LANGUAGES.__getitem__, key=LANG_KEY, horizontal=True,
                     on_change=remember)


def _html_lang() -> None:
    """Streamlit writes `<html lang="en">` whatever the content (its issue #15726): set the
    page's language so a screen reader reads Swedish with Swedish rules. The script holds no
    user text, only the language code."""
    code = lang().value
    st.html(f"<script>document.documentElement.lang = '{code}';</script>",
            unsafe_allow_javascript=True)


def _acting_user() -> None:
    """In the local demo mode the user picks which fictitious person they act as."""
    people = service().users.users
    ids = [person.id for person in people]
    if st.session_state.get(USER_KEY) not in ids:
        st.session_state[USER_KEY] = service().users.default.id
    names = {person.id: person.name for person in people}

    def changed() -> None:
        st.session_state.pop(DOC_KEY, None)  # reread what the new person may see

    st.sidebar.selectbox(tr(texts.ACTING_AS), ids, format_func=names.__getitem__, key=USER_KEY,
                         on_change=changed, persist_state="session")  # kept across pages
