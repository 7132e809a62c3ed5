"""The demo assessments: what a visitor sees first, so they must be honest, marked and explained.

The three demos are fictitious decisions that between them show three different outcomes, each for
a reason the score states. The copies committed under assessments/ are what `eia demo` writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eia.demo import DEMO_ASSESSMENTS, QUESTION_SET, demo_assessments, write_demo_assessments
from eia.flags import FlagCode, FlagSeverity
from eia.model import Assessment, EventKind, Ground, Outcome, Status
from eia.questions import get_question_set
from eia.rules import Result, score
from eia.store import store_at
from eia.users import LOCAL_USERS, load_directory

COMMITTED = Path(__file__).resolve().parent.parent / "assessments"

WORKFLOW = {
    Status.draft: [EventKind.created, EventKind.saved],
    Status.in_review: [EventKind.created, EventKind.saved, EventKind.submitted],
    Status.approved: [EventKind.created, EventKind.saved, EventKind.submitted,  # a review round:
                      EventKind.judged, EventKind.returned, EventKind.saved, EventKind.replied,
                      EventKind.replied, EventKind.submitted, EventKind.approved],
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Assessment]:
    """The demo assessments as `eia demo` saves them, by id."""
    folder = tmp_path_factory.mktemp("demo")
    assert all(was_written for _, was_written in write_demo_assessments(folder))
    store = store_at(folder)
    return {item.id: store.get(item.id) for item in store.list().items}


@pytest.fixture(scope="module")
def results(written: dict[str, Assessment]) -> dict[str, Result]:
    question_set = get_question_set("helsingborg", QUESTION_SET["version"])
    return {assessment_id: score(assessment, question_set)
            for assessment_id, assessment in written.items()}


def test_the_committed_demo_files_are_what_the_code_writes(tmp_path: Path) -> None:
    fresh = dict(write_demo_assessments(tmp_path))
    assert all(fresh.values())
    how_to_fix = ("delete assessments/demo-*.json and run `eia demo` to write them again from "
                  "eia/demo.py, then commit the new files")
    committed = sorted(path.name for path in COMMITTED.glob("demo-*.json"))
    assert committed == sorted(f"{assessment_id}.json" for assessment_id in fresh), how_to_fix
    for name in committed:
        assert (COMMITTED / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"assessments/{name} differs from what the code writes now: {how_to_fix}"
        )


def test_writing_the_demo_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    list(write_demo_assessments(first))
    list(write_demo_assessments(second))
    names = sorted(path.name for path in first.glob("demo-*.json"))
    assert len(names) == len(DEMO_ASSESSMENTS)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_an_existing_demo_is_kept_not_replaced(tmp_path: Path) -> None:
    list(write_demo_assessments(tmp_path))
    store = store_at(tmp_path)
    edited = store.get("demo-branch-library")
    store.save(edited.model_copy(update={"decision": edited.decision.model_copy(
        update={"committee": "Edited by a visitor"})}), expected_revision=edited.revision,
        by=load_directory(LOCAL_USERS).get("demo-colleague").ref())
    before = (tmp_path / "demo-branch-library.json").read_bytes()

    again = dict(write_demo_assessments(tmp_path))

    assert again == {"demo-digital-booking": False, "demo-changing-rooms": False,
                     "demo-branch-library": False}
    assert (tmp_path / "demo-branch-library.json").read_bytes() == before


def test_there_are_three_demos(written: dict[str, Assessment]) -> None:
    assert sorted(written) == ["demo-branch-library", "demo-changing-rooms",
                               "demo-digital-booking"]


def test_every_demo_is_marked_as_fictitious(written: dict[str, Assessment]) -> None:
    for assessment in written.values():
        assert assessment.demo is True, assessment.id
        assert assessment.decision.title.startswith("DEMO"), assessment.id
        assert "fictitious" in assessment.decision.description, assessment.id
        assert "fiktivt" in assessment.decision.description, assessment.id


def test_the_demos_are_written_in_swedish_as_a_helsingborg_officer_writes(
    written: dict[str, Assessment],
) -> None:
    """A Swedish statement shows the demo's own words: no English left in the decision."""
    committees = {assessment_id: (assessment.decision.committee, assessment.decision.department)
                  for assessment_id, assessment in written.items()}
    assert committees == {
        "demo-digital-booking": ("Kommunstyrelsen", "Stadsledningsförvaltningen"),
        "demo-changing-rooms": ("Kulturnämnden", "Kulturförvaltningen"),
        "demo-branch-library": ("Kulturnämnden", "Kulturförvaltningen"),
    }
    assert {assessment.decision.title for assessment in written.values()} == {
        "DEMO: Bokning av besök på kontaktcenter görs bara digitalt",
        "DEMO: Könsneutrala omklädningsrum i en kommunal idrottshall",
        "DEMO: Nedläggning av filialbiblioteket i Drottninghög",
    }
    for assessment in written.values():
        text = " ".join([assessment.decision.description, *assessment.decision.affected_services,
                         assessment.conclusion.summary,
                         *(action.description for action in assessment.actions),
                         *(action.owner for action in assessment.actions)])
        for english in ("committee", "department", "the ", " and ", "booking", "library"):
            assert english not in text.replace("DEMO – fictitious example, not a real "
                                               "decision.", ""), (assessment.id, english)


def test_the_demos_are_answered_under_set_1_1(written: dict[str, Assessment]) -> None:
    for assessment in written.values():
        assert (assessment.question_set.id, assessment.question_set.version) == (
            "helsingborg", "1.1"), assessment.id


def test_every_demo_action_says_what_it_does_and_whether_it_is_decided_and_funded(
    written: dict[str, Assessment],
) -> None:
    for assessment in written.values():
        for action in assessment.actions:
            assert set(action.grounds) <= set(action.effects), (assessment.id, action.id)
            assert action.decided is not None and action.funded is not None, action.id


def test_every_demo_impact_names_who_it_falls_on(written: dict[str, Assessment]) -> None:
    for assessment in written.values():
        for ground, impact in assessment.impacts.items():
            if impact.direction is not None and impact.direction.value == "positive":
                assert impact.benefit is not None, (assessment.id, ground)
            assert impact.groups.strip(), (assessment.id, ground)


def test_each_demo_has_been_taken_through_its_workflow(written: dict[str, Assessment]) -> None:
    assert len(written) == len(DEMO_ASSESSMENTS)
    for data, status in DEMO_ASSESSMENTS:
        assessment = written[data["id"]]
        assert assessment.status is status
        assert [officer.id for officer in assessment.officers] == ["demo-officer"]
        assert [event.kind for event in assessment.history] == WORKFLOW[status]
        assert [event.revision for event in assessment.history] == list(
            range(1, assessment.revision + 1)
        )
        times = [event.at for event in assessment.history]
        assert times == sorted(times) and len(set(times)) == len(times)


def test_the_approved_demo_is_signed_off_by_a_reviewer_who_did_not_write_it(
    written: dict[str, Assessment],
) -> None:
    rooms = written["demo-changing-rooms"]
    assert rooms.sign_off is not None and rooms.sign_off.by.id == "demo-reviewer"
    assert "demo-reviewer" not in rooms.editors()
    assert rooms.history[-1].by.id == "demo-reviewer"


def test_the_demos_are_valid_before_they_are_saved() -> None:
    for assessment, _ in demo_assessments():
        assert assessment.status is Status.draft
        assert assessment.revision == 0 and assessment.history == []
        assert assessment.sign_off is None
        assert assessment.question_set.id == "helsingborg"


def test_the_demos_show_three_different_outcomes(results: dict[str, Result]) -> None:
    outcomes = {key: result.recommended_outcome.value for key, result in results.items()}
    assert outcomes == {
        "demo-digital-booking": Outcome.adjust_proposal,
        "demo-changing-rooms": Outcome.no_major_change,
        "demo-branch-library": Outcome.stop_and_rethink,
    }
    assert len(set(outcomes.values())) == 3


@pytest.mark.parametrize(("assessment_id", "ground"), [
    ("demo-digital-booking", Ground.age),
    ("demo-branch-library", Ground.socioeconomic),
])
def test_the_outcome_names_the_ground_that_decided_it(
    results: dict[str, Result], assessment_id: str, ground: Ground
) -> None:
    trace = results[assessment_id].recommended_outcome.trace
    assert ground.value in trace.inputs
    assert ground.label("sv") in trace.reason.sv
    assert ground.label("en") in trace.reason.en


def test_no_major_change_is_explained_too(results: dict[str, Result]) -> None:
    result = results["demo-changing-rooms"]
    assert result.recommended_outcome.trace.reason.en.strip()
    assert not any(ground.is_negative and ground.residual.value.rank > 0
                   for ground in result.grounds)


def test_the_library_chose_another_outcome_and_says_why(
    written: dict[str, Assessment], results: dict[str, Result]
) -> None:
    library, result = written["demo-branch-library"], results["demo-branch-library"]
    assert library.conclusion.chosen_outcome is not None
    assert library.conclusion.chosen_outcome is not result.recommended_outcome.value
    assert library.conclusion.justification.strip()
    assert not result.has_flag(FlagCode.outcome_differs_without_justification)


def test_no_demo_has_a_blocker(results: dict[str, Result]) -> None:
    """A blocker must be resolved before approval; the demos show finished work, not mistakes."""
    for assessment_id, result in results.items():
        blockers = [flag.code.value for flag in result.flags
                    if flag.severity is FlagSeverity.blocker]
        assert blockers == [], f"{assessment_id} has blockers: {blockers}"


def test_without_its_justification_the_library_would_be_flagged(
    written: dict[str, Assessment],
) -> None:
    library = written["demo-branch-library"]
    unjustified = library.model_copy(update={"conclusion": library.conclusion.model_copy(
        update={"justification": ""})})
    result = score(unjustified, get_question_set("helsingborg", QUESTION_SET["version"]))
    assert result.has_flag(FlagCode.outcome_differs_without_justification)


@pytest.mark.parametrize(("assessment_id", "flags"), [
    ("demo-digital-booking", {"cumulative_impact", "intersectional", "no_consultation",
                              "no_evidence"}),
    ("demo-changing-rooms", {"children_affected", "intersectional"}),
    ("demo-branch-library", {"better_alternative_rejected", "children_affected",
                             "children_best_interests_missing", "children_not_heard",
                             "cumulative_impact", "intersectional", "negative_without_action",
                             "no_consultation", "no_evidence", "previous_actions_not_done",
                             "rarely_heard_not_reached"}),
])
def test_each_demo_raises_the_flags_the_readme_lists(
    results: dict[str, Result], assessment_id: str, flags: set[str]
) -> None:
    assert {flag.code.value for flag in results[assessment_id].flags} == flags


def test_the_demo_writes_the_same_bytes_with_or_without_a_context_database(
        tmp_path: Path, context_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The approved demo keeps the score it was approved with; that score never depends on
    whether the figures happen to be built on this machine."""
    monkeypatch.setenv("EIA_CONTEXT_DB", str(context_db))
    with_figures = tmp_path / "with"
    list(write_demo_assessments(with_figures))
    monkeypatch.setenv("EIA_CONTEXT_DB", str(tmp_path / "none" / "context.duckdb"))
    without = tmp_path / "without"
    list(write_demo_assessments(without))
    for path in sorted(with_figures.glob("demo-*.json")):
        assert path.read_bytes() == (without / path.name).read_bytes(), path.name
