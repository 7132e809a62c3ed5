"""The strategy division's question set versions in Streamlit's AppTest: a draft made from a
version, a weight changed through the structured editor, a YAML mistake shown by its line with
the text kept, the draft previewed as an officer sees it, compared, re-scored, published with a
changelog line (refused without one) and discarded; read-only for everyone else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from eia.questions.versions import VersionStatus, find_version
from eia.services import question_sets
from eia.services.assessments import AssessmentService
from tests.test_app_strategy import demos, open_page  # noqa: F401 - the shared fixture

SET = "helsingborg"


@pytest.fixture
def sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty draft and published folders of this test's own."""
    monkeypatch.setenv("EIA_QUESTION_SET_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("EIA_QUESTION_SETS_PUBLISHED", str(tmp_path / "published"))
    return tmp_path


def with_draft(person: str = "demo-strategist") -> AppTest:
    """The page with a new draft 1.2 made from 1.1 through its button, and picked."""
    at = open_page("question-sets", person)
    at = at.button(key="qs:new-draft").click().run()
    assert not at.exception
    return at


def set_yaml(sets: Path) -> str:
    return (sets / "drafts" / SET / "1.2" / "set.yaml").read_text(encoding="utf-8")


def all_text(at: AppTest) -> str:
    return " ".join(e.value for kind in ("markdown", "error", "warning", "success", "info", "code")
                    for e in at.get(kind))


def test_a_draft_is_made_and_picked(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    assert "Draft 1.2 is made" in at.success[0].value
    assert at.selectbox(key=f"qs:version:{SET}").value == "1.2"
    assert at.header[1].value.startswith("The logic of helsingborg 1.2")
    assert any(h.value == "Edit draft 1.2" for h in at.header)
    listed = at.dataframe[0].value
    assert "draft" in set(listed[listed["Version"] == "1.2"]["Status"])


def test_someone_without_the_role_reads_but_cannot_draft(demos: Path, sets: Path) -> None:  # noqa: F811
    at = open_page("question-sets", person="demo-officer")
    assert "Making, editing and publishing drafts needs the role" in all_text(at)
    with pytest.raises(KeyError):
        at.button(key="qs:new-draft")


def test_a_weight_changed_in_the_structured_editor_changes_set_yaml(
        demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    before = set_yaml(sets)
    at.number_input(key="qs:p:1.2:scoring.thresholds.low").set_value(3)
    at = at.button(key="FormSubmitter:qs:parameters:1.2-Save").click().run()
    assert not at.exception
    after = set_yaml(sets)
    assert yaml.safe_load(after)["scoring"]["thresholds"]["low"]["value"] == 3
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("      value: 2", "      value: 3")]  # comments and layout kept
    assert "Saved in set.yaml" in at.success[0].value


def test_an_option_score_and_a_question_text_are_edited(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at = at.radio(key="qs:mode:1.2").set_value("questions").run()
    at = at.selectbox(key="qs:qfile:1.2").set_value("04-sex.yaml").run()
    form = "qs:q:1.2:04-sex.yaml:0"
    at.text_area(key=f"{form}:text:en").input("A new question: is it \"clear\"?")
    at.number_input(key=f"{form}:score:2").set_value(2.5)
    at = at.button(key=f"FormSubmitter:{form}:form-Save").click().run()
    assert not at.exception
    saved = yaml.safe_load((sets / "drafts" / SET / "1.2" / "04-sex.yaml").read_text("utf-8"))
    question = saved["questions"][0]
    assert question["text"]["en"] == "A new question: is it \"clear\"?"
    assert question["options"][2]["score"] == 2.5


def test_a_yaml_mistake_is_shown_by_its_line_and_the_text_kept(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at = at.radio(key="qs:mode:1.2").set_value("yaml").run()
    key = "qs:yaml:1.2:set.yaml"
    broken = at.text_area(key=key).value.replace("      value: 2\n", "      value: two\n", 1)
    line = broken.splitlines().index("      value: two") + 1
    at.text_area(key=key).input(broken)
    at = at.button(key=f"FormSubmitter:{key}:form-Save").click().run()
    assert not at.exception
    assert at.text_area(key=key).value == broken  # the text typed is kept
    shown = all_text(at)
    assert f"set.yaml line {line}" in shown
    assert f"► {line:4} |       value: two" in shown
    assert "cannot be published until they are solved" in at.error[0].value


def test_the_preview_draws_a_step_as_the_officer_sees_it(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at = at.radio(key="qs:mode:1.2").set_value("preview").run()
    at = at.selectbox(key="qs:preview:1.2").set_value("screening").run()
    assert not at.exception
    fields = [w for w in at.radio if w.key and w.key.startswith("f:preview:")]
    assert fields and all(w.disabled for w in fields)
    assert "doc" not in at.session_state  # nothing left open for the wizard


def test_publish_is_refused_without_a_changelog_and_done_with_one(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at = at.button(key="FormSubmitter:qs:publish:1.2-Publish").click().run()
    assert "The draft was not published" in at.error[-1].value
    assert "changelog" in at.error[-1].value
    at.text_input(key="qs:changelog:1.2").input("Low threshold checked")
    at = at.button(key="FormSubmitter:qs:publish:1.2-Publish").click().run()
    assert not at.exception
    assert "Version 1.2 is published" in at.success[0].value
    assert find_version(SET, "1.2").status is VersionStatus.published
    assert "1.2 is published and never changes. Make a draft from it" in all_text(at)
    with pytest.raises(KeyError):
        at.radio(key="qs:mode:1.2")


def test_a_draft_is_discarded(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at = at.button(key="qs:discard:1.2").click().run()
    assert not at.exception
    assert "Draft 1.2 is discarded" in at.success[0].value
    assert [v.version for v in question_sets.list_versions(SET)] == ["1.0", "1.1"]


def test_the_diff_between_two_versions_lists_the_changes(demos: Path, sets: Path) -> None:  # noqa: F811
    at = open_page("question-sets")
    at.selectbox(key="qs:diff:old").set_value("1.0")
    at = at.selectbox(key="qs:diff:new").set_value("1.1").run()
    table = next(d.value for d in at.dataframe if "Description" in d.value.columns)
    assert len(table) > 0 and table["Description"].str.len().min() > 0


def test_the_what_if_takes_a_draft_from_the_versions(demos: Path, sets: Path) -> None:  # noqa: F811
    at = with_draft()
    at.number_input(key="qs:p:1.2:scoring.thresholds.medium").set_value(2)
    at = at.button(key="FormSubmitter:qs:parameters:1.2-Save").click().run()
    at = at.selectbox(key="qs:target").set_value("1.2").run()
    assert not at.exception
    assert "**2** of 3 assessments would change under version 1.2" in all_text(at)
    table = at.dataframe[-1].value
    changed = table[table["Levels changed (before / after actions)"] != ""]
    assert set(changed["ID"]) == {"demo-changing-rooms", "demo-digital-booking"}
    charted = at.dataframe[-2].value  # the chart's numbers, beside it
    assert dict(zip(charted["What"], charted["Count"], strict=True))[
        "Level of at least one ground"] == 2


def test_a_broken_draft_is_named_in_the_what_if(demos: Path, sets: Path) -> None:  # noqa: F811
    question_sets.start_draft(AssessmentService.for_folder(demos).user("demo-strategist"),
                              SET, "1.1")
    folder = sets / "drafts" / SET / "1.2"
    (folder / "set.yaml").write_text("id: [", encoding="utf-8")
    at = open_page("question-sets")
    at = at.selectbox(key="qs:target").set_value("1.2").run()
    assert "The draft cannot be read" in at.error[-1].value

