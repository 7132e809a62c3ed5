"""`eia report` and `eia audit`: the strategy division's follow-up report and audit trail.

A thin layer over `eia.services.report` and `eia.services.audit`, loaded only when one of them
is run (the report loads reportlab and DuckDB).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from eia.cli import AS_OPTION, DIR_OPTION, JSON_OPTION, _echo, _print_json, _service
from eia.i18n import Lang
from eia.model import EventKind

DATE = click.DateTime(["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@click.group()
def report() -> None:
    """Reports for the local government.

    \b
    Example:
      eia report follow-up --from 2025-01-01 --to 2026-12-31 -o report.pdf --as demo-strategist
    """


@report.command("follow-up")
@click.option("--from", "start", required=True, type=DATE, help="The period's first day.")
@click.option("--to", "end", required=True, type=DATE, help="The period's last day.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "md", "html"]),
              help="Output format (default: from the output file's suffix).")
@click.option("--lang", type=click.Choice([lang.value for lang in Lang]),
              default=Lang.sv.value, show_default=True, help="The report's language.")
@click.option("--today", type=DATE,
              help="Judge what is overdue as of this date (default: today).")
@DIR_OPTION
@AS_OPTION
def follow_up(start: datetime, end: datetime, output: Path, fmt: str | None, lang: str,
              today: datetime | None, directory_: Path | None, acting: str | None) -> None:
    """The plan's two-yearly follow-up report: per measure of the plan (2: the impact is
    described in decisions; 3: figures by sex and other factors), the figures of the decisions
    approved in the period against the period of the same length before it, actions done
    against planned, follow-ups done, due and overdue, and the evidence gaps that recur.
    Needs the strategy or admin role; making it is written to the audit log.

    \b
    Examples:
      eia report follow-up --from 2025-01-01 --to 2026-12-31 -o report.pdf --as demo-strategist
      eia report follow-up --from 2025-01-01 --to 2026-12-31 --lang en -o report.docx
    """
    from eia.services.report import export_report
    from eia.statement.make import Format

    try:
        chosen = Format(fmt) if fmt else Format.of(output)
    except ValueError:
        raise click.UsageError(f"cannot tell the format of {output.name}; use --format") from None
    service = _service(directory_)
    data = export_report(service, service.user(acting), start.date(), end.date(), chosen,
                         Lang(lang), today=_day(today))
    output.write_bytes(data)
    _echo(f"wrote {output} ({chosen.value}, {len(data):,} bytes)")


ACTS = sorted([kind.value for kind in EventKind] + ["exported", "published"])


@click.command("audit")
@click.option("--since", type=DATE, help="From this day (UTC).")
@click.option("--until", type=DATE, help="To this day (UTC), included.")
@click.option("--who", metavar="USER", help="Only acts of this user id.")
@click.option("--act", type=click.Choice(ACTS), help="Only this kind of act.")
@click.option("--assessment", metavar="ID", help="Only acts on this assessment.")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def audit(since: datetime | None, until: datetime | None, who: str | None, act: str | None,
          assessment: str | None, directory_: Path | None, acting: str | None,
          as_json: bool) -> None:
    """Who changed, approved, published or exported what, and when.

    Newest first: each assessment's history and its follow-up's, the statements and reports
    made (the audit log beside the store, `.audit/`), and the question sets published. Needs
    the strategy or admin role. A damaged line of the audit log is named on stderr.

    \b
    Examples:
      eia audit --as demo-strategist
      eia audit --act exported --since 2026-01-01 --json --as demo-admin
      eia audit --assessment demo-changing-rooms --as demo-strategist
    """
    from eia.services.audit import audit_trail

    service = _service(directory_)
    trail = audit_trail(service, service.user(acting), since=_day(since), until=_day(until),
                        who=who, act=act, assessment=assessment)
    for problem in trail.problems:
        _echo(f"warning: {problem}", err=True)
    if as_json:
        _print_json([row.model_dump(mode="json") for row in trail.rows])
        return
    for row in trail.rows:
        detail = " · ".join(f"{value}" for value in row.detail.values())
        title = f" ({row.title})" if row.title else ""
        _echo(f"{row.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC  {row.by.id or '-'}  {row.act}  "
              f"{row.object}{title}" + (f"  {detail}" if detail else ""))
