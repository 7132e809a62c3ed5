"""`eia questions versions|draft|diff|publish|discard`: the strategy division's versions of a set.

A thin layer over `eia.services.question_sets`; importing this module registers the commands on
the `questions` group of `eia.cli`, which imports it last.
"""

from __future__ import annotations

import click

from eia.cli import AS_OPTION, JSON_OPTION, LANG_OPTION, _echo, _print_json, _service, questions
from eia.services import question_sets
from eia.users import User


def _acting(acting: str | None) -> User:
    return _service(None).user(acting)


@questions.command("versions")
@click.argument("set_id", metavar="[SET]", required=False)
@JSON_OPTION
def questions_versions(set_id: str | None, as_json: bool) -> None:
    """List every version of a set (or of all sets): installed, published (who, when, the
    changelog) and drafts.

    \b
    Examples:
      eia questions versions
      eia questions versions helsingborg --json
    """
    found = question_sets.list_versions(set_id)
    if as_json:
        _print_json([version.model_dump(mode="json") for version in found])
        return
    for version in found:
        line = f"{version.set_id} {version.version}\t{version.status.value}"
        if version.published_by:
            line += f"\tby {version.published_by} at {version.published_at:%Y-%m-%d %H:%M %z}"
        _echo(f"{line}\t{version.changelog or '-'}")
        for problem in version.problems:
            _echo(f"    refused: {problem}")
    if not found:
        _echo(f"no question set {set_id!r}" if set_id else "no question sets")


@questions.command("draft")
@click.argument("set_id", metavar="SET")
@click.option("--from", "from_version", required=True, metavar="VERSION",
              help="The version to copy: installed, published or another draft.")
@click.option("--version", "new_version", metavar="V",
              help="The draft's version (default: the next free one, e.g. 1.1 → 1.2).")
@AS_OPTION
def questions_draft(set_id: str, from_version: str, new_version: str | None,
                    acting: str | None) -> None:
    """Copy a version into a new draft to edit (needs the role strategy).

    The draft lives in $EIA_QUESTION_SET_DRAFTS; edit its files, check them with
    `eia questions validate FOLDER`, compare with `eia questions diff`, then publish.

    \b
    Example:
      eia questions draft helsingborg --from 1.1 --as demo-strategist
    """
    draft = question_sets.start_draft(_acting(acting), set_id, from_version, new_version)
    _echo(f"draft {draft.set_id} {draft.version} (from {from_version}) in {draft.path}")


@questions.command("diff")
@click.argument("set_id", metavar="SET")
@click.argument("old")
@click.argument("new")
@LANG_OPTION
@JSON_OPTION
def questions_diff(set_id: str, old: str, new: str, lang: str, as_json: bool) -> None:
    """What changed between two versions of a set (installed, published or draft): questions,
    options and their scores, show_if, required, parameters and outcome rules.

    \b
    Examples:
      eia questions diff helsingborg 1.0 1.1
      eia questions diff helsingborg 1.1 1.2 --json
    """
    found = question_sets.compare(set_id, old, new)
    if as_json:
        _print_json(found.model_dump(mode="json"))
        return
    _echo(f"{found.set_id} {found.old_version} → {found.new_version}: "
          f"{len(found.changes)} change{'' if len(found.changes) == 1 else 's'}")
    for change in found.changes:
        _echo(f"  {change.kind.value}\t{change.description(lang)}")


@questions.command("publish")
@click.argument("set_id", metavar="SET")
@click.argument("version")
@click.option("--changelog", required=True, metavar="TEXT",
              help="One line saying what this version changes.")
@AS_OPTION
def questions_publish(set_id: str, version: str, changelog: str, acting: str | None) -> None:
    """Publish a draft (needs the role strategy): it must pass the check and have a changelog
    line. The version then is final and read-only, with a record of who published it, when,
    and the SHA-256 of every file; assessments keep the version they were answered under.

    \b
    Example:
      eia questions publish helsingborg 1.2 --as demo-strategist \
        --changelog "High threshold 10 → 11"
    """
    user = _acting(acting)
    published = question_sets.publish_draft(user, set_id, version, changelog)
    _echo(f"published {published.set_id} {published.version} by {published.published_by} in "
          f"{published.path}")


@questions.command("discard")
@click.argument("set_id", metavar="SET")
@click.argument("version")
@AS_OPTION
def questions_discard(set_id: str, version: str, acting: str | None) -> None:
    """Throw a draft away (needs the role strategy); installed and published versions stay.

    \b
    Example:
      eia questions discard helsingborg 1.2 --as demo-strategist
    """
    question_sets.discard_draft(_acting(acting), set_id, version)
    _echo(f"discarded the draft {set_id} {version}")
