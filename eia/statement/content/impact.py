"""Annex sections 4 and 5: the impact on each relevant ground, and the cross-cutting
perspectives (children, national minorities, intersectionality)."""

from __future__ import annotations

from eia.i18n import format_number
from eia.model import Ground, Perspective, Subject
from eia.questions.schema import Step
from eia.rules import Screened
from eia.statement.content.decision import screening_row
from eia.statement.content.source import Source, answers_table, or_dash, sections_of
from eia.statement.model import (
    Block,
    KeyValues,
    Paragraph,
    Section,
)

# --- annex 4: impact per ground -------------------------------------------------------------


def _impact_rows(src: Source, ground: Ground) -> list[Block]:
    impact = src.assessment.impacts.get(ground)
    if impact is None:
        return [Paragraph(text=src.tx("no_impact_recorded"), style="note")]
    people = (format_number(impact.people_affected, src.lang) if impact.people_affected is not None
              else src.tx("dash"))
    blocks: list[Block] = [KeyValues(rows=[
        (src.tx("direction"), src.label(impact.direction)),
        (src.tx("severity"), src.label(impact.severity)),
        (src.tx("likelihood"), src.label(impact.likelihood)),
        (src.tx("people_affected"), people),
        (src.tx("groups_affected"), or_dash(impact.groups, src)),
    ])]
    if impact.description.strip():
        blocks.append(Paragraph(text=impact.description))
    return blocks


def impact_sections(src: Source) -> list[Section]:
    out_grounds = [g.ground for g in src.result.grounds
                   if g.screening.value is Screened.screened_out]
    intro: list[Block] = []
    if out_grounds:
        intro.append(Paragraph(text=src.tx("screened_out_grounds", names=src.names(out_grounds)),
                               style="note"))
    sections = [Section(id="impact", title=src.tx("s_impact"), blocks=intro)]
    for result in src.relevant():
        ground = result.ground
        questions = [s for s in sections_of(src, Step.impact) if s.ground is ground]
        sections.append(Section(
            id=f"impact_{ground.value}", level=2, title=src.label(ground),
            blocks=[*_impact_rows(src, ground), *answers_table(src, questions)]))
    return sections


# --- annex 5: perspectives ------------------------------------------------------------------


def _perspective_blocks(src: Source, perspective: Perspective) -> list[Block]:
    p = src.assessment.perspectives
    if perspective is Perspective.children:
        return [KeyValues(rows=[(src.tx("best_interests"), or_dash(p.children.best_interests, src)),
                                (src.tx("childrens_views"),
                                 or_dash(p.children.childrens_views, src))])]
    if perspective is Perspective.national_minorities:
        consulted = p.national_minorities.consulted
        word = src.tx("not_stated") if consulted is None else src.tx("yes" if consulted else "no")
        rows = [(src.tx("minorities_consulted"), word),
                (src.tx("description"), or_dash(p.national_minorities.description, src))]
        return [KeyValues(rows=rows)]
    return [KeyValues(rows=[(src.tx("combined_grounds"), src.names(p.intersectionality.grounds)),
                            (src.tx("description"),
                             or_dash(p.intersectionality.description, src))])]


def perspective_sections(src: Source) -> list[Section]:
    sections = [Section(id="perspectives", title=src.tx("s_perspectives"), blocks=[
        *answers_table(src, [s for s in sections_of(src, Step.perspectives)
                            if s.perspective is None])])]
    for perspective in Perspective:
        blocks: list[Block] = []
        if perspective.value in Subject.__members__:
            blocks.append(KeyValues(rows=[(src.tx("col_screening"),
                                           " – ".join(screening_row(src, Subject(
                                               perspective.value))[1:3]))]))
        blocks += _perspective_blocks(src, perspective)
        blocks += answers_table(src, [s for s in sections_of(src, Step.perspectives)
                                     if s.perspective is perspective])
        sections.append(Section(id=f"perspective_{perspective.value}", level=2,
                                title=src.label(perspective), blocks=blocks))
    return sections

