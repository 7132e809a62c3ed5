"""Moving a draft to a newer question set version: an explicit step that shows what changes.

The rules' behaviour belongs to the set's version, so a draft is never moved silently. Answers
are kept as they were (an answer the new version no longer asks, or no longer accepts, is
flagged by the rules rather than dropped); what the old version never asked, such as what each
action does to the risk, starts unanswered and counts as unknown, never as mitigating.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from eia.model import Assessment, Ground, Level, Outcome, QuestionSetRef
from eia.questions import QuestionSet, get_question_set
from eia.rules import score


class LevelChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    ground: Ground
    before: Level
    after: Level


class UpgradeReport(BaseModel):
    """What moving a draft from one set version to another changes."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: QuestionSetRef
    target: QuestionSetRef
    carried: list[str]
    """Answers whose question and value the new version has."""
    not_asked_any_more: list[str]
    no_longer_valid: list[str]
    """Answers whose question remains but whose value the new version does not offer."""
    new_questions: list[str]
    outcome_before: Outcome
    outcome_after: Outcome
    levels: list[LevelChange]
    """Grounds whose level after actions changes."""
    unknown_action_effects: list[str]
    """Actions that say nothing of their effect per ground: under the new rules they lower
    nothing until the officer says what they do."""


def _fits(question_set: QuestionSet, question_id: str, value: object) -> bool:
    question = question_set.question(question_id)
    if question is None:
        return False
    if not question.options:
        return True
    values = value if isinstance(value, list) else [value]
    return all(isinstance(v, str) and question.option(v) is not None for v in values)


def answer_fit(assessment: Assessment, new_set: QuestionSet) -> tuple[
        list[str], list[str], list[str]]:
    """The answered questions the new set takes as they are, no longer asks, and asks but no
    longer accepts the answer to, each sorted."""
    answered = {qid: answer.value for qid, answer in assessment.answers.items()
                if answer.is_answered}
    return (sorted(q for q, v in answered.items() if _fits(new_set, q, v)),
            sorted(q for q in answered if new_set.question(q) is None),
            sorted(q for q, v in answered.items()
                   if new_set.question(q) is not None and not _fits(new_set, q, v)))


def plan_upgrade(assessment: Assessment, target: QuestionSetRef) -> tuple[Assessment,
                                                                          UpgradeReport]:
    """The upgraded draft (unsaved) and the report of what changes, between installed sets."""
    return upgrade_between(
        assessment, get_question_set(assessment.question_set.id, assessment.question_set.version),
        get_question_set(target.id, target.version))


def upgrade_between(assessment: Assessment, old_set: QuestionSet,
                    new_set: QuestionSet) -> tuple[Assessment, UpgradeReport]:
    """The same for any two loaded sets (a draft not yet installed among them); pure."""
    target = QuestionSetRef(id=new_set.id, version=new_set.version)
    upgraded = assessment.model_copy(update={"question_set": target})
    before, after = score(assessment, old_set), score(upgraded, new_set)
    carried, not_asked, no_longer_valid = answer_fit(assessment, new_set)
    old_ids = {q.id for q in old_set.questions()}
    report = UpgradeReport(
        id=assessment.id, source=assessment.question_set, target=target,
        carried=carried, not_asked_any_more=not_asked, no_longer_valid=no_longer_valid,
        new_questions=[q.id for q in new_set.questions() if q.id not in old_ids],
        outcome_before=before.recommended_outcome.value,
        outcome_after=after.recommended_outcome.value,
        levels=[LevelChange(ground=old.ground, before=old.residual.value,
                            after=new.residual.value)
                for old, new in zip(before.grounds, after.grounds, strict=True)
                if old.residual.value != new.residual.value],
        unknown_action_effects=[action.id for action in assessment.actions
                                if action.grounds and not action.effects],
    )
    return upgraded, report
