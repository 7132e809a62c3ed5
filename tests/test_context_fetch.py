"""`eia data fetch scb|kolada` against a loopback server that answers with recorded responses.

SCB's answers are real (../shared/fixtures/pxweb/scb-api-v2/, stored unchanged); Kolada's are
built from the API's published schema (tests/fixtures/context/kolada/, labelled as built). The
server listens on 127.0.0.1 only and stops with the test module.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from eia.cli import main
from eia.context import db
from eia.context.build import add_source
from eia.context.descriptor import load_package
from eia.context.queries import context_for
from eia.model import Ground
from tests.shared_fixtures import SCB_API, shared
from tests.test_context_import import FIXTURES

KOLADA = FIXTURES / "kolada"


class Recorded(BaseHTTPRequestHandler):
    """Answers GETs from a table of path -> file; remembers every path and query asked."""

    routes: ClassVar[dict[str, Path]] = {}
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        path = urllib.parse.urlsplit(self.path).path
        file = self.routes.get(urllib.parse.unquote(path))
        if file is None:
            self.send_error(404, "no recorded response")
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the tests read `asked` instead."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    scb = shared(SCB_API)
    Recorded.routes = {
        "/scb/config": scb / "config.json",
        "/scb/tables/TAB6471/data": scb / "TAB6471_data.json",
        "/kolada/kpi/N00945": KOLADA / "kpi_N00945.json",
        "/kolada/municipality/1283": KOLADA / "municipality_1283.json",
        "/kolada/data/kpi/N00945/municipality/1283/year/2022,2023":
            KOLADA / "data_N00945_1283.json",
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def apis(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("EIA_SCB_API", f"{server}/scb")
    monkeypatch.setenv("EIA_KOLADA_API", f"{server}/kolada")
    Recorded.asked.clear()
    return server


def fetch(*args: str) -> str:
    result = CliRunner().invoke(main, ["data", "fetch", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_scb_table_is_stored_unchanged_with_a_descriptor_that_imports(
        apis: str, tmp_path: Path) -> None:
    output = fetch("scb", "TAB6471", "--query", "Region=12,09", "--codelist",
                   "Alder=agg_Ålder10årJ", "--out", str(tmp_path / "in"))
    folder = tmp_path / "in" / "scb-tab6471"
    assert f"eia data import {folder / 'TAB6471_data.json'}" in output
    assert (folder / "TAB6471_data.json").read_bytes() == (
        SCB_API / "TAB6471_data.json").read_bytes()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(Recorded.asked[-1]).query)
    assert query["valueCodes[Region]"] == ["12,09"]
    assert query["codelist[Alder]"] == ["agg_Ålder10årJ"]
    assert query["outputFormat"] == ["json-stat2"]
    package = load_package(folder)
    assert [c.code for c in package.eia.categories["age_band"]][-1] == "100_plus"
    assert {a.level.value for a in package.eia.areas} == {"county"}
    report = add_source(folder / "TAB6471_data.json", folder / "datapackage.yaml",
                        tmp_path / "sources", tmp_path / "context.duckdb")
    assert report.counts["observations"] == 2772
    con = db.connect(tmp_path / "context.duckdb")
    try:
        skane = context_for(con, Ground.age, ["skane_lan"], "2026M04")
    finally:
        con.close()
    assert len({f.group.code for f in skane.figures}) == 11


def test_a_kolada_key_figure_is_fetched_and_seen_by_sex(apis: str, tmp_path: Path) -> None:
    fetch("kolada", "N00945", "--municipality", "1283", "--year", "2022", "--year", "2023",
          "--out", str(tmp_path / "in"))
    folder = tmp_path / "in" / "kolada-n00945"
    assert (folder / "N00945_data.json").read_bytes() == (
        KOLADA / "data_N00945_1283.json").read_bytes()
    add_source(folder / "N00945_data.json", folder / "datapackage.yaml",
               tmp_path / "sources", tmp_path / "context.duckdb")
    con = db.connect(tmp_path / "context.duckdb")
    try:
        by_sex = context_for(con, Ground.sex, ["helsingborg"])
    finally:
        con.close()
    women = next(f for f in by_sex.figures if f.group.code == "women")
    assert (women.period, women.group.value) == ("2023", 5.4)
    assert (women.comparison.value, women.comparison.status) == (None, "..")


def test_a_second_fetch_never_overwrites_an_edited_descriptor(apis: str, tmp_path: Path) -> None:
    fetch("kolada", "N00945", "--municipality", "1283", "--year", "2022", "--year", "2023",
          "--out", str(tmp_path))
    descriptor = tmp_path / "kolada-n00945" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + "# edited\n",
                          encoding="utf-8")
    again = CliRunner().invoke(main, ["data", "fetch", "kolada", "N00945", "--municipality",
                                      "1283", "--year", "2022", "--year", "2023", "--out",
                                      str(tmp_path)])
    assert again.exit_code == 1 and "(already-fetched)" in again.output
    assert descriptor.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_server_error_is_one_problem_and_writes_nothing(apis: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["data", "fetch", "kolada", "N99999", "--municipality",
                                       "1283", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "the server answered 404" in result.output and "(fetch-failed)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_table_id_never_becomes_part_of_a_path_unchecked(apis: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["data", "fetch", "scb", "../TAB1", "--out",
                                       str(tmp_path)])
    assert result.exit_code == 1 and "(bad-id)" in result.output
    assert Recorded.asked == []


def test_a_missing_shared_fixture_skips_with_a_reason_and_fails_under_ci(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "shared" / "fixtures" / "nothing.json"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"read from \.\./shared/fixtures/"):
        shared(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        shared(missing)
