"""Text in every script residents write, made ready for reportlab: fonts, shaping, direction.

reportlab draws characters left to right in one font per run and, without its optional bidi
module (not on PyPI), neither joins Arabic letters nor turns Hebrew around. So before a
paragraph reaches reportlab:

- each character gets a font (`fonts.py`): the body family for Latin and punctuation, a script
  font for Arabic, Hebrew, Ethiopic, CJK and emoji;
- each right-to-left run is shaped by HarfBuzz (`uharfbuzz`) with its font, and written as the
  characters of the glyphs HarfBuzz chose, in visual order: Arabic letters become their joined
  presentation forms, which the Noto fonts map, so the PDF's text layer holds real characters
  (readers fold them back to the base letters, as Unicode's compatibility mapping does);
- lines are broken in logical order, then each line is put in visual order (the Unicode
  bidirectional algorithm at word level): right-to-left words run from the right, numbers and
  Latin words inside them keep their own direction, and a paragraph that starts in a
  right-to-left script is right-aligned.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import uharfbuzz as hb
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from eia.statement.fonts import covered, fallbacks

BASE_FIRST_BELOW = 0x0590
"""Characters below Hebrew (Latin, Greek, Cyrillic, Armenian) take the body font when it has
them; DejaVu also has basic Arabic and Hebrew glyphs, but not their shaping tables' partners."""
RTL = frozenset({"R", "AL"})
PRESENTATION_FORMS = range(0xFB50, 0xFEFF)


def is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in RTL


def _strong(char: str) -> str | None:
    """'R' or 'L' for a character with a strong direction, None for neutrals and numbers."""
    kind = unicodedata.bidirectional(char)
    return "R" if kind in RTL else "L" if kind == "L" else None


def needs_scripts(text: str, base_font: str) -> bool:
    """Whether the text needs anything beyond the body font drawn left to right."""
    if not text or max(text) < "\u0100":  # Latin-1, which both body families cover
        return False
    have = covered(base_font)
    return any((ord(c) >= BASE_FIRST_BELOW and (is_rtl(c) or font_for(c, base_font) != base_font))
               or ord(c) not in have for c in text if not c.isspace())


def font_for(char: str, base_font: str) -> str:
    """The body font where it serves, else the first script font that has the character (in
    bold where the body font is bold and the script has a bold weight)."""
    code = ord(char)
    base_has = code in covered(base_font)
    if base_has and (code < BASE_FIRST_BELOW or char.isspace()
                     or (unicodedata.category(char)[0] in "PZS" and not is_rtl(char))):
        return base_font
    bold = "bold" in base_font.lower()
    for fallback in fallbacks():
        if code in fallback.covers:
            return fallback.bold if bold else fallback.name
    return base_font


def font_runs(text: str, base_font: str) -> list[tuple[str, str]]:
    """(font, text) runs; a neutral character (space, punctuation) joins the run it is in."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char, base_font)
        if runs and (runs[-1][0] == font or (unicodedata.category(char) in ("Zs", "Mn", "Cf")
                                             and font == base_font)):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


@dataclass(frozen=True)
class _Shaper:
    font: hb.Font
    glyph_of: dict[int, int]
    """Character to glyph id (the font's cmap)."""
    chars: dict[int, str]
    """Glyph id to a character it stands for (base letters before presentation forms)."""


@functools.cache
def _shaper(font_name: str) -> _Shaper:
    face = pdfmetrics.getFont(font_name).face
    chars: dict[int, str] = {}
    for gid, codes in face.glyphToChar.items():
        ordered = sorted(codes, key=lambda c: (c in PRESENTATION_FORMS, c))
        chars[gid] = chr(ordered[0])
    return _Shaper(font=hb.Font(hb.Face(hb.Blob(face._ttf_data))),
                   glyph_of=face.charToGlyph, chars=chars)


def shape_rtl(text: str, font_name: str) -> str:
    """A right-to-left run as the characters of its shaped glyphs, in visual order: the typed
    character where its own glyph was kept or it is an invisible format character the font
    has (HarfBuzz draws a zero-width non-joiner as a space glyph), else the
    character the font maps to the glyph HarfBuzz chose (a joined form)."""
    shaper = _shaper(font_name)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(shaper.font, buffer, {"kern": True, "liga": True})
    out = []
    for info in buffer.glyph_infos:
        typed = text[info.cluster]
        if shaper.glyph_of.get(ord(typed)) == info.codepoint or (
                unicodedata.category(typed) == "Cf" and ord(typed) in shaper.glyph_of):
            out.append(typed)
        else:
            out.append(shaper.chars.get(info.codepoint, typed))
    return "".join(out)


@dataclass(frozen=True)
class Piece:
    """One font run of a line, ready to draw left to right."""

    font: str
    text: str


def _word_pieces(word: str, base_font: str) -> tuple[str | None, list[Piece]]:
    """A word's direction (of its first strong character) and its runs in visual order."""
    direction = next((d for d in map(_strong, word) if d), None)
    pieces = []
    for font, text in font_runs(word, base_font):
        rtl = any(is_rtl(c) for c in text)
        pieces.append(Piece(font, shape_rtl(text, font) if rtl else text))
    if direction == "R":
        pieces.reverse()
    return direction, pieces


def base_direction(text: str) -> str:
    """'R' when the first strong character is right-to-left, else 'L'."""
    return next((d for d in map(_strong, text) if d), "L")


def visual_line(line: str, base_font: str, base: str) -> list[Piece]:
    """One line's runs in visual order (words reordered, right-to-left runs shaped)."""
    words = [_word_pieces(word, base_font) for word in line.split(" ")]
    directions = [d for d, _ in words]
    resolved = []
    for i, direction in enumerate(directions):
        if direction is None:
            before = next((d for d in reversed(directions[:i]) if d), base)
            after = next((d for d in directions[i + 1:] if d), base)
            direction = before if before == after else base
        resolved.append(direction)
    order = list(range(len(words)))
    if base == "R":
        order.reverse()
    runs: list[list[int]] = []
    for index in order:
        if runs and resolved[runs[-1][-1]] == resolved[index]:
            runs[-1].append(index)
        else:
            runs.append([index])
    other = "L" if base == "R" else "R"
    visual = [i for run in runs for i in (run[::-1] if resolved[run[0]] == other else run)]
    pieces: list[Piece] = []
    for position, index in enumerate(visual):
        for piece in [Piece(base_font, " ")] * bool(position) + words[index][1]:
            if pieces and pieces[-1].font == piece.font:
                pieces[-1] = Piece(piece.font, pieces[-1].text + piece.text)
            else:
                pieces.append(piece)
    return pieces


def width_of(pieces: Sequence[Piece], size: float) -> float:
    return sum(pdfmetrics.stringWidth(p.text, p.font, size) for p in pieces)


def break_lines(text: str, base_font: str, size: float, width: float) -> list[str]:
    """Greedy line breaks in logical order, measured on the shaped words."""
    space = pdfmetrics.stringWidth(" ", base_font, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            need = width_of(_word_pieces(word, base_font)[1], size)
            if line and used + space + need > width:
                lines.append(line)
                line, used = word, need
            else:
                line, used = (f"{line} {word}", used + space + need) if line else (word, need)
        lines.append(line)
    return lines


def pieces_markup(pieces: Sequence[Piece], base_font: str) -> str:
    """Paragraph markup: escaped text, a font tag around each run not in the body font."""
    return "".join(escape(p.text) if p.font == base_font
                   else f'<font name="{p.font}">{escape(p.text)}</font>' for p in pieces)


class ScriptParagraph(Paragraph):
    """A paragraph of plain text in any script: broken into lines at the width it is given,
    each line put in visual order, then laid out by reportlab line by line."""

    def __init__(self, text: str | None, style: ParagraphStyle, **kw: object) -> None:
        if text is None:  # the halves of a split: lines already laid out
            Paragraph.__init__(self, text, style, **kw)  # type: ignore[arg-type]
            self._laid_width = -1.0
            return
        self._base = base_direction(text)
        if self._base == "R":
            # Right-aligned, and a list bullet at the right, where a right-to-left line starts.
            bullet = kw.pop("bulletText", None)
            if bullet:
                text = f"{bullet} {text}"
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT,
                                   leftIndent=0, rightIndent=style.leftIndent if bullet
                                   else style.rightIndent)
        self._logical, self._kw, self._laid_width = text, kw, -1.0
        self._lay(style, 10_000.0)

    def _lay(self, style: ParagraphStyle, width: float) -> None:
        font, size = style.fontName, style.fontSize
        lines = break_lines(self._logical, font, size, width)
        markup = "<br/>".join(pieces_markup(visual_line(line, font, self._base), font)
                              for line in lines)
        Paragraph.__init__(self, markup, style, **self._kw)  # type: ignore[arg-type]
        self._laid_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = avail_width - self.style.leftIndent - self.style.rightIndent - 0.5
        if self._laid_width >= 0 and room != self._laid_width:
            self._lay(self.style, room)
        return super().wrap(avail_width, avail_height)
