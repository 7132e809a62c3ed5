"""The review page: the live score in words, the flags, the recommended outcome, the statement
to download, and submission for review, refused with the blockers named."""

from __future__ import annotations

import streamlit as st

from eia.errors import EiaError, ForbiddenError
from eia.flags import FlagSeverity
from eia.i18n import Lang
from eia.rules import GroundResult, Screened
from eia.ui import nav, texts
from eia.ui.session import DOC_KEY, editable, lang, open_doc, reload_doc, service, tr, user
from eia.ui.wizard import ASSESSMENT_PARAM

MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "md": "text/markdown"}
"""The statement's formats; the renderers load only when a download is asked for."""


def page() -> None:
    assessment_id = st.query_params.get(ASSESSMENT_PARAM)
    if not assessment_id:
        st.info(tr(texts.CHOOSE_ASSESSMENT))
        return
    try:
        doc = open_doc(assessment_id)
        scored = service().score(user(), assessment_id)
    except EiaError as error:
        st.error(str(error))
        return
    language = lang()
    result = scored.result
    st.title(f"{tr(texts.RESULT)}: {doc.assessment.decision.title or assessment_id}")
    if st.button(tr(texts.BACK), key="review-back"):
        nav.switch("wizard", assessment=assessment_id, step="conclusion")
    outcome = result.recommended_outcome
    st.subheader(f"{tr(texts.RECOMMENDED)}: {outcome.value.label(language)}")
    st.markdown(outcome.trace.reason(language))
    chosen = result.chosen_outcome
    st.markdown(f"**{tr(texts.CHOSEN)}:** "
                f"{chosen.label(language) if chosen else tr(texts.NOT_CHOSEN)}")

    st.subheader(tr(texts.PER_GROUND))
    for ground in result.grounds:
        _ground(ground, language)

    st.subheader(tr(texts.FLAGS))
    if not result.flags:
        st.markdown(tr(texts.NO_FLAGS))
    for flag in result.flags:
        line = (f"**{flag.severity.label(language)}** – {flag.code.label(language)}: "
                f"{flag.reason(language)}")
        if flag.severity is FlagSeverity.blocker:
            st.error(line)
        else:
            st.markdown(f"- {line}")
    if scored.notices():
        st.caption(tr(texts.NOTICES) + ": " + "; ".join(scored.notices()))

    st.subheader(tr(texts.DOWNLOADS))
    columns = st.columns(len(MIME))
    for column, (fmt, mime) in zip(columns, MIME.items(), strict=True):
        with column:
            st.download_button(
                tr(texts.DOWNLOAD, format=fmt.upper()),
                data=lambda f=fmt: _statement(assessment_id, f, language),
                file_name=f"{assessment_id}-{language.value}.{fmt}", mime=mime,
                key=f"download:{fmt}", on_click="ignore")

    if editable(doc.assessment, user()):
        _submit(assessment_id, [flag.reason(language) for flag in result.flags
                                if flag.severity is FlagSeverity.blocker])


def _statement(assessment_id: str, fmt: str, language: Lang) -> bytes:
    """The statement, made when its download is clicked (a PDF takes about a second)."""
    from eia.statement.make import Format

    return service().export(user(), assessment_id, Format(fmt), language).data


def _ground(ground: GroundResult, language: Lang) -> None:
    label = ground.ground.label(language)
    if ground.screening.value is Screened.screened_out:
        st.markdown(f"**{label}:** {ground.screening.trace.reason(language)}")
        return
    direction = ground.direction.value.label(language) if ground.direction.value else "–"
    st.markdown(f"**{label}:** " + tr(texts.GROUND_LINE, direction=direction,
                                       before=ground.inherent.value.label(language),
                                       after=ground.residual.value.label(language)))
    for trace in (ground.points.trace, ground.inherent.trace, ground.residual.trace):
        st.markdown(f"  - {trace.reason(language)}")


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
                    st.markdown(f"- {reason}")
        except EiaError as error:
            st.error(tr(texts.SUBMIT_REFUSED, error=str(error)))
        else:
            reload_doc()
            st.success(tr(texts.SUBMITTED))
