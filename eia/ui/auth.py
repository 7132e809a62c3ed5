"""Sign-in: Streamlit's OpenID Connect login (`st.login`, the `streamlit[auth]` extra) in front
of the users file.

The identity provider says who someone is (their e-mail and subject); the users file says who
they are here and what they may do. Roles are never read from the token: a groups claim for a
user in many groups outgrows the roughly 4 KB a browser keeps in one cookie, and a group is no
role of this tool anyway. An identity the users file does not name is refused by name, never
guessed, so an administrator can add it.
"""

from __future__ import annotations

import logging
from functools import cache

import streamlit as st
import yaml
from streamlit.delta_generator import DeltaGenerator

from eia.ui import texts
from eia.ui.session import USER_KEY, lang, tr
from eia.users import Directory, User


def configured() -> bool:
    """Whether the secrets (`.streamlit/secrets.toml`, or the files that the `secrets.files`
    option names) hold an `[auth]` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: Streamlit's error is one of these
        return False


def signed_in(users: Directory) -> User:
    """The person signed in, as the users file names them, remembered as the session's acting
    user. Anyone else gets the page that says why not (login not configured, sign in, not in
    the users file) and the run stops there."""
    if not configured():
        st.error(tr(texts.LOGIN_NOT_CONFIGURED))
        st.stop()
    if not st.user.get("is_logged_in"):
        _sign_in_page()
        st.stop()
    if "groups" in st.user:
        _warn_of_groups_claim()
    identities = [str(claim) for claim in (st.user.get("email"), st.user.get("sub")) if claim]
    person = users.for_identity(*identities)
    if person is None:
        st.session_state.pop(USER_KEY, None)
        _refusal(identities)
        st.stop()
    st.session_state[USER_KEY] = person.id
    return person


def sidebar(person: User) -> None:
    """Who is signed in, with their roles from the users file, and the way out."""
    roles = ", ".join(sorted(role.label(lang()) for role in person.roles))
    st.sidebar.markdown(f"{tr(texts.SIGNED_IN_AS)} **{person.name}**  \n"
                        f"{tr(texts.ROLES)}: {roles}")
    _sign_out(st.sidebar)


@cache
def _warn_of_groups_claim() -> None:
    """Once per server: the users who break are those in many groups, so say it before they do."""
    logging.getLogger(__name__).warning(
        "The identity token carries a groups claim, which Likvärdig ignores (roles come from "
        "EIA_USERS_FILE). Remove it from the app registration: a user in about 100 groups gets "
        "identity cookies over the 8 KB the app's websocket accepts, and a blank page.")


def _sign_in_page() -> None:
    st.title(tr(texts.SIGN_IN_TITLE))
    st.markdown(tr(texts.SIGN_IN_INTRO))
    if st.button(tr(texts.SIGN_IN), type="primary", key="sign-in"):
        st.login()


def _refusal(identities: list[str]) -> None:
    """Names the identity and the line an administrator adds; the claims are shown as code, so
    nothing the provider sends is read as markdown."""
    st.title(tr(texts.NOT_A_USER_TITLE))
    shown = " / ".join(identities).replace("`", "")
    st.error(tr(texts.NOT_A_USER, identity=f"`{shown}`"))
    st.markdown(tr(texts.HOW_TO_ADD))
    st.code(yaml.safe_dump({"identities": identities}, allow_unicode=True,  # unhighlighted:
                           default_flow_style=None), language=None)  # its colours fail WCAG
    _sign_out(st.container())


def _sign_out(where: DeltaGenerator) -> None:
    if where.button(tr(texts.SIGN_OUT), key="sign-out"):
        st.logout()
