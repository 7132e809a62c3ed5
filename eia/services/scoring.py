"""Scoring an assessment with the context figures for its areas, and explaining the score.

The one place that joins an assessment, its own question set version and the context database,
so the CLI, the app and the statement all read the same score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from eia.context.assessment import AssessmentContext, ContextMissingError, load_context
from eia.context.db import database_path
from eia.flags import FlagSeverity
from eia.i18n import Lang
from eia.model import Assessment
from eia.plain_words import plain_words
from eia.questions import QuestionSet, get_question_set
from eia.rules import Result, Screened, score


class ContextState(StrEnum):
    used = "used"
    missing = "missing"
    """Asked for, but no database is built: reported, never silently skipped."""
    off = "off"


@dataclass(frozen=True)
class Scored:
    """An assessment's score, the set it was scored under and the figures it was scored with."""

    assessment: Assessment
    question_set: QuestionSet
    result: Result
    context: AssessmentContext | None
    context_state: ContextState
    database: Path
    as_approved: bool = False
    """True when the result is the one kept with the approved revision, not scored anew."""

    def notices(self) -> list[str]:
        """What a reader of the score must be told about the figures behind it."""
        notes = []
        if self.as_approved:
            notes.append("the score is the one this revision was approved with")
        if self.context_state is ContextState.missing:
            notes.append(str(ContextMissingError(self.database)))
        if self.context is not None and self.context.unmatched:
            notes.append("the context database has no area "
                         + ", ".join(self.context.unmatched))
        if self.context is not None and self.context.whole_city:
            notes.append("no area is chosen, so the figures are for the city as a whole")
        return notes

    def blockers(self) -> list[str]:
        """The reasons of the blocker flags, which stop a submission."""
        return [flag.reason(Lang.en) for flag in self.result.flags
                if flag.severity is FlagSeverity.blocker]


def score_assessment(assessment: Assessment, *, use_context: bool = True,
                     database: Path | None = None, keep_approved: bool = True) -> Scored:
    """Score under the assessment's own set version, with its context unless told not to.

    An approved revision keeps the score it was approved with (`keep_approved`); the context
    is still read, for the figures its statement shows.
    """
    question_set = get_question_set(assessment.question_set.id, assessment.question_set.version)
    path = database or database_path()
    context, state = None, ContextState.off
    if use_context:
        try:
            context, state = load_context(assessment, path), ContextState.used
        except ContextMissingError:
            state = ContextState.missing
    kept = assessment.approved_result if keep_approved else None
    result = (Result.model_validate(kept) if kept is not None
              else score(assessment, question_set, context.findings() if context else None))
    return Scored(assessment=assessment, question_set=question_set, result=result,
                  context=context, context_state=state, database=path,
                  as_approved=kept is not None)


def result_json(scored: Scored, lang: Lang) -> dict[str, Any]:
    """The score as JSON, with each reason also given in the chosen language for reading, and
    the score in plain words (`plain`: the headline and one sentence per ground)."""
    result = scored.result
    data = result.model_dump(mode="json")
    recommended = data.pop("recommended_outcome")  # else it would replace the plain value below
    context = scored.context
    words = plain_words(scored.assessment, result, lang)
    return {"id": scored.assessment.id, "revision": scored.assessment.revision,
            "lang": lang.value, "as_approved": scored.as_approved,
            "recommended_outcome": result.recommended_outcome.value.value,
            "recommended_outcome_label": result.recommended_outcome.value.label(lang),
            "reason": result.recommended_outcome.trace.reason(lang),
            "recommended_outcome_trace": recommended["trace"], **data,
            "plain": {"headline": words.headline,
                      "grounds": {ground.value: text for ground, text in words.grounds.items()}},
            "context": {"state": scored.context_state.value, "database": str(scored.database),
                        "areas": context.areas if context else [],
                        "unknown_areas": context.unmatched if context else [],
                        "whole_city": context.whole_city if context else None,
                        "notices": scored.notices()}}


def explanation(scored: Scored, lang: Lang) -> str:
    """The score as a reader would follow it: the outcome and its reason in plain words, then
    each ground in plain words with the arithmetic behind it, then the flags."""
    result = scored.result
    outcome = result.recommended_outcome
    words = plain_words(scored.assessment, result, lang)
    lines = [f"{outcome.value.label(lang)}: {words.headline}",
             f"    {outcome.trace.reason(lang)}", ""]
    for ground in result.grounds:
        direction = ground.direction.value.label(lang) if ground.direction.value else "–"
        lines.append(f"{ground.ground.label(lang)}: {ground.screening.value.label(lang)}, "
                     f"{direction}, {ground.inherent.value.label(lang)} → "
                     f"{ground.residual.value.label(lang)}")
        if ground.screening.value is Screened.screened_out:
            lines.append(f"    {ground.screening.trace.reason(lang)}")
            continue
        lines.append(f"    {words.grounds[ground.ground]}")
        lines += [f"    {trace.reason(lang)}" for trace in (ground.points.trace,
                                                           ground.inherent.trace,
                                                           ground.residual.trace)]
    lines.append("")
    lines += [f"[{flag.severity.label(lang)}] {flag.code.label(lang)}: {flag.reason(lang)}"
              for flag in result.flags]
    return "\n".join(lines)
