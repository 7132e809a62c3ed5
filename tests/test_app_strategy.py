"""The strategy division's pages in Streamlit's AppTest: the portfolio's figures as charts with
their tables, filtered and downloaded, refused to someone without the role; the question sets
installed, one's logic drawn, and what a newer version would change in the saved assessments."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from eia.portfolio.figures import Filters
from eia.questions import available_sets
from eia.services.assessments import AssessmentService
from eia.services.portfolio import portfolio
from eia.ui.portfolio import csv_bytes, excel_bytes
from tests.test_app_wizard import APP, use_folder

REPO = Path(__file__).resolve().parent.parent
STRATEGIST = "demo-strategist"


@pytest.fixture
def demos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed demo assessments, in the local demo mode."""
    store = tmp_path / "assessments"
    shutil.copytree(REPO / "assessments", store)
    use_folder(monkeypatch, store)
    return store


def open_page(url_path: str, person: str = STRATEGIST) -> AppTest:
    """The page at `url_path`, in English, acting as `person` from the sidebar picker.

    `AppTest.switch_page` finds only file-based pages; ours are functions, which Streamlit
    knows by the hash of their URL path, as a browser's address would name them."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at._page_hash = calc_hash(url_path)
    at.run()
    return at.sidebar.selectbox(key="user_id").set_value(person).run()


def test_the_strategist_sees_the_demo_counted_by_outcome(demos: Path) -> None:
    at = open_page("portfolio")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**3** assessments are counted" in text
    assert [h.value for h in at.header][:1] == ["Assessments by recommended outcome"]


def test_each_chart_has_a_table_holding_its_data(demos: Path) -> None:
    at = open_page("portfolio")
    outcomes = at.dataframe[0].value
    counted = dict(zip(outcomes.iloc[:, 0], outcomes.iloc[:, 1], strict=True))
    assert sum(counted.values()) == 3
    charts = at.get("vega_lite_chart")
    assert len(charts) == len(at.header) - 1  # every figure's heading but the downloads'
    spec = json.loads(charts[0].proto.spec)
    assert spec["title"] == "Assessments by recommended outcome"
    drawn = pa.ipc.open_stream(charts[0].proto.datasets[0].data.data).read_all().to_pandas()
    assert drawn.to_dict("records") == outcomes.to_dict("records")


def test_a_filter_narrows_the_counts(demos: Path) -> None:
    at = open_page("portfolio")
    at = at.multiselect(key="pf:status").set_value(["approved"]).run()
    text = " ".join(m.value for m in at.markdown)
    assert "**1** assessments are counted" in text
    outcomes = at.dataframe[0].value
    assert outcomes.iloc[:, 1].sum() == 1


def test_the_figures_download_as_csv_and_excel(demos: Path) -> None:
    at = open_page("portfolio")
    buttons = {b.proto.id: b for b in at.get("download_button")}
    assert len(buttons) == 2
    made = AssessmentService.for_folder(demos)
    figures = portfolio(made, made.user(STRATEGIST), Filters()).figures
    rows = list(csv.reader(io.StringIO(csv_bytes(figures).decode("utf-8"))))
    assert rows[0] == ["figure", "key", "detail", "value"]
    assert ["assessments", "", "", "3"] in rows
    sheet = load_workbook(io.BytesIO(excel_bytes(figures))).active
    assert sheet.cell(2, 1).value == "assessments" and sheet.cell(2, 4).value == 3


def test_someone_without_the_strategy_role_is_told_so(demos: Path) -> None:
    at = open_page("portfolio", person="demo-officer")
    assert "This page is for the strategy division" in at.info[-1].value
    assert not at.get("vega_lite_chart")


def test_the_installed_sets_are_listed_and_one_drawn(demos: Path) -> None:
    at = open_page("question-sets")
    assert not at.exception
    listed = at.dataframe[0].value
    assert {"1.0", "1.1"} <= set(listed["Version"])
    graph = at.get("graphviz_chart")
    assert graph and "digraph" in graph[0].proto.spec
    assert "flowchart" in at.code[0].value


def test_what_if_1_0_to_1_1_lists_the_demos(demos: Path) -> None:
    at = open_page("question-sets")
    at = at.selectbox(key="qs:target").set_value("1.1").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) >= 1
    assert all(b.label.split(":")[0] in set(table["ID"]) for b in at.button
               if b.key and b.key.startswith("qs:open:"))


def test_a_draft_folder_that_is_not_a_set_is_refused_clearly(demos: Path) -> None:
    at = open_page("question-sets")
    at = at.selectbox(key="qs:target").set_value("A draft in a folder …").run()
    at = at.text_input(key="qs:draft").input(str(demos / "nowhere")).run()
    assert "No folder or set.yaml here" in at.error[0].value


def test_an_assessment_in_the_what_if_opens_its_result_page(demos: Path) -> None:
    at = open_page("question-sets")
    at = at.selectbox(key="qs:target").set_value("1.1").run()
    at = next(b for b in at.button if b.key and b.key.startswith("qs:open:")).click().run()
    assert not at.exception
    assert at.query_params["assessment"]
    assert at.title[0].value.startswith("Result")


def test_a_draft_folder_holding_a_set_is_compared(demos: Path) -> None:
    folder = next(loc.path for loc in available_sets() if loc.version == "1.1")
    at = open_page("question-sets")
    at = at.selectbox(key="qs:target").set_value("A draft in a folder …").run()
    at = at.text_input(key="qs:draft").input(str(folder)).run()
    assert not at.error
    assert "assessments would change under version 1.1" in " ".join(m.value for m in at.markdown)


def test_the_what_if_is_for_the_strategy_division(demos: Path) -> None:
    at = open_page("question-sets", person="demo-officer")
    assert at.get("graphviz_chart")  # the logic is for everyone to read
    assert "The comparison is for the strategy division" in at.info[-1].value
    with pytest.raises(KeyError):
        at.selectbox(key="qs:target")
