"""Altair charts of context figures for the app: pure builders (figures in, chart out) and
offline rendering.

They draw the rows and words of `eia.chart_rows`, as the statement's vector charts do, and keep
its rules: no bar for a withheld value, intervals where known, worse-off gaps marked by word and
outline as well as colour, Okabe–Ito colours, and the synthetic mark on the chart itself. Nothing
here imports streamlit, and the statement does not import this module (Altair is heavy).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeAlias

import altair as alt

from eia.chart_rows import (
    COMPARISON_COLOUR,
    GROUP_COLOUR,
    INK,
    NOT_JUDGED_COLOUR,
    NOT_WORSE_COLOUR,
    OKABE_ITO,
    SERIES,
    SYNTHETIC_COLOUR,
    SYNTHETIC_MARK,
    WORDS,
    WORSE_COLOUR,
    WORSE_WORD,
    axis_title,
    bars_notes,
    by_indicator,
    chart_rows,
    footer_lines,
    gap_axis_title,
    gap_notes,
    gap_rows,
    gap_unit,
    title_lines,
    unit_title,
    without_mirrors,
    wrap_lines,
)
from eia.context.model import Figure
from eia.i18n import Lang

__all__ = ["OKABE_ITO", "SYNTHETIC_MARK", "WORSE_WORD", "chart_rows", "gap_chart",
           "grouped_bars", "to_png", "to_svg"]

AnyChart: TypeAlias = alt.Chart | alt.LayerChart | alt.VConcatChart
"""What the builders return: a layered chart inside a titled concat (Altair's top-level kinds)."""

PLOT_WIDTH = 440
BAR_PX = 20
PAIR_GAP_PX = 14
GAP_ROW_PX = 30
LABEL_ROOM_PX = 130
"""Pixels kept free beside the gap bars' ends for labels such as '+41 p.e. · sämre'."""
VALUE_ROOM_PX = 70
"""Pixels kept free beside the value bars' ends for labels such as '61,5 %'."""
FOOTER_WRAP = 105
TITLE_WRAP = 70


# --- Titles, footers, marks ----------------------------------------------------------------------


def _title(figures: Sequence[Figure], lang: Lang, unit_line: str) -> alt.Title:
    """Indicator title (with the synthetic mark first when made up), unit, period and direction."""
    title = title_lines(figures, lang, unit_line)
    text = [line for head in title.lines for line in wrap_lines([head], TITLE_WRAP)]
    return alt.Title(
        text=text,
        subtitle=title.subtitle,
        anchor="start",
        color=SYNTHETIC_COLOUR if title.synthetic else INK,
        subtitleColor=INK,
    )


def _footer(figures: Sequence[Figure], lang: Lang, notes: Sequence[str]) -> alt.Title:
    """The caption under the chart: how to read it, the source citation and the licence."""
    footer = footer_lines(figures, lang, notes)
    return alt.Title(
        text=wrap_lines(footer.lines, FOOTER_WRAP),
        subtitle=wrap_lines(footer.synthetic, FOOTER_WRAP),
        orient="bottom",
        anchor="start",
        frame="bounds",
        fontSize=11,
        fontWeight="normal",
        color=INK,
        subtitleFontSize=11,
        subtitleFontWeight="bold",
        subtitleColor=SYNTHETIC_COLOUR,
        offset=14,
    )


def _watermark(lang: Lang, height: int) -> alt.Chart:
    """The synthetic mark drawn across the plot itself, so a cropped chart still carries it."""
    return alt.Chart(alt.Data(values=[{"mark": SYNTHETIC_MARK(lang)}])).mark_text(
        fontSize=18, fontWeight="bold", color=SYNTHETIC_COLOUR, opacity=0.35,
        align="center", baseline="middle",
    ).encode(
        x=alt.value(PLOT_WIDTH / 2),
        y=alt.value(height / 2),
        text=alt.Text("mark:N"),
    )


def _config(lang: Lang) -> alt.Config:
    """Readable sizes and the language's number format for axis labels (decimal comma in sv)."""
    number = (
        {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]}
        if lang is Lang.sv else
        {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " SEK"]}
    )
    return alt.Config(
        locale=alt.Locale(number=alt.NumberLocale(**number)),
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, labelColor=INK, titleColor=INK),
        legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12, orient="top", labelLimit=260),
        title=alt.TitleConfig(fontSize=16, subtitleFontSize=12),
    )


Datasets: TypeAlias = dict[str, list[dict[str, Any]]]
Panel: TypeAlias = tuple[alt.LayerChart, alt.Title]
"""One indicator's plot (with its footer) and its title, before they are put together."""


def _named(datasets: Datasets, rows: list[dict[str, Any]]) -> alt.NamedData:
    """Store rows once at the top level (Vega-Lite `datasets`), not inline in every layer: the
    spec stays small and Altair has less to deep-copy on each chart operation."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    name = "rows-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    datasets[name] = rows
    return alt.NamedData(name=name)


def _per_indicator(
    figures: Sequence[Figure], lang: Lang | str,
    build: Callable[[list[Figure], Lang, Datasets], Panel],
) -> alt.VConcatChart:
    """One panel per indicator, each with its own axes and legend; top-level parts set once."""
    lang = Lang(lang)
    if not figures:
        raise ValueError(WORDS["no_figures"](lang))
    datasets: Datasets = {}
    panels = [build(group, lang, datasets) for group in by_indicator(figures)]
    if len(panels) == 1:
        body, title = panels[0]
        return alt.VConcatChart(vconcat=[body], title=title, config=_config(lang),
                                datasets=datasets)
    independent = "independent"
    return alt.VConcatChart(
        vconcat=[alt.VConcatChart(vconcat=[body], title=title) for body, title in panels],
        spacing=48,
        resolve=alt.Resolve(
            scale=alt.ScaleResolveMap(color=independent, x=independent, y=independent),
            legend=alt.LegendResolveMap(color=independent),
        ),
        config=_config(lang),
        datasets=datasets,
    )


def _row_axis() -> alt.Axis:
    """Row labels may hold two lines ('group' / 'compared with comparison')."""
    return alt.Axis(labelLimit=220, labelExpr="split(datum.label, '\\n')", labelFontSize=12)


# --- Grouped bars --------------------------------------------------------------------------------


def grouped_bars(figures: Sequence[Figure], lang: Lang | str) -> alt.VConcatChart:
    """Each group's value beside its comparison's, with intervals; one panel per indicator."""
    return _per_indicator(figures, lang, _grouped_one)


def _grouped_one(figures: list[Figure], lang: Lang, datasets: Datasets) -> Panel:
    rows = chart_rows(figures, lang)
    info = figures[0].indicator
    pairs = list(dict.fromkeys(r["pair"] for r in rows))
    group_name = rows[0]["series_name"]
    comparison_name = rows[1]["series_name"]
    height = len(pairs) * (2 * BAR_PX + PAIR_GAP_PX)
    tops = [r["label_at"] for r in rows if r["label_at"] is not None]
    lows = [min(r["value"], r["ci_low"] if r["ci_low"] is not None else r["value"])
            for r in rows if r["value"] is not None]
    low = min([0.0, *lows])
    high = max([0.0, *tops])
    span = (high - low) or 1.0
    roomy = high + span * VALUE_ROOM_PX / (PLOT_WIDTH - VALUE_ROOM_PX)
    # A share cannot pass 100 %, so an axis running on to 120 would look like an error.
    high = min(roomy, 100.0) if info.unit == "%" and high <= 100 < roomy else roomy

    data = _named(datasets, rows)
    base = alt.Chart(data).encode(
        y=alt.Y("pair:N", sort=pairs, title=None, axis=_row_axis()),
        yOffset=alt.YOffset("series:N", sort=list(SERIES), scale=alt.Scale(domain=list(SERIES))),
    )
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=True)
    # With every value withheld nothing is drawn, and an axis or legend would suggest otherwise.
    drawn = any(r["value"] is not None for r in rows)
    x_axis = alt.Axis(tickCount=6) if drawn else None
    tooltip = [
        alt.Tooltip("indicator:N", title=WORDS["indicator"](lang)),
        alt.Tooltip("label:N", title=WORDS["group"](lang)),
        alt.Tooltip("value_text:N", title=WORDS["value"](lang)),
        alt.Tooltip("ci_text:N", title=WORDS["ci"](lang)),
        alt.Tooltip("base_text:N", title=WORDS["base"](lang)),
        alt.Tooltip("citation:N", title=WORDS["source"](lang)),
    ]
    bars = base.transform_filter("isValid(datum.value)").mark_bar(
        height=BAR_PX - 2,
    ).encode(
        x=alt.X("value:Q", scale=x_scale, title=axis_title(info.unit, lang), axis=x_axis),
        color=alt.Color(
            "series_name:N",
            scale=alt.Scale(domain=[group_name, comparison_name],
                            range=[GROUP_COLOUR, COMPARISON_COLOUR]),
            legend=alt.Legend(title=None) if drawn else None,
        ),
        tooltip=tooltip,
    )
    intervals = base.transform_filter(
        "isValid(datum.ci_low) && isValid(datum.ci_high)"
    ).mark_errorbar(ticks=alt.TickConfig(color=INK, size=8), color=INK, thickness=1.5).encode(
        x=alt.X("ci_low:Q", scale=x_scale, title=axis_title(info.unit, lang), axis=x_axis),
        x2=alt.X2("ci_high:Q"),
    )
    values = base.transform_filter("isValid(datum.value)").mark_text(
        align="left", baseline="middle", dx=5, fontSize=12, color=INK,
    ).encode(x=alt.X("label_at:Q", scale=x_scale, axis=x_axis), text=alt.Text("value_text:N"),
             tooltip=tooltip)
    notes = base.transform_filter("!isValid(datum.value)").mark_text(
        align="left", baseline="middle", dx=4, fontSize=11, fontStyle="italic", color=INK,
        limit=PLOT_WIDTH - 8,
    ).encode(x=alt.datum(0, scale=x_scale, axis=x_axis), text=alt.Text("note:N"),
             tooltip=tooltip)

    layers: list[alt.Chart] = [bars, intervals, values, notes]
    if any(f.synthetic for f in figures):
        layers.append(_watermark(lang, height))
    body = alt.layer(*layers, title=_footer(figures, lang, bars_notes(rows, lang))).properties(
        width=PLOT_WIDTH, height=height,
    )
    unit_line = f"{WORDS['unit'](lang)}: {unit_title(info.unit, lang)}"
    return body, _title(figures, lang, unit_line)


# --- Gap chart -----------------------------------------------------------------------------------


def gap_chart(figures: Sequence[Figure], lang: Lang | str) -> alt.VConcatChart:
    """The gap (group − comparison) per row, diverging from zero; worse-off gaps labelled."""
    return _per_indicator(without_mirrors(figures, keep_worse=True), lang, _gap_one)



def _gap_one(figures: list[Figure], lang: Lang, datasets: Datasets) -> Panel:
    info = figures[0].indicator
    rows = gap_rows(figures, lang)
    pairs = [r["pair"] for r in rows]
    measures = chart_rows(figures, lang)
    group_name, comparison_name = measures[0]["series_name"], measures[1]["series_name"]
    gaps = [r["gap"] for r in rows if r["gap"] is not None]
    low, high = min([0.0, *gaps]), max([0.0, *gaps])
    sides = (low < 0) + (high > 0) or 1
    frac = LABEL_ROOM_PX / PLOT_WIDTH
    total = ((high - low) or 1.0) / (1 - sides * frac)
    if low < 0:
        low -= total * frac
    if high > 0 or low == 0:
        high += total * frac
    two_lines = any("\n" in pair for pair in pairs)
    height = max(len(rows), 1) * (GAP_ROW_PX + (12 if two_lines else 0))

    data = _named(datasets, rows)
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=True)
    x_title = gap_axis_title(group_name, comparison_name, info.unit, lang)
    base = alt.Chart(data).encode(
        y=alt.Y("pair:N", sort=pairs, title=None, axis=_row_axis()),
    )
    colours = {
        WORDS["worse_off"](lang): WORSE_COLOUR,
        WORDS["not_worse_off"](lang): NOT_WORSE_COLOUR,
        WORDS["not_judged"](lang): NOT_JUDGED_COLOUR,
    }
    present = {r["judgement"] for r in rows}
    judgements = [j for j in colours if j in present]
    drawn = bool(judgements)
    x_axis = alt.Axis(tickCount=6) if drawn else None
    tooltip = [
        alt.Tooltip("indicator:N", title=WORDS["indicator"](lang)),
        alt.Tooltip("group:N", title=WORDS["group"](lang)),
        alt.Tooltip("comparison:N", title=WORDS["comparison"](lang)),
        alt.Tooltip("gap_text:N", title=WORDS["gap"](lang)),
        alt.Tooltip("judgement:N", title=WORDS["judgement"](lang)),
        alt.Tooltip("citation:N", title=WORDS["source"](lang)),
    ]
    bars = base.transform_filter("isValid(datum.gap)").mark_bar(
        height=GAP_ROW_PX - 10, stroke=INK,
    ).encode(
        x=alt.X("gap:Q", scale=x_scale, title=x_title, axis=x_axis),
        color=alt.Color(
            "judgement:N",
            scale=alt.Scale(domain=judgements or list(colours),
                            range=[colours[j] for j in judgements or colours]),
            legend=alt.Legend(title=None) if drawn else None,
        ),
        strokeWidth=alt.condition("datum.worse_off", alt.value(2.5), alt.value(0)),
        tooltip=tooltip,
    )
    label_style = {"baseline": "middle", "fontSize": 12, "color": INK}
    right = base.transform_filter("datum.side == 'pos'").mark_text(
        align="left", dx=5, **label_style,
    ).encode(
        x=alt.X("gap:Q", scale=x_scale, axis=x_axis), text=alt.Text("gap_text:N"),
        tooltip=tooltip,
    )
    left = base.transform_filter("datum.side == 'neg'").mark_text(
        align="right", dx=-5, **label_style,
    ).encode(
        x=alt.X("gap:Q", scale=x_scale, axis=x_axis), text=alt.Text("gap_text:N"),
        tooltip=tooltip,
    )
    notes = base.transform_filter("!isValid(datum.gap)").mark_text(
        align="left", baseline="middle", dx=6, fontSize=11, fontStyle="italic", color=INK,
        limit=PLOT_WIDTH - 8,
    ).encode(x=alt.datum(low, scale=x_scale, axis=x_axis), text=alt.Text("note:N"),
             tooltip=tooltip)
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(
        color=INK, strokeWidth=1.5,
    ).encode(x=alt.X("zero:Q", scale=x_scale, axis=x_axis))

    layers: list[alt.Chart] = [bars, *([zero] if drawn else []), right, left, notes]
    if any(f.synthetic for f in figures):
        layers.append(_watermark(lang, height))
    body = alt.layer(*layers, title=_footer(figures, lang, gap_notes(rows, lang))).properties(
        width=PLOT_WIDTH, height=height,
    )
    unit_line = f"{WORDS['unit'](lang)}: {gap_unit(info.unit, lang)}"
    return body, _title(figures, lang, unit_line)


# --- Rendering -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes, if vl-convert bundles it (else its own default)."""
    import vl_convert

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def _spec(chart: AnyChart) -> dict[str, Any]:
    """The Vega-Lite spec, not validated again: the tests validate every shape these builders
    make, and Altair's schema check would be half of a statement's rendering time."""
    return chart.to_dict(validate=False)


def to_png(chart: AnyChart, scale: float = 2) -> bytes:
    """Render offline (no browser, no network) for the PDF statement."""
    import vl_convert

    return vl_convert.vegalite_to_png(_spec(chart), vl_version=_vl_version(), scale=scale)


def to_svg(chart: AnyChart) -> str:
    """Render offline to SVG, e.g. for the Markdown or web statement."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_spec(chart), vl_version=_vl_version())
