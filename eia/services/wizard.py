"""The wizard's plan of an assessment: its steps, and per step what is still missing.

Pure and without Streamlit, so the app's progress view, its "missing" notes beside fields and
any other face read the same plan, and it is tested without a browser. The steps follow the
question set: one step per section step in the set's order, and for the impact step one step per
ground, so a ground that screening brought in gets its own page.

Every missing item is named by a field key (`q:age.digital_exclusion`, `screening:sex`,
`impact:age:direction`, `action:a1:owner`, ...), which the face shows beside that field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from eia.flags import FlagCode
from eia.i18n import Text, t
from eia.model import Assessment, Direction, Ground, Perspective, Step, Subject
from eia.questions.conditions import is_visible
from eia.questions.schema import Question, QuestionSet, Section


class StepState(StrEnum):
    done = "done"
    incomplete = "incomplete"
    not_needed = "not_needed"


@dataclass(frozen=True)
class WizardStep:
    """One page of the wizard: its sections' questions and the structured parts it edits."""

    key: str
    """Stable and URL-safe (`decision`, `screening`, `impact-age`, `actions`): the deep link's
    `step`."""
    step: Step
    title: Text
    sections: tuple[Section, ...]
    ground: Ground | None = None
    needed: bool = True
    missing: tuple[str, ...] = field(default=())

    @property
    def state(self) -> StepState:
        if not self.needed:
            return StepState.not_needed
        return StepState.incomplete if self.missing else StepState.done

    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]


DIRECTION_NEEDS_RATING = (Direction.negative, Direction.mixed)
"""A harm is sized by severity and likelihood; a positive or neutral impact needs neither."""

_STEP_FIELDS: dict[Step, tuple[str, ...]] = {
    Step.decision: ("decision:title", "decision:description"),
    Step.conclusion: ("conclusion:chosen_outcome",),
    Step.follow_up: ("follow_up:due",),
}


def plan(assessment: Assessment, question_set: QuestionSet) -> list[WizardStep]:
    """The wizard's steps for this assessment as it stands, each with what is missing."""
    steps: list[WizardStep] = []
    for step in Step:
        sections = tuple(question_set.sections_for(step))
        if step is Step.impact:
            steps += [_ground_step(assessment, ground, sections) for ground in Ground]
            continue
        missing = [*_missing_answers(assessment, sections), *_missing_parts(assessment, step)]
        steps.append(WizardStep(key=step.value, step=step, title=step.text, sections=sections,
                                needed=_needed(assessment, step, sections),
                                missing=tuple(missing)))
    return steps


def step_by_key(steps: list[WizardStep], key: str | None) -> WizardStep:
    """The step the key names, else the first: a stale or hand-typed deep link still opens."""
    return next((step for step in steps if step.key == key), steps[0])


def missing_count(steps: list[WizardStep]) -> int:
    return sum(len(step.missing) for step in steps if step.needed)


def _ground_step(assessment: Assessment, ground: Ground,
                 sections: tuple[Section, ...]) -> WizardStep:
    mine = tuple(section for section in sections if section.ground is ground)
    needed = assessment.is_relevant(ground)
    missing: list[str] = []
    if needed:
        missing = [*_missing_answers(assessment, mine), *_missing_impact(assessment, ground)]
    return WizardStep(key=f"impact-{ground.value}", step=Step.impact,
                      title=t(f"Konsekvenser: {ground.label('sv').lower()}",
                              f"Impact: {ground.label('en').lower()}"),
                      sections=mine, ground=ground, needed=needed, missing=tuple(missing))


def _needed(assessment: Assessment, step: Step, sections: tuple[Section, ...]) -> bool:
    """The perspectives step is not needed when every perspective it asks about is out."""
    if step is not Step.perspectives:
        return True
    return any(section.perspective is None
               or section.perspective is Perspective.intersectionality
               or assessment.is_relevant(Subject(section.perspective.value))
               for section in sections)


def _missing_answers(assessment: Assessment, sections: tuple[Section, ...]) -> list[str]:
    missing = []
    for section in sections:
        for question in section.questions:
            answer = assessment.answer(question.id)
            if (question.required and is_visible(question, assessment)
                    and (answer is None or not answer.is_answered)):
                missing.append(f"q:{question.id}")
    return missing


def _missing_parts(assessment: Assessment, step: Step) -> list[str]:
    if step is Step.screening:
        return _missing_screening(assessment)
    if step is Step.actions:
        return _missing_actions(assessment)
    values = {
        "decision:title": assessment.decision.title,
        "decision:description": assessment.decision.description,
        "conclusion:chosen_outcome": assessment.conclusion.chosen_outcome,
        "follow_up:due": assessment.follow_up.due,
    }
    return [key for key in _STEP_FIELDS.get(step, ()) if not values[key]]


def _missing_screening(assessment: Assessment) -> list[str]:
    """Each subject needs an answer, and a "no" needs its written reason."""
    missing = []
    for subject in Subject:
        entry = assessment.screening.get(subject)
        if entry is None:
            missing.append(f"screening:{subject.value}")
        elif not entry.screened_in and not entry.reason.strip():
            missing.append(f"screening_reason:{subject.value}")
    return missing


def _missing_impact(assessment: Assessment, ground: Ground) -> list[str]:
    impact = assessment.impacts.get(ground)
    if impact is None or impact.direction is None:
        return [f"impact:{ground.value}:direction"]
    if impact.direction in DIRECTION_NEEDS_RATING:
        return [f"impact:{ground.value}:{name}" for name in ("severity", "likelihood")
                if getattr(impact, name) is None]
    return []


def _missing_actions(assessment: Assessment) -> list[str]:
    """An action is complete with what, owner and due date: only then can it lower a level."""
    missing = []
    for action in assessment.actions:
        if not action.owner:
            missing.append(f"action:{action.id}:owner")
        if action.due is None:
            missing.append(f"action:{action.id}:due")
    return missing


_FLAG_STEPS: dict[FlagCode, str] = {
    FlagCode.screening_incomplete: "screening",
    FlagCode.screened_out_without_reason: "screening",
    FlagCode.screened_out_with_concerns: "screening",
    FlagCode.no_evidence: "evidence",
    FlagCode.no_fitting_figures: "evidence",
    FlagCode.no_consultation: "consultation",
    FlagCode.rarely_heard_not_reached: "consultation",
    FlagCode.children_affected: "perspectives",
    FlagCode.children_best_interests_missing: "perspectives",
    FlagCode.children_not_heard: "perspectives",
    FlagCode.minorities_not_consulted: "perspectives",
    FlagCode.intersectional: "perspectives",
    FlagCode.no_do_nothing_alternative: "alternatives",
    FlagCode.better_alternative_rejected: "alternatives",
    FlagCode.cumulative_impact: "cumulative",
    FlagCode.previous_actions_not_done: "previous",
    FlagCode.negative_without_action: "actions",
    FlagCode.action_incomplete: "actions",
    FlagCode.action_effect_unknown: "actions",
    FlagCode.outcome_differs_without_justification: "conclusion",
    FlagCode.follow_up_date_missing: "follow_up",
}
"""The step where the officer resolves a flag; other flags go to their ground's step."""


def step_for_flag(code: FlagCode, subject: Subject | None) -> str | None:
    """The step key that can resolve a flag, so the result page can link to it; None for flags
    about single questions (listed with their own links) or about nothing one step holds."""
    if code in _FLAG_STEPS:
        return _FLAG_STEPS[code]
    if subject is not None and subject.value in Ground.__members__:
        return f"impact-{subject.value}"
    if subject is not None:
        return "perspectives"
    return None

