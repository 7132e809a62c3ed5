"""The figures beside a ground's questions, in Streamlit's AppTest: a chart and a table of the
same numbers, the synthetic mark, ticking a figure to cite it, the evidence gap and how it will
be filled, an own source for the ground, and a page that works without a context database."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from eia.model import Assessment, Ground
from eia.services.assessments import AssessmentService
from tests.test_app_wizard import app, key, texts_on_page, use_folder

REPO = Path(__file__).resolve().parent.parent
AID = "library-closing"


def start(folder: Path, *, areas: list[str], groups: dict[Ground, list[dict]]) -> None:
    """A draft screened like the demo library closure, with sexual orientation screened in
    ("don't know"), and the areas and the groups named on each ground given here."""
    demo = Assessment.model_validate_json(
        (REPO / "assessments" / "demo-branch-library.json").read_text(encoding="utf-8"))
    service = AssessmentService.for_folder(folder)
    officer = service.user()
    draft = service.create(officer, AID, title="Stänga filialen (syntetiskt testfall)")
    impacts = {g.value: {"affected_groups": named} for g, named in groups.items()}
    screening = {**demo.model_dump(mode="json")["screening"],
                 "sexual_orientation": {"answer": "dont_know", "reason": ""}}
    service.update(officer, AID, expected_revision=draft.revision, changes={
        "decision": {**demo.decision.model_dump(mode="json"), "affected_areas": areas},
        "screening": screening, "impacts": impacts})


def saved(folder: Path) -> Assessment:
    service = AssessmentService.for_folder(folder)
    return service.get(service.user(), AID).assessment


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def chart_data(chart) -> dict[str, list]:
    """The rows a chart draws, as Streamlit sends them to the browser (Arrow)."""
    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pydict()


def cite_box(at: AppTest, ground: Ground, indicator: str):
    return at.checkbox(key=key(AID, f"evidence:cite:{ground.value}:{indicator}"))


@pytest.fixture
def with_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context_db: Path) -> Path:
    use_folder(monkeypatch, tmp_path, context_db)
    return tmp_path


def test_a_ground_step_shows_charts_tables_and_the_synthetic_mark(with_data: Path) -> None:
    start(with_data, areas=["drottninghog"],
          groups={Ground.age: [{"codes": {"age_band": "65_84"}, "label": "65–84 år"}]})
    at = app(assessment=AID, step="impact-age")
    assert not at.exception
    page = texts_on_page(at)
    assert "Siffror för den här grunden" in page
    assert "Områden: Drottninghög." in page
    assert "Siffror om de grupper du har namngett: 65–84 år." in page
    assert "SYNTETISKA DATA" in page  # as text, not only as a colour
    drawn = charts(at)
    assert len(drawn) == 3  # the first three indicators open; the rest open on a click
    assert '"tooltip"' in drawn[0].proto.spec and drawn[0].proto.alt.startswith("Stapeldiagram")
    # the table beside each chart holds the same groups and values as the chart draws
    for chart, table in zip(drawn, at.table, strict=True):
        plotted = chart_data(chart)
        shown = table.value
        assert list(shown["Grupp"]) == plotted["label"]
        assert list(shown["Värde"]) == plotted["value_text"]
        assert list(shown["Konfidensintervall"]) == plotted["ci_text"]
    assert any("65–84 år" in label for label in at.table[0].value["Grupp"])


def test_ticking_a_figure_cites_it_for_this_ground_and_survives_a_rerun(
        with_data: Path) -> None:
    start(with_data, areas=["drottninghog"],
          groups={Ground.age: [{"codes": {"age_band": "65_84"}, "label": "65–84 år"}]})
    at = app(assessment=AID, step="impact-age")
    boxes = [c for c in at.checkbox if c.key and ":evidence:cite:age:" in c.key]
    assert boxes and not any(c.value for c in boxes)
    indicator = boxes[0].key.rsplit(":", 1)[1]
    boxes[0].check().run()
    refs = saved(with_data).evidence.context_figures
    assert [(r.indicator, r.grounds) for r in refs] == [(indicator, [Ground.age])]
    # a new session (a reload) shows it ticked, read from the saved assessment
    again = app(assessment=AID, step="impact-age")
    assert cite_box(again, Ground.age, indicator).value is True
    # naming other groups hides the figure, but the citation stays in sight to untick
    again.multiselect(key=key(AID, "impact:age:affected_groups")).unselect(
        "age_band=65_84").select("birth_region=born_abroad").run()
    assert not charts(again)
    assert "Hänvisade siffror som inte visas här" in texts_on_page(again)
    assert cite_box(again, Ground.age, indicator).value is True
    # unticking it takes the citation away again
    cite_box(again, Ground.age, indicator).uncheck().run()
    assert saved(with_data).evidence.context_figures == []


def test_a_group_the_figures_do_not_cover_is_a_gap_with_a_plan(with_data: Path) -> None:
    start(with_data, areas=["drottninghog"], groups={})
    at = app(assessment=AID, step="impact-sexual_orientation")
    assert not at.exception
    assert not charts(at)
    assert "Kunskapslucka:" in texts_on_page(at)
    description = at.text_area(key=key(AID, "evidence:gap:sexual_orientation:description"))
    assert "sexuell läggning" in description.value  # prefilled from the gap
    at.text_area(key=key(AID, "evidence:gap:sexual_orientation:plan")).input(
        "Fråga i nästa trygghetsenkät, med svar per område.").run()
    gaps = saved(with_data).evidence.gaps
    assert [(g.grounds, g.plan) for g in gaps] == [
        ([Ground.sexual_orientation], "Fråga i nästa trygghetsenkät, med svar per område.")]
    assert gaps[0].description == description.value


def test_an_own_source_is_added_for_the_ground(with_data: Path) -> None:
    start(with_data, areas=["drottninghog"], groups={})
    at = app(assessment=AID, step="impact-age")
    at.text_input(key="evidence-source:age:title").input("Brukarenkät biblioteket 2025")
    at.text_input(key="evidence-source:age:reference").input("KUF 2025/12")
    at.button(key="FormSubmitter:evidence-source:age-Lägg till källa").click().run()
    sources = saved(with_data).evidence.sources
    assert [(s.title, s.reference, s.grounds) for s in sources] == [
        ("Brukarenkät biblioteket 2025", "KUF 2025/12", [Ground.age])]
    assert "Brukarenkät biblioteket 2025" in [t.value.lstrip("• ").split(" – ")[0]
                                               for t in at.text]


def test_without_a_context_database_the_step_says_so_and_keeps_the_gap_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_folder(monkeypatch, tmp_path)
    start(tmp_path, areas=[], groups={})
    at = app(assessment=AID, step="impact-age")
    assert not at.exception
    assert "Kontextdatabasen är inte byggd här" in texts_on_page(at)
    assert not charts(at)
    at.text_area(key=key(AID, "evidence:gap:age:plan")).input("Beställ statistik från SCB.").run()
    assert [g.plan for g in saved(tmp_path).evidence.gaps] == ["Beställ statistik från SCB."]
