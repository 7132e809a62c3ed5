"""Hypothesis strategies that answer a question set the way an officer might, at random."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from eia.model import (
    Action,
    ActionEffect,
    Answer,
    Assessment,
    BenefitSize,
    Consultation,
    Direction,
    Ground,
    Impact,
    Level,
    Likelihood,
    Outcome,
    Screening,
    ScreeningAnswer,
    Severity,
    Source,
    Subject,
)
from eia.questions.schema import Kind, Question, QuestionSet

grounds = st.sampled_from(list(Ground))


def answer_values(question: Question) -> st.SearchStrategy[object]:
    values = [option.value for option in question.options]
    match question.kind:
        case Kind.choice | Kind.yes_no:
            return st.sampled_from(values)
        case Kind.multi_choice:
            return st.lists(st.sampled_from(values), min_size=1, unique=True)
        case Kind.scale:
            assert question.scale is not None
            return st.integers(question.scale.min, question.scale.max)
        case Kind.number:
            return st.integers(0, 100_000)
        case Kind.date:
            return st.dates(date(2020, 1, 1), date(2035, 12, 31)).map(date.isoformat)
    return st.text(max_size=40)


screenings = st.builds(
    Screening,
    answer=st.sampled_from(list(ScreeningAnswer)),
    reason=st.sampled_from(["", "The service is used by adults only, by law."]),
)

impacts = st.builds(
    Impact,
    direction=st.none() | st.sampled_from(list(Direction)),
    severity=st.none() | st.sampled_from(list(Severity)),
    likelihood=st.none() | st.sampled_from(list(Likelihood)),
    people_affected=st.none() | st.sampled_from([12, 499, 500, 40_000]),
    has_alternative=st.none() | st.booleans(),
    benefit=st.none() | st.sampled_from(list(BenefitSize)),
    residual_judgement=st.none() | st.sampled_from(list(Level)),
    residual_justification=st.sampled_from(["", "The new route is shorter for most."]),
)


def actions(index: int) -> st.SearchStrategy[Action]:
    return st.builds(
        Action,
        id=st.just(f"action-{index}"),
        description=st.just("Keep a staffed desk two days a week"),
        owner=st.sampled_from(["", "Head of customer service"]),
        due=st.none() | st.just(date(2027, 6, 30)),
        grounds=st.lists(grounds, max_size=3, unique=True),
        effects=st.dictionaries(grounds, st.sampled_from(list(ActionEffect)), max_size=3),
        decided=st.none() | st.booleans(),
        funded=st.none() | st.booleans(),
    )


@st.composite
def assessments(draw: st.DrawFn, question_set: QuestionSet) -> Assessment:
    questions = draw(st.lists(st.sampled_from(question_set.questions()), unique_by=lambda q: q.id))
    action_count = draw(st.integers(0, 3))
    return Assessment(
        id="generated",
        question_set={"id": question_set.id, "version": question_set.version},
        screening=draw(st.dictionaries(st.sampled_from(list(Subject)), screenings)),
        impacts=draw(st.dictionaries(grounds, impacts)),
        answers={q.id: Answer(value=draw(answer_values(q))) for q in questions},
        actions=[draw(actions(index)) for index in range(action_count)],
        consultations=draw(st.lists(st.builds(
            Consultation, who=st.just("Pensioners' council"),
            grounds=st.lists(grounds, max_size=3, unique=True),
            children=st.booleans(), national_minorities=st.booleans()), max_size=2)),
        evidence={"sources": draw(st.lists(st.builds(
            Source, title=st.just("User survey 2025"),
            grounds=st.lists(grounds, max_size=3, unique=True)), max_size=2))},
        conclusion={"chosen_outcome": draw(st.none() | st.sampled_from(list(Outcome))),
                    "justification": draw(st.sampled_from(["", "Proportionate to the aim."]))},
    )
