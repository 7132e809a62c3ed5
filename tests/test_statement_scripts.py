"""Every script residents write survives the PDF statement: drawn with a font that has it,
joined and right to left where the script asks, and read back as the same text by a PDF reader
(poppler, as screen readers and copy and search read it). Also: what the PDF's properties hold
is clean text on one line, whatever was typed."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from eia.statement.fonts import fonts
from eia.statement.pdf import render_pdf
from eia.statement.scripts import base_direction, shape_rtl, visual_line
from tests.statement_samples import MIXED, SCRIPTS, scripts, statement

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(scripts())


def extracted(pdf: bytes, tmp_path: Path, page: int) -> str:
    """What poppler reads off a page, as a reader sees it: Arabic presentation forms folded to
    their letters (Unicode compatibility), bidi controls dropped, spaces collapsed per line."""
    source = tmp_path / "statement.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(source), "-"],
                          capture_output=True, text=True, check=True, timeout=60)
    text = unicodedata.normalize("NFKC", done.stdout).translate(BIDI_CONTROLS)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_each_script_reads_back_as_typed(script: str, pdf: bytes, tmp_path: Path) -> None:
    text = extracted(pdf, tmp_path, 2)
    typed = unicodedata.normalize("NFKC", SCRIPTS[script])
    if script == "emoji":  # poppler does not see the spaces between wide pictographs
        typed, text = typed.replace(" ", ""), text.replace(" ", "")
    assert typed in text


def test_a_swedish_sentence_quoting_arabic_reads_back_in_order(pdf: bytes,
                                                              tmp_path: Path) -> None:
    text = extracted(pdf, tmp_path, 2)
    assert "Föräldrar skrev:" in text and SCRIPTS["arabic"] in text and "och 📚" in text


def test_page_one_and_the_running_header_carry_other_scripts(pdf: bytes,
                                                             tmp_path: Path) -> None:
    page_one = extracted(pdf, tmp_path, 1)
    assert SCRIPTS["arabic"] in page_one and SCRIPTS["chinese"] in page_one
    assert PdfReader(io.BytesIO(pdf)).metadata.title.endswith(SCRIPTS["hebrew"])


def test_emoji_beyond_the_basic_plane_have_a_valid_text_layer(pdf: bytes) -> None:
    """reportlab 5.1 wrote such characters as five hex digits, which readers reject."""
    text = PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    assert "📚" in text and "👍" in text


def test_script_fonts_are_embedded_as_subsets(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    names = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    for family in ("NotoSansArabic", "NotoSansHebrew", "NotoSansEthiopic", "DroidSansFallback",
                   "Symbola"):
        assert any(family in name and "+" in name for name in names), (family, names)


def test_arabic_is_joined_and_hebrew_runs_right_to_left() -> None:
    """Shaped Arabic is written as joined forms (not the isolated letters typed); Hebrew, which
    does not join, comes out reversed for drawing left to right."""
    base = fonts().regular
    [arabic] = [p for p in visual_line("مرحبا", base, "R") if p.text.strip()]
    assert arabic.text != "مرحبا"[::-1]
    assert unicodedata.normalize("NFKC", arabic.text) == "مرحبا"[::-1]
    [hebrew] = visual_line("שלום", base, "R")
    assert hebrew.text == "םולש"
    assert shape_rtl("بچه\u200cها", "LikvardigSans-Arabic").count("\u200c") == 1


def test_words_are_ordered_by_direction() -> None:
    """In a Swedish line the Arabic words run right to left; in an Arabic line a number keeps
    its digits in order."""
    base = fonts().regular
    line = "".join(p.text for p in visual_line("Svar: שלום עולם 12", base, "L"))
    assert line.startswith("Svar: ") and line.index("םלוע") < line.index("םולש")
    assert base_direction(SCRIPTS["arabic"]) == "R" and base_direction(MIXED) == "L"
    arabic = "".join(p.text for p in visual_line("عدد 123 طفل", base, "R"))
    assert "123" in arabic


def test_typed_control_characters_never_reach_the_pdf_properties() -> None:
    hostile = statement().model_copy(update={
        "title": "Titel\x1b[2J\x1b]0;pwned\x07 med\tflik\noch rad",
        "author": "Åsa\x00 Öberg\r\n", "subject": "KUN\x7f 2026/123",
        "keywords": ["jäm\x08likhet"]})
    meta = PdfReader(io.BytesIO(render_pdf(hostile))).metadata
    assert meta.title == "Titel[2J]0;pwned med flik och rad"
    assert meta.author == "Åsa Öberg" and meta.subject == "KUN 2026/123"
    assert meta["/Keywords"] == "jämlikhet"


def test_bold_text_in_another_script_is_set_in_its_bold_weight() -> None:
    """Headings and table heads are bold; a script with a bold font keeps that emphasis."""
    base = statement()
    titled = base.model_copy(update={"annex": [
        base.annex[0].model_copy(update={"title": SCRIPTS["arabic"]}), *base.annex[1:]]})
    reader = PdfReader(io.BytesIO(render_pdf(titled)))
    names = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("NotoSansArabic-Bold" in name for name in names), names
