"""The wizard's plan (`eia.services.wizard`), pure: which steps there are, which are needed, and
which required answers each still misses, named by the field that shows the note."""

from __future__ import annotations

from datetime import date

from eia.flags import FlagCode
from eia.model import (
    Action,
    Answer,
    Assessment,
    Direction,
    Ground,
    Impact,
    QuestionSetRef,
    Screening,
    ScreeningAnswer,
    Subject,
)
from eia.questions import get_question_set
from eia.services.completeness import open_questions
from eia.services.wizard import (
    StepState,
    WizardStep,
    missing_count,
    plan,
    step_by_key,
    step_for_flag,
)

REF = QuestionSetRef(id="helsingborg", version="1.1")
QS = get_question_set(REF.id, REF.version)


def blank() -> Assessment:
    return Assessment(id="plan-test", question_set=REF)


def by_key(assessment: Assessment) -> dict[str, WizardStep]:
    return {step.key: step for step in plan(assessment, QS)}


def test_the_steps_follow_the_set_with_one_per_ground() -> None:
    keys = [step.key for step in plan(blank(), QS)]
    assert keys[:3] == ["decision", "screening", "evidence"]
    assert keys[3:11] == [f"impact-{ground.value}" for ground in Ground]
    assert keys[-3:] == ["actions", "conclusion", "follow_up"]
    assert len(set(keys)) == len(keys)


def test_a_blank_assessment_misses_its_required_answers_by_field() -> None:
    steps = by_key(blank())
    decision = steps["decision"]
    assert decision.missing == ("q:decision.kind_of_decision", "q:decision.who_is_affected",
                                "decision:title", "decision:description")
    assert steps["screening"].missing == tuple(f"screening:{s.value}" for s in Subject)
    assert "impact:age:direction" in steps["impact-age"].missing
    assert all(step.state is StepState.incomplete for step in steps.values()
               if step.missing)


def test_a_ground_screened_out_with_a_reason_is_not_needed_and_misses_nothing() -> None:
    assessment = blank().model_copy(update={"screening": {
        Subject.sex: Screening(answer=ScreeningAnswer.no, reason="Intern redovisning."),
        Subject.age: Screening(answer=ScreeningAnswer.no)}})
    steps = by_key(assessment)
    assert steps["impact-sex"].state is StepState.not_needed
    assert steps["impact-sex"].missing == ()
    # a "no" without a reason keeps the ground relevant and names the reason as missing
    assert steps["impact-age"].needed
    assert "screening_reason:age" in steps["screening"].missing


def test_show_if_makes_a_follow_up_question_due_only_when_it_is_shown() -> None:
    def age_missing(value: str) -> tuple[str, ...]:
        answers = {"age.digital_exclusion": Answer(value=value)}
        return by_key(blank().model_copy(update={"answers": answers}))["impact-age"].missing

    assert "q:age.digital_help" not in age_missing("equal_alternatives")
    assert "q:age.digital_help" in age_missing("worse_alternatives")


def test_a_negative_impact_needs_severity_and_likelihood_and_an_action_its_owner() -> None:
    assessment = blank().model_copy(update={
        "impacts": {Ground.age: Impact(direction=Direction.negative)},
        "actions": [Action(id="a1", description="Hjälp i entrén", due=date(2027, 1, 1))]})
    steps = by_key(assessment)
    assert {"impact:age:severity", "impact:age:likelihood"} <= set(steps["impact-age"].missing)
    assert steps["actions"].missing == ("q:actions.every_negative_covered", "q:actions.funded",
                                        "action:a1:owner")
    positive = blank().model_copy(update={
        "impacts": {Ground.age: Impact(direction=Direction.positive)}})
    assert not [m for m in by_key(positive)["impact-age"].missing if m.startswith("impact:")]


def test_a_stale_step_key_opens_the_first_step() -> None:
    steps = plan(blank(), QS)
    assert step_by_key(steps, "no-such-step").key == "decision"
    assert step_by_key(steps, None).key == "decision"
    assert missing_count(steps) == sum(len(s.missing) for s in steps if s.needed)


def test_flags_and_questions_lead_to_the_step_that_resolves_them() -> None:
    assert step_for_flag(FlagCode.screening_incomplete, None) == "screening"
    assert step_for_flag(FlagCode.rating_missing, Subject.age) == "impact-age"
    assert step_for_flag(FlagCode.negative_without_action, Subject.age) == "actions"
    assert step_for_flag(FlagCode.required_unanswered, None) is None
    keys = {step.key for step in plan(blank(), QS)}
    assert all(step_for_flag(code, Subject.sex) in keys for code in FlagCode
               if step_for_flag(code, Subject.sex) is not None)
    screened = blank().model_copy(update={"screening": {
        Subject.age: Screening(answer=ScreeningAnswer.yes)}})
    steps = {step.key: [item.field for item in step.items]
             for step in open_questions(screened, QS)}
    assert "q:age.digital_exclusion" in steps["impact-age"]
