"""The question sets installed, one set's logic drawn, and what a newer version (or a draft
folder not yet installed) would change in the saved assessments before it is published. The
drawing is `eia.questions.graph`'s and the comparison the what-if service's; this page asks and
shows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from eia.errors import EiaError
from eia.problems import ProblemsError
from eia.questions import QuestionSet, available_sets, get_question_set, load_question_set
from eia.questions.graph import logic_graph, to_dot, to_mermaid
from eia.services.whatif import WhatIfReport, WhatIfRow, summary_counts, what_if
from eia.ui import nav, texts
from eia.ui.safe import md
from eia.ui.session import lang, service, tr, user
from eia.users import Role


def page() -> None:
    st.title(tr(texts.QUESTION_SETS_TITLE))
    installed = [(loc.id, loc.version) for loc in available_sets()]
    st.header(tr(texts.INSTALLED_SETS))
    st.dataframe(pd.DataFrame(installed, columns=["ID", tr(texts.COL_VERSION)]),
                 hide_index=True)
    chosen = st.selectbox(tr(texts.PICK_SET), installed, index=len(installed) - 1,
                          format_func=lambda pair: f"{pair[0]} {pair[1]}", key="qs:set")
    if chosen is None:
        return
    question_set = get_question_set(*chosen)
    _logic(question_set)
    st.header(tr(texts.WHAT_IF))
    if not user().has(Role.strategy):
        st.info(tr(texts.WHAT_IF_NEEDS_STRATEGY))
        return
    target = _target(question_set.id, [v for i, v in installed if i == question_set.id])
    if target is not None:
        _what_if(what_if(service(), user(), target))


def _logic(question_set: QuestionSet) -> None:
    """The logic as a graph drawn in the browser, and its Mermaid text as the alternative."""
    st.header(tr(texts.SET_LOGIC, id=question_set.id, version=question_set.version))
    graph = logic_graph(question_set, lang())
    st.graphviz_chart(to_dot(graph), width="stretch")
    with st.expander(tr(texts.GRAPH_AS_TEXT)):
        st.code(to_mermaid(graph), language="text")


def _target(set_id: str, versions: list[str]) -> QuestionSet | None:
    """The version to compare with: an installed one, or a draft folder typed in, checked."""
    draft = tr(texts.DRAFT_FOLDER)
    picked = st.selectbox(tr(texts.TARGET_VERSION), [*versions, draft], index=None,
                          key="qs:target", placeholder=tr(texts.CHOOSE))
    if picked is None:
        return None
    if picked != draft:
        return get_question_set(set_id, picked)
    folder = st.text_input(tr(texts.DRAFT_PATH), key="qs:draft").strip()
    if not folder:
        return None
    path = Path(folder)
    if not (path.is_dir() or path.name == "set.yaml"):
        st.error(tr(texts.DRAFT_NOT_FOUND, path=md(folder)))
        return None
    try:
        return load_question_set(path)
    except (ProblemsError, EiaError, ValueError) as error:
        st.error(tr(texts.DRAFT_INVALID, error=md(str(error))))
        return None


def rows_table(rows: list[WhatIfRow]) -> pd.DataFrame:
    """One line per assessment: its outcome before → after, the levels and flags changed."""
    language = lang()
    lines = []
    for row in rows:
        outcome = (f"{row.outcome_before.label(language)} → {row.outcome_after.label(language)}")
        levels = "; ".join(
            f"{g.ground.label(language)}: {g.inherent_before.label(language)} → "
            f"{g.inherent_after.label(language)} / {g.residual_before.label(language)} → "
            f"{g.residual_after.label(language)}" for g in row.grounds)
        flags = ", ".join([f"+{f}" for f in row.flags_added] +
                          [f"−{f}" for f in row.flags_removed])
        lines.append((row.id, row.title, row.status.label(language), row.source.version,
                      outcome, levels, flags))
    return pd.DataFrame(lines, columns=["ID", tr(texts.COL_TITLE), tr(texts.COL_STATUS),
                                        tr(texts.COL_VERSION), tr(texts.COL_OUTCOME_CHANGE),
                                        tr(texts.COL_LEVELS), tr(texts.COL_FLAGS)])


def _what_if(report: WhatIfReport) -> None:
    counts = summary_counts(report.rows)
    st.markdown(tr(texts.WHAT_IF_SUMMARY, changed=counts["changed"], n=counts["assessments"],
                   version=report.target.version))
    for problem in report.problems:
        st.warning(md(str(problem)))
    if not report.rows:
        st.markdown(tr(texts.NOTHING_HERE))
        return
    st.dataframe(rows_table(report.rows), hide_index=True)
    st.subheader(tr(texts.OPEN_RESULTS))
    for row in report.rows:
        if st.button(f"{row.id}: {md(row.title)}", key=f"qs:open:{row.id}"):
            nav.switch("review", assessment=row.id)
