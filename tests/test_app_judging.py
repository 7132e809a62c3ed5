"""The review round and the follow-up in Streamlit's AppTest, in the local demo mode where the
sidebar's "you are acting as" switches between the fictitious officer and reviewer: a reviewer
returns an assessment with "must correct", the officer answers and resubmits, approval is
refused while the comment stands and given once it is answered; notes on answers, attachments
(one refused with its reason, one kept), the diff of two revisions, and a follow-up recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eia.errors import EiaError
from eia.model import ActionResult, Answer, Status, Step, Verdict
from eia.services.assessments import AssessmentService
from eia.storage.backend import sha256_hex
from tests.browser import REPO
from tests.test_app_wizard import app, key, texts_on_page, use_folder

AID = "booking-copy"
OFFICER, REVIEWER = "demo-officer", "demo-reviewer"


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AssessmentService:
    """A draft copied from the demo booking assessment (complete, nothing blocks it)."""
    use_folder(monkeypatch, tmp_path)
    shutil.copy(REPO / "assessments" / "demo-digital-booking.json", tmp_path)
    made = AssessmentService.for_folder(tmp_path)
    made.create(made.user(OFFICER), AID, title="Digital bokning", copy_from="demo-digital-booking")
    return made


def saved(service: AssessmentService):
    return service.get(service.user(OFFICER), AID).assessment


def result_page(**query: str) -> AppTest:
    """The result page as the officer reaches it: from the wizard's last step."""
    return app(assessment=AID, step="follow_up", **query).button(key="to-review").click().run()


def acting_as(at: AppTest, person: str) -> AppTest:
    return at.sidebar.selectbox(key="user_id").set_value(person).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def judge(at: AppTest, step: Step, verdict: Verdict, comment: str) -> None:
    at.radio(key=f"judge:{step.value}:verdict").set_value(verdict)
    at.text_area(key=f"judge:{step.value}:comment").input(comment)


def test_a_reviewer_returns_the_officer_answers_and_the_reviewer_approves(
        service: AssessmentService) -> None:
    at = result_page()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Godkänn bedömningen"]  # officers don't judge
    at = button(at, "Skicka för granskning").click().run()
    assert saved(service).status is Status.in_review

    # the reviewer, on the same page: judges two steps, one "must correct"
    at = acting_as(at, REVIEWER)
    assert not at.exception
    assert "Granskning" in [h.value for h in at.header]
    judge(at, Step.consultation, Verdict.must_correct, "Samråd med pensionärsrådet saknas.")
    judge(at, Step.evidence, Verdict.acceptable, "")
    at = button(at, "Spara bedömningen").click().run()
    assert not at.exception
    assessment = saved(service)
    assert assessment.status is Status.returned
    assert "skickad tillbaka till handläggaren, som måste rätta: Samråd och dialog" in (
        texts_on_page(at))
    assert [(j.step, j.verdict) for j in assessment.judgements] == [  # in the wizard's order
        (Step.evidence, Verdict.acceptable), (Step.consultation, Verdict.must_correct)]
    assert "Granskning" not in [h.value for h in at.header]  # returned: nothing to judge now

    # the officer sees the comment to answer: in the start page's list, on the result page and
    # beside the step
    start = app()
    assert any("Digital bokning" in b.label for b in start.button
               if b.key == f"open:returned_to_me:{AID}")
    assert "1 kommentar(er) att besvara" in texts_on_page(start)
    at = acting_as(at, OFFICER)
    page = texts_on_page(at)
    assert "Samråd med pensionärsrådet saknas." in page
    assert "väntar på ditt svar på 1 kommentar" in page
    wizard = app(assessment=AID, step="consultation")
    assert "Samråd med pensionärsrådet saknas." in texts_on_page(wizard)
    assert wizard.text_area(key="reply:wizard:consultation:text")

    # resubmitted without an answer, approval is refused with the rule named
    at = button(at, "Skicka för granskning").click().run()
    at = acting_as(at, REVIEWER)
    at = button(at, "Godkänn bedömningen").click().run()
    refusal = "\n".join(e.value for e in at.error)
    assert "must-correct-stands" in refusal and "Samråd och dialog" in refusal
    assert saved(service).status is Status.in_review
    judge(at, Step.consultation, Verdict.must_correct, "Svara på kommentaren först.")
    at = button(at, "Spara bedömningen").click().run()

    # the officer answers in the wizard's reply field, and resubmits
    wizard = app(assessment=AID, step="consultation")
    wizard.text_area(key="reply:wizard:consultation:text").input(
        "Pensionärsrådet hördes den 3 mars; se samrådsloggen.")
    wizard = button(wizard, "Skicka svaret").click().run()
    assert not wizard.exception
    assert saved(service).standing_must_correct() == []
    at = result_page()
    assert "Pensionärsrådet hördes den 3 mars" in texts_on_page(at)
    at = button(at, "Skicka för granskning").click().run()

    # the reviewer sees what changed since the judgement, and approves
    at = acting_as(at, REVIEWER)
    since = next(e for e in at.expander if "sedan den senaste bedömningen" in e.label)
    assert "Pensionärsrådet hördes" in "\n".join(m.value for m in since.markdown)
    at = button(at, "Godkänn bedömningen").click().run()
    assert not at.exception
    assert saved(service).status is Status.approved
    assert "Bedömningen är godkänd och låst." in texts_on_page(at)


def test_a_judgement_short_of_acceptable_needs_a_comment(service: AssessmentService) -> None:
    service.submit(service.user(OFFICER), AID)
    at = acting_as(result_page(), REVIEWER)
    judge(at, Step.actions, Verdict.to_improve, "")
    judge(at, Step.evidence, Verdict.to_improve, "Ange källan till besökssiffrorna.")
    at = button(at, "Spara bedömningen").click().run()
    assert "needs a comment" in "\n".join(e.value for e in at.error)
    assert saved(service).judgements == []
    # what the reviewer typed is still there to complete
    assert at.text_area(key="judge:evidence:comment").value == "Ange källan till besökssiffrorna."
    at.text_area(key="judge:actions:comment").input("Ange vem som äger åtgärd 2.")
    at = button(at, "Spara bedömningen").click().run()
    assert [j.verdict for j in saved(service).judgements] == [Verdict.to_improve] * 2
    assert "Bedömningen är sparad." in texts_on_page(at)
    assert at.text_area(key="judge:evidence:comment").value == ""  # a fresh form


def test_a_note_on_an_answer_is_saved_beside_it(service: AssessmentService) -> None:
    question = "decision.kind_of_decision"
    at = app(assessment=AID, step="decision")
    assert any(e.label == "Lägg till en anteckning" for e in at.expander)
    at.text_area(key=key(AID, f"note:{question}")).input("Antaget utifrån nämndens beslut.").run()
    assert not at.exception
    answer = saved(service).answers[question]
    assert answer.note == "Antaget utifrån nämndens beslut." and answer.value
    # the note stays with the answer when the answer changes
    at = app(assessment=AID, step="decision")
    assert at.text_area(key=key(AID, f"note:{question}")).value == (
        "Antaget utifrån nämndens beslut.")


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7"
       b"\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")


def test_an_attachment_is_refused_with_its_reason_and_another_is_kept(
        service: AssessmentService) -> None:
    at = app(assessment=AID, step="consultation")
    uploader = at.file_uploader[0]
    uploader.set_value(("protokoll.pdf", b"bara text, ingen pdf\n", "application/pdf")).run()
    assert not at.exception
    assert "protokoll.pdf bifogades inte: namnet säger en filtyp men innehållet är en annan." in (
        "\n".join(e.value for e in at.error))
    assert saved(service).attachments == []

    at.file_uploader[0].set_value(("foto.png", PNG, "image/png")).run()
    assert not at.exception
    kept = saved(service).attachments
    assert [(a.name, a.type.value, a.step) for a in kept] == [("foto.png", "png",
                                                               Step.consultation)]
    assert "foto.png är bifogad." in "\n".join(s.value for s in at.success)
    line = next(m.value for m in at.markdown if "foto.png" in m.value)
    assert "PNG-bild" in line and "kB" in line
    download = next(b for b in at.get("download_button") if "foto.png" in b.proto.label)
    assert download is not None
    # on the result page too
    assert any("foto.png" in m.value for m in result_page().markdown)


def test_the_diff_of_two_revisions_names_answers_score_and_who(
        service: AssessmentService) -> None:
    officer = service.user(OFFICER)
    current = saved(service)
    answers = dict(current.answers)
    answers.pop("decision.kind_of_decision", None)
    service.update(officer, AID, expected_revision=current.revision,
                   changes={"answers": answers})
    at = result_page()
    at = button(at, "Versioner och ändringar").click().run()
    assert not at.exception
    assert at.selectbox(key=f"diff:{AID}:before").value == 1
    assert at.selectbox(key=f"diff:{AID}:after").value == 2
    page = texts_on_page(at)
    assert "Revision 2 gjordes av Alva Demo (fiktiv handläggare)" in page
    assert "borttaget" in page
    assert "Svar och innehåll" in [s.value for s in at.subheader]
    assert "Bedömning och flaggor" in [s.value for s in at.subheader]
    assert "Revision 1 · Skapad · Alva Demo" in page  # the history, newest last in time
    # the domain's words in the page's language, not their ids
    service.update(officer, AID, expected_revision=2, changes={"answers": current.answers})
    service.submit(officer, AID)
    at = result_page()
    at = button(at, "Versioner och ändringar").click().run()
    at.selectbox(key=f"diff:{AID}:before").set_value(3)
    at = at.selectbox(key=f"diff:{AID}:after").set_value(4).run()
    assert "`status` – ändrat: Utkast → Under granskning" in texts_on_page(at)


def test_a_due_follow_up_is_recorded_from_the_start_page(service: AssessmentService) -> None:
    officer, reviewer = service.user(OFFICER), service.user(REVIEWER)
    current = saved(service)
    service.update(officer, AID, expected_revision=current.revision,
                   changes={"follow_up": {"due": "2026-01-15"}})
    service.submit(officer, AID)
    service.approve(reviewer, AID)
    approved = saved(service)

    at = app()
    opened = next(b for b in at.button if b.key == f"open:follow_up_due:{AID}")
    at = opened.click().run()
    assert not at.exception
    assert f"{AID}" in at.query_params["assessment"]
    actions = approved.actions
    prefix = f"follow-up:{AID}"
    for number, action in enumerate(actions):
        at.radio(key=f"{prefix}:{action.id}:result").set_value(
            ActionResult.changed if number == 0 else ActionResult.done)
        at.text_area(key=f"{prefix}:{action.id}:observed").input(f"Kommentar {number}")
    at.text_area(key=f"{prefix}:observed").input("Fler äldre bokade per telefon.")
    at.radio(key=f"{prefix}:held").set_value(True)
    at = button(at, "Spara uppföljningen").click().run()
    assert not at.exception
    assert "Uppföljningen är sparad." in texts_on_page(at)
    record = service.follow_up(officer, AID)
    assert record is not None and record.outcome_held is True
    assert [r.result for r in record.results][:2] == [ActionResult.changed, ActionResult.done]
    assert record.observed == "Fler äldre bokade per telefon."
    assert saved(service).revision == approved.revision  # beside it, never an edit of it
    assert not any(b.key == f"open:follow_up_due:{AID}" for b in app().button)
    # its own statement for the committee, as PDF and Word
    assert "Uppföljningens redovisning för nämnden" in [h.value for h in at.header]
    assert {b.proto.label for b in at.get("download_button")} == {"Ladda ner PDF",
                                                                  "Ladda ner DOCX"}


def test_a_follow_up_with_an_action_left_out_is_refused(service: AssessmentService) -> None:
    officer = service.user(OFFICER)
    service.submit(officer, AID)
    service.approve(service.user(REVIEWER), AID)
    at = result_page()
    at = button(at, "Registrera uppföljningen").click().run()
    at = button(at, "Spara uppföljningen").click().run()
    assert "Ange resultatet för: 1, 2, 3, 4." in "\n".join(e.value for e in at.error)
    assert service.follow_up(officer, AID) is None


def test_a_note_on_a_dont_know_answer_shows_among_the_open_questions(
        service: AssessmentService) -> None:
    current = saved(service)
    answers = {**current.answers, "decision.users_known": Answer(
        value="dont_know", note="Statistik per ålder *saknas* ännu.")}
    service.update(service.user(OFFICER), AID, expected_revision=current.revision,
                   changes={"answers": answers})
    page = texts_on_page(result_page())
    assert "Anteckning:* Statistik per ålder \\*saknas\\* ännu." in page


@pytest.mark.parametrize(("person", "judges"), [(REVIEWER, True), ("demo-reader", False),
                                                ("demo-colleague", False)])
def test_only_whom_the_core_lets_judge_sees_the_judging_in_english(
        service: AssessmentService, person: str, judges: bool) -> None:
    service.submit(service.user(OFFICER), AID)
    at = acting_as(result_page(lang="en"), person)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert ("Approve the assessment" in labels) is judges
    assert ("Save the judgement" in labels) is judges
    if judges:
        assert "Judgement of the step Consultation" in [r.label for r in at.radio]


def test_a_file_over_the_configured_limit_is_refused_and_nothing_is_kept(
        service: AssessmentService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_MAX_ATTACHMENT_BYTES", "40")
    at = app(assessment=AID, step="evidence")
    at.file_uploader[0].set_value(("foto.png", PNG, "image/png")).run()
    assert "foto.png bifogades inte: filen är större än den tillåtna storleken." in (
        "\n".join(e.value for e in at.error))
    assert saved(service).attachments == []
    with pytest.raises(EiaError):  # no bytes were kept either
        service.store.blob(sha256_hex(PNG))
