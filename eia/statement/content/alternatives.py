"""Annex section 6: the alternatives considered, cumulative impact, and the earlier
assessment's actions."""

from __future__ import annotations

from eia.questions.schema import Step
from eia.statement.content.source import Source, answers_table, or_dash, sections_of
from eia.statement.model import (
    Block,
    Bullets,
    KeyValues,
    Paragraph,
    Section,
    Table,
)

# --- annex 6: alternatives, cumulative impact, earlier assessment -------------------------


def alternatives_section(src: Source) -> Section:
    alternatives = src.assessment.alternatives
    blocks: list[Block] = []
    if alternatives:
        blocks.append(Table(
            columns=[src.tx("col_alternative"), src.tx("col_do_nothing"), src.tx("col_chosen"),
                     src.tx("col_assessment")],
            rows=[[alt.description, src.tx("yes" if alt.do_nothing else "no"),
                   src.tx("yes" if alt.chosen else "no"), alt.assessment]
                  for alt in alternatives],
            widths=[4, 1.5, 1, 4]))
    else:
        blocks.append(Paragraph(text=src.tx("no_alternatives"), style="note"))
    if not any(alt.do_nothing for alt in alternatives):
        blocks.append(Paragraph(text=src.tx("no_do_nothing"), style="warning"))
    blocks += answers_table(src, sections_of(src, Step.alternatives))
    return Section(id="alternatives", title=src.tx("s_alternatives"), blocks=blocks)


def cumulative_section(src: Source) -> Section:
    c = src.assessment.cumulative
    blocks: list[Block] = [Paragraph(text=c.description) if c.description.strip()
                           else Paragraph(text=src.tx("no_cumulative"), style="note")]
    if c.related_decisions:
        blocks += [Paragraph(text=src.tx("related_decisions")),
                   Bullets(items=list(c.related_decisions))]
    blocks += answers_table(src, sections_of(src, Step.cumulative))
    return Section(id="cumulative", level=2, title=src.tx("s_cumulative"), blocks=blocks)


def previous_section(src: Source) -> Section:
    previous = src.assessment.previous
    blocks: list[Block] = []
    if previous is None:
        blocks.append(Paragraph(text=src.tx("no_previous"), style="note"))
    else:
        blocks.append(KeyValues(rows=[(src.tx("col_reference"), or_dash(previous.reference, src))]))
        if previous.actions:
            blocks.append(Table(
                columns=[src.tx("col_what"), src.tx("col_result"), src.tx("col_comment")],
                rows=[[p.description, src.label(p.result), p.comment] for p in previous.actions],
                widths=[4, 1.5, 4]))
    blocks += answers_table(src, sections_of(src, Step.previous))
    return Section(id="previous", level=2, title=src.tx("s_previous"), blocks=blocks)

