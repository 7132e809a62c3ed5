"""The result page in AppTest: page one previewed in the committee's words, the chosen outcome
beside the recommended one with its justification, and officer text shown as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eia.model import Outcome
from eia.services.assessments import AssessmentService
from tests.test_app_wizard import app, texts_on_page, use_folder

AID = "pool-hours"


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AssessmentService:
    use_folder(monkeypatch, tmp_path)
    return AssessmentService.for_folder(tmp_path)


def write(service: AssessmentService, **conclusion: object) -> None:
    officer = service.user()
    service.create(officer, AID, title="Badhuset *stänger* #tidigare [se](x) :red[nu]")
    decision = {"title": "Badhuset *stänger* #tidigare [se](x) :red[nu]",
                "diary_number": "KFN 2026/77", "description": "Stänger kl. 18."}
    saved = service.update(officer, AID, expected_revision=1, changes={"decision": decision})
    if conclusion:
        service.update(officer, AID, expected_revision=saved.revision,
                       changes={"conclusion": conclusion})


def preview(at: AppTest) -> str:
    expander = next(e for e in at.expander if "sida ett" in e.label)
    return "\n".join(m.value for m in expander.markdown)


def test_page_one_is_previewed_as_the_committee_reads_it(service: AssessmentService) -> None:
    write(service)
    shown = preview(_result_page())
    assert "KFN 2026/77" in shown
    assert "Konsekvensanalys för lika möjligheter" in shown
    # the officer's markup is literal text, never a link, emphasis or colour
    assert "\\*stänger\\*" in shown and "\\[se\\]" in shown


def _result_page() -> AppTest:
    """The result page as the officer reaches it: from the wizard's last step."""
    return app(assessment=AID, step="follow_up").button(key="to-review").click().run()


def test_a_chosen_outcome_that_differs_needs_its_justification(
        service: AssessmentService) -> None:
    write(service, chosen_outcome=Outcome.continue_with_justification.value)
    page = texts_on_page(_result_page())
    assert "saknar motivering" in page
    assert "Gå till steget: Slutsats" in [b.label for b in _result_page().button]


def test_a_given_justification_is_shown_as_typed(service: AssessmentService) -> None:
    write(service, chosen_outcome=Outcome.continue_with_justification.value,
          justification="Kvällsöppet *flyttas* till fredagar.")
    page = texts_on_page(_result_page())
    assert "Kvällsöppet \\*flyttas\\* till fredagar." in page
    assert "saknar motivering" not in page


def history_of(assessment_id: str) -> AppTest:
    result = app(assessment=assessment_id, step="follow_up").button(key="to-review").click()
    result = result.run()
    versions = next(b for b in result.button if b.label == "Versioner och ändringar")
    return versions.click().run()


def test_the_demo_history_compares_its_kept_revisions_and_says_which_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checkout keeps the demos' revisions, so the changing rooms' review round can be
    compared; a store holding only the current file says what it keeps instead of failing."""
    demos = Path(__file__).resolve().parent.parent / "assessments"
    shutil.copytree(demos, tmp_path / "kept")
    use_folder(monkeypatch, tmp_path / "kept")
    at = history_of("demo-changing-rooms")
    assert not at.exception and not at.error
    assert at.selectbox(key="diff:demo-changing-rooms:before").options[0] == "1"
    assert "Revision 10 gjordes av Cecilia Demo (fiktiv granskare)" in texts_on_page(at)

    (tmp_path / "bare").mkdir()
    shutil.copy(demos / "demo-changing-rooms.json", tmp_path / "bare")
    use_folder(monkeypatch, tmp_path / "bare")
    at = history_of("demo-changing-rooms")
    assert not at.exception and not at.error
    assert "Bara en revision av bedömningen finns sparad." in texts_on_page(at)
