"""The follow-up's own statement for the committee: each action's result, what was observed,
whether the outcome held, printed from the approved revision and the record kept beside it,
read back from a real PDF and Word file, and checked by `eia verify`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from eia.cli import main
from eia.errors import NotFoundError
from eia.i18n import Lang
from eia.services.assessments import AssessmentService
from eia.statement.make import Format

REPO = Path(__file__).resolve().parent.parent
ROOMS = "demo-changing-rooms"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The demo assessments with the changing rooms' recorded follow-up."""
    shutil.copytree(REPO / "assessments", tmp_path / "store",
                    ignore=shutil.ignore_patterns("README.md"))
    return tmp_path / "store"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_follow_up_statement_says_what_became_of_each_action(store: Path) -> None:
    service = AssessmentService.for_folder(store)
    officer = service.user()
    record = service.follow_up(officer, ROOMS)
    assert record is not None
    text = pdf_text(service.export_follow_up(officer, ROOMS, Format.pdf, Lang.sv).data)
    assert "Uppföljning av konsekvensanalys för lika möjligheter" in text
    assert "Höll bedömningen?" in text and "Genomförd" in text and "Ändrad" in text
    assert record.observed.split(":")[0] in text
    word = Document(io.BytesIO(
        service.export_follow_up(officer, ROOMS, Format.docx, Lang.en).data))
    words = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "Did the outcome hold?" in words and "What was observed" in words


def test_it_is_checked_against_the_approved_revision_it_follows_up(store: Path) -> None:
    service = AssessmentService.for_folder(store)
    officer = service.user()
    data = service.export_follow_up(officer, ROOMS, Format.pdf, Lang.en).data
    checked = service.verify(data)
    record = service.follow_up(officer, ROOMS)
    assert checked.ok and checked.token is not None and record is not None
    assert checked.token.revision == record.assessment_revision
    assert service.store.follow_up_sha256(ROOMS) in pdf_text(data).replace("\n", "")


def test_without_a_recorded_follow_up_there_is_no_statement(store: Path) -> None:
    service = AssessmentService.for_folder(store)
    with pytest.raises(NotFoundError, match="follow-up"):
        service.export_follow_up(service.user(), "demo-branch-library", Format.pdf, Lang.sv)
    result = CliRunner().invoke(main, ["assessments", "export", "demo-branch-library",
                                       "--follow-up", "--dir", str(store), "-o",
                                       str(store / "x.pdf")])
    assert result.exit_code == 5 and "follow-up" in result.output
    assert not (store / "x.pdf").exists()
