"""The question sets' versions, one drawn, a draft edited, previewed and published, two
versions compared, and what a version (a draft too) would change in the saved assessments
before it is published. The drawing is `eia.questions.graph`'s, the comparisons the set diff's
and the what-if service's, the edits `eia.ui.set_editor`'s; this page asks and shows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from eia.errors import EiaError
from eia.i18n import Lang
from eia.problems import ProblemsError
from eia.questions import QuestionSet, load_question_set
from eia.questions.graph import logic_graph, to_dot, to_mermaid
from eia.questions.versions import SetVersion, VersionStatus, load_version
from eia.services import question_sets
from eia.services.whatif import WhatIfReport, WhatIfRow, summary_counts, what_if
from eia.ui import flash, nav, set_editor, texts
from eia.ui.counts import bars_with_table
from eia.ui.safe import md
from eia.ui.session import lang, service, tr, user
from eia.users import Role


def page() -> None:
    st.title(tr(texts.QUESTION_SETS_TITLE))
    flash.show(set_editor.PAGE_SLOT)
    versions = question_sets.list_versions()
    st.header(tr(texts.VERSIONS))
    st.dataframe(versions_table(versions), hide_index=True)
    strategist = user().has(Role.strategy)
    if not strategist:
        st.info(tr(texts.DRAFTS_NEED_STRATEGY))
    set_ids = list(dict.fromkeys(found.set_id for found in versions))
    set_id = st.selectbox(tr(texts.COL_SET), set_ids, key="qs:set")
    if set_id is None:
        return
    mine = [found for found in versions if found.set_id == set_id]
    chosen = _chosen(mine)
    if strategist:
        st.button(tr(texts.NEW_DRAFT_FROM, version=chosen.version), key="qs:new-draft",
                  on_click=_new_draft, args=(chosen,))
    question_set = _loaded(chosen)
    if question_set is not None:
        _logic(question_set)
    if chosen.status is VersionStatus.draft and strategist:
        set_editor.editor(chosen)
    elif chosen.status is not VersionStatus.draft:
        st.info(tr(texts.NOT_A_DRAFT, version=chosen.version,
                   status=tr(texts.VERSION_STATUS[chosen.status.value])))
    _diff(set_id, [found.version for found in mine])
    st.header(tr(texts.WHAT_IF))
    if not strategist:
        st.info(tr(texts.WHAT_IF_NEEDS_STRATEGY))
        return
    target = _target(set_id, mine)
    if target is not None:
        _what_if(what_if(service(), user(), target))


def _version_key(set_id: str) -> str:
    return f"qs:version:{set_id}"


def _chosen(mine: list[SetVersion]) -> SetVersion:
    """The version picked (the newest unless one is), by number with its status."""
    by_version = {found.version: found for found in mine}
    key = _version_key(mine[0].set_id)
    if st.session_state.get(key) not in by_version:
        st.session_state.pop(key, None)
    labels = {version: _version_label(found) for version, found in by_version.items()}
    picked = st.selectbox(tr(texts.PICK_VERSION), list(by_version), index=len(by_version) - 1,
                          format_func=labels.__getitem__, key=key)
    return by_version[picked or mine[-1].version]


def _version_label(found: SetVersion) -> str:
    return f"{found.version} ({tr(texts.VERSION_STATUS[found.status.value])})"


def versions_table(versions: list[SetVersion]) -> pd.DataFrame:
    """Every version with its status, and for a published one who published it, when and why."""
    return pd.DataFrame(
        [(found.set_id, found.version, tr(texts.VERSION_STATUS[found.status.value]),
          found.changelog or "", found.published_by or "",
          found.published_at.strftime("%Y-%m-%d %H:%M") if found.published_at else "")
         for found in versions],
        columns=[tr(texts.COL_SET), tr(texts.COL_VERSION), tr(texts.COL_VERSION_STATUS),
                 tr(texts.COL_CHANGELOG), tr(texts.COL_PUBLISHED_BY),
                 tr(texts.COL_PUBLISHED_AT)])


def _new_draft(source: SetVersion) -> None:
    """Copy the version picked into the next free draft version, and pick the draft."""
    try:
        made = question_sets.start_draft(user(), source.set_id, source.version)
    except (ProblemsError, EiaError) as error:
        flash.later("error", md(str(error)), set_editor.PAGE_SLOT)
        return
    st.session_state[_version_key(source.set_id)] = made.version
    flash.later("success", tr(texts.DRAFT_MADE, version=made.version), set_editor.PAGE_SLOT)


def _loaded(found: SetVersion) -> QuestionSet | None:
    """The version's checked set; None for a draft the loader refuses (the editor says why)."""
    try:
        return load_version(found.set_id, found.version)
    except (ProblemsError, EiaError):
        return None


def _diff(set_id: str, versions: list[str]) -> None:
    """Every change from one version to another, with its description in both languages."""
    st.header(tr(texts.DIFF))
    old_column, new_column = st.columns(2)
    old = old_column.selectbox(tr(texts.DIFF_OLD), versions, index=max(0, len(versions) - 2),
                               key="qs:diff:old")
    new = new_column.selectbox(tr(texts.DIFF_NEW), versions, index=len(versions) - 1,
                               key="qs:diff:new")
    if old is None or new is None or old == new:
        return
    try:
        changes = question_sets.compare(set_id, old, new).changes
    except (ProblemsError, EiaError) as error:
        st.error(tr(texts.DRAFT_INVALID, error=md(str(error))))
        return
    if not changes:
        st.markdown(tr(texts.DIFF_NONE))
        return
    language = lang()
    st.dataframe(pd.DataFrame(
        [(change.kind.value, change.target, change.field, change.description(language),
          _shown(change.old, language), _shown(change.new, language)) for change in changes],
        columns=[tr(texts.COL_CHANGE_KIND), tr(texts.COL_TARGET), tr(texts.COL_FIELD),
                 tr(texts.COL_DESCRIPTION), tr(texts.COL_BEFORE), tr(texts.COL_AFTER)]),
        hide_index=True)


def _shown(value: object, language: Lang) -> str:
    """A changed value as the table shows it: a bilingual text in the page's language."""
    if isinstance(value, dict) and language.value in value:
        return str(value[language.value])
    return "" if value is None else str(value)


def _logic(question_set: QuestionSet) -> None:
    """The logic as a graph drawn in the browser, and its Mermaid text as the alternative."""
    st.header(tr(texts.SET_LOGIC, id=question_set.id, version=question_set.version))
    graph = logic_graph(question_set, lang())
    st.graphviz_chart(to_dot(graph), width="stretch")
    with st.expander(tr(texts.GRAPH_AS_TEXT)):
        st.code(to_mermaid(graph), language="text")


def _target(set_id: str, versions: list[SetVersion]) -> QuestionSet | None:
    """The version to compare with (installed, published or a draft), or a draft folder typed
    in, checked."""
    draft = tr(texts.DRAFT_FOLDER)
    labels = {found.version: _version_label(found) for found in versions} | {draft: draft}
    picked = st.selectbox(tr(texts.TARGET_VERSION), list(labels), index=None,
                          format_func=labels.__getitem__, key="qs:target",
                          placeholder=tr(texts.CHOOSE))
    if picked is None:
        return None
    if picked != draft:
        try:
            return load_version(set_id, picked)
        except (ProblemsError, EiaError) as error:
            st.error(tr(texts.DRAFT_INVALID, error=md(str(error))))
            return None
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
    """One line per assessment: the levels, outcome and flags changed first, as they are what
    the strategy division reads the table for."""
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
        lines.append((row.id, row.title, levels, outcome, flags, row.status.label(language),
                      row.source.version))
    return pd.DataFrame(lines, columns=["ID", tr(texts.COL_TITLE), tr(texts.COL_LEVELS),
                                        tr(texts.COL_OUTCOME_CHANGE), tr(texts.COL_FLAGS),
                                        tr(texts.COL_STATUS), tr(texts.COL_VERSION)])


def changes_table(counts: dict[str, int]) -> pd.DataFrame:
    """How many assessments the version would change, by what it changes: the chart's data."""
    return pd.DataFrame(
        [(tr(texts.WHAT_IF_OUTCOMES), counts["outcome_changes"]),
         (tr(texts.WHAT_IF_LEVELS), counts["level_changes"]),
         (tr(texts.WHAT_IF_FLAGS), counts["flag_changes"]),
         (tr(texts.WHAT_IF_APPROVED), counts["approved_kept"])],
        columns=[tr(texts.COL_WHAT), tr(texts.COL_COUNT)])


def _what_if(report: WhatIfReport) -> None:
    counts = summary_counts(report.rows)
    st.markdown(tr(texts.WHAT_IF_SUMMARY, changed=counts["changed"], n=counts["assessments"],
                   version=report.target.version))
    for problem in report.problems:
        st.warning(md(str(problem)))
    if not report.rows:
        st.markdown(tr(texts.NOTHING_HERE))
        return
    bars_with_table(tr(texts.WHAT_IF_CHART), changes_table(counts))
    st.dataframe(rows_table(report.rows), hide_index=True)
    st.subheader(tr(texts.OPEN_RESULTS))
    for row in report.rows:
        if st.button(f"{row.id}: {md(row.title)}", key=f"qs:open:{row.id}"):
            nav.switch("review", assessment=row.id)
