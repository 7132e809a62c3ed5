"""The statement's content: one pure model that the PDF, Word and Markdown renderers only read.

Every string here is final text in the statement's language; renderers never translate, score
or look anything up. User text is carried as typed (plain text, never markup): each renderer
escapes it for its format.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from eia.context.model import Figure
from eia.i18n import Lang
from eia.statement.fingerprint import Token


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(Frozen):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["body", "note", "warning"] = "body"


class Bullets(Frozen):
    kind: Literal["bullets"] = "bullets"
    items: list[str]
    caption: str = ""
    """A short heading for the list (e.g. 'Evidence gaps' on page one); empty: none."""


class KeyValues(Frozen):
    """Label–value rows, e.g. diary number, committee, meeting date."""

    kind: Literal["key_values"] = "key_values"
    rows: list[tuple[str, str]]


class Table(Frozen):
    kind: Literal["table"] = "table"
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    """Relative column widths (they need not sum to 1); None: equal."""
    caption: str = ""


class Chart(Frozen):
    """Context figures to chart with `eia.charts` (bars or gaps) in the statement's language."""

    kind: Literal["chart"] = "chart"
    chart: Literal["bars", "gap"]
    title: str
    figures: list[Figure]
    description: str
    """A text alternative that says what the chart shows, for readers who cannot see it."""

    @property
    def synthetic(self) -> bool:
        return any(figure.synthetic for figure in self.figures)


Block = Annotated[Paragraph | Bullets | KeyValues | Table | Chart, Field(discriminator="kind")]


class Section(Frozen):
    """A heading (and bookmark) with its blocks. `synthetic` marks a section whose figures are
    synthetic, so every page it is printed on carries the synthetic-data stamp."""

    id: str
    title: str
    level: Literal[1, 2] = 1
    blocks: list[Block] = Field(default_factory=list)
    synthetic: bool = False


class Summary(Frozen):
    """Page one: what a politician reads in two minutes. Lists are already cut to fit one page,
    with `more` lines saying what the annex holds beyond them."""

    heading: str
    decision: KeyValues
    outcome: Table
    outcome_note: str
    """One or two sentences on the recommended and the chosen outcome when they differ (or none
    is chosen yet); empty when the officer chose the recommended one, as the table says."""
    grounds: Table
    """Each ground in one plain sentence (`eia.plain_words`): who is affected and how, the level
    before and after the actions in words, and what the actions do (never colour alone)."""
    actions: Table
    evidence_gaps: Bullets
    flags: Bullets
    more: list[str] = Field(default_factory=list)
    synthetic: bool = False
    """Page one rests on synthetic figures (a worse-off flag read them), so it is stamped too."""


class Fingerprint(Frozen):
    """Which saved assessment the statement was made from, and how to check it."""

    assessment_id: str
    revision: int
    sha256: str
    command: str
    """The command that checks a statement file against the saved assessment."""
    text: str
    """The sentence printed in the statement, e.g. 'SHA-256 of revision 3: ...'."""

    @property
    def token(self) -> str:
        """`<id>@<revision>:<sha256>`: what `eia verify` looks for in a statement file."""
        return str(Token(assessment_id=self.assessment_id, revision=self.revision,
                         sha256=self.sha256))


class PageTexts(Frozen):
    """The fixed words a renderer prints on every page, in the statement's language."""

    page_of: str
    """A format string with {page} and {pages}, e.g. 'Sida {page} av {pages}'."""
    stamps: list[str]
    """Printed on every page, e.g. 'DEMO – fiktivt exempel'."""
    synthetic_stamp: str
    """Printed on every page of a section with synthetic figures."""
    annex_heading: str
    footer: str
    """Tool version, question set version and data vintage, for the foot of every page."""


class Statement(Frozen):
    lang: Lang
    title: str
    """The document title, also the running header and the PDF/Word title property."""
    subject: str
    author: str
    keywords: list[str]
    demo: bool
    summary: Summary
    annex: list[Section]
    page: PageTexts
    fingerprint: Fingerprint | None
    """None for a document of many assessments (the follow-up report): it names no one saved
    revision, so `eia verify` finds nothing to check in it."""
