"""The statement as Markdown, for publishing on the web beside the decision.

CommonMark with GitHub-style pipe tables, no front matter, no images and no HTML of its own
except `<br>` for a line break inside a table cell and, as the last line, a comment holding the
fingerprint (`eia verify` reads it there and nowhere else): the file is self-contained and
renders the same on any site. Every piece of user text is escaped, so what an officer typed
(`<script>`, `**bold**`, `| pipe`, `# heading`) prints literally and never becomes markup.
Headings carry no explicit anchors (that would be markup too); sites derive them from the
heading text.

Charts become a table of their figures and their description: the numbers stay readable
without a picture, and a synthetic chart keeps its mark. Output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eia.chart_rows import SYNTHETIC_MARK, chart_rows
from eia.i18n import Lang, Text, t
from eia.statement.fingerprint import comment_line
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
from eia.statement.plain import clean

_INLINE = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#",
    "|": "\\|", "!": "\\!", "~": "\\~", "$": "\\$", "&": "&amp;", "<": "&lt;", ">": "&gt;",
}
"""Characters that start inline markup anywhere (emphasis, code, links, images, HTML, entities,
strikethrough, maths on sites that render it, table cells); `<>&` become entities, which every
Markdown renderer passes through as literal text."""
_INLINE_RE = re.compile("|".join(re.escape(char) for char in _INLINE))
_LINE_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?=\s|$))")
"""At the start of a line `-`, `+`, `=` and `1.`/`1)` would open a list, a setext heading
underline or a thematic break (the rest of those markers are escaped everywhere)."""

_CHART_COLUMNS: dict[str, Text] = {
    "indicator": t("Indikator", "Indicator"),
    "group": t("Grupp", "Group"),
    "value": t("Värde", "Value"),
    "comparison": t("Jämförelsegrupp", "Comparison group"),
    "gap": t("Skillnad", "Gap"),
    "unit": t("Enhet", "Unit"),
    "source": t("Källa", "Source"),
}
"""Column heads of a chart's figure table: the model has no words for them, and these match
the words eia.charts uses on the chart itself."""
NO_GAP = "–"
HARD_BREAK = "\\\n"
ITEM_BREAK = HARD_BREAK + "  "
"""A hard line break; inside a list item the next line is indented to stay in the item."""




def _escape_line(line: str, *, line_start: bool) -> str:
    line = _INLINE_RE.sub(lambda match: _INLINE[match.group(0)], line.strip())
    if not line_start:
        return line
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\"
                           + m.group(3), line)


def lines(text: str, *, line_start: bool = True) -> list[str]:
    """User text as escaped lines, blank lines dropped (a blank line would end the block and
    leading spaces would start code); at least one line, possibly empty. `line_start`: each
    line begins a source line, where list and heading markers count."""
    escaped = [_escape_line(line, line_start=line_start) for line in clean(text).split("\n")]
    return [line for line in escaped if line] or [""]


def escape(text: str, *, joiner: str = HARD_BREAK) -> str:
    """User text as literal Markdown; line breaks become `joiner` (a hard break by default;
    callers add the prefix a continuation line needs inside a list or blockquote)."""
    return joiner.join(lines(text))


def inline(text: str) -> str:
    """User text inside one source line (headings, labels, table cells): newlines become
    spaces, and markers that only count at a line's start stay as typed."""
    return " ".join(lines(text, line_start=False))


def _strong(text: str) -> str:
    return f"**{text}**" if text else ""


def _emphasis(text: str) -> str:
    return f"*{text}*" if text else ""




# --- Blocks --------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """A pipe-table cell: one source line, `|` escaped, line breaks as `<br>`."""
    return "<br>".join(lines(text, line_start=False))


def _pipe_table(columns: list[str], rows: Iterable[list[str]]) -> str:
    rows = list(rows)
    count = max([len(columns), *(len(row) for row in rows)])
    if count == 0:
        return ""

    def line(cells: list[str]) -> str:
        padded = [_cell(cell) for cell in cells] + [""] * (count - len(cells))
        return "| " + " | ".join(padded) + " |"

    out = [line(columns), "|" + "|".join([" --- "] * count) + "|"]
    out.extend(line(row) for row in rows)
    return "\n".join(out)


def _table(block: Table) -> list[str]:
    caption = [_emphasis(escape(block.caption))] if block.caption.strip() else []
    table = _pipe_table(block.columns, block.rows)
    return [*caption, table] if table else caption


class _List(str):
    """A list's source. CommonMark joins two lists separated only by a blank line into one,
    unless their bullet characters differ, so `_separate_lists` alternates them."""


def _separate_lists(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, _List) and out and isinstance(out[-1], _List) and out[-1][0] == "-":
            part = _List(re.sub(r"(?m)^- ", "* ", part))  # continuation lines are indented
        out.append(part)
    return out


def _bullets(block: Bullets) -> list[str]:
    if not block.items:
        return []
    caption = [_emphasis(escape(block.caption))] if block.caption.strip() else []
    return [*caption,
            _List("\n".join("- " + escape(item, joiner=ITEM_BREAK) for item in block.items))]


def _key_values(block: KeyValues) -> list[str]:
    """A list with bold labels: a pipe table would need a header row these rows do not have."""
    if not block.rows:
        return []
    items = [f"- {_strong(inline(label) + ':')} {escape(value, joiner=ITEM_BREAK)}"
             for label, value in block.rows]
    return [_List("\n".join(item.rstrip() for item in items))]


def _paragraph(block: Paragraph) -> list[str]:
    body = lines(block.text)
    if block.style == "note":
        return [_emphasis(HARD_BREAK.join(body))]
    if block.style == "warning":
        return [_warning(body)]
    return [HARD_BREAK.join(body)]


def _warning(body: list[str]) -> str:
    """A blockquote whose first line is bold: marked by structure, not by colour."""
    first, rest = body[0], body[1:]
    return HARD_BREAK.join(["> " + _strong(first), *("> " + line for line in rest)])


def _stamp(text: str) -> str:
    return _warning(lines(text))


def _chart(block: Chart, lang: Lang, *, stamped: bool) -> list[str]:
    """The chart's figures as a table (the same numbers and words eia.charts draws); made-up
    figures keep the chart's own mark unless their section is stamped already."""
    out = [_strong(inline(block.title))]
    if block.synthetic and not stamped:
        out.append(_stamp(SYNTHETIC_MARK(lang)))
    rows = chart_rows(block.figures, lang)
    pairs = list(zip(rows[::2], rows[1::2], strict=True))
    several = len({group["indicator"] for group, _ in pairs}) > 1
    names = ["group", "value", "comparison", "value", "gap", "unit", "source"]
    if several:
        names.insert(0, "indicator")
    body = []
    for group, comparison in pairs:
        row = [group["label"], group["value_text"], comparison["label"],
               comparison["value_text"], group["gap_text"] or NO_GAP, group["unit"],
               group["citation"]]
        body.append([group["indicator"], *row] if several else row)
    if body:
        out.append(_pipe_table([_CHART_COLUMNS[name](lang) for name in names], body))
    out.append(escape(block.description))
    return out


def _block(block: Block, lang: Lang, *, stamped: bool = False) -> list[str]:
    match block:
        case Paragraph():
            return _paragraph(block)
        case Bullets():
            return _bullets(block)
        case KeyValues():
            return _key_values(block)
        case Table():
            return _table(block)
        case Chart():
            return _chart(block, lang, stamped=stamped)


# --- Summary and annex ---------------------------------------------------------------------------


def _heading(level: int, text: str) -> str:
    return "#" * level + " " + inline(text)


def _summary(summary: Summary, synthetic_stamp: str, level: int = 2) -> list[str]:
    out = [_heading(level, summary.heading)]
    if summary.synthetic:
        out.append(_stamp(synthetic_stamp))
    out += _key_values(summary.decision)
    out += _table(summary.outcome)
    out.append(escape(summary.outcome_note))
    out += _table(summary.grounds)
    out += _table(summary.actions)
    out += _bullets(summary.evidence_gaps)
    out += _bullets(summary.flags)
    out += [_emphasis(escape(line)) for line in summary.more]
    return out


def _section(section: Section, synthetic_stamp: str, lang: Lang) -> list[str]:
    """Annex sections sit under the annex heading: `###` and `####`; the synthetic stamp is
    the first thing under a synthetic section's heading."""
    out = [_heading(section.level + 2, section.title)]
    if section.synthetic:
        out.append(_stamp(synthetic_stamp))
    for block in section.blocks:
        out += _block(block, lang, stamped=section.synthetic)
    return out


def _footer(statement: Statement) -> list[str]:
    """The tool, question set and data versions and the fingerprint, as the PDF's page foot."""
    fp = statement.fingerprint
    out = ["---", _emphasis(escape(statement.page.footer))]
    if fp is None:
        return out
    out.append(escape(fp.text))
    token = fp.token
    if token not in fp.text:
        out.append(f"`{token}`")  # id, digits, hex: never holds a backtick
    if fp.command:
        out.append(f"`{clean(fp.command).replace('`', '')}`")
    return out


def _page_one(statement: Statement, level: int) -> list[str]:
    parts = [_heading(level, statement.title)]
    parts += [_stamp(stamp) for stamp in statement.page.stamps]
    return parts + _summary(statement.summary, statement.page.synthetic_stamp, level + 1)


def _joined(parts: list[str]) -> str:
    return "\n\n".join(_separate_lists([part for part in parts if part])) + "\n"


def render_page_one(statement: Statement, *, level: int = 1) -> str:
    """Page one alone, its title at heading `level`: the preview a page shows before export,
    the same words the committee will read."""
    return _joined(_page_one(statement, level))


def render_markdown(statement: Statement) -> str:
    """The whole statement as one Markdown document ending in a newline."""
    parts = _page_one(statement, 1)
    parts.append("---")
    parts.append(_heading(2, statement.page.annex_heading))
    for section in statement.annex:
        parts += _section(section, statement.page.synthetic_stamp, statement.lang)
    parts += _footer(statement)
    if statement.fingerprint is not None:
        parts.append(comment_line(statement.fingerprint.token))
    return _joined(parts)
