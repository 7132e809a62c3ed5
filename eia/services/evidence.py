"""The figures beside a ground's questions: the context figures for the chosen areas and the
groups the officer named, what is withheld and why, and where the evidence is silent.

The wizard draws what this returns and the officer cites from it; nothing here imports
streamlit. Figures come from `eia.context.queries.context_for` already suppressed, so no figure
the query layer withholds can reach the page. A figure is shown when its group is a named group
(the same test the rules use for "already worse off"), so the officer sees the figures the
score reads; with no group named, the ground's plain breakdown is shown and the page says so.
Citing, own sources and gaps are pure edits of `Evidence`, saved by the face.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eia.context.assessment import area_names, chosen_areas
from eia.context.db import connect, database_path
from eia.context.findings import is_about
from eia.context.model import Figure
from eia.context.queries import context_for
from eia.i18n import Lang, Text, t
from eia.model import AffectedGroup, Assessment, ContextFigureRef, DataGap, Evidence, Ground, Source
from eia.questions import get_question_set

GroupKey = tuple[tuple[tuple[str, str], ...], str]
"""A named group as plain, hashable data: its codes (sorted) and its label."""


@dataclass(frozen=True)
class Withheld:
    """A figure the query layer withheld, and why, so the page can say what is missing."""

    group: Text
    area_name: str
    period: str
    reason: Text


@dataclass(frozen=True)
class Citation:
    """A source of an indicator's figures; made-up ones say so wherever they are shown."""

    citation: str
    synthetic: bool


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures for the ground, from one source or several (a real baseline
    beside synthetic demo figures): what the officer ticks to cite."""

    id: str
    title: Text
    listed: bool
    """The question set shows this indicator beside one of the ground's questions."""
    figures: list[Figure]
    withheld: list[Withheld]

    @property
    def sources(self) -> list[Citation]:
        return list(dict.fromkeys(Citation(f.indicator.citation, f.synthetic)
                                  for f in self.figures))

    @property
    def synthetic(self) -> bool:
        return any(f.synthetic for f in self.figures)

    @property
    def worse_off(self) -> bool:
        return any(f.worse_off for f in self.figures)


@dataclass(frozen=True)
class GroundEvidence:
    """Everything the ground's step shows about the figures; `gaps` says where they are silent."""

    ground: Ground
    database: bool
    """False when no context database is built: no figure can be shown, and that is a gap."""
    area_names: list[str] = field(default_factory=list)
    whole_city: bool = False
    unmatched: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    """Labels of the groups named; empty when none is, and the ground's plain figures show."""
    indicators: list[IndicatorFigures] = field(default_factory=list)
    gaps: list[Text] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        return [f for indicator in self.indicators for f in indicator.figures]

    @property
    def synthetic(self) -> bool:
        return any(indicator.synthetic for indicator in self.indicators)

    def gap_text(self, lang: Lang) -> str:
        return " ".join(gap(lang) for gap in self.gaps)


def group_keys(groups: Sequence[AffectedGroup]) -> tuple[GroupKey, ...]:
    return tuple((tuple(sorted(g.codes.items())), g.label) for g in groups)


def listed_indicators(assessment: Assessment, ground: Ground) -> tuple[str, ...]:
    """The indicators the assessment's question set shows beside the ground's questions."""
    question_set = get_question_set(assessment.question_set.id, assessment.question_set.version)
    return tuple(dict.fromkeys(i for q in question_set.questions() if q.ground is ground
                               for i in q.indicators))


Choice = tuple[tuple[str, ...], tuple[GroupKey, ...], tuple[str, ...]]
"""What of an assessment the figures on a ground depend on: areas, named groups, listed
indicators; plain and hashable, so a face can key a cache on it."""


def choice(assessment: Assessment, ground: Ground) -> Choice:
    impact = assessment.impacts.get(ground)
    return (tuple(assessment.decision.affected_areas),
            group_keys(impact.affected_groups if impact else []),
            listed_indicators(assessment, ground))


def for_assessment(assessment: Assessment, ground: Ground,
                   database: Path | None = None) -> GroundEvidence:
    """The figures for the assessment's areas and the groups it names on `ground`."""
    return ground_evidence(database or database_path(), ground, *choice(assessment, ground))


def ground_evidence(database: Path, ground: Ground, areas: Sequence[str],
                    groups: Sequence[GroupKey], listed: Sequence[str] = ()) -> GroundEvidence:
    """The figures on `ground` in `areas` (the city when none) about `groups`; plain hashable
    arguments, so a face can cache the answer per database build and choice."""
    if not database.is_file():
        return GroundEvidence(ground=ground, database=False, gaps=[_no_database(ground)])
    con = connect(database, read_only=True)
    try:
        names = area_names(con)
        wanted, unmatched, whole_city = chosen_areas(names, areas)
        context = context_for(con, ground, wanted)
    finally:
        con.close()
    labels = [label for _, label in groups]
    fitting = _fitting(context.figures, groups)
    indicators = _by_indicator(fitting, listed)
    gaps = [gap.reason for gap in context.gaps]
    if context.figures and not any(_shown(f) for f in fitting):
        if labels and not fitting:
            gaps.append(_nothing_fits(ground, labels))
        elif not gaps:  # else the query layer has said the ground's figures are withheld
            gaps.append(_all_withheld(ground, labels))
    return GroundEvidence(ground=ground, database=True,
                          area_names=[names.get(a, a) for a in wanted], whole_city=whole_city,
                          unmatched=unmatched, groups=labels, indicators=indicators, gaps=gaps)


def _fitting(figures: Sequence[Figure], groups: Sequence[GroupKey]) -> list[Figure]:
    """The figures about a named group. With none named, the ground's plain breakdown (women
    against men, not women aged 18–29 against men aged 18–29) and areas against the city,
    except where a source has only crossed figures (the 2021 baseline), which are kept."""
    if groups:
        return [f for f in figures
                if any(is_about(f.group.codes, f.area, dict(codes)) for codes, _ in groups)]
    plain = {(f.indicator.id, f.indicator.source) for f in figures if len(f.group.codes) <= 1}
    return [f for f in figures
            if len(f.group.codes) <= 1 or (f.indicator.id, f.indicator.source) not in plain]


def _shown(figure: Figure) -> bool:
    return figure.group.value is not None


def _by_indicator(figures: Sequence[Figure], listed: Sequence[str]) -> list[IndicatorFigures]:
    """One entry per indicator: those listed beside the questions first (in their order),
    then those with real figures before made-up ones, then those showing a group worse off."""
    found: dict[str, list[Figure]] = {}
    for figure in figures:
        found.setdefault(figure.indicator.id, []).append(figure)
    entries = []
    for indicator, group in found.items():
        entries.append(IndicatorFigures(
            id=indicator, title=group[0].indicator.title, listed=indicator in listed,
            figures=group,
            withheld=[Withheld(group=m.label, area_name=f.area_name, period=f.period,
                               reason=m.suppressed)
                      for f in group for m in (f.group, f.comparison)
                      if m.suppressed is not None]))
    order = {indicator: index for index, indicator in enumerate(listed)}
    entries.sort(key=lambda e: (order.get(e.id, len(order)),
                                all(s.synthetic for s in e.sources), not e.worse_off,
                                e.title.en))
    return entries


def _no_database(ground: Ground) -> Text:
    sv, en = ground.label(Lang.sv).lower(), ground.label(Lang.en).lower()
    return t(f"Ingen kontextdatabas är byggd här, så inga siffror om {sv} kan visas.",
             f"No context database is built here, so no figures on {en} can be shown.")


def _nothing_fits(ground: Ground, labels: Sequence[str]) -> Text:
    names = ", ".join(labels)
    sv, en = ground.label(Lang.sv).lower(), ground.label(Lang.en).lower()
    return t(f"Kontextdatan har inga siffror om {sv} som gäller {names}.",
             f"The context data has no figures on {en} about {names}.")


def _all_withheld(ground: Ground, labels: Sequence[str]) -> Text:
    sv, en = ground.label(Lang.sv).lower(), ground.label(Lang.en).lower()
    about_sv = f" om {', '.join(labels)}" if labels else ""
    about_en = f" about {', '.join(labels)}" if labels else ""
    return t(f"Alla siffror om {sv}{about_sv} är utelämnade eller saknas.",
             f"Every figure on {en}{about_en} is withheld or missing.")


# --- what the officer records ---------------------------------------------------------------


def is_cited(evidence: Evidence, indicator: str, ground: Ground) -> bool:
    """A citation without grounds speaks to every ground (as the statement reads it)."""
    return any(ref.indicator == indicator and (not ref.grounds or ground in ref.grounds)
               for ref in evidence.context_figures)


def cite(evidence: Evidence, indicator: str, ground: Ground, cited: bool,
         grounds_in: Sequence[Ground]) -> Evidence:
    """Cite `indicator` for `ground`, or stop citing it there; a citation for every ground is
    narrowed to the others in `grounds_in` (the grounds screened in) when one is untied."""
    refs: list[ContextFigureRef] = []
    found = False
    for ref in evidence.context_figures:
        if ref.indicator != indicator:
            refs.append(ref)
            continue
        found = True
        grounds = list(ref.grounds) if ref.grounds else list(grounds_in)
        grounds = [g for g in grounds if g is not ground] + ([ground] if cited else [])
        if grounds:
            refs.append(ref.model_copy(update={"grounds": grounds}))
    if cited and not found:
        refs.append(ContextFigureRef(indicator=indicator, grounds=[ground]))
    return evidence.model_copy(update={"context_figures": refs})


def ground_sources(evidence: Evidence, ground: Ground) -> list[Source]:
    return [s for s in evidence.sources if ground in s.grounds]


def add_source(evidence: Evidence, ground: Ground, title: str, reference: str = "") -> Evidence:
    source = Source(title=title, reference=reference, grounds=[ground])
    return evidence.model_copy(update={"sources": [*evidence.sources, source]})


def ground_gap(evidence: Evidence, ground: Ground) -> DataGap | None:
    """The first recorded gap that concerns the ground: the one its step edits."""
    return next((gap for gap in evidence.gaps if ground in gap.grounds), None)


def record_gap(evidence: Evidence, ground: Ground, description: str, plan: str) -> Evidence:
    """Record (or change) the ground's gap: what is not known, and how it will be filled."""
    current = ground_gap(evidence, ground)
    if current is None:
        gaps = [*evidence.gaps, DataGap(description=description, plan=plan, grounds=[ground])]
    else:
        changed = DataGap.model_validate({**current.model_dump(), "description": description,
                                          "plan": plan})
        gaps = [changed if gap is current else gap for gap in evidence.gaps]
    return evidence.model_copy(update={"gaps": gaps})
