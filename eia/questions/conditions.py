"""Evaluating `show_if` conditions against an assessment: data, never `eval`."""

from __future__ import annotations

from eia.model import Assessment
from eia.questions.schema import (
    AllOf,
    Answered,
    AnswerIs,
    AnyOf,
    Condition,
    Not,
    Question,
    QuestionSet,
    ScreenedIn,
)


def holds(condition: Condition, assessment: Assessment) -> bool:
    match condition:
        case AnswerIs(answer=qid, in_=wanted):
            answer = assessment.answer(qid)
            if answer is None or not answer.is_answered:
                return False
            given = answer.value if isinstance(answer.value, list) else [answer.value]
            return any(value in wanted for value in given)
        case Answered(answered=qid):
            answer = assessment.answer(qid)
            return answer is not None and answer.is_answered
        case ScreenedIn(screened_in=subject):
            return assessment.is_relevant(subject)
        case AllOf(all=parts):
            return all(holds(part, assessment) for part in parts)
        case AnyOf(any=parts):
            return any(holds(part, assessment) for part in parts)
        case Not(not_=inner):
            return not holds(inner, assessment)
    raise TypeError(f"unknown condition {condition!r}")


def is_visible(question: Question, assessment: Assessment) -> bool:
    """A question is asked when its condition holds; a hidden question is neither scored nor due."""
    return question.show_if is None or holds(question.show_if, assessment)


def visible_questions(question_set: QuestionSet, assessment: Assessment) -> list[Question]:
    return [q for q in question_set.questions() if is_visible(q, assessment)]
