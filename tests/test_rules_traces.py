"""Every figure says which rule made it and which answers and set parameters it read."""

from __future__ import annotations

from pathlib import Path

import pytest

from eia.demo import demo_assessments
from eia.model import Assessment, Ground
from eia.questions import get_question_set, load_question_set
from eia.rules import score

FIXTURES = Path(__file__).parent / "fixtures" / "question_sets"
DEMOS = {assessment.id: assessment for assessment, _ in demo_assessments()}


def under_1_0(assessment: Assessment) -> Assessment:
    """The demo scored by set 1.0's rules, whose traces these tests read (the demos are 1.1)."""
    return assessment.model_copy(update={"question_set": assessment.question_set.model_copy(
        update={"version": "1.0"})})


def test_a_level_records_the_thresholds_and_the_matrix_cell_it_read() -> None:
    result = score(under_1_0(DEMOS["demo-digital-booking"]), get_question_set("helsingborg", "1.0"))
    age = result.ground(Ground.age)
    assert age.inherent.trace.parameters == {
        "scoring.thresholds.low": 2, "scoring.thresholds.medium": 5,
        "scoring.thresholds.high": 9, "scoring.impact_matrix.serious.likely": "high"}
    assert age.inherent.trace.inputs == {"answer_level": "high", "officer_level": "high"}
    assert age.residual.trace.parameters == {"scoring.mitigation_steps": 1,
                                             "scoring.mitigation_floor": "none"}
    assert age.residual.trace.inputs["actions"] == ["telefonbokning", "assisterad-bokning"]


def test_the_points_trace_shows_the_arithmetic_a_reader_can_check() -> None:
    result = score(under_1_0(DEMOS["demo-branch-library"]), get_question_set("helsingborg", "1.0"))
    socioeconomic = result.ground(Ground.socioeconomic)
    assert socioeconomic.points.value == sum(c.points for c in socioeconomic.contributions) == 12
    assert "0 (socioeconomic.fees_and_costs) + 3 (socioeconomic.neighbourhoods)" in (
        socioeconomic.points.trace.reason.en)
    assert socioeconomic.points.trace.inputs["answers.socioeconomic.travel"] == "much_longer"
    assert result.recommended_outcome.trace.rule == "outcome.high_after_actions"
    assert result.recommended_outcome.trace.inputs == {"socioeconomic": "high"}


def test_tuning_a_threshold_is_a_change_of_data_with_a_new_version() -> None:
    """tiny 1.1 lowers the high threshold from 9 to 8: the same 8 points are medium, then high."""
    sets = {version: load_question_set(FIXTURES / "tiny" / version) for version in ("1.0", "1.1")}

    def answered(version: str) -> Assessment:
        return Assessment(
            id="tuned", question_set={"id": "tiny", "version": version},
            screening={"sex": {"answer": "yes"}},
            answers={"sex.usage_gap": {"value": "yes"}, "sex.groups": {"value": ["women"]},
                     "sex.severity": {"value": 5}})

    levels = {}
    for version, question_set in sets.items():
        sex = score(answered(version), question_set).ground(Ground.sex)
        assert sex.points.value == 8
        levels[version] = sex.inherent.value.value
        assert sex.inherent.trace.parameters["scoring.thresholds.high"] == (
            question_set.scoring.thresholds.high.value)
    assert levels == {"1.0": "medium", "1.1": "high"}
    with pytest.raises(ValueError, match=r"answered under tiny 1\.0"):
        score(answered("1.0"), sets["1.1"])
