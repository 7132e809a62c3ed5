"""Chart rows: context figures turned into the tidy rows and words every chart draws.

The app's Altair charts (`eia.charts`) and the statement's vector charts
(`eia.statement.drawings`) draw the same rows, so a figure reads the same on screen and on
paper. Nothing here imports a plotting library: the statement can chart without loading Altair.

The charts must not mislead: a withheld or missing value never becomes a number (a bar of
height 0 would read as a real zero), intervals are kept where known, worse-off gaps carry a word
as well as a colour, colours come from the colour-blind-safe Okabe–Ito palette, and made-up
figures carry a visible mark.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eia.context.model import TOTAL, Figure, Measure
from eia.i18n import Lang, Text, format_number, t

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

FOOTER_WRAP = 105
TITLE_WRAP = 70

WORDS: dict[str, Text] = {
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
    "a_count": t("Ett antal: varken högre eller lägre är bättre.",
                 "A count: neither higher nor lower is better."),
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


def short_number(value: float, lang: Lang) -> str:
    """Whole numbers from 100 up (a chart label has little room); a typographic minus."""
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    text = format_number(abs(value), lang, decimals)
    return ("−" if value < 0 and text.strip("0,.") else "") + text


def _with_unit(number: str, unit: str, lang: Lang) -> str:
    if unit == "%":
        return f"{number}\u00a0%" if lang is Lang.sv else f"{number}%"
    return f"{number}\u00a0{unit}"


def value_text(value: float, unit: str, lang: Lang) -> str:
    return _with_unit(short_number(value, lang), unit, lang)


def gap_unit(unit: str, lang: Lang, *, short: bool = False) -> str:
    """A difference of two percentages is in percentage points, not per cent."""
    if unit == "%":
        return WORDS["pp_short" if short else "pp"](lang)
    return unit


def gap_text(gap: float, unit: str, lang: Lang) -> str:
    sign = "+" if gap > 0 else ""
    return f"{sign}{short_number(gap, lang)}\u00a0{gap_unit(unit, lang, short=True)}"


def unit_title(unit: str, lang: Lang) -> str:
    return WORDS["per_cent"](lang) if unit == "%" else unit


def axis_title(unit: str, lang: Lang) -> str:
    """'Procent' for %, otherwise the unit as written ('kr' must not become 'Kr')."""
    return WORDS["per_cent"](lang).capitalize() if unit == "%" else unit


def wrap_lines(lines: Sequence[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width=width) or [""])
    return out


# --- Tidy rows -----------------------------------------------------------------------------------


def is_withheld(measure: Measure) -> bool:
    return measure.suppressed is not None or measure.value is None


def _note(measure: Measure, lang: Lang) -> str | None:
    """The text shown in place of a bar: why the figure is withheld or missing."""
    if measure.suppressed is not None:
        return f"{WORDS['withheld'](lang)}: {measure.suppressed(lang)}"
    if measure.value is None:
        status = f" ({measure.status})" if measure.status else ""
        return f"{WORDS['missing'](lang)}{status}"
    return None


def _gap(figure: Figure) -> float | None:
    """The figure's gap, or None when either side is withheld (never derive a withheld value)."""
    if is_withheld(figure.group) or is_withheld(figure.comparison):
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
        commons = [(s[0][:1].upper() + s[0][1:] or WORDS["all"](lang)) for s in split if s]
        g_names = {s[1] for s in split if s}
        c_names = {s[2] for s in split if s}
        if len(g_names) == 1 and len(c_names) == 1 and g_names != c_names:
            return extend(commons), g_names.pop(), c_names.pop()
    generic = WORDS["area" if all(f.dimension is None for f in figures) else "group"](lang)
    comparison = comps[0] if len(set(comps)) == 1 else WORDS["comparison"](lang)
    pairs = groups if len(set(comps)) == 1 else [
        f"{g}\n{WORDS['versus'](lang)} {c}" for g, c in zip(groups, comps, strict=True)
    ]
    return extend(pairs), generic, comparison


def category_key(measure: Measure) -> str:
    """What tells one group from another when code compares them: the category code where the
    figure carries one, else the group's English label (figures gain category codes in the
    context queries; display labels are for reading, and a reworded label must not split a
    group in two)."""
    if measure.codes:  # a crossed row (women aged 18–29) is told apart by all its codes
        return ";".join(f"{dimension}={code}" for dimension, code in measure.codes)
    return measure.code if measure.code != TOTAL else measure.label.en


def without_mirrors(figures: Sequence[Figure], *, keep_worse: bool = False) -> list[Figure]:
    """A breakdown compares women with men and also men with women; the mirror image adds no
    new number, so each pair appears once: in the orientation first seen, or (for the gap
    chart, `keep_worse`) in the one whose group is worse off."""
    out: list[Figure] = []
    seen: dict[tuple[Any, ...], int] = {}
    for figure in figures:
        labels = (category_key(figure.group), category_key(figure.comparison))
        key = (figure.indicator.id, figure.area, figure.period, figure.dimension,
               frozenset(labels))
        kept = seen.get(key)
        if figure.dimension is not None and kept is not None and (
                category_key(out[kept].group), category_key(out[kept].comparison)
        ) == labels[::-1]:
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
    for indicator_figures in by_indicator(without_mirrors(figures)):
        pairs, group_name, comparison_name = _labels(indicator_figures, lang)
        for figure, pair in zip(indicator_figures, pairs, strict=True):
            info = figure.indicator
            gap = _gap(figure)
            worse_off = None if gap is None else figure.worse_off
            for series, measure, name in (
                ("group", figure.group, group_name),
                ("comparison", figure.comparison, comparison_name),
            ):
                held = is_withheld(measure)
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
                    "value_text": note if value is None else value_text(value, info.unit, lang),
                    "ci_text": ("–" if low is None or high is None else
                                f"{short_number(low, lang)}–{value_text(high, info.unit, lang)}"),
                    "base_text": "–" if base is None else short_number(base, lang),
                    # Value labels sit past the interval's end, so a whisker never crosses them.
                    "label_at": None if value is None else value if high is None else max(
                        value, high),
                    "gap": gap,
                    "gap_text": None if gap is None else gap_text(gap, info.unit, lang),
                    "worse_off": worse_off,
                    "source": info.source,
                    "citation": info.citation,
                    "licence": info.licence,
                    "synthetic": info.synthetic,
                })
    return rows


def by_indicator(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures grouped by indicator and source in first-seen order: units differ, so axes
    cannot be shared, and real figures must not sit under a synthetic source's mark."""
    groups: dict[tuple[str, str, bool], list[Figure]] = {}
    for figure in figures:
        info = figure.indicator
        groups.setdefault((info.id, info.source, info.synthetic), []).append(figure)
    return list(groups.values())


def gap_rows(figures: list[Figure], lang: Lang) -> list[dict[str, Any]]:
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
        judgement = WORDS["worse_off" if worse else "not_judged" if worse is None
                       else "not_worse_off"](lang)
        text = None
        if gap is not None:
            text = gap_text(gap, unit, lang)
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



# --- Titles and footers --------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleLines:
    """A panel's title: the indicator (after the synthetic mark when made up), then the unit,
    period, area and which direction is better."""

    lines: list[str]
    subtitle: list[str]
    synthetic: bool


@dataclass(frozen=True)
class FooterLines:
    """A panel's footer: how to read it, source and licence; the synthetic warning apart."""

    lines: list[str]
    synthetic: list[str]


def title_lines(figures: Sequence[Figure], lang: Lang, unit_line: str) -> TitleLines:
    info = figures[0].indicator
    synthetic = any(f.synthetic for f in figures)
    lines = [*([SYNTHETIC_MARK(lang)] if synthetic else []), info.title(lang)]
    periods = ", ".join(dict.fromkeys(f.period for f in figures))
    parts = [unit_line, f"{WORDS['period'](lang)}: {periods}"]
    areas = list(dict.fromkeys(f.area_name for f in figures))
    if len(areas) == 1:
        parts.append(f"{WORDS['area_label'](lang)}: {areas[0]}")
    direction = WORDS[direction_key(info.higher_is_better)](lang)
    return TitleLines(lines=lines, subtitle=[" · ".join(parts), direction], synthetic=synthetic)


def direction_key(higher_is_better: bool | None) -> str:
    """Which way is better for an indicator; a count (None) says how many, not how well off."""
    if higher_is_better is None:
        return "a_count"
    return "higher_better" if higher_is_better else "lower_better"


def footer_lines(figures: Sequence[Figure], lang: Lang, notes: Sequence[str]) -> FooterLines:
    citations = list(dict.fromkeys(f.indicator.citation for f in figures))
    licences = list(dict.fromkeys(f.indicator.licence for f in figures))
    lines = [
        *notes,
        f"{WORDS['source'](lang)}: {'; '.join(citations)}",
        f"{WORDS['licence'](lang)}: {'; '.join(licences)}",
    ]
    synthetic = any(f.synthetic for f in figures)
    warning = [f"{SYNTHETIC_MARK(lang)}. {WORDS['synthetic_note'](lang)}"] if synthetic else []
    return FooterLines(lines=lines, synthetic=warning)


def bars_notes(rows: Sequence[dict[str, Any]], lang: Lang) -> list[str]:
    """How to read a bar panel: intervals where any are drawn, withheld figures where any are."""
    notes = []
    if any(r["ci_low"] is not None for r in rows):
        notes.append(WORDS["ci_note"](lang))
    if any(r["value"] is None for r in rows):
        notes.append(WORDS["withheld_note"](lang))
    return notes


def gap_notes(rows: Sequence[dict[str, Any]], lang: Lang) -> list[str]:
    """How to read a gap panel: what a gap is, and withheld figures where any are."""
    notes = [WORDS["gap_note"](lang)]
    if any(r["gap"] is None for r in rows):
        notes.append(WORDS["withheld_note"](lang))
    return notes


def gap_axis_title(group_name: str, comparison_name: str, unit: str, lang: Lang) -> str:
    """'Kvinnor − Män (procentenheter)', or a generic title when the series are not named."""
    unit_words = gap_unit(unit, lang)
    generic = {WORDS["group"](lang), WORDS["area"](lang), WORDS["comparison"](lang)}
    if group_name in generic or comparison_name in generic:
        return f"{WORDS['gap_axis'](lang)} ({unit_words})"
    return f"{group_name} − {comparison_name} ({unit_words})"
