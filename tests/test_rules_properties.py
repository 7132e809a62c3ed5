"""Properties the scoring rules keep for every possible assessment, checked by Hypothesis."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eia.model import Action, Assessment, Ground, Level, Screening, ScreeningAnswer, Subject
from eia.questions import get_question_set
from eia.questions.schema import Kind, QuestionSet
from eia.rules import Result, score
from tests.strategies import assessments, grounds

QUESTION_SET = get_question_set("helsingborg", "1.0")
SET_1_1 = get_question_set("helsingborg", "1.1")
BOTH = pytest.mark.parametrize("question_set", [QUESTION_SET, SET_1_1], ids=["1.0", "1.1"])
OUTCOME_ORDER = ["no_major_change", "continue_with_justification", "adjust_proposal",
                 "stop_and_rethink"]
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def levels(result: Result) -> dict[Ground, tuple[Level, Level]]:
    return {g.ground: (g.inherent.value, g.residual.value) for g in result.grounds}


def outcome_rank(result: Result) -> int:
    return OUTCOME_ORDER.index(result.recommended_outcome.value.value)


@BOTH
@SETTINGS
@given(data=st.data())
def test_same_input_gives_same_output(question_set: QuestionSet, data: st.DataObject) -> None:
    assessment = data.draw(assessments(question_set))
    reloaded = Assessment.from_json(assessment.to_json())
    first = score(assessment, question_set)
    assert score(reloaded, question_set) == first
    assert first.model_dump_json() == score(assessment, question_set).model_dump_json()


@SETTINGS
@given(assessments(QUESTION_SET), st.lists(grounds, min_size=1, max_size=3, unique=True))
def test_adding_a_mitigating_action_never_raises_a_level(
    assessment: Assessment, action_grounds: list[Ground]
) -> None:
    before = score(assessment, QUESTION_SET)
    action = Action(id="extra-mitigation", description="Offer assisted booking by phone",
                    owner="Customer service manager", due=date(2027, 3, 1), grounds=action_grounds)
    after = score(assessment.model_copy(update={"actions": [*assessment.actions, action]}),
                  QUESTION_SET)
    for ground, (inherent, residual) in levels(after).items():
        assert inherent == levels(before)[ground][0]
        assert residual <= levels(before)[ground][1]
    assert outcome_rank(after) <= outcome_rank(before)


@BOTH
@SETTINGS
@given(data=st.data(), subject=st.sampled_from(list(Subject)))
def test_dont_know_in_screening_never_scores_lower_than_no(
    question_set: QuestionSet, data: st.DataObject, subject: Subject
) -> None:
    assessment = data.draw(assessments(question_set))

    def screened(answer: ScreeningAnswer) -> Result:
        entry = Screening(answer=answer, reason="Not relevant to this service")
        return score(assessment.model_copy(
            update={"screening": {**assessment.screening, subject: entry}}), question_set)

    no, dont_know = screened(ScreeningAnswer.no), screened(ScreeningAnswer.dont_know)
    for ground, (inherent, residual) in levels(dont_know).items():
        assert inherent >= levels(no)[ground][0]
        assert residual >= levels(no)[ground][1]
    assert outcome_rank(dont_know) >= outcome_rank(no)


UNKNOWN_QUESTIONS = [q for q in QUESTION_SET.questions()
                     if q.ground and any(o.unknown for o in q.options)]


@SETTINGS
@given(assessments(QUESTION_SET), st.sampled_from(UNKNOWN_QUESTIONS))
def test_dont_know_answer_never_scores_lower_than_the_answer_of_least_concern(
    assessment: Assessment, question: object
) -> None:
    unknown = next(o.value for o in question.options if o.unknown)
    calmest = min((o for o in question.options if not o.unknown), key=lambda o: o.score).value

    def answered(value: str) -> Result:
        given = [value] if question.kind is Kind.multi_choice else value
        answers = {**assessment.answers, question.id: {"value": given}}
        return score(Assessment.model_validate({**assessment.model_dump(), "answers": answers}),
                     QUESTION_SET)

    calm, dont_know = answered(calmest), answered(unknown)
    ground = question.ground
    assert dont_know.ground(ground).points.value >= calm.ground(ground).points.value
    assert levels(dont_know)[ground][0] >= levels(calm)[ground][0]


@BOTH
@SETTINGS
@given(data=st.data())
def test_every_flag_and_figure_has_a_reason_in_both_languages(
        question_set: QuestionSet, data: st.DataObject) -> None:
    assessment = data.draw(assessments(question_set))
    result = score(assessment, question_set)
    traces = [flag.trace for flag in result.flags] + [result.recommended_outcome.trace]
    for ground in result.grounds:
        traces += [ground.screening.trace, ground.direction.trace, ground.points.trace,
                   ground.inherent.trace, ground.residual.trace]
    for trace in traces:
        assert trace.rule
        assert trace.reason.sv.strip() and trace.reason.en.strip()
    for flag in result.flags:
        assert flag.reason.sv != flag.reason.en, flag.code
        assert flag.code.label("sv") and flag.code.label("en")


def test_scoring_under_another_set_version_is_refused() -> None:
    assessment = Assessment(id="x-1", question_set={"id": "helsingborg", "version": "0.9"})
    with pytest.raises(ValueError, match=r"answered under helsingborg 0\.9"):
        score(assessment, QUESTION_SET)
