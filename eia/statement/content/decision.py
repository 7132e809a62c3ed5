"""Annex sections 1 and 2: the decision and the screening of every ground and perspective."""

from __future__ import annotations

from eia.model import Ground, Subject
from eia.questions.schema import Step
from eia.rules import Screened
from eia.statement.content.source import Source, answers_table, or_dash, sections_of
from eia.statement.content.summary import decision_rows
from eia.statement.model import (
    Block,
    KeyValues,
    Paragraph,
    Section,
    Table,
)

# --- annex 1: the decision ----------------------------------------------------------------


def decision_section(src: Source) -> Section:
    d = src.assessment.decision
    rows = [*decision_rows(src).rows[:-1],
            (src.tx("affected_areas"), src.areas() or src.tx("dash")),
            (src.tx("affected_services"), ", ".join(d.affected_services) or src.tx("dash")),
            (src.tx("assessment_id"), src.assessment.id),
            (src.tx("revision"), str(src.assessment.revision))]
    blocks: list[Block] = [KeyValues(rows=rows)]
    if d.description.strip():
        blocks.append(Paragraph(text=d.description))
    blocks += answers_table(src, sections_of(src, Step.decision))
    return Section(id="decision", title=src.tx("s_decision"), blocks=blocks)


# --- annex 2: screening ---------------------------------------------------------------------


def screening_row(src: Source, subject: Subject) -> list[str]:
    entry = src.assessment.screening.get(subject)
    if subject.value in Ground.__members__:
        counts = src.label(src.result.ground(Ground(subject.value)).screening.value)
    else:
        counts = src.label(Screened.screened_in if src.assessment.is_relevant(subject)
                         else Screened.screened_out)
    if entry is None:
        return [src.label(subject), src.tx("not_screened"), src.tx("dash"), counts]
    return [src.label(subject), src.label(entry.answer), or_dash(entry.reason, src), counts]


def screening_section(src: Source) -> Section:
    table = Table(columns=[src.tx("col_subject"), src.tx("col_answer"), src.tx("col_reason"),
                           src.tx("col_counts_as")],
                  rows=[screening_row(src, subject) for subject in Subject],
                  widths=[2.5, 1.2, 5, 1.5])
    blocks: list[Block] = [table, *answers_table(src, sections_of(src, Step.screening))]
    return Section(id="screening", title=src.tx("s_screening"), blocks=blocks)

