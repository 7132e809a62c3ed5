"""Annex section 3: the officer's evidence, the context figures' sources and vintage, and per
relevant ground the charts that say most (with their descriptions as text alternatives)."""

from __future__ import annotations

from collections.abc import Sequence

from eia.chart_rows import category_key, direction_key, without_mirrors
from eia.context.model import CATEGORIES, DIMENSION_GROUND, Dimension, Figure, Measure
from eia.i18n import format_number
from eia.model import Ground
from eia.questions.schema import Step
from eia.statement.content.source import Source, answers_table, date_text, sections_of
from eia.statement.model import (
    Block,
    Bullets,
    Chart,
    Paragraph,
    Section,
    Table,
)

# --- charts ---------------------------------------------------------------------------------

MAX_CHARTS = 2
"""Charts per relevant ground in the evidence annex: the two most telling (cited, real, listed
beside the ground's questions, worse off) say what a reader needs; more would only lengthen the
annex (and each costs about 80 ms to draw)."""
MAX_CHART_ROWS = 10
"""Comparisons per chart: more would not be read, and the PDF page has a height."""
# --- annex 3: evidence and charts -------------------------------------------------------------


def _indicator_titles(src: Source) -> dict[str, str]:
    if src.context is None:
        return {}
    return {f.indicator.id: f.indicator.title(src.lang)
            for ground in src.context.grounds for f in ground.figures}


def _officer_evidence(src: Source) -> list[Block]:
    ev = src.assessment.evidence
    titles = _indicator_titles(src)
    blocks: list[Block] = []
    if ev.context_figures:
        blocks.append(Table(
            columns=[src.tx("col_indicator"), src.tx("col_grounds"), src.tx("col_note")],
            rows=[[f"{titles[ref.indicator]} ({ref.indicator})" if ref.indicator in titles
                   else ref.indicator, src.names(ref.grounds), ref.note] for ref in
                  ev.context_figures],
            widths=[3, 3, 4], caption=src.tx("figures_caption")))
    else:
        blocks.append(Paragraph(text=src.tx("no_figures_cited"), style="note"))
    if ev.sources:
        blocks.append(Table(
            columns=[src.tx("col_title"), src.tx("col_grounds"), src.tx("col_reference"),
                     src.tx("col_summary")],
            rows=[[s.title, src.names(s.grounds), s.reference, s.summary] for s in ev.sources],
            widths=[3, 2, 2, 4], caption=src.tx("sources_caption")))
    else:
        blocks.append(Paragraph(text=src.tx("no_sources"), style="note"))
    if ev.gaps:
        blocks.append(Table(
            columns=[src.tx("description"), src.tx("col_grounds"), src.tx("col_plan"),
                     src.tx("col_due")],
            rows=[[g.description, src.names(g.grounds), g.plan, date_text(g.due, src)]
                  for g in ev.gaps],
            widths=[4, 2, 4, 1.5], caption=src.tx("gaps_caption")))
    else:
        blocks.append(Paragraph(text=src.tx("no_officer_gaps"), style="note"))
    return blocks


def _vintage_rows(src: Source) -> list[tuple[str, str, str, bool]]:
    """(source, citation, periods, synthetic) of every context figure, sorted by source."""
    if src.context is None:
        return []
    found: dict[str, tuple[str, set[str], bool]] = {}
    for ground in src.context.grounds:
        for figure in ground.figures:
            info = figure.indicator
            entry = found.setdefault(info.source, (info.citation, set(), info.synthetic))
            entry[1].add(figure.period)
    return [(source, citation, ", ".join(sorted(periods)), synthetic)
            for source, (citation, periods, synthetic) in sorted(found.items())]


def vintage(src: Source) -> str:
    """Short, for the foot of every page: source and periods, synthetic ones marked."""
    rows = _vintage_rows(src)
    if not rows:
        return src.tx("no_context_data")
    return "; ".join(f"{source} {periods}" + (f" ({src.tx('synthetic_word')})" if synthetic
                                              else "")
                     for source, _, periods, synthetic in rows)


def _context_blocks(src: Source) -> list[Block]:
    if src.context is None:
        return [Paragraph(text=src.tx("no_context"), style="note")]
    blocks: list[Block] = [Paragraph(text=src.tx("context_areas", names=", ".join(
        dict.fromkeys(f.area_name for g in src.context.grounds for f in g.figures))
        or ", ".join(src.context.areas)))]
    if src.context.unmatched:
        names = ", ".join(src.context.unmatched)
        blocks.append(Paragraph(text=src.tx("unmatched_areas", names=names), style="warning"))
    rows = _vintage_rows(src)
    if rows:
        blocks.append(Table(
            columns=[src.tx("col_source"), src.tx("col_periods"), src.tx("col_reference")],
            rows=[[source + (f" ({src.tx('synthetic_word')})" if synthetic else ""), periods,
                   citation] for source, citation, periods, synthetic in rows],
            widths=[2, 1, 6], caption=src.tx("vintage_caption")))
    gaps = [gap.reason(src.lang) for ground in src.context.grounds for gap in ground.gaps]
    if gaps:
        blocks += [Paragraph(text=src.tx("context_gaps")), Bullets(items=gaps)]
    return blocks


def _is_plain(figure: Figure) -> bool:
    """A figure of the breakdown alone (women against men), not crossed with another (women
    aged 18–29 against men aged 18–29): its group is exactly one category of the breakdown."""
    if figure.dimension is None:
        return True
    if figure.group.codes:
        return len(figure.group.codes) == 1
    categories = CATEGORIES[Dimension(figure.dimension)]
    return category_key(figure.group) in {key for c in categories for key in (c.code, c.label.en)}


def _shown(measure: Measure) -> bool:
    return measure.value is not None and measure.suppressed is None


ChartKey = tuple[str, str, str, str | None]
"""(indicator, source, period, dimension): one chart never mixes sources or vintages."""


def _chart_units(src: Source, ground: Ground, figures: Sequence[Figure]) -> dict[ChartKey,
                                                                                list[Figure]]:
    """The ground's own breakdown (or area comparisons); plain rows where there are any."""
    dimension = next((d for d, g in DIMENSION_GROUND.items() if g is ground), None)
    units: dict[ChartKey, list[Figure]] = {}
    for figure in figures:
        if dimension is not None and figure.dimension not in (dimension, None):
            continue
        key = (figure.indicator.id, figure.indicator.source, figure.period,
               None if figure.dimension is None else str(figure.dimension))
        units.setdefault(key, []).append(figure)
    chosen: dict[ChartKey, list[Figure]] = {}
    for key, unit in units.items():
        plain = [f for f in unit if _is_plain(f)] or unit
        rows = without_mirrors(plain)[:MAX_CHART_ROWS]
        if any(_shown(f.group) for f in rows):
            chosen[key] = rows
    return chosen


def _listed_indicators(src: Source, ground: Ground) -> list[str]:
    """Indicators the set shows beside the ground's questions, in question order."""
    listed = [i for q in src.question_set.questions() if q.ground is ground for i in q.indicators]
    return list(dict.fromkeys(listed))


def _cited_indicators(src: Source, ground: Ground) -> set[str]:
    return {ref.indicator for ref in src.assessment.evidence.context_figures
            if not ref.grounds or ground in ref.grounds}


def _pick_charts(src: Source, ground: Ground, figures: Sequence[Figure]) -> list[list[Figure]]:
    """At most MAX_CHARTS: indicators the officer cited, then real before made-up figures, then
    those the set lists beside the ground's questions, then those showing a worse-off group."""
    units = _chart_units(src, ground, figures)
    listed = _listed_indicators(src, ground)
    cited = _cited_indicators(src, ground)

    def rank(key: ChartKey) -> tuple[object, ...]:
        indicator = key[0]
        rows = units[key]
        return (indicator not in cited, rows[0].synthetic, indicator not in listed,
                not any(f.worse_off for f in rows),
                listed.index(indicator) if indicator in listed else 0, key[0], key[2],
                key[3] or "", key[1])

    ranked = sorted(units, key=rank)
    first: dict[tuple[str, bool], ChartKey] = {}
    for key in ranked:  # one chart per indicator and kind of data, while others wait
        first.setdefault((key[0], units[key][0].synthetic), key)
    distinct = list(first.values())
    keys = [*distinct, *(key for key in ranked if key not in distinct)][:MAX_CHARTS]
    return [units[key] for key in keys]


def _value(measure: Measure, unit: str, src: Source) -> str:
    if _shown(measure) and measure.value is not None:
        return f"{format_number(measure.value, src.lang)} {unit}"
    reason = measure.suppressed(src.lang) if measure.suppressed else src.tx("no_figure")
    return f"({src.tx('withheld')}: {reason})" if measure.suppressed else f"({reason})"


def _chart_description(src: Source, figures: Sequence[Figure]) -> str:
    """The chart in words, for readers who cannot see it: every group and value."""
    info = figures[0].indicator
    pairs = []
    for f in figures:
        text = src.tx("chart_pair", group=f.group.label(src.lang),
                    value=_value(f.group, info.unit, src),
                    comparison=f.comparison.label(src.lang),
                    comparison_value=_value(f.comparison, info.unit, src))
        notes = []
        if f.gap is not None and _shown(f.group) and _shown(f.comparison):
            sign = "+" if f.gap > 0 else ""
            unit = src.tx("percentage_points") if info.unit == "%" else info.unit
            notes.append(src.tx("chart_gap", gap=f"{sign}{format_number(f.gap, src.lang)} {unit}"))
            if f.worse_off:
                notes.append(src.tx("chart_worse"))
        pairs.append(f"{text} ({', '.join(notes)})" if notes else text)
    direction = src.tx(direction_key(info.higher_is_better))
    return src.tx("chart_description", indicator=info.title(src.lang),
                unit=f"{info.unit}, {direction}", areas=_areas_of(figures),
                period=figures[0].period, citation=info.citation.rstrip(". "),
                synthetic=src.tx("chart_synthetic") + " " if info.synthetic else "",
                pairs="; ".join(pairs))


def _areas_of(figures: Sequence[Figure]) -> str:
    return ", ".join(dict.fromkeys(f.area_name for f in figures))


def _chart(src: Source, figures: list[Figure]) -> Chart:
    """Bars show both values; many groups against one comparison read better as gaps."""
    comparisons = {category_key(f.comparison) for f in figures}
    gaps = len(figures) >= 5 and len(comparisons) == 1 and all(
        f.gap is not None for f in figures)
    info = figures[0].indicator
    title = src.tx("chart_title_synthetic" if info.synthetic else "chart_title",
                 indicator=info.title(src.lang), period=figures[0].period,
                 areas=_areas_of(figures))
    return Chart(chart="gap" if gaps else "bars", title=title, figures=figures,
                 description=_chart_description(src, figures))


def _evidence_ground(src: Source, ground: Ground, figures: Sequence[Figure]) -> Section:
    charts = [_chart(src, unit) for unit in _pick_charts(src, ground, figures)]
    synthetic = any(chart.synthetic for chart in charts)
    blocks: list[Block] = []
    if synthetic:
        blocks.append(Paragraph(text=src.tx("synthetic_warning"), style="warning"))
    blocks += charts or [Paragraph(text=src.tx("no_charts"), style="note")]
    return Section(id=f"evidence_{ground.value}", level=2, synthetic=synthetic,
                   title=src.tx("s_evidence_ground", ground=src.label(ground)), blocks=blocks)


def evidence_sections(src: Source) -> list[Section]:
    blocks = [*_officer_evidence(src), *_context_blocks(src),
              *answers_table(src, sections_of(src, Step.evidence))]
    sections = [Section(id="evidence", title=src.tx("s_evidence"), blocks=blocks)]
    if src.context is not None:
        relevant = {g.ground for g in src.relevant()}
        sections += [_evidence_ground(src, gc.ground, gc.figures) for gc in src.context.grounds
                     if gc.ground in relevant]
    return sections

