"""The synthetic demo data: deterministic, labelled synthetic, valid, and pointing the right way.

The demo is what a new user sees first, so its made-up figures must load (valid codes, defined
indicators), exercise what real data will (every ground, crossed breakdowns, small groups that must
be withheld) and not contradict the plan's findings, or the demo would teach the wrong thing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from eia.context import synthetic
from eia.context.descriptor import load_package
from eia.context.model import (
    CATEGORIES,
    DIMENSION_GROUND,
    TOTAL,
    Area,
    AreaLevel,
    DataPackage,
    Dimension,
    IndicatorKind,
)
from eia.model import Ground

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "data" / "sources" / "synthetic-demo"

AREAS = [
    Area(id="helsingborg", name="Helsingborg", level=AreaLevel.municipality),
    Area(id="nordost", name="Nordost", level=AreaLevel.district, parent="helsingborg"),
    Area(id="drottninghog", name="Drottninghög", level=AreaLevel.neighbourhood, parent="nordost"),
    Area(id="dalhem", name="Dalhem", level=AreaLevel.neighbourhood, parent="nordost"),
    Area(id="tagaborg", name="Tågaborg", level=AreaLevel.neighbourhood, parent="nordost"),
    Area(id="hittarp", name="Hittarp", level=AreaLevel.neighbourhood, parent="nordost"),
    Area(id="allerum", name="Allerum", level=AreaLevel.neighbourhood, parent="nordost"),
    Area(id="nytt-omrade", name="Nytt område", level=AreaLevel.neighbourhood, parent="nordost"),
]
"""A few real names (poor and rich), a small village, and one the generator does not know."""

Row = dict[str, str]


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(PACKAGE_DIR)


@pytest.fixture(scope="module")
def out_dir(package: DataPackage, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    synthetic.generate(package, folder, AREAS)
    return folder


@pytest.fixture(scope="module")
def rows(package: DataPackage, out_dir: Path) -> list[Row]:
    found: list[Row] = []
    for resource in package.resources:
        with (out_dir / resource.path).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found.append({"resource": resource.name, **row})
    return found


def _city(rows: list[Row], indicator: str, **codes: str) -> Iterator[tuple[str, float]]:
    """(period, value) of the city's row with exactly these codes (others 'total')."""
    for row in rows:
        if row["indicator"] != indicator or row["area"] != "helsingborg":
            continue
        if all(row.get(d.value, TOTAL) == codes.get(d.value, TOTAL) for d in Dimension):
            yield row["period"], float(row["value"])


def _value(rows: list[Row], indicator: str, period: str, area: str = "helsingborg",
           **codes: str) -> float:
    for row in rows:
        if (row["indicator"], row["area"], row["period"]) == (indicator, area, period) and all(
                row.get(d.value, TOTAL) == codes.get(d.value, TOTAL) for d in Dimension):
            return float(row["value"])
    raise AssertionError(f"no row {indicator} {area} {period} {codes}")


# --- the descriptor ------------------------------------------------------------------------------


def test_the_descriptor_loads_strictly_and_says_synthetic(package: DataPackage) -> None:
    raw = yaml.safe_load((PACKAGE_DIR / "datapackage.yaml").read_text(encoding="utf-8"))
    assert DataPackage.model_validate(raw) == package
    assert package.eia.source.synthetic is True
    assert package.eia.generator == "synthetic"
    assert "SYNTHETIC" in package.title
    assert "not statistics" in package.eia.source.citation
    assert package.licenses[0]["name"] == "CC0-1.0"
    assert "afraid_out_alone" not in {i.id for i in package.eia.indicators}


def test_every_resource_maps_its_columns_as_they_are(package: DataPackage) -> None:
    for resource in package.resources:
        mapping = resource.eia.mapping
        names = {f.name for f in resource.schema_.fields}
        maps = [mapping.indicator, mapping.area, mapping.period, mapping.value, mapping.status,
                *([mapping.base] if mapping.base else []), *mapping.dimensions.values()]
        assert all(m is not None and m.column in names and m.map is None for m in maps)
        assert {d.value for d in mapping.dimensions} | {"indicator", "area", "period", "value",
                                                        "base", "status"} >= names


# --- the files -----------------------------------------------------------------------------------


def test_generation_is_deterministic(package: DataPackage, out_dir: Path,
                                     tmp_path: Path) -> None:
    again = synthetic.generate(package, tmp_path, list(reversed(AREAS)))
    assert [p.name for p in again] == [r.path for r in package.resources]
    for path in again:
        assert path.read_bytes() == (out_dir / path.name).read_bytes()


def test_an_added_area_leaves_the_other_figures_alone(package: DataPackage, out_dir: Path,
                                                      tmp_path: Path) -> None:
    extra = Area(id="raa", name="Råå", level=AreaLevel.neighbourhood)
    synthetic.generate(package, tmp_path, [*AREAS, extra])
    for resource in package.resources:
        before = (out_dir / resource.path).read_text(encoding="utf-8").splitlines()
        after = [line for line in (tmp_path / resource.path).read_text(
            encoding="utf-8").splitlines() if ",raa," not in line]
        assert after == before


def test_rows_use_only_our_codes_and_areas(rows: list[Row]) -> None:
    neighbourhoods = {a.id for a in AREAS if a.level is AreaLevel.neighbourhood}
    assert {row["area"] for row in rows} == neighbourhoods | {"helsingborg"}
    for dimension in Dimension:
        valid = {c.code for c in CATEGORIES[dimension]} | {TOTAL}
        assert {row[dimension.value] for row in rows if dimension.value in row} <= valid
    assert {row["period"] for row in rows} == {"2023", "2024", "2025"}


def test_every_indicator_is_defined_here_or_by_the_baseline(package: DataPackage,
                                                            rows: list[Row]) -> None:
    defined = {i.id for i in package.eia.indicators}
    written = {row["indicator"] for row in rows}
    assert written == defined | {"afraid_out_alone"}
    assert len(written) >= 12


def test_values_parse_and_fit_their_kind(package: DataPackage, rows: list[Row]) -> None:
    kinds = {i.id: i.kind for i in package.eia.indicators}
    kinds["afraid_out_alone"] = IndicatorKind.proportion
    for row in rows:
        if row["value"] == "":
            assert row["status"] == ".."
            continue
        value, kind = float(row["value"]), kinds[row["indicator"]]
        assert row["status"] == ""
        if kind in (IndicatorKind.proportion, IndicatorKind.rate):
            assert 0 <= value <= 100
            assert int(row["base"]) > 0
        elif kind is IndicatorKind.count:
            assert value == int(value) >= 0
        else:
            assert 100_000 < value < 700_000


def test_together_the_indicators_speak_to_every_ground(package: DataPackage,
                                                       rows: list[Row]) -> None:
    spoken = {g for i in package.eia.indicators for g in i.grounds}
    spoken |= {DIMENSION_GROUND[d] for row in rows for d in Dimension
               if row.get(d.value, TOTAL) != TOTAL}
    assert spoken == set(Ground)


def test_sex_is_crossed_with_age(rows: list[Row]) -> None:
    crossed = {(row["indicator"], row["area"]) for row in rows
               if row["sex"] != TOTAL and row["age_band"] != TOTAL}
    assert ("afraid_out_alone", "drottninghog") in crossed
    assert len({indicator for indicator, _ in crossed}) >= 5


def test_small_groups_are_there_to_be_withheld(package: DataPackage, rows: list[Row]) -> None:
    kinds = {i.id: i.kind for i in package.eia.indicators}
    kinds["afraid_out_alone"] = IndicatorKind.proportion
    survey = [int(r["base"]) for r in rows if kinds[r["indicator"]] is IndicatorKind.proportion]
    counts = [int(r["value"]) for r in rows if kinds[r["indicator"]] is IndicatorKind.count]
    assert any(base < 30 for base in survey)
    assert any(base < 5 for base in survey)
    assert any(count < 5 for count in counts)
    city = [int(r["base"]) for r in rows if r["area"] == "helsingborg"
            and r["indicator"] == "good_health" and r["sex"] == TOTAL == r["age_band"]
            == r["birth_region"] == r["disability"] == r["education"]
            == r["sexual_orientation"] == r["gender_identity"]]
    assert all(base >= 1_000 for base in city)
    neighbourhood_totals = [int(r["base"]) for r in rows if r["area"] != "helsingborg"
                            and r["resource"] == "survey"
                            and all(r[d.value] == TOTAL for d in Dimension)]
    assert min(neighbourhood_totals) >= 20 and max(neighbourhood_totals) <= 400


# --- the directions of the plan's findings (city level, every period) -------------------------


def test_women_are_more_afraid_to_go_out_alone_at_every_age(rows: list[Row]) -> None:
    for age in synthetic.SURVEY_AGES:
        women = dict(_city(rows, "afraid_out_alone", sex="women", age_band=age))
        men = dict(_city(rows, "afraid_out_alone", sex="men", age_band=age))
        assert women and women.keys() == men.keys()
        assert all(women[p] > men[p] + 15 for p in women), age


@pytest.mark.parametrize(("indicator", "dimension", "worse", "better"), [
    ("good_health", "disability", "with_disability", "without_disability"),
    ("good_health", "gender_identity", "trans", "cis"),
    ("good_health", "sexual_orientation", "non_heterosexual", "heterosexual"),
    ("mental_wellbeing", "sex", "women", "men"),
    ("social_participation", "birth_region", "born_abroad", "sweden"),
    ("emotional_support", "sex", "men", "women"),
    ("employment_rate", "birth_region", "born_abroad", "sweden"),
    ("disposable_income", "sex", "women", "men"),
])
def test_groups_the_plan_names_are_worse_off(rows: list[Row], indicator: str, dimension: str,
                                             worse: str, better: str) -> None:
    low = dict(_city(rows, indicator, **{dimension: worse}))
    high = dict(_city(rows, indicator, **{dimension: better}))
    assert low and low.keys() == high.keys()
    assert all(low[p] < high[p] for p in low)


def test_more_women_are_subjected_to_abusive_treatment(rows: list[Row]) -> None:
    women = dict(_city(rows, "abusive_treatment", sex="women"))
    men = dict(_city(rows, "abusive_treatment", sex="men"))
    assert all(women[p] > men[p] for p in women)


def test_older_people_take_part_less_socially(rows: list[Row]) -> None:
    for period, total in _city(rows, "social_participation"):
        assert _value(rows, "social_participation", period, age_band="65_84") < total


def test_poorer_neighbourhoods_are_poorer(rows: list[Row]) -> None:
    for period in ("2023", "2024", "2025"):
        for poor in ("drottninghog", "dalhem"):
            for rich in ("tagaborg", "hittarp"):
                assert (_value(rows, "disposable_income", period, poor)
                        < _value(rows, "disposable_income", period, rich))
                assert (_value(rows, "low_economic_standard", period, poor)
                        > _value(rows, "low_economic_standard", period, rich))


# --- refusing what does not fit ----------------------------------------------------------------


def test_a_descriptor_that_does_not_match_the_model_is_refused(package: DataPackage,
                                                               tmp_path: Path) -> None:
    fewer = package.model_copy(update={"eia": package.eia.model_copy(
        update={"indicators": package.eia.indicators[1:]})})
    with pytest.raises(ValueError, match="defined nowhere"):
        synthetic.generate(fewer, tmp_path, AREAS)
    assert not list(tmp_path.iterdir())


def test_main_writes_the_files_from_the_descriptors(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    areas = tmp_path / "areas"
    areas.mkdir()
    (areas / "datapackage.yaml").write_text(yaml.safe_dump({
        "name": "helsingborg-areas", "title": "Areas", "licenses": [{"name": "CC0-1.0"}],
        "eia": {"source": {"id": "areas", "title": "Areas", "publisher": "Test",
                           "citation": "Test", "licence": "CC0-1.0", "synthetic": False},
                "areas": [a.model_dump(mode="json") for a in AREAS]}}), encoding="utf-8")
    out = tmp_path / "out"
    assert synthetic.main([str(out), "--package", str(PACKAGE_DIR), "--areas", str(areas)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["counts.csv", "register.csv", "survey.csv"]
    assert "survey.csv" in capsys.readouterr().out
