"""Annex sections of the review: the reviewer's judgements per step with the officer's replies,
the attachments with their SHA-256, and every question left unanswered or answered "don't know".

The attachments are covered by the statement's fingerprint: each one's SHA-256 is part of the
saved revision the fingerprint is taken of, so a changed file no longer matches its statement.
"""

from __future__ import annotations

from datetime import UTC, datetime

from eia.i18n import Text, format_number, t
from eia.model import Judgement
from eia.services.completeness import open_questions
from eia.statement.content.source import Source
from eia.statement.model import Block, Paragraph, Section, Table

TEXTS: dict[str, Text] = {
    "s_review": t("Granskning", "Review"),
    "no_judgements": t("Analysen har inte granskats ännu.", "The assessment has not been "
                       "reviewed yet."),
    "col_step": t("Steg", "Step"),
    "col_verdict": t("Bedömning", "Judgement"),
    "col_comment": t("Granskarens kommentar", "Reviewer's comment"),
    "col_by_at": t("Av, när", "By, when"),
    "col_reply": t("Handläggarens svar", "Officer's reply"),
    "judged_revision": t("revision {revision}", "revision {revision}"),
    "not_answered": t("(inte besvarad)", "(not answered)"),
    "s_attachments": t("Bilagor", "Attachments"),
    "no_attachments": t("Inga bilagor.", "No attachments."),
    "attachments_fingerprint": t(
        "Varje bilaga anges med sin SHA-256. Den ingår i den sparade analysen, så "
        "fingeravtrycket nedan täcker också bilagorna.",
        "Each attachment is given with its SHA-256. It is part of the saved assessment, so the "
        "fingerprint below covers the attachments too."),
    "col_file": t("Fil", "File"),
    "col_type": t("Typ", "Type"),
    "col_size": t("Storlek", "Size"),
    "col_added": t("Tillagd av, när", "Added by, when"),
    "col_about": t("Gäller", "About"),
    "size_kb": t("{size} kB", "{size} kB"),
    "size_bytes": t("{size} byte", "{size} bytes"),
    "s_open": t("Obesvarade frågor och \u201dvet inte\u201d",
                "Unanswered and \u201cdon't know\u201d"),
    "open_intro": t("Varje fråga som handläggaren ombads svara på men lämnade obesvarad eller "
                    "besvarade med \u201dvet inte\u201d, per steg.",
                    "Every question the officer was asked but left unanswered or answered "
                    "\u201cdon't know\u201d, per step."),
    "no_open": t("Alla frågor är besvarade, och ingen med \u201dvet inte\u201d.",
                 "Every question is answered, and none with \u201cdon't know\u201d."),
    "col_question": t("Fråga", "Question"),
    "col_state": t("Läge", "State"),
    "col_note": t("Anteckning", "Note"),
    "unanswered": t("Obesvarad", "Unanswered"),
    "unanswered_required": t("Obesvarad (obligatorisk)", "Unanswered (required)"),
    "dont_know": t("Vet inte", "Don't know"),
}


def _tx(src: Source, key: str, **values: object) -> str:
    return TEXTS[key](src.lang).format(**values)


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def review_sections(src: Source) -> list[Section]:
    return [judgements_section(src), attachments_section(src), open_questions_section(src)]


def judgements_section(src: Source) -> Section:
    judgements = src.assessment.judgements
    block: Block = Table(
        columns=[_tx(src, "col_step"), _tx(src, "col_verdict"), _tx(src, "col_comment"),
                 _tx(src, "col_by_at"), _tx(src, "col_reply")],
        rows=[[src.label(j.step), src.label(j.verdict), j.comment or src.tx("dash"),
               f"{j.by.name}, {_when(j.at)} ({_tx(src, 'judged_revision', revision=j.revision)})",
               _reply(src, j)] for j in judgements], widths=[2, 1.5, 3, 2, 3],
    ) if judgements else Paragraph(text=_tx(src, "no_judgements"), style="note")
    return Section(id="review", level=2, title=_tx(src, "s_review"), blocks=[block])


def _reply(src: Source, judgement: Judgement) -> str:
    if judgement.answered:
        who = judgement.replied_by.name if judgement.replied_by else src.tx("dash")
        when = _when(judgement.replied_at) if judgement.replied_at else src.tx("dash")
        return f"{judgement.reply} ({who}, {when})"
    return _tx(src, "not_answered") if judgement.asks_for_answer else src.tx("dash")


def _size(src: Source, size: int) -> str:
    if size < 1000:
        return _tx(src, "size_bytes", size=size)
    return _tx(src, "size_kb", size=format_number(size / 1000, src.lang))


def attachments_section(src: Source) -> Section:
    attachments = src.assessment.attachments
    if not attachments:
        return Section(id="attachments", level=2, title=_tx(src, "s_attachments"),
                       blocks=[Paragraph(text=_tx(src, "no_attachments"), style="note")])
    rows = [[a.name, src.label(a.type),
             _size(src, a.size),
             f"{a.by.name}, {_when(a.at)}",
             ", ".join(src.label(part) for part in (a.step, a.ground) if part) or src.tx("dash"),
             a.sha256] for a in attachments]
    return Section(id="attachments", level=2, title=_tx(src, "s_attachments"), blocks=[
        Paragraph(text=_tx(src, "attachments_fingerprint")),
        Table(columns=[_tx(src, "col_file"), _tx(src, "col_type"), _tx(src, "col_size"),
                       _tx(src, "col_added"), _tx(src, "col_about"), "SHA-256"],
              rows=rows, widths=[2.5, 1.5, 1, 2, 1.5, 4])])


def open_questions_section(src: Source) -> Section:
    steps = open_questions(src.assessment, src.question_set)
    if not steps:
        return Section(id="open_questions", level=2, title=_tx(src, "s_open"),
                       blocks=[Paragraph(text=_tx(src, "no_open"), style="note")])
    rows = [[step.title(src.lang), item.text(src.lang),
             _tx(src, "dont_know" if item.dont_know
                 else "unanswered_required" if item.required else "unanswered"),
             item.note] for step in steps for item in step.items]
    return Section(id="open_questions", level=2, title=_tx(src, "s_open"), blocks=[
        Paragraph(text=_tx(src, "open_intro")),
        Table(columns=[_tx(src, "col_step"), _tx(src, "col_question"), _tx(src, "col_state"),
                      _tx(src, "col_note")], rows=rows, widths=[2, 5, 1.5, 3])])
