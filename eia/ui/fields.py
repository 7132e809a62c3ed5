"""Widgets that edit one field of the open assessment and save it as soon as it changes.

Each widget is seeded from the assessment before it is drawn (Streamlit ignores `value=` once a
key exists, and forgets keys of widgets it did not draw), and its callback builds the new part
from the assessment held in the session and saves it through the service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import streamlit as st

from eia.i18n import Text
from eia.model import Answer
from eia.questions.schema import Kind, Question
from eia.ui import texts
from eia.ui.session import DOC_KEY, Doc, lang, save, tr, widget_key


def doc() -> Doc:
    return st.session_state[DOC_KEY]


def seeded(name: str, value: Any) -> str:
    """The widget key for `name`, holding the assessment's value unless the widget has one."""
    key = widget_key(doc().id, name)
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def missing_note(name: str, missing: Sequence[str], label: str) -> None:
    """Name a missing required answer right beside its field (text, not colour alone).

    The note keeps its place, empty, once the answer is given: Streamlit shows the page's
    old elements until a run ends, and had everything below moved up, the step's buttons
    showed twice (old and new) on a busy server."""
    slot = st.empty()
    if name in missing:
        slot.markdown(f"⚠️ **{tr(texts.REQUIRED_MISSING, name=label)}**")


def _label(text: str, required: bool) -> str:
    return f"{text} *" if required else text


def choice(name: str, label: str, options: Sequence[Any], current: Any,
           on_change: Callable[[Any], None], *, labels: Callable[[Any], str] = str,
           help: str | None = None, disabled: bool = False, horizontal: bool = False,
           required: bool = False) -> None:
    """One of several options, none chosen until the officer chooses."""
    key = seeded(name, current if current in options else None)
    st.radio(_label(label, required), list(options), index=None, format_func=labels, key=key,
             help=help, disabled=disabled, horizontal=horizontal,
             on_change=lambda: on_change(st.session_state[key]))


def text(name: str, label: str, current: str, on_change: Callable[[str], None], *,
         long: bool = False, help: str | None = None, disabled: bool = False,
         required: bool = False) -> None:
    key = seeded(name, current)
    widget = st.text_area if long else st.text_input
    widget(_label(label, required), key=key, help=help, disabled=disabled,
           on_change=lambda: on_change(st.session_state[key] or ""))


def day(name: str, label: str, current: date | None, on_change: Callable[[date | None], None],
        *, disabled: bool = False, required: bool = False) -> None:
    key = seeded(name, current)
    st.date_input(_label(label, required), key=key, format="YYYY-MM-DD", disabled=disabled,
                  on_change=lambda: on_change(st.session_state[key]))


def number(name: str, label: str, current: float | None,
           on_change: Callable[[float | None], None], *, disabled: bool = False) -> None:
    key = seeded(name, current)
    st.number_input(label, key=key, min_value=0, step=1, disabled=disabled,
                    on_change=lambda: on_change(st.session_state[key]))


def yes_no(name: str, label: str, current: bool | None, on_change: Callable[[bool], None], *,
           disabled: bool = False) -> None:
    choice(name, label, [True, False], current, on_change,
           labels=lambda v: tr(texts.YES if v else texts.NO), disabled=disabled,
           horizontal=True)


# --- questions of the question set -----------------------------------------------------------


def question(q: Question, missing: Sequence[str], disabled: bool) -> None:
    """A question of the set, drawn by its kind, saved into `answers` as it changes."""
    language = lang()
    answer = doc().assessment.answer(q.id)
    current = answer.value if answer else None
    name = f"q:{q.id}"
    label = q.text(language)
    help_text = q.help(language) if q.help else None

    def on_change(value: Any) -> None:
        answers = dict(doc().assessment.answers)
        note = answers[q.id].note if q.id in answers else ""
        if value in (None, "", []) and not note:
            answers.pop(q.id, None)
        else:
            if isinstance(value, date):
                value = value.isoformat()
            answers[q.id] = Answer(value=value, note=note)
        save("answers", answers, typed=value)

    if q.kind in (Kind.choice, Kind.yes_no):
        labels = {option.value: option.label(language) for option in q.options}
        choice(name, label, list(labels), current, on_change, labels=labels.__getitem__,
               help=help_text, disabled=disabled, horizontal=q.kind is Kind.yes_no,
               required=q.required)
    elif q.kind is Kind.multi_choice:
        labels = {option.value: option.label(language) for option in q.options}
        key = seeded(name, [v for v in (current or []) if v in labels])
        st.multiselect(_label(label, q.required), list(labels), format_func=labels.__getitem__,
                       key=key, help=help_text, disabled=disabled,
                       placeholder=tr(texts.CHOOSE),
                       on_change=lambda: on_change(list(st.session_state[key])))
    elif q.kind is Kind.scale and q.scale is not None:
        scale = q.scale
        span = (f"{label} ({scale.min} = {scale.min_label(language)}, "
                f"{scale.max} = {scale.max_label(language)})")
        choice(name, span, list(range(scale.min, scale.max + 1)), current, on_change,
               help=help_text, disabled=disabled, horizontal=True, required=q.required)
    elif q.kind is Kind.number:
        number(name, _label(label, q.required), current if isinstance(current, int | float)
               else None, on_change, disabled=disabled)
    elif q.kind is Kind.date:
        seeded_day = date.fromisoformat(current) if isinstance(current, str) and current else None
        day(name, label, seeded_day, on_change, disabled=disabled, required=q.required)
    else:
        text(name, label, current if isinstance(current, str) else "", on_change, long=True,
             help=help_text, disabled=disabled, required=q.required)
    missing_note(name, missing, label)
    note(q.id, label, disabled)


def note(question_id: str, label: str, disabled: bool) -> None:
    """The officer's note on an answer (why "don't know", what was assumed), saved in
    `Answer.note` beside the value; offered once the question has an answer."""
    answer = doc().assessment.answer(question_id)
    if answer is None:
        return

    def on_change(value: str) -> None:
        answers = dict(doc().assessment.answers)
        old = answers.get(question_id)
        if old is None:
            return
        if not value.strip() and not old.is_answered:
            answers.pop(question_id)
        else:
            answers[question_id] = old.model_copy(update={"note": value})
        save("answers", answers, typed=value)

    with st.expander(tr(texts.NOTE_HAS if answer.note else texts.NOTE_ADD),
                     expanded=bool(answer.note)):
        text(f"note:{question_id}", tr(texts.NOTE_FOR, question=label), answer.note, on_change,
             long=True, disabled=disabled)


def heading(title: Text, help_text: Text | None) -> None:
    st.subheader(title(lang()))
    if help_text is not None:
        with st.expander(tr(texts.HELP)):
            st.markdown(help_text(lang()))
