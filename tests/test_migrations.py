"""Every file saved so far is schema 1: it must load, keep what it said, and save as schema 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eia.migrations import MIGRATIONS, migrate, migrate_with_follow_up
from eia.model import SCHEMA_VERSION, Assessment

SCHEMA_1 = sorted((Path(__file__).parent / "fixtures" / "schema1").glob("*.json"))
"""The three demo files as `eia demo` wrote them before schema 2, byte for byte."""


def test_the_migrations_are_named_ordered_and_reach_the_current_version() -> None:
    assert [m.source for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION))
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)


@pytest.mark.parametrize("path", SCHEMA_1, ids=[p.stem for p in SCHEMA_1])
def test_a_schema_1_demo_loads_as_schema_2_and_keeps_what_it_said(path: Path) -> None:
    old = json.loads(path.read_bytes())
    assert old["schema_version"] == 1
    new = Assessment.from_json(path.read_bytes())
    assert new.schema_version == 2
    assert [o.name for o in new.officers] == [old["decision"]["case_officer"]]
    assert all(o.id is None for o in new.officers)  # a typed name is no signed-in user
    assert [e.by.name for e in new.history] == [e["by"] for e in old["history"]]
    assert new.decision.area_note == ", ".join(old["decision"]["affected_areas"])
    assert new.decision.affected_areas == []  # never guessed from free text
    assert new.follow_up.due.isoformat() == old["follow_up"]["due"]
    assert new.answers.keys() == old["answers"].keys()
    if old.get("sign_off"):
        assert new.sign_off is not None and new.sign_off.by.name == old["sign_off"]["name"]
    again = Assessment.from_json(new.to_json())
    assert again == new


def test_follow_up_results_of_schema_1_move_beside_the_assessment() -> None:
    old = json.loads(SCHEMA_1[0].read_bytes())
    old["follow_up"] = {"due": "2027-09-01", "outcome_held": False, "comment": "Not held.",
                        "results": [{"action_id": "phone-booking", "result": "done"}]}
    migrated = migrate_with_follow_up(old)
    assert migrated.assessment["follow_up"] == {"due": "2027-09-01"}
    assert migrated.follow_up is not None
    assert migrated.follow_up["results"] == [{"action_id": "phone-booking", "result": "done"}]
    assert migrated.follow_up["outcome_held"] is False


def test_what_is_not_an_old_assessment_passes_through_for_validation_to_name() -> None:
    assert migrate([1, 2]) == [1, 2]
    assert migrate({"schema_version": 9}) == {"schema_version": 9}
