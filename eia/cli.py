"""The `eia` command: a thin layer over the library, each help text with an example."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from eia import __version__
from eia.cli_data import data
from eia.context.assessment import load_context
from eia.context.db import database_path
from eia.demo import write_demo_assessments
from eia.i18n import Lang
from eia.model import Assessment
from eia.problems import Problem, ProblemsError
from eia.questions import available_sets, get_question_set, json_schema_text, load_question_set
from eia.rules import Result, Screened, score
from eia.store import JsonStore, StoreError, default_store

LANG_OPTION = click.option("--lang", type=click.Choice([lang.value for lang in Lang]),
                           default=Lang.sv.value, show_default=True,
                           help="Language of the explanations.")


def _store(directory: Path | None) -> JsonStore:
    return JsonStore(directory) if directory else default_store()


def _fail(problems: list[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(1)


dir_option = click.option(
    "--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
    help="Assessment folder (default: $EIA_ASSESSMENTS_DIR, else ./assessments).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eia")
def main() -> None:
    """Likvärdig: equality impact assessment of proposed decisions.

    \b
    Example:
      eia demo && eia assessments list
    """


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
def questions_validate(path: Path | None) -> None:
    """Check a question set folder (or every installed set) and name each problem's file and line.

    \b
    Examples:
      eia questions validate
      eia questions validate my-sets/helsingborg/1.1
    """
    targets = [path] if path else [location.path for location in available_sets()]
    problems: list[Problem] = []
    for target in targets:
        try:
            question_set = load_question_set(target)
        except ProblemsError as error:
            problems += error.problems
            continue
        click.echo(f"ok: {question_set.id} {question_set.version} "
                   f"({len(question_set.questions())} questions, "
                   f"{len(question_set.sections)} sections) in {target}")
    if problems:
        _fail(problems)


@questions.command("schema")
@click.option("--part", type=click.Choice(["set", "section"]), default="set", show_default=True,
              help="Schema of set.yaml, or of a section file it includes.")
def questions_schema(part: str) -> None:
    """Print a JSON Schema that an editor can use to check a question set as you type.

    \b
    Example:
      eia questions schema > question-set.schema.json
    """
    click.echo(json_schema_text(part), nl=False)


# --- assessments -------------------------------------------------------------------------------


@main.group()
def assessments() -> None:
    """List, show and score saved assessments.

    \b
    Example:
      eia assessments score demo-digital-booking
    """


@assessments.command("list")
@dir_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def assessments_list(directory: Path | None, as_json: bool) -> None:
    """List saved assessments; a damaged file is reported and the others still listed.

    \b
    Examples:
      eia assessments list
      eia assessments list --json
    """
    listing = _store(directory).list()
    for problem in listing.problems:
        click.echo(f"problem: {problem}", err=True)
    if as_json:
        click.echo(json.dumps([item.model_dump(mode="json") for item in listing.items],
                              indent=2, ensure_ascii=False))
        return
    for item in listing.items:
        demo = " [DEMO]" if item.demo else ""
        click.echo(f"{item.id}\t{item.status.value}\tr{item.revision}\t{item.title}{demo}")


def _load(directory: Path | None, assessment_id: str) -> Assessment:
    try:
        return _store(directory).get(assessment_id)
    except ProblemsError as error:
        _fail(error.problems)
    except (StoreError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


@assessments.command("show")
@click.argument("assessment_id")
@dir_option
def assessments_show(assessment_id: str, directory: Path | None) -> None:
    """Print a saved assessment as JSON.

    \b
    Example:
      eia assessments show demo-branch-library
    """
    click.echo(_load(directory, assessment_id).to_json(), nl=False)


def result_json(assessment_id: str, result: Result, lang: Lang) -> dict[str, Any]:
    """The score as JSON, with each reason also given in the chosen language for reading."""
    data = result.model_dump(mode="json")
    recommended = data.pop("recommended_outcome")  # else it would replace the plain value below
    return {"id": assessment_id, "lang": lang.value,
            "recommended_outcome": result.recommended_outcome.value.value,
            "recommended_outcome_label": result.recommended_outcome.value.label(lang),
            "reason": result.recommended_outcome.trace.reason(lang),
            "recommended_outcome_trace": recommended["trace"], **data}


@assessments.command("score")
@click.argument("assessment_id")
@dir_option
@LANG_OPTION
@click.option("--explain", is_flag=True, help="Print the reasons as text instead of JSON.")
@click.option("--context/--no-context", "use_context", default=True, show_default=True,
              help="Read the context database (if built) for groups already worse off.")
def assessments_score(assessment_id: str, directory: Path | None, lang: str,
                      explain: bool, use_context: bool) -> None:
    """Score an assessment under the question set version it was answered with.

    With a context database ($EIA_CONTEXT_DB, else ./data/context.duckdb; see `eia data build`)
    the figures for the assessment's areas are read too, so a negative impact on a group the
    figures show is already worse off is flagged.

    \b
    Examples:
      eia assessments score demo-changing-rooms
      eia assessments score demo-branch-library --explain --lang en
    """
    assessment = _load(directory, assessment_id)
    try:
        question_set = get_question_set(assessment.question_set.id,
                                        assessment.question_set.version)
    except ProblemsError as error:
        _fail(error.problems)
    context = load_context(assessment) if use_context else None
    result = score(assessment, question_set, context.findings() if context else None)
    language = Lang(lang)
    if not explain:
        output = result_json(assessment_id, result, language)
        output["context"] = None if context is None else {
            "database": str(database_path()), "areas": context.areas,
            "unmatched_areas": context.unmatched}
        click.echo(json.dumps(output, indent=2, ensure_ascii=False))
        return
    click.echo(explanation(result, language))
    if context is not None:
        click.echo(f"\ncontext: {database_path()} – areas {', '.join(context.areas)}"
                   + (f"; not matched: {', '.join(context.unmatched)}" if context.unmatched
                      else ""))



def explanation(result: Result, lang: Lang) -> str:
    """The score as a reader would follow it: outcome, then each ground, then the flags."""
    outcome = result.recommended_outcome
    lines = [f"{outcome.value.label(lang)}: {outcome.trace.reason(lang)}", ""]
    for ground in result.grounds:
        direction = ground.direction.value.label(lang) if ground.direction.value else "–"
        lines.append(f"{ground.ground.label(lang)}: {ground.screening.value.label(lang)}, "
                     f"{direction}, {ground.inherent.value.label(lang)} → "
                     f"{ground.residual.value.label(lang)}")
        traces = ([ground.screening.trace] if ground.screening.value is Screened.screened_out
                  else [ground.points.trace, ground.inherent.trace, ground.residual.trace])
        lines += [f"    {trace.reason(lang)}" for trace in traces]
    lines.append("")
    lines += [f"[{flag.severity.label(lang)}] {flag.code.label(lang)}: {flag.reason(lang)}"
              for flag in result.flags]
    return "\n".join(lines)


@assessments.command("export")
@click.argument("assessment_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "md"]),
              help="Output format (default: from the output file's suffix).")
@dir_option
@LANG_OPTION
@click.option("--context/--no-context", "use_context", default=True, show_default=True,
              help="Include the context figures (if the database is built).")
def assessments_export(assessment_id: str, output: Path, fmt: str | None,
                       directory: Path | None, lang: str, use_context: bool) -> None:
    """Write the impact statement: PDF for the decision papers, Word, or Markdown for the web.

    \b
    Examples:
      eia assessments export demo-branch-library -o library.pdf
      eia assessments export demo-changing-rooms --format docx --lang en -o rooms.docx
    """
    # the renderers load reportlab, python-docx and Altair: only this command needs them
    from eia.statement.make import Format, make_statement, render

    try:
        chosen = Format(fmt) if fmt else Format.of(output)
    except ValueError:
        click.echo(f"error: cannot tell the format of {output.name}; use --format", err=True)
        sys.exit(1)
    assessment = _load(directory, assessment_id)
    context = load_context(assessment) if use_context else None
    data = render(make_statement(assessment, lang, context), chosen)
    output.write_bytes(data)
    click.echo(f"wrote {output} ({chosen.value}, {len(data):,} bytes)")


@main.command("verify")
@click.argument("statement", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@dir_option
def verify_statement(statement: Path, directory: Path | None) -> None:
    """Check that a statement was made from the saved assessment it names, unchanged since.

    The statement carries the SHA-256 of the assessment revision it was made from; this
    recomputes it from the saved revision and compares.

    \b
    Example:
      eia verify library.pdf
    """
    from eia.statement.make import verify

    result = verify(statement.read_bytes(), _store(directory))
    click.echo(f"{statement}: {result.message}", err=not result.ok)
    sys.exit(0 if result.ok else 1)


# --- demo -----------------------------------------------------------------------------------


@main.command("demo")
@dir_option
def demo(directory: Path | None) -> None:
    """Write the three demo assessments (fictitious, marked DEMO) into the assessment folder.

    An existing demo assessment is left as it is, never overwritten.

    \b
    Example:
      eia demo --dir /tmp/demo && eia assessments list --dir /tmp/demo
    """
    try:
        for assessment_id, written in write_demo_assessments(_store(directory).root):
            click.echo(f"{'wrote' if written else 'kept'} {assessment_id}")
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


main.add_command(data)
