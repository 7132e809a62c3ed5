"""The plan's two-yearly follow-up in figures: a period against the one before it, over the index.

The portfolio's own figures (`eia.portfolio.figures`) are taken as they are, for the decisions
whose counted revision was approved in the period, so the report and the portfolio page count
alike. Beside them, what the plan asks of the follow-up: how many assessments were started in
the period and how many of those are approved by now (Measure 2), the actions due in the period
done against planned, the follow-ups planned in the period recorded, due and overdue, and the
evidence gaps that recur in both periods (Measure 3). Pure queries: no store, no clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
from pydantic import BaseModel, ConfigDict, model_validator

from eia.portfolio.figures import Figures, Filters, figures

LOCKED_SQL = "('approved', 'archived')"
"""The statuses whose actions and follow-up are planned: the decision was approved."""


class Period(BaseModel):
    """Days from `start` to `end`, both included."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self

    def previous(self) -> Period:
        """The period of the same length right before this one: as many whole months when it is
        whole months (2025–2026 against 2023–2024, whatever the leap days), else as many days."""
        after = self.end + timedelta(days=1)
        if self.start.day == 1 and after.day == 1:
            months = (after.year - self.start.year) * 12 + after.month - self.start.month
            index = self.start.year * 12 + self.start.month - 1 - months
            start = date(index // 12, index % 12 + 1, 1)
        else:
            start = self.start - timedelta(days=(self.end - self.start).days + 1)
        return Period(start=start, end=self.start - timedelta(days=1))

    def as_of(self, today: date) -> date:
        """The day overdue is judged on: the period's end, or today while it is running."""
        return min(self.end, today)


class Work(BaseModel):
    """What the officers did with the decisions, counted for one period."""

    model_config = ConfigDict(frozen=True)

    started: int
    """Assessments created in the period."""
    completed: int
    """Of those, approved (or since archived) by the time the report is made."""
    actions_planned: int
    """Actions of approved (or archived) decisions due in the period."""
    actions_done: int
    actions_changed: int
    actions_not_done: int
    actions_without_result: int
    """No result recorded, or recorded as not known."""
    actions_overdue: int
    """Due before the period's as-of day and neither done nor changed (the portfolio's rule)."""
    follow_ups_planned: int
    """Approved (or archived) decisions whose follow-up date falls in the period."""
    follow_ups_done: int
    follow_ups_overdue: int
    """The date has come by the as-of day and nothing is recorded."""
    demo: int
    """Demo assessments among those counted in any figure of the period."""
    synthetic: int
    """Decisions approved in the period counted with a flag raised from synthetic figures."""

    @property
    def completed_share(self) -> float | None:
        return self.completed / self.started if self.started else None


class PeriodFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    period: Period
    as_of: date
    figures: Figures
    """The portfolio's figures for the decisions approved in the period, as of `as_of`."""
    work: Work


class FollowUpReport(BaseModel):
    """Everything the two-yearly report prints, as plain data."""

    model_config = ConfigDict(frozen=True)

    made: date
    current: PeriodFigures
    previous: PeriodFigures
    recurring_gaps: list[str | None]
    """Grounds with evidence gaps (recorded, or flagged for no evidence) in both periods; None:
    gaps recorded naming no ground."""

    @property
    def demo(self) -> bool:
        """Demo assessments are counted: every page must say so."""
        return bool(self.current.work.demo or self.previous.work.demo)

    @property
    def synthetic(self) -> bool:
        """A figure rests on synthetic context data: page one and the flags are stamped."""
        return bool(self.current.work.synthetic or self.previous.work.synthetic)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> tuple[Any, ...]:
    row: tuple[Any, ...] = con.execute(sql, params).fetchall()[0]
    return row


def work(con: duckdb.DuckDBPyConnection, period: Period, readable: tuple[str, ...] | None,
         as_of: date) -> Work:
    """The officers' work in `period` over the assessments of `readable` organisations."""
    where, params = Filters(readable=readable).where()
    sel = f"WITH sel AS (SELECT * FROM assessments{where}) "
    span = [period.start, period.end]
    started, completed = _one(con, sel + "SELECT count(*), count(*) FILTER (status IN "
                              f"{LOCKED_SQL}) FROM sel WHERE created_on BETWEEN ? AND ?",
                              [*params, *span])
    actions = _one(con, sel + f"""
        SELECT count(*), count(*) FILTER (a.result = 'done'),
               count(*) FILTER (a.result = 'changed'), count(*) FILTER (a.result = 'not_done'),
               count(*) FILTER (a.result IS NULL OR a.result = 'unknown'),
               count(*) FILTER (a.due < ? AND (a.result IS NULL
                                               OR a.result NOT IN ('done', 'changed')))
        FROM actions a JOIN sel USING (id)
        WHERE sel.status IN {LOCKED_SQL} AND a.due BETWEEN ? AND ?""", [*params, as_of, *span])
    follow_ups = _one(con, sel + f"""
        SELECT count(*), count(*) FILTER (followed_up),
               count(*) FILTER (NOT followed_up AND follow_up_due <= ?)
        FROM sel WHERE status IN {LOCKED_SQL} AND follow_up_due BETWEEN ? AND ?""",
                      [*params, as_of, *span])
    demo = _one(con, sel + f"""
        SELECT count(*) FROM sel WHERE demo AND (
            created_on BETWEEN ? AND ? OR approved_on BETWEEN ? AND ?
            OR (status IN {LOCKED_SQL} AND (follow_up_due BETWEEN ? AND ?
                OR id IN (SELECT id FROM actions WHERE due BETWEEN ? AND ?))))""",
                [*params, *span * 4])[0]
    synthetic = _one(con, sel + "SELECT count(*) FILTER (synthetic) FROM sel "
                     "WHERE approved_on BETWEEN ? AND ?", [*params, *span])[0]
    return Work(started=started, completed=completed, actions_planned=actions[0],
                actions_done=actions[1], actions_changed=actions[2],
                actions_not_done=actions[3], actions_without_result=actions[4],
                actions_overdue=actions[5], follow_ups_planned=follow_ups[0],
                follow_ups_done=follow_ups[1], follow_ups_overdue=follow_ups[2], demo=demo,
                synthetic=synthetic)


def period_figures(con: duckdb.DuckDBPyConnection, period: Period,
                   readable: tuple[str, ...] | None, today: date) -> PeriodFigures:
    as_of = period.as_of(today)
    chosen = Filters(readable=readable, approved_from=period.start, approved_to=period.end)
    return PeriodFigures(period=period, as_of=as_of, figures=figures(con, chosen, as_of),
                         work=work(con, period, readable, as_of))


def _gap_grounds(found: Figures) -> list[str | None]:
    return [gap.ground for gap in found.evidence_gaps if gap.gaps or gap.no_evidence]


def follow_up_report(con: duckdb.DuckDBPyConnection, period: Period,
                     readable: tuple[str, ...] | None, today: date) -> FollowUpReport:
    """The report's figures for `period` and the one before it, made on `today`."""
    current = period_figures(con, period, readable, today)
    previous = period_figures(con, period.previous(), readable, today)
    before = set(_gap_grounds(previous.figures))
    return FollowUpReport(made=today, current=current, previous=previous,
                          recurring_gaps=[g for g in _gap_grounds(current.figures)
                                          if g in before])
