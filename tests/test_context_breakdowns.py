"""Breakdowns and areas as data: categories declared by sources, area levels from a country down
to a neighbourhood, and the secondary suppression that keeps a withheld count withheld.

Figures built here for the purpose are made up (synthetic) and say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eia.context import db
from eia.context.build import build
from eia.context.model import CATEGORIES, STANDARD, Dimension
from eia.context.queries import area_ids, context_for
from eia.context.suppression import Cell, secondary
from eia.model import Ground
from tests.test_context_import import edit, problems_of, sources

# --- the vocabulary ---------------------------------------------------------------------------


def test_breakdowns_yaml_declares_every_breakdown_with_a_ground() -> None:
    assert set(STANDARD) == set(Dimension)
    for dimension, categories in CATEGORIES.items():
        codes = {category.code for category in categories}
        assert all(c.comparison in codes for c in categories if c.comparison), dimension


def add_bands(meta: Path, bands: str) -> None:
    edit(meta, "  indicators:\n", f"  categories:\n    age_band:\n{bands}  indicators:\n")


def test_a_source_adds_age_bands_of_its_own(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    meta = folder / "survey-csv" / "datapackage.yaml"
    add_bands(meta, '      - {code: "18_24", label: {sv: 18–24 år, en: Aged 18–24}}\n')
    edit(meta, '"18-29": "18_29"', '"18-29": "18_24"')
    build(folder, tmp_path / "context.duckdb")
    con = db.connect(tmp_path / "context.duckdb")
    try:
        context = context_for(con, Ground.age, ["helsingborg"], "2024")
    finally:
        con.close()
    [young] = [f for f in context.figures
               if f.group.codes == (("sex", "women"), ("age_band", "18_24"))]
    assert young.group.label.sv == "18–24 år, kvinnor" and young.comparison.code == "total"


@pytest.mark.parametrize(("band", "field", "code"), [
    ('{code: "18_29", label: {sv: Unga, en: Young}}', "", "conflicting-category"),
    ('{code: "18_24", label: {sv: a, en: a}, comparison: "99_99"}', ".comparison",
     "unknown-category"),
], ids=["declared unlike the standard band", "compared with an unknown band"])
def test_a_declared_band_must_agree_with_the_others(tmp_path: Path, band: str, field: str,
                                                    code: str) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    add_bands(folder / "survey-csv" / "datapackage.yaml", f"      - {band}\n")
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", 15, f"eia.categories.age_band[0]{field}", code)]


def test_a_proportion_needs_a_direction(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    meta = folder / "survey-csv" / "datapackage.yaml"
    edit(meta, "      higher_is_better: false\n", "")
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", 14, "eia.indicators[0]", "value_error")]


# --- areas ----------------------------------------------------------------------------------------

COUNTY = """    - {id: sverige, name: Sverige, level: country}
    - {id: skane, name: Skåne län, level: county, parent: sverige}
"""


def test_areas_from_a_country_down_to_a_neighbourhood(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas")
    meta = folder / "tiny-areas" / "datapackage.yaml"
    edit(meta, "  areas:\n", "  areas:\n" + COUNTY)
    edit(meta, "level: municipality}", "level: municipality, parent: skane}")
    build(folder, tmp_path / "context.duckdb")
    con = db.connect(tmp_path / "context.duckdb")
    try:
        assert area_ids(con) == ["sverige", "skane", "helsingborg", "innerstaden", "centrum",
                                 "soder"]
    finally:
        con.close()


@pytest.mark.parametrize(("old", "new"), [
    ("level: district, parent: helsingborg}", "level: district}"),
    ("level: municipality}", "level: municipality, parent: centrum}"),
])
def test_a_parent_is_a_larger_area_and_parts_of_a_city_need_one(tmp_path: Path, old: str,
                                                                 new: str) -> None:
    folder = sources(tmp_path, "tiny-areas")
    edit(folder / "tiny-areas" / "datapackage.yaml", old, new)
    [(file, _, field, code)] = problems_of(folder, tmp_path)
    assert (file, code) == ("datapackage.yaml", "bad-parent") and field.endswith(".parent")


# --- secondary suppression (synthetic cells built for the purpose) -------------------------------

T = ("helsingborg", "2025")


def cells(*rows: tuple[str, str, float | None]) -> list[Cell]:
    """Synthetic counts by sex × age band, one row id each."""
    return [Cell(i, T, (sex, age), value) for i, (sex, age, value) in enumerate(rows)]


def test_the_complement_of_a_withheld_count_is_withheld() -> None:
    found = cells(("total", "total", 15), ("women", "total", 3), ("men", "total", 12))
    assert secondary(found, 5) == {2}


def test_without_a_total_there_is_nothing_to_subtract_from() -> None:
    assert secondary(cells(("women", "total", 3), ("men", "total", 12)), 5) == set()


def test_an_unpublished_cell_already_protects_its_line() -> None:
    found = cells(("total", "total", 15), ("women", "total", 3), ("men", "total", None))
    assert secondary(found, 5) == set()


def test_a_withheld_total_is_protected_from_the_sum_of_its_parts() -> None:
    found = cells(("total", "total", 4), ("women", "total", 2), ("men", "total", 2),
                  ("total", "0_17", 1), ("total", "18_64", 3))
    assert secondary(found, 5) == set()  # every part is withheld itself
    found = cells(("total", "total", 4), ("women", "total", 6), ("men", "total", 9))
    assert secondary(found, 5) == {1}  # 6 + 9 is not 4, but SCB's totals are perturbed too


def test_withholding_spreads_across_crossed_breakdowns_until_nothing_is_given_away() -> None:
    """Women 0–17 withheld: men 0–17 follows (the age band's total); then women 18–64 (the
    women's total) and men 18–64 (the 18–64 total)."""
    found = cells(("total", "total", 100), ("women", "total", 50), ("men", "total", 50),
                  ("total", "0_17", 10), ("total", "18_64", 90),
                  ("women", "0_17", 3), ("men", "0_17", 7),
                  ("women", "18_64", 47), ("men", "18_64", 43))
    assert secondary(found, 5) == {6, 7, 8}
