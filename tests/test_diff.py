"""The diff of two revisions: a reviewer sees exactly which answers changed, what that did to the
score and flags, and who made the later revision and when, in the core and from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eia.cli import main
from eia.demo import write_demo_assessments
from eia.model import Status
from eia.services.assessments import AssessmentService
from eia.services.diff import Change, compare, flatten
from tests.test_workflow import PEOPLE, in_status

OFFICER = PEOPLE["officer"]


def known_pair() -> tuple[AssessmentService, int, int]:
    """Revision 2 holds the digital booking demo's answers; revision 3 changes a few of them."""
    svc, draft = in_status(Status.draft)
    answers = {key: answer.model_dump() for key, answer in draft.answers.items()}
    answers["age.digital_exclusion"]["value"] = "worse_alternatives"
    del answers["age.ageism"]
    answers["disability.digital_services"]["note"] = "Granskas i mars."
    answers["decision.users_known"]["note"] = "Besöksstatistik 2026."
    actions = [action.model_dump() for action in draft.actions]
    actions[0]["owner"] = "Kundtjänstchef"
    impacts = {ground.value: impact.model_dump() for ground, impact in draft.impacts.items()}
    impacts["age"]["severity"] = "moderate"
    later = svc.update(OFFICER, draft.id, expected_revision=draft.revision, changes={
        "answers": answers, "actions": actions, "impacts": impacts})
    return svc, draft.revision, later.revision


def test_the_diff_of_a_known_pair_names_each_change_by_its_path() -> None:
    svc, before, after = known_pair()
    found = svc.diff(PEOPLE["reader"], "ny-bokning", before, after, use_context=False)
    old_note = svc.store.get_revision("ny-bokning", before).answers[
        "disability.digital_services"].note
    assert found.changes == [
        Change(path="actions[telefonbokning].owner", kind="changed",
               before="Chef för kontaktcenter", after="Kundtjänstchef"),
        Change(path="answers.age.ageism", kind="removed", before="none"),
        Change(path="answers.age.digital_exclusion", kind="changed",
               before="digital_only", after="worse_alternatives"),
        Change(path="answers.decision.users_known#note", kind="added",
               after="Besöksstatistik 2026."),
        Change(path="answers.disability.digital_services#note", kind="changed",
               before=old_note, after="Granskas i mars."),
        Change(path="impacts.age.severity", kind="changed", before="serious", after="moderate"),
    ]
    assert (found.by, found.at) == (OFFICER.ref(), found.events[-1].at)
    assert [event.kind.value for event in found.events] == ["saved"]
    score = {change.path: change for change in found.score}
    assert score["score.age.level_before_actions"].before == "high"  # forced by digital only
    assert score["score.age.level_before_actions"].after != "high"


def test_the_same_revision_twice_has_no_changes() -> None:
    svc, _, after = known_pair()
    found = svc.diff(OFFICER, "ny-bokning", after, after, use_context=False)
    assert found.changes == [] and found.score == []


def test_empty_values_count_as_absent_and_lists_of_values_stay_whole() -> None:
    before = flatten({"decision": {"title": "", "affected_areas": ["a"]}, "actions": []})
    after = flatten({"decision": {"title": "Ny", "affected_areas": ["a", "b"]}})
    assert compare(before, after) == [
        Change(path="decision.affected_areas", kind="changed", before=["a"], after=["a", "b"]),
        Change(path="decision.title", kind="added", after="Ny"),
    ]


def test_the_shell_prints_the_diff_as_json_and_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    list(write_demo_assessments(folder))
    runner = CliRunner()
    base = ["--dir", str(folder), "--no-context"]
    as_json = runner.invoke(main, ["assessments", "diff", "demo-changing-rooms", "1", "2",
                                   "--json", *base])
    assert as_json.exit_code == 0, as_json.output
    items = json.loads(as_json.stdout)
    assert all({"path", "before", "after", "kind"} <= set(item) for item in items)
    assert items[0] == {"path": "revision", "kind": "changed", "before": {"revision": 1},
                        "after": {"revision": 2, "at": "2026-11-02T10:00:00+00:00", "by": {
                            "id": "demo-officer", "name": "Alva Demo (fiktiv handläggare)"}}}
    title = next(item for item in items if item["path"] == "decision.title")
    assert title["kind"] == "added" and title["after"].startswith("DEMO")
    text = runner.invoke(main, ["assessments", "diff", "demo-changing-rooms", "1", "2", *base])
    assert text.exit_code == 0
    assert "demo-changing-rooms r1 → r2" in text.stdout
    assert "added    decision.title: – → DEMO" in text.stdout
    missing = runner.invoke(main, ["assessments", "diff", "demo-changing-rooms", "1", "99",
                                   *base])
    assert missing.exit_code == 5 and "revision 99" in missing.stderr
