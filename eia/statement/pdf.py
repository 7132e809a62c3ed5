"""The PDF statement: a one-page summary for the committee, then the annex.

It only reads the `Statement` model: every word is already in the statement's language, and every
string is plain text that is escaped here, so a user's `<b>` or `&` prints as typed. Page one is
the summary and nothing else, whatever its length: fonts step down, then cells are clipped, then
list rows are cut (with a count of what was cut), so it never spills onto page two. Stamps (DEMO,
synthetic data) are printed by the page template, never by the content, so no page can lose them.
The same Statement gives the same bytes (`invariant=1`, no dates), which `eia verify` relies on.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from eia import __version__
from eia.i18n import Lang
from eia.statement import model as m
from eia.statement.drawings import ChartFonts, chart_drawings
from eia.statement.fingerprint import PDF_KEY
from eia.statement.fonts import fonts
from eia.statement.plain import clean, one_line
from eia.statement.scripts import (
    ScriptParagraph,
    base_direction,
    needs_scripts,
    visual_line,
    width_of,
)

rl_config.useA85 = 0
"""Store images as binary, not ASCII85 text: reportlab encodes ASCII85 in pure Python, which
took a third of a statement's rendering time; a 7-bit-clean PDF is needed by no reader today."""

# --- Page geometry -------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_TOP = PAGE_H - 22 * mm
FRAME_BOTTOM = 18 * mm
FRAME_H = FRAME_TOP - FRAME_BOTTOM
STAMP_TOP = PAGE_H - 7 * mm
STAMP_H = 14.0
HEADER_BASELINE = PAGE_H - 16.5 * mm
FOOTER_BASELINE = 10 * mm

LANG_TAG = {Lang.sv: "sv-SE", Lang.en: "en-GB"}
CREATOR = f"Likvärdig {__version__}"
PRODUCER = f"Likvärdig {__version__} (ReportLab {reportlab.Version})"

INK = colors.black
MUTED = colors.HexColor("#3A3A3A")
RULE = colors.HexColor("#8C8C8C")
HEADER_FILL = colors.HexColor("#E4E4E4")
ZEBRA = colors.HexColor("#F5F5F5")
STAMP_FILL = colors.HexColor("#FFF1C2")
SYNTHETIC_FILL = colors.HexColor("#FBE3D6")
SYNTHETIC_EDGE = colors.HexColor("#D55E00")
WARNING_FILL = colors.HexColor("#FFF6E0")

SUMMARY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)
"""Body sizes tried in turn until the summary fits page one."""
SUMMARY_LIMITS = (240, 160, 100)
"""Then, at the smallest size, characters kept per cell or list item (the rest becomes '…')."""
SUMMARY_CAP = 600
"""Characters kept per summary cell or item at any size: more could never fit one page, and
measuring a novel-length cell at every step would only cost time."""
ELLIPSIS = "…"

# --- Text ----------------------------------------------------------------------------------------

def markup(text: str) -> str:
    """Plain user text as Paragraph markup: escaped, so it prints literally; line breaks kept."""
    return escape(clean(text).replace("\t", " ")).replace("\n", "<br/>")


def clip(text: str, limit: int | None) -> str:
    """At most `limit` characters, the last being '…' when anything was cut."""
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def fit_width(text: str, font: str, size: float, width: float) -> str:
    """The longest prefix (with '…') that fits `width` points on one line."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


# --- Styles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """Every paragraph style at one body size, so the summary can step the size down as a whole."""

    size: float
    body: ParagraphStyle
    note: ParagraphStyle
    warning: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    caption: ParagraphStyle
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    annex: ParagraphStyle


@functools.cache
def styles(size: float) -> Styles:
    f = fonts()
    lead = size * 1.28

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = dict(fontName=f.regular, bulletFontName=f.regular,
                                    fontSize=size, leading=lead,
                                    textColor=INK, alignment=TA_LEFT, splitLongWords=1,
                                    spaceAfter=size * 0.45,
                                    uriWasteReduce=0)  # 0.3 let URLs overflow cells (reportlab 5.1)
        base.update(kw)
        return ParagraphStyle(f"{name}-{size}", **base)

    small = size * 0.88
    return Styles(
        size=size,
        body=style("body"),
        note=style("note", fontName=f.italic, fontSize=small, leading=small * 1.28,
                   textColor=MUTED),
        warning=style("warning", fontName=f.bold, backColor=WARNING_FILL, borderColor=INK,
                      borderWidth=0.8, borderPadding=(4, 5, 4, 5), leftIndent=5, rightIndent=5,
                      spaceBefore=6, spaceAfter=size * 0.9),
        bullet=style("bullet", leftIndent=size * 1.3, bulletIndent=size * 0.2,
                     spaceAfter=size * 0.2),
        cell=style("cell", fontSize=size * 0.92, leading=size * 0.92 * 1.22, spaceAfter=0),
        cell_bold=style("cell-bold", fontName=f.bold, fontSize=size * 0.92,
                        leading=size * 0.92 * 1.22, spaceAfter=0),
        caption=style("caption", fontName=f.bold, fontSize=small, leading=small * 1.25,
                      spaceBefore=size * 0.3, spaceAfter=size * 0.3),
        title=style("title", fontName=f.bold, fontSize=size * 1.55, leading=size * 1.85,
                    spaceAfter=size * 0.5),
        h1=style("h1", fontName=f.bold, fontSize=size * 1.35, leading=size * 1.65,
                 spaceBefore=size * 1.2, spaceAfter=size * 0.5),
        h2=style("h2", fontName=f.bold, fontSize=size * 1.12, leading=size * 1.4,
                 spaceBefore=size * 0.9, spaceAfter=size * 0.4),
        annex=style("annex", fontName=f.bold, fontSize=size * 1.7, leading=size * 2.0,
                    spaceAfter=size * 0.6),
    )


def para(text: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """User or content text as a paragraph; text beyond the body font's Latin goes through
    `scripts` (fonts per script, shaping, right-to-left order)."""
    plain = clean(text).replace("\t", " ")
    if needs_scripts(plain, style.fontName):
        return ScriptParagraph(plain, style, **kw)
    return Paragraph(markup(text), style, **kw)


def draw_line(canv: Canvas, x: float, y: float, text: str, font: str, size: float, *,
              right: bool = False) -> None:
    """One line of text at (x, y), right-aligned to x if `right`, in every script."""
    if not needs_scripts(text, font):
        canv.setFont(font, size)
        (canv.drawRightString if right else canv.drawString)(x, y, text)
        return
    pieces = visual_line(text, font, base_direction(text))
    if right:
        x -= width_of(pieces, size)
    for piece in pieces:
        canv.setFont(piece.font, size)
        canv.drawString(x, y, piece.text)
        x += pdfmetrics.stringWidth(piece.text, piece.font, size)


# --- Layout state --------------------------------------------------------------------------------


@dataclass
class Layout:
    """What one build learns while laying out: which section is being printed and the pages on
    which synthetic content landed (for the stamp), plus the outline's depth so far."""

    synthetic: bool = False
    synthetic_pages: set[int] = field(default_factory=set)
    outline_level: int = -1


class Anchor(Flowable):
    """A zero-size mark placed just before a heading: it opens a bookmark there and tells the
    layout which section (synthetic or not) the following content belongs to."""

    def __init__(self, layout: Layout, key: str, title: str, level: int, synthetic: bool) -> None:
        super().__init__()
        self.layout, self.key, self.title = layout, key, title
        self.level, self.synthetic = level, synthetic

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        level = min(self.level, self.layout.outline_level + 1)
        self.layout.outline_level = level
        self.layout.synthetic = self.synthetic
        self.canv.bookmarkHorizontal(self.key, 0, 4)
        self.canv.addOutlineEntry(one_line(self.title) or "–", self.key, level=level)


# --- Blocks --------------------------------------------------------------------------------------


MIN_COLUMN = 30.0
"""No column narrower than this (or than an equal share, for very wide tables), so a cell
always has room for a few letters after its padding."""


def column_widths(relative: Sequence[float] | None, count: int, total: float,
                  floors: Sequence[float] | None = None) -> list[float]:
    """Absolute widths from relative ones. A column narrower than its floor (the minimum, or
    what its longest word needs) is widened; the others give up the difference in proportion
    to what they have above their own floors."""
    if not relative or len(relative) != count or any(not w > 0 for w in relative):
        relative = [1.0] * count
    base = min(MIN_COLUMN, total / count)
    floor = [max(base, f) for f in floors] if floors and len(floors) == count else [base] * count
    if sum(floor) > total:  # every word cannot fit whole: share the width by need
        floor = [f * total / sum(floor) for f in floor]
    widths = [w * total / sum(relative) for w in relative]
    for _ in range(count):
        short = [w < f - 1e-9 for w, f in zip(widths, floor, strict=True)]
        owed = sum(f - w for w, f, s in zip(widths, floor, short, strict=True) if s)
        spare = sum(w - f for w, f, s in zip(widths, floor, short, strict=True) if not s)
        if not owed or spare <= 0:
            break
        widths = [f if s else w - (w - f) * min(owed / spare, 1.0)
                  for w, f, s in zip(widths, floor, short, strict=True)]
    return widths


def word_floor(texts: Sequence[str], font: str, size: float, cap: float) -> float:
    """The width of the longest word among `texts` (so it need not break mid-word), at most
    `cap`: longer words, URLs and codes still break."""
    longest = max((pdfmetrics.stringWidth(word, font, size)
                   for text in texts for word in text.split()), default=0.0)
    return min(longest, cap)


def _row(cells: Sequence[str], count: int) -> list[str]:
    """Exactly `count` cells: short rows padded, extra cells joined into the last one."""
    cells = list(cells)
    if len(cells) > count:
        cells = [*cells[:count - 1], " · ".join(cells[count - 1:])]
    return cells + [""] * (count - len(cells))


def _floors(head: Sequence[str] | None, body: Sequence[Sequence[str]], st: Styles, count: int,
            width: float, *, first_bold: bool) -> list[float]:
    """Per column: its longest word (header in bold) plus the cell padding."""
    f, size = fonts(), st.cell.fontSize
    padding = 2 * (max(st.size * 0.3, 2) + 1) + 1
    floors = []
    for i in range(count):
        font = f.bold if first_bold and i == 0 else f.regular
        need = word_floor([row[i] for row in body], font, size, width * 0.3)
        if head is not None:
            need = max(need, word_floor([head[i]], f.bold, size, width * 0.3))
        floors.append(need + padding)
    return floors


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], st: Styles, *,
          widths: Sequence[float] | None = None, width: float = FRAME_W,
          limit: int | None = None, header: bool = True, first_bold: bool = False) -> RLTable:
    """A wrapped-cell table; the header row repeats on every page it spans."""
    count = max(len(columns), max((len(r) for r in rows), default=0), 1)
    head = [clip(c, limit) for c in _row(columns, count)] if header else None
    body = [[clip(c, limit) for c in _row(row, count)] for row in rows]
    if head is None and not body:
        body = [[""] * count]
    widths = column_widths(widths, count, width,
                           _floors(head, body, st, count, width, first_bold=first_bold))
    data: list[list[Paragraph]] = []
    if head is not None:
        data.append([para(c, st.cell_bold) for c in head])
    for row in body:
        data.append([para(c, st.cell_bold if first_bold and i == 0 else st.cell)
                     for i, c in enumerate(row)])
    pad = min(max(st.size * 0.3, 2), min(widths) / 8)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad + 1),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
    ]
    start = 1 if header else 0
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK)]
    if len(data) > start + 2:
        commands.append(("ROWBACKGROUNDS", (0, start), (-1, -1), [colors.white, ZEBRA]))
    return StatementTable(data, commands, colWidths=widths, repeatRows=1 if header else 0,
                          splitInRow=1, hAlign="LEFT")


class StatementTable(RLTable):
    """A table that can give its first rows as a table of their own, so the layout can measure
    the start of a long table without laying all of it out twice."""

    def __init__(self, data: list[list[Paragraph]],
                 commands: list[tuple[Any, ...]] | None = None, **kw: Any) -> None:
        """`commands`: the table style; None for the parts reportlab makes when it splits a
        table (they carry their cell styles already)."""
        if commands is not None:
            kw["style"] = TableStyle(commands)
        super().__init__(data, **kw)
        self.commands, self.options = commands or [], kw

    def first_rows(self, count: int) -> RLTable:
        if len(self._cellvalues) <= count:
            return self
        options = {k: v for k, v in self.options.items() if k != "style"}
        return RLTable(self._cellvalues[:count], style=TableStyle(self.commands), **options)


def key_values(rows: Sequence[tuple[str, str]], st: Styles, *, limit: int | None = None,
               width: float = FRAME_W) -> RLTable:
    return table([], [list(r) for r in rows], st, widths=[1, 2.6], width=width, limit=limit,
                 header=False, first_bold=True)


def bullets(items: Sequence[str], st: Styles, *, limit: int | None = None) -> list[Flowable]:
    return [para(clip(item, limit), st.bullet, bulletText="•") for item in items]


def chart(block: m.Chart, st: Styles, lang: Lang) -> list[Flowable]:
    """The chart as vector drawings (one per indicator) and, under it, its title and
    description as text, so nothing the chart says is only in the picture."""
    f = fonts()
    caption = Paragraph(f'<font name="{f.bold}">{markup(block.title)}</font>'
                        + (f" – {markup(block.description)}" if block.description else ""),
                        st.note)
    drawings = chart_drawings(block.chart, block.figures, lang, FRAME_W,
                              ChartFonts(regular=f.regular, bold=f.bold, italic=f.italic))
    if not drawings:
        return [caption]
    gap = st.size * 0.3
    body: list[Flowable] = [Spacer(1, gap)]
    for drawing in drawings:
        body += [drawing, Spacer(1, gap)]
    return [KeepTogether([*body, caption])]


def block_flowables(block: m.Block, st: Styles, lang: Lang) -> list[Flowable]:
    if isinstance(block, m.Paragraph):
        return [para(block.text, {"body": st.body, "note": st.note,
                                  "warning": st.warning}[block.style])]
    if isinstance(block, m.Bullets):
        items = bullets(block.items, st)
        head = with_start([para(block.caption, st.caption)], items) if block.caption else []
        return [*head, *items, Spacer(1, st.size * 0.3)]
    if isinstance(block, m.KeyValues):
        return [key_values(block.rows, st), Spacer(1, st.size * 0.6)]
    if isinstance(block, m.Table):
        body = table(block.columns, block.rows, st, widths=block.widths)
        head = with_start([para(block.caption, st.caption)], [body]) if block.caption else []
        return [*head, body, Spacer(1, st.size * 0.6)]
    return chart(block, st, lang)


LEAD_MAX = 110.0
"""How much of a long block must fit under its heading or caption, else both move on."""
LEAD_SLACK = 6.0
"""Points added to the estimate, since a frame's own rounding must not split them after all."""
LEAD_COUNT = 3
"""At most this many flowables (short paragraphs, a caption, then a block) follow a heading."""
LEAD_ROWS = 4
"""A table's first rows, measured to keep them under its heading (LEAD_MAX is less)."""


def start_height(flowable: Flowable) -> float:
    """The height of the part of a flowable that must follow its heading on the same page: all
    of a kept-together group (a chart), the first few lines of anything else."""
    if isinstance(flowable, KeepTogether):
        return min(stack_height(flowable._content, FRAME_W), FRAME_H * 0.8)
    if isinstance(flowable, StatementTable):
        flowable = flowable.first_rows(LEAD_ROWS)
    _, height = flowable.wrap(FRAME_W, FRAME_H * 50)
    return min(height, LEAD_MAX)


def is_caption(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return isinstance(flowable, Paragraph) and getattr(style, "name", "").startswith("caption")


def is_short(flowable: Flowable, height: float) -> bool:
    """A paragraph of a few lines (a warning, an introduction) that belongs with what follows."""
    return isinstance(flowable, Paragraph) and height < LEAD_MAX / 2


def with_start(heads: list[Flowable], rest: Sequence[Flowable]) -> list[Flowable]:
    """`heads` (a heading, a caption) preceded by a conditional page break, so they never end a
    page apart from the start of what they introduce. Unlike keepWithNext, a long table after
    them still starts on the same page instead of being pushed whole onto the next."""
    need = stack_height(heads, FRAME_W) + max(f.getSpaceBefore() for f in heads) + LEAD_SLACK
    content = [f for f in rest if not isinstance(f, (CondPageBreak, Spacer))]
    for count, flowable in enumerate(content[:LEAD_COUNT], start=1):
        start = start_height(flowable)
        need += flowable.getSpaceBefore() + start + flowable.getSpaceAfter()
        if count == LEAD_COUNT or not (is_caption(flowable) or is_short(flowable, start)):
            break
    return [CondPageBreak(min(need, FRAME_H * 0.9)), *heads]


# --- Summary (page one) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """How hard the summary was squeezed: body size, characters per item, rows per list."""

    size: float
    limit: int | None = None
    keep: int | None = None


def _kept(rows: Sequence[Any], keep: int | None, marker: Callable[[int], Any]) -> list[Any]:
    """The first `keep` rows and, when some were cut, a row saying how many ('… (+12)')."""
    if keep is None or len(rows) <= keep:
        return list(rows)
    return [*rows[:keep], marker(len(rows) - keep)]


def _more(count: int) -> str:
    return f"{ELLIPSIS} (+{count})"


def summary_table(tbl: m.Table, st: Styles, limit: int, *, rows: Sequence[Sequence[str]] | None
                  = None, first_bold: bool = False) -> list[Flowable]:
    """A summary table under its caption (if any); `rows` replaces the table's own when cut."""
    rows = tbl.rows if rows is None else rows
    out: list[Flowable] = [para(clip(tbl.caption, limit), st.caption)] if tbl.caption else []
    if rows or tbl.columns:
        out.append(table(tbl.columns, rows, st, widths=tbl.widths, limit=limit,
                         first_bold=first_bold))
    return out


def summary_flowables(summary: m.Summary, fit: Fit) -> list[Flowable]:
    """Page one at one squeeze: decision, outcome and why, grounds, actions, evidence gaps,
    flags, and the lines saying what more the annex holds."""
    st = styles(fit.size)
    lim = fit.limit or SUMMARY_CAP
    long_lim = lim * 3

    def gap(factor: float = 0.7) -> Spacer:
        return Spacer(1, st.size * factor)

    out: list[Flowable] = [para(clip(summary.heading, long_lim), st.title),
                           key_values(summary.decision.rows, st, limit=lim), gap()]
    out += summary_table(summary.outcome, st, lim)
    if summary.outcome_note:
        out += [gap(0.4), para(clip(summary.outcome_note, long_lim), st.body)]
    out += [gap(), *summary_table(summary.grounds, st, lim, first_bold=True), gap()]
    actions = _kept(summary.actions.rows, fit.keep, lambda n: [_more(n)])
    out += [*summary_table(summary.actions, st, lim, rows=actions), gap()]
    for listed in (summary.evidence_gaps, summary.flags):
        if listed.caption:
            out.append(para(clip(listed.caption, lim), st.caption))
        if listed.items:
            out += [*bullets(_kept(listed.items, fit.keep, _more), st, limit=lim), gap(0.4)]
    out += [para(clip(line, long_lim), st.note) for line in summary.more]
    while out and isinstance(out[-1], Spacer):  # room at the foot of page one is not needed
        out.pop()
    return out


def stack_height(flowables: Sequence[Flowable], width: float, stop: float | None = None
                 ) -> float:
    """The height the flowables take in a frame of `width` (spacing as a frame adds it); once
    past `stop` the rest is not measured."""
    total = 0.0
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, FRAME_H * 50)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
        if stop is not None and total > stop:
            break
    return total


def fit_summary(summary: m.Summary) -> tuple[Fit, list[Flowable]]:
    """The gentlest squeeze that fits one page: smaller type, then clipped cells, then cut rows."""
    longest = max(len(summary.actions.rows), len(summary.flags.items),
                  len(summary.evidence_gaps.items))
    ladder = [Fit(size) for size in SUMMARY_SIZES]
    ladder += [Fit(SUMMARY_SIZES[-1], limit) for limit in SUMMARY_LIMITS]
    ladder += [Fit(SUMMARY_SIZES[-1], SUMMARY_LIMITS[-1], keep)
               for keep in range(longest - 1, -1, -1)]
    room = FRAME_H - 2

    def laid(fit: Fit) -> tuple[float, list[Flowable]]:
        flowables = summary_flowables(summary, fit)
        return stack_height(flowables, FRAME_W, stop=room * 1.5), flowables

    height, flowables = laid(ladder[0])
    if height <= room:
        return ladder[0], flowables
    # Text height grows about with the square of the type size: start at the size that should
    # just fit, then step gentler while that fits, or harder until one does.
    want = SUMMARY_SIZES[0] * math.sqrt(room / height)
    index = next((i for i, fit in enumerate(ladder) if fit.size <= want), len(SUMMARY_SIZES) - 1)
    height, flowables = laid(ladder[index])
    if height <= room:
        while index > 1:
            gentler = laid(ladder[index - 1])
            if gentler[0] > room:
                break
            index, (height, flowables) = index - 1, gentler
        return ladder[index], flowables
    for fit in ladder[index + 1:]:
        height, flowables = laid(fit)
        if height <= room:
            return fit, flowables
    return ladder[-1], flowables


# --- Pages ---------------------------------------------------------------------------------------


def _stamp_boxes(canv: Canvas, texts: Sequence[tuple[str, Any]]) -> None:
    """Stamps as filled, outlined boxes in a row across the top margin, bold so the words (not
    the colour) carry them; the font shrinks, then text is clipped, to keep one row."""
    f = fonts()
    texts = [(" ".join(t.split()), fill) for t, fill in texts if t.strip()]
    if not texts:
        return
    pad, gap = 6.0, 6.0
    size = 9.0
    room = FRAME_W - gap * (len(texts) - 1) - 2 * pad * len(texts)
    while size > 6 and sum(pdfmetrics.stringWidth(t, f.bold, size) for t, _ in texts) > room:
        size -= 0.5
    share = room / len(texts)
    x = MARGIN_X
    for text, fill in texts:
        shown = text
        if sum(pdfmetrics.stringWidth(t, f.bold, size) for t, _ in texts) > room:
            shown = fit_width(text, f.bold, size, share)
        width = pdfmetrics.stringWidth(shown, f.bold, size) + 2 * pad
        canv.setFillColor(fill)
        canv.setStrokeColor(SYNTHETIC_EDGE if fill is SYNTHETIC_FILL else INK)
        canv.setLineWidth(1)
        canv.rect(x, STAMP_TOP - STAMP_H, width, STAMP_H, stroke=1, fill=1)
        canv.setFillColor(INK)
        draw_line(canv, x + pad, STAMP_TOP - STAMP_H + (STAMP_H - size * 0.72) / 2, shown,
                  f.bold, size)
        x += width + gap


def _header(canv: Canvas, title: str, context: str) -> None:
    f = fonts()
    size = 8.0
    context = fit_width(context, f.bold, size, FRAME_W * 0.5)
    context_w = pdfmetrics.stringWidth(context, f.bold, size)
    canv.setFillColor(MUTED)
    draw_line(canv, MARGIN_X, HEADER_BASELINE,
              fit_width(title, f.regular, size, FRAME_W - context_w - 14), f.regular, size)
    draw_line(canv, MARGIN_X + FRAME_W, HEADER_BASELINE, context, f.bold, size, right=True)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, HEADER_BASELINE - 4, MARGIN_X + FRAME_W, HEADER_BASELINE - 4)


def footer_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """The footer (versions and data vintage) on one line, or two; only what a third line
    would hold is cut, with '…'."""
    lines = simpleSplit(" ".join(text.split()), font, size, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:]) + " " + ELLIPSIS]
    return [fit_width(line, font, size, width) for line in lines[:2]]


FOOTER_SIZE = 7.5


def _footer(canv: Canvas, footer: str, widest_page_of: str) -> None:
    """The footer line and text; room is kept on the right for 'page x of y', which is drawn
    once the page count is known (`NumberedCanvas`)."""
    f = fonts()
    size = FOOTER_SIZE
    page_w = pdfmetrics.stringWidth(widest_page_of, f.bold, size)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, FOOTER_BASELINE + 10, MARGIN_X + FRAME_W, FOOTER_BASELINE + 10)
    canv.setFillColor(MUTED)
    room = FRAME_W - page_w - 14
    for i, line in enumerate(footer_lines(footer, f.regular, size, room)):
        draw_line(canv, MARGIN_X, FOOTER_BASELINE - i * size * 1.2, line, f.regular, size)


def page_of(texts: m.PageTexts, page: int, pages: int) -> str:
    """'Sida 3 av 7' (a broken format string falls back to '3 / 7')."""
    try:
        return texts.page_of.format(page=page, pages=pages)
    except (KeyError, IndexError, ValueError):
        return f"{page} / {pages}"


WIDEST_PAGE = 888
"""The page number the footer keeps room for: no statement has a thousand pages."""


def decorate(statement: m.Statement, layout: Layout) -> Callable[[Canvas, Any], None]:
    """The page-end callback: everything printed on every page, drawn once its content is known
    (so the synthetic stamp goes exactly on pages that printed synthetic content)."""

    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        stamps = [(s, STAMP_FILL) for s in statement.page.stamps]
        if doc.page in layout.synthetic_pages:
            stamps.append((statement.page.synthetic_stamp, SYNTHETIC_FILL))
        _stamp_boxes(canv, stamps)
        context = statement.summary.heading if doc.page == 1 else statement.page.annex_heading
        _header(canv, statement.title, context)
        _footer(canv, statement.page.footer, page_of(statement.page, WIDEST_PAGE, WIDEST_PAGE))
        canv.restoreState()

    return draw


class Doc(BaseDocTemplate):
    """Marks the current page as synthetic whenever content of a synthetic section is drawn."""

    def __init__(self, buffer: io.BytesIO, layout: Layout, **kw: Any) -> None:
        super().__init__(buffer, **kw)
        self.layout = layout

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab hook)
        if isinstance(flowable, (Anchor, ActionFlowable, Spacer)):
            return
        if self.layout.synthetic:
            self.layout.synthetic_pages.add(self.page)


class FingerprintInfo(PDFInfo):
    """The document information dictionary with our custom `/EIAFingerprint` key."""

    fingerprint = ""

    def format(self, document: Any) -> bytes:
        info = {
            "Title": PDFString(self.title), "Author": PDFString(self.author),
            "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator), "Producer": PDFString(self.producer),
            "Trapped": PDFName(self.trapped),
        }
        info["CreationDate"] = info["ModDate"] = PDFDate(ts=document._timeStamp,
                                                          dateFormatter=self._dateFormatter)
        if self.fingerprint:
            info[PDF_KEY.lstrip("/")] = PDFString(self.fingerprint)
        return PDFDictionary(info).format(document)


class NumberedCanvas(Canvas):
    """Prints 'page x of y' in one layout pass: each page refers to a form named for its number,
    and the forms, holding the words with the total, are written once the total is known."""

    def __init__(self, *args: Any, token: str, page_texts: m.PageTexts, **kw: Any) -> None:
        super().__init__(*args, **kw)
        info = FingerprintInfo()
        info.__dict__.update(self._doc.info.__dict__)
        info.fingerprint = token
        self._doc.info = info
        self.showOutline()
        self._page_texts = page_texts

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self.doForm(f"page-of-{self.getPageNumber()}")
        super().showPage()

    def save(self) -> None:
        pages = self.getPageNumber() - 1
        f = fonts()
        for number in range(1, pages + 1):
            self.beginForm(f"page-of-{number}")
            self.setFillColor(MUTED)
            self.setFont(f.bold, FOOTER_SIZE)
            self.drawRightString(MARGIN_X + FRAME_W, FOOTER_BASELINE,
                                 page_of(self._page_texts, number, pages))
            self.endForm()
        super().save()


def canvas_maker(statement: m.Statement) -> Callable[..., Canvas]:
    def make(*args: Any, **kw: Any) -> Canvas:
        token = statement.fingerprint.token if statement.fingerprint else ""
        return NumberedCanvas(*args, token=token, page_texts=statement.page, **kw)

    return make


# --- Story and build -----------------------------------------------------------------------------


def story(statement: m.Statement, layout: Layout, summary: list[Flowable]) -> list[Flowable]:
    """The summary on page one (its flowables as fitted), then the annex, section by section."""
    flow: list[Flowable] = [
        Anchor(layout, "summary", statement.summary.heading, 0, statement.summary.synthetic),
        KeepInFrame(FRAME_W, FRAME_H - 1, summary, mode="shrink"),
    ]
    if not statement.annex:
        return flow
    st = styles(SUMMARY_SIZES[0])
    lang = Lang(statement.lang)
    flow += [PageBreak(), Anchor(layout, "annex", statement.page.annex_heading, 0, False),
             para(statement.page.annex_heading, st.annex)]
    for i, section in enumerate(statement.annex):
        body = [f for block in section.blocks for f in block_flowables(block, st, lang)]
        heads = [Anchor(layout, f"section-{i}", section.title, section.level, section.synthetic),
                 para(section.title, st.h1 if section.level == 1 else st.h2)]
        flow += with_start(heads, body) + body
    return flow


def render_pdf(statement: m.Statement) -> bytes:
    """The statement as PDF bytes, laid out once: the same Statement always gives the same
    bytes."""
    _, summary = fit_summary(statement.summary)
    layout = Layout()
    buffer = io.BytesIO()
    doc = Doc(
        buffer, layout, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=PAGE_H - FRAME_TOP, bottomMargin=FRAME_BOTTOM,
        title=one_line(statement.title), author=one_line(statement.author),
        subject=one_line(statement.subject),
        keywords=[one_line(k) for k in statement.keywords], creator=CREATOR, producer=PRODUCER,
        lang=LANG_TAG[Lang(statement.lang)], invariant=1, displayDocTitle=1,
        initialFontName=fonts().regular, initialFontSize=10, pageCompression=1,
    )
    frame = Frame(MARGIN_X, FRAME_BOTTOM, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=decorate(statement, layout))])
    doc.build(story(statement, layout, summary), canvasmaker=canvas_maker(statement))
    return buffer.getvalue()
