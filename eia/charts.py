"""Altair charts of context figures: pure builders (figures in, chart out) and offline rendering.

The charts sit beside an officer's answers and in the annex of a signed statement, so they must not
mislead: a withheld or missing value never becomes a bar (a bar of height 0 would read as a real
zero), intervals are drawn where known, worse-off gaps are marked by text and outline as well as
colour, colours come from the colour-blind-safe Okabe–Ito palette, and made-up figures carry a
visible mark on the chart itself. Nothing here imports streamlit; the UI and the PDF both call it.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeAlias

import altair as alt

from eia.context.model import Figure, Measure
from eia.i18n import Lang, Text, format_number, t

AnyChart: TypeAlias = alt.Chart | alt.LayerChart | alt.VConcatChart
"""What the builders return: a layered chart inside a titled concat (Altair's top-level kinds)."""

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""Okabe & Ito (2008), 'Color Universal Design': eight colours told apart under the common kinds
of colour blindness. Every colour a chart's marks use comes from here."""

GROUP_COLOUR = OKABE_ITO["blue"]
COMPARISON_COLOUR = OKABE_ITO["orange"]
WORSE_COLOUR = OKABE_ITO["vermillion"]
NOT_WORSE_COLOUR = OKABE_ITO["blue"]
NOT_JUDGED_COLOUR = OKABE_ITO["sky_blue"]
INK = OKABE_ITO["black"]
SYNTHETIC_COLOUR = OKABE_ITO["vermillion"]

SYNTHETIC_MARK = t("SYNTETISKA DATA – påhittade siffror", "SYNTHETIC DATA – made-up figures")
WORSE_WORD = t("sämre", "worse")

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

_T: dict[str, Text] = {
    "group": t("Grupp", "Group"),
    "all": t("Samtliga", "All"),
    "versus": t("jämfört med", "compared with"),
    "area": t("Området", "Area"),
    "comparison": t("Jämförelsegrupp", "Comparison group"),
    "unit": t("Enhet", "Unit"),
    "period": t("Period", "Period"),
    "area_label": t("Område", "Area"),
    "higher_better": t("Högre värden är bättre.", "Higher values are better."),
    "lower_better": t("Lägre värden är bättre.", "Lower values are better."),
    "per_cent": t("procent", "per cent"),
    "pp": t("procentenheter", "percentage points"),
    "pp_short": t("p.e.", "pp"),
    "source": t("Källa", "Source"),
    "licence": t("Licens", "Licence"),
    "value": t("Värde", "Value"),
    "ci": t("Konfidensintervall", "Confidence interval"),
    "base": t("Underlag (n)", "Base (n)"),
    "indicator": t("Indikator", "Indicator"),
    "gap": t("Skillnad", "Gap"),
    "judgement": t("Bedömning", "Judgement"),
    "withheld": t("Utelämnad", "Withheld"),
    "missing": t("Uppgift saknas", "No figure"),
    "ci_note": t(
        "Tunna linjer med ändstreck visar konfidensintervall där de är kända.",
        "Thin lines with end ticks show confidence intervals where known.",
    ),
    "withheld_note": t(
        "Utelämnade eller saknade uppgifter visas som text, aldrig som en stapel.",
        "Withheld or missing figures are shown as text, never as a bar.",
    ),
    "gap_note": t(
        "Skillnad = gruppens värde minus jämförelsegruppens. Sämre ställda grupper är märkta "
        "'sämre' och har svart kant, inte bara en annan färg.",
        "Gap = the group's value minus its comparison group's. Worse-off groups are labelled "
        "'worse' and outlined in black, not told apart by colour alone.",
    ),
    "synthetic_note": t(
        "Siffrorna är påhittade för att visa verktyget och beskriver inga verkliga människor. "
        "Använd dem inte som underlag för beslut.",
        "The figures are made up to demonstrate the tool and describe no real people. "
        "Do not base decisions on them.",
    ),
    "worse_off": t("Sämre ställd", "Worse off"),
    "not_worse_off": t("Inte sämre ställd", "Not worse off"),
    "not_judged": t("Ej bedömt", "Not judged"),
    "gap_axis": t("Skillnad mot jämförelsegruppen", "Gap to the comparison group"),
    "no_figures": t("Inga uppgifter att visa.", "No figures to show."),
}

SERIES = ("group", "comparison")


# --- Formatting ----------------------------------------------------------------------------------


def _num(value: float, lang: Lang) -> str:
    """Whole numbers from 100 up (a chart label has little room); a typographic minus."""
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    text = format_number(abs(value), lang, decimals)
    return ("−" if value < 0 and text.strip("0,.") else "") + text


def _with_unit(number: str, unit: str, lang: Lang) -> str:
    if unit == "%":
        return f"{number}\u00a0%" if lang is Lang.sv else f"{number}%"
    return f"{number}\u00a0{unit}"


def _value_text(value: float, unit: str, lang: Lang) -> str:
    return _with_unit(_num(value, lang), unit, lang)


def _gap_unit(unit: str, lang: Lang, *, short: bool = False) -> str:
    """A difference of two percentages is in percentage points, not per cent."""
    if unit == "%":
        return _T["pp_short" if short else "pp"](lang)
    return unit


def _gap_text(gap: float, unit: str, lang: Lang) -> str:
    sign = "+" if gap > 0 else ""
    return f"{sign}{_num(gap, lang)}\u00a0{_gap_unit(unit, lang, short=True)}"


def _unit_title(unit: str, lang: Lang) -> str:
    return _T["per_cent"](lang) if unit == "%" else unit


def _axis_title(unit: str, lang: Lang) -> str:
    """'Procent' for %, otherwise the unit as written ('kr' must not become 'Kr')."""
    return _T["per_cent"](lang).capitalize() if unit == "%" else unit


def _wrap(lines: Sequence[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width=width) or [""])
    return out


# --- Tidy rows -----------------------------------------------------------------------------------


def _withheld(measure: Measure) -> bool:
    return measure.suppressed is not None or measure.value is None


def _note(measure: Measure, lang: Lang) -> str | None:
    """The text shown in place of a bar: why the figure is withheld or missing."""
    if measure.suppressed is not None:
        return f"{_T['withheld'](lang)}: {measure.suppressed(lang)}"
    if measure.value is None:
        status = f" ({measure.status})" if measure.status else ""
        return f"{_T['missing'](lang)}{status}"
    return None


def _gap(figure: Figure) -> float | None:
    """The figure's gap, or None when either side is withheld (never derive a withheld value)."""
    if _withheld(figure.group) or _withheld(figure.comparison):
        return None
    if figure.gap is not None or figure.group.value is None or figure.comparison.value is None:
        return figure.gap
    return figure.group.value - figure.comparison.value


def _split_common(group: str, comparison: str) -> tuple[str, str, str] | None:
    """Split 'Kvinnor, 18–29 år' / 'Män, 18–29 år' into ('18–29 år', 'Kvinnor', 'Män');
    'Kvinnor' / 'Män' into ('', 'Kvinnor', 'Män')."""
    gw, cw = group.split(), comparison.split()
    shortest = min(len(gw), len(cw))
    pre = 0
    while pre < shortest and gw[pre] == cw[pre]:
        pre += 1
    suf = 0
    while suf < shortest - pre and gw[-1 - suf] == cw[-1 - suf]:
        suf += 1
    common = " ".join(gw[:pre] + gw[len(gw) - suf:]).strip(" ,:;–-")
    g_rest = " ".join(gw[pre:len(gw) - suf]).strip(" ,:;–-")
    c_rest = " ".join(cw[pre:len(cw) - suf]).strip(" ,:;–-")
    if not (g_rest and c_rest):
        return None
    return common, g_rest, c_rest


def _labels(figures: Sequence[Figure], lang: Lang) -> tuple[list[str], str, str]:
    """A row label per figure and the legend names of the two series.

    The legend names the groups when they are the same on every row (women vs men by age band);
    otherwise the rows name them and the legend says 'group' / 'comparison group'.
    """
    groups = [f.group.label(lang) for f in figures]
    comps = [f.comparison.label(lang) for f in figures]
    areas = [f.area_name for f in figures]
    periods = [f.period for f in figures]

    def extend(pairs: list[str]) -> list[str]:
        for extra in (periods, areas):
            if len(set(pairs)) < len(pairs) and len(set(extra)) > 1:
                pairs = [f"{p} · {e}" for p, e in zip(pairs, extra, strict=True)]
        if len(set(pairs)) < len(pairs):
            pairs = [f"{p} ({i})" for i, p in enumerate(pairs, start=1)]
        return pairs

    if len(set(groups)) == 1 and len(set(comps)) == 1 and groups[0] != comps[0]:
        rows = periods if len(set(areas)) == 1 and len(set(periods)) > 1 else areas
        return extend(list(rows)), groups[0], comps[0]
    split = [_split_common(g, c) for g, c in zip(groups, comps, strict=True)]
    if len(figures) > 1 and all(split):
        # The plain breakdown (women vs men) beside crossed ones (women vs men aged 18–29).
        commons = [(s[0][:1].upper() + s[0][1:] or _T["all"](lang)) for s in split if s]
        g_names = {s[1] for s in split if s}
        c_names = {s[2] for s in split if s}
        if len(g_names) == 1 and len(c_names) == 1 and g_names != c_names:
            return extend(commons), g_names.pop(), c_names.pop()
    generic = _T["area" if all(f.dimension is None for f in figures) else "group"](lang)
    comparison = comps[0] if len(set(comps)) == 1 else _T["comparison"](lang)
    pairs = groups if len(set(comps)) == 1 else [
        f"{g}\n{_T['versus'](lang)} {c}" for g, c in zip(groups, comps, strict=True)
    ]
    return extend(pairs), generic, comparison


def without_mirrors(figures: Sequence[Figure], *, keep_worse: bool = False) -> list[Figure]:
    """A breakdown compares women with men and also men with women; the mirror image adds no
    new number, so each pair appears once: in the orientation first seen, or (for the gap
    chart, `keep_worse`) in the one whose group is worse off."""
    out: list[Figure] = []
    seen: dict[tuple[Any, ...], int] = {}
    for figure in figures:
        labels = (figure.group.label, figure.comparison.label)
        key = (figure.indicator.id, figure.area, figure.period, figure.dimension,
               frozenset(labels))
        kept = seen.get(key)
        if figure.dimension is not None and kept is not None and (
                out[kept].group.label, out[kept].comparison.label) == labels[::-1]:
            if keep_worse and figure.worse_off and not out[kept].worse_off:
                out[kept] = figure
            continue
        seen.setdefault(key, len(out))
        out.append(figure)
    return out


def chart_rows(figures: Sequence[Figure], lang: Lang | str) -> list[dict[str, Any]]:
    """The tidy data behind the charts: one row per figure and series ('group'/'comparison'),
    figures grouped by indicator. Keys: indicator (title), area_name, period, pair (the row
    label), series, series_name (the legend), label, value, ci_low, ci_high, base, unit,
    suppressed (the reason), note, value_text, ci_text, gap, gap_text, worse_off, citation,
    licence, synthetic, and a few more for tooltips and placement.

    Mirror images (men vs women after women vs men) appear once. A withheld or missing measure
    has value, interval and base None and carries its reason in `suppressed` / `note`, and its
    figure has no gap, so nothing downstream can draw it as a number (a bar of height 0 would
    read as a real zero).
    """
    lang = Lang(lang)
    rows: list[dict[str, Any]] = []
    for indicator_figures in _by_indicator(without_mirrors(figures)):
        pairs, group_name, comparison_name = _labels(indicator_figures, lang)
        for figure, pair in zip(indicator_figures, pairs, strict=True):
            info = figure.indicator
            gap = _gap(figure)
            worse_off = None if gap is None else figure.worse_off
            for series, measure, name in (
                ("group", figure.group, group_name),
                ("comparison", figure.comparison, comparison_name),
            ):
                held = _withheld(measure)
                value = None if held else measure.value
                base = None if held else measure.base
                low, high = (None, None) if held else (measure.ci_low, measure.ci_high)
                if low is None or high is None:
                    low = high = None
                note = _note(measure, lang)
                rows.append({
                    "indicator_id": info.id,
                    "indicator": info.title(lang),
                    "area": figure.area,
                    "area_name": figure.area_name,
                    "period": figure.period,
                    "dimension": None if figure.dimension is None else str(figure.dimension),
                    "pair": pair,
                    "series": series,
                    "series_name": name,
                    "label": measure.label(lang),
                    "value": value,
                    "ci_low": low,
                    "ci_high": high,
                    "base": base,
                    "unit": info.unit,
                    "status": measure.status,
                    "suppressed": None if measure.suppressed is None else measure.suppressed(lang),
                    "note": note,
                    "value_text": note if value is None else _value_text(value, info.unit, lang),
                    "ci_text": ("–" if low is None or high is None
                                else f"{_num(low, lang)}–{_value_text(high, info.unit, lang)}"),
                    "base_text": "–" if base is None else _num(base, lang),
                    # Value labels sit past the interval's end, so a whisker never crosses them.
                    "label_at": None if value is None else value if high is None else max(
                        value, high),
                    "gap": gap,
                    "gap_text": None if gap is None else _gap_text(gap, info.unit, lang),
                    "worse_off": worse_off,
                    "source": info.source,
                    "citation": info.citation,
                    "licence": info.licence,
                    "synthetic": info.synthetic,
                })
    return rows


def _by_indicator(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures grouped by indicator and source in first-seen order: units differ, so axes
    cannot be shared, and real figures must not sit under a synthetic source's mark."""
    groups: dict[tuple[str, str, bool], list[Figure]] = {}
    for figure in figures:
        info = figure.indicator
        groups.setdefault((info.id, info.source, info.synthetic), []).append(figure)
    return list(groups.values())


# --- Titles, footers, marks ----------------------------------------------------------------------


def _title(figures: Sequence[Figure], lang: Lang, unit_line: str) -> alt.Title:
    """Indicator title (with the synthetic mark first when made up), unit, period and direction."""
    info = figures[0].indicator
    synthetic = any(f.synthetic for f in figures)
    text = _wrap([info.title(lang)], TITLE_WRAP)
    if synthetic:
        text = [SYNTHETIC_MARK(lang), *text]
    periods = ", ".join(dict.fromkeys(f.period for f in figures))
    parts = [unit_line, f"{_T['period'](lang)}: {periods}"]
    areas = list(dict.fromkeys(f.area_name for f in figures))
    if len(areas) == 1:
        parts.append(f"{_T['area_label'](lang)}: {areas[0]}")
    direction = _T["higher_better" if info.higher_is_better else "lower_better"](lang)
    return alt.Title(
        text=text,
        subtitle=[" · ".join(parts), direction],
        anchor="start",
        color=SYNTHETIC_COLOUR if synthetic else INK,
        subtitleColor=INK,
    )


def _footer(figures: Sequence[Figure], lang: Lang, notes: Sequence[str]) -> alt.Title:
    """The caption under the chart: how to read it, the source citation and the licence."""
    citations = list(dict.fromkeys(f.indicator.citation for f in figures))
    licences = list(dict.fromkeys(f.indicator.licence for f in figures))
    lines = [
        *notes,
        f"{_T['source'](lang)}: {'; '.join(citations)}",
        f"{_T['licence'](lang)}: {'; '.join(licences)}",
    ]
    synthetic = any(f.synthetic for f in figures)
    subtitle = (_wrap([f"{SYNTHETIC_MARK(lang)}. {_T['synthetic_note'](lang)}"], FOOTER_WRAP)
                if synthetic else [])
    return alt.Title(
        text=_wrap(lines, FOOTER_WRAP),
        subtitle=subtitle,
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
        raise ValueError(_T["no_figures"](lang))
    datasets: Datasets = {}
    panels = [build(group, lang, datasets) for group in _by_indicator(figures)]
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
        alt.Tooltip("indicator:N", title=_T["indicator"](lang)),
        alt.Tooltip("label:N", title=_T["group"](lang)),
        alt.Tooltip("value_text:N", title=_T["value"](lang)),
        alt.Tooltip("ci_text:N", title=_T["ci"](lang)),
        alt.Tooltip("base_text:N", title=_T["base"](lang)),
        alt.Tooltip("citation:N", title=_T["source"](lang)),
    ]
    bars = base.transform_filter("isValid(datum.value)").mark_bar(
        height=BAR_PX - 2,
    ).encode(
        x=alt.X("value:Q", scale=x_scale, title=_axis_title(info.unit, lang), axis=x_axis),
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
        x=alt.X("ci_low:Q", scale=x_scale, title=_axis_title(info.unit, lang), axis=x_axis),
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
    footer_notes = []
    if any(r["ci_low"] is not None for r in rows):
        footer_notes.append(_T["ci_note"](lang))
    if any(r["value"] is None for r in rows):
        footer_notes.append(_T["withheld_note"](lang))
    body = alt.layer(*layers, title=_footer(figures, lang, footer_notes)).properties(
        width=PLOT_WIDTH, height=height,
    )
    unit_line = f"{_T['unit'](lang)}: {_unit_title(info.unit, lang)}"
    return body, _title(figures, lang, unit_line)


# --- Gap chart -----------------------------------------------------------------------------------


def gap_chart(figures: Sequence[Figure], lang: Lang | str) -> alt.VConcatChart:
    """The gap (group − comparison) per row, diverging from zero; worse-off gaps labelled."""
    return _per_indicator(without_mirrors(figures, keep_worse=True), lang, _gap_one)


def _gap_rows(figures: list[Figure], lang: Lang) -> list[dict[str, Any]]:
    """One row per figure; judgement and label text carry the worse-off mark beside the colour."""
    by_pair: dict[str, dict[str, Any]] = {}
    for row in chart_rows(figures, lang):
        entry = by_pair.setdefault(row["pair"], {
            "pair": row["pair"], "indicator": row["indicator"], "gap": row["gap"],
            "worse_off": row["worse_off"], "citation": row["citation"], "notes": [],
        })
        joint = ": " if row["value"] is not None else " – "
        entry[row["series"]] = f"{row['label']}{joint}{row['value_text']}"
        if row["note"]:
            named = row["series"] == "group" and row["label"] == row["pair"]
            entry["notes"].append(row["note"] if named else f"{row['label']} – {row['note']}")
    out: list[dict[str, Any]] = []
    for entry in by_pair.values():
        gap, worse = entry["gap"], entry["worse_off"]
        unit = figures[0].indicator.unit
        judgement = _T["worse_off" if worse else "not_judged" if worse is None
                       else "not_worse_off"](lang)
        text = None
        if gap is not None:
            text = _gap_text(gap, unit, lang)
            if worse:
                text = f"{text} · {WORSE_WORD(lang)}"
        out.append({
            "pair": entry["pair"],
            "indicator": entry["indicator"],
            "gap": gap,
            "gap_text": text,
            "worse_off": worse,
            "judgement": judgement if gap is not None else None,
            "side": None if gap is None else ("neg" if gap < 0 else "pos"),
            "note": ("; ".join(entry["notes"]) or None) if gap is None else None,
            "group": entry.get("group"),
            "comparison": entry.get("comparison"),
            "citation": entry["citation"],
        })
    return out


def _gap_one(figures: list[Figure], lang: Lang, datasets: Datasets) -> Panel:
    info = figures[0].indicator
    rows = _gap_rows(figures, lang)
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
    gap_unit = _gap_unit(info.unit, lang)
    generic = {_T["group"](lang), _T["area"](lang), _T["comparison"](lang)}
    if group_name in generic or comparison_name in generic:
        x_title = f"{_T['gap_axis'](lang)} ({gap_unit})"
    else:
        x_title = f"{group_name} − {comparison_name} ({gap_unit})"
    base = alt.Chart(data).encode(
        y=alt.Y("pair:N", sort=pairs, title=None, axis=_row_axis()),
    )
    colours = {
        _T["worse_off"](lang): WORSE_COLOUR,
        _T["not_worse_off"](lang): NOT_WORSE_COLOUR,
        _T["not_judged"](lang): NOT_JUDGED_COLOUR,
    }
    present = {r["judgement"] for r in rows}
    judgements = [j for j in colours if j in present]
    drawn = bool(judgements)
    x_axis = alt.Axis(tickCount=6) if drawn else None
    tooltip = [
        alt.Tooltip("indicator:N", title=_T["indicator"](lang)),
        alt.Tooltip("group:N", title=_T["group"](lang)),
        alt.Tooltip("comparison:N", title=_T["comparison"](lang)),
        alt.Tooltip("gap_text:N", title=_T["gap"](lang)),
        alt.Tooltip("judgement:N", title=_T["judgement"](lang)),
        alt.Tooltip("citation:N", title=_T["source"](lang)),
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
    footer_notes = [_T["gap_note"](lang)]
    if any(r["gap"] is None for r in rows):
        footer_notes.append(_T["withheld_note"](lang))
    body = alt.layer(*layers, title=_footer(figures, lang, footer_notes)).properties(
        width=PLOT_WIDTH, height=height,
    )
    unit_line = f"{_T['unit'](lang)}: {gap_unit}"
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
