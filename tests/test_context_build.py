"""Building the context database, as the app (on first start) and the data steward meet it.

A build reads every package under the sources folder, checks everything, and only then writes a
new database beside the old one and renames it into place: all or nothing, the same bytes of
content from the same sources, and never a half-built file for a reader to open. `eia data
import` adds a file only when it and every other source pass.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from eia import settings
from eia.cli import main
from eia.context import db
from eia.context.build import add_source, build, build_info, ensure_built, source_hash
from eia.context.descriptor import load_package
from eia.problems import ProblemsError

ROOT = Path(__file__).resolve().parent.parent
REAL_SOURCES = ROOT / "data" / "sources"
REAL = ("helsingborg-areas", "helsingborg-baseline-2021")
FIXTURES = Path(__file__).parent / "fixtures" / "context"

FIGURE_7 = [  # (sex, age band, per cent) as published in the plan's Figure 7
    ("men", "18_29", 17.0), ("women", "18_29", 58.0), ("men", "30_44", 19.0),
    ("women", "30_44", 52.0), ("men", "45_64", 18.0), ("women", "45_64", 50.0),
    ("men", "65_84", 27.0), ("women", "65_84", 57.0),
]
TABLES = ["sources", "indicators", "areas", "categories", "breakdowns", "observations",
          "build_info"]

Where = tuple[str, int | None, str, str]


# --- Helpers ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_repository_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing here may read or write the repository's own data folder by default."""
    monkeypatch.setenv(settings.CONTEXT_DB.name, str(tmp_path / "env" / "context.duckdb"))
    monkeypatch.setenv(settings.DATA_SOURCES.name, str(tmp_path / "env" / "sources"))


def real_sources(tmp_path: Path) -> Path:
    """A copy of the bundled real packages (the baseline and the areas), without the demo."""
    folder = tmp_path / "sources"
    for name in REAL:
        shutil.copytree(REAL_SOURCES / name, folder / name)
    return folder


def fixture_sources(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "sources"
    for name in names:
        shutil.copytree(FIXTURES / name, folder / name)
    return folder


def query(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = db.connect(db_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def contents(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {table: query(db_path, f"SELECT * FROM {table} ORDER BY ALL") for table in TABLES}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problems_of(sources_dir: Path, db_path: Path) -> list[Where]:
    with pytest.raises(ProblemsError) as refused:
        build(sources_dir, db_path)
    assert all(problem.message for problem in refused.value.problems)
    return [(Path(p.file).name, p.line, p.field, p.code) for p in refused.value.problems]


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, f"{text!r} should be on one line of {path.name}, is on {found}"
    return found[0]


def eia(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


# --- The real figures --------------------------------------------------------------------------


def test_the_real_figures_of_the_plan_read_back(tmp_path: Path) -> None:
    target = tmp_path / "context.duckdb"
    report = build(real_sources(tmp_path), target)
    assert report.packages == list(REAL)
    assert report.counts["observations"] == 8
    found = query(target, "SELECT sex, age_band, value FROM observations "
                          "WHERE indicator = 'afraid_out_alone' AND area = 'helsingborg' "
                          "AND period = '2021'")
    assert sorted(found) == sorted(FIGURE_7)
    assert all(women > men for (_, _, men), (_, _, women) in zip(
        FIGURE_7[::2], FIGURE_7[1::2], strict=True)), "the plan: women of all ages more afraid"


def test_the_real_figures_carry_their_source_and_are_not_synthetic(tmp_path: Path) -> None:
    target = tmp_path / "context.duckdb"
    build(real_sources(tmp_path), target)
    [(source, synthetic, citation)] = query(
        target, "SELECT DISTINCT s.id, s.synthetic, s.citation FROM observations o "
                "JOIN sources s ON s.id = o.source")
    assert (source, synthetic) == ("ramboll-baseline-2021", False)
    assert "Ramboll" in citation and "April 2021" in citation and "Figure 7" in citation
    [(unit, kind, higher, grounds, definition)] = query(
        target, "SELECT unit, kind, higher_is_better, grounds, definition_en FROM indicators "
                "WHERE id = 'afraid_out_alone'")
    assert (unit, kind, higher, grounds) == ("%", "proportion", False, [])
    assert "2021" in definition and "baseline analysis" in definition


def test_the_areas_are_real_names_in_a_city_district_neighbourhood_tree(tmp_path: Path) -> None:
    target = tmp_path / "context.duckdb"
    build(real_sources(tmp_path), target)
    areas = {id_: (name, level, parent) for id_, name, level, parent in
             query(target, "SELECT * FROM areas")}
    assert areas["helsingborg"] == ("Helsingborg", "municipality", None)
    assert areas["drottninghog"][:2] == ("Drottninghög", "neighbourhood")
    assert areas["raa"][:2] == ("Råå", "neighbourhood")
    for _, level, parent in areas.values():
        if level == "neighbourhood":
            assert areas[parent][1] == "district"
    package = load_package(REAL_SOURCES / "helsingborg-areas")
    assert "not an official division" in (package.model_extra or {})["description"]


@pytest.mark.skipif(importlib.util.find_spec("eia.context.synthetic") is None,
                    reason="the synthetic generator is not there yet")
def test_the_whole_bundled_sources_folder_builds(tmp_path: Path) -> None:
    """With the synthetic demo: its files are generated beside the database, not in the repo."""
    target = tmp_path / "db" / "context.duckdb"
    report = build(REAL_SOURCES, target)
    assert set(REAL) <= set(report.packages)
    assert (tmp_path / "db" / "generated").is_dir()
    by_source = dict(query(target, "SELECT s.synthetic, count(*) FROM observations o "
                                   "JOIN sources s ON s.id = o.source "
                                   "WHERE o.source <> 'ramboll-baseline-2021' GROUP BY ALL"))
    assert set(by_source) <= {True}, "every bundled figure but the plan's is synthetic"
    assert query(target, "SELECT count(*) FROM observations "
                         "WHERE source = 'ramboll-baseline-2021'") == [(8,)]


# --- All or nothing, and the same every time ---------------------------------------------------


def test_building_twice_gives_the_same_contents_and_hash(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    report_a, report_b = build(sources, first), build(sources, second)
    assert report_a.source_hash == report_b.source_hash == source_hash(sources)
    assert build_info(first) == build_info(second)
    assert contents(first) == contents(second)
    assert set(build_info(first)) == {"tool_version", "schema_hash", "source_hash", "packages",
                                      "rows_sources", "rows_indicators", "rows_areas",
                                      "rows_observations"}


def test_a_failed_build_leaves_the_previous_database_untouched(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "db" / "context.duckdb"
    build(sources, target)
    before = digest(target)
    data = sources / "helsingborg-baseline-2021" / "afraid-out-alone-2021.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("Men,18–29 years,17",
                                                             "Men,18–29 years,seventeen"),
                    encoding="utf-8")
    assert problems_of(sources, target) == [
        ("afraid-out-alone-2021.csv", 2, "percent", "not-a-number")]
    assert digest(target) == before
    assert sorted(path.name for path in target.parent.iterdir()) == ["context.duckdb"]


def test_a_failed_first_build_leaves_no_file(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    shutil.rmtree(sources / "helsingborg-areas")
    target = tmp_path / "db" / "context.duckdb"
    descriptor = sources / "helsingborg-baseline-2021" / "datapackage.yaml"
    assert problems_of(sources, target) == [
        ("datapackage.yaml", line_of(descriptor, "area: {value: helsingborg}"),
         "resources[0].eia.mapping.area.value", "unknown-area")]
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_two_readers_open_the_built_file_at_once(tmp_path: Path) -> None:
    target = tmp_path / "context.duckdb"
    build(real_sources(tmp_path), target)
    first, second = db.connect(target), db.connect(target)
    try:
        assert first.execute("SELECT count(*) FROM observations").fetchall() == [(8,)]
        assert second.execute("SELECT count(*) FROM areas").fetchall()[0][0] > 20
    finally:
        first.close()
        second.close()


def test_a_reader_keeps_its_file_while_a_build_replaces_it(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    build(sources, target)
    reader = db.connect(target)
    try:
        build(sources, target)  # a writer beside a reader would fail on the lock; a rename won't
        assert reader.execute("SELECT count(*) FROM observations").fetchall() == [(8,)]
    finally:
        reader.close()


def test_ensure_built_builds_only_when_the_sources_changed(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    assert ensure_built(sources, target) is True
    assert ensure_built(sources, target) is False
    readme = sources / "helsingborg-areas" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert ensure_built(sources, target) is True
    assert build_info(target)["source_hash"] == source_hash(sources)


def test_ensure_built_uses_the_environment(tmp_path: Path) -> None:
    shutil.copytree(real_sources(tmp_path), tmp_path / "env" / "sources")
    assert ensure_built() is True
    assert (tmp_path / "env" / "context.duckdb").is_file()


def test_hidden_folders_are_not_sources(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    before = source_hash(sources)
    shutil.copytree(sources / "helsingborg-baseline-2021", sources / ".half-imported")
    assert source_hash(sources) == before
    assert build(sources, tmp_path / "context.duckdb").packages == list(REAL)


# --- Checks across packages --------------------------------------------------------------------


def test_an_indicator_defined_differently_twice_names_both_files(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    other = sources / "zz-other"
    shutil.copytree(sources / "helsingborg-baseline-2021", other)
    descriptor = other / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8").replace(
        "name: helsingborg-baseline-2021", "name: zz-other").replace(
        "higher_is_better: false", "higher_is_better: true").replace(
        "id: ramboll-baseline-2021", "id: zz-source")
    descriptor.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as refused:
        build(sources, tmp_path / "context.duckdb")
    [problem] = refused.value.problems
    assert (Path(problem.file).name, problem.line, problem.field, problem.code) == (
        "datapackage.yaml", line_of(descriptor, "- id: afraid_out_alone"),
        "eia.indicators[0]", "conflicting-indicator")
    assert "zz-other" in problem.file
    assert str(sources / "helsingborg-baseline-2021" / "datapackage.yaml") in problem.message


def test_an_indicator_defined_identically_twice_is_fine(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    other = sources / "zz-other"
    other.mkdir()
    baseline = (sources / "helsingborg-baseline-2021" / "datapackage.yaml").read_text(
        encoding="utf-8")
    (other / "datapackage.yaml").write_text(
        baseline.replace("name: helsingborg-baseline-2021", "name: zz-other")
        .replace("id: ramboll-baseline-2021", "id: zz-source")
        .split("resources:")[0], encoding="utf-8")
    target = tmp_path / "context.duckdb"
    build(sources, target)
    assert query(target, "SELECT id, defined_by FROM indicators") == [
        ("afraid_out_alone", "helsingborg-baseline-2021")]


def test_an_area_whose_parent_is_unknown(tmp_path: Path) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas")
    descriptor = sources / "tiny-areas" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        "parent: innerstaden}\n    - {id: soder", "parent: ostra}\n    - {id: soder"),
        encoding="utf-8")
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", line_of(descriptor, "id: centrum"), "eia.areas[2].parent",
         "bad-parent")]


def test_a_folder_and_package_name_must_agree(tmp_path: Path) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas")
    (sources / "tiny-areas").rename(sources / "areas")
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", 1, "name", "misplaced-package")]


def test_an_empty_sources_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    assert problems_of(tmp_path / "sources", tmp_path / "context.duckdb") == [
        ("sources", None, "", "no-sources")]


# --- The descriptor, read strictly -------------------------------------------------------------


def test_an_unknown_key_in_our_extension_is_named_with_its_line(tmp_path: Path) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas", "survey-csv")
    descriptor = sources / "survey-csv" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("    synthetic: true\n",
                                       "    synthetic: true\n    colour: blue\n"),
                          encoding="utf-8")
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", line_of(descriptor, "colour: blue"), "eia.source.colour",
         "extra_forbidden")]


def test_a_duplicate_key_is_refused(tmp_path: Path) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas", "survey-csv")
    descriptor = sources / "survey-csv" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("title: Made-up survey figures (test fixture)\n",
                                       "title: Made-up survey figures (test fixture)\n"
                                       "title: again\n"), encoding="utf-8")
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", 3, "title", "duplicate-key")]


@pytest.mark.parametrize("path", ["../tiny-areas/datapackage.yaml", "/etc/passwd", ".hidden.csv",
                                  "datapackage.yaml"])
def test_a_resource_path_must_be_a_plain_file_beside_the_descriptor(tmp_path: Path,
                                                                    path: str) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas", "survey-csv")
    descriptor = sources / "survey-csv" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("path: survey.csv", f"path: {path!r}"), encoding="utf-8")
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", line_of(descriptor, "    path: "), "resources[0].path", "bad-path")]


def test_a_missing_data_file_is_named_in_the_descriptor(tmp_path: Path) -> None:
    sources = fixture_sources(tmp_path, "tiny-areas", "survey-csv")
    (sources / "survey-csv" / "survey.csv").unlink()
    descriptor = sources / "survey-csv" / "datapackage.yaml"
    assert problems_of(sources, tmp_path / "context.duckdb") == [
        ("datapackage.yaml", line_of(descriptor, "path: survey.csv"), "resources[0].path",
         "missing-file")]


# --- The command line ------------------------------------------------------------------------


def new_source(tmp_path: Path, value: str = "41,5") -> tuple[Path, Path]:
    """A file and its descriptor, outside the sources folder, as a steward would have them."""
    incoming = tmp_path / "incoming"
    incoming.mkdir(exist_ok=True)
    data = incoming / "trygghet-2024.csv"
    data.write_text(f"område;andel\nhelsingborg;{value}\nraa;38,0\n", encoding="utf-8")
    meta = incoming / "trygghet-2024.yaml"
    meta.write_text("""\
name: trygghet-2024
title: Made-up safety survey 2024 (test)
licenses: [{name: CC0-1.0}]
eia:
  source: {id: trygghet-2024, title: Made-up safety survey, publisher: Tests,
           citation: Made up for the tests, licence: CC0-1.0, synthetic: true}
  indicators:
    - id: feels_safe_evening
      title: {sv: Trygg på kvällen, en: Feels safe in the evening}
      definition:
        sv: Andel som känner sig trygga ute på kvällen.
        en: Share who feel safe out in the evening.
      unit: "%"
      kind: proportion
      higher_is_better: true
resources:
  - name: trygghet
    path: trygghet-2024.csv
    format: csv
    dialect: {delimiter: ";", decimal: ","}
    eia:
      mapping:
        indicator: {value: feels_safe_evening}
        area: {column: område}
        period: {value: "2024"}
        value: {column: andel}
""", encoding="utf-8")
    return data, meta


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_data_build_uses_the_environment(tmp_path: Path) -> None:
    shutil.copytree(real_sources(tmp_path), tmp_path / "env" / "sources")
    result = eia("data", "build")
    assert result.exit_code == 0, result.output
    assert "observations 8" in result.stdout
    assert (tmp_path / "env" / "context.duckdb").is_file()


def test_data_build_names_each_problem_and_changes_nothing(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    build(sources, target)
    before = digest(target)
    data = sources / "helsingborg-baseline-2021" / "afraid-out-alone-2021.csv"
    data.write_text(data.read_text(encoding="utf-8") + "Men,18–29 years,17\n", encoding="utf-8")
    result = eia("data", "build", "--sources", sources, "--db", target)
    assert result.exit_code == 1
    assert f"{data}:10 [percent]:" in result.stderr and "duplicate-row" in result.stderr
    assert digest(target) == before


def test_data_import_adds_the_source_and_rebuilds(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    build(sources, target)
    data, meta = new_source(tmp_path)
    result = eia("data", "import", data, "--meta", meta, "--sources", sources, "--db", target)
    assert result.exit_code == 0, result.output
    added = sources / "trygghet-2024"
    assert sorted(p.name for p in added.iterdir()) == ["datapackage.yaml", "trygghet-2024.csv"]
    assert (added / "datapackage.yaml").read_bytes() == meta.read_bytes()
    assert query(target, "SELECT area, value FROM observations "
                         "WHERE indicator = 'feels_safe_evening' ORDER BY area") == [
        ("helsingborg", 41.5), ("raa", 38.0)]
    assert build_info(target)["source_hash"] == source_hash(sources)
    assert ensure_built(sources, target) is False
    assert not [p for p in sources.iterdir() if p.name.startswith(".")]


def test_data_import_of_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    build(sources, target)
    before_db, before_sources = digest(target), snapshot(sources)
    data, meta = new_source(tmp_path, value="fyrtio")
    result = eia("data", "import", data, "--meta", meta, "--sources", sources, "--db", target)
    assert result.exit_code == 1
    assert f"{data}:2 [andel]:" in result.stderr and "not-a-number" in result.stderr
    assert "nothing was changed" in result.stderr
    assert digest(target) == before_db
    assert snapshot(sources) == before_sources


def test_data_import_refuses_a_meta_that_does_not_describe_the_file(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    data, meta = new_source(tmp_path)
    renamed = data.with_name("other.csv")
    data.rename(renamed)
    result = eia("data", "import", renamed, "--meta", meta, "--sources", sources,
                 "--db", tmp_path / "context.duckdb")
    assert result.exit_code == 1
    assert "bad-import" in result.stderr
    assert not (sources / "trygghet-2024").exists()


def test_data_import_replaces_an_existing_source_only_when_asked(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    data, meta = new_source(tmp_path)
    add_source(data, meta, sources, target)
    data.write_text(data.read_text(encoding="utf-8").replace("41,5", "42,5"), encoding="utf-8")
    refused = eia("data", "import", data, "--meta", meta, "--sources", sources, "--db", target)
    assert refused.exit_code == 1 and "--replace" in refused.stderr
    assert query(target, "SELECT value FROM observations WHERE area = 'helsingborg' "
                         "AND indicator = 'feels_safe_evening'") == [(41.5,)]
    replaced = eia("data", "import", data, "--meta", meta, "--sources", sources, "--db", target,
                   "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert query(target, "SELECT value FROM observations WHERE area = 'helsingborg' "
                         "AND indicator = 'feels_safe_evening'") == [(42.5,)]


def test_data_import_into_an_empty_sources_folder_needs_the_areas(tmp_path: Path) -> None:
    data, meta = new_source(tmp_path)
    with pytest.raises(ProblemsError) as refused:
        add_source(data, meta, tmp_path / "nothing", tmp_path / "context.duckdb")
    assert {p.code for p in refused.value.problems} == {"unknown-area"}
    assert not (tmp_path / "nothing").exists()


def test_data_indicators_lists_real_and_synthetic_sources(tmp_path: Path) -> None:
    sources = real_sources(tmp_path)
    target = tmp_path / "context.duckdb"
    data, meta = new_source(tmp_path)
    add_source(data, meta, sources, target)
    result = eia("data", "indicators", "--db", target, "--json")
    assert result.exit_code == 0, result.output
    listing = {item["id"]: item for item in json.loads(result.stdout)}
    assert listing["afraid_out_alone"]["data"] == "real"
    assert listing["afraid_out_alone"]["sources"] == [
        {"id": "ramboll-baseline-2021", "synthetic": False, "observations": 8}]
    assert listing["feels_safe_evening"]["data"] == "synthetic"
    text = eia("data", "indicators", "--db", target, "--lang", "en").stdout
    assert "afraid_out_alone\tAfraid to go out alone\t%\tramboll-baseline-2021 (real)" in text
    assert "trygghet-2024 (SYNTHETIC)" in text


def test_data_indicators_without_a_database_says_how_to_build_one(tmp_path: Path) -> None:
    result = eia("data", "indicators")
    assert result.exit_code == 1
    assert "eia data build" in result.stderr
