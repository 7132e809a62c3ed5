"""The statement's vector charts say what the app's charts say: the figures' numbers as text,
no bar for a withheld value (its reason instead), intervals where known, worse-off gaps marked
by word and outline as well as colour, Okabe–Ito colours with outlines as a second cue, the
synthetic mark exactly when figures are made up, and unit, period, source and licence. Word
gets the same drawings as a picture."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String

from eia.chart_rows import OKABE_ITO, SYNTHETIC_MARK, WORSE_WORD
from eia.context.model import Figure
from eia.i18n import Lang
from eia.statement.chart_picture import PICTURE_DPI, chart_png
from eia.statement.drawings import ChartFonts, chart_drawings
from eia.statement.fonts import fonts
from tests.test_charts import FEW, afraid, neighbourhood, synthetic

WIDTH = 480.0
PALETTE = {code.upper() for code in OKABE_ITO.values()}


def draw(kind: str, figures: list[Figure], lang: Lang = Lang.sv) -> list[Drawing]:
    f = fonts()
    return chart_drawings(kind, figures, lang, WIDTH, ChartFonts(f.regular, f.bold, f.italic))


def shapes(node: Any) -> Iterator[Any]:
    if isinstance(node, Drawing | Group):
        for child in node.contents:
            yield from shapes(child)
    else:
        yield node


def texts(drawings: list[Drawing]) -> list[str]:
    return [s.text for d in drawings for s in shapes(d) if isinstance(s, String)]


def bars(drawings: list[Drawing]) -> list[Rect]:
    """The bars: rectangles in the plot (legend swatches are 9 points wide and sit above)."""
    return [s for d in drawings for s in shapes(d) if isinstance(s, Rect) and s.width != 9]


def hex_of(colour: Any) -> str:
    return colour.hexval().replace("0x", "#").upper()


def test_bars_print_every_value_and_draw_no_bar_for_a_withheld_one() -> None:
    drawings = draw("bars", synthetic())
    words = texts(drawings)
    assert "61,5\u00a0%" in words and "83,1\u00a0%" in words and "78\u00a0%" in words
    assert any(FEW.sv in word for word in words)
    assert len(bars(drawings)) == 5  # two per area and its comparison; none for the withheld


def test_intervals_are_drawn_with_end_ticks_where_known() -> None:
    lines = [s for d in draw("bars", synthetic()) for s in shapes(d) if isinstance(s, Line)
             and hex_of(s.strokeColor) == "#000000" and s.y1 == s.y2]
    assert len(lines) >= 5  # one whisker per known interval (and the axis)


def test_figure_7_reads_as_the_plan_prints_it() -> None:
    drawings = draw("bars", afraid())
    words = texts(drawings)
    assert {f"{n}\u00a0%" for n in (58, 17, 57, 27)} <= set(words)
    assert not any(SYNTHETIC_MARK.sv in word for word in words)
    assert any(word.startswith("Källa: Ramboll") for word in words)
    assert any("Period: 2021" in word for word in words)


def test_colours_are_okabe_ito_and_comparison_bars_are_outlined() -> None:
    found = bars(draw("bars", afraid()))
    assert {hex_of(b.fillColor) for b in found} <= PALETTE
    comparison = [b for b in found if hex_of(b.fillColor) == OKABE_ITO["orange"].upper()]
    group = [b for b in found if hex_of(b.fillColor) == OKABE_ITO["blue"].upper()]
    assert comparison and group
    assert all(b.strokeColor is not None and b.strokeWidth > 0 for b in comparison)
    assert all(b.strokeColor is None for b in group)


@pytest.mark.parametrize("lang", list(Lang))
def test_the_synthetic_mark_is_on_made_up_figures_only(lang: Lang) -> None:
    made_up = texts(draw("bars", synthetic(), lang))
    assert sum(SYNTHETIC_MARK(lang) in word for word in made_up) >= 3  # title, plot, footer
    assert not any(SYNTHETIC_MARK(lang) in word for word in texts(draw("bars", afraid(), lang)))


def test_worse_off_gaps_carry_the_word_and_an_outline() -> None:
    figures = [neighbourhood("a", "Drottninghög", 61.5, True),
               neighbourhood("b", "Rydebäck", 83.1, False)]
    drawings = draw("gap", figures)
    words = texts(drawings)
    assert any(f"· {WORSE_WORD.sv}" in word and "16,5" in word for word in words)
    worse = [b for b in bars(drawings) if hex_of(b.fillColor) == OKABE_ITO["vermillion"].upper()]
    assert worse and all(b.strokeWidth > 1 for b in worse)
    assert any("procentenheter" in word for word in words)


def test_several_indicators_get_a_drawing_each() -> None:
    assert len(draw("bars", afraid() + synthetic())) == 2


def test_word_gets_the_drawings_as_one_picture() -> None:
    drawings = draw("bars", afraid() + synthetic())
    png = chart_png(drawings, fonts().family)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width == round(WIDTH * PICTURE_DPI / 72)
        assert image.height > sum(d.height for d in drawings) * PICTURE_DPI / 72
        colours = {colour for _, colour in image.getcolors(1_000_000)}
    assert (0x00, 0x72, 0xB2) in colours and (0xE6, 0x9F, 0x00) in colours  # Okabe–Ito
