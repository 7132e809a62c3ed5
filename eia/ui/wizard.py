"""The assessment wizard: the steps the question set defines, a progress view, and a deep link.

The URL holds `?assessment=ID&step=STEP`, so a reload, the back button or a link sent to a
colleague opens the same place. Every change is saved as it is made (see `eia.ui.fields`).
"""

from __future__ import annotations

import json

import streamlit as st

from eia.model import Step
from eia.questions import QuestionSet, get_question_set
from eia.questions.conditions import is_visible
from eia.services.wizard import StepState, WizardStep, missing_count, plan, step_by_key
from eia.ui import attachments, evidence, fields, judging, lists, nav, parts, texts
from eia.ui.safe import md
from eia.ui.session import Doc, clock, editable, lang, open_from_url, reload_doc, tr, user

STEP_PARAM = "step"
ASSESSMENT_PARAM = "assessment"


def page() -> None:
    doc = open_from_url(ASSESSMENT_PARAM)
    if doc is None:
        return
    assessment = doc.assessment
    question_set = get_question_set(assessment.question_set.id, assessment.question_set.version)
    steps = plan(assessment, question_set)
    current = step_by_key(steps, st.query_params.get(STEP_PARAM))
    disabled = not editable(assessment, user())

    st.title(md(assessment.decision.title or assessment.id))
    _status_line(doc, steps)
    _conflict(doc)
    if disabled:
        st.info(tr(texts.READ_ONLY, status=assessment.status.label(lang())))
    _progress(steps, current)
    step_fields(current, question_set, disabled)
    _back_and_next(steps, current)
    _open_at_top(f"{doc.id}/{current.key}", current.title(lang()))


def _status_line(doc: Doc, steps: list[WizardStep]) -> None:
    assessment = doc.assessment
    last = assessment.history[-1].at if assessment.history else None
    moment = doc.saved_at or last
    saved = tr(texts.SAVED_AT, time=clock(moment)) if moment else tr(texts.NOT_SAVED_YET)
    missing = missing_count(steps)
    st.markdown(f"`{assessment.id}` · {assessment.status.label(lang())} · "
                f"**{saved}** · {tr(texts.MISSING_TOTAL, n=missing)}")
    if doc.error:
        st.error(tr(texts.NOT_SAVED, error=doc.error))


def _conflict(doc: Doc) -> None:
    """Someone saved first: say who and when, keep the user's text, offer the newer version."""
    conflict = doc.conflict
    if not conflict:
        return
    st.warning(tr(texts.CONFLICT, who=conflict["who"], time=conflict["time"],
                  revision=conflict["revision"]))
    st.text_area(tr(texts.YOUR_UNSAVED), value=conflict["typed"], key="conflict-typed")
    st.button(tr(texts.LOAD_NEWER), on_click=reload_doc, type="primary")


def _state_text(step: WizardStep) -> str:
    if step.state is StepState.done:
        return "✓ " + tr(texts.STATE_DONE)
    if step.state is StepState.not_needed:
        return "– " + tr(texts.STATE_NOT_NEEDED)
    return "○ " + tr(texts.MISSING_N, n=len(step.missing))


def _go(key: str) -> None:
    st.query_params[STEP_PARAM] = key


def _progress(steps: list[WizardStep], current: WizardStep) -> None:
    """Every step with its state; any step opens directly, including those not needed."""
    with st.sidebar:
        st.markdown(f"### {tr(texts.PROGRESS)}")
        for number, step in enumerate(steps, start=1):
            title = step.ground.label(lang()) if step.ground else step.title(lang())
            st.button(f"{number}. {title} ({_state_text(step)})",
                      key=f"goto:{step.key}", on_click=_go, args=(step.key,),
                      type="primary" if step.key == current.key else "tertiary")


def step_fields(step: WizardStep, question_set: QuestionSet, disabled: bool) -> None:
    """One step's fields as the officer sees them (also the question set editor's preview)."""
    language = lang()
    st.header(step.title(language))
    st.markdown(_state_text(step))
    judging.step_comments(step.step)
    if not step.needed and step.ground is not None:
        st.info(tr(texts.STEP_NOT_NEEDED))
    for section in step.sections:
        fields.heading(section.title, section.help)
        for question in section.questions:
            if is_visible(question, fields.doc().assessment):
                fields.question(question, step.missing, disabled)
    for spec in lists.LISTS_BY_STEP.get(step.key, ()):
        lists.edit_list(spec, disabled)
    if step.step in attachments.STEPS:
        attachments.section(step.step, disabled)
    if step.step is Step.decision:
        parts.decision(step.missing, disabled)
    elif step.step is Step.screening:
        parts.screening(question_set, step.missing, disabled)
    elif step.step is Step.impact and step.ground is not None and step.needed:
        evidence.figures(step.ground, disabled)
        parts.impact(step.ground, step.missing, disabled)
    elif step.step is Step.cumulative:
        parts.cumulative(disabled)
    elif step.step is Step.perspectives:
        parts.perspectives(disabled)
    elif step.step is Step.actions:
        parts.actions(step.missing, disabled)
    elif step.step is Step.conclusion:
        parts.conclusion(step.missing, disabled)
    elif step.step is Step.follow_up:
        parts.follow_up(step.missing, disabled)


def _back_and_next(steps: list[WizardStep], current: WizardStep) -> None:
    index = steps.index(current)
    back, forward = st.columns(2)
    with back:
        if index > 0:
            st.button(tr(texts.BACK), key="back", on_click=_go, args=(steps[index - 1].key,))
    with forward:
        if index + 1 < len(steps):
            st.button(tr(texts.NEXT), key="next", on_click=_go, args=(steps[index + 1].key,),
                      type="primary")
        elif st.button(tr(texts.TO_REVIEW), key="to-review", type="primary"):
            nav.switch("review", assessment=current_id())


TO_TOP = """<script>
(() => {
  const [place, title] = PLACE_AND_TITLE;
  if (window.eiaOpenedStep === place) return;
  window.eiaOpenedStep = place;
  const moved = () => {
    const active = document.activeElement;
    return !active || active === document.body || active.closest(
      '.st-key-next, .st-key-back, [class*="st-key-goto-"]') !== null;
  };
  const open = (tries) => {
    const heading = [...document.querySelectorAll('h2')]
      .find(h => h.textContent.trim() === title);
    if (!heading) {
      if (tries > 0) requestAnimationFrame(() => open(tries - 1));
      return;
    }
    if (!moved()) return;
    for (let box = heading.parentElement; box; box = box.parentElement) {
      if (box.scrollTop > 0) box.scrollTo({top: 0});
    }
    window.scrollTo({top: 0});
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: true});
  };
  open(120);
})();
</script>"""
"""A step opens at its top with the keyboard's focus on its heading, not scrolled to where the
Next button of the step before was. Run once per step opened (the page remembers which), and
only while the focus is still on the button that opened it: never away from a field that is
being filled in."""


def _open_at_top(place: str, title: str) -> None:
    """Drawn on every run after the step, so its heading is on the page when it runs."""
    values = json.dumps([place, title]).replace("</", "<\\/")
    st.html(TO_TOP.replace("PLACE_AND_TITLE", values), unsafe_allow_javascript=True)


def current_id() -> str:
    return st.query_params.get(ASSESSMENT_PARAM, "")
