"""The audit trail: who changed, approved, published or exported what, and when.

Three sources, merged newest first: each assessment's append-only history (and its follow-up
record's), read from the portfolio's index, which re-reads only what changed since the last
query, so thousands of assessments are not opened on every look; the audit log of acts that
leave no trace in an assessment (`eia.storage.audit`: statements and reports made); and the
publish record written beside each question set version published in the app. Only the
strategy and admin roles may read it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from eia.errors import EiaError, ForbiddenError
from eia.model import UserRef
from eia.problems import Problem, ProblemsError
from eia.questions.published import RECORD_FILE, read_record
from eia.questions.registry import available_sets
from eia.services.assessments import AssessmentService
from eia.services.portfolio import indexed
from eia.storage.audit import AuditEntry, AuditObject, audit_log
from eia.store import Store
from eia.users import Directory, Role, User

EXPORTED = "exported"
PUBLISHED = "published"


def require_strategy(user: User, doing: str) -> None:
    """The strategy division's acts (the audit trail, the follow-up report): strategy or admin."""
    if not (user.has(Role.strategy) or user.has(Role.admin)):
        raise ForbiddenError("needs-strategy", f"{user.name} ({user.id}) may not {doing}: it "
                             "needs the role Strategy division or Administrator")


def record_export(store: Store, user: User, target: AuditObject, *, what: str, fmt: str,
                  lang: str) -> None:
    """Log that `user` made a file of `what` (a statement, a follow-up statement, the follow-up
    report) of `target` in a format and language."""
    audit_log(store.backend).append(AuditEntry(
        at=store.clock(), by=user.ref(), act=EXPORTED, object=target,
        detail={"what": what, "format": fmt, "language": lang}))


class AuditRow(BaseModel):
    """One line of the trail, as a table in the app or `eia audit` shows it."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime
    by: UserRef
    act: str
    """An assessment's event kind (`created`, `saved`, `approved`, ...), `exported` or
    `published`."""
    object: AuditObject
    title: str = ""
    detail: dict[str, str] = {}
    source: Literal["history", "follow_up", "log", "publish"]


class AuditTrail(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: list[AuditRow]
    problems: list[Problem]


def publish_rows(users: Directory) -> tuple[list[AuditRow], list[Problem]]:
    """A row for each published question set version, from the record written beside it
    when it was published; a damaged record is a problem naming its file, line and field."""
    rows: list[AuditRow] = []
    problems: list[Problem] = []
    for found in available_sets():
        if not (found.path / RECORD_FILE).is_file():
            continue  # installed with the package: never published in the app
        try:
            record = read_record(found.path)
        except ProblemsError as error:
            problems += error.problems
            continue
        rows.append(AuditRow(at=record.published_at, by=_person(users, record.published_by),
                             act=PUBLISHED, source="publish",
                             object=AuditObject(kind="question_set", id=found.id,
                                                version=found.version),
                             detail={"changelog": record.changelog}))
    return rows, problems


def _person(users: Directory, user_id: str) -> UserRef:
    """The publisher by name when the users file still names them, else by id alone."""
    try:
        return users.get(user_id).ref()
    except EiaError:
        return UserRef(id=user_id, name=user_id)


def _bounds(since: date | None, until: date | None) -> tuple[datetime, datetime]:
    """[since's first moment, the moment after until) in UTC; open ends reach far."""
    start = datetime.combine(since, time(), UTC) if since else datetime(1, 1, 2, tzinfo=UTC)
    end = (datetime.combine(until + timedelta(days=1), time(), UTC) if until
           else datetime(9999, 12, 30, tzinfo=UTC))
    return start, end


def _history_rows(service: AssessmentService, user: User, start: datetime, end: datetime,
                  who: str | None, act: str | None, assessment: str | None
                  ) -> tuple[list[AuditRow], list[Problem]]:
    sql = """
        SELECT e.id, a.title, e.happened_at, e.by_id, e.by_name, CAST(e.kind AS VARCHAR),
               e.revision, e.note, e.follow_up
        FROM events e JOIN assessments a USING (id)
        WHERE e.happened_at >= ? AND e.happened_at < ?"""
    with indexed(service, user) as index:
        params: list[Any] = [start, end]
        for column, value in (("e.by_id", who), ("CAST(e.kind AS VARCHAR)", act),
                              ("e.id", assessment)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        sql += f" AND a.organisation IN ({', '.join('?' * len(index.readable)) or 'NULL'})"
        sql += " ORDER BY e.happened_at DESC, e.id, e.revision DESC, e.follow_up DESC"
        found = index.con.execute(sql, [*params, *index.readable]).fetchall()
        problems = index.problems
    return [AuditRow(at=at.astimezone(UTC), by=UserRef(id=by_id, name=by_name), act=kind,
                     title=title,
                     object=AuditObject(kind="assessment", id=key, version=str(revision)),
                     detail={"note": note} if note else {},
                     source="follow_up" if on_record else "history")
            for key, title, at, by_id, by_name, kind, revision, note, on_record in found
            ], problems


def _wanted(row: AuditRow, start: datetime, end: datetime, who: str | None, act: str | None,
            assessment: str | None) -> bool:
    return (start <= row.at < end and (who is None or row.by.id == who)
            and (act is None or row.act == act)
            and (assessment is None or (row.object.kind == "assessment"
                                        and row.object.id == assessment)))


def audit_trail(service: AssessmentService, user: User, *, since: date | None = None,
                until: date | None = None, who: str | None = None, act: str | None = None,
                assessment: str | None = None) -> AuditTrail:
    """Every recorded act from `since` to `until` (UTC days, both included), newest first,
    optionally only by one user id, of one act, or on one assessment; ForbiddenError unless
    the user has the strategy or the admin role."""
    require_strategy(user, "read the audit trail")
    start, end = _bounds(since, until)
    rows, problems = _history_rows(service, user, start, end, who, act, assessment)
    logged, damaged = audit_log(service.store.backend).read(since, until)
    published, unreadable = publish_rows(service.users)
    rows += [row for row in [*map(_logged_row, logged), *published]
             if _wanted(row, start, end, who, act, assessment)]
    rows.sort(key=lambda row: row.at, reverse=True)
    return AuditTrail(rows=rows, problems=[*problems, *damaged, *unreadable])


def _logged_row(entry: AuditEntry) -> AuditRow:
    return AuditRow(at=entry.at, by=entry.by, act=entry.act, object=entry.object,
                    detail=entry.detail, source="log")

