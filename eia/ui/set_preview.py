"""A draft's steps exactly as a case officer sees them: the wizard's own field code, read-only,
over a throwaway assessment that is never saved.

The wizard's fields read the open assessment from the session (`DOC_KEY`). The preview puts a
blank in-memory assessment there while it draws one step, with every field disabled so no
callback can save, and puts back whatever was open before, so the wizard page is untouched. The
blank's id (`preview`) gives its widgets keys of their own.
"""

from __future__ import annotations

import streamlit as st

from eia.model import Assessment, QuestionSetRef
from eia.questions.versions import SetVersion, load_version
from eia.services.wizard import plan
from eia.ui import texts, wizard
from eia.ui.session import DOC_KEY, Doc, lang, tr

PREVIEW_ID = "preview"
PREVIEW_KEY = "qs-preview"
LEGIBLE = "<style>" + ", ".join(
    f".st-key-{PREVIEW_KEY} {inner}" for inner in (
        '[data-testid="stWidgetLabel"]', '[data-testid="stWidgetLabel"] *', "label", "label *")
) + " { color: inherit !important; opacity: 1 !important; }</style>"
"""Streamlit fades a disabled field's label below WCAG's contrast; in the preview every field is
disabled only so that nothing saves, and its text is there to be read, so it is drawn at full
strength."""


def preview(draft: SetVersion, *, broken: bool) -> None:
    """One step of the draft, picked, drawn by the wizard; nothing when the draft is broken."""
    st.caption(tr(texts.PREVIEW_HELP))
    if broken:
        st.info(tr(texts.PREVIEW_BROKEN))
        return
    question_set = load_version(draft.set_id, draft.version)
    blank = Assessment(id=PREVIEW_ID, question_set=QuestionSetRef(id=draft.set_id,
                                                                  version=draft.version))
    steps = {step.key: step for step in plan(blank, question_set)}
    titles = {key: step.title(lang()) for key, step in steps.items()}
    picked = st.selectbox(tr(texts.PREVIEW_STEP), list(steps), format_func=titles.__getitem__,
                          key=f"qs:preview:{draft.version}")
    if picked is None:
        return
    step = steps[picked]
    opened = st.session_state.get(DOC_KEY)
    st.session_state[DOC_KEY] = Doc(assessment=blank)
    try:
        st.html(LEGIBLE)
        with st.container(border=True, key=PREVIEW_KEY):
            wizard.step_fields(step, question_set, disabled=True)
    finally:
        if opened is None:
            del st.session_state[DOC_KEY]
        else:
            st.session_state[DOC_KEY] = opened
