"""The history of an assessment and the difference between any two of its revisions: answers
added, removed and changed, the score and flags before and after, and who made the later one.

The diff itself is made by the service (`eia.services.diff`); this page picks the revisions and
says the changes in words, an answer by its question's text.
"""

from __future__ import annotations

import json

import streamlit as st

from eia.errors import EiaError
from eia.flags import FlagSeverity
from eia.model import Assessment, Direction, Event, LabelledEnum, Level, Outcome, Status
from eia.questions import get_question_set
from eia.rules import Screened
from eia.services.diff import Change, RevisionDiff
from eia.ui import texts
from eia.ui.opened import titled, when
from eia.ui.safe import md
from eia.ui.session import lang, service, tr, user

LONGEST = 300
"""Characters of a changed text shown; the rest is in the revision itself."""
KINDS = {"added": texts.CHANGE_ADDED, "removed": texts.CHANGE_REMOVED,
         "changed": texts.CHANGE_CHANGED}
WORDS: tuple[tuple[str, type[LabelledEnum]], ...] = (
    ("status", Status), ("outcome", Outcome), (".direction", Direction),
    ("_actions", Level), (".screening", Screened), ("flags.", FlagSeverity))
"""Where a changed value is one of the domain's words, by the end (or start) of its path: shown
in the page's language, not as its id."""


def page() -> None:
    doc = titled(texts.PAGE_HISTORY)
    if doc is None:
        return
    assessment = doc.assessment
    _compare(assessment)
    st.header(tr(texts.HISTORY))
    for event in reversed(assessment.history):
        st.markdown(f"- {_event(event)}" + (f": {md(_short(event.note))}" if event.note else ""))


def _event(event: Event) -> str:
    return tr(texts.HISTORY_LINE, revision=event.revision, kind=event.kind.label(lang()),
              who=md(event.by.name), when=when(event.at))


def _compare(assessment: Assessment) -> None:
    st.header(tr(texts.COMPARE))
    revisions = service().revisions(user(), assessment.id)
    newest = revisions[-1]
    if len(revisions) < 2:
        st.info(tr(texts.ONE_REVISION))
        return
    if len(revisions) < assessment.revision:
        st.caption(tr(texts.SOME_REVISIONS_KEPT, kept=", ".join(map(str, revisions))))
    before_key, after_key = f"diff:{assessment.id}:before", f"diff:{assessment.id}:after"
    st.session_state.setdefault(before_key, revisions[-2])
    st.session_state.setdefault(after_key, newest)
    left, right = st.columns(2)
    with left:
        before = st.selectbox(tr(texts.REVISION_BEFORE), revisions, key=before_key)
    with right:
        after = st.selectbox(tr(texts.REVISION_AFTER), revisions, key=after_key)
    if before == after:
        st.info(tr(texts.SAME_REVISION))
        return
    first, last = sorted((before, after))
    try:
        found = service().diff(user(), assessment.id, first, last)
    except EiaError as error:
        st.error(str(error))
        return
    show_diff(found, assessment)


def show_diff(found: RevisionDiff, assessment: Assessment) -> None:
    """Who made the later revision, what happened in between, and every change in words."""
    st.markdown(tr(texts.MADE_BY, revision=found.after,
                   who=md(found.by.name) if found.by else "–", when=when(found.at)))
    for event in found.events:
        st.markdown(f"- {_event(event)}")
    questions = _question_texts(assessment)
    for heading, changes in ((texts.CONTENT_CHANGES, found.changes),
                             (texts.SCORE_CHANGES, found.score)):
        st.subheader(tr(heading))
        if not changes:
            st.markdown(tr(texts.NO_CHANGES))
        for change in changes:
            st.markdown(f"- {_line(change, questions)}")


def _question_texts(assessment: Assessment) -> dict[str, str]:
    ref = assessment.question_set
    try:
        question_set = get_question_set(ref.id, ref.version)
    except EiaError:
        return {}
    return {q.id: q.text(lang()) for q in question_set.questions()}


def _line(change: Change, questions: dict[str, str]) -> str:
    """`path` (or the question's text) – added/removed/changed: before → after."""
    path = change.path
    question_id, _, note = path.removeprefix("answers.").partition("#")
    if path.startswith("answers.") and question_id in questions:
        where = f"**{md(questions[question_id])}**" + (f" {tr(texts.NOTE_SUFFIX)}" if note
                                                       else "")
    else:
        where = f"`{path}`"
    values = [_value(_word(path, v)) for v in (change.before, change.after)]
    shown = {"added": values[1], "removed": values[0]}.get(change.kind,
                                                          f"{values[0]} → {values[1]}")
    return f"{where} – {tr(KINDS[change.kind])}: {shown}"


def _word(path: str, value: object) -> object:
    """A domain word's label for a value that is one (`in_review` → "Under granskning")."""
    for place, words in WORDS:
        if isinstance(value, str) and (path.endswith(place) or path.startswith(place)):
            try:
                return words(value).label(lang())
            except ValueError:
                return value
    return value


def _value(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        text = ", ".join(str(item) for item in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return md(_short(text))


def _short(text: str) -> str:
    return text if len(text) <= LONGEST else text[:LONGEST] + "…"
