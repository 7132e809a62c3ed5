"""The statement as one accessible HTML page, for publishing on the city's website.

Public bodies in Sweden must publish accessibly (WCAG 2.1 AA), and an untagged PDF is not. This
page is made from the same Statement as the PDF and holds the same words: the document language
on `<html>`, one `<h1>` and headings in order, landmarks (`header`, `main`, `footer`), tables
with captions and header cells that name their scope, the decision as a description list, each
chart as a picture whose alternative text is its description (the vector drawing the PDF
prints, as SVG), and stamps as text. User text is escaped and marked `dir="auto"`, so Arabic or
Hebrew runs right to left while the browser shapes it with the system's fonts. The page needs
no script and no network: styles are inline and pictures are data URIs. Output is
deterministic.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

from eia.i18n import Lang
from eia.statement.drawings import ChartFonts, chart_drawings
from eia.statement.fingerprint import comment_line
from eia.statement.fonts import fonts
from eia.statement.model import (
    Block,
    Bullets,
    Chart,
    KeyValues,
    Paragraph,
    Section,
    Statement,
    Summary,
    Table,
)
from eia.statement.plain import clean, one_line

LANG_TAG = {Lang.sv: "sv-SE", Lang.en: "en-GB"}
CHART_WIDTH = 520.0
"""Points the charts are drawn at; the page scales them to its column (about 1.6 times)."""

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; line-height: 1.5;
       color: #1a1a1a; background: #fff; max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.35rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; } h4 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: start; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.3rem 0.45rem; text-align: start;
         vertical-align: top; }
thead th { background: #e4e4e4; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; } dd { margin: 0; }
.stamp { display: inline-block; border: 2px solid #1a1a1a; background: #fff1c2;
         font-weight: bold; padding: 0.15rem 0.5rem; margin: 0.2rem 0.4rem 0.2rem 0; }
.synthetic { border-color: #a33c00; background: #fbe3d6; }
.warning { border: 1px solid #1a1a1a; background: #fff6e0; font-weight: bold; padding: 0.4rem; }
.note { font-style: italic; color: #3a3a3a; }
figure { margin: 1rem 0; } figure img { width: 100%; height: auto; }
footer { border-top: 1px solid #767676; margin-top: 2rem; font-size: 0.9rem; color: #3a3a3a; }
code { word-break: break-all; }
"""
"""Colours keep a contrast of at least 4.5:1 with their background (WCAG 2.1 AA)."""


def _text(text: str) -> str:
    """User text escaped, line breaks kept."""
    return html.escape(clean(text)).replace("\n", "<br>")


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<p dir="auto"{attr}>{_text(text)}</p>' if text.strip() else ""


def _table(block: Table) -> str:
    count = max([len(block.columns), *(len(row) for row in block.rows)], default=0)
    if count == 0:
        return ""
    caption = f'<caption dir="auto">{_text(block.caption)}</caption>' if block.caption else ""
    head = "".join(f'<th scope="col" dir="auto">{_text(c)}</th>' for c in
                   [*block.columns, *[""] * (count - len(block.columns))])
    rows = "".join("<tr>" + "".join(f'<td dir="auto">{_text(c)}</td>' for c in
                                    [*row, *[""] * (count - len(row))]) + "</tr>"
                   for row in block.rows)
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _key_values(block: KeyValues) -> str:
    if not block.rows:
        return ""
    items = "".join(f'<dt dir="auto">{_text(k)}</dt><dd dir="auto">{_text(v)}</dd>'
                    for k, v in block.rows)
    return f"<dl>{items}</dl>"


def _bullets(block: Bullets, heading: int) -> str:
    caption = (f'<h{heading} dir="auto">{_text(block.caption)}</h{heading}>'
               if block.caption else "")
    items = "".join(f'<li dir="auto">{_text(item)}</li>' for item in block.items)
    return caption + (f"<ul>{items}</ul>" if items else "")


def _chart(block: Chart, lang: Lang) -> str:
    """The chart's drawings as SVG pictures, each with the description as alternative text,
    and the title and description as visible text under them."""
    from reportlab.graphics import renderSVG  # only the HTML statement draws SVG

    f = fonts()
    drawings = chart_drawings(block.chart, block.figures, lang, CHART_WIDTH,
                              ChartFonts(regular=f.regular, bold=f.bold, italic=f.italic))
    alt = html.escape(one_line(f"{block.title}. {block.description}"), quote=True)
    # The drawings name the PDF's registered fonts; a browser knows the families instead.
    families = {f.regular: "", f.bold: "; font-weight: bold", f.italic: "; font-style: italic"}
    pictures = []
    for drawing in drawings:
        svg = renderSVG.drawToString(drawing)
        for name, extra in families.items():
            svg = svg.replace(f"font-family: {name}",
                              f"font-family: '{f.family}', sans-serif{extra}")
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        pictures.append(f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}">')
    caption = (f'<figcaption dir="auto"><strong>{_text(block.title)}</strong>'
               + (f" – {_text(block.description)}" if block.description else "")
               + "</figcaption>")
    return f"<figure>{''.join(pictures)}{caption}</figure>"


def _block(block: Block, lang: Lang, heading: int) -> str:
    match block:
        case Paragraph():
            return _p(block.text, {"body": "", "note": "note", "warning": "warning"}[block.style])
        case Bullets():
            return _bullets(block, heading)
        case KeyValues():
            return _key_values(block)
        case Table():
            return _table(block)
        case Chart():
            return _chart(block, lang)


def _stamps(texts: Iterable[str], cls: str = "stamp") -> str:
    return "".join(f'<p class="{cls}" dir="auto">{_text(t)}</p>' for t in texts if t.strip())


def _summary(summary: Summary, synthetic_stamp: str) -> list[str]:
    out = [f'<h2 dir="auto">{_text(summary.heading)}</h2>']
    if summary.synthetic:
        out.append(_stamps([synthetic_stamp], "stamp synthetic"))
    out += [_key_values(summary.decision), _table(summary.outcome), _p(summary.outcome_note),
            _table(summary.grounds), _table(summary.actions),
            _bullets(summary.evidence_gaps, 3), _bullets(summary.flags, 3)]
    out += [_p(line, "note") for line in summary.more]
    return out


def _section(section: Section, synthetic_stamp: str, lang: Lang) -> list[str]:
    level = section.level + 2
    out = [f'<h{level} dir="auto">{_text(section.title)}</h{level}>']
    if section.synthetic:
        out.append(_stamps([synthetic_stamp], "stamp synthetic"))
    out += [_block(block, lang, min(level + 1, 6)) for block in section.blocks]
    return out


def _footer(statement: Statement) -> str:
    fp = statement.fingerprint
    lines: Sequence[str] = [_p(statement.page.footer)]
    if fp is None:
        return "<footer>" + "".join(lines) + "</footer>"
    lines = [*lines, _p(fp.text), f"<p><code>{html.escape(fp.token)}</code></p>"]
    if fp.command:
        lines = [*lines, f"<p><code>{_text(fp.command)}</code></p>"]
    return "<footer>" + "".join(lines) + "</footer>"


def render_html(statement: Statement) -> str:
    """The whole statement as one HTML document."""
    lang = Lang(statement.lang)
    body = [f"<header>{_stamps(statement.page.stamps)}</header>", "<main>",
            f'<h1 dir="auto">{_text(statement.title)}</h1>',
            *_summary(statement.summary, statement.page.synthetic_stamp),
            f'<h2 dir="auto">{_text(statement.page.annex_heading)}</h2>']
    for section in statement.annex:
        body += _section(section, statement.page.synthetic_stamp, lang)
    body += ["</main>", _footer(statement)]
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{LANG_TAG[lang]}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(one_line(statement.title))}</title>",
        f'<meta name="author" content="{html.escape(one_line(statement.author), quote=True)}">',
        f"<style>{STYLE}</style>", "</head>", "<body>",
        *[part for part in body if part], "</body>", "</html>",
        comment_line(statement.fingerprint.token) if statement.fingerprint else "", ""])
