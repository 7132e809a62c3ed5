"""The Markdown statement for the web: deterministic, self-contained, structured by headings
and pipe tables, and every piece of user text printed literally, never as markup or HTML.

When a CommonMark renderer (markdown-it-py) is installed the output is also rendered to HTML
and checked there; the escapes are always checked directly."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from eia.i18n import Lang
from eia.statement.fingerprint import Token, find_token
from eia.statement.markdown import escape, inline, render_markdown
from eia.statement.model import Bullets, Chart, KeyValues, Paragraph, Section, Statement, Table
from tests.statement_samples import (
    ASSESSMENT_ID,
    GROUNDS_SV,
    HOSTILE,
    LEVELS_SV,
    REVISION,
    SAMI,
    SHA,
    SWEDISH,
    english,
    minimal,
    real_figures,
    statement,
    swedish,
    synthetic_figures,
)

TOKEN = f"{ASSESSMENT_ID}@{REVISION}:{SHA}"
MARKDOWNISH = ("**bold** | pipe # hash [länk](javascript:alert(1)) ![bild](x.png) `kod` _x_ "
               "~~struken~~ $x$ <img src=x onerror=alert(1)> &lt; \\*")
SPECIALS = set("\\`*_[]#|!~$<>")


RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
"""CommonMark with GitHub tables (markdown-it-py is in the test extra, so this always runs)."""


def unescape(markdown: str) -> str:
    """What a reader sees of escaped text: backslash escapes and entities resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


def unescaped_specials(markdown: str) -> list[str]:
    """Markup characters not neutralised by a backslash or an entity."""
    found: list[str] = []
    i = 0
    while i < len(markdown):
        char = markdown[i]
        if char == "\\" and i + 1 < len(markdown):
            i += 2
            continue
        if char in SPECIALS or (char == "&" and not re.match(r"&(amp|lt|gt);", markdown[i:])):
            found.append(char)
        i += 1
    return found


@pytest.fixture(scope="module")
def sv() -> Statement:
    return swedish()


@pytest.fixture(scope="module")
def md(sv: Statement) -> str:
    return render_markdown(sv)


def section_of(md: str, title: str) -> str:
    """The Markdown from a heading with `title` to the next heading."""
    start = next(m.end() for m in re.finditer(r"(?m)^#+ (.*)$", md) if m.group(1) == title)
    following = re.search(r"(?m)^#+ ", md[start:])
    return md[start:start + following.start()] if following else md[start:]


# --- Shape ---------------------------------------------------------------------------------------


def test_rendering_is_deterministic(sv: Statement, md: str) -> None:
    assert render_markdown(sv) == md
    assert render_markdown(swedish()) == md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_no_front_matter_and_the_title_first(sv: Statement, md: str) -> None:
    assert md.splitlines()[0] == f"# {sv.title}"


def test_the_demo_stamp_is_at_the_top(sv: Statement, md: str) -> None:
    top = md.split("\n## ", 1)[0]
    assert "> **DEMO – fiktivt exempel**" in top


def test_no_demo_stamp_for_a_real_statement() -> None:
    assert "DEMO" not in render_markdown(minimal())


def test_headings_in_order(sv: Statement, md: str) -> None:
    found = re.findall(r"(?m)^(#+) (.*)$", md)
    expected = [("#", sv.title), ("##", sv.summary.heading), ("##", sv.page.annex_heading)]
    expected += [("#" * (s.level + 2), s.title) for s in sv.annex]
    assert found == expected


def test_a_rule_separates_summary_and_annex(sv: Statement, md: str) -> None:
    summary, annex = md.split("\n\n---\n\n", 1)
    assert f"## {sv.summary.heading}" in summary
    assert annex.startswith(f"## {sv.page.annex_heading}")


def test_no_images_and_no_html_of_its_own_but_the_fingerprint_comment(md: str) -> None:
    body, last = md.rstrip("\n").rsplit("\n", 1)
    assert "![" not in md
    assert re.findall(r"<[A-Za-z/!?]", body) == []
    assert last == f"<!-- eia-fingerprint: {TOKEN} -->"


# --- Summary -------------------------------------------------------------------------------------


def test_the_decision_is_a_list_with_bold_labels(md: str) -> None:
    assert "- **Diarienummer:** KUN 2026/123" in md
    assert "- **Ärende:** Ändrade öppettider på Stadsbiblioteket" in md


def test_outcome_grounds_and_actions_are_pipe_tables(sv: Statement, md: str) -> None:
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert "| Justera förslaget | Rekommenderat och valt |" in rows
    assert f"| {' | '.join(sv.summary.grounds.columns)} |" in rows
    for ground, level in zip(GROUNDS_SV, LEVELS_SV, strict=True):
        assert any(row.startswith(f"| {ground} |") and f"| {level} |" in row for row in rows)
    for owner in ("Kulturförvaltningen 1", "Stadsbiblioteket 2", "Fastighetsförvaltningen 3"):
        assert any(f"| {owner} |" in row for row in rows)
    assert "| --- | --- | --- | --- | --- |" in md


def test_evidence_gaps_and_flags_stay_two_lists(sv: Statement, md: str) -> None:
    """Two lists with the same bullet after a blank line would merge into one in CommonMark."""
    gaps = sv.summary.evidence_gaps.items
    flags = sv.summary.flags.items
    assert f"- {gaps[-1]}\n\n* {flags[0]}" in md
    page = RENDER(md)
    assert f"<li>{gaps[-1]}</li>\n</ul>\n<ul>\n<li>{flags[0]}</li>" in page


def test_the_crowded_summary_keeps_its_more_lines() -> None:
    crowded = statement(actions=30, flags=30, annex=[])
    md = render_markdown(crowded)
    assert all(f"*{line}*" in md for line in crowded.summary.more)
    assert "| Åtgärd 30: förläng" in md


# --- Annex ---------------------------------------------------------------------------------------


def test_the_long_table_keeps_every_row_and_its_caption(md: str) -> None:
    assert "*Alla frågor och svar*\n\n| Nr | Fråga | Svar | Motivering |" in md
    assert len(re.findall(r"(?m)^\| \d+ \| Fråga \d+:", md)) == 40


def test_warnings_are_bold_blockquotes(md: str) -> None:
    assert "> **Siffrorna i detta avsnitt är påhittade för demonstration.**" in md


def test_notes_are_emphasised(md: str) -> None:
    assert f"*{SWEDISH}. {SAMI}.*" in md


def test_the_synthetic_stamp_opens_synthetic_sections_only(sv: Statement, md: str) -> None:
    stamp = f"> **{sv.page.synthetic_stamp}**"
    for section in sv.annex:
        text = section_of(md, section.title).strip()
        if section.synthetic:
            assert text.startswith(stamp)
            assert text.count(stamp) == 1  # the chart's own mark is not repeated
        else:
            assert stamp not in text
    assert md.count(stamp) == sum(s.synthetic for s in sv.annex)


def test_charts_are_tables_of_their_figures(sv: Statement, md: str) -> None:
    real = section_of(md, "Rädsla att gå ut ensam (verkliga siffror)")
    assert "**Rädda att gå ut ensamma**" in real
    header = "| Grupp | Värde | Jämförelsegrupp | Värde | Skillnad | Enhet | Källa |"
    assert real.count(header) == 2
    assert ("| Kvinnor 18–29 år | 58\u00a0% | Män 18–29 år | 17\u00a0% | +41\u00a0p.e. | % | "
            "Ramboll, Equal opportunities baseline analysis in Helsingborg, 2021 |") in real
    charts = [b for s in sv.annex for b in s.blocks if isinstance(b, Chart)]
    assert all(chart.description in md for chart in charts)
    synthetic = section_of(md, "Sysselsättning per område (syntetiska siffror)")
    assert "| Drottninghög | 61,5\u00a0% | Helsingborg | 78\u00a0% | −16,5\u00a0p.e. |" in synthetic


def test_a_synthetic_chart_outside_a_stamped_section_keeps_its_mark() -> None:
    chart = Chart(chart="bars", title="T", figures=synthetic_figures(), description="D")
    md = render_markdown(statement(annex=[Section(id="s", title="S", blocks=[chart])]))
    assert "> **SYNTETISKA DATA – påhittade siffror**" in section_of(md, "S")


def test_a_chart_of_several_indicators_names_them() -> None:
    chart = Chart(chart="bars", title="T", figures=[*real_figures(), *synthetic_figures()],
                  description="D")
    md = render_markdown(statement(annex=[Section(id="s", title="S", blocks=[chart])]))
    assert "| Indikator | Grupp |" in md
    assert "| Andel förvärvsarbetande 20–64 år | Drottninghög |" in md


def test_a_withheld_figure_is_words_not_a_number() -> None:
    figure = synthetic_figures()[0]
    held = figure.model_copy(update={
        "group": figure.group.model_copy(update={"value": None, "ci_low": None,
                                                 "ci_high": None}),
        "gap": None, "worse_off": None})
    chart = Chart(chart="gap", title="T", figures=[held], description="D")
    md = render_markdown(statement(annex=[Section(id="s", title="S", blocks=[chart])]))
    assert "| Drottninghög | Uppgift saknas | Helsingborg | 78\u00a0% | – |" in md


def test_swedish_and_sami_letters_survive(md: str) -> None:
    assert SWEDISH in md and SAMI in md


def test_english_statement() -> None:
    md = render_markdown(english())
    assert "| Group | Value | Comparison group | Value | Gap | Unit | Source |" in md
    assert "## Annex" in md


# --- Footer and fingerprint ----------------------------------------------------------------------


def test_the_footer_ends_the_document(sv: Statement, md: str) -> None:
    tail = md.rsplit("\n---\n", 1)[1]
    assert f"*{sv.page.footer}*" in tail
    assert sv.fingerprint.text in tail
    assert f"`{TOKEN}`" in tail
    assert f"`{sv.fingerprint.command}`" in tail


def test_eia_verify_finds_the_token() -> None:
    sha = "0123456789abcdef" * 4
    base = minimal()
    signed = base.model_copy(update={"fingerprint": base.fingerprint.model_copy(
        update={"sha256": sha})})
    token = find_token(render_markdown(signed))
    assert token == Token(assessment_id=ASSESSMENT_ID, revision=REVISION, sha256=sha)


def test_a_minimal_statement_renders() -> None:
    md = render_markdown(minimal())
    assert re.findall(r"(?m)^#+ .*$", md) == [
        f"# {minimal().title}", "## Summary: equality impact assessment", "## Annex"]


# --- Escaping ------------------------------------------------------------------------------------


def hostile() -> Statement:
    blocks = [
        Paragraph(text=MARKDOWNISH),
        Paragraph(text=HOSTILE, style="warning"),
        Paragraph(text="# inte en rubrik\n- inte en lista\n1. inte numrerad\n===\n    kod?",
                  style="note"),
        Bullets(items=[HOSTILE, "rad ett\nrad två"]),
        KeyValues(rows=[(HOSTILE, MARKDOWNISH)]),
        Table(columns=["a | b", HOSTILE], rows=[["rad ett\nrad två | tre", MARKDOWNISH]],
              caption=MARKDOWNISH),
    ]
    return statement(annex=[Section(id="h", title=f"{HOSTILE} ##", blocks=blocks)])


def test_hostile_text_is_escaped(md: str) -> None:
    assert HOSTILE not in md and "<script>" not in md
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_markdown_syntax_typed_by_a_user_stays_text() -> None:
    md = render_markdown(hostile())
    assert "\\*\\*bold\\*\\* \\| pipe \\# hash \\[länk\\](javascript:alert(1))" in md
    assert "\\!\\[bild\\](x.png) \\`kod\\` \\_x\\_ \\~\\~struken\\~\\~ \\$x\\$" in md
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;lt; \\\\\\*" in md
    assert "\\# inte en rubrik\\\n\\- inte en lista\\\n1\\. inte numrerad\\\n\\===" in md
    assert "\\===\\\nkod?" in md  # leading spaces dropped: never an indented code block
    assert re.findall(r"(?m)^#+ .*$", md)[3] == (
        "### &lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; \\#\\#")


def test_pipes_and_newlines_stay_inside_their_cells() -> None:
    md = render_markdown(hostile())
    assert "| a \\| b | &lt;b&gt;fet" in md
    row = next(line for line in md.splitlines() if line.startswith("| rad ett"))
    assert row.startswith("| rad ett<br>rad två \\| tre | \\*\\*bold")
    assert len(re.findall(r"(?<!\\)\|", row)) == 3


def test_hostile_text_renders_literally_in_html() -> None:
    md = render_markdown(hostile())
    assert "\\*\\*bold\\*\\*" in md and "&lt;script&gt;" in md
    page = RENDER(md)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<a " not in page and "<del>" not in page
    assert "**bold**" in page and "![bild](x.png)" in page and "~~struken~~" in page
    assert page.count("<h1>") == 1 and "<h1>inte" not in page
    assert "<code>" not in page.split("<hr />")[1].split("<hr />")[0]
    assert "<td>rad ett<br>rad två | tre</td>" in page


def test_control_characters_are_dropped() -> None:
    dirty = "a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh\x7fi"
    md = render_markdown(statement(annex=[Section(id="c", title=dirty, blocks=[
        Paragraph(text=dirty), Table(columns=[dirty], rows=[[dirty]])])]))
    assert "### abcdefghi" in md
    assert "\nabcdefghi\n" in md and "| abcdefghi |" in md
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", md)


@pytest.mark.parametrize(("typed", "escaped"), [
    ("**x**", "\\*\\*x\\*\\*"),
    ("<b>", "&lt;b&gt;"),
    ("a & b", "a &amp; b"),
    ("&amp;", "&amp;amp;"),
    ("| x", "\\| x"),
    ("# x", "\\# x"),
    ("- x", "\\- x"),
    ("+ x", "\\+ x"),
    ("1. x", "1\\. x"),
    ("2026.2", "2026.2"),
    ("2026-09-02", "2026-09-02"),
    ("    code", "code"),
    ("a\n\n\nb", "a\\\nb"),
    ("[x](y)", "\\[x\\](y)"),
    ("\\", "\\\\"),
    ("", ""),
])
def test_escape(typed: str, escaped: str) -> None:
    assert escape(typed) == escaped


def test_inline_text_keeps_line_start_markers_and_joins_lines() -> None:
    assert inline("- a\n1. b") == "- a 1. b"


PIECES = [*"ab \n\t-+=*_`#|!~$&<>[](){}\\.:;019ÅöŋŠ\"'^@%/", "&amp;", "<script>", "```",
          "---", "1.", "    ", "**", "![x](y)", "[a]: /b", "<!--", "\\\n"]
TYPED = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)
"""Short texts made of the pieces Markdown and HTML give meaning to."""


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_any_typed_text_is_neutralised_and_reads_back(typed: str) -> None:
    """Whatever is typed, no markup character is left unescaped, and resolving the escapes
    gives back the text (lines trimmed, blank lines dropped)."""
    out = escape(typed)
    assert unescaped_specials(out.replace("\\\n", "\n")) == []
    lines = [line.strip() for line in typed.split("\n") if line.strip()]
    assert unescape(out.replace("\\\n", "\n")) == "\n".join(lines)
    if lines:
        page = RENDER(out)
        text = html.unescape(re.sub(r"<br />\n|</?p>", lambda m: "\n" * ("br" in m.group(0)),
                                    page)).strip()
        assert text == "\n".join(lines)


def test_english_table_words_come_from_the_language() -> None:
    md = render_markdown(statement(Lang.en))
    assert "| Ground | Screening | Direction | Level before | Level after |" in md
