"""Every fault the loaders once crashed on or silently accepted, as a problem that names file,
line or position, field and code, with nothing written.

Each case is a copy of a good fixture with one visible change; the comment says what happened
before (issue 16's fault tests).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eia.context.readers import MAX_PX_CELLS
from eia.yamlfile import MAX_BYTES, MAX_DEPTH
from tests.test_context_import import PXWEB, edit, problems_of, sources

SURVEY = "survey-csv"


def survey(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A sources folder with the CSV survey, its descriptor and its data file."""
    folder = sources(tmp_path, "tiny-areas", SURVEY)
    return folder, folder / SURVEY / "datapackage.yaml", folder / SURVEY / "survey.csv"


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["99999999999", "999999999999999999999"])
def test_a_base_too_large_to_store_is_a_problem_on_its_row(tmp_path: Path, base: str) -> None:
    """Before: pyarrow's ArrowInvalid (11 digits) and OverflowError (21 digits)."""
    folder, _, data = survey(tmp_path)
    edit(data, "31,0;2300;", f"31,0;{base};")
    assert problems_of(folder, tmp_path) == [("survey.csv", 2, "antal_svar", "bad-base")]


@pytest.mark.parametrize("share", ["250", "-5"])
def test_a_percentage_outside_0_to_100_is_refused(tmp_path: Path, share: str) -> None:
    """Before: stored, and the statement printed it."""
    folder, _, data = survey(tmp_path)
    edit(data, "helsingborg;K;TOT;43,5;", f"helsingborg;K;TOT;{share};")
    assert problems_of(folder, tmp_path) == [("survey.csv", 3, "andel", "out-of-range")]


def test_shares_scaled_past_100_are_refused_after_scaling(tmp_path: Path) -> None:
    """A file of percentages mapped with `scale: 100` (meant for shares 0–1) gives 4,350 %."""
    folder, meta, _ = survey(tmp_path)
    edit(meta, "        value: {column: andel}\n", "        value: {column: andel}\n"
         "        scale: 100\n")
    found = problems_of(folder, tmp_path)
    assert found[0] == ("survey.csv", 2, "andel", "out-of-range")
    assert {code for *_, code in found} == {"out-of-range"}


@pytest.mark.parametrize(("scale", "code"), [
    (".nan", "finite_number"), (".inf", "finite_number"), ("0", "greater_than"),
    ("-1", "greater_than")])
def test_a_scale_must_be_a_positive_finite_number(tmp_path: Path, scale: str, code: str) -> None:
    """Before: `scale: .nan` was stored and the statement printed 'nan %'."""
    folder, meta, _ = survey(tmp_path)
    edit(meta, "        value: {column: andel}\n",
         f"        value: {{column: andel}}\n        scale: {scale}\n")
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", 44, "resources[0].eia.mapping.scale", code)]


# --- CSV dialects -------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", ['""', '";;"', '"\\""'])
def test_a_delimiter_is_one_plain_character(tmp_path: Path, delimiter: str) -> None:
    """Before: TypeError from Python's csv module for an empty or two-character delimiter."""
    folder, meta, _ = survey(tmp_path)
    edit(meta, 'delimiter: ";"', f"delimiter: {delimiter}")
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", 25, "resources[0].dialect.delimiter", "value_error")]


def test_a_file_not_in_its_declared_encoding_is_one_problem(tmp_path: Path) -> None:
    """Before: UnicodeError ('UTF-16 stream does not start with BOM')."""
    folder, meta, _ = survey(tmp_path)
    edit(meta, "      header: true\n", "      header: true\n      encoding: utf-16\n")
    assert problems_of(folder, tmp_path) == [("survey.csv", None, "", "bad-encoding")]


def test_an_unknown_encoding_is_named_in_the_descriptor(tmp_path: Path) -> None:
    folder, meta, _ = survey(tmp_path)
    edit(meta, "      header: true\n", "      header: true\n      encoding: cp1252\n")
    assert problems_of(folder, tmp_path) == [
        ("datapackage.yaml", 28, "resources[0].dialect.encoding", "literal_error")]


# --- descriptors --------------------------------------------------------------------------------


def test_a_descriptor_nested_5000_deep_is_refused_on_its_line(tmp_path: Path) -> None:
    """Before: RecursionError. libyaml stops at 1,000 levels with a syntax error."""
    folder, meta, _ = survey(tmp_path)
    meta.write_text(meta.read_text(encoding="utf-8") + "extra: " + "[" * 5000 + "]" * 5000 + "\n",
                    encoding="utf-8")
    [(file, line, field, code)] = problems_of(folder, tmp_path)
    assert (file, field, code) == ("datapackage.yaml", "", "yaml-syntax") and line is not None


def test_a_descriptor_nested_past_the_limit_is_refused_before_validation(
        tmp_path: Path) -> None:
    folder, meta, _ = survey(tmp_path)
    meta.write_text(meta.read_text(encoding="utf-8") + "extra: " + "[" * 100 + "]" * 100 + "\n",
                    encoding="utf-8")
    [(file, _, field, code)] = problems_of(folder, tmp_path)
    assert (file, code) == ("datapackage.yaml", "too-deep")
    assert field == "extra" + "[0]" * (MAX_DEPTH - 1)


def test_a_descriptor_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    folder, meta, _ = survey(tmp_path)
    meta.write_text(meta.read_text(encoding="utf-8") + "# padding\n" * (MAX_BYTES // 10),
                    encoding="utf-8")
    assert problems_of(folder, tmp_path) == [("datapackage.yaml", None, "", "too-large")]


# --- JSON-stat ------------------------------------------------------------------------------------


def pxweb_sources(tmp_path: Path) -> tuple[Path, Path]:
    folder = sources(tmp_path, "tiny-areas", "ssb-07221")
    return folder, folder / "ssb-07221" / PXWEB.name


def test_a_cube_of_a_billion_cells_declared_in_24_kb_is_refused_before_allocating(
        tmp_path: Path) -> None:
    """Before: 1000 × 1000 × 1000 cells with `value` as an object exhausted memory."""
    folder, path = pxweb_sources(tmp_path)
    codes = [f"{n:03}" for n in range(1000)]
    cube = {"class": "dataset", "version": "2.0", "id": ["Region", "Boligtype", "Tid"],
            "size": [1000, 1000, 1000], "value": {"0": 1.0},
            "dimension": {name: {"category": {"index": codes}}
                          for name in ("Region", "Boligtype", "Tid")}}
    path.write_text(json.dumps(cube, separators=(",", ":")), encoding="utf-8")
    assert path.stat().st_size < 40_000
    assert problems_of(folder, tmp_path) == [(PXWEB.name, None, "size", "too-large")]
    assert MAX_PX_CELLS < 1000**3


def test_json_nested_beyond_the_parser_is_one_problem(tmp_path: Path) -> None:
    folder, path = pxweb_sources(tmp_path)
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert problems_of(folder, tmp_path) == [(PXWEB.name, None, "", "bad-json")]


def test_a_number_too_large_for_a_float_is_not_a_number(tmp_path: Path) -> None:
    folder, path = pxweb_sources(tmp_path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    data["value"][0] = 0  # replaced below by an integer of 400 digits
    path.write_text(json.dumps(data).replace('"value": [0,', '"value": [' + "9" * 400 + ",", 1),
                    encoding="utf-8")
    [(file, line, field, code)] = problems_of(folder, tmp_path)
    assert (file, line, field, code) == (PXWEB.name, None, "value", "not-a-number")
