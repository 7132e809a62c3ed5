"""The statement's chart drawings as one PNG picture, for Word (which takes no PDF vectors).

The drawings (`drawings`) hold only groups, rectangles, lines and strings, so a small cairo
painter suffices; reportlab's own bitmap route turns every letter into a path in Python and
took 30 times as long. Only Word's renderer imports this module (cairo and Pillow are loaded
here alone).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import cairo
from PIL import Image
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors

from eia.statement.drawings import TEXT_SIZE

PICTURE_DPI = 120
"""Pixels per inch of a chart picture for Word: sharper than a screen shows the page at 100 %,
readable in print (the PDF, in vectors, is the document to print). Encoding the picture is
most of a chart's cost, and it grows with the square of this."""


def chart_png(drawings: Sequence[Drawing], family: str) -> bytes:
    """The drawings one under the other as one PNG; `family` names the system font to paint
    text with (the body family)."""

    gap = TEXT_SIZE
    width = max(d.width for d in drawings)
    height = sum(d.height for d in drawings) + gap * (len(drawings) - 1)
    scale = PICTURE_DPI / 72
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, math.ceil(width * scale - 1e-6),
                                 math.ceil(height * scale - 1e-6))
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.scale(scale, scale)
    top = 0.0
    for drawing in drawings:
        ctx.save()
        ctx.translate(0, top + drawing.height)
        ctx.scale(1, -1)  # reportlab's y axis points up
        _paint(ctx, drawing, family)
        ctx.restore()
        top += drawing.height + gap
    # Pillow's fastest PNG compression: cairo's own writer compresses hard, 5 times slower.
    image = Image.frombuffer("RGB", (surface.get_width(), surface.get_height()),
                             bytes(surface.get_data()), "raw", "BGRX", surface.get_stride(), 1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _paint(ctx: Any, node: Any, family: str) -> None:
    """One node of a drawing and its children, in drawing order."""
    if isinstance(node, Group | Drawing):
        ctx.save()
        if isinstance(node, Group):
            ctx.transform(cairo.Matrix(*node.transform))
        for child in node.contents:
            _paint(ctx, child, family)
        ctx.restore()
    elif isinstance(node, Rect):
        ctx.rectangle(node.x, node.y, node.width, node.height)
        _fill_and_stroke(ctx, node.fillColor, node.strokeColor, node.strokeWidth)
    elif isinstance(node, Line):
        ctx.move_to(node.x1, node.y1)
        ctx.line_to(node.x2, node.y2)
        _fill_and_stroke(ctx, None, node.strokeColor, node.strokeWidth)
    elif isinstance(node, String):
        bold = "bold" in node.fontName.lower()
        italic = "italic" in node.fontName.lower()
        ctx.select_font_face(family, cairo.FONT_SLANT_ITALIC if italic
                             else cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(node.fontSize)
        advance = ctx.text_extents(node.text).x_advance
        shift = {"end": advance, "middle": advance / 2}.get(node.textAnchor, 0.0)
        ctx.save()
        ctx.translate(node.x - shift, node.y)
        ctx.scale(1, -1)
        ctx.move_to(0, 0)
        colour = node.fillColor
        ctx.set_source_rgba(colour.red, colour.green, colour.blue, colour.alpha)
        ctx.show_text(node.text)
        ctx.restore()


def _fill_and_stroke(ctx: Any, fill: colors.Color | None, stroke: colors.Color | None,
                     width: float | None) -> None:
    if fill is not None:
        ctx.set_source_rgba(fill.red, fill.green, fill.blue, fill.alpha)
        ctx.fill_preserve()
    if stroke is not None and width:
        ctx.set_source_rgb(stroke.red, stroke.green, stroke.blue)
        ctx.set_line_width(width)
        ctx.stroke()
    ctx.new_path()
