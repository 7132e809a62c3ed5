"""The figures beside a ground's questions: charts with a table of the same numbers, what is
withheld and why, the synthetic mark, a tick to cite each indicator in the statement, the
officer's own sources for the ground, and the evidence gap with how it will be filled.

The page never waits on the database twice: the figures are read once per build of the
database (its path and modification time key the cache) and per choice of areas and groups,
and each chart and its table are built once per language, their rows already in Arrow (as
Streamlit sends them), so a rerun does not pass them through pandas again. Charts open
lazily, so a ground with many indicators draws only those the officer opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import streamlit as st

from eia import settings
from eia.chart_rows import SYNTHETIC_MARK, WORDS, chart_rows
from eia.charts import grouped_bars
from eia.i18n import Lang
from eia.model import Ground
from eia.services import evidence as service
from eia.services.evidence import Choice, GroundEvidence, IndicatorFigures
from eia.ui import texts
from eia.ui.fields import doc, seeded
from eia.ui.safe import md
from eia.ui.session import lang, save, tr

OPEN_FIRST = 3
"""Indicators whose chart is open when the step is first drawn; the rest open on a click."""
SHOWN_FIRST = 8
"""Indicators listed before "show more": the ones beside the questions and worse off first."""

Key = tuple[str, float, Ground, Choice]
"""What the figures depend on: database path and build time, the ground, and the choice of
areas, groups and listed indicators."""


@st.cache_data(show_spinner=False, max_entries=256)
def _read(database: str, modified: float, ground: Ground, chosen: Choice) -> GroundEvidence:
    """The ground's figures, read once per database build (`modified`) and choice."""
    return service.ground_evidence(Path(database), ground, *chosen)


@dataclass(frozen=True)
class _Drawing:
    spec: dict[str, Any]
    """The Vega-Lite spec, its datasets as Arrow IPC bytes."""
    table: pa.Table
    """The same rows as a table: group, value, interval, base, area, period."""
    comparisons: int


@st.cache_data(show_spinner=False, max_entries=1024)
def _drawing(key: Key, indicator: str, language: Lang) -> _Drawing:
    """One indicator's chart and table, built once: Altair checks the schema and Streamlit
    turns row lists into Arrow through pandas on every draw, 10–20 ms a chart."""
    found = next(i for i in _read(*key).indicators if i.id == indicator)
    spec = grouped_bars(found.figures, language).to_dict(validate=False)
    # The chart is named by its alt text and read through the table beside it; marks read one
    # by one say little, and an empty layer (no intervals) would be an unnamed graphic.
    config = spec.setdefault("config", {})
    config["aria"] = False
    config["mark"] = {**config.get("mark", {}), "aria": False}
    spec["datasets"] = {name: _arrow(pa.Table.from_pylist(rows))
                        for name, rows in spec["datasets"].items()}
    rows = chart_rows(found.figures, language)
    columns = {WORDS["group"](language): "label", WORDS["value"](language): "value_text",
               WORDS["ci"](language): "ci_text", WORDS["base"](language): "base_text",
               WORDS["area_label"](language): "area_name",
               WORDS["period"](language): "period"}
    table = pa.table({title: [r[name] for r in rows] for title, name in columns.items()})
    return _Drawing(spec=spec, table=table, comparisons=len({r["pair"] for r in rows}))


def _arrow(table: pa.Table) -> bytes:
    """Arrow IPC stream bytes, which Streamlit passes to the browser as they are."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _key(ground: Ground) -> Key:
    database = settings.context_db()
    modified = database.stat().st_mtime if database.is_file() else 0.0
    return str(database), modified, ground, service.choice(doc().assessment, ground)


def figures(ground: Ground, disabled: bool) -> None:
    """The section drawn on each screened-in ground's step."""
    st.markdown(f"#### {tr(texts.FIGURES)}")
    key = _key(ground)
    found = _read(*key)
    _scope(found)
    if found.synthetic:
        st.warning(f"**{SYNTHETIC_MARK(lang())}.** {WORDS['synthetic_note'](lang())}")
    for index, indicator in enumerate(found.indicators[:SHOWN_FIRST]):
        _indicator(key, indicator, index < OPEN_FIRST, disabled)
    rest = found.indicators[SHOWN_FIRST:]
    if rest and st.toggle(tr(texts.FIGURES_MORE, n=len(rest)), key=f"ev-more:{ground.value}"):
        for indicator in rest:
            _indicator(key, indicator, False, disabled)
    _cited_elsewhere(found, disabled)
    _gap(found, disabled)
    _own_sources(ground, disabled)


def _cited_elsewhere(found: GroundEvidence, disabled: bool) -> None:
    """Figures cited for the ground that the choice of areas or groups no longer shows, so
    the officer can still see and untick them."""
    evidence = doc().assessment.evidence
    shown = {indicator.id for indicator in found.indicators}
    hidden = list(dict.fromkeys(
        ref.indicator for ref in evidence.context_figures if ref.indicator not in shown
        and service.is_cited(evidence, ref.indicator, found.ground)))
    if hidden:
        st.markdown(f"**{tr(texts.FIGURES_CITED_NOT_SHOWN)}**")
    for indicator in hidden:
        _cite(found.ground, indicator, indicator, disabled)


def _scope(found: GroundEvidence) -> None:
    if not found.database:
        st.info(tr(texts.FIGURES_NO_DATABASE))
        return
    areas = ", ".join(found.area_names)
    lines = [tr(texts.FIGURES_WHOLE_CITY if found.whole_city else texts.FIGURES_AREAS,
                areas=areas)]
    if found.unmatched:
        lines.append(tr(texts.FIGURES_UNMATCHED, areas=", ".join(found.unmatched)))
    if found.groups:
        lines.append(tr(texts.FIGURES_GROUPS, groups=md(", ".join(found.groups))))
    elif found.indicators:
        lines.append(tr(texts.FIGURES_NO_GROUPS))
    st.markdown(" ".join(lines))


def _indicator(key: Key, indicator: IndicatorFigures, open_: bool, disabled: bool) -> None:
    """The tick to cite, then the chart and table in a panel that draws only when open."""
    language = lang()
    ground = key[2]
    title = indicator.title(language)
    mark = f" — **{SYNTHETIC_MARK(language)}**" if indicator.synthetic else ""
    mixed = len({s.synthetic for s in indicator.sources}) > 1
    sources = "; ".join(s.citation + (f" ({SYNTHETIC_MARK(language)})" if mixed and s.synthetic
                                      else "") for s in indicator.sources)
    with st.container(border=True):
        st.markdown(f"**{title}**{mark}")
        st.caption(f"{WORDS['source'](language)}: {sources}")
        if indicator.worse_off:
            st.markdown(f"⚠️ {tr(texts.FIGURES_WORSE)}")
        _cite(ground, indicator.id, title, disabled)
        panel = st.expander(tr(texts.FIGURES_CHART, indicator=title), expanded=open_,
                            key=f"ev-open:{ground.value}:{indicator.id}", on_change="rerun")
        if panel.open:
            with panel:
                _chart_and_table(key, indicator)


def _cite(ground: Ground, indicator: str, title: str, disabled: bool) -> None:
    evidence = doc().assessment.evidence
    name = seeded(f"evidence:cite:{ground.value}:{indicator}",
                  service.is_cited(evidence, indicator, ground))

    def on_change() -> None:
        assessment = doc().assessment
        screened_in = [g for g in Ground if assessment.is_relevant(g)]
        changed = service.cite(assessment.evidence, indicator, ground,
                               bool(st.session_state[name]), screened_in)
        save("evidence", changed.model_dump(mode="json"))

    st.checkbox(tr(texts.FIGURES_CITE, indicator=title), key=name, on_change=on_change,
                disabled=disabled)


def _chart_and_table(key: Key, indicator: IndicatorFigures) -> None:
    language = lang()
    drawing = _drawing(key, indicator.id, language)
    st.vega_lite_chart(spec=drawing.spec, width="content", theme=None,
                       alt=tr(texts.FIGURES_ALT, indicator=indicator.title(language),
                              n=drawing.comparisons))
    st.markdown(f"**{tr(texts.FIGURES_TABLE)}**")
    st.table(drawing.table, hide_index=True)
    if indicator.withheld:
        st.markdown(f"**{tr(texts.FIGURES_WITHHELD)}**")
        st.markdown("\n".join(f"- {w.group(language)} ({w.area_name}, {w.period}): "
                              f"{w.reason(language)}" for w in indicator.withheld))


def _gap(found: GroundEvidence, disabled: bool) -> None:
    """An explicit notice where the figures are silent, and how the gap will be filled."""
    if not found.gaps:
        return
    ground = found.ground
    language = lang()
    if found.database:
        st.warning(tr(texts.FIGURES_GAP, reasons=found.gap_text(language)))
    current = service.ground_gap(doc().assessment.evidence, ground)
    description = seeded(f"evidence:gap:{ground.value}:description",
                         current.description if current else found.gap_text(language))
    plan = seeded(f"evidence:gap:{ground.value}:plan", current.plan if current else "")

    def on_change() -> None:
        typed = (st.session_state[description] or "").strip() or found.gap_text(language)
        changed = service.record_gap(doc().assessment.evidence, ground, typed,
                                     st.session_state[plan] or "")
        save("evidence", changed.model_dump(mode="json"), typed=st.session_state[plan])

    st.text_area(tr(texts.GAP_DESCRIPTION), key=description, on_change=on_change,
                 disabled=disabled)
    st.text_area(tr(texts.GAP_PLAN), key=plan, on_change=on_change, disabled=disabled)


def _own_sources(ground: Ground, disabled: bool) -> None:
    st.markdown(f"##### {tr(texts.FIGURES_OWN_SOURCES)}")
    for source in service.ground_sources(doc().assessment.evidence, ground):
        st.text(f"• {source.title}" + (f" – {source.reference}" if source.reference else ""))
    with st.form(f"evidence-source:{ground.value}", clear_on_submit=True):
        title = st.text_input(tr(texts.SOURCE_TITLE), key=f"evidence-source:{ground.value}:title")
        reference = st.text_input(tr(texts.SOURCE_REFERENCE),
                                  key=f"evidence-source:{ground.value}:reference")
        if st.form_submit_button(tr(texts.ADD_SOURCE), disabled=disabled) and title.strip():
            changed = service.add_source(doc().assessment.evidence, ground, title.strip(),
                                         reference.strip())
            save("evidence", changed.model_dump(mode="json"), typed=title)
            st.rerun()
