"""The structured parts of an assessment that are not questions of the set: the decision's
details, screening, the impact per ground, actions, the conclusion and the follow-up date.

Each widget edits one field and saves its whole part at once, so a refused value names its
field and nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from eia import settings
from eia.model import (
    Action,
    ActionEffect,
    AffectedGroup,
    BenefitSize,
    Direction,
    Ground,
    Impact,
    Likelihood,
    Outcome,
    Screening,
    ScreeningAnswer,
    Severity,
    Subject,
)
from eia.questions.schema import QuestionSet
from eia.services.areas import area_choices
from eia.services.groups import GroupChoice, group_choices
from eia.services.wizard import DIRECTION_NEEDS_RATING
from eia.ui import texts
from eia.ui.fields import choice, day, doc, missing_note, number, seeded, text, yes_no
from eia.ui.safe import md
from eia.ui.session import lang, save, tr


def _label(enum_value: Any) -> str:
    return enum_value.label(lang())


def decision(missing: Sequence[str], disabled: bool) -> None:
    def field(name: str, value: Any) -> None:
        part = doc().assessment.decision.model_copy(update={name: value})
        save("decision", part.model_dump(mode="json"), typed=value)

    current = doc().assessment.decision
    for name, label, required in (("title", texts.TITLE, True),
                                  ("diary_number", texts.DIARY_NUMBER, False),
                                  ("department", texts.DEPARTMENT, False),
                                  ("committee", texts.COMMITTEE, False)):
        text(f"decision:{name}", tr(label), getattr(current, name),
             lambda v, n=name: field(n, v), disabled=disabled, required=required)
        missing_note(f"decision:{name}", missing, tr(label))
    day("decision:meeting_date", tr(texts.MEETING_DATE), current.meeting_date,
        lambda v: field("meeting_date", v), disabled=disabled)
    _areas(current.affected_areas, disabled)
    text("decision:description", tr(texts.DESCRIPTION), current.description,
         lambda v: field("description", v), long=True, disabled=disabled, required=True)
    missing_note("decision:description", missing, tr(texts.DESCRIPTION))


@st.cache_data(show_spinner=False)
def _area_names(database: str, modified: float) -> dict[str, str]:
    """Area id → name, read once per build of the database (`modified` keys the cache)."""
    return {area.id: area.name for area in area_choices(Path(database))}


def _areas(current: list[str], disabled: bool) -> None:
    """Areas are picked from the context database's areas, never typed as free text."""
    database = settings.context_db()
    names = (_area_names(str(database), database.stat().st_mtime) if database.is_file()
             else {})
    if not names:
        st.markdown(tr(texts.NO_AREAS))
        return
    key = seeded("decision:affected_areas", [a for a in current if a in names])

    def on_change() -> None:
        part = doc().assessment.decision.model_copy(
            update={"affected_areas": list(st.session_state[key])})
        save("decision", part.model_dump(mode="json"))

    st.multiselect(tr(texts.AREAS), list(names), format_func=names.__getitem__, key=key,
                   disabled=disabled, placeholder=tr(texts.CHOOSE), on_change=on_change)


def screening(question_set: QuestionSet, missing: Sequence[str], disabled: bool) -> None:
    """Per ground and perspective: yes, no or don't know, and the reason (needed for a no)."""
    language = lang()
    for subject in Subject:
        prompt = question_set.screening[subject]
        entry = doc().assessment.screening.get(subject)
        st.markdown(f"#### {subject.label(language)}")
        st.markdown(prompt.text(language))

        def on_answer(value: ScreeningAnswer | None, s: Subject = subject) -> None:
            entries = dict(doc().assessment.screening)
            old = entries.get(s)
            if value is None:
                entries.pop(s, None)
            else:
                entries[s] = Screening(answer=value, reason=old.reason if old else "")
            save("screening", entries, typed=value)

        def on_reason(value: str, s: Subject = subject) -> None:
            entries = dict(doc().assessment.screening)
            old = entries.get(s)
            if old is not None:
                entries[s] = old.model_copy(update={"reason": value})
                save("screening", entries, typed=value)

        choice(f"screening:{subject.value}",
               f"{tr(texts.SCREENING_ANSWER)} ({subject.label(language)})",
               list(ScreeningAnswer), entry.answer if entry else None, on_answer,
               labels=_label, help=prompt.help(language), disabled=disabled, horizontal=True,
               required=True)
        missing_note(f"screening:{subject.value}", missing, subject.label(language))
        if entry is not None:
            text(f"screening_reason:{subject.value}",
                 tr(texts.SCREENING_REASON) + f" ({subject.label(language)})", entry.reason,
                 on_reason, long=True, disabled=disabled,
                 required=entry.answer is ScreeningAnswer.no)
            if f"screening_reason:{subject.value}" in missing:
                st.markdown(f"⚠️ **{tr(texts.SCREENING_REASON_NEEDED)}**")


def impact(ground: Ground, missing: Sequence[str], disabled: bool) -> None:
    """The officer's own judgement: direction, size of harm or benefit, people and alternatives."""
    st.markdown(f"#### {tr(texts.IMPACT)}")
    current = doc().assessment.impacts.get(ground) or Impact()

    def field(name: str, value: Any) -> None:
        impacts = dict(doc().assessment.impacts)
        old = impacts.get(ground) or Impact()
        impacts[ground] = old.model_copy(update={name: value})
        save("impacts", impacts, typed=value)

    prefix = f"impact:{ground.value}"
    choice(f"{prefix}:direction", tr(texts.DIRECTION), list(Direction), current.direction,
           lambda v: field("direction", v), labels=_label, disabled=disabled, horizontal=True,
           required=True)
    missing_note(f"{prefix}:direction", missing, tr(texts.DIRECTION))
    harm = current.direction in DIRECTION_NEEDS_RATING
    for name, label, options in (("severity", texts.SEVERITY, list(Severity)),
                                 ("likelihood", texts.LIKELIHOOD, list(Likelihood))):
        choice(f"{prefix}:{name}", tr(label), options, getattr(current, name),
               lambda v, n=name: field(n, v), labels=_label, disabled=disabled,
               horizontal=True, required=harm)
        missing_note(f"{prefix}:{name}", missing, tr(label))
    if current.direction in (Direction.positive, Direction.mixed):
        choice(f"{prefix}:benefit", tr(texts.BENEFIT), list(BenefitSize), current.benefit,
               lambda v: field("benefit", v), labels=_label, disabled=disabled,
               horizontal=True)
    _affected_groups(ground, current, disabled)
    if harm:
        others = ["", *(g for g in Ground if g is not ground)]
        choice(f"{prefix}:counted_under", tr(texts.COUNTED_UNDER), others,
               current.counted_under or "",
               lambda v: field("counted_under", v or None),
               labels=lambda g: Ground(g).label(lang()) if g else tr(texts.COUNTED_HERE),
               help=tr(texts.COUNTED_UNDER_HELP), disabled=disabled)
    number(f"{prefix}:people_affected", tr(texts.PEOPLE_AFFECTED), current.people_affected,
           lambda v: field("people_affected", None if v is None else int(v)), disabled=disabled)
    yes_no(f"{prefix}:has_alternative", tr(texts.HAS_ALTERNATIVE), current.has_alternative,
           lambda v: field("has_alternative", v), disabled=disabled)
    text(f"{prefix}:description", tr(texts.IMPACT_DESCRIPTION), current.description,
         lambda v: field("description", v), long=True, disabled=disabled)


def perspectives(disabled: bool) -> None:
    """Children's best interests and own views, national minorities' consultation, and the
    grounds that together affect the same people (intersectionality), in the officer's words."""
    assessment = doc().assessment

    def field(part: str, name: str, value: Any) -> None:
        current = doc().assessment.perspectives
        updated = getattr(current, part).model_copy(update={name: value})
        save("perspectives", current.model_copy(update={part: updated}).model_dump(mode="json"),
             typed=value)

    st.markdown(f"#### {tr(texts.IN_YOUR_WORDS)}")
    children = assessment.perspectives.children
    if assessment.is_relevant(Subject.children):
        text("children:best_interests", tr(texts.BEST_INTERESTS), children.best_interests,
             lambda v: field("children", "best_interests", v), long=True, disabled=disabled)
        text("children:childrens_views", tr(texts.CHILDRENS_VIEWS), children.childrens_views,
             lambda v: field("children", "childrens_views", v), long=True, disabled=disabled)
    minorities = assessment.perspectives.national_minorities
    if assessment.is_relevant(Subject.national_minorities):
        yes_no("minorities:consulted", tr(texts.MINORITIES_CONSULTED), minorities.consulted,
               lambda v: field("national_minorities", "consulted", v), disabled=disabled)
        text("minorities:description", tr(texts.MINORITIES_DESCRIPTION), minorities.description,
             lambda v: field("national_minorities", "description", v), long=True,
             disabled=disabled)
    together = assessment.perspectives.intersectionality
    key = seeded("intersectionality:grounds", list(together.grounds))
    st.multiselect(tr(texts.INTERSECTION_GROUNDS), list(Ground), format_func=_label, key=key,
                   disabled=disabled, placeholder=tr(texts.CHOOSE),
                   on_change=lambda: field("intersectionality", "grounds",
                                           list(st.session_state[key])))
    text("intersectionality:description", tr(texts.INTERSECTION_DESCRIPTION),
         together.description, lambda v: field("intersectionality", "description", v),
         long=True, disabled=disabled)


def cumulative(disabled: bool) -> None:
    """Other recent decisions that affect the same people, one per line, and how they add up."""
    current = doc().assessment.cumulative

    def field(name: str, value: Any) -> None:
        part = doc().assessment.cumulative.model_copy(update={name: value})
        save("cumulative", part.model_dump(mode="json"), typed=value)

    st.markdown(f"#### {tr(texts.IN_YOUR_WORDS)}")
    text("cumulative:related_decisions", tr(texts.RELATED_DECISIONS),
         "\n".join(current.related_decisions),
         lambda v: field("related_decisions",
                         [line.strip() for line in v.splitlines() if line.strip()]),
         long=True, disabled=disabled)
    text("cumulative:description", tr(texts.CUMULATIVE_DESCRIPTION), current.description,
         lambda v: field("description", v), long=True, disabled=disabled)


@st.cache_data(show_spinner=False)
def _groups(database: str, modified: float) -> list[GroupChoice]:
    """The breakdown categories, read once per build of the database (`modified` keys it)."""
    return group_choices(Path(database))


def _affected_groups(ground: Ground, current: Impact, disabled: bool) -> None:
    """The groups the impact falls on, named from the breakdown categories so that the figures
    and the "already worse off" flag are about them; the ground's own categories come first.
    Groups named elsewhere (crossed groups from a file) are kept as they are."""
    database = settings.context_db()
    choices = _groups(str(database), database.stat().st_mtime) if database.is_file() else []
    if not choices:
        return
    choices = sorted(choices, key=lambda c: c.ground is not ground)
    by_key = {choice.key: choice for choice in choices}
    chosen = [f"{dim}={code}" for group in current.affected_groups if len(group.codes) == 1
              for dim, code in group.codes.items() if f"{dim}={code}" in by_key]
    kept = [group for group in current.affected_groups
            if len(group.codes) != 1 or next(f"{d}={c}" for d, c in group.codes.items())
            not in by_key]
    key = seeded(f"impact:{ground.value}:affected_groups", chosen)

    def on_change() -> None:
        named = [AffectedGroup(codes={by_key[k].dimension: by_key[k].code},
                               label=by_key[k].label(lang())) for k in st.session_state[key]]
        impacts = dict(doc().assessment.impacts)
        old = impacts.get(ground) or Impact()
        impacts[ground] = old.model_copy(update={"affected_groups": [*kept, *named]})
        save("impacts", impacts)

    st.multiselect(tr(texts.AFFECTED_GROUPS), list(by_key),
                   format_func=lambda k: by_key[k].label(lang()), key=key, disabled=disabled,
                   placeholder=tr(texts.CHOOSE), on_change=on_change,
                   help=tr(texts.AFFECTED_GROUPS_HELP))
    for index, group in enumerate(kept):
        shown, remove = st.columns([4, 1], vertical_alignment="center")
        shown.markdown(tr(texts.CROSSED_GROUP, group=md(group.label)))
        remove.button(tr(texts.REMOVE), key=f"uncross:{ground.value}:{index}",
                      disabled=disabled, on_click=_drop_group, args=(ground, group))
    _crossed_group(ground, by_key, disabled)


def _named_groups(ground: Ground) -> list[AffectedGroup]:
    return (doc().assessment.impacts.get(ground) or Impact()).affected_groups


def _set_groups(ground: Ground, groups: list[AffectedGroup]) -> None:
    impacts = dict(doc().assessment.impacts)
    impacts[ground] = (impacts.get(ground) or Impact()).model_copy(
        update={"affected_groups": groups})
    save("impacts", impacts)


def _drop_group(ground: Ground, group: AffectedGroup) -> None:
    _set_groups(ground, [named for named in _named_groups(ground) if named != group])


def _crossed_group(ground: Ground, by_key: dict[str, GroupChoice], disabled: bool) -> None:
    """One group made of categories of different breakdowns (women aged 65–84), so that the
    figures crossed by both are chosen for it."""
    pick_key = f"cross:{ground.value}"
    refused = f"{pick_key}:refused"

    def add() -> None:
        picked = [by_key[k] for k in st.session_state[pick_key]]
        if len(picked) < 2 or len({choice.dimension for choice in picked}) < len(picked):
            st.session_state[refused] = True
            return
        st.session_state[refused] = False
        group = AffectedGroup(codes={choice.dimension: choice.code for choice in picked},
                              label=", ".join(choice.label(lang()) for choice in picked))
        groups = _named_groups(ground)
        if group.codes not in [g.codes for g in groups]:
            _set_groups(ground, [*groups, group])

    with st.form(f"form:{pick_key}", clear_on_submit=True):
        st.multiselect(tr(texts.CROSS_PICK), list(by_key), key=pick_key, disabled=disabled,
                       format_func=lambda k: by_key[k].label(lang()),
                       placeholder=tr(texts.CHOOSE), help=tr(texts.CROSS_HELP))
        st.form_submit_button(tr(texts.CROSS_ADD), disabled=disabled, on_click=add)
    if st.session_state.get(refused):
        st.error(tr(texts.CROSS_REFUSED))


def _next_action_id(actions: Sequence[Action]) -> str:
    numbers = [int(m.group(1)) for a in actions if (m := re.fullmatch(r"a(\d+)", a.id))]
    return f"a{max(numbers, default=0) + 1}"


def actions(missing: Sequence[str], disabled: bool) -> None:
    """Each action: what, owner, due date, decided, funded, and its effect per relevant ground."""
    assessment = doc().assessment
    relevant = [g for g in Ground if assessment.is_relevant(g)]

    def change(action_id: str, **update: Any) -> None:
        new = []
        for action in doc().assessment.actions:
            if action.id == action_id:
                action = action.model_copy(update=update)
                action = action.model_copy(update={"grounds": list(action.effects)})
            new.append(action)
        save("actions", new, typed=next(iter(update.values())))

    def effect(action_id: str, ground: Ground, value: ActionEffect | None) -> None:
        action = next(a for a in doc().assessment.actions if a.id == action_id)
        effects = dict(action.effects)
        if value is None:
            effects.pop(ground, None)
        else:
            effects[ground] = value
        change(action_id, effects=effects)

    def remove(action_id: str) -> None:
        save("actions", [a for a in doc().assessment.actions if a.id != action_id])

    for number_, action in enumerate(assessment.actions, start=1):
        with st.container(border=True):
            st.markdown(f"#### {tr(texts.ACTION, n=number_)}")
            aid = action.id
            text(f"action:{aid}:description", tr(texts.ACTION_DESCRIPTION), action.description,
                 lambda v, a=aid: change(a, description=v), long=True, disabled=disabled,
                 required=True)
            text(f"action:{aid}:owner", tr(texts.OWNER), action.owner,
                 lambda v, a=aid: change(a, owner=v), disabled=disabled, required=True)
            missing_note(f"action:{aid}:owner", missing, tr(texts.OWNER))
            day(f"action:{aid}:due", tr(texts.DUE), action.due,
                lambda v, a=aid: change(a, due=v), disabled=disabled, required=True)
            missing_note(f"action:{aid}:due", missing, tr(texts.DUE))
            yes_no(f"action:{aid}:decided", tr(texts.DECIDED), action.decided,
                   lambda v, a=aid: change(a, decided=v), disabled=disabled)
            yes_no(f"action:{aid}:funded", tr(texts.FUNDED), action.funded,
                   lambda v, a=aid: change(a, funded=v), disabled=disabled)
            if not relevant:
                st.markdown(tr(texts.NO_GROUNDS_IN))
            options: list[ActionEffect | None] = [None, *ActionEffect]
            for ground in relevant:
                choice(f"action:{aid}:effect:{ground.value}",
                       tr(texts.EFFECT_ON, ground=ground.label(lang()).lower()), options,
                       action.effects.get(ground),
                       lambda v, a=aid, g=ground: effect(a, g, v),
                       labels=lambda v: tr(texts.EFFECT_NONE) if v is None else _label(v),
                       disabled=disabled)
            st.button(tr(texts.REMOVE_ACTION), key=f"remove:{aid}", disabled=disabled,
                      on_click=remove, args=(aid,))

    with st.form("new-action", clear_on_submit=True, border=True):
        description = st.text_area(tr(texts.NEW_ACTION), key="new-action-description")
        if st.form_submit_button(tr(texts.ADD_ACTION), disabled=disabled) and description.strip():
            existing = doc().assessment.actions
            added = Action(id=_next_action_id(existing), description=description.strip())
            save("actions", [*existing, added], typed=description)
            st.rerun()


def conclusion(missing: Sequence[str], disabled: bool) -> None:
    current = doc().assessment.conclusion

    def field(name: str, value: Any) -> None:
        part = doc().assessment.conclusion.model_copy(update={name: value})
        save("conclusion", part.model_dump(mode="json"), typed=value)

    choice("conclusion:chosen_outcome", tr(texts.CHOSEN_OUTCOME), list(Outcome),
           current.chosen_outcome, lambda v: field("chosen_outcome", v), labels=_label,
           disabled=disabled, required=True)
    missing_note("conclusion:chosen_outcome", missing, tr(texts.CHOSEN_OUTCOME))
    text("conclusion:justification", tr(texts.JUSTIFICATION), current.justification,
         lambda v: field("justification", v), long=True, disabled=disabled)
    text("conclusion:summary", tr(texts.SUMMARY), current.summary,
         lambda v: field("summary", v), long=True, disabled=disabled)


def follow_up(missing: Sequence[str], disabled: bool) -> None:
    def on_due(value: date | None) -> None:
        save("follow_up", {"due": value.isoformat() if value else None}, typed=value)

    day("follow_up:due", tr(texts.FOLLOW_UP_DUE_DATE), doc().assessment.follow_up.due, on_due,
        disabled=disabled, required=True)
    missing_note("follow_up:due", missing, tr(texts.FOLLOW_UP_DUE_DATE))


