"""Editors for the assessment's lists: evidence sources and gaps, alternatives, the earlier
assessment's actions, and the consultation log.

Each list is edited the same way: a small form adds an item with the one text it cannot be
without, and each item's fields save the whole list as they change. A list lives at a path in
the assessment (`alternatives`, `evidence.sources`), and is saved as its top-level part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
from pydantic import BaseModel

from eia.i18n import Text
from eia.model import (
    ActionResult,
    Alternative,
    Assessment,
    Consultation,
    DataGap,
    Ground,
    PreviousAction,
    PreviousAssessment,
    Source,
)
from eia.ui import texts
from eia.ui.fields import choice, day, doc, seeded, text
from eia.ui.session import lang, save, tr


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    """text, long, bool, date, grounds or result (an earlier action's result)."""
    label: Text


@dataclass(frozen=True)
class ListSpec:
    path: tuple[str, ...]
    """Where the list is: ("alternatives",) or ("evidence", "sources")."""
    model: type[BaseModel]
    first: Field
    """The text an item cannot be without; asked for when it is added."""
    fields: tuple[Field, ...]
    heading: Text
    item: Text
    add: Text

    @property
    def key(self) -> str:
        return ".".join(self.path)


def _items(assessment: Assessment, path: tuple[str, ...]) -> list[Any]:
    value: Any = assessment
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return []
    return list(value)


def _save(spec: ListSpec, items: list[Any], typed: Any = None) -> None:
    """Save the list as its top-level part; the earlier assessment is made when first needed."""
    assessment = doc().assessment
    plain = [item.model_dump(mode="json") for item in items]
    if len(spec.path) == 1:
        save(spec.path[0], plain, typed=typed)
        return
    part, name = spec.path
    current = getattr(assessment, part) or PreviousAssessment()
    save(part, {**current.model_dump(mode="json"), name: plain}, typed=typed)


def edit_list(spec: ListSpec, disabled: bool) -> None:
    st.markdown(f"#### {tr(spec.heading)}")
    items = _items(doc().assessment, spec.path)

    def change(index: int, name: str, value: Any) -> None:
        current = _items(doc().assessment, spec.path)
        if index < len(current):
            current[index] = current[index].model_copy(update={name: value})
            _save(spec, current, typed=value)

    def remove(index: int) -> None:
        current = _items(doc().assessment, spec.path)
        _save(spec, current[:index] + current[index + 1:])

    for index, item in enumerate(items):
        with st.container(border=True):
            st.markdown(f"**{tr(spec.item, n=index + 1)}**")
            for field in (spec.first, *spec.fields):
                _field(spec, index, field, getattr(item, field.name),
                       lambda v, i=index, n=field.name: change(i, n, v), disabled)
            st.button(tr(texts.REMOVE), key=f"remove:{spec.key}:{index}", disabled=disabled,
                      on_click=remove, args=(index,))

    with st.form(f"add:{spec.key}", clear_on_submit=True):
        first = st.text_area(tr(spec.first.label), key=f"add:{spec.key}:first")
        if st.form_submit_button(tr(spec.add), disabled=disabled) and first.strip():
            added = spec.model.model_validate({spec.first.name: first.strip()})
            _save(spec, [*_items(doc().assessment, spec.path), added], typed=first)
            st.rerun()


def _field(spec: ListSpec, index: int, field: Field, current: Any, on_change: Any,
           disabled: bool) -> None:
    name = f"{spec.key}:{index}:{field.name}"
    label = tr(field.label)
    if field.kind in ("text", "long"):
        text(name, label, current or "", on_change, long=field.kind == "long",
             disabled=disabled)
    elif field.kind == "bool":
        choice(name, label, [True, False], current, on_change,
               labels=lambda v: tr(texts.YES if v else texts.NO), disabled=disabled,
               horizontal=True)
    elif field.kind == "date":
        day(name, label, current if isinstance(current, date) else None, on_change,
            disabled=disabled)
    elif field.kind == "result":
        choice(name, label, list(ActionResult), current, on_change,
               labels=lambda v: v.label(lang()), disabled=disabled, horizontal=True)
    elif field.kind == "grounds":
        key = seeded(name, list(current or []))
        st.multiselect(label, list(Ground), format_func=lambda g: g.label(lang()), key=key,
                       disabled=disabled, placeholder=tr(texts.CHOOSE),
                       on_change=lambda: on_change(list(st.session_state[key])))


SOURCES = ListSpec(
    path=("evidence", "sources"), model=Source,
    first=Field("title", "text", texts.SOURCE_TITLE),
    fields=(Field("reference", "text", texts.SOURCE_REFERENCE),
            Field("summary", "long", texts.SOURCE_SUMMARY),
            Field("grounds", "grounds", texts.GROUNDS)),
    heading=texts.SOURCES, item=texts.SOURCE_N, add=texts.ADD_SOURCE)
GAPS = ListSpec(
    path=("evidence", "gaps"), model=DataGap,
    first=Field("description", "long", texts.GAP_DESCRIPTION),
    fields=(Field("plan", "long", texts.GAP_PLAN), Field("due", "date", texts.GAP_DUE),
            Field("grounds", "grounds", texts.GROUNDS)),
    heading=texts.GAPS, item=texts.GAP_N, add=texts.ADD_GAP)
ALTERNATIVES = ListSpec(
    path=("alternatives",), model=Alternative,
    first=Field("description", "long", texts.ALTERNATIVE_DESCRIPTION),
    fields=(Field("do_nothing", "bool", texts.DO_NOTHING),
            Field("assessment", "long", texts.ALTERNATIVE_ASSESSMENT),
            Field("chosen", "bool", texts.ALTERNATIVE_CHOSEN)),
    heading=texts.ALTERNATIVES, item=texts.ALTERNATIVE_N, add=texts.ADD_ALTERNATIVE)
PREVIOUS_ACTIONS = ListSpec(
    path=("previous", "actions"), model=PreviousAction,
    first=Field("description", "long", texts.PREVIOUS_ACTION),
    fields=(Field("result", "result", texts.PREVIOUS_RESULT),
            Field("comment", "long", texts.PREVIOUS_COMMENT)),
    heading=texts.PREVIOUS_ACTIONS, item=texts.PREVIOUS_ACTION_N,
    add=texts.ADD_PREVIOUS_ACTION)
CONSULTATIONS = ListSpec(
    path=("consultations",), model=Consultation,
    first=Field("who", "text", texts.CONSULTED_WHO),
    fields=(Field("held_on", "date", texts.CONSULTED_WHEN),
            Field("method", "text", texts.CONSULTED_HOW),
            Field("grounds", "grounds", texts.GROUNDS),
            Field("children", "bool", texts.CONSULTED_CHILDREN),
            Field("national_minorities", "bool", texts.CONSULTED_MINORITIES),
            Field("what_they_said", "long", texts.WHAT_THEY_SAID),
            Field("response", "long", texts.OUR_RESPONSE)),
    heading=texts.CONSULTATIONS, item=texts.CONSULTATION_N, add=texts.ADD_CONSULTATION)

LISTS_BY_STEP: dict[str, Sequence[ListSpec]] = {
    "evidence": (SOURCES, GAPS),
    "alternatives": (ALTERNATIVES,),
    "previous": (PREVIOUS_ACTIONS,),
    "consultation": (CONSULTATIONS,),
}
"""Which lists each step edits, by the step's key."""
