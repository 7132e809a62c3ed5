"""The portfolio's figures, aggregated by DuckDB over the columnar index; no Streamlit, no store.

Each figure is one query over the assessments a filter selects (organisation, department,
committee, year, status, set version, and the organisations the user may read), so the page,
the command and a report count alike. The words: an assessment counts with its approved result
when it has one, else its score now; a ground is *negatively affected* when its direction is
negative or mixed; an action is *overdue* when the decision was approved (or since archived),
its due date has passed, and no follow-up records it done or changed; a *follow-up is due*
when an approved assessment's follow-up date has passed and nothing is recorded yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from pydantic import BaseModel, ConfigDict

from eia.model import Status

TOP_FLAGS = 10
LISTED = 50
"""Overdue actions and due follow-ups are counted in full and listed up to this many."""


@dataclass(frozen=True)
class Filters:
    """Which assessments to count; an empty tuple filters nothing."""

    organisations: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    statuses: tuple[Status, ...] = ()
    set_versions: tuple[str, ...] = ()
    """`1.1` (any set) or `helsingborg@1.1`."""
    approved_from: date | None = None
    approved_to: date | None = None
    """Only assessments whose counted revision was approved in these days (UTC, both
    included); see `eia.portfolio.columns.approved_on`."""
    readable: tuple[str, ...] | None = None
    """The organisations the user may read (the service fills it in); None: no limit."""

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause over `assessments` and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for column, values in (("organisation", self.organisations),
                               ("department", self.departments),
                               ("committee", self.committees), ("year", self.years),
                               ("CAST(status AS VARCHAR)", [s.value for s in self.statuses])):
            if values:
                parts.append(f"{column} IN ({', '.join('?' * len(values))})")
                params += list(values)
        if self.set_versions:
            parts.append("(" + " OR ".join(
                "(set_id = ? AND set_version = ?)" if "@" in version else "set_version = ?"
                for version in self.set_versions) + ")")
            for version in self.set_versions:
                params += version.split("@", 1) if "@" in version else [version]
        for bound, operator in ((self.approved_from, ">="), (self.approved_to, "<=")):
            if bound is not None:
                parts.append(f"approved_on {operator} ?")
                params.append(bound)
        if self.readable is not None:
            parts.append(f"organisation IN ({', '.join('?' * len(self.readable)) or 'NULL'})")
            params += list(self.readable)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


class Count(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str | None
    """The outcome, ground or flag; None: not scored, or a gap naming no ground."""
    count: int


class GapCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    ground: str | None
    gaps: int
    """Evidence gaps the officers recorded on the ground (None: naming no ground)."""
    assessments: int
    no_evidence: int
    """Assessments flagged for screening the ground in with no evidence at all."""


class Pair(BaseModel):
    model_config = ConfigDict(frozen=True)

    recommended: str | None
    chosen: str | None
    count: int


class Due(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    due: date
    action: str | None = None


class Figures(BaseModel):
    """Everything the portfolio shows for one filter, as plain data (JSON, CSV, charts)."""

    model_config = ConfigDict(frozen=True)

    today: date
    assessments: int
    by_outcome: list[Count]
    negative_grounds: list[Count]
    """Assessments negatively affecting each ground, most often first."""
    top_flags: list[Count]
    """Assessments raising each flag, most frequent first (the top TOP_FLAGS)."""
    evidence_gaps: list[GapCount]
    citing_figures: int
    """Assessments citing disaggregated context figures (Measure 3)."""
    citing_share: float | None
    overdue_actions: int
    overdue: list[Due]
    follow_ups_due: int
    follow_ups: list[Due]
    chosen_vs_recommended: list[Pair]


def _all(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


def figures(con: duckdb.DuckDBPyConnection, filters: Filters, today: date) -> Figures:
    """The portfolio's figures for the assessments `filters` selects, as of `today`."""
    where, params = filters.where()
    selected = f"WITH sel AS (SELECT * FROM assessments{where}) "
    # without a filter every row belongs to a selected assessment: no join to make
    scope = " AND id IN (SELECT id FROM sel)" if where else ""
    total, citing = _all(con, selected + "SELECT count(*), count(*) FILTER (cites_figures) "
                         "FROM sel", params)[0]
    by_outcome = _all(con, selected + "SELECT CAST(recommended AS VARCHAR) AS k, count(*) "
                      "FROM sel GROUP BY k ORDER BY count(*) DESC, k NULLS LAST", params)
    negative = _all(con, selected + "SELECT CAST(ground AS VARCHAR) AS k, count(*) AS n "
                    f"FROM grounds WHERE negative{scope} GROUP BY k ORDER BY n DESC, k", params)
    flags = _all(con, selected + "SELECT CAST(code AS VARCHAR) AS k, count(*) AS n FROM flags "
                 f"WHERE first_of_code{scope} GROUP BY k ORDER BY n DESC, k LIMIT {TOP_FLAGS}",
                 params)
    gaps = _all(con, selected + f"""
        , recorded AS (SELECT CAST(ground AS VARCHAR) AS k, count(*) AS gaps,
                              count(*) FILTER (first_of_ground) AS assessments
                       FROM gaps WHERE TRUE{scope} GROUP BY k),
          missing AS (SELECT CAST(subject AS VARCHAR) AS k, count(DISTINCT id) AS n
                      FROM flags WHERE code = 'no_evidence'{scope} GROUP BY k)
        SELECT coalesce(r.k, m.k) AS k, coalesce(r.gaps, 0), coalesce(r.assessments, 0),
               coalesce(m.n, 0)
        FROM recorded r FULL OUTER JOIN missing m ON r.k IS NOT DISTINCT FROM m.k
        ORDER BY coalesce(r.gaps, 0) + coalesce(m.n, 0) DESC, k NULLS LAST""", params)
    overdue_sql = selected + """
        SELECT sel.id, sel.title, a.due, a.action FROM actions a JOIN sel USING (id)
        WHERE sel.status IN ('approved', 'archived') AND a.due < ?
          AND (a.result IS NULL OR a.result NOT IN ('done', 'changed'))
        ORDER BY a.due, sel.id, a.action"""
    overdue_count = _all(con, f"SELECT count(*) FROM ({overdue_sql})", [*params, today])[0][0]
    overdue = _all(con, overdue_sql + f" LIMIT {LISTED}", [*params, today])
    due_sql = selected + """
        SELECT id, title, follow_up_due FROM sel
        WHERE status = 'approved' AND follow_up_due <= ? AND NOT followed_up
        ORDER BY follow_up_due, id"""
    due_count = _all(con, f"SELECT count(*) FROM ({due_sql})", [*params, today])[0][0]
    due = _all(con, due_sql + f" LIMIT {LISTED}", [*params, today])
    pairs = _all(con, selected + "SELECT CAST(recommended AS VARCHAR) AS r, "
                 "CAST(chosen AS VARCHAR) AS c, count(*) FROM sel GROUP BY r, c "
                 "ORDER BY count(*) DESC, r NULLS LAST, c NULLS LAST", params)
    return Figures(
        today=today, assessments=total,
        by_outcome=[Count(key=k, count=n) for k, n in by_outcome],
        negative_grounds=[Count(key=k, count=n) for k, n in negative],
        top_flags=[Count(key=k, count=n) for k, n in flags],
        evidence_gaps=[GapCount(ground=k, gaps=g, assessments=a, no_evidence=m)
                       for k, g, a, m in gaps],
        citing_figures=citing, citing_share=citing / total if total else None,
        overdue_actions=overdue_count,
        overdue=[Due(id=i, title=t, due=d, action=a) for i, t, d, a in overdue],
        follow_ups_due=due_count, follow_ups=[Due(id=i, title=t, due=d) for i, t, d in due],
        chosen_vs_recommended=[Pair(recommended=r, chosen=c, count=n) for r, c, n in pairs])


def csv_rows(result: Figures) -> list[tuple[str, str, str, int | float]]:
    """The figures as one tidy table: (figure, key, detail, value), for a spreadsheet."""
    rows: list[tuple[str, str, str, int | float]] = [
        ("assessments", "", "", result.assessments),
        ("citing_figures", "", "", result.citing_figures),
        ("citing_share", "", "", round(result.citing_share or 0.0, 4)),
        ("overdue_actions", "", "", result.overdue_actions),
        ("follow_ups_due", "", "", result.follow_ups_due)]
    rows += [("by_outcome", c.key or "not_scored", "", c.count) for c in result.by_outcome]
    rows += [("negative_grounds", c.key or "", "", c.count) for c in result.negative_grounds]
    rows += [("top_flags", c.key or "", "", c.count) for c in result.top_flags]
    for gap in result.evidence_gaps:
        ground = gap.ground or "none"
        rows += [("evidence_gaps", ground, "gaps", gap.gaps),
                 ("evidence_gaps", ground, "assessments", gap.assessments),
                 ("evidence_gaps", ground, "no_evidence", gap.no_evidence)]
    rows += [("chosen_vs_recommended", p.recommended or "not_scored", p.chosen or "not_chosen",
              p.count) for p in result.chosen_vs_recommended]
    return rows
