"""The default question set (helsingborg 1.0), as case officers and reviewers rely on it.

These tests check the content, not the loader: that every ground and perspective has real,
bilingual questions; that "don't know" never pays; that a serious, certain exclusion forces a
high level; and that the scores put an all-clear, an all-unknown and an all-bad ground where a
reviewer would expect them.
"""

from __future__ import annotations

from typing import Any

import pytest

from eia.i18n import Text
from eia.model import Assessment, Ground, Level, Perspective, Subject
from eia.questions import Kind, Question, QuestionSet, Section, Step, get_question_set
from eia.questions.conditions import is_visible
from eia.questions.schema import SCORED_KINDS, AllOf, AnswerIs, Condition, ScreenedIn
from eia.rules import score

SET_ID, VERSION = "helsingborg", "1.0"

ALLOWED_INDICATORS = {
    "afraid_out_alone", "exposed_to_violence", "abusive_treatment", "employment_rate",
    "disposable_income", "low_economic_standard", "tertiary_education", "good_health",
    "mental_wellbeing", "social_participation", "culture_participation", "sport_participation",
    "public_transport_access", "digital_access", "library_visits", "emotional_support",
}

STEP_SECTION_IDS = {
    Step.decision: "decision", Step.screening: "screening", Step.evidence: "evidence",
    Step.alternatives: "alternatives", Step.cumulative: "cumulative", Step.previous: "previous",
    Step.consultation: "consultation", Step.actions: "actions", Step.conclusion: "conclusion",
    Step.follow_up: "follow_up",
}


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return get_question_set(SET_ID, VERSION)


def max_score(question: Question) -> float:
    if question.kind is Kind.scale:
        assert question.scale is not None
        return question.scale.score(question.scale.max if question.scale.higher_is_worse
                                    else question.scale.min)
    if question.kind is Kind.multi_choice:
        return sum(option.score for option in question.options if not option.unknown)
    return max((option.score for option in question.options), default=0)


def is_scored(question: Question) -> bool:
    return question.kind in SCORED_KINDS and max_score(question) > 0


def impact_section(qs: QuestionSet, ground: Ground) -> Section:
    sections = [s for s in qs.sections_for(Step.impact) if s.ground is ground]
    assert len(sections) == 1, f"{ground.value}: expected one impact section, got {len(sections)}"
    return sections[0]


def bilingual(text: Text | None, where: str) -> None:
    assert text is not None, f"{where}: missing"
    assert text.sv.strip() and text.en.strip(), f"{where}: empty in one language"
    assert text.sv.strip() != text.en.strip(), f"{where}: Swedish is a copy of English"


def requires_screened_in(condition: Condition | None, subject: Subject) -> bool:
    """True when the condition can only hold if `subject` is screened in."""
    match condition:
        case ScreenedIn(screened_in=screened):
            return screened is subject
        case AllOf(all=parts):
            return any(requires_screened_in(part, subject) for part in parts)
    return False


def reads_answers(condition: Condition | None) -> bool:
    match condition:
        case AnswerIs():
            return True
        case AllOf(all=parts):
            return any(reads_answers(part) for part in parts)
    return condition is not None and not isinstance(condition, ScreenedIn) and any(
        reads_answers(part) for part in getattr(condition, "any", []))


# --- Loading and structure -------------------------------------------------------------------


def test_the_default_set_loads_by_id_and_version(qs: QuestionSet) -> None:
    assert (qs.id, qs.version) == (SET_ID, VERSION)
    assert len(qs.questions()) >= 50


def test_every_subject_has_a_bilingual_screening_prompt_with_examples(qs: QuestionSet) -> None:
    assert set(qs.screening) == set(Subject)
    for subject, prompt in qs.screening.items():
        bilingual(prompt.text, f"screening.{subject.value}.text")
        bilingual(prompt.help, f"screening.{subject.value}.help")
        assert 2 <= len(prompt.examples) <= 3, f"screening.{subject.value}: 2-3 examples"
        for number, example in enumerate(prompt.examples):
            bilingual(example, f"screening.{subject.value}.examples[{number}]")


def test_screening_help_says_no_needs_a_reason_and_dont_know_counts_as_yes(
        qs: QuestionSet) -> None:
    for subject, prompt in qs.screening.items():
        assert "motivering" in prompt.help.sv and "räknas som ja" in prompt.help.sv, subject
        assert "reason" in prompt.help.en and "counts as yes" in prompt.help.en, subject


def test_every_step_has_a_section_and_sections_follow_the_wizard_order(qs: QuestionSet) -> None:
    order = list(Step)
    steps = [section.step for section in qs.sections]
    assert set(steps) == set(Step)
    assert steps == sorted(steps, key=order.index), "sections are not in wizard order"


def test_section_ids_name_their_step_ground_or_perspective(qs: QuestionSet) -> None:
    for step, section_id in STEP_SECTION_IDS.items():
        assert [s.id for s in qs.sections_for(step)] == [section_id]
    for ground in Ground:
        assert impact_section(qs, ground).id == ground.value
    perspectives = qs.sections_for(Step.perspectives)
    assert {(s.id, s.perspective) for s in perspectives} == {
        (p.value, p) for p in Perspective}


def test_question_ids_are_prefixed_with_their_section_id(qs: QuestionSet) -> None:
    for section in qs.sections:
        for question in section.questions:
            assert question.id.startswith(f"{section.id}."), question.id


def test_every_section_and_question_has_swedish_and_english_text_and_help(
        qs: QuestionSet) -> None:
    for section in qs.sections:
        bilingual(section.title, f"{section.id}.title")
        bilingual(section.help, f"{section.id}.help")
        for question in section.questions:
            bilingual(question.text, f"{question.id}.text")
            bilingual(question.help, f"{question.id}.help")
            for option in question.options:
                bilingual(option.label, f"{question.id}.{option.value}.label")
            if question.scale:
                bilingual(question.scale.min_label, f"{question.id}.scale.min_label")
                bilingual(question.scale.max_label, f"{question.id}.scale.max_label")


# --- Grounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ground", list(Ground), ids=lambda g: g.value)
def test_each_ground_has_at_least_four_scored_required_questions(
        qs: QuestionSet, ground: Ground) -> None:
    section = impact_section(qs, ground)
    scored = [q for q in section.questions if is_scored(q) and q.ground is ground]
    assert len(scored) >= 4, f"{ground.value}: only {len(scored)} scored questions"
    assert sum(q.required for q in scored) >= 4, f"{ground.value}: too few required questions"


@pytest.mark.parametrize("ground", list(Ground), ids=lambda g: g.value)
def test_ground_questions_are_asked_only_when_the_ground_is_screened_in(
        qs: QuestionSet, ground: Ground) -> None:
    for question in impact_section(qs, ground).questions:
        assert question.ground is ground, question.id
        assert requires_screened_in(question.show_if, Subject.of(ground)), question.id


def test_every_scored_choice_offers_dont_know_that_does_not_pay(qs: QuestionSet) -> None:
    for question in qs.questions():
        if question.ground is None or question.kind not in (Kind.choice, Kind.yes_no):
            continue
        if not is_scored(question):
            continue
        dont_know = question.option("dont_know")
        assert dont_know is not None and dont_know.unknown, f"{question.id}: no don't know"
        known = [o.score for o in question.options if not o.unknown]
        assert dont_know.score >= (min(known) + max(known)) / 2, question.id
        assert min(known) == 0, f"{question.id}: no answer that means no concern"


def test_scores_use_the_zero_to_four_scale(qs: QuestionSet) -> None:
    for question in qs.questions():
        for option in question.options:
            assert 0 <= option.score <= 4, f"{question.id}.{option.value}"
            if question.ground is None:
                assert option.score == 0, f"{question.id}: unscored question with a score"


def test_forced_levels_are_rare_high_and_only_on_the_most_serious_answer(qs: QuestionSet) -> None:
    for ground in Ground:
        forcing = [(q, o) for q in impact_section(qs, ground).questions for o in q.options
                   if o.forces_level is not None]
        assert len(forcing) <= 2, f"{ground.value}: {len(forcing)} forcing answers"
        for question, option in forcing:
            assert option.forces_level is Level.high, f"{question.id}.{option.value}"
            assert option.score == max_score(question) == 4, f"{question.id}.{option.value}"


def test_indicators_are_known_and_every_ground_question_has_one(qs: QuestionSet) -> None:
    for question in qs.questions():
        assert set(question.indicators) <= ALLOWED_INDICATORS, question.id
        if question.ground is not None:
            assert question.indicators, f"{question.id}: no context indicator"


def test_the_plans_minimum_topics_are_covered(qs: QuestionSet) -> None:
    ids = {q.id for q in qs.questions()}
    for qid in (
        "disability.premises", "disability.communication", "disability.digital_services",
        "disability.transport", "sex.safety_public_space", "sex.violence_close_relationships",
        "sex.unpaid_care", "sex.stereotypes", "gender_identity.changing_rooms_toilets",
        "gender_identity.two_genders_in_forms", "gender_identity.treatment",
        "age.digital_exclusion", "age.older_participation", "age.children_young_access",
        "age.ageism", "ethnic_origin.language_interpreting", "ethnic_origin.treatment_racism",
        "ethnic_origin.reach_born_abroad", "religion.places_of_worship",
        "religion.food_and_meals", "religion.dress_and_modesty", "religion.days_and_times",
        "religion.harassment", "sexual_orientation.safe_meeting_places",
        "sexual_orientation.heteronormative_assumptions", "sexual_orientation.harassment",
        "socioeconomic.fees_and_costs", "socioeconomic.neighbourhoods",
        "socioeconomic.digital_access_and_cost", "socioeconomic.travel",
        "socioeconomic.girls_participation",
    ):
        assert qid in ids, qid


# --- Perspectives and typed steps --------------------------------------------------------------


def test_perspective_sections_ask_real_questions(qs: QuestionSet) -> None:
    for perspective in Perspective:
        section = next(s for s in qs.sections_for(Step.perspectives)
                       if s.perspective is perspective)
        assert len(section.questions) >= 3, perspective.value
        assert all(q.perspective is perspective and q.ground is None
                   for q in section.questions), perspective.value
    grounds = qs.question("intersectionality.most_exposed_grounds")
    assert grounds is not None and grounds.kind is Kind.multi_choice
    assert {o.value for o in grounds.options} == {g.value for g in Ground}


def test_typed_steps_carry_guidance_and_a_few_questions(qs: QuestionSet) -> None:
    for step, section_id in STEP_SECTION_IDS.items():
        section = next(s for s in qs.sections if s.id == section_id)
        limit = 0 if step is Step.screening else 1
        assert limit <= len(section.questions) <= 3, section_id
    assert qs.question("evidence.data_by_sex") is not None
    assert qs.question("alternatives.do_nothing_considered") is not None
    assert qs.question("consultation.rarely_heard_reached") is not None
    assert qs.question("follow_up.how_will_you_know") is not None


def test_follow_up_questions_depend_on_earlier_answers(qs: QuestionSet) -> None:
    dependent = [q.id for q in qs.questions() if reads_answers(q.show_if)]
    assert len(dependent) >= 5, dependent


# --- Scoring with the set ---------------------------------------------------------------------


def assessment(answers: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({
        "id": "default-set-test",
        "question_set": {"id": SET_ID, "version": VERSION},
        "screening": {subject.value: {"answer": "yes"} for subject in Subject},
        "answers": {qid: {"value": value} for qid, value in answers.items()},
    })


def answer_ground(qs: QuestionSet, ground: Ground, pick: str) -> Assessment:
    """Answer every visible question of one ground, in order, with the best, worst or unknown."""
    answers: dict[str, Any] = {}
    for question in impact_section(qs, ground).questions:
        if not is_visible(question, assessment(answers)):
            continue
        known = [o for o in question.options if not o.unknown]
        if question.kind is Kind.scale:
            assert question.scale is not None
            if pick != "unknown":
                answers[question.id] = question.scale.min if pick == "best" else question.scale.max
        elif question.kind is Kind.multi_choice:
            if pick == "best":
                answers[question.id] = [min(known, key=lambda o: o.score).value]
            elif pick == "worst":
                answers[question.id] = [o.value for o in known if o.score > 0]
        elif pick == "unknown":
            answers[question.id] = "dont_know"
        else:
            chosen = (min if pick == "best" else max)(known, key=lambda o: o.score)
            answers[question.id] = chosen.value
    return assessment(answers)


@pytest.mark.parametrize("ground", list(Ground), ids=lambda g: g.value)
def test_all_clear_answers_give_no_concern(qs: QuestionSet, ground: Ground) -> None:
    result = score(answer_ground(qs, ground, "best"), qs).ground(ground)
    assert result.points.value == 0
    assert result.inherent.value is Level.none


@pytest.mark.parametrize("ground", list(Ground), ids=lambda g: g.value)
def test_dont_know_everywhere_gives_medium_so_not_finding_out_never_pays(
        qs: QuestionSet, ground: Ground) -> None:
    result = score(answer_ground(qs, ground, "unknown"), qs).ground(ground)
    assert result.inherent.value is Level.medium, result.points.trace.reason.en


@pytest.mark.parametrize("ground", list(Ground), ids=lambda g: g.value)
def test_the_worst_answers_give_high(qs: QuestionSet, ground: Ground) -> None:
    result = score(answer_ground(qs, ground, "worst"), qs).ground(ground)
    assert result.points.value >= qs.scoring.thresholds.high.value
    assert result.inherent.value is Level.high


def test_one_serious_certain_exclusion_alone_forces_high(qs: QuestionSet) -> None:
    forcing = [(q, o) for q in qs.questions() for o in q.options if o.forces_level]
    assert forcing
    for question, option in forcing:
        assert question.ground is not None
        result = score(assessment({question.id: option.value}), qs).ground(question.ground)
        assert result.inherent.value is Level.high, f"{question.id}.{option.value}"


def test_a_hidden_follow_up_is_neither_asked_nor_scored(qs: QuestionSet) -> None:
    follow_up = qs.question("socioeconomic.reduction_easy_to_get")
    assert follow_up is not None
    hidden = assessment({"socioeconomic.fees_and_costs": "no_change",
                         "socioeconomic.reduction_easy_to_get": "no"})
    shown = assessment({"socioeconomic.fees_and_costs": "higher_with_reduction",
                        "socioeconomic.reduction_easy_to_get": "no"})
    assert not is_visible(follow_up, hidden)
    assert is_visible(follow_up, shown)
    assert score(hidden, qs).ground(Ground.socioeconomic).points.value == 0
    assert score(shown, qs).ground(Ground.socioeconomic).points.value == 3
