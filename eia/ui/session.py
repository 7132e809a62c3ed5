"""What one browser session holds: the service, the language, the acting user, and the open
assessment with the revision every save is made from.

Answers live in the assessment held here (and saved through the service), never only in widget
keys: Streamlit forgets a widget's state when it is not drawn, so each widget is seeded from the
assessment before it is drawn and written back through the service in its callback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from eia import settings
from eia.errors import ConflictError, EiaError
from eia.i18n import Lang, Text
from eia.model import Assessment, Status
from eia.services.assessments import AssessmentService
from eia.ui import streamlit_fixes, texts
from eia.users import User

LOG = logging.getLogger(__name__)
LANG_KEY = "lang"
USER_KEY = "user_id"
DOC_KEY = "doc"


def local_zone() -> ZoneInfo | None:
    """Times are shown as the city's officers read a clock; UTC where no time zone data is."""
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        return None


def clock(moment: datetime) -> str:
    zone = local_zone()
    return (moment.astimezone(zone) if zone else moment).strftime("%H:%M")


@st.cache_resource(show_spinner=False)
def _service(assessments_dir: str, users_file: str, context_db: str) -> AssessmentService:
    """One service per configuration, shared by all sessions (the store locks each save)."""
    return AssessmentService.default()


def service() -> AssessmentService:
    """The service for the settings in force (tests change them between app runs)."""
    return _service(str(settings.assessments_dir()), str(settings.users_file() or ""),
                    str(settings.context_db()))


def lang() -> Lang:
    return Lang(st.session_state.get(LANG_KEY, Lang.sv.value))


def tr(text: Text, **values: Any) -> str:
    """A text in the UI's language, with `{name}` filled in."""
    said = text(lang())
    return said.format(**values) if values else said


def user() -> User:
    """The acting user: whoever is signed in (set from the identity provider on every run by
    `auth.signed_in`, before any page), or whom the local demo mode's picker names."""
    return service().user(st.session_state.get(USER_KEY) or None)


@dataclass
class Doc:
    """The open assessment, as last saved or loaded, and what went wrong with the last save."""

    assessment: Assessment
    saved_at: datetime | None = None
    error: str = ""
    conflict: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return self.assessment.id


def widget_key(assessment_id: str, name: str) -> str:
    return f"f:{assessment_id}:{name}"


def open_doc(assessment_id: str) -> Doc:
    """The open assessment; loaded through the service when another one (or none) is open."""
    doc: Doc | None = st.session_state.get(DOC_KEY)
    if doc is None or doc.id != assessment_id:
        streamlit_fixes.wait_for_closed_pages()
        doc = Doc(assessment=service().get(user(), assessment_id).assessment)
        _forget_widgets(assessment_id)
        st.session_state[DOC_KEY] = doc
    return doc


def open_id(param: str = "assessment") -> str | None:
    """The assessment the URL names, else the one open in this session (a page reached from the
    sidebar keeps it); written back to the URL so the address is always a deep link."""
    wanted = st.query_params.get(param)
    if not wanted:
        doc: Doc | None = st.session_state.get(DOC_KEY)
        wanted = doc.id if doc else None
        if wanted:
            st.query_params[param] = wanted
    return wanted


def open_from_url(param: str = "assessment") -> Doc | None:
    """The assessment a page shows, opened from the deep link; None (and a notice on the page)
    when none is named or it cannot be opened for this user."""
    assessment_id = open_id(param)
    if not assessment_id:
        st.info(tr(texts.CHOOSE_ASSESSMENT))
        return None
    try:
        return open_doc(assessment_id)
    except EiaError as error:
        st.error(str(error))
        return None


def reload_doc() -> None:
    """Take the newest saved revision, dropping widget values so they are seeded from it."""
    doc: Doc = st.session_state[DOC_KEY]
    doc.assessment = service().get(user(), doc.id).assessment
    doc.conflict, doc.error = None, ""
    _forget_widgets(doc.id)


def _forget_widgets(assessment_id: str) -> None:
    prefix = widget_key(assessment_id, "")
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def editable(assessment: Assessment, acting: User) -> bool:
    return (assessment.status in (Status.draft, Status.returned)
            and assessment.is_officer(acting.id))


def save(part: str, value: Any, typed: Any = None) -> None:
    """Save one part of the open assessment from the revision it was loaded at.

    A conflict keeps what the user typed (`typed`) to show beside the newer version's author
    and time; nothing is merged or overwritten.
    """
    doc: Doc = st.session_state[DOC_KEY]
    acting = user()
    try:
        doc.assessment = service().update(acting, doc.id,
                                          expected_revision=doc.assessment.revision,
                                          changes={part: value})
    except ConflictError:
        newest = service().get(acting, doc.id).assessment
        LOG.warning("%s: %s not saved from revision %d, revision %d is newer", doc.id, part,
                    doc.assessment.revision, newest.revision)
        last = newest.history[-1] if newest.history else None
        doc.conflict = {"who": last.by.name if last else "?",
                        "time": clock(last.at) if last else "?",
                        "revision": newest.revision,
                        "typed": _plain(typed if typed is not None else value)}
    except EiaError as error:
        doc.error = str(error)
    else:
        doc.saved_at = datetime.now().astimezone()
        doc.error = ""


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)
