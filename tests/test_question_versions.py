"""Versions of a question set: the strategy division drafts, checks, compares and publishes.

Every test works on real copies of the installed set in tmp folders (set through the settings'
environment variables) with the real loader and registry. What the division relies on: a draft
is a true copy with its own version; a broken edit is named by file and line; only a strategist
changes anything; publishing refuses an unready draft and makes a final, recorded, read-only
version the registry serves; a published file changed on disk is refused by name; the diff names
each change; and an assessment answered under an older version keeps its score.
"""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from eia.cli import EXIT_FORBIDDEN, EXIT_NOT_FOUND, EXIT_REFUSED, main
from eia.errors import ForbiddenError, InvalidIdError, NotFoundError
from eia.model import Assessment
from eia.problems import Problem, ProblemsError
from eia.questions import ChangeKind, VersionStatus, get_question_set, latest_version
from eia.questions.registry import PACKAGE_SETS
from eia.rules import score
from eia.services import question_sets
from eia.users import LOCAL_USERS, User, load_directory

REPO = Path(__file__).resolve().parent.parent
INSTALLED = PACKAGE_SETS / "helsingborg"
PEOPLE = load_directory(LOCAL_USERS)
STRATEGIST = PEOPLE.get("demo-strategist")
MANY_PEOPLE = "    many_people:\n      value: "
OFFICER = PEOPLE.get("demo-officer")


@pytest.fixture(autouse=True)
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Drafts and published versions in tmp folders; no other set folders."""
    found = {"drafts": tmp_path / "drafts", "published": tmp_path / "published"}
    monkeypatch.setenv("EIA_QUESTION_SET_DRAFTS", str(found["drafts"]))
    monkeypatch.setenv("EIA_QUESTION_SETS_PUBLISHED", str(found["published"]))
    monkeypatch.delenv("EIA_QUESTION_SETS", raising=False)
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path / "assessments"))
    return found


def edit(version: str, name: str, old: str, new: str, user: User = STRATEGIST) -> list[Problem]:
    """Replace `old` (found exactly once) in one file of a draft, as the editor would save it."""
    text = question_sets.draft_files("helsingborg", version)[name]
    assert text.count(old) == 1, old
    return question_sets.save_draft_file(user, "helsingborg", version, name,
                                         text.replace(old, new))


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- drafts ------------------------------------------------------------------------------------


def test_a_draft_is_a_copy_with_the_next_free_version_that_validates(
        folders: dict[str, Path]) -> None:
    draft = question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    assert (draft.version, draft.status) == ("1.2", VersionStatus.draft)
    assert draft.path == folders["drafts"] / "helsingborg" / "1.2"
    files = question_sets.draft_files("helsingborg", "1.2")
    assert next(iter(files)) == "set.yaml" and len(files) == 22
    installed = (INSTALLED / "1.1" / "set.yaml").read_text(encoding="utf-8")
    assert files["set.yaml"] == installed.replace('version: "1.1"', 'version: "1.2"')
    assert files["04-sex.yaml"] == (INSTALLED / "1.1" / "04-sex.yaml").read_text("utf-8")
    assert question_sets.validate_draft("helsingborg", "1.2") == []

    assert question_sets.start_draft(STRATEGIST, "helsingborg", "1.0").version == "1.3"
    assert [(v.version, v.status.value) for v in question_sets.list_versions("helsingborg")] == [
        ("1.0", "installed"), ("1.1", "installed"), ("1.2", "draft"), ("1.3", "draft")]


@pytest.mark.parametrize("taken", ["1.1", "1.2"])
def test_a_version_that_exists_installed_or_as_a_draft_is_refused(taken: str) -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    with pytest.raises(ProblemsError) as refused:
        question_sets.start_draft(STRATEGIST, "helsingborg", "1.1", taken)
    assert [p.code for p in refused.value.problems] == ["version-exists"]
    assert "choose another version, such as 1.3" in str(refused.value)


def test_ids_versions_and_file_names_never_become_paths_unchecked() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    with pytest.raises(InvalidIdError):
        question_sets.start_draft(STRATEGIST, "helsingborg", "1.1", "../1.9")
    with pytest.raises(InvalidIdError):
        question_sets.start_draft(STRATEGIST, "../helsingborg", "1.1")
    for name in ("../set.yaml", "sub/x.yaml", "notes.txt", "published.yaml"):
        with pytest.raises(InvalidIdError):
            question_sets.save_draft_file(STRATEGIST, "helsingborg", "1.2", name, "x: 1\n")
    with pytest.raises(NotFoundError):
        question_sets.start_draft(STRATEGIST, "helsingborg", "0.9")


def test_a_yaml_syntax_error_is_named_by_file_and_line() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    problems = edit("1.2", "01-decision.yaml", "decision.kind_of_decision\n    kind: choice\n",
                    "decision.kind_of_decision\n    kind: choice: oops\n")
    text = question_sets.draft_files("helsingborg", "1.2")["01-decision.yaml"]
    assert [(Path(p.file).name, p.line, p.code) for p in problems] == [
        ("01-decision.yaml", line_of(text, "kind: choice: oops"), "yaml-syntax")]


def test_a_show_if_waiting_for_an_option_that_does_not_exist_is_named_by_file_and_line() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    problems = edit("1.2", "08-disability.yaml", 'in: [partly, "no"]', 'in: [partly, "nope"]')
    text = question_sets.draft_files("helsingborg", "1.2")["08-disability.yaml"]
    assert [(Path(p.file).name, p.line, p.code) for p in problems] == [
        ("08-disability.yaml", line_of(text, '"nope"'), "unknown-option")]
    assert "'nope'" in problems[0].message and "disability.communication" in problems[0].message


def test_editing_a_draft_never_changes_an_installed_version() -> None:
    before = {f.name: f.read_bytes() for f in (INSTALLED / "1.1").iterdir()}
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    edit("1.2", "04-sex.yaml", "Nej, data visar att", "Nej, statistiken visar att")
    assert {f.name: f.read_bytes() for f in (INSTALLED / "1.1").iterdir()} == before
    with pytest.raises(ForbiddenError) as refused:
        question_sets.save_draft_file(STRATEGIST, "helsingborg", "1.1", "04-sex.yaml", "x: 1\n")
    assert refused.value.rule == "installed-version-is-final"
    assert "helsingborg 1.1" in str(refused.value)


def test_only_a_strategist_makes_edits_publishes_or_discards_a_draft() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    steps: list[Callable[[], object]] = [
        lambda: question_sets.start_draft(OFFICER, "helsingborg", "1.1"),
        lambda: question_sets.save_draft_file(OFFICER, "helsingborg", "1.2", "set.yaml", "x"),
        lambda: question_sets.publish_draft(OFFICER, "helsingborg", "1.2", "Tuned"),
        lambda: question_sets.discard_draft(OFFICER, "helsingborg", "1.2"),
    ]
    for step in steps:
        with pytest.raises(ForbiddenError) as refused:
            step()
        assert refused.value.rule == "needs-strategy"
    assert [v.version for v in question_sets.list_versions("helsingborg")] == ["1.0", "1.1", "1.2"]
    assert question_sets.validate_draft("helsingborg", "1.2") == []


def test_discarding_a_draft_removes_it_and_nothing_else(folders: dict[str, Path]) -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    question_sets.discard_draft(STRATEGIST, "helsingborg", "1.2")
    assert not (folders["drafts"] / "helsingborg").exists()
    assert [v.version for v in question_sets.list_versions("helsingborg")] == ["1.0", "1.1"]
    with pytest.raises(ForbiddenError):
        question_sets.discard_draft(STRATEGIST, "helsingborg", "1.1")


# --- publishing --------------------------------------------------------------------------------


def test_publishing_an_invalid_draft_is_refused_with_its_problems() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    edit("1.2", "08-disability.yaml", 'in: [partly, "no"]', 'in: [partly, "nope"]')
    with pytest.raises(ProblemsError) as refused:
        question_sets.publish_draft(STRATEGIST, "helsingborg", "1.2", "")
    assert [p.code for p in refused.value.problems] == ["empty-changelog", "unknown-option"]
    assert refused.value.problems[0].field == "changelog"
    with pytest.raises(ProblemsError, match="unknown-version"):
        get_question_set("helsingborg", "1.2")
    assert question_sets.list_versions("helsingborg")[-1].status is VersionStatus.draft


def test_publishing_a_version_that_is_already_installed_is_refused(
        folders: dict[str, Path]) -> None:
    shutil.copytree(INSTALLED / "1.1", folders["drafts"] / "helsingborg" / "1.1")
    with pytest.raises(ProblemsError) as refused:
        question_sets.publish_draft(STRATEGIST, "helsingborg", "1.1", "Again")
    assert [p.code for p in refused.value.problems] == ["already-published"]
    assert not (folders["published"] / "helsingborg" / "1.1").exists()


def test_a_published_version_is_final_recorded_and_found_by_the_registry(
        folders: dict[str, Path]) -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    edit("1.2", "set.yaml", f"{MANY_PEOPLE}500", f"{MANY_PEOPLE}300")
    published = question_sets.publish_draft(STRATEGIST, "helsingborg", "1.2",
                                            "Many people from 300")
    folder = folders["published"] / "helsingborg" / "1.2"
    assert (published.status, published.path, published.published_by) == (
        VersionStatus.published, folder, "demo-strategist")
    assert not (folders["drafts"] / "helsingborg" / "1.2").exists()

    found = get_question_set("helsingborg", "1.2")
    assert found.changelog == "1.2: Many people from 300"
    assert found.scoring.size is not None and found.scoring.size.many_people.value == 300
    assert latest_version("helsingborg") == "1.2"
    assert 'changelog: "1.2: Many people from 300"\n' in (folder / "set.yaml").read_text("utf-8")
    assert (folder / "set.yaml").read_text("utf-8").startswith("# yaml-language-server")

    record = yaml.safe_load((folder / "published.yaml").read_text(encoding="utf-8"))
    assert (record["published_by"], record["changelog"]) == ("demo-strategist",
                                                             "1.2: Many people from 300")
    assert datetime.fromisoformat(record["published_at"]).tzinfo is not None
    assert sorted(record["files"]) == sorted(f.name for f in (INSTALLED / "1.1").iterdir())
    assert all(len(digest) == 64 for digest in record["files"].values())
    assert all(not (f.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
               for f in folder.iterdir())

    with pytest.raises(ForbiddenError) as refused:
        question_sets.save_draft_file(STRATEGIST, "helsingborg", "1.2", "set.yaml", "x: 1\n")
    assert refused.value.rule == "published-version-is-final"
    with pytest.raises(ForbiddenError):
        question_sets.publish_draft(STRATEGIST, "helsingborg", "1.2", "Again")
    listed = question_sets.list_versions("helsingborg")[-1]
    assert (listed.version, listed.status, listed.published_by, listed.problems) == (
        "1.2", VersionStatus.published, "demo-strategist", [])
    assert question_sets.start_draft(STRATEGIST, "helsingborg", "1.2").version == "1.3"


def test_a_published_file_changed_on_disk_is_refused_by_name(folders: dict[str, Path]) -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    question_sets.publish_draft(STRATEGIST, "helsingborg", "1.2", "Same as 1.1")
    assert get_question_set("helsingborg", "1.2").version == "1.2"
    folder = folders["published"] / "helsingborg" / "1.2"
    sex = folder / "04-sex.yaml"
    folder.chmod(0o755)
    sex.chmod(0o644)
    sex.write_text(sex.read_text("utf-8").replace("score: 3", "score: 0"), encoding="utf-8")
    with pytest.raises(ProblemsError) as refused:
        get_question_set("helsingborg", "1.2")
    assert [(p.file, p.code) for p in refused.value.problems] == [
        (str(sex), "changed-after-publishing")]
    assert [p.code for p in question_sets.list_versions("helsingborg")[-1].problems] == [
        "changed-after-publishing"]
    with pytest.raises(ProblemsError):
        question_sets.start_draft(STRATEGIST, "helsingborg", "1.2")


def test_an_assessment_answered_under_1_1_keeps_its_score_after_1_2_is_published() -> None:
    assessment = Assessment.model_validate_json(
        (REPO / "assessments" / "demo-branch-library.json").read_text(encoding="utf-8"))
    assert (assessment.question_set.id, assessment.question_set.version) == ("helsingborg",
                                                                             "1.1")

    def now() -> str:
        ref = assessment.question_set
        return score(assessment, get_question_set(ref.id, ref.version)).model_dump_json()

    before = now()
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    edit("1.2", "set.yaml", "    high:\n      value: 10", "    high:\n      value: 5")
    edit("1.2", "set.yaml", "    medium:\n      value: 5", "    medium:\n      value: 3")
    question_sets.publish_draft(STRATEGIST, "helsingborg", "1.2", "Stricter thresholds")
    assert now() == before
    moved = assessment.model_copy(update={"question_set": assessment.question_set.model_copy(
        update={"version": "1.2"})})
    assert score(moved, get_question_set("helsingborg", "1.2")).model_dump_json() != before


# --- the diff ----------------------------------------------------------------------------------


def test_the_diff_from_1_0_to_1_1_names_its_changes() -> None:
    found = question_sets.compare("helsingborg", "1.0", "1.1")
    assert (found.old_version, found.new_version) == ("1.0", "1.1")
    high = found.find(ChangeKind.parameter_changed, "scoring.thresholds.high")
    assert high is not None and (high.old, high.new) == (9, 10)
    assert high.description.en == "Parameter scoring.thresholds.high: 9 → 10"
    assert high.description.sv == "Parametern scoring.thresholds.high: 9 → 10"
    engine = found.find(ChangeKind.parameter_changed, "scoring.engine")
    assert engine is not None and (engine.old, engine.new) == (1, 2)
    score_ = found.find(ChangeKind.option_score_changed, "sex.use_and_needs.difference_handled")
    assert score_ is not None and (score_.old, score_.new) == (1, 0)
    assert len([c for c in found.of_kind(ChangeKind.option_score_changed)
                if c.target.startswith("disability.groups_with_barriers.")]) == 6
    added = [c.target for c in found.of_kind(ChangeKind.question_added)]
    assert "children.rights_affected" in added and len(added) == 4
    reworded = found.find(ChangeKind.question_reworded, "decision.users_known", "text")
    assert reworded is not None and reworded.description.en.endswith("changed in sv")
    assert isinstance(reworded.old, dict) and reworded.old["sv"].startswith("Vet ni vilka")
    assert isinstance(reworded.new, dict) and reworded.new["sv"].startswith("Vet du vilka")
    relabelled = found.find(ChangeKind.option_relabelled, "evidence.other_breakdowns.born_abroad")
    assert relabelled is not None and relabelled.new == {
        "sv": "Inrikes eller utrikes född", "en": "Born in Sweden or abroad"}
    rule = found.find(ChangeKind.outcome_rule_changed, "high_after_actions", "reason")
    assert rule is not None
    assert found.of_kind(ChangeKind.question_removed, ChangeKind.outcome_rule_added,
                         ChangeKind.outcome_rules_reordered) == []


def test_a_draft_with_one_weight_changed_differs_by_exactly_that_weight() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    assert question_sets.compare("helsingborg", "1.1", "1.2").changes == []
    edit("1.2", "set.yaml", f"{MANY_PEOPLE}500", f"{MANY_PEOPLE}250")
    changes = question_sets.compare("helsingborg", "1.1", "1.2").changes
    assert [(c.kind, c.target, c.old, c.new) for c in changes] == [
        (ChangeKind.parameter_changed, "scoring.size.many_people", 500, 250)]
    assert changes[0].description.sv == "Parametern scoring.size.many_people: 500 → 250"


def test_the_diff_names_show_if_required_option_and_rule_changes() -> None:
    question_sets.start_draft(STRATEGIST, "helsingborg", "1.1")
    edit("1.2", "08-disability.yaml", 'in: [partly, "no"]', 'in: ["no"]')
    edit("1.2", "01-decision.yaml", "  - id: decision.kind_of_decision\n    kind: choice\n"
         "    required: true", "  - id: decision.kind_of_decision\n    kind: choice\n"
         "    required: false")
    edit("1.2", "set.yaml", "      outcome: adjust_proposal", "      outcome: stop_and_rethink")
    found = question_sets.compare("helsingborg", "1.1", "1.2")
    assert sorted((c.kind.value, c.target, c.field) for c in found.changes) == [
        ("outcome_rule_changed", "medium_after_actions", "outcome"),
        ("required_changed", "decision.kind_of_decision", "required"),
        ("show_if_changed", "disability.groups_with_barriers", "show_if")]
    required = found.find(ChangeKind.required_changed, "decision.kind_of_decision")
    assert required is not None and required.description.sv.endswith("ja → nej")
    assert required.description.en.endswith("True → False")
    rule = found.find(ChangeKind.outcome_rule_changed, "medium_after_actions")
    assert rule is not None and (rule.old, rule.new) == ("adjust_proposal", "stop_and_rethink")


# --- the command -------------------------------------------------------------------------------


def eia(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_commands_draft_diff_publish_list_and_discard(folders: dict[str, Path]) -> None:
    made = eia("questions", "draft", "helsingborg", "--from", "1.1", "--as", "demo-strategist")
    assert made.exit_code == 0, made.output
    assert "draft helsingborg 1.2 (from 1.1)" in made.stdout
    set_file = folders["drafts"] / "helsingborg" / "1.2" / "set.yaml"
    set_file.write_text(set_file.read_text("utf-8").replace(
        "    high:\n      value: 10", "    high:\n      value: 11"), encoding="utf-8")

    diff = eia("questions", "diff", "helsingborg", "1.1", "1.2", "--json")
    assert diff.exit_code == 0, diff.output
    assert [(c["kind"], c["target"], c["old"], c["new"])
            for c in json.loads(diff.stdout)["changes"]] == [
        ("parameter_changed", "scoring.thresholds.high", 10, 11)]
    text = eia("questions", "diff", "helsingborg", "1.1", "1.2", "--lang", "en")
    assert "Parameter scoring.thresholds.high: 10 → 11" in text.stdout

    officer = eia("questions", "publish", "helsingborg", "1.2", "--changelog", "High 11",
                  "--as", "demo-officer")
    assert officer.exit_code == EXIT_FORBIDDEN and "needs-strategy" in officer.stderr
    empty = eia("questions", "publish", "helsingborg", "1.2", "--changelog", " ",
                "--as", "demo-strategist")
    assert empty.exit_code == EXIT_REFUSED and "(empty-changelog)" in empty.stderr
    done = eia("questions", "publish", "helsingborg", "1.2", "--changelog", "High 11",
               "--as", "demo-strategist")
    assert done.exit_code == 0, done.output

    listed = eia("questions", "versions", "helsingborg")
    assert listed.exit_code == 0
    last = listed.stdout.splitlines()[-1]
    assert last.startswith("helsingborg 1.2\tpublished\tby demo-strategist at ")
    assert last.endswith("1.2: High 11")
    as_json = json.loads(eia("questions", "versions", "--json").stdout)
    assert [(v["version"], v["status"]) for v in as_json] == [
        ("1.0", "installed"), ("1.1", "installed"), ("1.2", "published")]

    assert eia("questions", "draft", "helsingborg", "--from", "1.2", "--version", "1.5",
               "--as", "demo-strategist").exit_code == 0
    gone = eia("questions", "discard", "helsingborg", "1.5", "--as", "demo-strategist")
    assert gone.exit_code == 0 and not (folders["drafts"] / "helsingborg" / "1.5").exists()
    final = eia("questions", "discard", "helsingborg", "1.2", "--as", "demo-strategist")
    assert final.exit_code == EXIT_FORBIDDEN and "published-version-is-final" in final.stderr
    missing = eia("questions", "diff", "helsingborg", "1.0", "7.0")
    assert missing.exit_code == EXIT_NOT_FOUND
    assert [f.name for f in (folders["published"] / "helsingborg").iterdir()] == ["1.2"]
