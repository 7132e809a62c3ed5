"""A draft moves to a newer set version only by an explicit step that shows what changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eia.cli import EXIT_FORBIDDEN, EXIT_REFUSED, main
from eia.demo import demo_assessments, write_demo_assessments
from eia.errors import ForbiddenError, InvalidInputError
from eia.model import Outcome, QuestionSetRef
from eia.questions import get_question_set
from eia.services.assessments import COPIED_PARTS, AssessmentService
from eia.users import LOCAL_USERS, load_directory

OLD_LIBRARY = "old-branch-library"


def write_the_library_under_1_0(root: Path) -> None:
    """The library demo as its officer answered it under set 1.0, which never asked what an
    action does, who exactly is affected, or the children's questions that 1.1 added."""
    service = AssessmentService.for_folder(root, load_directory(LOCAL_USERS))
    officer = service.user("demo-officer")
    library = next(a for a, _ in demo_assessments() if a.id == "demo-branch-library")
    old_set = get_question_set("helsingborg", "1.0")
    changes = library.model_dump(include=set(COPIED_PARTS))
    changes["answers"] = {question: answer for question, answer in changes["answers"].items()
                          if old_set.question(question) is not None}
    for action in changes["actions"]:
        action.update(effects={}, decided=None, funded=None)
    for impact in changes["impacts"].values():
        impact.update(affected_groups=[], has_alternative=None, benefit=None)
    created = service.create(officer, OLD_LIBRARY, demo=True,
                             question_set=QuestionSetRef(id="helsingborg", version="1.0"))
    service.update(officer, OLD_LIBRARY, expected_revision=created.revision, changes=changes)


@pytest.fixture
def service(tmp_path: Path) -> AssessmentService:
    list(write_demo_assessments(tmp_path))
    write_the_library_under_1_0(tmp_path)
    return AssessmentService.for_folder(tmp_path, load_directory(LOCAL_USERS))


def test_a_dry_run_says_what_changes_and_saves_nothing(service: AssessmentService) -> None:
    officer = service.user("demo-officer")
    before = service.get(officer, OLD_LIBRARY).assessment
    report = service.upgrade(officer, OLD_LIBRARY, dry_run=True)
    assert (report.source.version, report.target.version) == ("1.0", "1.1")
    assert report.carried == sorted(q for q, a in before.answers.items() if a.is_answered)
    assert report.outcome_before is Outcome.stop_and_rethink
    # 1.0 lowered a ground for any complete action; 1.1 asks what each action does
    assert report.unknown_action_effects == ["bokbuss", "hemleverans"]
    assert {change.ground.value for change in report.levels} >= {"age"}
    assert service.get(officer, OLD_LIBRARY).assessment == before


def test_an_upgrade_keeps_every_answer_and_records_the_step(service: AssessmentService) -> None:
    officer = service.user("demo-officer")
    before = service.get(officer, OLD_LIBRARY).assessment
    service.upgrade(officer, OLD_LIBRARY, to="1.1")
    after = service.get(officer, OLD_LIBRARY).assessment
    assert after.question_set.version == "1.1"
    assert after.answers == before.answers and after.actions == before.actions
    assert after.history[-1].note == "question set helsingborg 1.0 → 1.1"
    assert service.get(officer, OLD_LIBRARY, before.revision).assessment == before
    with pytest.raises(InvalidInputError, match="not newer"):
        service.upgrade(officer, OLD_LIBRARY, to="1.0")


def test_an_approved_assessment_is_not_upgraded(service: AssessmentService) -> None:
    with pytest.raises(ForbiddenError, match="not-editable"):
        service.upgrade(service.user("demo-officer"), "demo-changing-rooms")


def test_the_shell_shows_the_upgrade_as_json(tmp_path: Path) -> None:
    list(write_demo_assessments(tmp_path))
    write_the_library_under_1_0(tmp_path)
    run = CliRunner().invoke(main, ["assessments", "upgrade", OLD_LIBRARY,
                                    "--dry-run", "--json", "--dir", str(tmp_path)])
    assert run.exit_code == 0, run.output
    report = json.loads(run.stdout)
    assert report["saved"] is False and report["target"] == {"id": "helsingborg",
                                                              "version": "1.1"}
    refused = CliRunner().invoke(main, ["assessments", "upgrade", "demo-changing-rooms",
                                        "--dir", str(tmp_path)])
    assert refused.exit_code == EXIT_FORBIDDEN
    unknown = CliRunner().invoke(main, ["assessments", "upgrade", OLD_LIBRARY,
                                        "--to", "9.9", "--dir", str(tmp_path)])
    assert unknown.exit_code == EXIT_REFUSED and "9.9" in unknown.stderr
