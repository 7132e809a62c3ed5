"""SCB's real table TAB6471 (population by county, ten-year age bands up to "100+", sex and
month) imported with the README's PxWeb example as its descriptor, and read as an analyst
reads it.

The response is SCB's own, stored unchanged in ../shared/fixtures/pxweb/scb-api-v2/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eia.context import db
from eia.context.build import build
from eia.context.queries import context_for
from eia.model import AffectedGroup, Ground
from eia.services import evidence
from tests.readme_examples import package
from tests.shared_fixtures import SCB_API, shared
from tests.test_context_import import FIXTURES

DATA = SCB_API / "TAB6471_data.json"


@pytest.fixture(scope="module")
def scb_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scb")
    build(package(root / "sources", "scb", shared(DATA)), root / "context.duckdb")
    return root / "context.duckdb"


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    con = db.connect(db_path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ten_year_bands_and_100_plus_import_with_the_values_as_published(scb_db: Path) -> None:
    """2 counties × 11 bands × 3 sexes × 4 months; the other 19 counties are left out."""
    assert rows(scb_db, "SELECT count(*), count(DISTINCT age_band), count(DISTINCT area) "
                        "FROM observations") == [(264, 11, 2)]
    # SCB's perturbed total is kept as published, not recomputed from men and women
    [(total, men, women)] = rows(scb_db, """
        SELECT max(value) FILTER (sex = 'total'), max(value) FILTER (sex = 'men'),
               max(value) FILTER (sex = 'women') FROM observations
        WHERE area = 'skane' AND age_band = '100_plus' AND period = '2026M01'""")
    assert None not in (total, men, women)
    [(upstream,)] = rows(scb_db, "SELECT upstream FROM observations WHERE area = 'skane' AND "
                                 "age_band = '100_plus' AND sex = 'women' AND period = '2026M01'")
    assert '"Alder":{"code":"100+10","label":"100+ år"}' in str(upstream)


def test_an_analyst_sees_the_county_by_age_band_and_by_sex(scb_db: Path) -> None:
    con = db.connect(scb_db)
    try:
        by_age = context_for(con, Ground.age, ["skane"], "2026M04")
        by_sex = context_for(con, Ground.sex, ["skane"], "2026M04")
    finally:
        con.close()
    bands = [f.group.code for f in by_age.figures if f.group.codes == (("age_band", f.group.code),)]
    assert bands == ["0_9", "10_19", "20_29", "30_39", "40_49", "50_59", "60_69", "70_79",
                     "80_89", "90_99", "100_plus"]
    oldest = next(f for f in by_age.figures if f.group.code == "100_plus" and not any(
        d == "sex" for d, _ in f.group.codes))
    assert oldest.group.label.en == "Aged 100 and over" and oldest.group.value
    assert oldest.comparison.withheld == "no_comparison"  # the table has no all-ages total
    women = [f for f in by_sex.figures if f.group.code == "women"]
    assert len(women) == 11 and not [f for f in by_sex.figures if f.group.code == "men"]
    assert women[0].comparison.codes == (("sex", "men"), ("age_band", "0_9"))
    assert all(f.worse_off is None for f in by_sex.figures)  # counts are never judged


def test_a_withheld_count_in_the_real_table_takes_its_complement_with_it(scb_db: Path) -> None:
    """Gotland had 4 men aged 100+ in January 2026: withheld. The total of that band is
    published, so the women would give the men away; they are withheld too."""
    con = db.connect(scb_db)
    try:
        context = context_for(con, Ground.sex, ["gotland"], "2026M01")
    finally:
        con.close()
    [oldest] = [f for f in context.figures if f.group.codes == (("sex", "women"),
                                                                ("age_band", "100_plus"))]
    assert (oldest.group.value, oldest.group.withheld) == (None, "secondary")
    assert (oldest.comparison.value, oldest.comparison.withheld) == (None, "count")
    younger = [f for f in context.figures if f.group.value is not None]
    assert len(younger) == 10


def test_the_readme_kolada_example_imports_the_built_response(tmp_path: Path) -> None:
    """The Kolada example maps the built response (tests/fixtures/context/kolada/)."""
    data = FIXTURES / "kolada" / "data_N00945_1283.json"
    build(package(tmp_path / "sources", "kolada", data), tmp_path / "context.duckdb")
    con = db.connect(tmp_path / "context.duckdb")
    try:
        context = context_for(con, Ground.sex, ["helsingborg"], "2022")
    finally:
        con.close()
    women = next(f for f in context.figures if f.group.code == "women")
    assert (women.group.value, women.comparison.value, women.indicator.kind.value) == (
        5.1, 4.6, "share")
    assert women.group.ci_low is None  # a register share has no sampling interval


def test_the_county_by_age_band_shows_beside_the_questions_of_the_age_step(
        scb_db: Path) -> None:
    """What the wizard's age step shows for an assessment about Skåne whose officer named
    those aged 80–89: SCB's own counts for that band, real, by sex, with SCB as the source."""
    named = evidence.group_keys([AffectedGroup(codes={"age_band": "80_89"}, label="80–89 år")])
    found = evidence.ground_evidence(scb_db, Ground.age, ["skane"], named)
    assert found.indicators and not found.synthetic
    figures = [f for indicator in found.indicators for f in indicator.figures]
    assert figures and {f.group.code for f in figures} <= {"80_89", "women", "men"}
    assert all(("age_band", "80_89") in f.group.codes or f.group.code == "80_89"
               for f in figures)
    citations = {c.citation for i in found.indicators for c in i.sources}
    assert citations and all("SCB" in citation for citation in citations), citations
