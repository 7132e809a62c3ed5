"""What-if before publishing: the strategy division sees who a draft version would affect.

The demo assessments are copied into a store and scored under a draft copy of set 1.1 with one
rule and one threshold changed. What the division relies on: the outcomes, levels and flags that
change are named per assessment; an approved assessment keeps its approved result and the
report says what a re-assessment would give; answers are carried over as an upgrade carries
them; and nothing is saved.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eia.cli import main
from eia.model import Ground, Level, Outcome, Status
from eia.questions import get_question_set, load_question_set
from eia.questions.registry import PACKAGE_SETS
from eia.rules import Result
from eia.services.assessments import AssessmentService
from eia.services.whatif import summary_counts, what_if, what_if_row
from eia.users import LOCAL_USERS, load_directory
from tests.test_upgrade import OLD_LIBRARY, write_the_library_under_1_0

REPO = Path(__file__).resolve().parent.parent
DEMOS = sorted((REPO / "assessments").glob("demo-*.json"))


def draft_1_2(root: Path, *edits: tuple[str, str]) -> Path:
    """Set 1.1 copied as draft 1.2, with each (old, new) text replaced exactly once."""
    folder = root / "drafts" / "helsingborg" / "1.2"
    shutil.copytree(PACKAGE_SETS / "helsingborg" / "1.1", folder)
    set_file = folder / "set.yaml"
    text = set_file.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.2"')
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    set_file.write_text(text, encoding="utf-8")
    return folder


MEDIUM_STOPS = ("outcome: adjust_proposal\n      when: {residual_at_least: medium}",
                "outcome: stop_and_rethink\n      when: {residual_at_least: medium}")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    for demo in DEMOS:
        shutil.copy(demo, folder / demo.name)
    return folder


@pytest.fixture
def service(store: Path) -> AssessmentService:
    return AssessmentService.for_folder(store, load_directory(LOCAL_USERS))


def test_a_stricter_rule_names_the_assessments_whose_outcome_would_change(
        tmp_path: Path, service: AssessmentService, store: Path) -> None:
    draft = load_question_set(draft_1_2(tmp_path, MEDIUM_STOPS))
    files = {path.name: path.read_bytes() for path in store.glob("demo-*.json")}

    report = what_if(service, service.user("demo-strategist"), draft)

    rows = {row.id: row for row in report.rows}
    assert sorted(rows) == ["demo-branch-library", "demo-changing-rooms",
                            "demo-digital-booking"]
    booking = rows["demo-digital-booking"]
    assert (booking.outcome_before, booking.outcome_after) == (Outcome.adjust_proposal,
                                                               Outcome.stop_and_rethink)
    assert booking.grounds == [] and booking.changed
    assert rows["demo-branch-library"].outcome_after is Outcome.stop_and_rethink
    assert not rows["demo-branch-library"].changed
    assert [row.id for row in report.changed] == ["demo-digital-booking"]
    assert summary_counts(report.rows)["outcome_changes"] == 1
    assert files == {path.name: path.read_bytes() for path in store.glob("demo-*.json")}
    assert not (store / ".revisions").exists()  # nothing saved


def test_a_lower_threshold_names_the_levels_and_flags_that_would_change(
        tmp_path: Path, service: AssessmentService) -> None:
    draft = load_question_set(draft_1_2(tmp_path, ("value: 10", "value: 6")))

    report = what_if(service, service.user("demo-officer"), draft)

    library = next(row for row in report.rows if row.id == "demo-branch-library")
    changes = {change.ground: change for change in library.grounds}
    assert changes, "a high threshold of 6 raises some ground of the library"
    for change in changes.values():
        assert change.inherent_after >= change.inherent_before
    assert any(change.inherent_after is Level.high for change in changes.values())


def test_an_approved_assessment_keeps_its_result_and_says_what_a_reassessment_gives(
        tmp_path: Path, service: AssessmentService) -> None:
    draft = load_question_set(draft_1_2(tmp_path, MEDIUM_STOPS))
    rooms = service.get(service.user("demo-officer"), "demo-changing-rooms").assessment
    assert rooms.status is Status.approved
    kept = Result.model_validate(rooms.approved_result)
    # pretend it was approved when the rules said "adjust": the kept result is what counts
    approved = kept.model_copy(update={"recommended_outcome": kept.recommended_outcome
                                       .model_copy(update={"value": Outcome.adjust_proposal})})

    row = what_if_row(rooms, approved, draft)

    assert row.as_approved
    assert (row.outcome_before, row.outcome_after) == (Outcome.adjust_proposal,
                                                       Outcome.no_major_change)
    report_row = next(r for r in what_if(service, service.user("demo-officer"), draft).rows
                      if r.id == "demo-changing-rooms")
    assert report_row.as_approved and report_row.outcome_before is kept.recommended_outcome.value


def test_answers_carry_over_as_an_upgrade_carries_them(tmp_path: Path) -> None:
    write_the_library_under_1_0(tmp_path)
    service = AssessmentService.for_folder(tmp_path, load_directory(LOCAL_USERS))
    officer = service.user("demo-officer")
    upgrade = service.upgrade(officer, OLD_LIBRARY, dry_run=True)

    report = what_if(service, officer, get_question_set("helsingborg", "1.1"))

    row = next(row for row in report.rows if row.id == OLD_LIBRARY)
    assert row.source.version == "1.0"
    assert (row.outcome_before, row.outcome_after) == (upgrade.outcome_before,
                                                       upgrade.outcome_after)
    assert row.not_asked_any_more == upgrade.not_asked_any_more
    assert row.no_longer_valid == upgrade.no_longer_valid
    assert {(c.ground, c.residual_before, c.residual_after) for c in row.grounds
            if c.residual_before != c.residual_after} == {
        (c.ground, c.before, c.after) for c in upgrade.levels}
    assert Ground.age in {c.ground for c in row.grounds}


def test_the_command_reports_per_assessment_and_as_json(tmp_path: Path, store: Path) -> None:
    draft = draft_1_2(tmp_path, MEDIUM_STOPS)
    runner = CliRunner()

    text = runner.invoke(main, ["questions", "what-if", str(draft), "--dir", str(store)])
    assert text.exit_code == 0, text.output
    assert "helsingborg 1.2: 1 of 3 assessments would change" in text.output
    assert ("demo-digital-booking (in_review, 1.1 → 1.2): adjust_proposal → stop_and_rethink"
            in text.output)
    assert ("demo-changing-rooms (approved, 1.1 → 1.2): keeps its approved result "
            "no_major_change; a re-assessment would give no_major_change") in text.output

    as_json = runner.invoke(main, ["questions", "what-if", str(draft), "--dir", str(store),
                                   "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["changed"] == ["demo-digital-booking"]
    assert data["target"] == {"id": "helsingborg", "version": "1.2"}
    assert data["summary"]["approved_kept"] == 1

    by_version = runner.invoke(main, ["questions", "what-if", "1.0", "--dir", str(store)])
    assert by_version.exit_code == 0 and "helsingborg 1.0:" in by_version.output
    unknown = runner.invoke(main, ["questions", "what-if", "9.9", "--dir", str(store)])
    assert unknown.exit_code == 5 and "9.9" in unknown.output


def test_a_draft_made_with_the_command_is_named_by_its_version(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_QUESTION_SET_DRAFTS", str(tmp_path / "drafts"))
    runner = CliRunner()
    made = runner.invoke(main, ["questions", "draft", "helsingborg", "--from", "1.1",
                                "--as", "demo-strategist"])
    assert made.exit_code == 0, made.output
    report = runner.invoke(main, ["questions", "what-if", "1.2", "--dir", str(store)])
    assert report.exit_code == 0, report.output
    assert "helsingborg 1.2: 0 of 3 assessments would change" in report.output


def test_only_the_assessments_the_user_may_read_are_scored(tmp_path: Path, store: Path) -> None:
    users = tmp_path / "users.yaml"
    users.write_text(LOCAL_USERS.read_text(encoding="utf-8") + (
        "  - id: malmo-officer\n    name: Malin Fiktiv\n    roles: [case_officer]\n"
        "    organisation: malmo\n"), encoding="utf-8")
    service = AssessmentService.for_folder(store, load_directory(users))
    draft = get_question_set("helsingborg", "1.1")

    assert what_if(service, service.user("malmo-officer"), draft).rows == []
    assert len(what_if(service, service.user("demo-reader"), draft).rows) == 3


def test_a_draft_that_is_neither_folder_nor_version_is_a_usage_error(store: Path) -> None:
    result = CliRunner().invoke(main, ["questions", "what-if", "drafts/nowhere",
                                       "--dir", str(store)])
    assert result.exit_code == 2
    assert "neither a set folder nor a version" in result.output
