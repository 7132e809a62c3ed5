"""The plan's two-yearly follow-up report: its figures and its file, for the strategy division.

The figures come from the portfolio's index, brought up to date first, over the organisations
the user may read, so they equal the portfolio's for the same selection. Making the file is
written to the audit log (who, when, which period, format and language), since it leaves no
trace in any assessment.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from eia import __version__
from eia.errors import InvalidInputError
from eia.i18n import Lang
from eia.portfolio.periods import FollowUpReport, Period, follow_up_report
from eia.services.assessments import AssessmentService
from eia.services.audit import record_export, require_strategy
from eia.services.portfolio import indexed
from eia.statement.make import Format, render
from eia.statement.report import build_report_statement
from eia.storage.audit import AuditObject
from eia.users import User

REPORT_ACT = "follow-up report"
"""What making the report is called, in the report's own words and in the audit log."""


def period_of(start: date, end: date) -> Period:
    """The period, or InvalidInputError naming both dates when it ends before it starts."""
    try:
        return Period(start=start, end=end)
    except ValidationError as error:
        raise InvalidInputError("; ".join(item["msg"].removeprefix("Value error, ")
                                          for item in error.errors())) from None


def report_figures(service: AssessmentService, user: User, start: date, end: date, *,
                   today: date | None = None) -> FollowUpReport:
    """The report's figures for start–end and the period before; ForbiddenError unless the
    user has the strategy or the admin role."""
    require_strategy(user, f"make the {REPORT_ACT}")
    period = period_of(start, end)
    with indexed(service, user) as index:
        return follow_up_report(index.con, period, index.readable, today or date.today())


def export_report(service: AssessmentService, user: User, start: date, end: date,
                  fmt: Format, lang: Lang | str, *, today: date | None = None) -> bytes:
    """The report as a file of `fmt` (PDF, Word, Markdown or HTML) in `lang`, recorded in the
    audit log; what an app's download button or `eia report follow-up` writes."""
    report = report_figures(service, user, start, end, today=today)
    data = render(build_report_statement(report, lang, author=user.name,
                                         tool_version=__version__), fmt)
    record_export(service.store, user, AuditObject(
        kind="report", id="follow-up", version=f"{start.isoformat()}..{end.isoformat()}"),
        what=REPORT_ACT, fmt=fmt.value, lang=Lang(lang).value)
    return data
