"""Annex section 8: the actions (what, owner, due date, grounds) and the follow-up."""

from __future__ import annotations

from eia.questions.schema import Step
from eia.statement.content.source import Source, answers_table, date_text, sections_of
from eia.statement.model import (
    Block,
    KeyValues,
    Paragraph,
    Section,
    Table,
)

# --- annex 8: actions and follow-up ------------------------------------------------------


def _follow_up_blocks(src: Source) -> list[Block]:
    return [KeyValues(rows=[(src.tx("follow_up_due"),
                             date_text(src.assessment.follow_up.due, src))])]


def actions_section(src: Source) -> Section:
    blocks: list[Block] = []
    if src.assessment.actions:
        blocks.append(Table(
            columns=[src.tx("col_id"), src.tx("col_what"), src.tx("col_owner"), src.tx("col_due"),
                     src.tx("col_grounds"), src.tx("col_counted")],
            rows=[[a.id, a.description, a.owner or src.tx("missing"),
                   a.due.isoformat() if a.due else src.tx("missing"), src.names(a.grounds),
                   src.tx("yes") if a.is_complete else src.tx("incomplete")]
                  for a in src.assessment.actions],
            widths=[1.6, 4, 2, 1.4, 2, 1.4]))
    else:
        blocks.append(Paragraph(text=src.tx("no_actions"), style="note"))
    blocks += _follow_up_blocks(src)
    blocks += answers_table(src, sections_of(src, Step.actions, Step.follow_up))
    return Section(id="actions", title=src.tx("s_actions"), blocks=blocks)

