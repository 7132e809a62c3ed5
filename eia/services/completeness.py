"""What is still open in an assessment: every question left unanswered or answered "don't know",
per wizard step, each with the field key the app links to (`q:age.digital_exclusion`,
`screening:sex`). Pure, so the review page and the statement's annex list the same things.

Only what the officer is asked counts: questions hidden by their `show_if`, and the steps of a
ground validly screened out, are left out (the rules flag what a screening hides).
"""

from __future__ import annotations

from dataclasses import dataclass

from eia.i18n import Text
from eia.model import Assessment, ScreeningAnswer, Step, Subject
from eia.questions.conditions import is_visible
from eia.questions.schema import Kind, Question, QuestionSet
from eia.services.wizard import plan


@dataclass(frozen=True)
class OpenItem:
    field: str
    """The wizard's field key, for a link to the place that answers it."""
    text: Text
    dont_know: bool
    """Answered "don't know"; else left unanswered."""
    required: bool
    note: str = ""
    """The officer's note, e.g. why they do not know."""


@dataclass(frozen=True)
class OpenStep:
    key: str
    """The wizard step's key (`screening`, `impact-age`), the deep link's `step`."""
    step: Step
    title: Text
    items: tuple[OpenItem, ...]


def open_questions(assessment: Assessment, question_set: QuestionSet) -> list[OpenStep]:
    """Per wizard step in order, the questions unanswered or answered "don't know"; steps with
    nothing open are left out."""
    found = []
    for step in plan(assessment, question_set):
        if not step.needed:
            continue
        items = [item for question in step.questions()
                 if is_visible(question, assessment)
                 and (item := _open_item(assessment, question)) is not None]
        if step.step is Step.screening:
            items = [*_open_screening(assessment), *items]
        if items:
            found.append(OpenStep(key=step.key, step=step.step, title=step.title,
                                  items=tuple(items)))
    return found


def _open_item(assessment: Assessment, question: Question) -> OpenItem | None:
    answer = assessment.answer(question.id)
    field = f"q:{question.id}"
    if answer is None or not answer.is_answered:
        return OpenItem(field=field, text=question.text, dont_know=False,
                        required=question.required, note=answer.note if answer else "")
    if question.kind is not Kind.text and _is_dont_know(question, answer.value):
        return OpenItem(field=field, text=question.text, dont_know=True,
                        required=question.required, note=answer.note)
    return None


def _is_dont_know(question: Question, value: object) -> bool:
    values = value if isinstance(value, list) else [value]
    options = [question.option(item) for item in values if isinstance(item, str)]
    return any(option is not None and option.unknown for option in options)


def _open_screening(assessment: Assessment) -> list[OpenItem]:
    items = []
    for subject in Subject:
        entry = assessment.screening.get(subject)
        if entry is None or entry.answer is ScreeningAnswer.dont_know:
            items.append(OpenItem(field=f"screening:{subject.value}", text=subject.text,
                                  dont_know=entry is not None, required=True,
                                  note=entry.reason if entry else ""))
    return items
