"""Importing source files, as a statistician who adds a city's own figures meets it.

Every format is read into the same observations: CSV with ';' and decimal commas, Excel, Parquet
and a real PX-Web JSON-stat response with its '..' cells. A broken file is refused, whole, with
problems compared as (file, row, column, code), the row counted as a person counts it (the
header is row 1). Each broken case is a copy of a good fixture with one visible change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from eia.context import db
from eia.context.build import build
from eia.context.descriptor import load_package
from eia.context.importers import Catalogue, import_resource, parse_count, parse_number
from eia.problems import ProblemsError
from tests.shared_fixtures import SSB_07221, shared

FIXTURES = Path(__file__).parent / "fixtures" / "context"
PXWEB = SSB_07221

Where = tuple[str, int | None, str, str]


# --- Helpers ---------------------------------------------------------------------------------


def sources(tmp_path: Path, *names: str) -> Path:
    """A sources folder in tmp_path holding copies of the named fixture packages."""
    folder = tmp_path / "sources"
    for name in names:
        shutil.copytree(FIXTURES / name, folder / name)
    if "ssb-07221" in names:
        shutil.copyfile(shared(PXWEB), folder / "ssb-07221" / PXWEB.name)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a test cannot silently change nothing."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rows(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = db.connect(db_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def built(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "context.duckdb"
    build(folder, target)
    return target


def problems_of(folder: Path, tmp_path: Path) -> list[Where]:
    with pytest.raises(ProblemsError) as refused:
        build(folder, tmp_path / "context.duckdb")
    assert all(problem.message for problem in refused.value.problems)
    assert not (tmp_path / "context.duckdb").exists(), "a refused build writes nothing"
    return [(Path(p.file).name, p.line, p.field, p.code) for p in refused.value.problems]


def write_xlsx(path: Path, rows_: list[list[Any]], sheet: str = "Hälsa") -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Om tabellen"
    first.append(["Made-up figures for the tests"])
    health = workbook.create_sheet(sheet)
    for row in rows_:
        health.append(row)
    workbook.save(path)


XLSX_ROWS: list[list[Any]] = [
    ["Område", "År", "Funktionsnedsättning", "Andel", "Svar"],
    ["helsingborg", 2023, "Totalt", 71.5, 4800],
    ["helsingborg", 2023, "Ja", 48.25, 620],
    ["helsingborg", 2023, "Nej", 75.0, 4100],
    [None, None, None, None, None],
    ["centrum", 2023, "Totalt", "..", 25],
]


def write_parquet(path: Path, values: str) -> None:
    """A Parquet file written by DuckDB itself from a VALUES list."""
    con = db.connect(Path(":memory:"), read_only=False)
    try:
        con.execute(f"COPY (SELECT * FROM (VALUES {values}) AS t(area, year, born, share, people))"
                    f" TO '{path}' (FORMAT parquet)")
    finally:
        con.close()


PARQUET_VALUES = ("('helsingborg', 2024, 'total', 0.061, 9100), "
                  "('helsingborg', 2024, 'born_abroad', 0.118, 3300), "
                  "('helsingborg', 2024, 'sweden', 0.034, 5800), "
                  "('soder', 2024, 'total', 0.095, 700)")


# --- Every format ----------------------------------------------------------------------------


def test_a_csv_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    target = built(sources(tmp_path, "tiny-areas", "survey-csv"), tmp_path)
    found = rows(target, "SELECT area, sex, age_band, value, base, ci_low, ci_high, status "
                         "FROM observations WHERE indicator = 'feels_unsafe' ORDER BY ALL")
    assert found == [
        ("centrum", "men", "total", 22.0, 35, None, None, None),
        ("centrum", "women", "total", None, 12, None, None, ".."),  # '..' kept, value missing
        ("helsingborg", "men", "total", 18.2, 1100, 15.9, 20.5, None),
        ("helsingborg", "total", "total", 31.0, 2300, 29.1, 32.9, None),
        ("helsingborg", "women", "18_29", 58.0, 210, None, None, None),
        ("helsingborg", "women", "total", 43.5, 1200, 40.7, 46.3, None),
        ("soder", "total", "total", None, 40, None, None, None),  # an empty cell is missing too
    ]


def test_a_csv_without_a_header_takes_its_column_names_from_the_schema(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    csv_file = folder / "survey-csv" / "survey.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines(keepends=True)
    csv_file.write_text("".join(lines[1:]).replace("centrum;M;TOT;22,0", "centrum;M;TOT;x"),
                        encoding="utf-8")
    edit(folder / "survey-csv" / "datapackage.yaml", "header: true", "header: false")
    assert problems_of(folder, tmp_path) == [("survey.csv", 6, "andel", "not-a-number")]


def test_a_csv_row_keeps_its_upstream_codes(tmp_path: Path) -> None:
    target = built(sources(tmp_path, "tiny-areas", "survey-csv"), tmp_path)
    [(upstream,)] = rows(target, "SELECT upstream FROM observations WHERE area = 'helsingborg' "
                                 "AND sex = 'women' AND age_band = '18_29'")
    assert json.loads(upstream) == {"omrade": "helsingborg", "kon": "K", "alder": "18-29"}


def test_an_xlsx_sheet_by_name(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-xlsx")
    write_xlsx(folder / "survey-xlsx" / "survey.xlsx", XLSX_ROWS)
    target = built(folder, tmp_path)
    assert rows(target, "SELECT area, period, disability, value, base, status FROM observations "
                        "ORDER BY ALL") == [
        ("centrum", "2023", "total", None, 25, ".."),
        ("helsingborg", "2023", "total", 71.5, 4800, None),
        ("helsingborg", "2023", "with_disability", 48.25, 620, None),
        ("helsingborg", "2023", "without_disability", 75.0, 4100, None),
    ]


def test_a_parquet_file_scaled_to_per_cent(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "register-parquet")
    write_parquet(folder / "register-parquet" / "register.parquet", PARQUET_VALUES)
    target = built(folder, tmp_path)
    found = rows(target, "SELECT area, period, birth_region, value, base FROM observations "
                         "ORDER BY ALL")
    assert [(*row[:3], row[4]) for row in found] == [
        ("helsingborg", "2024", "born_abroad", 3300),
        ("helsingborg", "2024", "sweden", 5800),
        ("helsingborg", "2024", "total", 9100),
        ("soder", "2024", "total", 700),
    ]
    assert [row[3] for row in found] == pytest.approx([11.8, 3.4, 6.1, 9.5])


def test_the_real_pxweb_response_keeps_its_missing_cells(tmp_path: Path) -> None:
    target = built(sources(tmp_path, "tiny-areas", "ssb-07221"), tmp_path)
    [(cells, with_value, dots)] = rows(
        target, "SELECT count(*), count(value), count(*) FILTER (status = '..') "
                "FROM observations WHERE source = 'ssb-07221'")
    assert (cells, with_value, dots) == (288, 264, 24)
    assert rows(target, "SELECT count(*) FROM observations WHERE status = '..' "
                        "AND value IS NOT NULL") == [(0,)]


def test_pxweb_dimensions_are_read_in_id_and_size_order(tmp_path: Path) -> None:
    """Region x Boligtype x ContentsCode x Tid = 12 x 3 x 1 x 8, Tid varying fastest: cell 100
    is Region 004 (100 // 24), Boligtype 01 ((100 % 24) // 8), Tid 2023K1 (100 % 8)."""
    target = built(sources(tmp_path, "tiny-areas", "ssb-07221"), tmp_path)
    published = json.loads(PXWEB.read_text(encoding="utf-8"))
    [(value, status, upstream)] = rows(
        target, "SELECT value, status, upstream FROM observations WHERE area = 'no-004' AND "
                "indicator = 'price_index_detached' AND period = '2023K1'")
    assert value == published["value"][100]
    assert status is None
    assert json.loads(upstream)["Region"] == {"code": "004", "label": "Trondheim"}
    [(value, status)] = rows(
        target, "SELECT value, status FROM observations WHERE area = 'no-007' AND "
                "indicator = 'price_index_small' AND period = '2022K1'")
    assert (value, status) == (None, "..")  # cell 176, the first with status '..'
    assert published["status"]["176"] == ".." and published["value"][176] is None


def test_pxweb_index_as_a_list_and_status_as_a_list(tmp_path: Path) -> None:
    """JSON-stat allows `index` as a list of codes and `status` as a list per cell."""
    folder = sources(tmp_path, "tiny-areas", "ssb-07221")
    path = folder / "ssb-07221" / PXWEB.name
    data = json.loads(path.read_text(encoding="utf-8"))
    region = data["dimension"]["Region"]["category"]
    region["index"] = sorted(region["index"], key=region["index"].__getitem__)
    data["status"] = [data["status"].get(str(i)) for i in range(len(data["value"]))]
    path.write_text(json.dumps(data), encoding="utf-8")
    target = built(folder, tmp_path)
    assert rows(target, "SELECT count(*) FILTER (status = '..'), count(value) "
                        "FROM observations") == [(24, 264)]


# --- Broken files, refused whole ---------------------------------------------------------------


def test_a_value_that_is_not_a_number(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT;22,0;", "centrum;M;TOT;22 %;")
    assert problems_of(folder, tmp_path) == [("survey.csv", 7, "andel", "not-a-number")]


def test_a_point_in_a_decimal_comma_file_is_refused(tmp_path: Path) -> None:
    """1.234 could be a thousands separator: guessing would be wrong by a factor of 1000."""
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT;22,0;", "centrum;M;TOT;22.0;")
    assert problems_of(folder, tmp_path) == [("survey.csv", 7, "andel", "not-a-number")]


def test_an_unknown_area(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "soder;TOT;TOT", "atlantis;TOT;TOT")
    assert problems_of(folder, tmp_path) == [("survey.csv", 8, "omrade", "unknown-area")]


def test_upstream_codes_the_map_does_not_know_are_named_once_per_column(tmp_path: Path) -> None:
    """Every unmapped code of a column in one problem, so one edit fixes them all."""
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    data = folder / "survey-csv" / "survey.csv"
    edit(data, "centrum;M;TOT", "centrum;X;TOT")
    edit(data, "helsingborg;M;TOT", "helsingborg;Y;TOT")
    edit(data, "centrum;K;TOT", "centrum;X;TOT")
    with pytest.raises(ProblemsError) as refused:
        build(folder, tmp_path / "context.duckdb")
    [problem] = refused.value.problems
    assert (Path(problem.file).name, problem.line, problem.field, problem.code) == (
        "survey.csv", 1, "kon", "unmapped-code")
    assert "2 sex codes of column 'kon' neither mapped nor skipped: 'Y', 'X'" in problem.message
    assert "`unmapped: skip`" in problem.message


def test_unmapped_skip_keeps_only_the_codes_mapped(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT", "centrum;X;TOT")
    edit(folder / "survey-csv" / "datapackage.yaml", "map: {K: women, M: men, TOT: total}",
         "map: {K: women, M: men, TOT: total}\n            unmapped: skip")
    target = built(folder, tmp_path)
    assert rows(target, "SELECT count(*) FROM observations WHERE area = 'centrum'") == [(1,)]


def test_a_skipped_code_leaves_the_row_out(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT", "centrum;X;TOT")
    edit(folder / "survey-csv" / "datapackage.yaml", "      mapping:\n",
         "      mapping:\n        skip: {kon: [X]}\n")
    target = built(folder, tmp_path)
    assert rows(target, "SELECT count(*) FROM observations WHERE area = 'centrum'") == [(1,)]


def test_a_duplicate_row(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    csv_file = folder / "survey-csv" / "survey.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8") + "centrum;M;TOT;23,0;35;;\n",
                        encoding="utf-8")
    assert problems_of(folder, tmp_path) == [("survey.csv", 9, "andel", "duplicate-row")]


def test_a_ragged_csv_row(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT;22,0;35;;", "centrum;M;TOT;22,0")
    edit(folder / "survey-csv" / "survey.csv", "soder;TOT;TOT;;40;;", "soder;TOT;TOT;;40;;;1")
    assert problems_of(folder, tmp_path) == [
        ("survey.csv", 7, "antal_svar", "ragged-row"),  # the first column the row lacks
        ("survey.csv", 8, "column 8", "ragged-row"),  # one field too many
    ]


def test_a_blank_line_still_counts_as_a_row(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;K;TOT", "\ncentrum;K;TOT")
    edit(folder / "survey-csv" / "survey.csv", "soder;TOT;TOT;;40", "soder;TOT;TOT;;-40")
    assert problems_of(folder, tmp_path) == [("survey.csv", 9, "antal_svar", "bad-base")]


def test_a_column_the_mapping_names_is_missing(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "datapackage.yaml", "base: {column: antal_svar}",
         "base: {column: antal}")
    assert problems_of(folder, tmp_path) == [("survey.csv", 1, "antal", "missing-column")]


def test_a_header_that_differs_from_the_schema(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "omrade;kon;", "område;kon;")
    assert problems_of(folder, tmp_path) == [("survey.csv", 1, "", "header-mismatch")]


def test_an_xlsx_with_text_in_a_number_cell(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-xlsx")
    broken = [list(row) for row in XLSX_ROWS]
    broken[2][3] = "cirka 48"
    broken[3][4] = 4100.5
    write_xlsx(folder / "survey-xlsx" / "survey.xlsx", broken)
    assert problems_of(folder, tmp_path) == [
        ("survey.xlsx", 3, "Andel", "not-a-number"),
        ("survey.xlsx", 4, "Svar", "bad-base"),
    ]


def test_an_xlsx_without_the_named_sheet(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-xlsx")
    write_xlsx(folder / "survey-xlsx" / "survey.xlsx", XLSX_ROWS, sheet="Health")
    assert problems_of(folder, tmp_path) == [("survey.xlsx", None, "", "missing-sheet")]


def test_a_parquet_row_with_an_unknown_category(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "register-parquet")
    write_parquet(folder / "register-parquet" / "register.parquet",
                  PARQUET_VALUES.replace("'sweden'", "'Sverige'"))
    assert problems_of(folder, tmp_path) == [("register.parquet", 3, "born", "unknown-category")]


def test_a_jsonstat_whose_size_does_not_match_its_values(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "ssb-07221")
    path = folder / "ssb-07221" / PXWEB.name
    data = json.loads(path.read_text(encoding="utf-8"))
    data["value"].pop()
    path.write_text(json.dumps(data), encoding="utf-8")
    assert problems_of(folder, tmp_path) == [(PXWEB.name, None, "value", "bad-jsonstat")]


def test_a_jsonstat_cell_is_named_by_its_codes_not_a_line(tmp_path: Path) -> None:
    """A cube has no lines a person could look up; the cell's codes say where it is."""
    folder = sources(tmp_path, "tiny-areas", "ssb-07221")
    path = folder / "ssb-07221" / PXWEB.name
    data = json.loads(path.read_text(encoding="utf-8"))
    data["value"][100] = "n/a"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProblemsError) as refused:
        build(folder, tmp_path / "context.duckdb")
    [problem] = refused.value.problems
    assert (problem.line, problem.field, problem.code) == (None, "value", "not-a-number")
    assert problem.message.startswith(
        "Region=004, Boligtype=01, ContentsCode=Boligindeks, Tid=2023K1: value 'n/a'")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    edit(folder / "survey-csv" / "survey.csv", "centrum;M;TOT;22,0;", "centrum;M;TOT;x;")
    edit(folder / "survey-csv" / "survey.csv", "soder;TOT;TOT", "atlantis;TOT;TOT")
    edit(folder / "survey-csv" / "survey.csv", "helsingborg;K;18-29", "helsingborg;K;18-30")
    assert problems_of(folder, tmp_path) == [
        ("survey.csv", 7, "andel", "not-a-number"),
        ("survey.csv", 8, "omrade", "unknown-area"),
        ("survey.csv", 1, "alder", "unmapped-code"),
    ]


def test_a_map_naming_an_unknown_category_is_found_in_the_descriptor(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    descriptor = folder / "survey-csv" / "datapackage.yaml"
    edit(descriptor, "map: {K: women, M: men, TOT: total}", "map: {K: woman, M: men, TOT: total}")
    line = next(number for number, text in enumerate(
        descriptor.read_text(encoding="utf-8").splitlines(), start=1) if "K: woman" in text)
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", line, "resources[0].eia.mapping.dimensions.sex.map.K",
         "unknown-category")]


def test_problems_stop_at_a_cap(tmp_path: Path) -> None:
    folder = sources(tmp_path, "tiny-areas", "survey-csv")
    csv_file = folder / "survey-csv" / "survey.csv"
    header = csv_file.read_text(encoding="utf-8").splitlines()[0]
    csv_file.write_text(header + "\n" + "".join(f"centrum;K;TOT;x{i};1;;\n" for i in range(80)),
                        encoding="utf-8")
    found = problems_of(folder, tmp_path)
    assert len(found) == 51
    assert found[-1][3] == "more-problems"


# --- The importer on its own ---------------------------------------------------------------


def test_import_resource_raises_and_returns_no_rows(tmp_path: Path) -> None:
    folder = sources(tmp_path, "survey-csv") / "survey-csv"
    package = load_package(folder)
    indicators = {indicator.id: indicator for indicator in package.eia.indicators}
    catalogue = Catalogue(indicators, {"helsingborg", "centrum"})  # no 'soder'
    with pytest.raises(ProblemsError) as refused:
        import_resource(package, package.resources[0], folder, catalogue)
    assert [(p.line, p.field, p.code) for p in refused.value.problems] == [
        (8, "omrade", "unknown-area")]
    good = import_resource(package, package.resources[0], folder,
                           Catalogue(indicators, {"helsingborg", "centrum", "soder"}))
    assert len(good) == 7


@pytest.mark.parametrize(("text", "decimal", "number"), [
    ("12,5", ",", 12.5), ("-0,25", ",", -0.25), ("12.5", ".", 12.5), ("1e3", ".", 1000.0),
    (7, ".", 7.0), ("12.5", ",", None), ("1,5", ".", None), ("nan", ".", None),
    ("inf", ".", None), ("1_000", ".", None), ("", ".", None), (True, ".", None),
])
def test_numbers_are_read_strictly(text: Any, decimal: str, number: float | None) -> None:
    assert parse_number(text, decimal) == number


@pytest.mark.parametrize(("cell", "count"), [
    ("12", 12), (12, 12), (12.0, 12), ("0", 0), ("-1", None), (12.5, None), ("12,0", None),
    (False, None),
])
def test_bases_are_whole_numbers_of_zero_or_more(cell: Any, count: int | None) -> None:
    assert parse_count(cell) == count
