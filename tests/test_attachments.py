"""Attachments: real files of each accepted type are kept under their SHA-256 and recorded with
who and when; a file whose content is not what its name says, too large, empty or with a
hostile name is refused with its reason, and nothing of it is stored."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from eia.cli import EXIT_REFUSED, main
from eia.errors import ForbiddenError, InvalidInputError
from eia.model import AttachmentType, EventKind, Ground, Status, Step
from eia.services.assessments import AssessmentService
from eia.services.attachments import AttachmentRefusedError
from tests.test_workflow import CONTENT, DEMO, DIRECTORY, PEOPLE, png

OFFICER = PEOPLE["officer"]


def pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Minnesanteckningar från pensionärsrådet")
    canvas.save()
    return out.getvalue()


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["område", "andel"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "JPEG")
    return out.getvalue()


CSV = "område;andel\nDrottninghög;12,5\nSöder;8,1\n".encode()
FILES = {"protokoll.pdf": pdf, "anteckningar.docx": word, "siffror.xlsx": excel,
         "siffror.csv": lambda: CSV, "bild.png": png, "foto.jpeg": jpeg, "foto.JPG": jpeg}
KINDS = {".pdf": AttachmentType.pdf, ".docx": AttachmentType.docx, ".xlsx": AttachmentType.xlsx,
         ".csv": AttachmentType.csv, ".png": AttachmentType.png, ".jpeg": AttachmentType.jpeg,
         ".jpg": AttachmentType.jpeg}


@pytest.fixture
def draft(tmp_path: Path) -> tuple[AssessmentService, Path]:
    """A draft in a JSON-file store, so what is left on disk can be looked at."""
    svc = AssessmentService.for_folder(tmp_path, DIRECTORY)
    created = svc.create(OFFICER, "ny-bokning", question_set=DEMO.question_set)
    svc.update(OFFICER, created.id, expected_revision=1, changes=CONTENT)
    return svc, tmp_path


def on_disk(folder: Path) -> tuple[bytes, list[Path]]:
    blobs = folder / ".blobs"
    return ((folder / "ny-bokning.json").read_bytes(),
            sorted(path for path in blobs.rglob("*") if path.is_file()) if blobs.exists()
            else [])


@pytest.mark.parametrize("name", FILES)
def test_each_accepted_type_is_kept_by_sha256_and_recorded(
        draft: tuple[AssessmentService, Path], name: str) -> None:
    svc, _ = draft
    data = FILES[name]()
    saved = svc.attach(OFFICER, "ny-bokning", data, name, step=Step.consultation,
                       ground=Ground.age)
    added = saved.attachments[-1]
    assert (added.name, added.type, added.size) == (name, KINDS[Path(name).suffix.lower()],
                                                    len(data))
    assert (added.by, added.step, added.ground) == (OFFICER.ref(), Step.consultation, Ground.age)
    assert saved.history[-1].kind is EventKind.attached and saved.history[-1].at == added.at
    kept, back = svc.attachment(PEOPLE["reader"], "ny-bokning", added.sha256)
    assert kept == added and back == data


@pytest.mark.parametrize(("name", "make", "code"), [
    ("protokoll.pdf", png, "type-mismatch"),
    ("anteckningar.docx", excel, "type-mismatch"),
    ("siffror.xlsx", word, "type-mismatch"),
    ("bild.png", jpeg, "type-mismatch"),
    ("protokoll.pdf", lambda: b"\x7fELF\x02\x01\x01" + bytes(200), "type-mismatch"),
    ("siffror.csv", lambda: b"\x00\x01\x02binary\xff\xfe", "type-mismatch"),
    ("siffror.csv", lambda: b"a;b\n1;2;3\n", "type-mismatch"),
    ("anteckningar.docx", lambda: word()[:-300], "damaged"),
    ("anteckningar.docx", lambda: word()[:600], "type-mismatch"),
    ("program.exe", pdf, "unsupported-type"),
    ("utan-suffix", pdf, "unsupported-type"),
    ("tom.pdf", lambda: b"", "empty"),
    ("../../etc/passwd.pdf", pdf, "hostile-name"),
    ("mapp/protokoll.pdf", pdf, "hostile-name"),
    ("C:\\Users\\protokoll.pdf", pdf, "hostile-name"),
    ("con.pdf", pdf, "hostile-name"),
    (".dold.pdf", pdf, "hostile-name"),
    ("rad\nbrytning.pdf", pdf, "hostile-name"),
    ("noll\x00.pdf", pdf, "hostile-name"),
    ("\u202egnp.pdf", pdf, "hostile-name"),
    ("x" * 300 + ".pdf", pdf, "hostile-name"),
])
def test_a_refused_file_says_why_and_leaves_nothing_behind(
        draft: tuple[AssessmentService, Path], name: str, make: object, code: str) -> None:
    svc, folder = draft
    before = on_disk(folder)
    with pytest.raises(AttachmentRefusedError) as refused:
        svc.attach(OFFICER, "ny-bokning", make(), name)  # type: ignore[operator]
    assert refused.value.code == code
    assert f"[{code}]" in str(refused.value) and "was not attached" in str(refused.value)
    assert on_disk(folder) == before


def test_the_size_limit_comes_from_the_configuration(
        draft: tuple[AssessmentService, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    svc, folder = draft
    data = pdf()
    monkeypatch.setenv("EIA_MAX_ATTACHMENT_BYTES", str(len(data) - 1))
    before = on_disk(folder)
    with pytest.raises(AttachmentRefusedError, match="too-large"):
        svc.attach(OFFICER, "ny-bokning", data, "protokoll.pdf")
    assert on_disk(folder) == before
    monkeypatch.setenv("EIA_MAX_ATTACHMENT_BYTES", str(len(data)))
    assert svc.attach(OFFICER, "ny-bokning", data, "protokoll.pdf").attachments
    monkeypatch.setenv("EIA_MAX_ATTACHMENT_BYTES", "lots")
    with pytest.raises(InvalidInputError, match="EIA_MAX_ATTACHMENT_BYTES='lots'"):
        svc.attach(OFFICER, "ny-bokning", data, "protokoll.pdf")


def test_the_name_is_kept_as_a_reader_wrote_it_but_made_plain(
        draft: tuple[AssessmentService, Path]) -> None:
    svc, _ = draft
    typed = unicodedata.normalize("NFD", "  Möte   med rådet.pdf ")
    saved = svc.attach(OFFICER, "ny-bokning", pdf(), typed)
    assert saved.attachments[-1].name == "Möte med rådet.pdf"


def test_only_an_officer_of_an_editable_assessment_attaches(
        draft: tuple[AssessmentService, Path]) -> None:
    svc, folder = draft
    before = on_disk(folder)
    for who, rule in [("reviewer", "needs-case-officer"), ("colleague", "not-an-officer"),
                      ("reader", "needs-case-officer")]:
        with pytest.raises(ForbiddenError, match=rule):
            svc.attach(PEOPLE[who], "ny-bokning", pdf(), "protokoll.pdf")
    svc.submit(OFFICER, "ny-bokning")
    with pytest.raises(ForbiddenError, match="not-editable"):
        svc.attach(OFFICER, "ny-bokning", pdf(), "protokoll.pdf")
    assert on_disk(folder)[1] == before[1]
    assert svc.get(OFFICER, "ny-bokning").assessment.status is Status.in_review


def test_the_shell_attaches_a_file_and_refuses_a_disguised_one(
        draft: tuple[AssessmentService, Path], tmp_path: Path) -> None:
    _, folder = draft
    good, bad = tmp_path / "protokoll.pdf", tmp_path / "bild.pdf"
    good.write_bytes(pdf())
    bad.write_bytes(png())
    base = ["--dir", str(folder), "--as", "officer"]
    env = {"EIA_USERS_FILE": ""}
    runner = CliRunner()
    # the CLI reads the configured users; the test's people come from the same fixture file
    users = tmp_path / "users.yaml"
    users.write_text("users:\n  - {id: officer, name: Officer, roles: [case_officer], "
                     "organisation: helsingborg}\n", encoding="utf-8")
    env["EIA_USERS_FILE"] = str(users)
    done = runner.invoke(main, ["assessments", "attach", "ny-bokning", str(good),
                                "--step", "consultation", *base], env=env)
    assert done.exit_code == 0, done.output
    assert "attached protokoll.pdf (pdf" in done.stdout
    refused = runner.invoke(main, ["assessments", "attach", "ny-bokning", str(bad), *base],
                            env=env)
    assert refused.exit_code == EXIT_REFUSED
    assert "the name says PDF, but the content is PNG image [type-mismatch]" in refused.stderr
    shown = runner.invoke(main, ["assessments", "show", "ny-bokning", *base], env=env)
    assert '"name": "protokoll.pdf"' in shown.stdout
