"""Every demo assessment renders in both languages in every format, and reads back."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from eia.demo import demo_assessments
from eia.i18n import Lang
from eia.model import Assessment
from eia.services.scoring import score_assessment
from eia.services.statements import statement_of
from eia.statement.fingerprint import token_of
from eia.statement.make import Format, read_token, render

DEMOS = [assessment for assessment, _ in demo_assessments()]
HEADINGS = {Lang.sv: "Konsekvensanalys för lika möjligheter",
            Lang.en: "Equal opportunities impact assessment"}


def text_of(data: bytes, fmt: Format) -> str:
    match fmt:
        case Format.pdf:
            return PdfReader(io.BytesIO(data)).pages[0].extract_text()
        case Format.docx:
            document = Document(io.BytesIO(data))
            cells = [cell.text for table in document.tables for row in table.rows
                     for cell in row.cells]
            return "\n".join([*(p.text for p in document.paragraphs), *cells])
        case Format.md:
            return data.decode("utf-8")
        case Format.html:
            return html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("assessment", DEMOS, ids=[a.id for a in DEMOS])
def test_each_demo_statement_renders_and_reads_back(assessment: Assessment, lang: Lang,
                                                    fmt: Format, context_db: Path) -> None:
    data = render(statement_of(score_assessment(assessment, database=context_db), lang), fmt)
    text = " ".join(text_of(data, fmt).split())
    assert HEADINGS[lang] in text
    assert assessment.decision.diary_number in text
    assert read_token(data) == token_of(assessment)
