"""What the statement's annex shows of a review: the officer's notes beside their answers, the
judgements with the replies, the attachments with their SHA-256 (covered by the fingerprint),
and every question left unanswered or answered "don't know", per step."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
from pypdf import PdfReader

from eia.demo import demo_assessments
from eia.i18n import Lang
from eia.model import Step, Verdict
from eia.questions import get_question_set
from eia.services.assessments import AssessmentService
from eia.services.completeness import open_questions
from eia.statement.make import Format
from tests.test_attachments import pdf
from tests.test_workflow import CONTENT, DEMO, DIRECTORY, PEOPLE

OFFICER, REVIEWER = PEOPLE["officer"], PEOPLE["reviewer"]
NOTE = "Antaget utifrån besöksstatistiken 2025; ingen enkät gjord."


def reviewed(folder: Path) -> AssessmentService:
    """An assessment with a note, returned on a "must correct", answered, with an attachment."""
    svc = AssessmentService.for_folder(folder, DIRECTORY)
    created = svc.create(OFFICER, "ny-bokning", question_set=DEMO.question_set)
    answers = {key: answer.model_dump() for key, answer in DEMO.answers.items()}
    answers["age.older_participation"]["note"] = NOTE
    saved = svc.update(OFFICER, created.id, expected_revision=1,
                       changes={**CONTENT, "answers": answers})
    assert svc.get(OFFICER, saved.id).assessment.answers["age.older_participation"].note == NOTE
    svc.submit(OFFICER, saved.id)
    svc.judge_steps(REVIEWER, saved.id, [
        (Step.decision, Verdict.acceptable, ""),
        (Step.consultation, Verdict.must_correct, "Bifoga minnesanteckningarna från rådet.")])
    svc.attach(OFFICER, saved.id, pdf(), "minnesanteckningar.pdf", step=Step.consultation)
    svc.reply(OFFICER, saved.id, Step.consultation, "Bifogade.")
    return svc


def markdown(svc: AssessmentService, lang: Lang) -> str:
    exported = svc.export(PEOPLE["reader"], "ny-bokning", Format.md, lang, use_context=False)
    return exported.data.decode("utf-8")


def row_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line and line.startswith("|"))


def test_a_note_shows_beside_its_answer_in_the_annex(tmp_path: Path) -> None:
    svc = reviewed(tmp_path)
    question = get_question_set("helsingborg", "1.1").question("age.older_participation")
    assert question is not None
    for lang in Lang:
        text = markdown(svc, lang)
        assert NOTE in row_with(text, question.text(lang))


def test_the_annex_shows_the_judgements_and_the_replies(tmp_path: Path) -> None:
    text = markdown(reviewed(tmp_path), Lang.en)
    row = row_with(text, "Must correct")
    assert "Consultation" in row and "Bifoga minnesanteckningarna" in row
    assert "Bifogade." in row and "(revision 3)" in row
    assert "Acceptable" in row_with(text, "| Decision |")
    swedish = markdown(reviewed(tmp_path / "sv"), Lang.sv)
    assert "Måste rättas" in swedish and "Handläggarens svar" in swedish


def test_attachments_are_listed_and_covered_by_the_fingerprint(tmp_path: Path) -> None:
    svc = reviewed(tmp_path)
    text = markdown(svc, Lang.en)
    saved = svc.get(OFFICER, "ny-bokning")
    attachment = saved.assessment.attachments[0]
    row = row_with(text, "minnesanteckningar.pdf")
    assert attachment.sha256 in row and "PDF" in row and "Consultation" in row
    kept = (tmp_path / ".revisions" / "ny-bokning" / f"{saved.assessment.revision:06d}.json")
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == saved.sha256
    assert attachment.sha256.encode() in kept.read_bytes()
    assert f"ny-bokning@{saved.assessment.revision}:{saved.sha256}" in text
    assert svc.verify(text.encode("utf-8")).ok


def test_the_annex_lists_each_unanswered_or_dont_know_question_per_step(tmp_path: Path) -> None:
    text = markdown(reviewed(tmp_path), Lang.en)
    assert "Unanswered and “don't know”" in text
    dont_know = row_with(text, "| Impact: disability |")
    assert "| Don't know | E-tjänsten är ännu inte testad med skärmläsare. |" in dont_know


def test_open_questions_follow_the_wizard_and_leave_out_what_was_not_asked() -> None:
    assessment = demo_assessments()[0][0]
    question_set = get_question_set("helsingborg", "1.1")
    steps = {step.key: step for step in open_questions(assessment, question_set)}
    items = {item.field: item for step in steps.values() for item in step.items}
    assert items["q:disability.digital_services"].dont_know
    assert "E-tjänsten" in items["q:disability.digital_services"].note
    assert not items["q:cumulative.same_neighbourhood"].dont_know
    assert items["screening:gender_identity"].dont_know
    assert "impact-sex" not in steps  # screened out with a reason: its questions are not asked
    answered = assessment.model_copy(update={"answers": {
        **assessment.answers, "cumulative.same_neighbourhood": assessment.answers[
            "age.ageism"].model_copy(update={"value": "no"})}})
    fields = {item.field for step in open_questions(answered, question_set)
              for item in step.items}
    assert "q:cumulative.same_neighbourhood" not in fields


def test_the_pdf_and_word_statements_carry_the_review(tmp_path: Path) -> None:
    svc = reviewed(tmp_path)
    reader = PEOPLE["reader"]
    made = svc.export(reader, "ny-bokning", Format.pdf, Lang.sv, use_context=False).data
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(made)).pages)
                    .split())  # table cells wrap their lines
    for words in ("Granskning", "Måste rättas", "Bifogade.", "minnesanteckningar.pdf",
                  "Obesvarade frågor och ”vet inte”", NOTE[:30]):
        assert words in text, words
    assert svc.verify(made).ok
    word = svc.export(reader, "ny-bokning", Format.docx, Lang.en, use_context=False).data
    cells = [cell.text for table in docx.Document(io.BytesIO(word)).tables
             for row in table.rows for cell in row.cells]
    attachment = svc.get(reader, "ny-bokning").assessment.attachments[0]
    assert attachment.sha256 in cells and "Must correct" in cells
