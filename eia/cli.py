"""The `eia` command: a thin layer over the services, each help text with an example.

Heavy libraries (DuckDB, Altair, reportlab) are imported only by the commands that use them, so
`eia --help` and `eia assessments list` start quickly.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import click

from eia import __version__
from eia.errors import (
    ConflictError,
    EiaError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from eia.i18n import Lang
from eia.model import EventKind, Ground, QuestionSetRef, Status, Step, Verdict
from eia.problems import Problem, ProblemsError
from eia.services.assessments import AssessmentService
from eia.terminal import printable
from eia.users import directory

EXIT_FAILED = 1
"""A check said no: a statement that does not match, a question set with problems."""
EXIT_USAGE = 2
"""Click's own code for a wrong command line."""
EXIT_REFUSED = 3
EXIT_CONFLICT = 4
EXIT_NOT_FOUND = 5
EXIT_FORBIDDEN = 6

EXIT_CODES: list[tuple[type[BaseException], int]] = [
    (ProblemsError, EXIT_REFUSED),
    (ConflictError, EXIT_CONFLICT),
    (NotFoundError, EXIT_NOT_FOUND),
    (ForbiddenError, EXIT_FORBIDDEN),
    (InvalidInputError, EXIT_REFUSED),
    (EiaError, EXIT_FAILED),
]

EXIT_HELP = f"""\b
Exit codes:
  0  done
  {EXIT_FAILED}  a check failed (a statement does not match, a set has problems)
  {EXIT_USAGE}  the command line is wrong
  {EXIT_REFUSED}  refused input (a bad id, a damaged file, invalid data)
  {EXIT_CONFLICT}  conflict: someone saved a newer revision first
  {EXIT_NOT_FOUND}  not found (no such assessment, revision or user)
  {EXIT_FORBIDDEN}  forbidden by the acting user's role or the workflow"""


def _echo(text: str, *, err: bool = False) -> None:
    """Print text that may hold what a user typed, with every control character made visible."""
    click.echo(printable(text), err=err)


def _fail(problems: list[Problem], code: int = EXIT_REFUSED) -> NoReturn:
    for problem in problems:
        _echo(f"error: {problem}", err=True)
    sys.exit(code)


def exit_code(error: BaseException) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


class EiaGroup(click.Group):
    """Turns the core's refusals into a message and a documented exit code, and loads the
    heavy `data` commands only when one is asked for."""

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "data": ("eia.cli_data:data",
                 "Build and inspect the context database of figures shown beside the questions."),
        "report": ("eia.cli_report:report", "Reports for the local government."),
        "audit": ("eia.cli_report:audit",
                  "Who changed, approved, published or exported what, and when."),
    }
    """Commands imported only when run, with the line `eia --help` shows for them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name][0].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, without importing the lazy commands to read their help."""
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, self.LAZY[name][1] if name in self.LAZY
                 else self.commands[name].get_short_help_str(limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ProblemsError as error:
            _fail(error.problems, exit_code(error))
        except EiaError as error:
            _echo(f"error: {error}", err=True)
            sys.exit(exit_code(error))


@click.group(cls=EiaGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="eia")
def main() -> None:
    """Likvärdig: equality impact assessment of proposed decisions.

    \b
    Example:
      eia demo && eia assessments list
    """


LANG_OPTION = click.option("--lang", type=click.Choice([lang.value for lang in Lang]),
                           default=Lang.sv.value, show_default=True,
                           help="Language of the explanations.")
DIR_OPTION = click.option(
    "--dir", "directory_", type=click.Path(file_okay=False, path_type=Path),
    help="Assessment folder (default: $EIA_ASSESSMENTS_DIR, else the project's assessments).")
AS_OPTION = click.option(
    "--as", "acting", metavar="USER",
    help="Act as this user id (see `eia users list`); in the local demo mode the default "
         "is the demo case officer.")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
REVISION_OPTION = click.option(
    "--revision", "expected", type=int,
    help="The revision you read; refused as a conflict if it is no longer current.")
CONTEXT_OPTION = click.option(
    "--context/--no-context", "use_context", default=True, show_default=True,
    help="Read the context database for the figures of the assessment's areas.")


def _service(directory_: Path | None) -> AssessmentService:
    if directory_ is None:
        return AssessmentService.default()
    return AssessmentService.for_folder(directory_)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


# --- questions -------------------------------------------------------------------------------


@main.group()
def questions() -> None:
    """Check and describe question sets.

    \b
    Example:
      eia questions validate
    """


@questions.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@JSON_OPTION
def questions_validate(path: Path | None, as_json: bool) -> None:
    """Check a question set folder (or every installed set) and name each problem's file and line.

    \b
    Examples:
      eia questions validate
      eia questions validate my-sets/helsingborg/1.1 --json
    """
    from eia.questions import available_sets, load_question_set

    targets = [path] if path else [location.path for location in available_sets()]
    problems: list[Problem] = []
    checked: list[dict[str, Any]] = []
    for target in targets:
        try:
            question_set = load_question_set(target)
        except ProblemsError as error:
            problems += error.problems
            checked.append({"path": str(target), "ok": False,
                            "problems": [p.model_dump() for p in error.problems]})
            continue
        checked.append({"path": str(target), "ok": True, "id": question_set.id,
                        "version": question_set.version,
                        "questions": len(question_set.questions()),
                        "sections": len(question_set.sections)})
        if not as_json:
            _echo(f"ok: {question_set.id} {question_set.version} "
                  f"({len(question_set.questions())} questions, "
                  f"{len(question_set.sections)} sections) in {target}")
    if as_json:
        _print_json(checked)
        sys.exit(EXIT_FAILED if problems else 0)
    if problems:
        _fail(problems, EXIT_FAILED)


@questions.command("schema")
@click.option("--part", type=click.Choice(["set", "section"]), default="set", show_default=True,
              help="Schema of set.yaml, or of a section file it includes.")
def questions_schema(part: str) -> None:
    """Print a JSON Schema that an editor can use to check a question set as you type.

    \b
    Example:
      eia questions schema > question-set.schema.json
    """
    from eia.questions import json_schema_text

    click.echo(json_schema_text(part), nl=False)


def _set_from(name: str | None, version: str | None) -> Any:
    """A question set named by id (and version, a draft's included; the newest installed or
    published without one) or by its folder."""
    from eia.questions import DEFAULT_SET_ID, get_question_set, load_question_set, load_version

    if name and (Path(name).is_dir() or Path(name).name == "set.yaml"):
        if version:
            raise click.UsageError("--version is for a set id; a folder is one version")
        return load_question_set(Path(name))
    if version:
        return load_version(name or DEFAULT_SET_ID, version)
    return get_question_set(name or DEFAULT_SET_ID)


@questions.command("graph")
@click.argument("set_name", metavar="[SET]", required=False)
@click.option("--version", help="The set's version (default: the newest).")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="Mermaid (Markdown, GitLab, GitHub) or Graphviz DOT.")
@LANG_OPTION
def questions_graph(set_name: str | None, version: str | None, fmt: str, lang: str) -> None:
    """Draw a set's logic: which answers show which questions, which answers force a level or
    raise a flag, and which outcome rules lead to which outcome.

    SET is a set id (default helsingborg) or a set's folder.

    \b
    Examples:
      eia questions graph --version 1.1 > logic.mmd
      eia questions graph helsingborg --format dot --lang en | dot -Tsvg > logic.svg
    """
    from eia.questions.graph import logic_graph, to_dot, to_mermaid

    graph = logic_graph(_set_from(set_name, version), Lang(lang))
    click.echo((to_mermaid if fmt == "mermaid" else to_dot)(graph), nl=False)


@questions.command("what-if")
@click.argument("draft", metavar="DRAFT")
@click.option("--set", "set_id", metavar="ID",
              help="The set DRAFT is a version of, when it is a version (default: helsingborg).")
@click.option("--context/--no-context", "use_context", default=False, show_default=True,
              help="Score with the context figures too (slow: the figures of every "
                   "assessment's areas are read).")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def questions_what_if(draft: str, set_id: str | None, use_context: bool,
                      directory_: Path | None, acting: str | None, as_json: bool) -> None:
    """Before publishing a version: which recommended outcomes, levels and flags it would
    change, for every saved assessment you may read that is answered under the same set.

    DRAFT is a version (installed, published, or a draft made with `eia questions draft`) or a
    set folder. Answers are
    carried over as `eia assessments upgrade --dry-run` carries them; nothing is saved. An
    approved assessment keeps its approved result: its line says what a re-assessment under
    DRAFT would give.

    \b
    Examples:
      eia questions what-if 1.2
      eia questions what-if question-sets/drafts/helsingborg/1.2 --json
    """
    from eia.services.whatif import summary_counts, what_if

    is_folder = Path(draft).is_dir() or Path(draft).name == "set.yaml"
    if not is_folder and not re.fullmatch(r"\d+\.\d+(\.\d+)?", draft):
        raise click.UsageError(f"DRAFT {draft!r} is neither a set folder nor a version")
    if is_folder and set_id:
        raise click.UsageError("--set is for a version; a folder names its own set")
    question_set = _set_from(draft, None) if is_folder else _set_from(set_id, draft)
    service = _service(directory_)
    report = what_if(service, service.user(acting), question_set, use_context=use_context)
    for problem in report.problems:
        _echo(f"warning: {problem}", err=True)
    if as_json:
        _print_json({**report.model_dump(mode="json"), "summary": summary_counts(report.rows),
                     "changed": [row.id for row in report.changed]})
        return
    target = report.target
    counts = summary_counts(report.rows)
    lines = [f"{target.id} {target.version}: {counts['changed']} of {counts['assessments']} "
             f"assessments would change (recommended outcome: {counts['outcome_changes']}, "
             f"levels: {counts['level_changes']}, flags: {counts['flag_changes']})"]
    if not report.used_context:
        lines.append("scored without the context figures: the flags only they raise are left "
                     "out (--context to include them)")
    for row in report.rows:
        head = f"{row.id} ({row.status.value}, {row.source.version} → {target.version}): "
        if row.as_approved:
            head += (f"keeps its approved result {row.outcome_before.value}; a re-assessment "
                     f"would give {row.outcome_after.value}")
        elif row.outcome_before is row.outcome_after:
            head += f"{row.outcome_before.value} (unchanged)"
        else:
            head += f"{row.outcome_before.value} → {row.outcome_after.value}"
        lines.append(head if row.changed else f"{head}; nothing else changes")
        lines += [f"    {g.ground.value}: {g.inherent_before.value} → {g.inherent_after.value} "
                  f"before actions, {g.residual_before.value} → {g.residual_after.value} after"
                  for g in row.grounds]
        for word, flags in (("flags added", row.flags_added),
                            ("flags removed", row.flags_removed),
                            ("answers not asked any more", row.not_asked_any_more),
                            ("answers no longer valid", row.no_longer_valid)):
            if flags:
                lines.append(f"    {word}: {', '.join(flags)}")
    if report.other_sets:
        lines.append(f"answered under another set: {', '.join(report.other_sets)}")
    _echo("\n".join(lines))


# --- users -----------------------------------------------------------------------------------


@main.group()
def users() -> None:
    """The people who act in the tool and their roles ($EIA_USERS_FILE, else the local demo).

    \b
    Example:
      eia users list
    """


@users.command("list")
@JSON_OPTION
def users_list(as_json: bool) -> None:
    """List the users, their roles and organisation.

    \b
    Example:
      eia users list --json
    """
    people = directory()
    if as_json:
        _print_json({"local": people.local,
                     "users": [user.model_dump(mode="json") for user in people.users]})
        return
    if people.local:
        _echo("local single-user demo mode (no EIA_USERS_FILE): the people are fictitious")
    for user in people.users:
        roles = ",".join(sorted(role.value for role in user.roles))
        _echo(f"{user.id}\t{roles}\t{user.organisation}\t{user.name}")


# --- assessments -----------------------------------------------------------------------------


@main.group()
def assessments() -> None:
    """Create, list, show, score, export and move assessments through their workflow.

    \b
    Example:
      eia assessments score demo-digital-booking --explain
    """


@assessments.command("list")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def assessments_list(directory_: Path | None, acting: str | None, as_json: bool) -> None:
    """List the assessments you may read; a damaged file is reported and the others listed.

    \b
    Examples:
      eia assessments list
      eia assessments list --json
    """
    service = _service(directory_)
    listing = service.list(service.user(acting))
    for problem in listing.problems:
        _echo(f"problem: {problem}", err=True)
    if as_json:
        _print_json([item.model_dump(mode="json") for item in listing.items])
        return
    for item in listing.items:
        demo = " [DEMO]" if item.demo else ""
        _echo(f"{item.id}\t{item.status.value}\tr{item.revision}\t"
              f"{printable(item.title, single_line=True)}{demo}")


@assessments.command("show")
@click.argument("assessment_id")
@click.option("--revision", type=int, help="An earlier revision (default: the current one).")
@DIR_OPTION
@AS_OPTION
def assessments_show(assessment_id: str, revision: int | None, directory_: Path | None,
                     acting: str | None) -> None:
    """Print a saved assessment as JSON (migrated to the current schema).

    \b
    Example:
      eia assessments show demo-branch-library
    """
    service = _service(directory_)
    saved = service.get(service.user(acting), assessment_id, revision)
    _echo(saved.assessment.to_json().rstrip("\n"))


@assessments.command("new")
@click.argument("assessment_id")
@click.option("--title", default="", help="The proposed decision's title.")
@click.option("--copy-from", metavar="ID",
              help="Start from an earlier assessment's answers and evidence.")
@click.option("--set", "set_ref", metavar="ID@VERSION",
              help="Question set and version (default: the newest Helsingborg set).")
@DIR_OPTION
@AS_OPTION
def assessments_new(assessment_id: str, title: str, copy_from: str | None,
                    set_ref: str | None, directory_: Path | None, acting: str | None) -> None:
    """Create a draft assessment, blank or as a copy of an earlier one, with you as officer.

    \b
    Examples:
      eia assessments new bibliotek-2027 --title "Opening hours of the city library"
      eia assessments new bokning-2028 --copy-from demo-digital-booking --as demo-officer
    """
    service = _service(directory_)
    question_set = None
    if set_ref:
        set_id, _, version = set_ref.partition("@")
        question_set = QuestionSetRef(id=set_id, version=version)
    created = service.create(service.user(acting), assessment_id, title=title,
                             copy_from=copy_from, question_set=question_set)
    _echo(f"created {created.id} r{created.revision} ({created.status.value})")


def _transition(name: str, event: EventKind, call: Callable[..., Any], example: str,
                help_text: str, *, needs_note: bool = False, sign_off: bool = False) -> None:
    """Register one workflow command; all share their options and their output."""

    @click.argument("assessment_id")
    @click.option("--note", default="", required=needs_note,
                  help="What the history records with the step"
                       + (" (required: say what must change)." if needs_note else "."))
    @REVISION_OPTION
    @DIR_OPTION
    @AS_OPTION
    def command(assessment_id: str, note: str, expected: int | None, directory_: Path | None,
                acting: str | None, **extra: Any) -> None:
        service = _service(directory_)
        moved = call(service, service.user(acting), assessment_id, note=note,
                     expected_revision=expected, **extra)
        _echo(f"{event.value} {moved.id}: now {moved.status.value}, r{moved.revision}")

    command.__doc__ = f"{help_text}\n\n\b\nExample:\n  {example}"
    if sign_off:
        command = click.option("--role", "sign_off_role", default="",
                               help="Your title for the sign-off, e.g. 'Head of unit'.")(command)
    assessments.command(name)(command)


_transition("submit", EventKind.submitted, AssessmentService.submit,
            "eia assessments submit demo-branch-library --as demo-officer",
            "Send a draft or returned assessment for review; refused while a blocker stands.")
_transition("return", EventKind.returned, AssessmentService.return_for_changes,
            'eia assessments return demo-digital-booking --as demo-reviewer '
            '--note "Describe the phone booking."',
            "Return an assessment in review to its officers with what must change.",
            needs_note=True)
_transition("approve", EventKind.approved, AssessmentService.approve,
            "eia assessments approve demo-digital-booking --as demo-reviewer --role 'Head of unit'",
            "Approve an assessment in review and sign it off; nobody approves their own.",
            sign_off=True)
_transition("reopen", EventKind.reopened, AssessmentService.reopen,
            "eia assessments reopen demo-changing-rooms --as demo-officer",
            "Start a new draft revision of an approved or archived assessment.")
_transition("archive", EventKind.archived, AssessmentService.archive,
            "eia assessments archive demo-changing-rooms --as demo-officer",
            "Archive an approved assessment that no longer applies.")


STEP_ARGUMENT = click.argument("step", metavar="STEP",
                               type=click.Choice([step.value for step in Step]))
"""One of the assessment's steps (decision, screening, ..., follow_up), as `--help` lists them."""


@assessments.command("judge")
@click.argument("assessment_id")
@STEP_ARGUMENT
@click.option("--verdict", required=True, type=click.Choice([v.value for v in Verdict]),
              help="acceptable, to_improve, or must_correct (returns it to its officers).")
@click.option("--comment", default="", help="What to change (required unless acceptable).")
@REVISION_OPTION
@DIR_OPTION
@AS_OPTION
def assessments_judge(assessment_id: str, step: str, verdict: str, comment: str,
                      expected: int | None, directory_: Path | None, acting: str | None) -> None:
    """Judge one STEP of an assessment in review, as a reviewer who did not write it.

    STEP is one of: decision, screening, evidence, impact, perspectives, alternatives,
    cumulative, previous, consultation, actions, conclusion, follow_up.

    "must_correct" returns the assessment to its officers; it cannot be approved until they
    answer the comment (or the step is judged again). Give the other steps' judgements first.

    \b
    Example:
      eia assessments judge demo-digital-booking consultation --verdict must_correct \\
        --comment "Say what the pensioners' council said." --as demo-reviewer
    """
    service = _service(directory_)
    judged = service.judge(service.user(acting), assessment_id, Step(step), Verdict(verdict),
                           comment, expected_revision=expected)
    _echo(f"judged {judged.id} {step}: {verdict}; now {judged.status.value}, "
          f"r{judged.revision}")


@assessments.command("answer")
@click.argument("assessment_id")
@STEP_ARGUMENT
@click.option("--reply", "text", required=True, help="Your answer to the reviewer's comment.")
@REVISION_OPTION
@DIR_OPTION
@AS_OPTION
def assessments_answer(assessment_id: str, step: str, text: str, expected: int | None,
                       directory_: Path | None, acting: str | None) -> None:
    """Answer the reviewer's comments on one STEP of a returned assessment (its officers).

    STEP is a step as `eia assessments judge` names them, e.g. consultation.

    \b
    Example:
      eia assessments answer demo-digital-booking consultation \\
        --reply "Added what the council said." --as demo-officer
    """
    service = _service(directory_)
    answered = service.reply(service.user(acting), assessment_id, Step(step), text,
                             expected_revision=expected)
    left = len(answered.comments_to_answer())
    _echo(f"answered {answered.id} {step}: r{answered.revision}, "
          f"{left} comment{'s' if left != 1 else ''} left to answer")


@assessments.command("attach")
@click.argument("assessment_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="The name to record (default: the file's own name).")
@click.option("--step", type=click.Choice([step.value for step in Step]),
              help="The step it belongs to.")
@click.option("--ground", type=click.Choice([ground.value for ground in Ground]),
              help="The ground it speaks to.")
@REVISION_OPTION
@DIR_OPTION
@AS_OPTION
def assessments_attach(assessment_id: str, file: Path, name: str | None, step: str | None,
                       ground: str | None, expected: int | None, directory_: Path | None,
                       acting: str | None) -> None:
    """Attach a PDF, Word, Excel, CSV, PNG or JPEG file to a draft or returned assessment.

    The type is read from the content and must match the name; the size limit is
    $EIA_MAX_ATTACHMENT_BYTES. A refused file is not stored at all.

    \b
    Example:
      eia assessments attach demo-branch-library minnesanteckningar.pdf --step consultation
    """
    service = _service(directory_)
    saved = service.attach(service.user(acting), assessment_id, file.read_bytes(),
                           name or file.name, step=Step(step) if step else None,
                           ground=Ground(ground) if ground else None,
                           expected_revision=expected)
    added = saved.attachments[-1]
    _echo(f"attached {added.name} ({added.type.value}, {added.size:,} bytes, sha256 "
          f"{added.sha256}) to {saved.id}: r{saved.revision}")


@assessments.command("diff")
@click.argument("assessment_id")
@click.argument("before", type=int)
@click.argument("after", type=int)
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
@CONTEXT_OPTION
def assessments_diff(assessment_id: str, before: int, after: int, directory_: Path | None,
                     acting: str | None, as_json: bool, use_context: bool) -> None:
    """Show what changed between two revisions: answers, the score and flags, and who.

    `--json` prints a list of objects with `path`, `kind` (added, removed, changed),
    `before` and `after`; content first, then the score (`score.*`) and flags (`flags.*`).

    \b
    Examples:
      eia assessments diff demo-changing-rooms 2 9
      eia assessments diff demo-changing-rooms 2 9 --json
    """
    service = _service(directory_)
    found = service.diff(service.user(acting), assessment_id, before, after,
                         use_context=use_context)
    if as_json:
        _print_json(found.items())
        return
    who = (f"{found.by.name}, {found.at.isoformat()}" if found.by and found.at else "-")
    lines = [f"{found.id} r{found.before} → r{found.after} (r{found.after}: {who})"]
    lines += [f"  r{e.revision} {e.kind.value} by {e.by.name}" for e in found.events]
    for title, changes in (("changes", found.changes), ("score and flags", found.score)):
        lines.append(f"{title}:" if changes else f"{title}: none")
        lines += [f"  {change.kind:<8} {change.path}: {_value(change.before)} → "
                  f"{_value(change.after)}" for change in changes]
    _echo("\n".join(lines))


def _value(value: Any) -> str:
    """A changed value on one line: text as typed (cut at 80 characters), the rest as JSON."""
    if value is None:
        return "–"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = printable(text, single_line=True)
    return text if len(text) <= 80 else text[:79] + "…"


@assessments.command("upgrade")
@click.argument("assessment_id")
@click.option("--to", "version", metavar="VERSION",
              help="The set version to move to (default: the newest installed).")
@click.option("--dry-run", is_flag=True, help="Only show what would change; save nothing.")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def assessments_upgrade(assessment_id: str, version: str | None, dry_run: bool,
                        directory_: Path | None, acting: str | None, as_json: bool) -> None:
    """Move a draft to a newer question set version, showing what changes.

    Answers are kept; questions the old version never asked start unanswered, and an action
    that does not say what it does to the risk lowers nothing under the new rules.

    \b
    Examples:
      eia assessments upgrade demo-branch-library --dry-run
      eia assessments upgrade demo-branch-library --to 1.1
    """
    service = _service(directory_)
    report = service.upgrade(service.user(acting), assessment_id, to=version,
                             dry_run=dry_run)
    if as_json:
        _print_json({**report.model_dump(mode="json"), "saved": not dry_run})
        return
    source, target = report.source, report.target
    lines = [f"{'would move' if dry_run else 'moved'} {report.id} from {source.id} "
             f"{source.version} to {target.version}",
             f"answers carried over: {len(report.carried)}",
             f"not asked any more: {', '.join(report.not_asked_any_more) or '-'}",
             f"no longer valid: {', '.join(report.no_longer_valid) or '-'}",
             f"new questions: {', '.join(report.new_questions) or '-'}",
             f"recommended outcome: {report.outcome_before.value} → "
             f"{report.outcome_after.value}"]
    lines += [f"  {change.ground.value}: {change.before.value} → {change.after.value}"
              for change in report.levels]
    if report.unknown_action_effects:
        lines.append("actions that lower nothing until their effect is stated: "
                     + ", ".join(report.unknown_action_effects))
    _echo("\n".join(lines))


@assessments.command("history")
@click.argument("assessment_id")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def assessments_history(assessment_id: str, directory_: Path | None, acting: str | None,
                        as_json: bool) -> None:
    """Print who did what and when, oldest first.

    \b
    Example:
      eia assessments history demo-changing-rooms
    """
    service = _service(directory_)
    history = service.get(service.user(acting), assessment_id).assessment.history
    if as_json:
        _print_json([event.model_dump(mode="json") for event in history])
        return
    for event in history:
        _echo(f"r{event.revision}\t{event.at.isoformat()}\t{event.kind.value}\t"
              f"{printable(event.by.name, single_line=True)}"
              + (f"\t{printable(event.note, single_line=True)}" if event.note else ""))


@assessments.command("score")
@click.argument("assessment_id")
@click.option("--revision", type=int, help="An earlier revision (default: the current one).")
@DIR_OPTION
@AS_OPTION
@LANG_OPTION
@click.option("--explain", is_flag=True, help="Print the reasons as text instead of JSON.")
@click.option("--rescore", is_flag=True,
              help="For an approved revision: score it anew instead of giving the score it "
                   "was approved with.")
@JSON_OPTION
@CONTEXT_OPTION
def assessments_score(assessment_id: str, revision: int | None, directory_: Path | None,
                      acting: str | None, lang: str, explain: bool, rescore: bool,
                      as_json: bool, use_context: bool) -> None:
    """Score an assessment under the question set version it was answered with (JSON).

    The context database ($EIA_CONTEXT_DB, else the project's data/context.duckdb; see
    `eia data build`) gives the figures for the assessment's areas, so a negative impact on a
    group the figures show is already worse off is flagged. A missing database is reported.

    \b
    Examples:
      eia assessments score demo-changing-rooms --json
      eia assessments score demo-branch-library --explain --lang en
    """
    from eia.services.scoring import explanation, result_json

    service = _service(directory_)
    scored = service.score(service.user(acting), assessment_id, revision=revision,
                           use_context=use_context, rescore=rescore)
    language = Lang(lang)
    for notice in scored.notices():
        _echo(f"notice: {notice}", err=True)
    if explain and not as_json:
        _echo(explanation(scored, language))
        if scored.context is not None:
            _echo(f"\ncontext: {scored.database} – areas {', '.join(scored.context.areas)}")
        return
    _print_json(result_json(scored, language))


@assessments.command("export")
@click.argument("assessment_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "md", "html"]),
              help="Output format (default: from the output file's suffix).")
@click.option("--revision", type=int, help="An earlier revision (default: the current one).")
@click.option("--follow-up", "follow_up", is_flag=True,
              help="The follow-up's own statement for the committee (once one is recorded).")
@DIR_OPTION
@AS_OPTION
@LANG_OPTION
@CONTEXT_OPTION
def assessments_export(assessment_id: str, output: Path, fmt: str | None, revision: int | None,
                       follow_up: bool, directory_: Path | None, acting: str | None, lang: str,
                       use_context: bool) -> None:
    """Write the impact statement: PDF for the decision papers, Word, or HTML and Markdown for
    the web (the HTML statement is the accessible one to publish); with --follow-up, the
    follow-up's statement.

    \b
    Examples:
      eia assessments export demo-branch-library -o library.pdf
      eia assessments export demo-changing-rooms --format docx --lang en -o rooms.docx
      eia assessments export demo-changing-rooms --follow-up -o rooms-follow-up.pdf
    """
    from eia.statement.make import Format

    try:
        chosen = Format(fmt) if fmt else Format.of(output)
    except ValueError:
        raise click.UsageError(f"cannot tell the format of {output.name}; use --format") from None
    service = _service(directory_)
    if follow_up:
        exported = service.export_follow_up(service.user(acting), assessment_id, chosen,
                                            Lang(lang))
    else:
        exported = service.export(service.user(acting), assessment_id, chosen, Lang(lang),
                                  revision=revision, use_context=use_context)
    for notice in exported.notices:
        _echo(f"notice: {notice}", err=True)
    output.write_bytes(exported.data)
    _echo(f"wrote {output} ({chosen.value}, {len(exported.data):,} bytes)")


@main.command("verify")
@click.argument("statement", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DIR_OPTION
@JSON_OPTION
def verify_statement(statement: Path, directory_: Path | None, as_json: bool) -> None:
    """Check that a statement was made from the saved assessment it names, unchanged since.

    The statement carries the SHA-256 of the saved revision's bytes; this reads that revision
    and compares. Exit code 0 when it matches, 1 when it does not.

    \b
    Examples:
      eia verify library.pdf
      eia verify library.pdf --json
    """
    result = _service(directory_).verify(statement.read_bytes())
    if as_json:
        _print_json({"file": str(statement), **result.model_dump(mode="json")})
    else:
        _echo(f"{statement}: {result.message}", err=not result.ok)
    sys.exit(0 if result.ok else EXIT_FAILED)


# --- portfolio -------------------------------------------------------------------------------


@main.command("portfolio")
@click.option("--organisation", multiple=True, help="Only this organisation (repeatable).")
@click.option("--department", multiple=True, help="Only this department (repeatable).")
@click.option("--committee", multiple=True, help="Only this committee (repeatable).")
@click.option("--year", type=int, multiple=True,
              help="Only decisions of this year: the meeting date's, else the year created.")
@click.option("--status", type=click.Choice([status.value for status in Status]), multiple=True,
              help="Only this status (repeatable).")
@click.option("--set-version", multiple=True, metavar="[ID@]VERSION",
              help="Only assessments answered under this set version, e.g. 1.1 or "
                   "helsingborg@1.1 (repeatable).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]),
              help="Count overdue actions and due follow-ups as of this date (default: today).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the figures to this CSV file (figure, key, detail, value).")
@DIR_OPTION
@AS_OPTION
@JSON_OPTION
def portfolio_command(organisation: tuple[str, ...], department: tuple[str, ...],
                      committee: tuple[str, ...], year: tuple[int, ...],
                      status: tuple[str, ...], set_version: tuple[str, ...],
                      today: Any, csv_file: Path | None, directory_: Path | None,
                      acting: str | None, as_json: bool) -> None:
    """Figures over every assessment you may read: outcomes, the grounds most often
    negatively affected, the most frequent flags, evidence gaps by ground, the share citing
    disaggregated figures (Measure 3), overdue actions, due follow-ups, and the chosen outcome
    against the recommended one.

    An assessment counts with its approved result when it has one, else with its score now
    (without context figures). The figures come from an index beside the store
    (`.portfolio.duckdb`), built when missing and brought up to date on every run.

    \b
    Examples:
      eia portfolio --as demo-strategist
      eia portfolio --year 2026 --status approved --json
      eia portfolio --committee Kulturnämnden --csv portfolio.csv
    """
    import csv

    from eia.portfolio.figures import Filters, csv_rows
    from eia.services.portfolio import portfolio

    service = _service(directory_)
    filters = Filters(organisations=organisation, departments=department, committees=committee,
                      years=year, statuses=tuple(Status(value) for value in status),
                      set_versions=set_version)
    found = portfolio(service, service.user(acting), filters,
                      today.date() if today else None)
    for problem in found.problems:
        _echo(f"warning: {problem}", err=True)
    result = found.figures
    if csv_file is not None:
        with csv_file.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["figure", "key", "detail", "value"])
            writer.writerows(csv_rows(result))
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    _echo("\n".join(_portfolio_lines(result)))


def _portfolio_lines(result: Any) -> list[str]:
    """The figures as text, one block each."""
    share = f"{result.citing_share:.0%}" if result.citing_share is not None else "-"
    lines = [f"{result.assessments} assessments (as of {result.today})",
             f"citing disaggregated figures: {result.citing_figures} ({share})", "",
             "recommended outcome:"]
    lines += [f"  {c.key or 'not scored'}: {c.count}" for c in result.by_outcome]
    lines += ["grounds negatively affected:"]
    lines += [f"  {c.key}: {c.count}" for c in result.negative_grounds] or ["  -"]
    lines += ["most frequent flags:"]
    lines += [f"  {c.key}: {c.count}" for c in result.top_flags] or ["  -"]
    lines += ["evidence gaps by ground (gaps recorded / assessments / flagged no evidence):"]
    lines += [f"  {g.ground or 'no ground named'}: {g.gaps} / {g.assessments} / {g.no_evidence}"
              for g in result.evidence_gaps] or ["  -"]
    lines += ["chosen outcome against recommended:"]
    lines += [f"  {p.recommended or 'not scored'} → {p.chosen or 'not chosen'}: {p.count}"
              for p in result.chosen_vs_recommended]
    lines += [f"actions overdue: {result.overdue_actions}"]
    lines += [f"  {d.due} {d.id} {d.action}: {d.title}" for d in result.overdue]
    lines += [f"follow-ups due: {result.follow_ups_due}"]
    lines += [f"  {d.due} {d.id}: {d.title}" for d in result.follow_ups]
    return lines


# --- demo ------------------------------------------------------------------------------------


@main.command("demo")
@DIR_OPTION
def demo(directory_: Path | None) -> None:
    """Write the three demo assessments (fictitious, marked DEMO) into the assessment folder.

    An existing demo assessment is left as it is, never overwritten.

    \b
    Example:
      eia demo --dir /tmp/demo && eia assessments list --dir /tmp/demo
    """
    from eia import settings
    from eia.demo import write_demo_assessments

    for assessment_id, written in write_demo_assessments(directory_
                                                         or settings.assessments_dir()):
        _echo(f"{'wrote' if written else 'kept'} {assessment_id}")


# The strategy division's version commands (`eia questions versions`, `draft`, `diff`, `publish`,
# `discard`) register themselves on `questions`; imported last, as they use what is above.
from eia import cli_sets  # noqa: E402, F401
