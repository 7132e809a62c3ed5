"""The portfolio index's columns, declared from the model, and the rows of one assessment.

The index is never left to DuckDB's schema sampling (`read_json` guesses from a sample and
silently drops a key first seen after it): every table and column is declared here, each
category column as a DuckDB ENUM of the model's own enum, so a value the model does not know
cannot be stored, and a model that gains a member changes `SCHEMA_HASH` and the index is rebuilt.
`rows_of` is pure: an assessment, the result it is counted with, and its follow-up in; rows out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from eia.flags import FlagCode, FlagSeverity
from eia.model import (
    ActionResult,
    Assessment,
    Direction,
    EventKind,
    FollowUpRecord,
    Ground,
    Level,
    Outcome,
    Status,
    Subject,
)
from eia.rules import Result, Screened

ENUMS: dict[str, type[StrEnum]] = {
    "status_t": Status, "outcome_t": Outcome, "ground_t": Ground, "direction_t": Direction,
    "level_t": Level, "flag_t": FlagCode, "severity_t": FlagSeverity, "subject_t": Subject,
    "action_result_t": ActionResult, "event_t": EventKind,
}
"""DuckDB ENUM types, each made from the model's enum of the same values."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """A DuckDB type: VARCHAR, INTEGER, BOOLEAN, DATE, TIMESTAMPTZ, or a name in ENUMS."""


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in spec.split())


TABLES: dict[str, tuple[Column, ...]] = {
    "assessments": _columns(
        "id:VARCHAR revision:INTEGER follow_up_revision:INTEGER organisation:VARCHAR "
        "department:VARCHAR committee:VARCHAR year:INTEGER status:status_t set_id:VARCHAR "
        "set_version:VARCHAR demo:BOOLEAN title:VARCHAR recommended:outcome_t "
        "chosen:outcome_t as_approved:BOOLEAN cites_figures:BOOLEAN follow_up_due:DATE "
        "followed_up:BOOLEAN updated_at:TIMESTAMPTZ created_on:DATE approved_on:DATE "
        "synthetic:BOOLEAN"),
    "grounds": _columns(
        "id:VARCHAR ground:ground_t relevant:BOOLEAN direction:direction_t "
        "inherent:level_t residual:level_t negative:BOOLEAN"),
    "flags": _columns("id:VARCHAR code:flag_t severity:severity_t subject:subject_t "
                      "first_of_code:BOOLEAN"),
    "gaps": _columns("id:VARCHAR ground:ground_t first_of_ground:BOOLEAN"),
    "actions": _columns(
        "id:VARCHAR action:VARCHAR due:DATE decided:BOOLEAN result:action_result_t"),
    "events": _columns(
        "id:VARCHAR happened_at:TIMESTAMPTZ by_id:VARCHAR by_name:VARCHAR kind:event_t "
        "revision:INTEGER note:VARCHAR follow_up:BOOLEAN"),
}
"""Every table has `id` (the assessment's) first: a changed assessment's rows are replaced.
`first_of_code` and `first_of_ground` mark one row per assessment and flag code (or gap ground),
so "how many assessments" is a filtered count, not a DISTINCT over every row. `events` holds
the history of the assessment and of its follow-up record (`follow_up`), for the audit trail.
`created_on` and `approved_on` are UTC dates, as the statements print them; `approved_on` is the
approval of the revision counted, so only an approved or archived assessment has one.
`synthetic`: a flag it is counted with was raised from synthetic context figures."""


def ddl() -> list[str]:
    """The statements that create the index's types and tables."""
    types = [f"CREATE TYPE {name} AS ENUM ("
             + ", ".join(f"'{member.value}'" for member in enum) + ")"
             for name, enum in ENUMS.items()]
    tables = [f"CREATE TABLE {table} ("
              + ", ".join(f"{column.name} {column.type}" for column in columns) + ")"
              for table, columns in TABLES.items()]
    return types + tables


SCHEMA_HASH = hashlib.sha256("\n".join(ddl()).encode("utf-8")).hexdigest()[:16]
"""Changes whenever a column or an enum member does: an index of another hash is rebuilt."""

Rows = dict[str, list[tuple[Any, ...]]]


def year_of(assessment: Assessment) -> int | None:
    """The decision's meeting year, else the year the assessment was created."""
    if assessment.decision.meeting_date is not None:
        return assessment.decision.meeting_date.year
    return assessment.history[0].at.year if assessment.history else None


def approved_on(assessment: Assessment) -> date | None:
    """The UTC date the counted revision was approved: the last approval of an approved or
    archived assessment (a reopened one counts as the draft it is now, approved on no date)."""
    if assessment.status not in (Status.approved, Status.archived):
        return None
    approvals = [event.at for event in assessment.history if event.kind is EventKind.approved]
    return approvals[-1].astimezone(UTC).date() if approvals else None


def rows_of(assessment: Assessment, result: Result | None, follow_up: FollowUpRecord | None,
            *, as_approved: bool) -> Rows:
    """The index rows of one assessment; `result` None when it could not be scored."""
    key = assessment.id
    last: datetime | None = assessment.history[-1].at if assessment.history else None
    first = assessment.history[0].at.astimezone(UTC).date() if assessment.history else None
    events = [(event, False) for event in assessment.history]
    events += [(event, True) for event in (follow_up.history if follow_up else [])]
    results = {item.action_id: item.result for item in follow_up.results} if follow_up else {}
    rows: Rows = {
        "assessments": [(
            key, assessment.revision, follow_up.revision if follow_up else 0,
            assessment.organisation, assessment.decision.department,
            assessment.decision.committee, year_of(assessment), assessment.status.value,
            assessment.question_set.id, assessment.question_set.version, assessment.demo,
            assessment.decision.title,
            result.recommended_outcome.value.value if result else None,
            _value(assessment.conclusion.chosen_outcome), as_approved,
            bool(assessment.evidence.context_figures), assessment.follow_up.due,
            follow_up is not None, last, first, approved_on(assessment),
            any(flag.rests_on_synthetic for flag in (result.flags if result else [])))],
        "grounds": [(key, item.ground.value,
                     item.screening.value is not Screened.screened_out,
                     _value(item.direction.value), item.inherent.value.value,
                     item.residual.value.value, item.is_negative)
                    for item in (result.grounds if result else [])],
        "flags": _marked([(key, flag.code.value, flag.severity.value, _value(flag.subject))
                          for flag in (result.flags if result else [])], 1),
        "gaps": _marked([(key, _value(ground)) for gap in assessment.evidence.gaps
                         for ground in (gap.grounds or [None])], 1),
        "actions": [(key, action.id, action.due, action.decided,
                     _value(results.get(action.id))) for action in assessment.actions],
        "events": [(key, event.at, event.by.id, event.by.name, event.kind.value,
                    event.revision, event.note, on_record) for event, on_record in events],
    }
    return rows


def _marked(rows: list[tuple[Any, ...]], at: int) -> list[tuple[Any, ...]]:
    """Each row with True appended when it is the first with its value at `at`, else False."""
    seen: set[Any] = set()
    marked = []
    for row in rows:
        marked.append((*row, row[at] not in seen))
        seen.add(row[at])
    return marked


def _value(member: StrEnum | None) -> str | None:
    return None if member is None else member.value


def empty_rows() -> Rows:
    return {table: [] for table in TABLES}


def check_row_widths(rows: Rows) -> None:
    """Every row has one value per declared column (a test and the index rely on it)."""
    for table, items in rows.items():
        width = len(TABLES[table])
        for row in items:
            if len(row) != width:
                raise ValueError(f"{table}: a row of {len(row)} values for {width} columns")
