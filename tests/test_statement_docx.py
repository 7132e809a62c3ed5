"""The Word statement, read back with python-docx: real headings, real tables with repeating
header rows, stamps in the page header, page-number fields, properties, pictures for charts, and
user text that survives literally. Bytes are never compared: python-docx writes zip times."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from eia.i18n import Lang
from eia.statement.docx import STAMP_STYLE, WARNING_STYLE, render_docx
from eia.statement.fingerprint import Token, find_token
from eia.statement.model import Chart, Paragraph, Section, Statement, Table
from tests.statement_samples import (
    ASSESSMENT_ID,
    GROUNDS_EN,
    GROUNDS_SV,
    HOSTILE,
    LEVELS_SV,
    REVISION,
    SAMI,
    SCRIPTS,
    SHA,
    SWEDISH,
    english,
    minimal,
    scripts,
    statement,
    swedish,
)

TOKEN = f"{ASSESSMENT_ID}@{REVISION}:{SHA}"


def read(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def all_text(doc: WordDocument) -> str:
    """Body paragraphs and every table cell, in one string."""
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def headings(doc: WordDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs
            if p.style.name.startswith("Heading")]


def body(doc: WordDocument) -> Iterator[WordParagraph | WordTable]:
    """Paragraphs and tables in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield WordParagraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield WordTable(child, doc)


def cells(table: WordTable) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def repeats(table: WordTable, row: int = 0) -> bool:
    trpr = table.rows[row]._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


@pytest.fixture(scope="module")
def sv() -> Statement:
    return swedish()


@pytest.fixture(scope="module")
def sv_bytes(sv: Statement) -> bytes:
    return render_docx(sv)


@pytest.fixture(scope="module")
def sv_doc(sv_bytes: bytes) -> WordDocument:
    return read(sv_bytes)


# --- Structure -----------------------------------------------------------------------------------


def test_it_is_a_word_file(sv_bytes: bytes) -> None:
    assert sv_bytes.startswith(b"PK")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(sv_bytes)).namelist()


def test_headings_are_word_headings_in_the_statements_order(sv: Statement,
                                                            sv_doc: WordDocument) -> None:
    expected = [("Heading 1", sv.summary.heading), ("Heading 1", sv.page.annex_heading)]
    expected += [(f"Heading {s.level + 1}", s.title) for s in sv.annex]
    assert headings(sv_doc) == expected


def test_the_title_opens_the_document(sv: Statement, sv_doc: WordDocument) -> None:
    first = sv_doc.paragraphs[0]
    assert (first.style.name, first.text) == ("Title", sv.title)


def test_a_page_break_separates_summary_and_annex(sv: Statement, sv_doc: WordDocument) -> None:
    paragraphs = sv_doc.paragraphs
    annex = next(i for i, p in enumerate(paragraphs) if p.text == sv.page.annex_heading
                 and p.style.name == "Heading 1")
    breaks = [i for i, p in enumerate(paragraphs)
              if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))]
    assert breaks and breaks[-1] == annex - 1
    summary = next(i for i, p in enumerate(paragraphs) if p.text == sv.summary.heading)
    assert summary < breaks[-1]


# --- The summary's tables ------------------------------------------------------------------------


def summary_tables(doc: WordDocument, sv: Statement) -> list[WordTable]:
    """The tables between the summary heading and the page break."""
    out: list[WordTable] = []
    for item in body(doc):
        if isinstance(item, WordParagraph) and item.text == sv.page.annex_heading:
            break
        if isinstance(item, WordTable):
            out.append(item)
    return out


def test_the_decision_is_a_two_column_table(sv: Statement, sv_doc: WordDocument) -> None:
    decision = summary_tables(sv_doc, sv)[0]
    assert cells(decision) == [list(row) for row in sv.summary.decision.rows]
    assert ["Diarienummer", "KUN 2026/123"] in cells(decision)
    assert ["Ärende", "Ändrade öppettider på Stadsbiblioteket"] in cells(decision)
    assert all(run.bold for row in decision.rows for run in row.cells[0].paragraphs[0].runs)


def test_outcome_grounds_and_actions_are_tables(sv: Statement, sv_doc: WordDocument) -> None:
    _decision, outcome, grounds, actions = summary_tables(sv_doc, sv)
    labels = [row[0] for row in cells(outcome)[1:]]
    assert labels == ["Fortsätt utan ändring", "Justera förslaget",
                      "Fortsätt trots negativa effekter", "Stoppa och ompröva"]
    rows = cells(grounds)
    assert rows[0] == sv.summary.grounds.columns
    assert [row[0] for row in rows[1:]] == GROUNDS_SV
    assert [row[3] for row in rows[1:]] == LEVELS_SV
    owners = [row[1] for row in cells(actions)[1:]]
    assert owners == ["Kulturförvaltningen 1", "Stadsbiblioteket 2", "Fastighetsförvaltningen 3"]


def test_the_outcome_note_follows_the_outcome_table(sv: Statement, sv_doc: WordDocument) -> None:
    assert sv.summary.outcome_note in [p.text for p in sv_doc.paragraphs]


def test_lists_use_the_list_bullet_style(sv: Statement, sv_doc: WordDocument) -> None:
    bullets = [p.text for p in sv_doc.paragraphs if p.style.name == "List Bullet"]
    for item in [*sv.summary.evidence_gaps.items, *sv.summary.flags.items]:
        assert item in bullets


def test_the_crowded_summary_keeps_every_action_and_the_more_lines() -> None:
    crowded = statement(actions=30, flags=30, annex=[])
    doc = read(render_docx(crowded))
    actions = summary_tables(doc, crowded)[3]
    assert len(actions.rows) == 31
    text = all_text(doc)
    assert all(line in text for line in crowded.summary.more)


# --- Tables --------------------------------------------------------------------------------------


def test_every_table_has_a_bordered_style(sv_doc: WordDocument) -> None:
    assert sv_doc.tables
    assert {table.style.name for table in sv_doc.tables} == {"Table Grid"}


def test_header_rows_are_marked_to_repeat(sv: Statement, sv_doc: WordDocument) -> None:
    table_blocks = 3 + sum(isinstance(b, Table) for s in sv.annex for b in s.blocks)
    headed = [table for table in sv_doc.tables if repeats(table)]
    assert len(headed) == table_blocks
    for table in headed:
        assert not any(repeats(table, row) for row in range(1, len(table.rows)))
        assert all(run.bold for cell in table.rows[0].cells
                   for run in cell.paragraphs[0].runs)


def test_the_long_annex_table_keeps_all_its_rows_and_caption(sv_doc: WordDocument) -> None:
    long = next(t for t in sv_doc.tables if len(t.rows) == 41)
    assert cells(long)[0] == ["Nr", "Fråga", "Svar", "Motivering"]
    assert long._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Alla frågor och svar"
    assert "Alla frågor och svar" in [p.text for p in sv_doc.paragraphs
                                      if p.style.name == "Caption"]


def test_ragged_rows_are_padded_not_dropped() -> None:
    ragged = Table(columns=["A", "B"], rows=[["1"], ["2", "3", "4"]], widths=[1, 2])
    doc = read(render_docx(statement(annex=[Section(id="r", title="R", blocks=[ragged])])))
    assert cells(doc.tables[-1]) == [["A", "B", ""], ["1", "", ""], ["2", "3", "4"]]


# --- User text -----------------------------------------------------------------------------------


MARKDOWNISH = "**bold** | pipe # hash [länk](javascript:alert(1)) `kod` _x_"


def hostile() -> Statement:
    blocks = [Paragraph(text=MARKDOWNISH), Table(columns=[HOSTILE], rows=[[MARKDOWNISH]])]
    return statement(annex=[Section(id="h", title=HOSTILE, blocks=blocks)])


def test_hostile_text_survives_literally(sv_bytes: bytes, sv_doc: WordDocument) -> None:
    text = all_text(sv_doc)
    assert HOSTILE in text
    xml = part(sv_bytes, "word/document.xml")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<script>" not in xml and "<b>fet" not in xml


def test_markup_like_text_is_kept_as_typed_everywhere() -> None:
    data = render_docx(hostile())
    doc = read(data)
    assert ("Heading 2", HOSTILE) in headings(doc)
    assert MARKDOWNISH in [p.text for p in doc.paragraphs]
    assert cells(doc.tables[-1]) == [[HOSTILE], [MARKDOWNISH]]
    assert "<script>" not in part(data, "word/document.xml")


def test_control_characters_are_dropped_not_fatal() -> None:
    dirty = "a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh\ufffei"
    blocks = [Paragraph(text=dirty), Table(columns=[dirty], rows=[[dirty]])]
    doc = read(render_docx(statement(annex=[Section(id="c", title=dirty, blocks=blocks)])))
    assert ("Heading 2", "abcdefghi") in headings(doc)
    assert "abcdefghi" in [p.text for p in doc.paragraphs]
    assert cells(doc.tables[-1]) == [["abcdefghi"], ["abcdefghi"]]


def test_line_breaks_in_user_text_become_word_line_breaks() -> None:
    doc = read(render_docx(statement(annex=[Section(id="n", title="N", blocks=[
        Paragraph(text="rad ett\r\nrad två\nrad tre")])])))
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("rad ett"))
    assert paragraph.text == "rad ett\nrad två\nrad tre"
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 2


def test_swedish_and_sami_letters_survive(sv_doc: WordDocument) -> None:
    text = all_text(sv_doc)
    assert SWEDISH in text and SAMI in text
    assert all(letter in text for letter in "ÅÄÖåäöŋš")


# --- Paragraph styles ----------------------------------------------------------------------------


def test_warnings_are_bold_and_boxed_not_colour_only(sv_doc: WordDocument) -> None:
    warning = next(p for p in sv_doc.paragraphs if p.style.name == WARNING_STYLE)
    assert warning.text == "Siffrorna i detta avsnitt är påhittade för demonstration."
    style = sv_doc.styles[WARNING_STYLE]
    assert style.font.bold is True
    borders = style.element.pPr.find(qn("w:pBdr"))
    assert {child.tag for child in borders} == {qn(f"w:{s}") for s in
                                                ("top", "left", "bottom", "right")}


def test_notes_have_their_own_style(sv_doc: WordDocument) -> None:
    note = next(p for p in sv_doc.paragraphs if p.text.startswith(SWEDISH))
    assert note.style.name == "EIA Note"


# --- Stamps, header and footer -------------------------------------------------------------------


def header_texts(doc: WordDocument) -> list[str]:
    return [p.text for p in doc.sections[0].header.paragraphs]


def test_the_demo_stamp_and_title_are_in_the_page_header(sv: Statement,
                                                          sv_doc: WordDocument) -> None:
    assert len(sv_doc.sections) == 1  # one header: every page carries it
    assert header_texts(sv_doc) == [sv.title, "DEMO – fiktivt exempel"]
    assert sv_doc.sections[0].header.paragraphs[1].style.name == STAMP_STYLE


def test_no_demo_stamp_when_the_statement_is_real() -> None:
    doc = read(render_docx(minimal()))
    assert not any("DEMO" in text for text in header_texts(doc))
    assert "DEMO" not in all_text(doc)


def test_the_synthetic_stamp_opens_synthetic_sections_only(sv: Statement,
                                                           sv_doc: WordDocument) -> None:
    stamp = sv.page.synthetic_stamp
    paragraphs = sv_doc.paragraphs
    stamped = [paragraphs[i - 1].text for i, p in enumerate(paragraphs) if p.text == stamp]
    assert stamped == [s.title for s in sv.annex if s.synthetic]
    assert {paragraphs[i].style.name for i, p in enumerate(paragraphs) if p.text == stamp} == {
        STAMP_STYLE}


def test_the_footer_has_versions_and_page_fields(sv: Statement, sv_bytes: bytes,
                                                 sv_doc: WordDocument) -> None:
    footer = [p.text for p in sv_doc.sections[0].footer.paragraphs]
    assert footer[0] == sv.page.footer
    assert footer[1] == "Sida 1 av 1"  # the fields' cached results, updated by Word
    xml = part(sv_bytes, "word/footer1.xml")
    instructions = [i.strip() for i in xml.split("<w:instrText")[1:]]
    assert [i.split(">")[1].split("<")[0].strip() for i in instructions] == ["PAGE", "NUMPAGES"]
    assert xml.count('w:fldCharType="begin"') == 2 == xml.count('w:fldCharType="end"')


def test_the_english_footer_uses_the_english_words() -> None:
    doc = read(render_docx(minimal(Lang.en)))
    assert doc.sections[0].footer.paragraphs[1].text == "Page 1 of 1"


# --- Properties and fingerprint ------------------------------------------------------------------


def test_core_properties(sv: Statement, sv_doc: WordDocument) -> None:
    props = sv_doc.core_properties
    assert props.title == sv.title
    assert props.author == "Åsa Öberg"
    assert props.subject == "KUN 2026/123"
    assert props.keywords == "jämlikhet, konsekvensanalys, KUN 2026/123"
    assert props.language == "sv-SE"
    assert props.created.year >= 2026


def test_the_documents_language_is_set_in_its_styles(sv_bytes: bytes) -> None:
    styles = part(sv_bytes, "word/styles.xml")
    defaults = styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert 'w:lang w:val="sv-SE"' in defaults


def test_an_english_statement_is_english() -> None:
    data = render_docx(english())
    doc = read(data)
    assert doc.core_properties.language == "en-GB"
    assert 'w:val="en-GB"' in part(data, "word/styles.xml")
    grounds = next(t for t in doc.tables if cells(t)[0][0] == "Ground")
    assert [row[0] for row in cells(grounds)[1:]] == GROUNDS_EN


def test_the_fingerprint_is_in_properties_and_text(sv: Statement, sv_doc: WordDocument) -> None:
    assert sv_doc.core_properties.identifier == TOKEN
    assert TOKEN in sv_doc.core_properties.comments
    assert TOKEN in all_text(sv_doc)
    assert sv.fingerprint.text in all_text(sv_doc)


def test_eia_verify_finds_the_token_in_the_file() -> None:
    """`find_token` reads a 64-digit SHA-256 (as `eia verify` does) from the document text."""
    sha = "0123456789abcdef" * 4
    base = minimal()
    signed = base.model_copy(update={"fingerprint": base.fingerprint.model_copy(
        update={"sha256": sha})})
    data = render_docx(signed)
    token = Token(assessment_id=ASSESSMENT_ID, revision=REVISION, sha256=sha)
    assert find_token(part(data, "word/document.xml")) == token
    assert find_token(part(data, "docProps/core.xml")) == token


# --- Charts --------------------------------------------------------------------------------------


def test_each_chart_is_a_picture_with_alt_text_and_caption(sv: Statement,
                                                           sv_doc: WordDocument) -> None:
    charts = [b for s in sv.annex for b in s.blocks if isinstance(b, Chart)]
    shapes = sv_doc.inline_shapes
    assert len(shapes) == len(charts) == 3
    assert [s._inline.docPr.get("descr") for s in shapes] == [c.description for c in charts]
    for shape in shapes:
        assert 0 < shape.width <= sv_doc.sections[0].page_width - 2 * sv_doc.sections[
            0].left_margin
    captions = [p.text for p in sv_doc.paragraphs if p.style.name == "Caption"]
    assert all(chart.description in captions for chart in charts)


def test_a_chart_without_figures_keeps_its_words() -> None:
    empty = Chart(chart="bars", title="Inga siffror", figures=[], description="Inget att visa.")
    doc = read(render_docx(statement(annex=[Section(id="e", title="E", blocks=[empty])])))
    assert len(doc.inline_shapes) == 0
    assert "Inget att visa." in [p.text for p in doc.paragraphs]


def test_a_minimal_statement_renders() -> None:
    doc = read(render_docx(minimal()))
    assert [h for _, h in headings(doc)] == ["Summary: equality impact assessment", "Annex"]
    assert len(doc.inline_shapes) == 0


def test_stamps_and_warnings_are_told_apart_by_their_border(sv_doc: WordDocument) -> None:
    """Word merges neighbouring paragraphs with equal borders into one box."""
    lines = {name: sv_doc.styles[name].element.pPr.find(qn("w:pBdr"))[0].get(qn("w:val"))
             for name in (STAMP_STYLE, WARNING_STYLE)}
    assert lines == {STAMP_STYLE: "double", WARNING_STYLE: "single"}


def test_headings_and_captions_are_dark_enough_to_read(sv_doc: WordDocument) -> None:
    """The template's light blue (4F81BD) is under WCAG's 4.5:1 on white."""
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        assert str(sv_doc.styles[name].font.color.rgb) == "1F3864"


def test_long_properties_are_shortened_not_refused() -> None:
    """python-docx refuses core properties over 255 characters; the token is kept whole."""
    base = minimal()
    long = base.model_copy(update={
        "title": "Lång titel " * 40, "subject": "Ämne " * 80, "keywords": ["ord"] * 100,
        "fingerprint": base.fingerprint.model_copy(update={"text": "Fingeravtryck " * 30})})
    doc = read(render_docx(long))
    props = doc.core_properties
    assert len(props.title) == 255 and props.title.endswith("…")
    assert props.title.startswith("Lång titel Lång titel")
    assert len(props.subject) <= 255 and len(props.keywords) <= 255
    assert props.comments.startswith(TOKEN) and len(props.comments) <= 255
    assert ("Title", long.title.strip()) in [(p.style.name, p.text.strip())
                                              for p in doc.paragraphs]


def test_paragraphs_that_start_in_a_right_to_left_script_read_from_the_right() -> None:
    document = docx.Document(io.BytesIO(render_docx(scripts())))
    cells = [p for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs]
    by_text = {p.text: p for p in [*document.paragraphs, *cells]}
    for script in ("arabic", "persian", "hebrew"):
        assert by_text[SCRIPTS[script]]._p.pPr.find(qn("w:bidi")) is not None
    somali = by_text[SCRIPTS["somali"]]._p.pPr
    assert somali is None or somali.find(qn("w:bidi")) is None
