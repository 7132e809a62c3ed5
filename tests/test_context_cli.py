"""The context commands a case officer or analyst runs, against a build of the bundled sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eia.cli import main
from eia.demo import write_demo_assessments

Run = Callable[..., Result]


@pytest.fixture
def eia(context_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("EIA_CONTEXT_DB", str(context_db))
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path))
    list(write_demo_assessments(tmp_path))

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args))

    return run


def test_show_prints_the_real_2021_figures_for_sex_in_the_city(eia: Run) -> None:
    result = eia("data", "show", "--ground", "sex", "--period", "2021", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Women, aged 18–29: 58 %" in result.stdout
    assert "Men, aged 18–29: 17 %" in result.stdout
    assert "SYNTHETIC" not in result.stdout


def test_show_marks_synthetic_figures_and_withholds_small_ones(eia: Run) -> None:
    result = eia("data", "show", "--ground", "sex", "--area", "drottninghog")
    assert result.exit_code == 0, result.output
    assert "SYNTETISK" in result.stdout
    assert "Färre än 30 svarande" in result.stdout


def test_show_refuses_an_unknown_area_and_lists_the_known_ones(eia: Run) -> None:
    result = eia("data", "show", "--ground", "age", "--area", "atlantis")
    assert result.exit_code == 1
    assert "unknown area atlantis" in result.stderr and "drottninghog" in result.stderr


def test_show_without_a_database_says_how_to_build_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_CONTEXT_DB", str(tmp_path / "missing.duckdb"))
    result = CliRunner().invoke(main, ["data", "show", "--ground", "age"])
    assert result.exit_code == 1 and "run `eia data build`" in result.stderr


def test_scoring_reads_the_context_of_the_assessments_area(eia: Run) -> None:
    result = eia("assessments", "score", "demo-branch-library")
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["context"]["areas"] == ["drottninghog"]
    worse = [f for f in output["flags"] if f["code"] == "worse_off_group"]
    assert {f["subject"] for f in worse} >= {"socioeconomic", "ethnic_origin"}
    assert all("SYNTHETIC" in f["trace"]["reason"]["en"] for f in worse)
    assert output["recommended_outcome"] == "stop_and_rethink"


def test_scoring_without_context_raises_no_worse_off_flag(eia: Run) -> None:
    output = json.loads(eia("assessments", "score", "demo-branch-library",
                            "--no-context").stdout)
    assert output["context"]["state"] == "off"
    assert not any(f["code"] == "worse_off_group" for f in output["flags"])


def test_scoring_says_so_when_the_context_database_is_missing(
        eia: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same score from another folder once gave five flags fewer without a word."""
    missing = tmp_path / "nowhere" / "context.duckdb"
    monkeypatch.setenv("EIA_CONTEXT_DB", str(missing))
    result = eia("assessments", "score", "demo-branch-library")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["context"]["state"] == "missing"
    assert f"no context database at {missing}" in result.stderr
    assert "eia data build" in result.stderr

