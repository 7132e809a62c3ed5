"""The review round in the app: a reviewer judges each step and approves; the officer answers
the comments on the result page and beside the step in the wizard.

Who may judge, reply or approve is asked of the service (`may`), never decided here; every
judgement, reply and approval goes through the service, which refuses what the rules forbid.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from eia.errors import EiaError, ForbiddenError
from eia.model import Judgement, Status, Step, Verdict
from eia.services.wizard import WizardStep
from eia.ui import flash, history, texts
from eia.ui.opened import when
from eia.ui.safe import md
from eia.ui.session import DOC_KEY, Doc, lang, reload_doc, service, tr, user
from eia.workflow import Act


def steps_judged(steps: Sequence[WizardStep]) -> list[Step]:
    """The steps a reviewer judges, in wizard order: a judgement is per step, so the impact
    steps of several grounds are judged as one."""
    return list(dict.fromkeys(step.step for step in steps))


def reviewer(doc: Doc, steps: Sequence[WizardStep]) -> None:
    """The reviewer's part of the result page, when the service says they may judge."""
    if not service().may(user(), Act.judge, doc.id):
        return
    st.header(tr(texts.REVIEW))
    flash.show("review")
    if doc.assessment.judgements:
        with st.expander(tr(texts.SINCE_JUDGEMENT)):
            found = service().since_judgement(user(), doc.id)
            if found is not None:
                history.show_diff(found, doc.assessment)
    _judge_form(doc, steps_judged(steps))
    if st.button(tr(texts.APPROVE), type="primary", key="approve"):
        _approve(doc)


def _judge_form(doc: Doc, steps: list[Step]) -> None:
    language = lang()
    latest = {judgement.step: judgement for judgement in doc.assessment.latest_judgements()}
    st.markdown(tr(texts.JUDGE_INTRO))
    with st.form("judge"):  # kept when refused, so no typed comment is lost
        for step in steps:
            label = step.label(language)
            st.subheader(label)
            if step in latest:
                earlier = latest[step]
                st.caption(tr(texts.EARLIER_JUDGEMENT, verdict=earlier.verdict.label(language),
                              who=md(earlier.by.name), when=when(earlier.at)))
            st.radio(tr(texts.VERDICT_FOR, step=label), list(Verdict), index=None,
                     format_func=lambda v: v.label(language), horizontal=True,
                     key=f"judge:{step.value}:verdict")
            st.text_area(tr(texts.COMMENT_FOR, step=label), key=f"judge:{step.value}:comment")
        if st.form_submit_button(tr(texts.SAVE_JUDGEMENT)):
            _save_judgements(doc, steps)


def _save_judgements(doc: Doc, steps: list[Step]) -> None:
    chosen = [(step, verdict, st.session_state.get(f"judge:{step.value}:comment") or "")
              for step in steps
              if (verdict := st.session_state.get(f"judge:{step.value}:verdict")) is not None]
    if not chosen:
        st.warning(tr(texts.JUDGE_NOTHING))
        return
    try:
        judged = service().judge_steps(user(), doc.id, chosen,
                                       expected_revision=doc.assessment.revision)
    except EiaError as error:
        st.error(tr(texts.JUDGE_REFUSED, error=str(error)))
        return
    must = [step.label(lang()) for step, verdict, _ in chosen if verdict is Verdict.must_correct]
    if must and judged.status is Status.returned:
        flash.later("success", tr(texts.RETURNED_TO_OFFICER, steps=", ".join(must)), "review-top")
    else:
        flash.later("success", tr(texts.JUDGED), "review")
    _forget([f"judge:{step.value}:{part}" for step in steps for part in ("verdict", "comment")])
    reload_doc()
    st.rerun()


def _forget(keys: list[str]) -> None:
    """Empty the saved form's fields for the next run."""
    for key in keys:
        st.session_state.pop(key, None)


def _approve(doc: Doc) -> None:
    try:
        service().approve(user(), doc.id, expected_revision=doc.assessment.revision)
    except ForbiddenError as error:
        st.error(tr(texts.APPROVE_REFUSED, rule=error.rule, reason=_reason(error, doc)))
    except EiaError as error:
        st.error(tr(texts.APPROVE_REFUSED, rule="–", reason=str(error)))
    else:
        flash.later("success", tr(texts.APPROVED_NOW), "review-top")
        reload_doc()
        st.rerun()


def _reason(error: ForbiddenError, doc: Doc) -> str:
    """The refusal in the page's language where the rule is the review's own."""
    if error.rule == "must-correct-stands":
        standing = service().get(user(), doc.id).assessment.standing_must_correct()
        return tr(texts.MUST_CORRECT_STANDS,
                  steps=", ".join(j.step.label(lang()) for j in standing))
    return str(error)


def judgements(doc: Doc) -> None:
    """Every step's latest judgement with the officer's reply, for whoever reads the page; the
    officer answers the open comments here."""
    assessment = doc.assessment
    if not assessment.judgements:
        return
    st.header(tr(texts.JUDGEMENTS))
    flash.show("reply")
    open_comments = assessment.comments_to_answer()
    may_reply = bool(open_comments) and service().may(user(), Act.reply, doc.id)
    if may_reply:
        st.warning(tr(texts.COMMENTS_TO_ANSWER, n=len(open_comments)))
    for judgement in assessment.latest_judgements():
        _comment(judgement, may_reply, "result")


def step_comments(step: Step) -> None:
    """Beside a wizard step: the reviewer's latest comment on it, and the reply field."""
    doc: Doc = st.session_state[DOC_KEY]
    found = [j for j in doc.assessment.latest_judgements()
             if j.step is step and (j.comment or j.verdict is not Verdict.acceptable)]
    if not found:
        return
    flash.show("reply")
    may_reply = found[0].asks_for_answer and service().may(user(), Act.reply, doc.id)
    with st.container(border=True):
        _comment(found[0], may_reply, "wizard")


def _comment(judgement: Judgement, may_reply: bool, place: str) -> None:
    language = lang()
    step = judgement.step.label(language)
    line = tr(texts.COMMENT_LINE, step=step, verdict=judgement.verdict.label(language),
              comment=md(judgement.comment) or "–", who=md(judgement.by.name),
              when=when(judgement.at))
    if judgement.verdict is Verdict.must_correct and judgement.asks_for_answer:
        st.error(line)
    elif judgement.asks_for_answer:
        st.warning(line)
    else:
        st.markdown(line)
    if judgement.answered and judgement.replied_by is not None:
        st.markdown(tr(texts.REPLY_LINE, reply=md(judgement.reply),
                       who=md(judgement.replied_by.name), when=when(judgement.replied_at)))
    if may_reply and judgement.asks_for_answer:
        _reply_form(judgement.step, place)


def _reply_form(step: Step, place: str) -> None:
    key = f"reply:{place}:{step.value}:text"
    with st.form(f"reply:{place}:{step.value}"):  # kept when refused
        text = st.text_area(tr(texts.REPLY_FOR, step=step.label(lang())), key=key)
        if st.form_submit_button(tr(texts.SEND_REPLY)):
            doc: Doc = st.session_state[DOC_KEY]
            try:
                service().reply(user(), doc.id, step, text,
                                expected_revision=doc.assessment.revision)
            except EiaError as error:
                st.error(tr(texts.REPLY_REFUSED, error=str(error)))
                return
            flash.later("success", tr(texts.REPLIED), "reply")
            _forget([key])
            reload_doc()
            st.rerun()
