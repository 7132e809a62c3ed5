"""The whole statement: page one, the annex sections in order, and what every page carries."""


from __future__ import annotations

from typing import TYPE_CHECKING

from eia.i18n import Lang
from eia.model import Assessment
from eia.questions.schema import QuestionSet
from eia.rules import Result
from eia.statement.content.actions import actions_section
from eia.statement.content.alternatives import (
    alternatives_section,
    cumulative_section,
    previous_section,
)
from eia.statement.content.closing import (
    build_fingerprint,
    conclusion_section,
    history_section,
    verification_section,
)
from eia.statement.content.consultation import consultation_section
from eia.statement.content.decision import decision_section, screening_section
from eia.statement.content.evidence import evidence_sections, vintage
from eia.statement.content.impact import impact_sections, perspective_sections
from eia.statement.content.review import review_sections
from eia.statement.content.scoring import scoring_sections, unanswered_section
from eia.statement.content.source import Source
from eia.statement.content.summary import build_summary
from eia.statement.model import (
    Fingerprint,
    PageTexts,
    Section,
    Statement,
)

if TYPE_CHECKING:
    from eia.context.assessment import AssessmentContext


# --- the statement ------------------------------------------------------------------------


def _annex(src: Source, fingerprint: Fingerprint) -> list[Section]:
    return [
        decision_section(src),
        screening_section(src),
        *evidence_sections(src),
        *impact_sections(src),
        *perspective_sections(src),
        alternatives_section(src), cumulative_section(src), previous_section(src),
        consultation_section(src),
        actions_section(src),
        *scoring_sections(src),
        unanswered_section(src), *review_sections(src),
        conclusion_section(src), history_section(src), verification_section(src, fingerprint),
    ]


def _page_texts(src: Source) -> PageTexts:
    return PageTexts(
        page_of=src.tx("page_of"),
        stamps=[src.tx("demo_stamp")] if src.assessment.demo else [],
        synthetic_stamp=src.tx("synthetic_stamp"),
        annex_heading=src.tx("annex"),
        footer=src.tx("footer", tool=src.tool_version, set_id=src.question_set.id,
                      set_version=src.question_set.version, vintage=vintage(src)))


def _keywords(src: Source) -> list[str]:
    decision = src.assessment.decision
    words = [src.tx("keyword_eia"), src.tx("keyword_equality"), decision.diary_number,
             decision.committee, *(src.label(g.ground) for g in src.relevant())]
    return [word for word in dict.fromkeys(words) if word.strip()]


def build_statement(assessment: Assessment, question_set: QuestionSet, result: Result,
                    context: AssessmentContext | None, lang: Lang | str, *,
                    tool_version: str, sha256: str | None = None) -> Statement:
    """The whole statement in one language. Pure: same inputs, equal output (no clock, no I/O).

    `assessment` is the assessment as saved, `sha256` the SHA-256 of the bytes its revision was
    read from (None for an unsaved preview), `result` its score under `question_set`, `context`
    the figures for its areas (None: none).
    """
    src = Source(assessment=assessment, question_set=question_set, result=result,
                 context=context, lang=Lang(lang), tool_version=tool_version, sha256=sha256)
    fingerprint = build_fingerprint(src)
    decision = assessment.decision
    heading = src.tx("heading")
    return Statement(
        lang=src.lang,
        title=f"{heading}: {decision.title or src.tx('untitled')}",
        subject=" · ".join(part for part in (heading, decision.diary_number, decision.committee)
                           if part.strip()),
        author=(assessment.officers[0].name if assessment.officers
                else decision.department or "Likvärdig"),
        keywords=_keywords(src),
        demo=assessment.demo,
        summary=build_summary(src),
        annex=_annex(src, fingerprint),
        page=_page_texts(src),
        fingerprint=fingerprint,
    )
