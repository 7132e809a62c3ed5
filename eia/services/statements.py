"""The impact statement of a saved revision: made, rendered and checked.

The statement carries the SHA-256 of the revision's bytes as stored, so `verify` compares bytes
with bytes and a later change of the model never breaks a statement already issued.
"""

from __future__ import annotations

from dataclasses import dataclass

from eia import __version__
from eia.i18n import Lang
from eia.model import FollowUpRecord
from eia.services.scoring import Scored
from eia.statement.content import build_statement
from eia.statement.follow_up import build_follow_up_statement
from eia.statement.make import Format, render
from eia.statement.markdown import render_page_one
from eia.statement.model import Statement


@dataclass(frozen=True)
class Exported:
    data: bytes
    format: Format
    notices: list[str]


def statement_of(scored: Scored, lang: Lang | str, sha256: str | None = None) -> Statement:
    """The statement of a scored assessment; `sha256` of its saved revision's bytes (None: an
    unsaved preview)."""
    return build_statement(scored.assessment, scored.question_set, scored.result, scored.context,
                           lang, tool_version=__version__, sha256=sha256)


def export(scored: Scored, sha256: str, lang: Lang, fmt: Format) -> Exported:
    return Exported(data=render(statement_of(scored, lang, sha256), fmt), format=fmt,
                    notices=scored.notices())


def export_follow_up(scored: Scored, sha256: str, record: FollowUpRecord, record_sha256: str,
                     lang: Lang, fmt: Format) -> Exported:
    approved = statement_of(scored, lang, sha256)
    statement = build_follow_up_statement(approved, scored.assessment, scored.result, record,
                                          record_sha256)
    return Exported(data=render(statement, fmt), format=fmt, notices=[])


def page_one(scored: Scored, lang: Lang | str) -> str:
    """Page one as Markdown, headed at level 4 so it sits under the page's own headings: the
    preview an officer reads before submitting, in the words the committee will read."""
    return render_page_one(statement_of(scored, lang), level=4)
