"""The review page: the live score in words, the flags, the recommended outcome, the statement
to download, and submission for review, refused with the blockers named; in a review round the
reviewer's judgements and approval, and the officer's answers (`eia.ui.judging`)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from eia.errors import EiaError, ForbiddenError
from eia.flags import FlagSeverity
from eia.i18n import Lang
from eia.model import Assessment, Outcome, Step
from eia.plain_words import plain_words
from eia.questions import QuestionSet
from eia.rules import GroundResult, Screened
from eia.services.completeness import open_questions
from eia.services.statements import page_one
from eia.services.wizard import plan, step_for_flag
from eia.ui import attachments, flash, judging, nav, texts
from eia.ui.safe import md
from eia.ui.session import (
    DOC_KEY,
    editable,
    lang,
    open_from_url,
    reload_doc,
    service,
    tr,
    user,
)
from eia.ui.wizard import ASSESSMENT_PARAM
from eia.workflow import Act

MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "md": "text/markdown"}
"""The statement's formats; the renderers load only when a download is asked for."""


def page() -> None:
    doc = open_from_url(ASSESSMENT_PARAM)
    if doc is None:
        return
    assessment_id = doc.id
    try:
        scored = service().score(user(), assessment_id)
    except EiaError as error:
        st.error(str(error))
        return
    language = lang()
    result = scored.result
    st.title(f"{tr(texts.RESULT)}: {md(doc.assessment.decision.title or assessment_id)}")
    flash.show("review-top")
    _links(assessment_id)
    judging.judgements(doc)
    outcome = result.recommended_outcome
    st.header(f"{tr(texts.RECOMMENDED)}: {outcome.value.label(language)}")
    words = plain_words(doc.assessment, result, language)
    st.markdown(md(words.headline))
    blocking = [flag for flag in result.flags if flag.severity is FlagSeverity.blocker]
    if blocking:
        st.warning(tr(texts.BLOCKERS_STAND, n=len(blocking)))
    _chosen(doc.assessment, result.chosen_outcome, outcome.value, assessment_id)

    st.header(tr(texts.PER_GROUND))
    for ground in result.grounds:
        _ground(ground, words.grounds[ground.ground], language)

    steps = plan(doc.assessment, scored.question_set)
    titles = {step.key: step.title(language) for step in steps}
    st.header(tr(texts.FLAGS))
    if not result.flags:
        st.markdown(tr(texts.NO_FLAGS))
    for number, flag in enumerate(result.flags):
        line = (f"**{flag.severity.label(language)}** – {flag.code.label(language)}: "
                f"{md(flag.reason(language))}")
        if flag.severity is FlagSeverity.blocker:
            st.error(line)
        else:
            st.markdown(f"- {line}")
        target = step_for_flag(flag.code, flag.subject)
        if target in titles and st.button(tr(texts.GO_TO_STEP, step=titles[target]),
                                          key=f"flag:{number}", type="tertiary"):
            nav.switch("wizard", assessment=assessment_id, step=target)
    _open_questions(assessment_id, doc.assessment, scored.question_set)
    if scored.notices():
        st.caption(tr(texts.NOTICES) + ": " + "; ".join(scored.notices()))

    st.header(tr(texts.DOWNLOADS))
    with st.expander(tr(texts.PAGE_ONE_PREVIEW), expanded=False):
        st.markdown(page_one(scored, language))
    downloads(list(MIME), lambda f: _statement(assessment_id, f, language),
              f"{assessment_id}-{language.value}", "download")

    st.header(tr(texts.ATTACHMENTS))
    attachments.listing(doc.assessment.attachments, "result")

    judging.reviewer(doc, steps)
    if editable(doc.assessment, user()):
        _submit(assessment_id, [flag.reason(language) for flag in result.flags
                                if flag.severity is FlagSeverity.blocker])


def _links(assessment_id: str) -> None:
    """Back to the wizard, to the revisions and, once approved and due, to the follow-up."""
    back, revisions, follow = st.columns(3)
    with back:
        if st.button(tr(texts.BACK), key="review-back"):
            nav.switch("wizard", assessment=assessment_id, step="conclusion")
    with revisions:
        if st.button(tr(texts.TO_HISTORY), key="to-history"):
            nav.switch("history", assessment=assessment_id)
    with follow:
        if (service().may(user(), Act.follow_up, assessment_id)
                and st.button(tr(texts.TO_FOLLOW_UP), key="to-follow-up")):
            nav.switch("follow-up", assessment=assessment_id)


def downloads(formats: list[str], make: Callable[[str], bytes], stem: str, key: str) -> None:
    """A download per format, side by side; each file is made only when it is clicked."""
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        with column:
            st.download_button(tr(texts.DOWNLOAD, format=fmt.upper()),
                               data=lambda f=fmt: make(f), file_name=f"{stem}.{fmt}",
                               mime=MIME[fmt], key=f"{key}:{fmt}", on_click="ignore")


def _chosen(assessment: Assessment, chosen: Outcome | None, recommended: Outcome,
            assessment_id: str) -> None:
    """The officer's own outcome beside the rules' one; a difference needs its justification,
    and a missing one leads back to the field."""
    language = lang()
    st.markdown(f"**{tr(texts.CHOSEN)}:** "
                f"{chosen.label(language) if chosen else tr(texts.NOT_CHOSEN)}")
    justification = assessment.conclusion.justification.strip()
    if chosen is None or chosen is recommended:
        return
    if justification:
        st.markdown(f"**{tr(texts.JUSTIFICATION_GIVEN)}:** {md(justification)}")
        return
    st.warning(tr(texts.JUSTIFICATION_MISSING))
    if st.button(tr(texts.GO_TO_STEP, step=Step.conclusion.label(language)),
                 key="justify", type="tertiary"):
        nav.switch("wizard", assessment=assessment_id, step=Step.conclusion.value)


def _open_questions(assessment_id: str, assessment: Assessment,
                    question_set: QuestionSet) -> None:
    """Every question left unanswered or answered "don't know", per step, with its note and a
    link to its step: the same list as the statement's annex (`open_questions`)."""
    language = lang()
    found = open_questions(assessment, question_set)
    if not found:
        return
    st.header(tr(texts.OPEN_QUESTIONS))
    for step in found:
        for number, item in enumerate(step.items):
            why = texts.DONT_KNOW if item.dont_know else texts.UNANSWERED
            st.markdown(f"- **{tr(why)}:** {md(item.text(language))}")
            if item.note:
                st.markdown(f"  *{tr(texts.NOTE_HAS)}:* {md(item.note)}")
            if st.button(tr(texts.GO_TO_STEP, step=step.title(language)),
                         key=f"open-q:{step.key}:{number}", type="tertiary"):
                nav.switch("wizard", assessment=assessment_id, step=step.key)


def _statement(assessment_id: str, fmt: str, language: Lang) -> bytes:
    """The statement, made when its download is clicked (a PDF takes about a second)."""
    from eia.statement.make import Format

    return service().export(user(), assessment_id, Format(fmt), language).data


def _ground(ground: GroundResult, sentence: str, language: Lang) -> None:
    """Who is affected and how, in the officer's words; the arithmetic one click away."""
    st.markdown(f"**{ground.ground.label(language)}:** {md(sentence)}")
    if ground.screening.value is Screened.screened_out:
        return
    with st.expander(tr(texts.HOW_COUNTED)):  # the arithmetic, for whoever asks for it
        for trace in (ground.points.trace, ground.inherent.trace, ground.residual.trace):
            st.markdown(f"- {md(trace.reason(language))}")


def _submit(assessment_id: str, blockers: list[str]) -> None:
    doc = st.session_state[DOC_KEY]
    if st.button(tr(texts.SUBMIT), type="primary", key="submit"):
        try:
            service().submit(user(), assessment_id, expected_revision=doc.assessment.revision)
        except ForbiddenError as error:
            st.error(tr(texts.SUBMIT_REFUSED, error=str(error)))
            if error.rule == "blockers-stand" and blockers:
                st.markdown(tr(texts.BLOCKERS))
                for reason in blockers:
                    st.markdown(f"- {md(reason)}")
        except EiaError as error:
            st.error(tr(texts.SUBMIT_REFUSED, error=str(error)))
        else:
            reload_doc()
            st.success(tr(texts.SUBMITTED))
