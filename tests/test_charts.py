"""Context charts: the numbers drawn are the figures' numbers, withheld values never become bars,
every chart says what, when and from where in both languages, and made-up figures say so on the
chart itself. The charts go into signed statements, so a misleading chart is a wrong statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from eia.charts import (
    OKABE_ITO,
    SYNTHETIC_MARK,
    WORSE_WORD,
    chart_rows,
    gap_chart,
    grouped_bars,
    to_png,
    to_svg,
)
from eia.context.model import Dimension, Figure, IndicatorInfo, IndicatorKind, Measure
from eia.i18n import Lang, t

RAMBOLL = "Ramboll, Equal opportunities baseline analysis in Helsingborg, 2021"
PLAN_LICENCE = "Cited from the City of Helsingborg's Equal Opportunities Plan"
SYNTHETIC_CITATION = "Likvärdig synthetic neighbourhood figures"

AFRAID = IndicatorInfo(
    id="afraid_out_alone",
    title=t("Andel som är rädda att gå ut ensamma", "Share afraid to go out alone"),
    unit="%", kind=IndicatorKind.proportion, higher_is_better=False, source="ramboll_2021",
    citation=RAMBOLL, licence=PLAN_LICENCE, synthetic=False,
)
# The plan's Figure 7: (age band, men %, women %).
FIGURE_7 = [("18–29", 17, 58), ("30–44", 19, 52), ("45–64", 18, 50), ("65–84", 27, 57)]

EMPLOYED = IndicatorInfo(
    id="employment_rate",
    title=t("Andel förvärvsarbetande 20–64 år", "Share in employment aged 20–64"),
    unit="%", kind=IndicatorKind.proportion, higher_is_better=True, source="synthetic",
    citation=SYNTHETIC_CITATION, licence="CC0 1.0", synthetic=True,
)
FEW = t("färre än 30 svarande", "fewer than 30 respondents")


def afraid() -> list[Figure]:
    return [
        Figure(
            indicator=AFRAID, area="helsingborg", area_name="Helsingborg", period="2021",
            dimension=Dimension.sex,
            group=Measure(label=t(f"Kvinnor {band} år", f"Women {band}"), value=women),
            comparison=Measure(label=t(f"Män {band} år", f"Men {band}"), value=men),
            gap=women - men, worse_off=True,
        )
        for band, men, women in FIGURE_7
    ]


def city(value: float = 78.0) -> Measure:
    return Measure(label=t("Helsingborg", "Helsingborg"), value=value, base=5000,
                   ci_low=value - 0.8, ci_high=value + 0.8)


def neighbourhood(area: str, name: str, value: float, worse: bool) -> Figure:
    group = Measure(label=t(name, name), value=value, base=400, ci_low=value - 4.5,
                    ci_high=value + 4.5)
    return Figure(indicator=EMPLOYED, area=area, area_name=name, period="2024", dimension=None,
                  group=group, comparison=city(), gap=round(value - 78.0, 1), worse_off=worse)


def withheld(name: str = "Övre Berga", leaked: float | None = None) -> Figure:
    """A suppressed neighbourhood; `leaked` simulates a query that forgot to blank the value."""
    group = Measure(label=t(name, name), value=leaked, base=12, ci_low=leaked, ci_high=leaked,
                    suppressed=FEW)
    return Figure(indicator=EMPLOYED, area="ovre_berga", area_name=name, period="2024",
                  dimension=None, group=group, comparison=city(), gap=None, worse_off=None)


def synthetic() -> list[Figure]:
    return [
        neighbourhood("drottninghog", "Drottninghög", 61.5, True),
        neighbourhood("rydeback", "Rydebäck", 83.1, False),
        withheld(),
    ]


def strings(node: Any) -> Iterator[str]:
    """Every string anywhere in a chart spec (titles, data, encodings)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def text_of(node: Any) -> str:
    return "\n".join(strings(node))


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in spec.get("vconcat", [spec]):
        if "vconcat" in panel:
            yield from layers(panel)
        else:
            yield from panel.get("layer", [panel])


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def data_rows(layer: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


# --- The tidy rows -------------------------------------------------------------------------------


def test_rows_carry_the_plans_figure_7_values() -> None:
    rows = chart_rows(afraid(), Lang.sv)
    got = {(r["pair"], r["series_name"]): r["value"] for r in rows}
    expected = {}
    for band, men, women in FIGURE_7:
        expected[(f"{band} år", "Kvinnor")] = women
        expected[(f"{band} år", "Män")] = men
    assert got == expected
    assert {r["indicator"] for r in rows} == {"Andel som är rädda att gå ut ensamma"}
    assert {r["citation"] for r in rows} == {RAMBOLL}
    assert {r["synthetic"] for r in rows} == {False}
    assert {r["unit"] for r in rows} == {"%"}
    assert [r["gap"] for r in rows if r["series"] == "group"] == [41, 33, 32, 30]
    assert all(r["worse_off"] is True for r in rows)
    assert all(r["ci_low"] is None and r["ci_high"] is None for r in rows)


def test_rows_speak_english_with_its_number_format() -> None:
    rows = chart_rows(synthetic(), "en")
    first = rows[0]
    assert first["indicator"] == "Share in employment aged 20–64"
    assert (first["pair"], first["series_name"], first["value_text"]) == (
        "Drottninghög", "Area", "61.5%")
    assert first["ci_text"] == "57–66%"
    sv = chart_rows(synthetic(), "sv")[0]
    assert (sv["series_name"], sv["value_text"]) == ("Området", "61,5\u00a0%")


def test_rows_of_withheld_values_carry_no_number_only_the_reason() -> None:
    for figure in (withheld(), withheld(leaked=12.0)):
        rows = chart_rows([figure], Lang.sv)
        held = next(r for r in rows if r["series"] == "group")
        assert {k: held[k] for k in ("value", "ci_low", "ci_high", "base", "gap", "label_at",
                                     "gap_text", "worse_off")} == dict.fromkeys(
            ("value", "ci_low", "ci_high", "base", "gap", "label_at", "gap_text", "worse_off"))
        assert held["suppressed"] == "färre än 30 svarande"
        assert "färre än 30 svarande" in held["note"]
        assert held["value_text"] == held["note"]
        assert (held["ci_text"], held["base_text"]) == ("–", "–")
        # The comparison (the city) is published and stays, but no gap is derived from it.
        other = next(r for r in rows if r["series"] == "comparison")
        assert other["value"] == 78.0
        assert other["gap"] is None and other["worse_off"] is None


def test_a_missing_value_keeps_its_upstream_status_as_the_note() -> None:
    figure = withheld().model_copy(update={"group": Measure(
        label=t("Övre Berga", "Övre Berga"), value=None, status="..")})
    held = chart_rows([figure], Lang.en)[0]
    assert held["value"] is None and held["note"] == "No figure (..)"


def test_varying_groups_are_named_on_the_rows_not_cut_into_fragments() -> None:
    born = IndicatorInfo(**{**EMPLOYED.model_dump(), "id": "employment_by_birth"})

    def figure(sv: str, en: str, value: float) -> Figure:
        return Figure(indicator=born, area="helsingborg", area_name="Helsingborg",
                      period="2024", dimension=Dimension.birth_region,
                      group=Measure(label=t(sv, en), value=value),
                      comparison=Measure(label=t("Födda i Sverige", "Born in Sweden"), value=84),
                      gap=value - 84, worse_off=True)

    rows = chart_rows([figure("Födda i Asien", "Born in Asia", 60),
                       figure("Födda i Afrika", "Born in Africa", 55)], Lang.sv)
    assert [r["pair"] for r in rows] == ["Födda i Asien"] * 2 + ["Födda i Afrika"] * 2
    assert [r["series_name"] for r in rows[:2]] == ["Grupp", "Födda i Sverige"]


# --- Grouped bars --------------------------------------------------------------------------------


def test_bars_draw_the_figures_values_and_nothing_for_withheld_ones() -> None:
    spec = grouped_bars(synthetic(), Lang.sv).to_dict()
    bars = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    assert bars["transform"] == [{"filter": "isValid(datum.value)"}]
    assert bars["encoding"]["x"]["field"] == "value"
    rows = data_rows(bars, spec)
    assert {(r["pair"], r["series"]): r["value"] for r in rows} == {
        ("Drottninghög", "group"): 61.5, ("Drottninghög", "comparison"): 78.0,
        ("Rydebäck", "group"): 83.1, ("Rydebäck", "comparison"): 78.0,
        ("Övre Berga", "group"): None, ("Övre Berga", "comparison"): 78.0,
    }
    notes = next(layer for layer in layers(spec)
                 if mark_type(layer) == "text" and layer.get("transform")
                 == [{"filter": "!isValid(datum.value)"}])
    assert notes["encoding"]["text"]["field"] == "note"
    tips = {tip["field"] for tip in bars["encoding"]["tooltip"]}
    assert {"value_text", "ci_text", "base_text", "citation"} <= tips


def test_intervals_are_drawn_where_known() -> None:
    spec = grouped_bars(synthetic(), Lang.en).to_dict()
    bars = next(layer for layer in layers(spec) if mark_type(layer) == "errorbar")
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x2"]["field"]) == (
        "ci_low", "ci_high")
    rows = data_rows(bars, spec)
    drottninghog = next(r for r in rows if r["pair"] == "Drottninghög" and r["series"] == "group")
    assert (drottninghog["ci_low"], drottninghog["ci_high"]) == (57.0, 66.0)
    assert "confidence intervals" in text_of(spec)
    assert "confidence intervals" not in text_of(grouped_bars(afraid(), Lang.en).to_dict())


@pytest.mark.parametrize("build", [grouped_bars, gap_chart])
@pytest.mark.parametrize(("lang", "unit", "period", "source", "licence"), [
    (Lang.sv, "Enhet:", "Period: 2021", "Källa: " + RAMBOLL, "Licens: " + PLAN_LICENCE),
    (Lang.en, "Unit:", "Period: 2021", "Source: " + RAMBOLL, "Licence: " + PLAN_LICENCE),
])
def test_every_chart_says_what_when_and_from_where(
    build: Any, lang: Lang, unit: str, period: str, source: str, licence: str,
) -> None:
    spec = build(afraid(), lang).to_dict()
    assert AFRAID.title(lang) in spec["title"]["text"]
    subtitle = " ".join(spec["title"]["subtitle"])
    assert unit in subtitle and period in subtitle
    footer = spec["vconcat"][0]["title"]
    assert footer["orient"] == "bottom"
    assert source in footer["text"] and licence in footer["text"]


@pytest.mark.parametrize("lang", list(Lang))
def test_the_synthetic_mark_is_shown_exactly_when_figures_are_made_up(lang: Lang) -> None:
    mark = SYNTHETIC_MARK(lang)
    for build in (grouped_bars, gap_chart):
        real = build(afraid(), lang).to_dict()
        assert "SYNT" not in text_of(real).upper()
        made_up = build(synthetic(), lang).to_dict()
        assert spec_title(made_up)[0] == mark
        watermark = [layer for layer in layers(made_up) if mark_type(layer) == "text"
                     and any(r.get("mark") == mark for r in data_rows(layer, made_up))]
        assert len(watermark) == 1
        assert mark in " ".join(made_up["vconcat"][0]["title"]["subtitle"])


def spec_title(spec: dict[str, Any]) -> list[str]:
    text = spec["title"]["text"]
    return [text] if isinstance(text, str) else text


def test_colours_come_from_the_okabe_ito_palette() -> None:
    palette = {c.upper() for c in OKABE_ITO.values()}
    for build in (grouped_bars, gap_chart):
        for lang in Lang:
            spec = build(afraid() + synthetic(), lang).to_dict()
            colours = {s.upper() for s in strings(spec) if re.fullmatch(r"#[0-9a-fA-F]{6}", s)}
            assert colours and colours <= palette


def test_worse_off_gaps_are_marked_by_text_and_outline_not_colour_alone() -> None:
    spec = gap_chart(synthetic(), Lang.sv).to_dict()
    bars = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    assert bars["encoding"]["strokeWidth"]["condition"]["test"] == "datum.worse_off"
    rows = {r["pair"]: r for r in data_rows(bars, spec)}
    assert rows["Drottninghög"]["gap_text"] == "−16,5\u00a0p.e. · " + WORSE_WORD(Lang.sv)
    assert WORSE_WORD(Lang.sv) not in rows["Rydebäck"]["gap_text"]
    labels = [layer for layer in layers(spec)
              if mark_type(layer) == "text" and layer["encoding"]["text"]["field"] == "gap_text"]
    assert len(labels) == 2  # one for gaps right of zero, one for gaps left of it
    english = gap_chart(synthetic(), Lang.en).to_dict()
    assert "−16.5\u00a0pp · worse" in text_of(english)


def test_gap_chart_is_in_percentage_points_and_leaves_withheld_gaps_out_with_a_note() -> None:
    spec = gap_chart(afraid(), Lang.en).to_dict()
    bars = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    assert bars["encoding"]["x"]["title"] == "Women − Men (percentage points)"
    assert [r["gap"] for r in data_rows(bars, spec)] == [41, 33, 32, 30]
    assert any(mark_type(layer) == "rule" for layer in layers(spec))  # the zero line

    held = gap_chart(synthetic(), Lang.sv).to_dict()
    bars = next(layer for layer in layers(held) if mark_type(layer) == "bar")
    assert bars["transform"] == [{"filter": "isValid(datum.gap)"}]
    row = next(r for r in data_rows(bars, held) if r["pair"] == "Övre Berga")
    assert (row["gap"], row["gap_text"], row["worse_off"]) == (None, None, None)
    assert row["note"] == "Utelämnad: färre än 30 svarande"


def test_several_indicators_get_a_panel_each_with_its_own_legend() -> None:
    spec = grouped_bars(afraid() + synthetic(), Lang.en).to_dict()
    panels = spec["vconcat"]
    assert [p["title"]["text"][-1] for p in panels] == [
        "Share afraid to go out alone", "Share in employment aged 20–64"]
    assert spec["resolve"]["legend"]["color"] == "independent"
    assert SYNTHETIC_MARK(Lang.en) not in text_of(panels[0])


def test_no_figures_is_refused() -> None:
    with pytest.raises(ValueError, match="No figures"):
        grouped_bars([], Lang.en)


# --- Offline rendering ---------------------------------------------------------------------------


def test_renders_png_and_svg_offline() -> None:
    png = to_png(grouped_bars(afraid(), Lang.sv))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = to_svg(gap_chart(synthetic(), Lang.en))
    assert svg.lstrip().startswith("<svg")
    assert EMPLOYED.title(Lang.en) in svg
    assert SYNTHETIC_MARK(Lang.en) in svg


def test_amounts_over_periods_use_the_swedish_number_format() -> None:
    income = IndicatorInfo(
        id="median_income", title=t("Medianinkomst", "Median income"), unit="kr",
        kind=IndicatorKind.amount, higher_is_better=True, source="scb",
        citation="SCB, Inkomster och skatter", licence="CC0 1.0", synthetic=False,
    )

    def year(period: str, women: float | None, men: float) -> Figure:
        gap = None if women is None else women - men
        return Figure(indicator=income, area="helsingborg", area_name="Helsingborg",
                      period=period, dimension=Dimension.sex,
                      group=Measure(label=t("Kvinnor", "Women"), value=women,
                                    status=None if women else ".."),
                      comparison=Measure(label=t("Män", "Men"), value=men),
                      gap=gap, worse_off=None if gap is None else gap < 0)

    figures = [year("2023", 285400, 318900), year("2022", None, 301200)]
    rows = chart_rows(figures, Lang.sv)
    assert [r["pair"] for r in rows[::2]] == ["2023", "2022"]
    assert rows[0]["value_text"] == "285\u00a0400\u00a0kr"
    assert rows[0]["gap_text"] == "−33\u00a0500\u00a0kr"
    assert rows[2]["note"] == "Uppgift saknas (..)"
    spec = grouped_bars(figures, Lang.sv).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert gap_chart(figures, Lang.en).to_dict()["config"]["locale"]["number"]["decimal"] == "."


def test_the_plain_breakdown_and_crossed_ones_share_one_legend() -> None:
    """Queries label crossed rows 'Kvinnor, 18–29 år' after the plain 'Kvinnor' row."""
    plain = afraid()[0].model_copy(update={
        "group": Measure(label=t("Kvinnor", "Women"), value=54),
        "comparison": Measure(label=t("Män", "Men"), value=20)})
    crossed = afraid()[1].model_copy(update={
        "group": Measure(label=t("Kvinnor, 30–44 år", "Women, aged 30–44"), value=52),
        "comparison": Measure(label=t("Män, 30–44 år", "Men, aged 30–44"), value=19)})
    rows = chart_rows([plain, crossed], Lang.en)
    assert [r["pair"] for r in rows[::2]] == ["All", "Aged 30–44"]
    assert [r["series_name"] for r in rows[:2]] == ["Women", "Men"]


def test_a_panel_with_every_value_withheld_draws_no_axis_or_legend() -> None:
    nothing = withheld().model_copy(update={"comparison": Measure(
        label=t("Helsingborg", "Helsingborg"), value=None, suppressed=FEW)})
    for build in (grouped_bars, gap_chart):
        spec = build([nothing], Lang.en).to_dict()
        scaled = [layer["encoding"]["x"] for layer in layers(spec)
                  if "scale" in layer["encoding"].get("x", {})]
        assert scaled and all(x["axis"] is None for x in scaled)
        assert "Withheld: fewer than 30 respondents" in text_of(spec)
    gap = gap_chart([withheld()], Lang.en).to_dict()
    bars = next(layer for layer in layers(gap) if mark_type(layer) == "bar")
    assert bars["encoding"]["color"]["legend"] is None
    assert not any(mark_type(layer) == "rule" for layer in layers(gap))


def test_mirror_images_appear_once_and_the_gap_chart_keeps_the_worse_off_side() -> None:
    """Queries compare women with men and men with women; both carry the same two numbers."""
    women = afraid()[0]
    men = women.model_copy(update={"group": women.comparison, "comparison": women.group,
                                   "gap": -women.gap, "worse_off": False})
    assert [r["label"] for r in chart_rows([men, women], Lang.sv)] == [
        "Män 18–29 år", "Kvinnor 18–29 år"]
    spec = gap_chart([men, women], Lang.sv).to_dict()
    bars = next(layer for layer in layers(spec) if mark_type(layer) == "bar")
    [row] = data_rows(bars, spec)
    assert (row["gap"], row["worse_off"]) == (41, True)
    assert row["group"] == "Kvinnor 18–29 år: 58\u00a0%"
