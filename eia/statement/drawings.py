"""The statement's charts as vector drawings (reportlab graphics), from the rows the app charts.

`eia.chart_rows` gives the same rows and words the app's Altair charts draw; here they become
reportlab shapes, so a chart costs about as much as a table (no browser engine, no bitmap) and
stays sharp at any zoom. What the charts show is kept: intervals with end ticks, withheld or
missing figures as text (never a bar), worse-off gaps marked by the word 'worse' and a black
outline as well as by colour, comparison bars outlined as a second cue beside the colour,
Okabe–Ito colours, the synthetic mark across the plot and in the title, and the unit, period,
source and licence. The text alternative is the chart block's description, printed under it.
The PDF draws them as they are, the HTML statement as SVG, Word as a picture
(`chart_picture`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from eia.chart_rows import (
    COMPARISON_COLOUR,
    GROUP_COLOUR,
    INK,
    NOT_JUDGED_COLOUR,
    NOT_WORSE_COLOUR,
    SYNTHETIC_COLOUR,
    SYNTHETIC_MARK,
    WORDS,
    WORSE_COLOUR,
    axis_title,
    bars_notes,
    by_indicator,
    chart_rows,
    footer_lines,
    gap_axis_title,
    gap_notes,
    gap_rows,
    gap_unit,
    short_number,
    title_lines,
    unit_title,
    without_mirrors,
)
from eia.context.model import Figure
from eia.i18n import Lang

rl_config.shapeChecking = 0
"""reportlab checks every attribute set on a shape against its type, which was a third of
building the drawings; these are made by the code below alone, and its tests check them."""

BAR_H = 9.0
PAIR_GAP = 6.0
GAP_ROW_H = 14.0
TITLE_SIZE = 9.5
TEXT_SIZE = 8.0
SMALL_SIZE = 7.0
TICKS = 6
LABEL_SHARE = 0.32
"""At most this share of the width for row labels; longer labels wrap."""
LABEL_PAD = 6.0
"""Points between a bar's end and its label, and kept beyond the label."""
WATERMARK_OPACITY = 0.35
"""The synthetic mark lies over the bars, see-through, as on the app's charts."""


@dataclass(frozen=True)
class ChartFonts:
    regular: str
    bold: str
    italic: str


def _colour(hex_code: str, alpha: float = 1.0) -> colors.Color:
    colour = colors.HexColor(hex_code)
    return colour if alpha == 1.0 else colors.Color(colour.red, colour.green, colour.blue,
                                                    alpha=alpha)


def _label_room(texts: Sequence[str | None], font: str) -> float:
    """Points the widest label needs beside a bar's end."""
    return max((stringWidth(t, font, TEXT_SIZE) for t in texts if t), default=0.0) + 2 * LABEL_PAD


class _Canvas:
    """Shapes stacked top-down: `y` is the distance from the top already used."""

    def __init__(self, width: float, fonts: ChartFonts) -> None:
        self.width, self.fonts = width, fonts
        self.shapes: list[Any] = []
        self.y = 0.0

    def text(self, lines: Sequence[str], font: str, size: float, colour: str = INK,
             x: float = 0.0, width: float | None = None) -> None:
        """Wrapped lines from the current top, advancing it."""
        room = (self.width - x) if width is None else width
        for line in lines:
            for part in simpleSplit(line, font, size, room) or [""]:
                self.y += size * 1.25
                self.shapes.append(String(x, -self.y + size * 0.25, part, fontName=font,
                                          fontSize=size, fillColor=_colour(colour)))

    def gap(self, points: float) -> None:
        self.y += points

    def drawing(self) -> Drawing:
        """The shapes in a drawing of the height used (shapes were placed at negative y)."""
        height = self.y + 2
        group = Group(*self.shapes)
        group.translate(0, height)
        drawing = Drawing(self.width, height, initialFontName=self.fonts.regular,
                          initialFontSize=TEXT_SIZE)
        drawing.add(group)
        return drawing


def _nice_ticks(low: float, high: float) -> list[float]:
    """Round tick values covering [low, high] (1, 2 or 5 times a power of ten apart)."""
    span = (high - low) or 1.0
    raw = span / TICKS
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10) + 0.0)
        value += step
    return ticks


@dataclass(frozen=True)
class _Plot:
    """The plot area: left edge, width and the value range drawn."""

    left: float
    width: float
    low: float
    high: float

    def x(self, value: float) -> float:
        return self.left + (value - self.low) / ((self.high - self.low) or 1.0) * self.width


def _labels_column(canvas: _Canvas, pairs: Sequence[str]) -> float:
    """The width the row labels take (their longest line, capped)."""
    font = canvas.fonts.regular
    longest = max((stringWidth(line, font, TEXT_SIZE) for pair in pairs
                   for line in pair.split("\n")), default=0.0)
    return min(longest + 8, canvas.width * LABEL_SHARE)


LABEL_STEP = TEXT_SIZE * 1.15
"""Line spacing of a row label that wraps."""


def _label_lines(canvas: _Canvas, pair: str, width: float) -> list[str]:
    """A row label's lines in the label column (given breaks kept, long ones wrapped)."""
    return [part for line in pair.split("\n")
            for part in simpleSplit(line, canvas.fonts.regular, TEXT_SIZE, width - 6) or [""]]


def _row_height(canvas: _Canvas, pairs: Sequence[str], width: float, least: float) -> float:
    """Every row as tall as the tallest label needs, and at least `least`."""
    most = max((len(_label_lines(canvas, pair, width)) for pair in pairs), default=1)
    return max(least, most * LABEL_STEP + 3)


def _row_label(canvas: _Canvas, pair: str, top: float, height: float, width: float) -> None:
    """A row label right-aligned before the plot, vertically centred on its row."""
    lines = _label_lines(canvas, pair, width)
    step = LABEL_STEP
    first = top + height / 2 - step * (len(lines) - 1) / 2 + TEXT_SIZE * 0.35
    for i, line in enumerate(lines):
        canvas.shapes.append(String(width - 6, -(first + i * step), line,
                                    fontName=canvas.fonts.regular, fontSize=TEXT_SIZE,
                                    textAnchor="end", fillColor=_colour(INK)))


def _axis(canvas: _Canvas, plot: _Plot, top: float, bottom: float, title: str, lang: Lang
          ) -> None:
    """Ticks and numbers under the plot, a light grid, and the axis title."""
    for tick in _nice_ticks(plot.low, plot.high):
        x = plot.x(tick)
        canvas.shapes.append(Line(x, -top, x, -bottom, strokeColor=colors.HexColor("#DDDDDD"),
                                  strokeWidth=0.4))
        canvas.shapes.append(Line(x, -bottom, x, -bottom - 3, strokeColor=_colour(INK),
                                  strokeWidth=0.6))
        canvas.shapes.append(String(x, -bottom - 3 - SMALL_SIZE, short_number(tick, lang),
                                    fontName=canvas.fonts.regular, fontSize=SMALL_SIZE,
                                    textAnchor="middle", fillColor=_colour(INK)))
    canvas.shapes.append(Line(plot.left, -bottom, plot.left + plot.width, -bottom,
                              strokeColor=_colour(INK), strokeWidth=0.6))
    canvas.y = bottom + 3 + SMALL_SIZE * 1.3
    canvas.text([title], canvas.fonts.regular, TEXT_SIZE, x=plot.left, width=plot.width)


def _watermark(canvas: _Canvas, plot: _Plot, top: float, bottom: float, lang: Lang) -> None:
    """The synthetic mark across the plot itself, so a cropped chart still carries it."""
    text = SYNTHETIC_MARK(lang)
    size = 14.0
    while size > 7 and stringWidth(text, canvas.fonts.bold, size) > plot.width:
        size -= 1
    canvas.shapes.append(String(plot.left + plot.width / 2, -(top + bottom) / 2 - size * 0.35,
                                text, fontName=canvas.fonts.bold, fontSize=size,
                                textAnchor="middle",
                                fillColor=_colour(SYNTHETIC_COLOUR, WATERMARK_OPACITY)))


def _legend(canvas: _Canvas, entries: Sequence[tuple[str, str, bool]]) -> None:
    """Swatches with names; an outlined swatch matches an outlined bar."""
    x, size = 0.0, TEXT_SIZE
    canvas.y += size * 1.5
    for name, colour, outlined in entries:
        canvas.shapes.append(Rect(x, -canvas.y, 9, 7, fillColor=_colour(colour),
                                  strokeColor=_colour(INK) if outlined else None,
                                  strokeWidth=1.2 if outlined else 0))
        canvas.shapes.append(String(x + 12, -canvas.y, name, fontName=canvas.fonts.regular,
                                    fontSize=size, fillColor=_colour(INK)))
        x += 12 + stringWidth(name, canvas.fonts.regular, size) + 14
    canvas.gap(size * 0.6)


def _heading(canvas: _Canvas, figures: Sequence[Figure], lang: Lang, unit_line: str) -> None:
    title = title_lines(figures, lang, unit_line)
    colour = SYNTHETIC_COLOUR if title.synthetic else INK
    canvas.text(title.lines, canvas.fonts.bold, TITLE_SIZE, colour)
    canvas.text(title.subtitle, canvas.fonts.regular, SMALL_SIZE)


def _footer(canvas: _Canvas, figures: Sequence[Figure], lang: Lang, notes: Sequence[str]
            ) -> None:
    footer = footer_lines(figures, lang, notes)
    canvas.gap(3)
    canvas.text(footer.lines, canvas.fonts.regular, SMALL_SIZE)
    canvas.text(footer.synthetic, canvas.fonts.bold, SMALL_SIZE, SYNTHETIC_COLOUR)


def _note(canvas: _Canvas, plot: _Plot, x: float, middle: float, text: str) -> None:
    """Why a figure is not drawn, in italics where its bar would start."""
    room = plot.left + plot.width - x
    canvas.shapes.append(String(x + 3, -middle - TEXT_SIZE * 0.35,
                                _fit(text, canvas.fonts.italic, TEXT_SIZE, room),
                                fontName=canvas.fonts.italic, fontSize=TEXT_SIZE,
                                fillColor=_colour(INK)))


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut with '…' to one line of `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class _Rows:
    """Where a panel's rows were drawn: the plot, its top and bottom."""

    plot: _Plot
    top: float
    bottom: float


def _finish(canvas: _Canvas, rows: _Rows, axis: str | None, figures: Sequence[Figure],
            lang: Lang, notes: Sequence[str]) -> Drawing:
    """Axis (None: nothing was drawn, so no axis), synthetic mark and footer; the drawing."""
    if axis is None:
        canvas.y = rows.bottom
    else:
        _axis(canvas, rows.plot, rows.top, rows.bottom, axis, lang)
    if figures[0].indicator.synthetic:
        _watermark(canvas, rows.plot, rows.top, rows.bottom, lang)
    _footer(canvas, figures, lang, notes)
    return canvas.drawing()


def _bars_panel(figures: list[Figure], lang: Lang, width: float, fonts: ChartFonts) -> Drawing:
    rows = chart_rows(figures, lang)
    info = figures[0].indicator
    canvas = _Canvas(width, fonts)
    _heading(canvas, figures, lang, f"{WORDS['unit'](lang)}: {unit_title(info.unit, lang)}")
    drawn = any(r["value"] is not None for r in rows)
    if drawn:
        _legend(canvas, [(rows[0]["series_name"], GROUP_COLOUR, False),
                         (rows[1]["series_name"], COMPARISON_COLOUR, True)])
    pairs = list(dict.fromkeys(r["pair"] for r in rows))
    label_w = _labels_column(canvas, pairs)
    values = [v for r in rows for v in (r["value"], r["ci_low"], r["ci_high"]) if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    plot_w = width - label_w - _label_room([r["value_text"] for r in rows
                                            if r["value"] is not None], fonts.regular)
    plot = _Plot(label_w, plot_w, low, high if high > low else low + 1)
    top = canvas.y + 4
    row_h = _row_height(canvas, pairs, label_w, 2 * BAR_H) + PAIR_GAP
    for i, pair in enumerate(pairs):
        row_top = top + i * row_h
        _row_label(canvas, pair, row_top, row_h - PAIR_GAP, label_w)
        bars_top = row_top + (row_h - PAIR_GAP - 2 * BAR_H) / 2
        for j, row in enumerate(r for r in rows if r["pair"] == pair):
            y = bars_top + j * BAR_H
            middle = y + BAR_H / 2
            if row["value"] is None:
                _note(canvas, plot, plot.x(0), middle, row["note"] or "")
                continue
            comparison = row["series"] == "comparison"
            x0, x1 = sorted((plot.x(0), plot.x(row["value"])))
            canvas.shapes.append(Rect(x0, -(y + BAR_H - 1), max(x1 - x0, 0.3), BAR_H - 1.5,
                                      fillColor=_colour(COMPARISON_COLOUR if comparison
                                                        else GROUP_COLOUR),
                                      strokeColor=_colour(INK) if comparison else None,
                                      strokeWidth=0.9 if comparison else 0))
            if row["ci_low"] is not None:
                lo, hi = plot.x(row["ci_low"]), plot.x(row["ci_high"])
                ink = _colour(INK)
                canvas.shapes += [Line(lo, -middle, hi, -middle, strokeColor=ink, strokeWidth=1),
                                  Line(lo, -middle - 3, lo, -middle + 3, strokeColor=ink),
                                  Line(hi, -middle - 3, hi, -middle + 3, strokeColor=ink)]
            canvas.shapes.append(String(plot.x(row["label_at"]) + LABEL_PAD,
                                        -middle - TEXT_SIZE * 0.35, row["value_text"],
                                        fontName=fonts.regular, fontSize=TEXT_SIZE,
                                        fillColor=_colour(INK)))
    return _finish(canvas, _Rows(plot, top, top + len(pairs) * row_h),
                   axis_title(info.unit, lang) if drawn else None, figures, lang,
                   bars_notes(rows, lang))


def _gap_panel(figures: list[Figure], lang: Lang, width: float, fonts: ChartFonts) -> Drawing:
    info = figures[0].indicator
    rows = gap_rows(figures, lang)
    measures = chart_rows(figures, lang)
    canvas = _Canvas(width, fonts)
    _heading(canvas, figures, lang, f"{WORDS['unit'](lang)}: {gap_unit(info.unit, lang)}")
    judgements = {WORDS["worse_off"](lang): WORSE_COLOUR,
                  WORDS["not_worse_off"](lang): NOT_WORSE_COLOUR,
                  WORDS["not_judged"](lang): NOT_JUDGED_COLOUR}
    present = {r["judgement"] for r in rows}
    shown = [(name, colour, name == WORDS["worse_off"](lang))
             for name, colour in judgements.items() if name in present]
    if shown:
        _legend(canvas, shown)
    pairs = [r["pair"] for r in rows]
    label_w = _labels_column(canvas, pairs)
    gaps = [r["gap"] for r in rows if r["gap"] is not None]
    low, high = min([0.0, *gaps]), max([0.0, *gaps])
    room_left = _label_room([r["gap_text"] for r in rows if (r["gap"] or 0) < 0], fonts.bold)
    room_right = _label_room([r["gap_text"] for r in rows if (r["gap"] or 0) >= 0], fonts.bold)
    plot_w = width - label_w - room_left - room_right
    plot = _Plot(label_w + room_left, plot_w, low, high if high > low else low + 1)
    top = canvas.y + 4
    row_h = _row_height(canvas, pairs, label_w, GAP_ROW_H)
    zero = plot.x(0)
    for i, row in enumerate(rows):
        row_top = top + i * row_h
        middle = row_top + row_h / 2
        _row_label(canvas, row["pair"], row_top, row_h, label_w)
        if row["gap"] is None:
            _note(canvas, plot, label_w, middle, row["note"] or "")
            continue
        x0, x1 = sorted((zero, plot.x(row["gap"])))
        worse = bool(row["worse_off"])
        canvas.shapes.append(Rect(x0, -(middle + BAR_H / 2), max(x1 - x0, 0.3), BAR_H,
                                  fillColor=_colour(judgements[row["judgement"]]),
                                  strokeColor=_colour(INK) if worse else None,
                                  strokeWidth=1.6 if worse else 0))
        positive = row["gap"] >= 0
        canvas.shapes.append(String(x1 + LABEL_PAD if positive else x0 - LABEL_PAD,
                                    -middle - TEXT_SIZE * 0.35,
                                    row["gap_text"], fontName=fonts.bold if worse
                                    else fonts.regular, fontSize=TEXT_SIZE,
                                    textAnchor="start" if positive else "end",
                                    fillColor=_colour(INK)))
    bottom = top + len(rows) * row_h
    if shown:
        canvas.shapes.append(Line(zero, -top, zero, -bottom, strokeColor=_colour(INK),
                                  strokeWidth=1.2))
    title = gap_axis_title(measures[0]["series_name"], measures[1]["series_name"], info.unit,
                           lang)
    return _finish(canvas, _Rows(plot, top, bottom), title if shown else None, figures,
                   lang, gap_notes(rows, lang))


def chart_drawings(kind: str, figures: Sequence[Figure], lang: Lang | str, width: float,
                   fonts: ChartFonts) -> list[Drawing]:
    """One drawing per indicator ('bars': values side by side; 'gap': group minus comparison);
    none for no figures."""
    lang = Lang(lang)
    if kind == "gap":
        figures = without_mirrors(figures, keep_worse=True)
        return [_gap_panel(group, lang, width, fonts) for group in by_indicator(figures)]
    return [_bars_panel(group, lang, width, fonts) for group in by_indicator(figures)]
