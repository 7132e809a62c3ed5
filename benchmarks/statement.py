"""Statement rendering against bare floors, measured side by side in one run.

Run by hand: `.venv/bin/python benchmarks/statement.py` (figures go in the README). For each demo
assessment (Swedish, context figures from the bundled sources, built into a temporary folder):

- PDF: `render_pdf` against a bare reportlab document of the same content (every paragraph,
  table and bullet, with the same fonts) and the same chart drawings already made: plain
  styles, no summary fitting, no stamps, headers, bookmarks or page numbers.
- Word: `render_docx` against a bare python-docx document of the same content with the same
  chart pictures already made.
- HTML (charts as SVG) and Markdown: on their own.

After a warm-up, ours and the floor run in turn RUNS times; the figures are the medians, and
the ratio is the median of the rounds' ratios (ours over the floor). Times are this process's
CPU time, not the wall clock: the machine is shared, and rendering is single-threaded, so the
other work on it would otherwise land on one side or the other at random.
"""

from __future__ import annotations

import copy
import io
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from eia.context.build import build
from eia.demo import demo_assessments
from eia.services.scoring import score_assessment
from eia.services.statements import statement_of
from eia.statement import model as m
from eia.statement.docx import chart_pngs, render_docx
from eia.statement.drawings import ChartFonts, chart_drawings
from eia.statement.html import render_html
from eia.statement.markdown import render_markdown
from eia.statement.pdf import FRAME_W, MARGIN_X, fonts, render_pdf

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
RUNS = 11


def blocks(statement: m.Statement) -> Iterator[tuple[str, Any]]:
    """The statement's content in reading order as (kind, value): what both floors print."""
    summary = statement.summary
    yield "heading", summary.heading
    yield "rows", [list(row) for row in summary.decision.rows]
    for table in (summary.outcome, summary.grounds, summary.actions):
        yield "rows", [table.columns, *table.rows]
    yield "text", summary.outcome_note
    for listed in (summary.evidence_gaps, summary.flags):
        yield from (("text", item) for item in [listed.caption, *listed.items])
    yield from (("text", line) for line in summary.more)
    for section in statement.annex:
        yield "heading", section.title
        for block in section.blocks:
            match block:
                case m.Paragraph():
                    yield "text", block.text
                case m.Bullets():
                    yield from (("text", item) for item in [block.caption, *block.items])
                case m.KeyValues():
                    yield "rows", [list(row) for row in block.rows]
                case m.Table():
                    yield "text", block.caption
                    yield "rows", [block.columns, *block.rows]
                case m.Chart():
                    yield "chart", block
                    yield "text", f"{block.title} – {block.description}"


def bare_pdf(statement: m.Statement, drawings: dict[int, list[Any]]) -> bytes:
    f = fonts()
    body = ParagraphStyle("body", fontName=f.regular, fontSize=10, leading=12.8)
    head = ParagraphStyle("head", fontName=f.bold, fontSize=13, leading=16)
    cell = ParagraphStyle("cell", fontName=f.regular, fontSize=9, leading=11)
    flow: list[Any] = []
    for kind, value in blocks(statement):
        if kind in ("text", "heading"):
            flow.append(Paragraph(escape(value), head if kind == "heading" else body))
        elif kind == "rows":
            rows = [[Paragraph(escape(c), cell) for c in row] for row in value if row]
            if rows:
                flow.append(Table(rows, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.4,
                                                           "grey")]), repeatRows=1))
        else:
            flow += [copy.copy(d) for d in drawings[id(value)]]  # layout marks flowables
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                      invariant=1).build(flow)
    return buffer.getvalue()


def bare_docx(statement: m.Statement, pngs: dict[int, bytes | None]) -> bytes:
    doc = Document()
    for kind, value in blocks(statement):
        if kind == "heading":
            doc.add_heading(value, level=2)
        elif kind == "text":
            doc.add_paragraph(value)
        elif kind == "rows" and value:
            table = doc.add_table(rows=len(value), cols=max(len(r) for r in value))
            for row, cells in zip(table.rows, value, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    cell.text = text
        elif kind == "chart" and pngs[id(value)]:
            doc.add_picture(io.BytesIO(pngs[id(value)]))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def alone(work: Callable[[], object]) -> float:
    """Median ms of RUNS runs after a warm-up."""
    work()
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def side_by_side(ours: Callable[[], bytes], floor: Callable[[], bytes]) -> tuple[float, ...]:
    """Median ms of ours and of the floor, and the median of the per-round ratios. The two run
    in turn, round by round, so a busy moment on the shared machine weighs on both alike."""
    ours(), floor()  # warm-up: fonts, caches
    times: list[tuple[float, float]] = []
    for _ in range(RUNS):
        pair = []
        for work in (ours, floor):
            start = time.process_time()
            work()
            pair.append(time.process_time() - start)
        times.append((pair[0], pair[1]))
    return (statistics.median(t for t, _ in times) * 1000,
            statistics.median(f for _, f in times) * 1000,
            statistics.median(t / f for t, f in times))


def main() -> None:
    f = fonts()
    chart_fonts = ChartFonts(regular=f.regular, bold=f.bold, italic=f.italic)
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "context.duckdb"
        build(SOURCES, db_path)
        for assessment, _ in demo_assessments():
            statement = statement_of(score_assessment(assessment, database=db_path), "sv")
            charts = [value for kind, value in blocks(statement) if kind == "chart"]
            drawings = {id(c): chart_drawings(c.chart, c.figures, statement.lang, FRAME_W - 12,
                                              chart_fonts) for c in charts}  # frame padding
            pngs = chart_pngs(statement)
            pdf = side_by_side(lambda: render_pdf(statement),  # noqa: B023 (called at once)
                               lambda: bare_pdf(statement, drawings))  # noqa: B023
            word = side_by_side(lambda: render_docx(statement),  # noqa: B023
                                lambda: bare_docx(statement, pngs))  # noqa: B023
            pages = len(PdfReader(io.BytesIO(render_pdf(statement))).pages)
            bare_pages = len(PdfReader(io.BytesIO(bare_pdf(statement, drawings))).pages)
            print(f"{assessment.id} ({len(charts)} charts; {pages} pages, bare {bare_pages}): "
                  f"PDF {pdf[0]:.0f} ms vs bare reportlab {pdf[1]:.0f} ms ({pdf[2]:.2f}×); "
                  f"Word {word[0]:.0f} ms vs bare python-docx {word[1]:.0f} ms ({word[2]:.2f}×); "
                  f"HTML {alone(lambda: render_html(statement)):.0f} ms; "  # noqa: B023
                  f"Markdown {alone(lambda: render_markdown(statement)):.0f} ms")  # noqa: B023


if __name__ == "__main__":
    main()
