"""The follow-up's own small statement for the committee: what became of each action, what was
observed for the groups affected, and whether the outcome held.

It is made from the approved revision it follows up (its decision, outcome and levels, and its
fingerprint, so `eia verify` names that revision) and the follow-up record kept beside it,
whose own SHA-256 is printed too. The same renderers print it as PDF, Word, HTML or Markdown.
"""

from __future__ import annotations

from eia.i18n import Lang, Text, t
from eia.model import ActionResult, Assessment, FollowUpRecord
from eia.rules import Result
from eia.statement.model import (
    Bullets,
    KeyValues,
    Paragraph,
    Section,
    Statement,
    Summary,
    Table,
)

TEXTS: dict[str, Text] = {
    "heading": t("Uppföljning av konsekvensanalys för lika möjligheter",
                 "Follow-up of the equal opportunities impact assessment"),
    "approved_revision": t("Godkänd analys", "Approved assessment"),
    "revision": t("revision {revision}", "revision {revision}"),
    "due": t("Uppföljning planerad", "Follow-up planned"),
    "recorded": t("Uppföljning registrerad", "Follow-up recorded"),
    "col_what": t("Vad", "What"),
    "col_result": t("Resultat", "Result"),
    "approved_outcome": t("Bedömning vid godkännandet", "Outcome when approved"),
    "outcome_held": t("Höll bedömningen?", "Did the outcome hold?"),
    "held_yes": t("Ja", "Yes"),
    "held_no": t("Nej", "No"),
    "held_unknown": t("Inte bedömt", "Not judged"),
    "col_ground": t("Grund", "Ground"),
    "col_level": t("Nivå efter åtgärder vid godkännandet", "Level after actions when approved"),
    "col_action": t("Åtgärd", "Action"),
    "col_owner": t("Ansvarig", "Owner"),
    "col_observed": t("Vad som iakttogs", "What was observed"),
    "not_done": t("Inte genomförd: {action}", "Not done: {action}"),
    "unknown": t("Okänt om den är genomförd: {action}", "Not known whether done: {action}"),
    "all_done": t("Alla åtgärder är genomförda eller ändrade med en kommentar.",
                  "Every action is done, or changed with a comment."),
    "no_result": t("(inget resultat registrerat)", "(no result recorded)"),
    "s_observed": t("Vad som iakttogs för de berörda grupperna",
                    "What was observed for the groups affected"),
    "nothing_observed": t("Inget skrivet.", "Nothing written."),
    "s_comment": t("Kommentar", "Comment"),
    "s_record": t("Uppföljningens historik", "The follow-up's history"),
    "record_sha": t("SHA-256 för uppföljningens revision {revision}: {sha}",
                    "SHA-256 of the follow-up's revision {revision}: {sha}"),
    "col_when": t("När", "When"),
    "col_who": t("Vem", "Who"),
    "col_note": t("Anteckning", "Note"),
}


def _tx(lang: Lang, key: str, **values: object) -> str:
    said = TEXTS[key](lang)
    return said.format(**values) if values else said


def build_follow_up_statement(approved: Statement, assessment: Assessment, result: Result,
                              record: FollowUpRecord, record_sha256: str) -> Statement:
    """The follow-up statement, built on the statement of the approved revision it follows up
    (`approved`, made in the language wanted). Pure: no clock, no I/O."""
    lang = approved.lang
    heading = _tx(lang, "heading")
    decision = assessment.decision
    return approved.model_copy(update={
        "title": f"{heading}: {decision.title}",
        "subject": " · ".join(p for p in (heading, decision.diary_number, decision.committee)
                              if p.strip()),
        "summary": Summary(
            heading=heading,
            decision=KeyValues(rows=[*approved.summary.decision.rows, *_when(lang, assessment,
                                                                             record)]),
            outcome=_outcome(lang, result, record),
            outcome_note=record.comment,
            grounds=_grounds(lang, result),
            actions=_actions(lang, assessment, record),
            evidence_gaps=Bullets(items=[]),
            flags=Bullets(items=_not_done(lang, assessment, record)),
            synthetic=False),
        "annex": [_observed(lang, record), _history(lang, record, record_sha256),
                  *[s for s in approved.annex if s.id == "verification"]],
    })


def _when(lang: Lang, assessment: Assessment, record: FollowUpRecord) -> list[tuple[str, str]]:
    recorded = record.history[-1].at.date().isoformat() if record.history else "–"
    due = assessment.follow_up.due.isoformat() if assessment.follow_up.due else "–"
    return [(_tx(lang, "approved_revision"),
             _tx(lang, "revision", revision=record.assessment_revision)),
            (_tx(lang, "due"), due), (_tx(lang, "recorded"), recorded)]


def _outcome(lang: Lang, result: Result, record: FollowUpRecord) -> Table:
    chosen = result.chosen_outcome or result.recommended_outcome.value
    held = {True: "held_yes", False: "held_no", None: "held_unknown"}[record.outcome_held]
    return Table(columns=[_tx(lang, "col_what"), _tx(lang, "col_result")],
                 rows=[[_tx(lang, "approved_outcome"), chosen.label(lang)],
                       [_tx(lang, "outcome_held"), _tx(lang, held)]], widths=[1, 2])


def _grounds(lang: Lang, result: Result) -> Table:
    rows = [[g.ground.label(lang), g.residual.value.label(lang)] for g in result.grounds
            if g.direction.value is not None]
    return Table(columns=[_tx(lang, "col_ground"), _tx(lang, "col_level")], rows=rows,
                 widths=[1, 1])


def _actions(lang: Lang, assessment: Assessment, record: FollowUpRecord) -> Table:
    results = {r.action_id: r for r in record.results}
    rows = []
    for action in assessment.actions:
        found = results.get(action.id)
        rows.append([action.description, action.owner or "–",
                     found.result.label(lang) if found else _tx(lang, "no_result"),
                     found.observed if found and found.observed else "–"])
    return Table(columns=[_tx(lang, "col_action"), _tx(lang, "col_owner"),
                          _tx(lang, "col_result"), _tx(lang, "col_observed")],
                 rows=rows, widths=[3, 1.2, 1.2, 3])


def _not_done(lang: Lang, assessment: Assessment, record: FollowUpRecord) -> list[str]:
    results = {r.action_id: r.result for r in record.results}
    missed = [_tx(lang, "not_done" if results.get(a.id) is ActionResult.not_done else "unknown",
                  action=a.description) for a in assessment.actions
              if results.get(a.id) in (ActionResult.not_done, ActionResult.unknown, None)]
    return missed or [_tx(lang, "all_done")]


def _observed(lang: Lang, record: FollowUpRecord) -> Section:
    blocks = [Paragraph(text=record.observed or _tx(lang, "nothing_observed"))]
    return Section(id="follow-up-observed", title=_tx(lang, "s_observed"), blocks=blocks)


def _history(lang: Lang, record: FollowUpRecord, sha256: str) -> Section:
    rows = [[event.at.strftime("%Y-%m-%d %H:%M"), event.by.name, event.note or "–"]
            for event in record.history]
    return Section(id="follow-up-history", title=_tx(lang, "s_record"), blocks=[
        Table(columns=[_tx(lang, "col_when"), _tx(lang, "col_who"), _tx(lang, "col_note")],
              rows=rows, widths=[1.2, 1.5, 3]),
        Paragraph(text=_tx(lang, "record_sha", revision=record.revision, sha=sha256),
                  style="note")])
