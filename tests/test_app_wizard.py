"""The app in Streamlit's AppTest: the start page, and one officer walking every step of a full
assessment, with show_if, required answers named beside their fields, saving as they type, the
deep link, a conflict between two sessions, and submission refused with its blockers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from eia.model import (
    ActionEffect,
    ActionResult,
    Direction,
    Ground,
    Likelihood,
    Outcome,
    ScreeningAnswer,
    Severity,
    Subject,
)
from eia.services.assessments import AssessmentService

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def use_folder(monkeypatch: pytest.MonkeyPatch, folder: Path,
               context_db: Path | None = None) -> None:
    """A fresh store and the local demo mode; no context database unless one is given."""
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(folder))
    monkeypatch.setenv("EIA_CONTEXT_DB", str(context_db or folder / "no-context.duckdb"))
    monkeypatch.delenv("EIA_USERS_FILE", raising=False)


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def key(assessment_id: str, name: str) -> str:
    return f"f:{assessment_id}:{name}"


def step_buttons(at: AppTest) -> dict[str, str]:
    """The progress view: step key → its button's label (title and state)."""
    return {b.key.removeprefix("goto:"): b.label for b in at.sidebar.button
            if b.key and b.key.startswith("goto:")}


def go(at: AppTest, step: str) -> AppTest:
    return at.sidebar.button(key=f"goto:{step}").click().run()


def texts_on_page(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)


def place(block: Block, widget_key: str, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:
    """Where the widget with `widget_key` is drawn: its indices from `block` down."""
    for index, child in block.children.items():
        if getattr(child, "key", None) == widget_key:
            return (*path, index)
        if isinstance(child, Block):
            found = place(child, widget_key, (*path, index))
            if found is not None:
                return found
    return None


AID = "library-hours"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_folder(monkeypatch, tmp_path)
    return tmp_path


def saved(folder: Path, assessment_id: str = AID):
    service = AssessmentService.for_folder(folder)
    return service.get(service.user(), assessment_id).assessment


def create(at: AppTest, assessment_id: str = AID, title: str = "Kortare öppettider") -> AppTest:
    at.text_input(key="new-id").input(assessment_id)
    at.text_input(key="new-title").input(title)
    return at.button(key="FormSubmitter:new-assessment-Skapa").click().run()


def test_the_start_page_says_local_mode_and_creates_an_assessment(folder: Path) -> None:
    at = app()
    assert not at.exception
    assert "Lokalt demoläge" in texts_on_page(at)
    assert at.sidebar.selectbox(key="user_id").value == "demo-officer"
    at = create(at)
    assert not at.exception
    assert at.query_params["assessment"] == [AID] or at.query_params["assessment"] == AID
    assert at.title[0].value == "Kortare öppettider"
    assert saved(folder).decision.title == "Kortare öppettider"
    # the new draft is in "my drafts" on the start page, found by search, with its facts
    at = app()
    assert any("Kortare öppettider" in b.label for b in at.button if b.key.startswith("open:"))
    at.text_input(key="search").input("inget sådant").run()
    assert not any(b.key.startswith("open:") for b in at.button if b.key)


def test_a_bad_id_is_refused_with_the_reason(folder: Path) -> None:
    at = create(app(), assessment_id="Bad Id")
    assert "invalid assessment id" in texts_on_page(at)


def test_copying_an_earlier_assessment_takes_its_answers(folder: Path) -> None:
    at = create(app())
    at.radio(key=key(AID, "q:decision.kind_of_decision")).set_value("fees").run()
    at = app()
    at.text_input(key="new-id").input("library-hours-2")
    at.selectbox(key="new-copy-from").set_value(AID)
    at.button(key="FormSubmitter:new-assessment-Skapa").click().run()
    copy = saved(folder, "library-hours-2")
    assert copy.answers["decision.kind_of_decision"].value == "fees"


def test_with_a_users_file_and_no_login_the_app_says_so_and_shows_nothing(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    users = folder / "users.yaml"
    users.write_text("users:\n  - {id: anna.lind, name: Anna Lind, roles: [case_officer], "
                     "organisation: helsingborg}\n", encoding="utf-8")
    monkeypatch.setenv("EIA_USERS_FILE", str(users))
    at = app()
    assert "Inloggning är inte inställd" in texts_on_page(at)
    assert not at.button


def test_areas_and_affected_groups_are_picked_from_the_context_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context_db: Path) -> None:
    use_folder(monkeypatch, tmp_path, context_db)
    create(app())
    at = app(assessment=AID, step="decision")
    areas = at.multiselect(key=key(AID, "decision:affected_areas"))
    assert "Drottninghög" in areas.options
    areas.select("drottninghog").run()
    assert saved(tmp_path).decision.affected_areas == ["drottninghog"]
    # the groups an impact falls on come from the breakdown categories, the ground's first
    at = app(assessment=AID, step="impact-age")
    groups = at.multiselect(key=key(AID, "impact:age:affected_groups"))
    assert groups.options[0] == "0–17 år" and "Kvinnor" in groups.options
    groups.select("age_band=65_84").select("sex=women").run()
    named = saved(tmp_path).impacts["age"].affected_groups
    assert [(g.codes, g.label) for g in named] == [({"age_band": "65_84"}, "65–84 år"),
                                                   ({"sex": "women"}, "Kvinnor")]


def test_without_a_context_database_the_decision_step_says_how_to_build_it(
        folder: Path) -> None:
    create(app())
    at = app(assessment=AID, step="decision")
    assert "eia data build" in texts_on_page(at)


def test_english_is_one_switch_away(folder: Path) -> None:
    at = app()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "Local demo mode" in texts_on_page(at)
    assert at.query_params["lang"] in ("en", ["en"])


def screen(at: AppTest, answers: dict[Subject, ScreeningAnswer]) -> AppTest:
    for subject, answer in answers.items():
        at.radio(key=key(AID, f"screening:{subject.value}")).set_value(answer).run()
        if answer is ScreeningAnswer.no:
            at.text_area(key=key(AID, f"screening_reason:{subject.value}")).input(
                "Förslaget ändrar inget för den här gruppen.").run()
    return at


def answer_open_questions(at: AppTest) -> AppTest:
    """Answer every unanswered question of the step with its first option, until none is left
    (answers can reveal more questions)."""
    for _ in range(10):
        empty = [r for r in at.radio if r.key and r.key.startswith(key(AID, "q:"))
                 and r.value is None]
        if not empty:
            return at
        empty[0].set_value(empty[0].options and _first_value(empty[0])).run()
    return at


def _first_value(radio) -> object:
    return radio.index_to_value(0) if hasattr(radio, "index_to_value") else radio.options[0]


def test_an_officer_walks_every_step_of_a_full_assessment(folder: Path) -> None:
    at = create(app())
    steps = step_buttons(at)
    assert list(steps)[:3] == ["decision", "screening", "evidence"]
    assert "impact-age" in steps and list(steps)[-1] == "follow_up"

    # decision: the required answers are named beside their fields until given
    page = texts_on_page(at)
    assert "Obligatoriskt svar saknas: Vilken typ av beslut gäller det?" in page
    at.radio(key=key(AID, "q:decision.kind_of_decision")).set_value("reduction_or_closure").run()
    at.radio(key=key(AID, "q:decision.who_is_affected")).set_value("directly").run()
    at.text_area(key=key(AID, "decision:description")).input("Biblioteket stänger tidigare.")
    at.run()
    assert "Obligatoriskt svar saknas" not in texts_on_page(at)
    assert "✓" in step_buttons(at)["decision"]
    assert "Sparad" in texts_on_page(at)

    # screening: a "no" without a reason is named; with one, the ground's step is not needed
    at.button(key="next").click().run()
    assert at.query_params["step"] in ("screening", ["screening"])
    at.radio(key=key(AID, "screening:sex")).set_value(ScreeningAnswer.no).run()
    assert "Ett nej behöver en skriven motivering." in texts_on_page(at)
    answers = {subject: ScreeningAnswer.no for subject in Subject}
    answers[Subject.age] = ScreeningAnswer.yes
    answers[Subject.children] = ScreeningAnswer.dont_know
    at = screen(at, answers)
    assert "✓" in step_buttons(at)["screening"]
    assert "behövs inte" in step_buttons(at)["impact-sex"]
    assert "saknas" in step_buttons(at)["impact-age"]

    # evidence
    at = answer_open_questions(go(at, "evidence"))
    assert "✓" in step_buttons(at)["evidence"]

    # the age step: show_if is live, and the impact needs its rating when negative
    at = go(at, "impact-age")
    help_key = key(AID, "q:age.digital_help")
    assert not [r for r in at.radio if r.key == help_key]
    at.radio(key=key(AID, "q:age.digital_exclusion")).set_value("worse_alternatives").run()
    assert [r for r in at.radio if r.key == help_key]
    at.radio(key=help_key).set_value("no").run()
    at = answer_open_questions(at)
    at.radio(key=key(AID, "impact:age:direction")).set_value(Direction.negative).run()
    assert "Obligatoriskt svar saknas: Allvarlighet" in texts_on_page(at)
    at.radio(key=key(AID, "impact:age:severity")).set_value(Severity.moderate).run()
    at.radio(key=key(AID, "impact:age:likelihood")).set_value(Likelihood.likely).run()
    at.number_input(key=key(AID, "impact:age:people_affected")).set_value(1200).run()
    at.text_area(key=key(AID, "impact:age:description")).input("Äldre når inte e-tjänsten.")
    at.run()
    assert "✓" in step_buttons(at)["impact-age"]

    # perspectives: children were screened in ("don't know"), minorities out
    at = answer_open_questions(go(at, "perspectives"))
    at.text_area(key=key(AID, "children:best_interests")).input("Barnen får en läsehörna.")
    at.run()
    assert not [w for w in at.radio if w.key == key(AID, "minorities:consulted")]
    at.multiselect(key=key(AID, "intersectionality:grounds")).select(Ground.age).select(
        Ground.socioeconomic).run()
    assert "✓" in step_buttons(at)["perspectives"]

    # the remaining question steps
    for step in ("alternatives", "cumulative", "previous", "consultation"):
        at = answer_open_questions(go(at, step))
        assert "✓" in step_buttons(at)[step], step

    # the lists: an alternative (doing nothing), an evidence gap with its plan, a consultation
    at = go(at, "alternatives")
    at.text_area(key="add:alternatives:first").input("Behålla dagens öppettider.")
    at.button(key="FormSubmitter:add:alternatives-Lägg till alternativ").click().run()
    at.radio(key=key(AID, "alternatives:0:do_nothing")).set_value(True).run()
    at = go(at, "evidence")
    at.text_area(key="add:evidence.gaps:first").input("Vilka som lånar på kvällen.")
    at.button(key="FormSubmitter:add:evidence.gaps-Lägg till kunskapslucka").click().run()
    at.text_area(key=key(AID, "evidence.gaps:0:plan")).input("Räkna besök i mars.").run()
    at = go(at, "consultation")
    at.text_area(key="add:consultations:first").input("Pensionärsrådet")
    at.button(key="FormSubmitter:add:consultations-Lägg till samråd").click().run()
    at.multiselect(key=key(AID, "consultations:0:grounds")).select(Ground.age).run()
    at = go(at, "cumulative")
    at.text_area(key=key(AID, "cumulative:related_decisions")).input(
        "Busslinje 8 dras in\n\nTaxan höjs").run()
    at = go(at, "previous")
    at.text_area(key="add:previous.actions:first").input("Ramp vid entrén.")
    at.button(key="FormSubmitter:add:previous.actions-Lägg till tidigare åtgärd").click().run()
    at.radio(key=key(AID, "previous.actions:0:result")).set_value(ActionResult.done).run()
    assert not at.exception

    # actions: an action with owner and due date, its effect on age
    at = answer_open_questions(go(at, "actions"))
    at.text_area(key="new-action-description").input("Personlig hjälp i entrén.")
    at.button(key="FormSubmitter:new-action-Lägg till åtgärd").click().run()
    assert "Obligatoriskt svar saknas: Ansvarig" in texts_on_page(at)
    due_place = place(at.main, key(AID, "action:a1:due"))
    at.text_input(key=key(AID, "action:a1:owner")).input("Enhetschef").run()
    # the note goes and its place stays, so nothing below moves while the page is redrawn
    assert "Obligatoriskt svar saknas: Ansvarig" not in texts_on_page(at)
    assert due_place is not None and place(at.main, key(AID, "action:a1:due")) == due_place
    at.date_input(key=key(AID, "action:a1:due")).set_value(date(2027, 3, 1)).run()
    at.radio(key=key(AID, "action:a1:decided")).set_value(True).run()
    at.radio(key=key(AID, "action:a1:effect:age")).set_value(ActionEffect.reduces).run()
    assert "✓" in step_buttons(at)["actions"]

    # conclusion and follow-up
    at = answer_open_questions(go(at, "conclusion"))
    at.radio(key=key(AID, "conclusion:chosen_outcome")).set_value(
        Outcome.continue_with_justification).run()
    at = answer_open_questions(go(at, "follow_up"))
    at.text_area(key=key(AID, "q:follow_up.how_will_you_know")).input("Besöksstatistik.").run()
    at.date_input(key=key(AID, "follow_up:due")).set_value(date(2027, 9, 1)).run()
    assert not at.exception
    assert all("saknas" not in label for label in step_buttons(at).values()), step_buttons(at)

    # everything typed is in the saved assessment
    assessment = saved(folder)
    assert assessment.decision.description == "Biblioteket stänger tidigare."
    assert assessment.answers["age.digital_help"].value == "no"
    assert assessment.impacts["age"].people_affected == 1200
    assert assessment.actions[0].effects["age"].value == "reduces"
    assert assessment.actions[0].owner == "Enhetschef"
    assert assessment.follow_up.due == date(2027, 9, 1)
    assert assessment.perspectives.children.best_interests == "Barnen får en läsehörna."
    assert [(a.description, a.do_nothing) for a in assessment.alternatives] == [
        ("Behålla dagens öppettider.", True)]
    assert assessment.evidence.gaps[0].plan == "Räkna besök i mars."
    assert assessment.consultations[0].who == "Pensionärsrådet"
    assert assessment.consultations[0].grounds == [Ground.age]
    assert assessment.cumulative.related_decisions == ["Busslinje 8 dras in", "Taxan höjs"]
    assert assessment.previous is not None
    assert assessment.previous.actions[0].result is ActionResult.done
    assert assessment.perspectives.intersectionality.grounds == [Ground.age, Ground.socioeconomic]

    # a reload (a new session) through the deep link opens the same step with its values
    again = app(assessment=AID, step="impact-age")
    assert again.radio(key=key(AID, "q:age.digital_exclusion")).value == "worse_alternatives"
    assert again.text_area(key=key(AID, "impact:age:description")).value == (
        "Äldre når inte e-tjänsten.")

    # the review page: the score in words, then submission
    at.button(key="to-review").click().run()
    assert not at.exception
    page = texts_on_page(at)
    assert "Ålder" in page and "Kan genomföras – kvarstående konsekvenser motiveras" in page
    assert [b.label for b in at.get("download_button")] == [
        "Ladda ner PDF", "Ladda ner DOCX", "Ladda ner MD"]
    at.button(key="submit").click().run()
    assert not at.exception
    page = texts_on_page(at)
    assert "Bedömningen är skickad för granskning." in page
    assert saved(folder).status.value == "in_review"
    # in review, the wizard shows the answers but no longer edits them, and offers no submit
    at = app(assessment=AID, step="impact-age")
    assert at.radio(key=key(AID, "q:age.digital_exclusion")).disabled
    assert "kan inte ändras här" in texts_on_page(at)


def test_submission_is_refused_with_the_blockers_named(folder: Path) -> None:
    create(app())
    at = app(assessment=AID)
    at.sidebar.button(key="goto:follow_up").click().run()
    at.button(key="to-review").click().run()
    # each flag and each unanswered question links to the step that resolves it
    assert "Gå till steget: Relevansbedömning" in [b.label for b in at.button]
    assert "Frågor att se över" in [h.value for h in at.header]
    assert "måste åtgärdas innan bedömningen kan skickas" in texts_on_page(at)
    at.button(key="submit").click().run()
    page = texts_on_page(at)
    assert "Kan inte skickas ännu" in page
    assert "Det här måste åtgärdas först:" in page
    assert saved(folder).status.value == "draft"
    screening = next(b for b in at.button if b.label == "Gå till steget: Relevansbedömning")
    screening.click().run()
    assert at.header[0].value == "Relevansbedömning"


def test_a_stale_session_is_told_who_saved_and_keeps_its_text(folder: Path) -> None:
    create(app())
    mine = app(assessment=AID, step="decision")
    theirs = app(assessment=AID, step="decision")
    theirs.text_input(key=key(AID, "decision:diary_number")).input("KS 2026/1").run()
    mine.text_area(key=key(AID, "decision:description")).input("Min text som inte får försvinna")
    mine.run()
    page = texts_on_page(mine)
    assert "sparade en nyare version" in page and "Alva Demo" in page
    assert mine.text_area(key="conflict-typed").value == "Min text som inte får försvinna"
    assert saved(folder).decision.description == ""
    # taking the newer version shows the other session's value, and saving works again
    mine.button[[b.label for b in mine.button].index("Hämta den nyare versionen")].click().run()
    assert mine.text_input(key=key(AID, "decision:diary_number")).value == "KS 2026/1"
    mine.text_area(key=key(AID, "decision:description")).input("Min text").run()
    assert saved(folder).decision.description == "Min text"


def test_a_harm_already_counted_under_another_ground_is_said_so_on_its_step(
        folder: Path) -> None:
    create(app())
    at = app(assessment=AID, step="impact-age")
    counted = key(AID, "impact:age:counted_under")
    assert not [r for r in at.radio if r.key == counted]  # asked only of a harm
    at.radio(key=key(AID, "impact:age:direction")).set_value(Direction.negative).run()
    at.radio(key=counted).set_value(Ground.socioeconomic.value).run()
    assert saved(folder).impacts["age"].counted_under is Ground.socioeconomic
    at.radio(key=counted).set_value("").run()
    assert saved(folder).impacts["age"].counted_under is None


def test_a_crossed_group_is_named_from_two_breakdowns_and_removed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context_db: Path) -> None:
    use_folder(monkeypatch, tmp_path, context_db)
    create(app())
    at = app(assessment=AID, step="impact-age")
    at.multiselect(key="cross:age").set_value(["sex=women", "sex=men"])
    at = at.button(key="FormSubmitter:form:cross:age-Lägg till gruppen").click().run()
    assert "två eller flera kategorier från olika indelningar" in texts_on_page(at)
    assert saved(tmp_path).impacts.get("age") is None
    at.multiselect(key="cross:age").set_value(["sex=women", "age_band=65_84"])
    at = at.button(key="FormSubmitter:form:cross:age-Lägg till gruppen").click().run()
    [group] = saved(tmp_path).impacts["age"].affected_groups
    assert (group.codes, group.label) == ({"sex": "women", "age_band": "65_84"},
                                          "Kvinnor, 65–84 år")
    assert "Också namngiven: **Kvinnor, 65–84 år**" in texts_on_page(at)
    # a single category picked beside it keeps the crossed group
    at.multiselect(key=key(AID, "impact:age:affected_groups")).select("age_band=85_plus").run()
    assert [g.label for g in saved(tmp_path).impacts["age"].affected_groups] == [
        "Kvinnor, 65–84 år", "85 år och äldre"]
    at.button(key="uncross:age:0").click().run()
    assert [g.label for g in saved(tmp_path).impacts["age"].affected_groups] == ["85 år och äldre"]
