"""Annex section 7: who was consulted, when, about what, what they said and the response."""

from __future__ import annotations

from collections.abc import Sequence

from eia.model import Ground, LabelledEnum, Perspective
from eia.questions.schema import Step
from eia.statement.content.source import Source, answers_table, date_text, sections_of
from eia.statement.model import (
    Block,
    Paragraph,
    Section,
    Table,
)

# --- annex 7: consultation ------------------------------------------------------------------


def _consulted_about(src: Source, grounds: Sequence[Ground], children: bool,
                     minorities: bool) -> str:
    names: list[LabelledEnum] = [*grounds]
    if children:
        names.append(Perspective.children)
    if minorities:
        names.append(Perspective.national_minorities)
    return src.names(names)


def consultation_section(src: Source) -> Section:
    consultations = src.assessment.consultations
    blocks: list[Block] = []
    if consultations:
        blocks.append(Table(
            columns=[src.tx("col_who"), src.tx("col_when"), src.tx("col_method"),
                     src.tx("col_grounds"), src.tx("col_said"), src.tx("col_response")],
            rows=[[c.who, date_text(c.held_on, src), c.method,
                   _consulted_about(src, c.grounds, c.children, c.national_minorities),
                   c.what_they_said, c.response] for c in consultations],
            widths=[2, 1.3, 1.3, 2, 3, 3]))
    else:
        blocks.append(Paragraph(text=src.tx("no_consultations"), style="note"))
    blocks += answers_table(src, sections_of(src, Step.consultation))
    return Section(id="consultation", title=src.tx("s_consultation"), blocks=blocks)

