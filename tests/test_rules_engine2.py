"""Properties of set 1.1's rules (engine 2), for every possible assessment, checked by Hypothesis.

An honest answer must not flip a recommendation the wrong way: more concern never lowers
anything, a decided action that removes a risk never raises anything, a decision that is
positive on every ground is never told to change, and screening a ground out never hides an
answer that forces a level.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eia.flags import FlagCode
from eia.model import (
    Action,
    ActionEffect,
    Assessment,
    Direction,
    Ground,
    Impact,
    Level,
    Screening,
    ScreeningAnswer,
    Subject,
)
from eia.questions import get_question_set
from eia.questions.schema import Kind, Question
from eia.rules import Result, score
from tests.strategies import assessments, grounds

SET = get_question_set("helsingborg", "1.1")
OUTCOME_ORDER = ["no_major_change", "continue_with_justification", "adjust_proposal",
                 "stop_and_rethink"]
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
CHOICES = [q for q in SET.questions() if q.ground and q.kind in (Kind.choice, Kind.yes_no)]
FORCING = [(q, o.value) for q in SET.questions() if q.ground for o in q.options if o.forces_level]


def rank(result: Result) -> int:
    return OUTCOME_ORDER.index(result.recommended_outcome.value.value)


def with_answer(assessment: Assessment, question: Question, value: str) -> Assessment:
    answers = {**assessment.model_dump()["answers"], question.id: {"value": value}}
    return Assessment.model_validate({**assessment.model_dump(), "answers": answers})


@SETTINGS
@given(assessments(SET), st.sampled_from(CHOICES), st.data())
def test_more_concern_never_lowers_a_level_or_the_outcome(
        assessment: Assessment, question: Question, data: st.DataObject) -> None:
    ordered = sorted(question.options, key=lambda option: option.score)
    low = data.draw(st.sampled_from(ordered[:-1]))
    high = data.draw(st.sampled_from([o for o in ordered if o.score > low.score] or [low]))
    calm = score(with_answer(assessment, question, low.value), SET)
    worse = score(with_answer(assessment, question, high.value), SET)
    ground = question.ground
    assert ground is not None
    assert worse.ground(ground).inherent.value >= calm.ground(ground).inherent.value
    assert worse.ground(ground).residual.value >= calm.ground(ground).residual.value
    assert rank(worse) >= rank(calm)


@SETTINGS
@given(assessments(SET), grounds)
def test_a_decided_action_that_removes_a_risk_never_raises_anything(
        assessment: Assessment, ground: Ground) -> None:
    before = score(assessment, SET)
    action = Action(id="removes-it", description="Keep the counter open for booking",
                    owner="Head of customer service", due=date(2027, 3, 1),
                    effects={ground: ActionEffect.removes}, decided=True, funded=True)
    after = score(assessment.model_copy(update={"actions": [*assessment.actions, action]}), SET)
    for old, new in zip(before.grounds, after.grounds, strict=True):
        assert new.inherent.value == old.inherent.value
        assert new.residual.value <= old.residual.value
    assert rank(after) <= rank(before)


@SETTINGS
@given(assessments(SET))
def test_a_decision_positive_on_every_ground_is_never_told_to_change(
        assessment: Assessment) -> None:
    positive = {ground: Impact(direction=Direction.positive,
                               severity=assessment.impacts[ground].severity
                               if ground in assessment.impacts else None)
                for ground in Ground}
    calm = {qid: answer for qid, answer in assessment.answers.items()
            if (q := SET.question(qid)) is None or q.ground is None}
    result = score(assessment.model_copy(update={"impacts": positive, "answers": calm}), SET)
    assert all(g.direction.value in (Direction.positive, None) for g in result.grounds)
    assert result.recommended_outcome.value.value in ("no_major_change",
                                                       "continue_with_justification")


@SETTINGS
@given(assessments(SET), st.sampled_from(FORCING))
def test_screening_a_ground_out_never_hides_a_forcing_answer(
        assessment: Assessment, forcing: tuple[Question, str]) -> None:
    question, value = forcing
    assert question.ground is not None
    subject = Subject.of(question.ground)
    answered = with_answer(assessment, question, value if question.kind is not Kind.multi_choice
                           else [value])  # type: ignore[arg-type]
    out = answered.model_copy(update={"screening": {
        **answered.screening, subject: Screening(answer=ScreeningAnswer.no,
                                                 reason="Not relevant to this service")}})
    result = score(out, SET)
    hidden = result.ground(question.ground).inherent.value is Level.none
    flagged = any(flag.code is FlagCode.screened_out_with_concerns and flag.subject is subject
                  for flag in result.flags)
    assert not hidden or flagged
