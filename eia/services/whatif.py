"""What-if before publishing: what a draft question set version would change for every saved
assessment, before anyone is moved to it.

Each assessment's answers are carried over as `eia assessments upgrade --dry-run` carries them
(`eia.services.upgrade.answer_fit`) and scored under the draft; the result is compared with the
one it has now: its approved result when it was approved (which the draft never changes: the
row says what a re-assessment would give), else its score under its own version. Both sides are
scored without context figures unless asked, so the flags only figures raise are left out of
the comparison and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from eia.errors import EiaError
from eia.flags import FlagCode
from eia.model import Assessment, Ground, Level, Outcome, QuestionSetRef, Status
from eia.problems import Problem, ProblemsError
from eia.questions import QuestionSet, get_question_set
from eia.rules import Result, score
from eia.services.upgrade import answer_fit

if TYPE_CHECKING:
    from eia.services.assessments import AssessmentService
    from eia.users import User

CONTEXT_FLAGS = frozenset({FlagCode.worse_off_group, FlagCode.no_fitting_figures})
"""Flags only the context figures raise: compared only when both sides read the figures."""


class GroundChange(BaseModel):
    """One ground whose level before or after actions would change."""

    model_config = ConfigDict(frozen=True)

    ground: Ground
    inherent_before: Level
    inherent_after: Level
    residual_before: Level
    residual_after: Level


class WhatIfRow(BaseModel):
    """What the draft would do to one assessment."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    status: Status
    revision: int
    source: QuestionSetRef
    as_approved: bool
    """True when the outcome now is the approved result, which the draft never changes: the
    `after` side is then what a re-assessment under the draft would give."""
    outcome_before: Outcome
    outcome_after: Outcome
    grounds: list[GroundChange]
    flags_added: list[str]
    """`code` or `code:subject` of flags the draft would raise that are not raised now."""
    flags_removed: list[str]
    not_asked_any_more: list[str]
    no_longer_valid: list[str]

    @property
    def changed(self) -> bool:
        return (self.outcome_before is not self.outcome_after or bool(self.grounds)
                or bool(self.flags_added) or bool(self.flags_removed))


class WhatIfReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    target: QuestionSetRef
    used_context: bool
    rows: list[WhatIfRow]
    other_sets: list[str]
    """Assessments answered under another set id, which the draft cannot apply to."""
    problems: list[Problem]
    """Assessments that could not be read or scored, each named."""

    @property
    def changed(self) -> list[WhatIfRow]:
        return [row for row in self.rows if row.changed]


def _flag_keys(result: Result, with_context: bool) -> set[str]:
    return {f"{flag.code.value}:{flag.subject.value}" if flag.subject else flag.code.value
            for flag in result.flags if with_context or flag.code not in CONTEXT_FLAGS}


def what_if_row(assessment: Assessment, now: Result, draft: QuestionSet,
                draft_result: Result | None = None, *, with_context: bool = False) -> WhatIfRow:
    """Compare an assessment's result now with its result under the draft; pure.

    `draft_result` is the assessment scored under the draft (scored here without figures when
    not given); `now` is its approved result or its score under its own version.
    """
    moved = assessment.model_copy(update={
        "question_set": QuestionSetRef(id=draft.id, version=draft.version)})
    after = draft_result if draft_result is not None else score(moved, draft)
    _, not_asked, no_longer_valid = answer_fit(assessment, draft)
    old_grounds = {result.ground: result for result in now.grounds}
    grounds = []
    for new in after.grounds:
        old = old_grounds.get(new.ground)
        if old is None:
            continue
        levels = (old.inherent.value, new.inherent.value, old.residual.value, new.residual.value)
        if levels[0] != levels[1] or levels[2] != levels[3]:
            grounds.append(GroundChange(ground=new.ground, inherent_before=levels[0],
                                        inherent_after=levels[1], residual_before=levels[2],
                                        residual_after=levels[3]))
    flags_now, flags_after = _flag_keys(now, with_context), _flag_keys(after, with_context)
    return WhatIfRow(
        id=assessment.id, title=assessment.decision.title, status=assessment.status,
        revision=assessment.revision, source=assessment.question_set,
        as_approved=assessment.approved_result is not None,
        outcome_before=now.recommended_outcome.value,
        outcome_after=after.recommended_outcome.value, grounds=grounds,
        flags_added=sorted(flags_after - flags_now), flags_removed=sorted(flags_now - flags_after),
        not_asked_any_more=not_asked, no_longer_valid=no_longer_valid)


def result_now(assessment: Assessment, use_context: bool = False,
               database: Path | None = None) -> Result:
    """The approved result an approved revision keeps, else its score under its own version."""
    if assessment.approved_result is not None:
        return Result.model_validate(assessment.approved_result)
    if use_context:
        from eia.services.scoring import score_assessment

        return score_assessment(assessment, database=database).result
    return score(assessment, get_question_set(assessment.question_set.id,
                                              assessment.question_set.version))


def what_if(service: AssessmentService, user: User, draft: QuestionSet, *,
            use_context: bool = False) -> WhatIfReport:
    """Every assessment `user` may read that is answered under the draft's set id, compared."""
    listing = service.list(user)
    problems = list(listing.problems)
    rows: list[WhatIfRow] = []
    other = sorted(item.id for item in listing.items if item.question_set.id != draft.id)
    for item in listing.items:
        if item.question_set.id != draft.id:
            continue
        try:
            assessment = service.get(user, item.id).assessment
            rows.append(_row(assessment, draft, use_context, service))
        except (EiaError, ProblemsError) as error:
            problems.append(Problem(file=item.id, code="not-scored", message=str(error)))
    return WhatIfReport(target=QuestionSetRef(id=draft.id, version=draft.version),
                        used_context=use_context, rows=rows, other_sets=other,
                        problems=problems)


def _row(assessment: Assessment, draft: QuestionSet, use_context: bool,
         service: AssessmentService) -> WhatIfRow:
    now = result_now(assessment, use_context, service.context_db)
    draft_result = None
    if use_context:
        from eia.context.assessment import ContextMissingError, load_context
        from eia.context.db import database_path

        moved = assessment.model_copy(update={
            "question_set": QuestionSetRef(id=draft.id, version=draft.version)})
        try:
            findings = load_context(assessment, service.context_db or database_path()).findings()
        except ContextMissingError:
            findings = None
        draft_result = score(moved, draft, findings)
    return what_if_row(assessment, now, draft, draft_result, with_context=use_context)


def summary_counts(rows: Iterable[WhatIfRow]) -> dict[str, int]:
    """How many assessments the draft would change, and how."""
    rows = list(rows)
    return {"assessments": len(rows),
            "changed": sum(row.changed for row in rows),
            "outcome_changes": sum(row.outcome_before is not row.outcome_after for row in rows),
            "level_changes": sum(bool(row.grounds) for row in rows),
            "flag_changes": sum(bool(row.flags_added or row.flags_removed) for row in rows),
            "approved_kept": sum(row.as_approved for row in rows)}
