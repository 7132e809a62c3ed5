"""What a statement is made from (`Source`), and the helpers every section uses to put it in
words: short forms, dates, the answers to a question set's sections as tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pydantic import JsonValue

from eia.flags import FlagSeverity
from eia.i18n import Lang, format_number
from eia.model import Assessment, LabelledEnum
from eia.questions.conditions import is_visible
from eia.questions.schema import Kind, Question, QuestionSet, Step
from eia.questions.schema import Section as QuestionSection
from eia.rules import GroundResult, Result, Screened
from eia.statement.model import Block, Table
from eia.statement.texts import tx

if TYPE_CHECKING:
    from eia.context.assessment import AssessmentContext


SEVERITY_ORDER = (FlagSeverity.blocker, FlagSeverity.warning, FlagSeverity.info)


@dataclass(frozen=True)
class Source:
    """What one statement is made from: the saved assessment, the question set version it was
    answered under, its score, the context figures for its areas (None: none), the language
    and the tool's version. Every section function takes it as its one argument, and only
    section functions read the assessment model, so a change of the model touches them alone."""

    assessment: Assessment
    question_set: QuestionSet
    result: Result
    context: AssessmentContext | None
    lang: Lang
    tool_version: str
    sha256: str | None = None
    """The SHA-256 of the revision's bytes as stored; None for an unsaved preview."""

    def tx(self, key: str, **values: object) -> str:
        return tx(key, self.lang, **values)

    def label(self, member: LabelledEnum | None) -> str:
        return self.tx("dash") if member is None else member.label(self.lang)

    def names(self, members: Iterable[LabelledEnum]) -> str:
        return ", ".join(member.label(self.lang) for member in members) or self.tx("dash")

    def areas(self) -> str:
        """The affected areas by name where the context data knows them, else by id."""
        ids = self.assessment.decision.affected_areas
        named = [self.context.area_name(a) if self.context else a for a in ids]
        return ", ".join(named)

    def relevant(self) -> list[GroundResult]:
        """Grounds not validly screened out, in the Act's order (as the rules count them)."""
        return [g for g in self.result.grounds if g.screening.value is not Screened.screened_out]


# --- small helpers ----------------------------------------------------------------------------


def or_dash(text: str, src: Source) -> str:
    return text if text.strip() else src.tx("dash")


def date_text(value: date | None, src: Source) -> str:
    return value.isoformat() if value else src.tx("dash")


def json_text(value: JsonValue) -> str:
    """A value the rules read, as a reader writes it: 9, not 9.0; a mapping as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- answers ------------------------------------------------------------------------------


def _answer_text(src: Source, question: Question) -> str:
    """The answer in words: option labels, 'n of max' for a scale, typed text as typed."""
    answer = src.assessment.answer(question.id)
    if answer is None or not answer.is_answered:
        unanswered = question.id in src.result.unanswered
        return src.tx("unanswered_required" if unanswered else "dash")
    value = answer.value
    if question.kind in (Kind.choice, Kind.yes_no, Kind.multi_choice):
        values = value if isinstance(value, list) else [value]
        words = []
        for item in values:
            option = question.option(item) if isinstance(item, str) else None
            words.append(option.label(src.lang) if option else src.tx("invalid_value",
                                                                  value=json_text(item)))
        return "; ".join(words)
    if question.kind is Kind.scale and question.scale and isinstance(value, int) \
            and not isinstance(value, bool):
        return src.tx("scale_value", value=value, max=question.scale.max)
    if isinstance(value, bool):
        return src.tx("yes" if value else "no")
    if isinstance(value, int | float):
        return format_number(value, src.lang)
    return value if isinstance(value, str) else json_text(value)


def answers_table(src: Source, sections: Sequence[QuestionSection]) -> list[Block]:
    """One table per section of the set: question text, answer, note; hidden questions left out."""
    blocks: list[Block] = []
    for section in sections:
        rows = []
        for question in section.questions:
            if not is_visible(question, src.assessment):
                continue
            answer = src.assessment.answer(question.id)
            rows.append([question.text(src.lang), _answer_text(src, question),
                         answer.note if answer else ""])
        if rows:
            blocks.append(Table(
                columns=[src.tx("col_question"), src.tx("col_answer"), src.tx("col_note")],
                rows=rows, widths=[5, 3, 3],
                caption=src.tx("answers_caption", section=section.title(src.lang))))
    return blocks


def sections_of(src: Source, *steps: Step) -> list[QuestionSection]:
    return [section for step in steps for section in src.question_set.sections_for(step)]

