"""Annex section 11: conclusion, sign-off, history, and how to verify the statement."""

from __future__ import annotations

from datetime import UTC

from eia.questions.schema import Step
from eia.statement.content.evidence import vintage
from eia.statement.content.source import Source, answers_table, or_dash, sections_of
from eia.statement.fingerprint import Token, token_of
from eia.statement.model import (
    Block,
    Fingerprint,
    KeyValues,
    Paragraph,
    Section,
    Table,
)

# --- annex 11: conclusion, sign-off, history, verification ---------------------------------


def conclusion_section(src: Source) -> Section:
    c = src.assessment.conclusion
    rows = [(src.tx("recommended_outcome"), src.label(src.result.recommended_outcome.value)),
            (src.tx("chosen_outcome"), src.label(c.chosen_outcome) if c.chosen_outcome
             else src.tx("not_chosen")),
            (src.tx("justification"), or_dash(c.justification, src)),
            (src.tx("summary"), or_dash(c.summary, src))]
    sign = src.assessment.sign_off
    signed = ([(src.tx("signed_by"), sign.by.name), (src.tx("role"), or_dash(sign.role, src)),
               (src.tx("signed_on"), sign.signed_on.isoformat())] if sign
              else [(src.tx("signed_by"), src.tx("not_signed"))])
    blocks: list[Block] = [KeyValues(rows=rows), KeyValues(rows=signed),
                           *answers_table(src, sections_of(src, Step.conclusion))]
    return Section(id="conclusion", title=src.tx("s_conclusion"), blocks=blocks)


def history_section(src: Source) -> Section:
    history = src.assessment.history
    block: Block = Table(
        columns=[src.tx("col_event"), src.tx("col_by"), src.tx("col_at"), src.tx("revision"),
                 src.tx("col_note")],
        rows=[[src.label(e.kind), e.by.name, e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
               str(e.revision), e.note] for e in history], widths=[2, 2.5, 2, 1, 3],
    ) if history else Paragraph(text=src.tx("no_history"), style="note")
    return Section(id="history", level=2, title=src.tx("s_history"), blocks=[block])


def build_fingerprint(src: Source) -> Fingerprint:
    token = (token_of(src.assessment) if src.sha256 is None else
             Token(assessment_id=src.assessment.id, revision=src.assessment.revision,
                   sha256=src.sha256))
    text = src.tx("fingerprint", id=token.assessment_id, revision=token.revision, token=str(token))
    if token.revision == 0:
        text += " " + src.tx("fingerprint_unsaved")
    return Fingerprint(assessment_id=token.assessment_id, revision=token.revision,
                       sha256=token.sha256, command="eia verify STATEMENT.pdf", text=text)


def verification_section(src: Source, fingerprint: Fingerprint) -> Section:
    rows = [(src.tx("verify_command"), fingerprint.command),
            (src.tx("question_set"), f"{src.question_set.id} {src.question_set.version}"),
            (src.tx("tool_version"), f"Likvärdig {src.tool_version}"),
            (src.tx("data_vintage"), vintage(src))]
    return Section(id="verification", level=2, title=src.tx("s_verification"),
                   blocks=[Paragraph(text=fingerprint.text), KeyValues(rows=rows)])

