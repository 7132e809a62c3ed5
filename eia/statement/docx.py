"""The statement as a Word document, for decision papers that officers edit and file in Word.

Structure is real Word structure, so the navigation pane, a table of contents and screen readers
work: headings use the built-in Heading styles (the summary and the annex under Heading 1, annex
sections under Heading 2 and 3), tables are Word tables with a bordered built-in style and a header
row marked to repeat on every page, lists use List Bullet, and charts are pictures with alt text
and a caption. User text goes in as runs only, never as markup, after removing the control
characters XML cannot hold.

Stamps: the DEMO stamps sit in the page header, so Word prints them on every page. The synthetic
stamp is a visible paragraph at the start of each synthetic section, not a header: Word's headers
belong to Word sections, and a Word section that follows a statement section's pages would need a
page break before and after every synthetic section; even then a section that shares a page with
its neighbour cannot be stamped on that page alone. The PDF stamps such pages exactly.
"""

from __future__ import annotations

import io
import string
from datetime import UTC, datetime
from xml.etree import ElementTree

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from eia.i18n import Lang
from eia.statement.chart_picture import chart_png
from eia.statement.drawings import ChartFonts, chart_drawings
from eia.statement.fingerprint import Token, find_token
from eia.statement.fonts import fonts
from eia.statement.model import (
    Block,
    Bullets,
    Chart,
    KeyValues,
    PageTexts,
    Paragraph,
    Section,
    Statement,
    Summary,
    Table,
)
from eia.statement.plain import clean, one_line
from eia.statement.scripts import base_direction

LANGUAGE_TAGS: dict[Lang, str] = {Lang.sv: "sv-SE", Lang.en: "en-GB"}
"""BCP 47 tags for Word's proofing language and the core `language` property."""

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN = Mm(25)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
"""A4 with 25 mm margins: Swedish decision papers are A4."""

TABLE_STYLE = "Table Grid"
"""Built-in, borders on every cell: readable when printed in black and white."""
HEADER_FILL = "D9D9D9"
INK = RGBColor(0x1F, 0x38, 0x64)
"""Dark blue for titles, headings and captions: contrast above 4.5:1 on white (WCAG AA)."""
NOTE_STYLE = "EIA Note"
WARNING_STYLE = "EIA Warning"
STAMP_STYLE = "EIA Stamp"
PROPERTY_LIMIT = 255


# --- Document set-up -----------------------------------------------------------------------------


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The first `tag` child of `parent`, made and appended if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _set_language(doc: WordDocument, tag: str) -> None:
    """Default proofing language for every run, so Word spell-checks Swedish as Swedish and
    screen readers pick the right voice."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), tag)
    settings = doc.settings.element
    proof = settings.find(qn("w:proofState"))
    if proof is not None:  # the template claims it was spell-checked clean; it was not
        settings.remove(proof)


def _box(style_element: BaseOxmlElement, line: str) -> None:
    """A border round the paragraph: a warning is marked by more than colour. Word joins
    neighbours with the same border into one box, so stamps and warnings differ in `line`."""
    ppr = style_element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), line)
        border.set(qn("w:sz"), "12")
        border.set(qn("w:space"), "4")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    # pBdr must come before spacing/ind/jc in pPr; python-docx's insert keeps schema order.
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                              "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                              "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                              "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")


def _add_styles(doc: WordDocument) -> None:
    """Named paragraph styles for notes, warnings and stamps, so an editor can restyle them."""
    styles = doc.styles
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.italic = True
    note.font.size = Pt(9.5)
    for name, line in ((WARNING_STYLE, "single"), (STAMP_STYLE, "double")):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.bold = True
        style.paragraph_format.keep_with_next = True
        _box(style.element, line)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        styles[name].font.color.rgb = INK  # the template's light blue fails WCAG contrast


def _page_setup(doc: WordDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _property(text: str) -> str:
    """python-docx refuses core property strings over 255 characters: shorten, marked '…'."""
    text = one_line(text)
    return text if len(text) <= PROPERTY_LIMIT else text[:PROPERTY_LIMIT - 1] + "…"


def _properties(doc: WordDocument, statement: Statement) -> None:
    """Core properties: what Word's File > Info, search and archives read. The token comes
    first in the comments so shortening never cuts it (`eia verify` reads it there too)."""
    props = doc.core_properties
    props.title = _property(statement.title)
    props.subject = _property(statement.subject)
    props.author = _property(statement.author)
    props.last_modified_by = _property(statement.author)
    props.keywords = _property(", ".join(statement.keywords))
    props.language = LANGUAGE_TAGS[statement.lang]
    if statement.fingerprint is not None:
        token = statement.fingerprint.token
        props.identifier = token
        props.comments = _property(f"{token}\n{statement.fingerprint.text}")
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0)
    props.created = props.modified = now  # the template's 2013 date would mislead


FINGERPRINT_PROPERTY = "EIAFingerprint"
"""The custom document property holding the token; `eia verify` reads it there and nowhere
else (the comments and the text are for people, and user text could imitate them)."""
CUSTOM_PROPERTIES = PackURI("/docProps/custom.xml")
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPERTY_FORMAT_ID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id Office gives every user-defined property."""


def _fingerprint_property(doc: WordDocument, token: str) -> None:
    """Word's File > Properties > Custom: the token as a text property."""
    root = ElementTree.Element(f"{{{_CUSTOM_NS}}}Properties")
    prop = ElementTree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_PROPERTY_FORMAT_ID,
                                  pid="2", name=FINGERPRINT_PROPERTY)
    ElementTree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = token
    ElementTree.register_namespace("", _CUSTOM_NS)
    ElementTree.register_namespace("vt", _VT_NS)
    blob = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
    package = doc.part.package
    part = Part(CUSTOM_PROPERTIES, CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def read_fingerprint(custom_xml: bytes) -> Token | None:
    """The token in the custom properties part, if the property holds exactly one."""
    root = ElementTree.fromstring(custom_xml)
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        if prop.get("name") == FINGERPRINT_PROPERTY:
            value = "".join(prop.itertext()).strip()
            token = find_token(value)
            return token if token is not None and str(token) == value else None
    return None


# --- Header and footer ---------------------------------------------------------------------------


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs; Word and
    LibreOffice recompute these in headers and footers when they lay out the pages."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       (None, None), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = "1"  # the cached result shown until the fields are updated


def _page_of(paragraph: WordParagraph, page_of: str) -> None:
    """'Sida {page} av {pages}' with {page} and {pages} as PAGE and NUMPAGES fields."""
    fields = {"page": "PAGE", "pages": "NUMPAGES"}
    for literal, name, _spec, _conv in string.Formatter().parse(page_of):
        if literal:
            paragraph.add_run(clean(literal))
        if name is not None:
            if name in fields:
                _field(paragraph, fields[name])
            else:
                paragraph.add_run(clean("{" + name + "}"))


def _header_footer(doc: WordDocument, statement: Statement) -> None:
    section = doc.sections[0]
    header = section.header
    title = header.paragraphs[0]
    title.add_run(clean(statement.title))
    for stamp in statement.page.stamps:
        header.add_paragraph(style=STAMP_STYLE).add_run(clean(stamp))
    _footer(section.footer.paragraphs[0], section.footer.add_paragraph(style="Footer"),
            statement.page)


def _footer(first: WordParagraph, second: WordParagraph, page: PageTexts) -> None:
    first.add_run(clean(page.footer))
    _page_of(second, page.page_of)


# --- Blocks --------------------------------------------------------------------------------------


_STYLE_IDS: dict[str, str] = {}
"""Style name to style id: every document starts from the same template and adds the same
styles, so the ids never change, and looking a style up by name searches the styles part
(a fifth of the rendering time when done for every paragraph)."""


def _style_id(doc: WordDocument, name: str) -> str:
    if name not in _STYLE_IDS:
        _STYLE_IDS[name] = doc.styles[name].style_id
    return _STYLE_IDS[name]


def _add(doc: WordDocument, style: str | None) -> WordParagraph:
    """A new paragraph in the named style (None: Normal)."""
    paragraph = doc.add_paragraph()
    if style is not None:
        paragraph._p.style = _style_id(doc, style)
    return paragraph


def _heading(doc: WordDocument, text: str, level: int) -> None:
    """A heading in Word's built-in Heading style (what the navigation pane lists)."""
    _add(doc, f"Heading {level}").add_run(clean(text))


def _right_to_left(paragraph: WordParagraph) -> None:
    """Word's paragraph direction (`w:bidi`): a text that starts in Arabic or Hebrew reads from
    the right, with its punctuation and numbers placed as a reader of that script expects."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:bidi"), "w:adjustRightInd", "w:snapToGrid",
                              "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                              "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _text(paragraph: WordParagraph, text: str, *, bold: bool = False) -> WordParagraph:
    if base_direction(text) == "R":
        _right_to_left(paragraph)
    text = clean(text)
    run = paragraph.add_run()
    if "\t" in text or "\n" in text:
        run.text = text  # python-docx writes tabs and breaks as their own elements
    else:
        run._r.add_t(text)  # one text element; setting `text` appends it letter by letter
    if bold:  # setting it to None on every run would search each run's properties for nothing
        run.bold = True
    return paragraph


def _cell(cell: _Cell, text: str, *, bold: bool = False) -> None:
    _text(cell.paragraphs[0], text, bold=bold)


def _shade(cell: _Cell, fill: str) -> None:
    """A grey header cell; the header is also bold, so it does not rely on the fill."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(table: WordTable) -> None:
    """Mark the first row as the header row (`w:tblHeader`): Word repeats it on every page and
    screen readers announce its cells as column headers."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _no_split(table: WordTable) -> None:
    """Rows do not break across pages, so a label never sits a page away from its value."""
    for row in table.rows:
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def _alt_text(table: WordTable, caption: str) -> None:
    """The caption as the table's alt text (`w:tblCaption`, last in tblPr by the schema)."""
    if caption:
        element = OxmlElement("w:tblCaption")
        element.set(qn("w:val"), clean(caption))
        table._tbl.tblPr.append(element)


def _widths(table: WordTable, weights: list[float] | None) -> None:
    """Relative widths spread over the text width; equal when missing or not one per column."""
    count = len(table.columns)
    if not weights or len(weights) != count or any(w <= 0 for w in weights):
        weights = [1.0] * count
    total = sum(weights)
    table.autofit = False
    widths = [Emu(int(TEXT_WIDTH * weight / total)) for weight in weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in _grid(table):
        for cell, width in zip(row, widths, strict=True):
            cell.width = width


def _new_table(doc: WordDocument, rows: int, cols: int) -> WordTable:
    table = doc.add_table(rows=rows, cols=cols)
    table._tbl.tblPr.style = _style_id(doc, TABLE_STYLE)
    return table


def _grid(table: WordTable) -> list[list[_Cell]]:
    """The table's cells by row and column, read once: python-docx's `table.cell(r, c)` walks
    the whole table on every call, which made long tables quadratic."""
    cells, count = table._cells, len(table.columns)
    return [cells[start:start + count] for start in range(0, len(cells), count)]


def _table(doc: WordDocument, block: Table) -> None:
    count = max([len(block.columns), *(len(row) for row in block.rows)])
    if count == 0:
        return
    if block.caption:
        caption = _add(doc, "Caption")
        _text(caption, block.caption)
        caption.paragraph_format.keep_with_next = True
    table = _new_table(doc, 1 + len(block.rows), count)
    grid = _grid(table)
    for index, name in enumerate(block.columns):
        _cell(grid[0][index], name, bold=True)
    for cell in grid[0]:
        _shade(cell, HEADER_FILL)
    for cells, row in zip(grid[1:], block.rows, strict=True):
        for cell, value in zip(cells, row, strict=False):
            _cell(cell, value)
    _repeat_header(table)
    _no_split(table)
    _widths(table, block.widths)
    _alt_text(table, block.caption)
    doc.add_paragraph()  # Word glues adjacent tables into one without a paragraph between


def _key_values(doc: WordDocument, block: KeyValues) -> None:
    """Two columns, labels bold; no header row: the labels are the row headers."""
    if not block.rows:
        return
    table = _new_table(doc, len(block.rows), 2)
    for (label_cell, value_cell), (label, value) in zip(_grid(table), block.rows, strict=True):
        _cell(label_cell, label, bold=True)
        _cell(value_cell, value)
    _no_split(table)
    _widths(table, [1, 2])
    doc.add_paragraph()


def _bullets(doc: WordDocument, block: Bullets) -> None:
    if block.caption:
        caption = _add(doc, "Caption")
        _text(caption, block.caption)
        caption.paragraph_format.keep_with_next = True
    for item in block.items:
        _text(_add(doc, "List Bullet"), item)


def _paragraph(doc: WordDocument, block: Paragraph) -> None:
    style = {"body": None, "note": NOTE_STYLE, "warning": WARNING_STYLE}[block.style]
    _text(_add(doc, style), block.text)


def picture(block: Chart, lang: Lang) -> bytes | None:
    """The chart as the PDF draws it, as a PNG at the text width; None for no figures."""
    f = fonts()
    drawings = chart_drawings(block.chart, block.figures, lang, TEXT_WIDTH.pt,
                              ChartFonts(regular=f.regular, bold=f.bold, italic=f.italic))
    return chart_png(drawings, f.family) if drawings else None


def chart_pngs(statement: Statement) -> dict[int, bytes | None]:
    """Every chart's picture by the id of its block (the benchmark's floor has them made)."""
    return {id(block): picture(block, statement.lang) for section in statement.annex
            for block in section.blocks if isinstance(block, Chart)}


def _chart(doc: WordDocument, block: Chart, lang: Lang) -> None:
    """Title, the chart as a PNG with the description as its alt text, the description as a
    caption. A chart without figures is only its words."""
    title = _text(doc.add_paragraph(), block.title, bold=True)
    title.paragraph_format.keep_with_next = True
    png = picture(block, lang)
    if png is not None:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=TEXT_WIDTH)
        shape._inline.docPr.set("descr", clean(block.description))
        shape._inline.docPr.set("title", clean(block.title))
    _text(_add(doc, "Caption"), block.description)


def _block(doc: WordDocument, block: Block, lang: Lang) -> None:
    match block:
        case Paragraph():
            _paragraph(doc, block)
        case Bullets():
            _bullets(doc, block)
        case KeyValues():
            _key_values(doc, block)
        case Table():
            _table(doc, block)
        case Chart():
            _chart(doc, block, lang)


# --- Summary and annex ---------------------------------------------------------------------------


def _summary(doc: WordDocument, summary: Summary, page: PageTexts) -> None:
    _heading(doc, summary.heading, 1)
    if summary.synthetic:
        _text(_add(doc, STAMP_STYLE), page.synthetic_stamp)
    _key_values(doc, summary.decision)
    _table(doc, summary.outcome)
    _text(doc.add_paragraph(), summary.outcome_note)
    _table(doc, summary.grounds)
    _table(doc, summary.actions)
    _bullets(doc, summary.evidence_gaps)
    _bullets(doc, summary.flags)
    for line in summary.more:
        _text(_add(doc, NOTE_STYLE), line)


def _section(doc: WordDocument, section: Section, page: PageTexts, lang: Lang) -> None:
    """Annex sections sit one level under the annex heading (Heading 2 and 3)."""
    _heading(doc, section.title, section.level + 1)
    if section.synthetic:
        _text(_add(doc, STAMP_STYLE), page.synthetic_stamp)
    for block in section.blocks:
        _block(doc, block, lang)


def _closing(doc: WordDocument, statement: Statement) -> None:
    """The fingerprint in the text as well as the properties, so a printout can be checked."""
    fp = statement.fingerprint
    _text(_add(doc, NOTE_STYLE), statement.page.footer)
    if fp is None:
        return
    _text(_add(doc, NOTE_STYLE), fp.text)
    token = fp.token
    if token not in fp.text:
        _text(_add(doc, NOTE_STYLE), token)
    if fp.command:
        _text(_add(doc, NOTE_STYLE), fp.command)


def build_document(statement: Statement) -> WordDocument:
    """The python-docx document, for callers that want to add to it before saving."""
    doc = Document()
    _page_setup(doc)
    _set_language(doc, LANGUAGE_TAGS[statement.lang])
    _add_styles(doc)
    _properties(doc, statement)
    if statement.fingerprint is not None:
        _fingerprint_property(doc, statement.fingerprint.token)
    _header_footer(doc, statement)
    _text(_add(doc, "Title"), statement.title)
    for stamp in statement.page.stamps:
        _text(_add(doc, STAMP_STYLE), stamp)
    _summary(doc, statement.summary, statement.page)
    doc.add_page_break()
    _heading(doc, statement.page.annex_heading, 1)
    for section in statement.annex:
        _section(doc, section, statement.page, statement.lang)
    _closing(doc, statement)
    return doc


def render_docx(statement: Statement) -> bytes:
    """The statement as .docx bytes (not byte-identical across runs: zip times, dates)."""
    buffer = io.BytesIO()
    build_document(statement).save(buffer)
    return buffer.getvalue()
