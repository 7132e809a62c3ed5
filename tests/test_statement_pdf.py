"""The PDF statement, read back with pypdf: page one holds the whole summary and nothing else,
user text prints literally, every page carries its stamps and 'page x of y', the synthetic stamp
lands on exactly the pages of synthetic sections, and the document properties, language,
bookmarks and embedded fonts are there. Same Statement, same bytes: `eia verify` relies on it.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from eia.i18n import Lang
from eia.statement import pdf as pdf_module
from eia.statement.fingerprint import PDF_KEY, Token, find_token
from eia.statement.fonts import font_files
from eia.statement.model import (
    Bullets,
    Chart,
    KeyValues,
    Paragraph,
    Section,
    Statement,
    Table,
)
from eia.statement.pdf import (
    MARGIN_X,
    PAGE_W,
    column_widths,
    markup,
    render_pdf,
)
from tests.statement_samples import (
    ASSESSMENT_ID,
    GROUNDS_EN,
    GROUNDS_SV,
    HOSTILE,
    LEVELS_EN,
    LEVELS_SV,
    LONG_WORD,
    REVISION,
    SAMI,
    SHA,
    SWEDISH,
    URL,
    crowded,
    english,
    minimal,
    statement,
    swedish,
    synthetic_figures,
)

TOKEN = f"{ASSESSMENT_ID}@{REVISION}:{SHA}"


# --- Reading back --------------------------------------------------------------------------------


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Whitespace folded to single spaces, so a cell wrapped over two lines still matches."""
    return " ".join(text.split())


def joined(text: str) -> str:
    """Line breaks removed, so a word split across lines reads whole again."""
    return text.replace("\n", "")


def outline_entries(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) for every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def synthetic_section(title: str, blocks: list[Any]) -> Section:
    return Section(id="synthetic", title=title, synthetic=True, blocks=blocks)


@pytest.fixture(scope="module")
def sv() -> Statement:
    return swedish()


@pytest.fixture(scope="module")
def sv_pdf(sv: Statement) -> bytes:
    return render_pdf(sv)


@pytest.fixture(scope="module")
def sv_pages(sv_pdf: bytes) -> list[str]:
    return page_texts(read(sv_pdf))


@pytest.fixture(scope="module")
def en() -> Statement:
    return english()


@pytest.fixture(scope="module")
def en_pdf(en: Statement) -> bytes:
    return render_pdf(en)


@pytest.fixture(scope="module")
def en_pages(en_pdf: bytes) -> list[str]:
    return page_texts(read(en_pdf))


# --- Page one: the summary, all of it, and only it -----------------------------------------------


def summary_words(s: Statement) -> Iterator[str]:
    summary = s.summary
    yield summary.heading
    yield from (value for row in summary.decision.rows for value in row)
    yield from (row[0] for row in summary.outcome.rows)
    yield summary.outcome_note
    yield from (cell for row in summary.grounds.rows for cell in row)
    yield from (row[1] for row in summary.actions.rows)
    yield from summary.evidence_gaps.items
    yield from summary.flags.items
    yield from summary.more


@pytest.mark.parametrize("lang", [Lang.sv, Lang.en])
def test_page_one_holds_the_whole_summary(lang: Lang, sv: Statement, sv_pages: list[str],
                                          en: Statement, en_pages: list[str]) -> None:
    s, pages = (sv, sv_pages) if lang is Lang.sv else (en, en_pages)
    one = flat(pages[0])
    missing = [word for word in summary_words(s) if flat(word) not in one]
    assert missing == []
    grounds, levels = (GROUNDS_SV, LEVELS_SV) if lang is Lang.sv else (GROUNDS_EN, LEVELS_EN)
    assert all(g in one for g in grounds) and all(level in one for level in levels)
    assert "Ändrade öppettider på Stadsbiblioteket" in one or "City Library" in one
    assert "KUN 2026/123" in one


def test_page_two_starts_the_annex_and_nothing_of_the_summary_spills(
        sv: Statement, sv_pages: list[str]) -> None:
    assert sv_pages[1].lstrip().startswith(sv.page.annex_heading)
    assert sv.summary.flags.items[-1] in sv_pages[0]
    for word in (sv.summary.flags.items[-1], sv.summary.outcome_note,
                 sv.summary.evidence_gaps.items[-1]):
        assert all(word not in page for page in sv_pages[1:])
    assert sv.annex[0].title not in sv_pages[0]


def test_a_crowded_summary_still_fits_page_one_with_its_more_lines() -> None:
    s = crowded()
    pages = page_texts(read(render_pdf(s)))
    one = flat(pages[0])
    assert all(flat(line) in one for line in s.summary.more)
    assert s.summary.flags.items[0] in one and s.summary.actions.rows[0][1] in one
    assert "(+" in one  # what was cut is counted, never silently dropped
    assert pages[1].lstrip().startswith(s.page.annex_heading)
    assert all(item not in page for page in pages[1:] for item in s.summary.flags.items)


def test_a_summary_that_needs_less_room_is_not_squeezed(sv: Statement) -> None:
    fit, _ = pdf_module.fit_summary(sv.summary)
    assert fit == pdf_module.Fit(pdf_module.SUMMARY_SIZES[0])
    squeezed, _ = pdf_module.fit_summary(crowded().summary)
    assert squeezed.size < fit.size


def test_a_statement_without_an_annex_is_one_page() -> None:
    reader = read(render_pdf(minimal()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Page 1 of 1" in text and "DEMO" not in text


# --- User text -----------------------------------------------------------------------------------


def test_hostile_text_prints_literally(sv_pages: list[str]) -> None:
    text = "\n".join(sv_pages)
    assert HOSTILE in text
    assert f"2026-09-15: {HOSTILE}" in text


def test_markup_escapes_everything_a_user_can_type() -> None:
    assert markup("<b>&amp;</b>\nx\x00") == "&lt;b&gt;&amp;amp;&lt;/b&gt;<br/>x"


def test_long_words_and_urls_wrap_without_losing_a_letter(sv_pages: list[str]) -> None:
    text = "\n".join(sv_pages)
    assert LONG_WORD not in text  # it had to be broken over lines ...
    assert LONG_WORD in joined(text)  # ... and every letter is still there
    assert URL in joined(text)


def test_swedish_and_sami_letters_survive(sv_pages: list[str]) -> None:
    text = "\n".join(sv_pages)
    assert SWEDISH in text
    assert SAMI in text
    assert "Kulturnämnden" in sv_pages[0]


def test_extreme_content_never_raises_a_layout_error() -> None:
    """Text no one should type, in every place it can go; the layout must still come out."""
    huge = ("ord " * 600).strip()
    blocks = [
        Table(columns=[f"K{i}" for i in range(30)], rows=[[LONG_WORD] * 30]),
        Table(columns=["a", "b"], rows=[[huge, LONG_WORD * 3]], widths=[0.0001, 100]),
        Table(columns=[], rows=[]),
        Table(columns=["x"], rows=[["1", "2", "3"], []]),
        KeyValues(rows=[(LONG_WORD, huge)]),
        Paragraph(text=huge, style="warning"),
        Bullets(items=[]),
        Chart(chart="bars", title="tom", figures=[], description=""),
    ]
    base = statement(annex=[Section(id="x", title=LONG_WORD, blocks=blocks),
                            Section(id="y", title="", level=2, synthetic=True)])
    summary = base.summary.model_copy(update={
        "heading": huge, "outcome_note": huge, "more": [huge] * 3,
        "decision": KeyValues(rows=[(huge, huge)] * 6),
    })
    s = base.model_copy(update={"title": LONG_WORD * 2, "summary": summary})
    reader = read(render_pdf(s))
    assert len(reader.pages) > 2
    assert reader.pages[1].extract_text().lstrip().startswith(s.page.annex_heading)


def test_column_widths_keep_every_column_usable() -> None:
    widths = column_widths([0.0001, 100], 2, 400)
    assert sum(widths) == pytest.approx(400)
    assert min(widths) >= pdf_module.MIN_COLUMN - 1e-6
    assert column_widths(None, 4, 400) == [100, 100, 100, 100]
    assert column_widths([1, 1], 3, 300) == [100, 100, 100]


# --- Every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [Lang.sv, Lang.en])
def test_every_page_says_page_x_of_y_and_carries_the_demo_stamp(
        lang: Lang, sv: Statement, sv_pages: list[str], en: Statement,
        en_pages: list[str]) -> None:
    s, pages = (sv, sv_pages) if lang is Lang.sv else (en, en_pages)
    n = len(pages)
    assert n > 3
    for i, text in enumerate(pages, start=1):
        assert s.page.page_of.format(page=i, pages=n) in text
        assert all(stamp in text for stamp in s.page.stamps)
        assert s.page.footer in text


def test_the_running_header_names_the_statement(sv: Statement, sv_pages: list[str]) -> None:
    assert all(sv.title[:30] in page for page in sv_pages)
    assert sv.summary.heading in sv_pages[0]
    assert all(sv.page.annex_heading in page for page in sv_pages[1:])


def pages_between(pages: list[str], first: str, last: str) -> set[int]:
    start = next(i for i, p in enumerate(pages, 1) if first in p)
    end = next(i for i, p in enumerate(pages, 1) if last in joined(p) or last in flat(p))
    return set(range(start, end + 1))


@pytest.mark.parametrize("lang", [Lang.sv, Lang.en])
def test_the_synthetic_stamp_is_on_exactly_the_synthetic_pages(
        lang: Lang, sv: Statement, sv_pages: list[str], en: Statement,
        en_pages: list[str]) -> None:
    s, pages = (sv, sv_pages) if lang is Lang.sv else (en, en_pages)
    section = next(sec for sec in s.annex if sec.synthetic)
    last = section.blocks[-1]
    assert isinstance(last, Chart)
    expected = pages_between(pages, section.title, flat(last.description)[:40])
    stamped = {i for i, p in enumerate(pages, 1) if s.page.synthetic_stamp in p}
    assert stamped == expected
    assert 1 not in stamped and len(stamped) < len(pages)


def test_a_long_synthetic_section_stamps_every_page_it_spans() -> None:
    rows = [[f"Rad {i}", "Påhittad siffra " * 8] for i in range(120)]
    annex = [
        Section(id="before", title="Före", blocks=[Paragraph(text="Verkliga uppgifter.")]),
        synthetic_section("Syntetisk tabell", [Table(columns=["Nr", "Värde"], rows=rows),
                                               Paragraph(text="Slut på syntetiskt avsnitt.")]),
        Section(id="after", title="Efter", blocks=[
            Table(columns=["Nr", "Text"], rows=[[str(i), "Verklig uppgift"] for i in range(90)]),
        ]),
    ]
    s = statement(annex=annex)
    pages = page_texts(read(render_pdf(s)))
    expected = pages_between(pages, "Syntetisk tabell", "Slut på syntetiskt avsnitt.")
    assert len(expected) >= 3
    stamped = {i for i, p in enumerate(pages, 1) if s.page.synthetic_stamp in p}
    assert stamped == expected
    assert 1 not in stamped
    assert len(pages) > max(expected)  # the real section after it runs on, unstamped


def test_a_synthetic_section_that_starts_a_page_does_not_stamp_the_page_before() -> None:
    filler = Table(columns=["Nr", "Text"], rows=[[str(i), "Verklig uppgift"] for i in range(60)])
    chart = Chart(chart="bars", title="Syntetiskt diagram", figures=synthetic_figures(),
                  description="Påhittade sysselsättningssiffror.")
    annex = [Section(id="real", title="Verkligt", blocks=[filler]),
             synthetic_section("Syntetiskt", [chart])]
    s = statement(annex=annex)
    pages = page_texts(read(render_pdf(s)))
    stamped = {i for i, p in enumerate(pages, 1) if s.page.synthetic_stamp in p}
    assert stamped == pages_between(pages, "Syntetiskt", "Påhittade")
    assert all("Syntetiskt" not in pages[i - 1] for i in set(range(1, len(pages) + 1)) - stamped)


# --- Document properties -------------------------------------------------------------------------


def test_metadata_and_fingerprint(sv: Statement, sv_pdf: bytes) -> None:
    meta = read(sv_pdf).metadata
    assert meta is not None
    assert meta.title == sv.title
    assert meta.author == sv.author
    assert meta.subject == sv.subject
    assert all(k in (meta.get("/Keywords") or "") for k in sv.keywords)
    assert "Likvärdig" in (meta.producer or "") and "Likvärdig" in (meta.creator or "")
    assert meta[PDF_KEY] == TOKEN
    assert find_token(str(meta[PDF_KEY])) == Token(assessment_id=ASSESSMENT_ID,
                                                   revision=REVISION, sha256=SHA)


@pytest.mark.parametrize(("lang", "tag"), [(Lang.sv, "sv-SE"), (Lang.en, "en-GB")])
def test_the_catalog_names_the_language(lang: Lang, tag: str, sv_pdf: bytes,
                                        en_pdf: bytes) -> None:
    reader = read(sv_pdf if lang is Lang.sv else en_pdf)
    assert reader.trailer["/Root"]["/Lang"] == tag


def test_bookmarks_cover_the_summary_and_every_section(sv: Statement, sv_pdf: bytes) -> None:
    entries = outline_entries(read(sv_pdf))
    titles = [title for _, title, _ in entries]
    assert titles[0] == sv.summary.heading and entries[0][2] == 1
    assert sv.page.annex_heading in titles
    for section in sv.annex:
        assert section.title in titles
    depth = {title: d for d, title, _ in entries}
    for section in sv.annex:
        assert depth[section.title] == section.level  # under the annex heading, level 2 deeper
    assert all(page >= 2 for _, title, page in entries if title != sv.summary.heading)


def test_fonts_are_embedded_truetype(sv_pdf: bytes) -> None:
    seen = set()
    for page in read(sv_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
            seen.add(font["/BaseFont"])
    assert len(seen) >= 2  # regular and bold at least


@pytest.mark.parametrize("dejavu", [True, False])
def test_the_font_choice_covers_swedish_either_way(dejavu: bool, tmp_path: Path) -> None:
    family, files = font_files() if dejavu else font_files(tmp_path / "no-fonts-here")
    assert family == ("DejaVu Sans" if dejavu else "Bitstream Vera Sans")  # scripts/setup
    assert set(files) == {"regular", "bold", "italic", "bold_italic"}
    for path in files.values():
        face = TTFont(f"probe-{path.stem}", str(path)).face
        assert all(ord(ch) in face.charToGlyph for ch in "ÅÄÖåäöÉé–")
    if dejavu:
        assert all(ord(ch) in face.charToGlyph for ch in "ŋšžčđŧ")


def test_same_statement_same_bytes(sv: Statement, sv_pdf: bytes) -> None:
    render_pdf(english())  # another document in between shares the registered fonts
    assert render_pdf(sv) == sv_pdf
    meta = read(sv_pdf).metadata
    assert meta is not None and str(meta["/CreationDate"]).startswith("D:2000")  # no real date


# --- A real renderer -----------------------------------------------------------------------------

def rasterise(pdf: bytes, tmp_path: Path, dpi: int, *args: str) -> list[Path]:
    source = tmp_path / "statement.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *args, str(source),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=120)
    return sorted(tmp_path.glob("page-*.png"))


def test_poppler_renders_page_one(sv_pdf: bytes, tmp_path: Path) -> None:
    [png] = rasterise(sv_pdf, tmp_path, 50, "-f", "1", "-l", "1")
    with PILImage.open(png) as image:
        width, height = image.size
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
    assert height / width == pytest.approx(297 / 210, rel=0.02)
    assert dark > 0.01 * width * height  # there is text on it, not a blank page


def test_nothing_overflows_into_the_right_margin(sv_pdf: bytes, tmp_path: Path) -> None:
    """Long words, URLs and wide tables must stay inside the text frame: the strip of margin to
    its right is blank on every page, as a real renderer draws it."""
    dpi = 50
    right = (PAGE_W - MARGIN_X + 3) * dpi / 72
    for png in rasterise(sv_pdf, tmp_path, dpi, "-gray"):
        with PILImage.open(png) as image:
            strip = image.convert("L").crop((int(right) + 1, 0, *image.size))
            assert strip.getextrema()[0] > 200, png.name


VERA_SCRIPT = """
import sys
from pathlib import Path
import eia.statement.pdf as pdf
from tests.statement_samples import swedish
import eia.statement.fonts as fonts
fonts.DEJAVU_DIR = Path("/nonexistent")
assert pdf.fonts().family == "Bitstream Vera Sans"
sys.stdout.buffer.write(pdf.render_pdf(swedish()))
"""


def test_without_dejavu_the_bundled_vera_fonts_serve(sv: Statement) -> None:
    """A machine without Debian's fonts still gets an embedded TrueType font with Swedish
    letters (run in a fresh process: fonts are registered once per process)."""
    done = subprocess.run([sys.executable, "-c", VERA_SCRIPT], capture_output=True, check=True,
                          cwd=Path(__file__).parent.parent, timeout=300)
    reader = read(done.stdout)
    fonts = {f.get_object()["/BaseFont"] for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("Vera" in str(name) for name in fonts)
    # Characters Vera lacks (e.g. '≥') come from a script font, never as empty boxes.
    assert all("Vera" in str(name) or "Symbola" in str(name) for name in fonts)
    pages = page_texts(reader)
    assert SWEDISH in "\n".join(pages)
    assert sv.summary.flags.items[-1] in pages[0]
    assert pages[1].lstrip().startswith(sv.page.annex_heading)


def test_list_captions_are_printed_on_page_one_and_in_the_annex() -> None:
    base = statement(annex=[Section(id="log", title="Logg", blocks=[
        Bullets(items=["2026-09-02: Samråd"], caption="Samrådstillfällen")])])
    gaps, flags = base.summary.evidence_gaps, base.summary.flags
    summary = base.summary.model_copy(update={
        "evidence_gaps": gaps.model_copy(update={"caption": "Kunskapsluckor"}),
        "flags": flags.model_copy(update={"caption": "Att uppmärksamma"}),
    })
    pages = page_texts(read(render_pdf(base.model_copy(update={"summary": summary}))))
    assert "Kunskapsluckor" in pages[0] and "Att uppmärksamma" in pages[0]
    assert "Samrådstillfällen\n• 2026-09-02: Samråd" in pages[1]


def test_page_one_is_stamped_when_the_summary_rests_on_synthetic_figures() -> None:
    """A worse-off flag read synthetic figures: page one uses them, so it carries the stamp."""
    plain = statement(annex=[])
    rested = plain.model_copy(update={"summary": plain.summary.model_copy(
        update={"synthetic": True})})
    assert plain.page.synthetic_stamp not in page_texts(read(render_pdf(plain)))[0]
    assert plain.page.synthetic_stamp in page_texts(read(render_pdf(rested)))[0]
