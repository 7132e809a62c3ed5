"""The follow-up of an approved assessment: per action done, not done or changed with a
comment, what was observed for the affected groups, and whether the outcome held. Kept through
the service beside the approved revision, never as an edit of it."""

from __future__ import annotations

import streamlit as st

from eia.errors import EiaError
from eia.i18n import Lang
from eia.model import ActionFollowUp, ActionResult, Assessment, FollowUpRecord, Step
from eia.ui import flash, review, texts
from eia.ui.opened import titled, when
from eia.ui.safe import md
from eia.ui.session import lang, reload_doc, service, tr, user
from eia.workflow import Act

RESULTS = [ActionResult.done, ActionResult.not_done, ActionResult.changed]


def page() -> None:
    doc = titled(texts.FOLLOW_UP_TITLE)
    if doc is None:
        return
    assessment = doc.assessment
    flash.show("follow-up")
    try:
        record = service().follow_up(user(), doc.id)
    except EiaError as error:
        st.error(str(error))
        return
    if record is not None and record.history:
        last = record.history[-1]
        st.caption(tr(texts.FOLLOW_UP_RECORDED, who=md(last.by.name),
                      when=when(last.at)))
    may = service().may(user(), Act.follow_up, doc.id)
    if not may:
        st.info(tr(texts.FOLLOW_UP_NOT_YOURS))
    due = assessment.follow_up.due
    st.markdown(tr(texts.FOLLOW_UP_INTRO, due=due.isoformat() if due else "–"))
    _form(assessment, record, disabled=not may)
    if record is not None:
        st.header(tr(texts.FOLLOW_UP_STATEMENT))
        language = lang()
        review.downloads(["pdf", "docx"], lambda f: _statement(doc.id, f, language),
                         f"{doc.id}-follow-up-{language.value}", "follow-up-download")


def _statement(assessment_id: str, fmt: str, language: Lang) -> bytes:
    """The follow-up's own statement for the committee, made when its download is clicked."""
    from eia.statement.make import Format

    return service().export_follow_up(user(), assessment_id, Format(fmt), language).data


def _form(assessment: Assessment, record: FollowUpRecord | None, disabled: bool) -> None:
    language = lang()
    earlier = {r.action_id: r for r in record.results} if record else {}
    prefix = f"follow-up:{assessment.id}"
    with st.form(prefix):
        st.header(Step.actions.label(language))
        if not assessment.actions:
            st.markdown(tr(texts.FOLLOW_UP_NO_ACTIONS))
        for number, action in enumerate(assessment.actions, start=1):
            st.subheader(tr(texts.ACTION_RESULT, n=number, description=md(action.description)))
            found = earlier.get(action.id)
            st.radio(tr(texts.ACTION_RESULT_CHOICE, n=number), RESULTS,
                     index=RESULTS.index(found.result) if found and found.result in RESULTS
                     else None, format_func=lambda r: r.label(language), horizontal=True,
                     key=f"{prefix}:{action.id}:result", disabled=disabled)
            st.text_area(tr(texts.ACTION_RESULT_COMMENT, n=number),
                         value=found.observed if found else "",
                         key=f"{prefix}:{action.id}:observed", disabled=disabled)
        st.text_area(tr(texts.OBSERVED), value=record.observed if record else "",
                     key=f"{prefix}:observed", disabled=disabled)
        held = record.outcome_held if record else None
        st.radio(tr(texts.OUTCOME_HELD), [True, False], index=None if held is None
                 else [True, False].index(held), horizontal=True, key=f"{prefix}:held",
                 format_func=lambda v: tr(texts.YES if v else texts.NO), disabled=disabled)
        st.text_area(tr(texts.FOLLOW_UP_COMMENT), value=record.comment if record else "",
                     key=f"{prefix}:comment", disabled=disabled)
        if st.form_submit_button(tr(texts.SAVE_FOLLOW_UP), type="primary", disabled=disabled):
            _save(assessment, record, prefix)


def _save(assessment: Assessment, record: FollowUpRecord | None, prefix: str) -> None:
    state = st.session_state
    missing = [str(number) for number, action in enumerate(assessment.actions, start=1)
               if state.get(f"{prefix}:{action.id}:result") is None]
    if missing:
        st.error(tr(texts.FOLLOW_UP_MISSING, actions=", ".join(missing)))
        return
    try:
        new = FollowUpRecord(
            id=assessment.id, revision=record.revision if record else 0,
            assessment_revision=assessment.revision,
            history=record.history if record else [],
            results=[ActionFollowUp(action_id=action.id,
                                    result=state[f"{prefix}:{action.id}:result"],
                                    observed=state.get(f"{prefix}:{action.id}:observed") or "")
                     for action in assessment.actions],
            observed=state.get(f"{prefix}:observed") or "",
            outcome_held=state.get(f"{prefix}:held"),
            comment=state.get(f"{prefix}:comment") or "")
        service().record_follow_up(user(), new)
    except (EiaError, ValueError) as error:
        st.error(tr(texts.FOLLOW_UP_REFUSED, error=str(error)))
        return
    flash.later("success", tr(texts.FOLLOW_UP_SAVED), "follow-up")
    reload_doc()
    st.rerun()
