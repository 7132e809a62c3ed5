"""The query layer: which figures speak to a ground, how they are compared, and what is withheld.

Each test reads a small database built here (one real source, one synthetic), reopened read-only as
the app opens it. Values are chosen so each rule has one figure that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eia.context.db import DIMENSION_COLUMNS, connect, create_schema
from eia.context.model import (
    CITY,
    Dimension,
    Figure,
    GroundContext,
    IndicatorKind,
    SuppressionPolicy,
)
from eia.context.queries import (
    WORSE_OFF_MARGIN,
    area_ids,
    context_for,
    format_context,
    group_gaps,
    indicator_ids,
    wilson_interval,
)
from eia.flags import FlagCode
from eia.model import Assessment, Ground
from eia.questions import get_question_set
from eia.rules import score

D, N = "drottninghog", "norr"

SOURCES = [
    ("ramboll", "Baseline analysis", "Ramboll", "Ramboll, Equal opportunities baseline analysis "
     "in Helsingborg, 2021", "Cited with permission", "", False),
    ("demo", "Synthetic demo data", "Likvärdig", "Synthetic demo data", "CC0-1.0", "", True),
]
INDICATORS = [
    # id, kind, higher_is_better, grounds
    ("afraid_out_alone", IndicatorKind.proportion, False, []),
    ("trust_in_others", IndicatorKind.proportion, True, ["ethnic_origin"]),
    ("median_income", IndicatorKind.amount, True, []),
    ("unemployment", IndicatorKind.rate, False, []),
    ("new_cases", IndicatorKind.count, None, []),
    ("violations_religion", IndicatorKind.proportion, False, ["religion"]),
]
AREAS = [(CITY, "Helsingborg", "municipality", None), (D, "Drottninghög", "neighbourhood", CITY),
         (N, "Norr", "district", CITY)]

Row = tuple[str, str, str, dict[str, str], float | None, dict[str, Any]]
"""indicator, area, period, breakdown, value, {base, ci_low, ci_high, status, source}."""


def obs(indicator: str, area: str, period: str, value: float | None, source: str = "ramboll",
        **extra: Any) -> Row:
    breakdown = {k: extra.pop(k) for k in list(extra) if k in DIMENSION_COLUMNS}
    return indicator, area, period, breakdown, value, {"source": source, **extra}


ROWS: list[Row] = [
    # afraid_out_alone (lower is better), real 2021 baseline in the city
    obs("afraid_out_alone", CITY, "2021", 30, base=2000),
    obs("afraid_out_alone", CITY, "2021", 40, base=1000, sex="women"),
    obs("afraid_out_alone", CITY, "2021", 20, base=1000, sex="men"),
    obs("afraid_out_alone", CITY, "2021", 57, base=200, sex="women", age_band="65_84"),
    obs("afraid_out_alone", CITY, "2021", 27, base=180, sex="men", age_band="65_84"),
    obs("afraid_out_alone", CITY, "2021", 42, base=380, age_band="65_84"),
    obs("afraid_out_alone", CITY, "2021", 35, base=29, age_band="16_29"),
    obs("afraid_out_alone", CITY, "2021", 33, base=30, age_band="30_44"),
    obs("afraid_out_alone", CITY, "2021", 31, base=50, age_band="45_64"),
    obs("afraid_out_alone", CITY, "2021", None, status="..", age_band="85_plus"),
    # the same indicator, synthetic, two later periods
    obs("afraid_out_alone", CITY, "2023", 28.5, "demo", base=1200),
    obs("afraid_out_alone", CITY, "2023", 38.5, "demo", base=600, sex="women"),
    obs("afraid_out_alone", CITY, "2023", 22.5, "demo", base=600, sex="men"),
    obs("afraid_out_alone", CITY, "2025", 27.5, "demo", base=1500),
    obs("afraid_out_alone", CITY, "2025", 36.5, "demo", base=700, sex="women"),
    obs("afraid_out_alone", CITY, "2025", 21.5, "demo", base=800, sex="men"),
    # Drottninghög: a gap of 8 points that the intervals cannot tell from chance
    obs("afraid_out_alone", D, "2021", 46, base=200),
    obs("afraid_out_alone", D, "2021", 50, base=100, sex="women"),
    obs("afraid_out_alone", D, "2021", 42, base=100, sex="men"),
    obs("afraid_out_alone", D, "2021", 31, base=45, gender_identity="trans"),
    obs("afraid_out_alone", D, "2021", 25, base=300, gender_identity="cis"),
    obs("afraid_out_alone", D, "2021", 55, base=60, disability="with_disability"),
    # Norr: published intervals are kept; gender identity with no total row to compare cis with
    obs("afraid_out_alone", N, "2021", 45, base=100, ci_low=35.5, ci_high=55.5, sex="women"),
    obs("afraid_out_alone", N, "2021", 25, base=100, ci_low=16.5, ci_high=34.5, sex="men"),
    obs("afraid_out_alone", N, "2021", 23, base=11, gender_identity="trans"),
    obs("afraid_out_alone", N, "2021", 24, base=310, gender_identity="cis"),
    # trust_in_others (higher is better) names ethnic origin itself: areas against the city
    obs("trust_in_others", CITY, "2025", 60, "demo", base=5000),
    obs("trust_in_others", CITY, "2025", 50, "demo", base=800, birth_region="born_abroad"),
    obs("trust_in_others", CITY, "2025", 63, "demo", base=4000, birth_region="sweden"),
    obs("trust_in_others", D, "2025", 41, "demo", base=400),
    obs("trust_in_others", CITY, "2025", 57, "demo", base=2500, sex="women"),
    obs("trust_in_others", CITY, "2025", 62, "demo", base=2500, sex="men"),
    # violations related to religion: religion has no breakdown, so the indicator's own speak
    obs("violations_religion", CITY, "2024", 6, "demo", base=2500, sex="women"),
    obs("violations_religion", CITY, "2024", 9, "demo", base=2500, sex="men"),
    obs("trust_in_others", N, "2025", 58, "demo", base=400),
    # register figures without intervals: the margin decides
    obs("median_income", CITY, "2025", 280000, "demo"),
    obs("median_income", D, "2025", 190000, "demo"),
    obs("median_income", N, "2025", 300000, "demo"),
    obs("unemployment", CITY, "2025", 8.0, "demo"),
    obs("unemployment", D, "2025", 8.7, "demo"),
    obs("unemployment", N, "2025", 9.0, "demo"),
    obs("unemployment", CITY, "2025", 15.0, "demo", education="compulsory"),
    obs("unemployment", CITY, "2025", 4.0, "demo", education="tertiary"),
    # counts: 3 people is withheld; at the threshold (4 withheld, 5 shown); 9 and 12
    obs("new_cases", CITY, "2025", 3, "demo", sex="women"),
    obs("new_cases", CITY, "2025", 12, "demo", sex="men"),
    obs("new_cases", CITY, "2025", 15, "demo"),
    obs("new_cases", D, "2025", 9, "demo"),
    obs("new_cases", D, "2025", 4, "demo", sex="women"),
    obs("new_cases", D, "2025", 5, "demo", sex="men"),
    obs("new_cases", N, "2025", 9, "demo", sex="women"),
    obs("new_cases", N, "2025", 12, "demo", sex="men"),
]


def build(path: Path, rows: list[Row] = ROWS,
          indicators: list[tuple[str, IndicatorKind, bool | None, list[str]]] = INDICATORS) -> Path:
    con = connect(path, read_only=False)
    create_schema(con)
    con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", SOURCES)
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, ?)", AREAS)
    con.executemany(
        "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, i.replace("_", " ").capitalize() + " (sv)", i.replace("_", " ").capitalize(),
          "Definition", "Definition", {"count": "people", "amount": "SEK"}.get(kind, "%"),
          kind.value, better, grounds, "test") for i, kind, better, grounds in indicators])
    columns = ["indicator", "area", "period", *DIMENSION_COLUMNS, "value", "base", "ci_low",
               "ci_high", "status", "source"]
    con.executemany(
        f"INSERT INTO observations ({', '.join(columns)}) VALUES "
        f"({', '.join('?' for _ in columns)})",
        [(indicator, area, period, *(breakdown.get(d, "total") for d in DIMENSION_COLUMNS),
          value, extra.get("base"), extra.get("ci_low"), extra.get("ci_high"),
          extra.get("status"), extra["source"])
         for indicator, area, period, breakdown, value, extra in rows])
    con.close()
    return path


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("context") / "context.duckdb")


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(db_path)  # read-only, as the app opens it
    yield connection
    connection.close()


def find(context: GroundContext, indicator: str, area: str = CITY, *, group: str,
         period: str | None = None) -> Figure:
    matches = [f for f in context.figures if f.indicator.id == indicator and f.area == area
               and f.group.label.en == group and (period is None or f.period == period)]
    assert len(matches) == 1, [(f.group.label.en, f.period) for f in context.figures]
    return matches[0]


def groups(context: GroundContext, indicator: str, area: str = CITY) -> list[str]:
    return [f"{f.period} {f.group.label.en} / {f.comparison.label.en}" for f in context.figures
            if f.indicator.id == indicator and f.area == area]


# --- (a) breakdowns -------------------------------------------------------------------------------


def test_a_breakdown_compares_each_group_with_its_comparison_group(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY], "2021")
    women = find(context, "afraid_out_alone", group="Women")
    assert women.dimension is Dimension.sex
    assert (women.group.value, women.comparison.value, women.gap) == (40, 20, 20)
    assert women.comparison.label.sv == "Män"
    assert women.indicator.citation.startswith("Ramboll") and not women.synthetic
    assert women.worse_off is True  # lower is better, and the intervals lie far apart
    men = find(context, "afraid_out_alone", group="Men")
    assert (men.gap, men.worse_off) == (-20, False)


def test_crossed_rows_compare_like_with_like(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY], "2021")
    older = find(context, "afraid_out_alone", group="Women, aged 65–84")
    assert older.comparison.label.en == "Men, aged 65–84"
    assert (older.group.label.sv, older.comparison.label.sv) == ("Kvinnor, 65–84 år",
                                                                 "Män, 65–84 år")
    assert (older.group.value, older.comparison.value) == (57, 27)
    assert older.worse_off is True


def test_age_bands_are_compared_with_the_total(con: Any) -> None:
    context = context_for(con, Ground.age, [CITY], "2021")
    band = find(context, "afraid_out_alone", group="Aged 65–84")
    assert (band.comparison.label.en, band.comparison.value) == ("All ages", 30)
    crossed = find(context, "afraid_out_alone", group="Aged 65–84, women")
    assert (crossed.comparison.label.en, crossed.comparison.value) == ("All ages, women", 40)
    assert crossed.dimension is Dimension.age_band
    assert [f.group.label.en for f in context.figures] == [
        "Aged 16–29", "Aged 30–44", "Aged 45–64", "Aged 65–84", "Aged 85 and over",
        "Aged 65–84, women", "Aged 65–84, men"]


def test_figures_come_in_a_fixed_order(con: Any) -> None:
    context = context_for(con, Ground.sex, [D, CITY], "2021")
    assert [(f.area, f.group.label.en) for f in context.figures] == [
        (D, "Women"), (D, "Men"),
        (CITY, "Women"), (CITY, "Men"), (CITY, "Women, aged 65–84"), (CITY, "Men, aged 65–84")]


# --- (b) and (c) areas against the city ----------------------------------------------------------


def test_b_an_indicator_naming_the_ground_compares_areas_with_the_city(con: Any) -> None:
    context = context_for(con, Ground.ethnic_origin, [CITY, D, N])
    by_area = [f for f in context.figures if f.dimension is None]
    assert [(f.area, f.group.label.en, f.comparison.label.en) for f in by_area] == [
        (D, "Drottninghög", "Helsingborg as a whole"), (N, "Norr", "Helsingborg as a whole")]
    drottninghog, norr = by_area
    assert drottninghog.area_name == "Drottninghög"
    assert drottninghog.comparison.label.sv == "Helsingborg som helhet"
    assert (drottninghog.gap, drottninghog.worse_off) == (-19, True)  # higher is better
    assert norr.worse_off is False  # 58 against 60: the intervals overlap
    assert drottninghog.synthetic
    # (a) for the same ground: born abroad against born in Sweden, in the city
    abroad = find(context, "trust_in_others", group="Born abroad")
    assert (abroad.comparison.label.en, abroad.gap, abroad.worse_off) == (
        "Born in Sweden", -13, True)
    # the city itself is never compared with itself
    assert not any(f.dimension is None and f.area == CITY for f in context.figures)


def test_an_indicator_not_naming_the_ground_gives_no_area_comparison(con: Any) -> None:
    context = context_for(con, Ground.sex, [D], "2025")
    assert {f.indicator.id for f in context.figures} == {"new_cases"}


def test_c_socioeconomic_compares_every_indicator_in_an_area_with_the_city(con: Any) -> None:
    context = context_for(con, Ground.socioeconomic, [D, N])
    by_area = {(f.indicator.id, f.area): f for f in context.figures if f.dimension is None}
    assert set(by_area) == {(i, a) for i in ("afraid_out_alone", "median_income",
                                             "trust_in_others", "unemployment") for a in (D, N)
                            } - {("afraid_out_alone", N)}  # Norr has no total row
    # without intervals the margin decides (10 % of the comparison value)
    assert WORSE_OFF_MARGIN == 0.10
    assert by_area["median_income", D].worse_off is True        # 190 000 against 280 000
    assert by_area["median_income", N].worse_off is False       # better off
    assert by_area["unemployment", D].worse_off is False        # 8.7 against 8.0: within 10 %
    assert by_area["unemployment", N].worse_off is True         # 9.0 against 8.0
    # afraid_out_alone in Drottninghög is 2021 real, but the city has a 2021 real figure too
    afraid = by_area["afraid_out_alone", D]
    assert (afraid.period, afraid.comparison.value, afraid.synthetic) == ("2021", 30, False)


def test_c_education_breakdown_speaks_to_socioeconomic_status(con: Any) -> None:
    context = context_for(con, Ground.socioeconomic, [CITY])
    compulsory = find(context, "unemployment", group="Compulsory schooling")
    assert (compulsory.comparison.label.en, compulsory.gap, compulsory.worse_off) == (
        "Post-secondary", 11, True)


# --- periods --------------------------------------------------------------------------------------


def test_without_a_period_each_source_gives_its_latest(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY])
    assert groups(context, "afraid_out_alone") == [
        "2021 Women / Men", "2021 Men / Women", "2021 Women, aged 65–84 / Men, aged 65–84",
        "2021 Men, aged 65–84 / Women, aged 65–84",
        "2025 Women / Men", "2025 Men / Women"]
    assert context.period is None


def test_an_explicit_period_is_used(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY], "2023")
    assert groups(context, "afraid_out_alone") == ["2023 Women / Men", "2023 Men / Women"]
    women = context.figures[0]
    assert (women.group.value, women.comparison.value, women.gap) == (38.5, 22.5, 16)
    assert women.synthetic and context.period == "2023"


# --- suppression ----------------------------------------------------------------------------------


def test_counts_under_five_are_withheld_and_five_is_shown(con: Any) -> None:
    """In Drottninghög 4 women are withheld; the 5 men would be shown, but with the total of 9
    shown they would give the 4 away (9 − 5), so they are withheld too, with their own reason."""
    context = context_for(con, Ground.sex, [D], "2025")
    women = find(context, "new_cases", D, group="Women")
    assert women.group.value is None and women.group.suppressed
    assert women.group.suppressed.sv == "Färre än 5 personer"
    assert women.group.suppressed.en == "Fewer than 5 people"
    assert (women.gap, women.worse_off) == (None, None)
    assert (women.comparison.value, women.comparison.withheld) == (None, "secondary")
    assert women.comparison.suppressed is not None
    assert women.comparison.suppressed.en.startswith("Withheld so that a withheld figure")
    at_the_threshold = context_for(con, Ground.sex, [D], "2025",
                                   SuppressionPolicy(min_count=4))
    assert find(at_the_threshold, "new_cases", D, group="Women").group.value == 4


def test_a_comparison_of_counts_is_listed_once(con: Any) -> None:
    """Counts are never judged, so men against women would only repeat women against men."""
    context = context_for(con, Ground.sex, [N], "2025")
    assert groups(context, "new_cases", N) == ["2025 Women / Men"]
    women = find(context, "new_cases", N, group="Women")
    assert (women.group.value, women.comparison.value, women.indicator.higher_is_better) == (
        9, 12, None)


def json_has_number(text: str, number: float) -> bool:
    """Whether a JSON text holds `number` as a value (3 or 3.0), not as part of another."""
    plain = f"{number:g}"
    return re.search(rf"(?<![\w.\-]){re.escape(plain)}(\.0+)?(?![\w.])", text) is not None


def test_a_withheld_value_appears_nowhere_in_the_result(con: Any) -> None:
    """3 women withheld, and the 12 men too, since the total of 15 would give the 3 away."""
    context = context_for(con, Ground.sex, [CITY], "2025")
    women = find(context, "new_cases", group="Women")
    assert women.group.value is None and women.comparison.value is None
    for text in (context.model_dump_json(), women.model_dump_json(),
                 format_context(context, "sv"), format_context(context, "en")):
        assert not json_has_number(text, 3) and not json_has_number(text, 12)
    assert json_has_number(context.model_dump_json(), 5.0)  # the check does find shown values
    assert all(g.value != 3 and g.comparison_value != 3 for g in group_gaps(context))


def test_survey_bases_under_thirty_are_withheld_and_thirty_is_shown(con: Any) -> None:
    context = context_for(con, Ground.age, [CITY], "2021")
    young = find(context, "afraid_out_alone", group="Aged 16–29")
    assert young.group.value is None and young.group.base is None
    assert (young.group.ci_low, young.group.ci_high) == (None, None)
    assert young.group.suppressed and young.group.suppressed.en == "Fewer than 30 respondents"
    assert young.group.suppressed.sv == "Färre än 30 svarande"
    numbers = young.model_dump_json(exclude={"group": {"label"}, "comparison": {"label"}})
    assert not json_has_number(numbers, 35) and not json_has_number(numbers, 29)
    shown = find(context, "afraid_out_alone", group="Aged 30–44")
    assert (shown.group.value, shown.group.base) == (33, 30)


def test_a_stricter_policy_withholds_more(con: Any) -> None:
    policy = SuppressionPolicy(min_count=10, min_base=50)
    counts = context_for(con, Ground.sex, [N], "2025", policy)
    women = find(counts, "new_cases", N, group="Women")
    assert women.group.value is None and women.group.suppressed
    assert women.group.suppressed.en == "Fewer than 10 people"
    assert women.comparison.value == 12  # no total in Norr: nothing to subtract from
    ages = context_for(con, Ground.age, [CITY], "2021", policy)
    assert find(ages, "afraid_out_alone", group="Aged 30–44").group.value is None
    assert find(ages, "afraid_out_alone", group="Aged 45–64").group.value == 31
    default = context_for(con, Ground.sex, [N], "2025")
    assert find(default, "new_cases", N, group="Women").group.value == 9


def test_a_figure_the_source_did_not_publish_keeps_its_status(con: Any) -> None:
    context = context_for(con, Ground.age, [CITY], "2021")
    oldest = find(context, "afraid_out_alone", group="Aged 85 and over")
    assert (oldest.group.value, oldest.group.status) == (None, "..")
    assert oldest.group.suppressed and oldest.group.suppressed.sv == (
        "Inte publicerad av källan (..)")
    assert oldest.group.suppressed.en == "Not published by the source (..)"
    assert (oldest.gap, oldest.worse_off) == (None, None)


# --- intervals and worse off ---------------------------------------------------------------------


def test_wilson_interval_for_a_known_case() -> None:
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(40.38, abs=0.01) and high == pytest.approx(59.62, abs=0.01)
    low, high = wilson_interval(0, 40)
    assert low == 0 and high == pytest.approx(8.76, abs=0.01)


def test_proportions_get_a_wilson_interval_and_published_ones_are_kept(con: Any) -> None:
    computed = find(context_for(con, Ground.sex, [D], "2021"), "afraid_out_alone", D,
                    group="Women")
    assert computed.group.ci_low == pytest.approx(40.38, abs=0.01)
    assert computed.group.ci_high == pytest.approx(59.62, abs=0.01)
    assert computed.group.base == 100
    published = find(context_for(con, Ground.sex, [N], "2021"), "afraid_out_alone", N,
                     group="Women")
    assert (published.group.ci_low, published.group.ci_high) == (35.5, 55.5)
    assert (published.comparison.ci_low, published.comparison.ci_high) == (16.5, 34.5)
    assert published.worse_off is True  # 45 [35.5–55.5] against 25 [16.5–34.5]
    income = find(context_for(con, Ground.socioeconomic, [D]), "median_income", D,
                  group="Drottninghög")
    assert (income.group.ci_low, income.comparison.ci_low) == (None, None)


def test_overlapping_intervals_are_not_worse_off_even_past_the_margin(con: Any) -> None:
    women = find(context_for(con, Ground.sex, [D], "2021"), "afraid_out_alone", D,
                 group="Women")
    assert women.gap == 8 and women.gap >= WORSE_OFF_MARGIN * 42
    assert women.worse_off is False  # 50 [40.4–59.6] against 42 [32.8–51.8]


# --- evidence gaps --------------------------------------------------------------------------------


def test_a_ground_with_no_figures_gets_an_evidence_gap(con: Any) -> None:
    context = context_for(con, Ground.religion, [CITY, D], "2025")
    assert context.figures == []
    assert len(context.gaps) == 1
    gap = context.gaps[0]
    assert gap.ground is Ground.religion
    assert gap.reason.sv == ("Inga siffror i kontextdatabasen belyser religion eller annan "
                             "trosuppfattning för Helsingborg, Drottninghög (2025).")
    assert "religion or other belief" in gap.reason.en and "Drottninghög" in gap.reason.en
    latest = context_for(con, Ground.religion, [D])
    assert "latest available period" in latest.gaps[0].reason.en


def test_figures_that_are_all_withheld_give_an_evidence_gap(con: Any) -> None:
    context = context_for(con, Ground.gender_identity, [N], "2021")
    assert context.figures and all(f.worse_off is None for f in context.figures)
    assert [g.reason.en for g in context.gaps] == [
        "The figures on gender identity or expression for Norr (2021) rest on too few people "
        "to be published."]
    assert "för få personer" in context.gaps[0].reason.sv


def test_a_shown_figure_means_no_gap(con: Any) -> None:
    context = context_for(con, Ground.gender_identity, [D], "2021")
    trans = find(context, "afraid_out_alone", D, group="Trans people")
    assert (trans.group.value, trans.comparison.value, trans.gap) == (31, 25, 6)
    assert context.gaps == []


def test_a_reference_group_is_compared_with_not_a_group_of_its_own(con: Any) -> None:
    """Born in Sweden, without a disability, cisgender ...: compared with, never against all."""
    context = context_for(con, Ground.gender_identity, [D], "2021")
    assert [f.group.label.en for f in context.figures] == ["Trans people"]


def test_a_missing_comparison_row_says_so(con: Any) -> None:
    context = context_for(con, Ground.disability, [D], "2021")
    group = find(context, "afraid_out_alone", D, group="With a disability")
    assert group.group.value == 55 and group.comparison.value is None
    assert group.comparison.withheld == "no_comparison"
    assert group.comparison.suppressed and group.comparison.suppressed.en == (
        "The source has no figure for the comparison group")
    assert (group.gap, group.worse_off) == (None, None)


def test_silent_areas_and_withheld_figures_are_both_reported(con: Any) -> None:
    context = context_for(con, Ground.gender_identity, [N, "nowhere"], "2021")
    assert [g.reason.en for g in context.gaps] == [
        "There are no figures on gender identity or expression for nowhere (2021).",
        "The figures on gender identity or expression for Norr (2021) rest on too few people "
        "to be published."]


def test_no_areas_asked_is_an_evidence_gap(con: Any) -> None:
    context = context_for(con, Ground.sex, [])
    assert context.figures == [] and len(context.gaps) == 1


def test_an_area_without_figures_is_named_when_others_have_some(con: Any) -> None:
    context = context_for(con, Ground.ethnic_origin, [CITY, D], "2021")
    assert context.figures == []
    context = context_for(con, Ground.sex, [CITY, "nowhere"], "2025")
    assert context.figures
    assert [g.reason.en for g in context.gaps] == [
        "There are no figures on sex for nowhere (2025)."]


def test_an_indicator_naming_religion_speaks_to_it(tmp_path: Path) -> None:
    rows = [obs("religious_hate", CITY, "2025", 2.0, "demo"),
            obs("religious_hate", D, "2025", 3.5, "demo")]
    path = build(tmp_path / "religion.duckdb", rows,
                 [("religious_hate", IndicatorKind.rate, False, ["religion", "ethnic_origin"])])
    with connect(path) as con:
        context = context_for(con, Ground.religion, [CITY, D])
        assert [(f.area, f.group.value, f.comparison.value, f.worse_off)
                for f in context.figures] == [(D, 3.5, 2.0, True)]
        assert [g.reason.en for g in context.gaps] == [
            "There are no figures on religion or other belief for Helsingborg "
            "(latest available period)."]
        assert context_for(con, Ground.sex, [D]).figures == []


def test_figures_the_source_never_published_are_a_gap_of_their_own(tmp_path: Path) -> None:
    rows = [obs("afraid_out_alone", CITY, "2025", None, "demo", status="..", sex="women"),
            obs("afraid_out_alone", CITY, "2025", None, "demo", status="..", sex="men")]
    with connect(build(tmp_path / "unpublished.duckdb", rows)) as con:
        context = context_for(con, Ground.sex, [CITY])
        assert len(context.figures) == 2
        assert all(f.group.status == ".." for f in context.figures)
        assert [g.reason.en for g in context.gaps] == [
            "The sources publish no comparable figures on sex for Helsingborg "
            "(latest available period)."]


def test_a_real_group_is_never_compared_with_a_synthetic_comparison(tmp_path: Path) -> None:
    rows = [obs("afraid_out_alone", CITY, "2021", 40, "ramboll", base=1000, sex="women"),
            obs("afraid_out_alone", CITY, "2021", 20, "ramboll", base=1000, sex="men"),
            obs("afraid_out_alone", CITY, "2021", 35, "demo", base=900, sex="women")]
    with connect(build(tmp_path / "mixed.duckdb", rows)) as con:
        figures = context_for(con, Ground.sex, [CITY]).figures
        assert [(f.indicator.source, f.group.label.en, f.group.value, f.comparison.value)
                for f in figures] == [("demo", "Women", 35, None), ("ramboll", "Women", 40, 20),
                                      ("ramboll", "Men", 20, 40)]


# --- the rules, the CLI, connections ------------------------------------------------------------


def test_group_gaps_feed_the_worse_off_flag_of_the_rules(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY], "2021")
    gaps = group_gaps(context)
    assert all(g.ground is Ground.sex for g in gaps)
    older = next(g for g in gaps if g.group.en == "Women, aged 65–84")
    assert (older.value, older.comparison_value, older.unit, older.worse_off) == (57, 27, "%",
                                                                                   True)
    assert (older.area, older.period, older.synthetic) == (CITY, "2021", False)
    assert older.source.startswith("Ramboll")
    assessment = Assessment.model_validate({
        "id": "context-test", "question_set": {"id": "helsingborg", "version": "1.0"},
        "screening": {"sex": {"answer": "yes"}},
        "impacts": {"sex": {"direction": "negative"}},
        "answers": {"sex.safety_public_space": {"value": "less_safe"}}})
    question_set = get_question_set("helsingborg", "1.0")
    assert not score(assessment, question_set).has_flag(FlagCode.worse_off_group)
    result = score(assessment, question_set, gaps)
    assert result.has_flag(FlagCode.worse_off_group)
    flag = next(f for f in result.flags if f.code is FlagCode.worse_off_group)
    indicators = flag.trace.inputs["indicators"]
    assert isinstance(indicators, list) and "afraid_out_alone@helsingborg/2021" in indicators
    calm = [g for g in gaps if not g.worse_off]
    assert calm and not score(assessment, question_set, calm).has_flag(
        FlagCode.worse_off_group)


def test_group_gaps_leave_out_figures_that_cannot_be_judged(con: Any) -> None:
    context = context_for(con, Ground.age, [CITY], "2021")
    gaps = group_gaps(context)
    judged = [f for f in context.figures if f.worse_off is not None]
    assert len(gaps) == len(judged) < len(context.figures)


def test_format_context_prints_a_table_with_marks(con: Any) -> None:
    context = context_for(con, Ground.sex, [CITY])
    english = format_context(context, "en")
    assert "Afraid out alone" in english and "Women, aged 65–84: 57 %" in english
    assert "SYNTHETIC" in english and "YES" in english
    sv = format_context(context_for(con, Ground.sex, [CITY], "2025"), "sv")
    assert "SYNTETISK" in sv and "Färre än 5 personer" in sv and "Kvinnor" in sv
    assert "36,5 %" in sv  # a Swedish decimal comma
    gap = format_context(context_for(con, Ground.religion, [D]), "en")
    assert "Evidence gap: No figures in the context database speak to religion" in gap


def test_helpers_list_indicators_and_areas(con: Any) -> None:
    assert indicator_ids(con) == sorted(i[0] for i in INDICATORS)
    assert area_ids(con) == [CITY, N, D]


def test_two_read_only_connections_at_once_agree(db_path: Path) -> None:
    with connect(db_path) as first, connect(db_path) as second:
        a = context_for(first, Ground.age, [CITY, D])
        b = context_for(second, Ground.age, [CITY, D])
        assert a == b and a.figures


def test_the_same_call_twice_gives_the_same_result(con: Any) -> None:
    for ground in Ground:
        first = context_for(con, ground, [N, CITY, D])
        assert context_for(con, ground, [N, CITY, D]) == first
        assert first.model_dump_json() == context_for(con, ground, [N, CITY, D]).model_dump_json()


def test_the_query_never_writes(db_path: Path) -> None:
    before = db_path.stat().st_mtime_ns, db_path.read_bytes()
    with connect(db_path) as con:
        for ground in Ground:
            context_for(con, ground, [CITY, D, N])
    assert (db_path.stat().st_mtime_ns, db_path.read_bytes()) == before


def test_religion_is_spoken_to_by_the_breakdowns_of_indicators_naming_it(con: Any) -> None:
    """Swedish statistics record no belief, so religion has no breakdown of its own."""
    context = context_for(con, Ground.religion, [CITY], "2024")
    men = find(context, "violations_religion", group="Men")
    assert (men.dimension, men.group.value, men.comparison.value, men.worse_off) == (
        "sex", 9, 6, True)
    assert context.gaps == []


def test_a_ground_with_its_own_breakdown_is_spoken_to_through_that_one_only(con: Any) -> None:
    """trust_in_others names ethnic origin; its sex breakdown speaks to sex, not ethnic origin."""
    context = context_for(con, Ground.ethnic_origin, [CITY], "2025")
    assert {f.dimension for f in context.figures} == {"birth_region"}


def test_a_neighbourhood_count_is_not_set_against_the_citys_count(con: Any) -> None:
    """A count in Drottninghög against the city's compares sizes of places, not groups."""
    context = context_for(con, Ground.socioeconomic, [D], "2025")
    compared = {f.indicator.id for f in context.figures if f.dimension is None}
    assert "median_income" in compared and "new_cases" not in compared
