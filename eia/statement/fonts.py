"""The statement's fonts: one Latin family, and a font for each other script residents write.

Text in the PDF (and in the Word file's chart pictures) is drawn with TrueType fonts that
reportlab subsets into the file. The body family is DejaVu Sans when Debian's fonts are there
(it also covers Sami and Finnish letters such as ŋ, đ, ŧ), else the Vera fonts bundled with
reportlab. Scripts the body family lacks fall back, character by character, to the fonts below
(installed by `scripts/setup` from Debian): Arabic and Persian, Hebrew, Ethiopic (Tigrinya,
Amharic), Chinese, Japanese and Korean, and emoji. A missing fallback font only costs its script.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
VERA_DIR = Path(reportlab.__file__).parent / "fonts"
FONT = "LikvardigSans"

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
FALLBACK_FILES: tuple[tuple[str, Path, Path | None], ...] = (
    ("Arabic", NOTO_DIR / "NotoSansArabic-Regular.ttf", NOTO_DIR / "NotoSansArabic-Bold.ttf"),
    ("Hebrew", NOTO_DIR / "NotoSansHebrew-Regular.ttf", NOTO_DIR / "NotoSansHebrew-Bold.ttf"),
    ("Ethiopic", NOTO_DIR / "NotoSansEthiopic-Regular.ttf",
     NOTO_DIR / "NotoSansEthiopic-Bold.ttf"),
    ("CJK", Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), None),
    ("Symbols", Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"), None),
)
"""(script, regular file, bold file or None) tried in this order for a character the body
family lacks. Debian's Noto CJK and colour emoji fonts are CFF and bitmap fonts, which
reportlab cannot embed: Droid Sans Fallback (TrueType outlines) covers CJK, and Symbola draws
emoji in outline; neither has a bold weight."""


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    family: str
    """Which files they came from ('DejaVu Sans' or 'Bitstream Vera Sans')."""


def font_files(dejavu_dir: Path | None = None) -> tuple[str, dict[str, Path]]:
    """DejaVu Sans when Debian's fonts are there, else the Vera fonts bundled with reportlab
    (Swedish letters only)."""
    dejavu_dir = DEJAVU_DIR if dejavu_dir is None else dejavu_dir
    dejavu = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
              "italic": "DejaVuSans-Oblique.ttf", "bold_italic": "DejaVuSans-BoldOblique.ttf"}
    if all((dejavu_dir / name).is_file() for name in dejavu.values()):
        return "DejaVu Sans", {k: dejavu_dir / v for k, v in dejavu.items()}
    vera = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf",
            "bold_italic": "VeraBI.ttf"}
    return "Bitstream Vera Sans", {k: VERA_DIR / v for k, v in vera.items()}


@functools.cache
def fonts() -> Fonts:
    """Register the body fonts once per process; reportlab embeds subsets of them."""
    _utf16_to_unicode_maps()
    family, files = font_files()
    names = {kind: f"{FONT}-{kind}" for kind in files}
    for kind, path in files.items():
        font = TTFont(names[kind], str(path))
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return Fonts(regular=names["regular"], bold=names["bold"], italic=names["italic"],
                 bold_italic=names["bold_italic"], family=family)


@dataclass(frozen=True)
class Fallback:
    name: str
    """The registered font name."""
    bold: str
    """The bold weight's name (the regular one's when the script has no bold file)."""
    covers: frozenset[int]


@functools.cache
def fallbacks() -> tuple[Fallback, ...]:
    """Register the script fonts that are installed, with the characters each covers."""
    out = []
    for script, path, bold_path in FALLBACK_FILES:
        if not path.is_file():
            continue
        name = f"{FONT}-{script}"
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        bold = name
        if bold_path is not None and bold_path.is_file():
            bold = f"{name}-bold"
            pdfmetrics.registerFont(TTFont(bold, str(bold_path)))
        pdfmetrics.registerFontFamily(name, normal=name, bold=bold, italic=name, boldItalic=bold)
        out.append(Fallback(name=name, bold=bold, covers=frozenset(font.face.charToGlyph)))
    return tuple(out)


@functools.cache
def covered(font_name: str) -> frozenset[int]:
    """The characters a registered TrueType font has glyphs for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap whose targets are UTF-16BE, as the PDF standard asks: reportlab 5.1
    writes a character beyond U+FFFF (an emoji, a rare CJK ideograph) as five hex digits, which
    readers reject, so copying, searching and screen readers lost it."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _utf16_to_unicode_maps() -> None:
    """Make reportlab write correct ToUnicode maps (see `_to_unicode_cmap`)."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
