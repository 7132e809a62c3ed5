"""The question-set loader and registry, as the strategy division meets them.

Editors change YAML, not Python. A good set must load with everything it implies (a question's
ground from its section, `no` as the word no). A broken set must be refused with problems that
name the file, the line and the key to fix, all of them at once. Each broken set here is a copy
of the tiny fixture set with one visible change; problems are compared as lists of
(file, line, field, code).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from eia.model import Ground, Perspective, Subject
from eia.problems import ProblemsError
from eia.questions import (
    Kind,
    Step,
    available_sets,
    get_question_set,
    json_schema,
    json_schema_text,
    latest_version,
    load_question_set,
)
from eia.questions.loader import _StrictLoader
from eia.settings import QUESTION_SETS
from eia.yamlfile import MAX_DEPTH

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "question_sets"
TINY = FIXTURES / "tiny" / "1.0"
SECTION_FILES = ["decision.yaml", "impact_sex.yaml", "impact_disability.yaml"]

Where = tuple[str, int | None, str, str]
PointAt = Callable[[Path], None]


# --- Helpers ---------------------------------------------------------------------------------


def copy_tiny(root: Path, version: str = "1.0", folder: str | None = None) -> Path:
    """A copy of tiny/<version> at root/<folder> (default tiny/<version>), to break or edit."""
    target = root / (folder or f"tiny/{version}")
    shutil.copytree(FIXTURES / "tiny" / version, target)
    return target


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a test cannot silently change nothing."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(folder: Path, file: str, text: str) -> int:
    """The line holding `text` (exactly one does), so tests name lines without counting."""
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, f"{text!r} should be on exactly one line of {file}, is on {found}"
    return found[0]


def where(error: ProblemsError) -> list[Where]:
    assert all(problem.message for problem in error.problems), "every problem says what is wrong"
    return [(Path(p.file).name, p.line, p.field, p.code) for p in error.problems]


def problems_of(folder: Path, expected: tuple[str, str] | None = None) -> list[Where]:
    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder, expected=expected)
    return where(refused.value)


def read_as_editor(path: Path) -> Any:
    """YAML as an editor's language server reads it (YAML 1.2: `no` is a string)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)


@pytest.fixture
def sets_in(monkeypatch: pytest.MonkeyPatch) -> PointAt:
    """Point the registry at a folder of sets, as a city does with EIA_QUESTION_SETS."""

    def point(root: Path) -> None:
        monkeypatch.setenv(QUESTION_SETS.name, str(root))

    return point


# --- A good set ------------------------------------------------------------------------------


def test_tiny_set_loads_with_its_included_sections() -> None:
    question_set = load_question_set(TINY)

    assert (question_set.id, question_set.version) == ("tiny", "1.0")
    assert [section.id for section in question_set.sections][:5] == [
        "decision", "screening", "evidence", "impact_sex", "impact_disability"
    ]
    assert {section.step for section in question_set.sections} == set(Step)
    assert set(question_set.screening) == set(Subject)
    assert {question.kind for question in question_set.questions()} == set(Kind)
    assert question_set.scoring.thresholds.high.value == 9


def test_a_set_yaml_path_loads_like_its_folder() -> None:
    assert load_question_set(TINY / "set.yaml") == load_question_set(TINY)


def test_questions_inherit_their_sections_ground_unless_they_have_their_own() -> None:
    question_set = load_question_set(TINY)
    ground = {question.id: question.ground for question in question_set.questions()}

    assert ground == {
        "decision.kind": None,
        "decision.start": None,
        "decision.budget": None,
        "sex.usage_gap": Ground.sex,
        "sex.groups": Ground.sex,
        "sex.severity": Ground.sex,
        "sex.description": Ground.sex,
        "disability.access": Ground.disability,
        "disability.note": Ground.age,
    }
    assert question_set.question("sex.severity").perspective is Perspective.intersectionality
    assert question_set.question("sex.groups").perspective is None


def test_no_and_yes_stay_words_not_booleans(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "decision.yaml", "{value: change,", "{value: no,")
    edit(folder, "impact_disability.yaml", "{value: all,", "{value: no,")
    edit(folder, "impact_disability.yaml", "{value: most,", "{value: off,")
    edit(folder, "impact_disability.yaml", "{value: few,", "{value: y,")
    edit(folder, "impact_disability.yaml", "in: [most, few]", "in: [no, off, y]")

    question_set = load_question_set(folder)

    usage_gap = question_set.question("sex.usage_gap")
    assert [option.value for option in usage_gap.options] == ["yes", "no", "dont_know"]
    assert question_set.question("decision.kind").option("no") is not None
    show_if = question_set.question("disability.note").show_if
    assert show_if.in_ == ["no", "off", "y"]
    assert [o.value for o in question_set.question("disability.access").options] == [
        "no", "off", "y", "dont_know"]
    assert question_set.question("decision.kind").required is True


def test_show_if_is_kept_as_data() -> None:
    show_if = load_question_set(TINY).question("sex.description").show_if

    assert show_if.model_dump(by_alias=True, exclude_none=True) == {
        "all": [
            {"any": [{"answer": "sex.usage_gap", "in": ["yes", "dont_know"]},
                     {"answered": "sex.groups"}]},
            {"not": {"screened_in": Subject.children}},
        ]
    }


# --- The JSON Schema editors get -------------------------------------------------------------


def test_json_schema_of_set_yaml_describes_sections_and_questions() -> None:
    schema = json_schema()

    assert {"Section", "Question", "Option", "Scale", "Thresholds"} <= set(schema["$defs"])
    assert schema["additionalProperties"] is False
    items = schema["properties"]["sections"]["items"]["anyOf"]
    assert {"$ref": "#/$defs/Section"} in items
    include = next(item for item in items if item.get("type") == "string")
    assert re.fullmatch(include["pattern"], "impact_sex.yaml")
    assert not re.fullmatch(include["pattern"], "../evil.yaml")
    required = set(schema["required"])
    assert {"id", "version", "changelog", "scoring", "outcomes", "sections"} <= required
    assert required <= set(read_as_editor(TINY / "set.yaml"))
    assert "in" in schema["$defs"]["AnswerIs"]["properties"]  # aliases, as written in YAML
    assert "not" in schema["$defs"]["Not"]["properties"]
    assert json.loads(json_schema_text()) == schema


def test_json_schema_of_a_section_file() -> None:
    schema = json_schema("section")

    assert "Question" in schema["$defs"]
    assert schema["additionalProperties"] is False
    assert {"id", "step", "title"} <= set(schema["required"])
    for file in SECTION_FILES:
        assert set(schema["required"]) <= set(read_as_editor(TINY / file))


def test_the_tiny_set_passes_its_own_json_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    set_schema, section_schema = json_schema(), json_schema("section")
    jsonschema.Draft202012Validator.check_schema(set_schema)
    jsonschema.Draft202012Validator.check_schema(section_schema)

    jsonschema.validate(read_as_editor(TINY / "set.yaml"), set_schema)
    for file in SECTION_FILES:
        jsonschema.validate(read_as_editor(TINY / file), section_schema)


def test_json_schema_refuses_what_the_loader_refuses() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    section = read_as_editor(TINY / "impact_sex.yaml")
    section["questions"][0]["weight"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(section, json_schema("section"))
    data = read_as_editor(TINY / "set.yaml")
    data["sections"][0] = "../evil.yaml"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


# --- Broken YAML -----------------------------------------------------------------------------


def test_duplicate_key_is_refused_on_the_line_of_the_second(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "decision.yaml", "    kind: date\n", "    kind: date\n    kind: text\n")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("decision.yaml", line_of(folder, "decision.yaml", "kind: text"),
         "sections[0].questions[1].kind", "duplicate-key"),
    ]
    first = line_of(folder, "decision.yaml", "kind: date")
    assert f"first on line {first}" in refused.value.problems[0].message


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "en: Impact by disability", "en: Impact: by disability")

    assert problems_of(folder) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "Impact: by"),
         "", "yaml-syntax"),
    ]


def test_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", 'changelog: "1.0: first version of the test set."',
         'changelog: !!python/object/apply:os.getcwd []')

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "changelog:"), "", "yaml-syntax"),
    ]


def test_control_character_is_a_problem_on_its_line(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "en: Tiny test set", "en: Tiny\x07 test set")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "Tiny\x07"), "", "yaml-syntax"),
    ]


def test_recursive_alias_is_refused_without_crashing(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "    examples:\n", "    examples: &loop\n      - *loop\n")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "&loop"), "screening.disability.examples[0]",
         "model_type"),
    ]


@pytest.mark.parametrize("content", ["", "\n", "# only a comment\n"])
def test_empty_section_file_is_refused(tmp_path: Path, content: str) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "impact_sex.yaml").write_text(content, encoding="utf-8")

    assert problems_of(folder) == [("impact_sex.yaml", 1, "", "empty")]


def test_empty_set_yaml_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "set.yaml").write_text("", encoding="utf-8")

    assert problems_of(folder) == [("set.yaml", 1, "", "empty")]


def test_set_yaml_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "set.yaml").write_text("- decision.yaml\n", encoding="utf-8")

    assert problems_of(folder) == [("set.yaml", 1, "", "not-a-mapping")]


def test_file_that_is_not_utf8_is_refused_on_the_line_of_the_byte(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "decision.yaml").write_bytes("id: decision\ntitle: Beslut för år".encode("latin-1"))

    assert problems_of(folder) == [("decision.yaml", 2, "", "not-utf8")]


def test_yaml_nested_a_thousand_deep_is_refused_on_its_line(tmp_path: Path) -> None:
    """Once a RecursionError; libyaml alone stops at 1,000 levels, the loader far earlier."""
    folder = copy_tiny(tmp_path)
    deep = "".join(" " * level + "a:\n" for level in range(999)) + " " * 999 + "1\n"
    (folder / "decision.yaml").write_text(deep, encoding="utf-8")

    deepest = "sections[0]" + ".a" * MAX_DEPTH
    assert problems_of(folder) == [("decision.yaml", MAX_DEPTH + 1, deepest, "too-deep")]


def test_yaml_flow_nesting_past_the_parser_limit_is_a_syntax_problem(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    (folder / "decision.yaml").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")

    assert problems_of(folder) == [("decision.yaml", 1, "", "yaml-syntax")]


def test_a_yaml_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    """Five megabytes of YAML once took 50 s and 1.3 GB; now it is refused before parsing."""
    folder = copy_tiny(tmp_path)
    line = "- {value: a, label: {sv: a, en: a}, score: 1}\n"
    (folder / "decision.yaml").write_text(line * (5_000_000 // len(line)), encoding="utf-8")

    started = time.perf_counter()
    assert problems_of(folder) == [("decision.yaml", None, "", "too-large")]
    assert time.perf_counter() - started < 1


def test_folder_without_set_yaml_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [("set.yaml", None, "", "missing")]


# --- Keys, texts and options -----------------------------------------------------------------


def test_unknown_key_in_an_included_file_names_that_file_and_line(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "    indicators: [usage.by_sex]\n",
         "    indicators: [usage.by_sex]\n    weight: 2\n")

    assert problems_of(folder) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "weight: 2"),
         "sections[3].questions[0].weight", "extra_forbidden"),
    ]


def test_mistyped_capital_key_is_named(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "    text:\n      sv: Vilka", "    Text:\n      sv: Vilka")

    assert problems_of(folder) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "- id: sex.groups"),
         "sections[3].questions[1].text", "missing"),
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "Text:"),
         "sections[3].questions[1].Text", "extra_forbidden"),
    ]


def test_missing_swedish_text_names_the_text_key(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "decision.yaml", "      sv: När börjar beslutet gälla?\n", "")

    text_line = line_of(folder, "decision.yaml", "en: When does the decision take effect?") - 1
    assert problems_of(folder) == [
        ("decision.yaml", text_line, "sections[0].questions[1].text.sv", "missing"),
    ]


def test_blank_swedish_text_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "  sv: Liten testuppsättning", '  sv: "  "')

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", 'sv: "  "'), "title.sv", "string_too_short"),
    ]


def test_unknown_screening_subject_names_the_key(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "  national_minorities:\n", "  minorities:\n")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "  minorities:"), "screening.minorities", "enum"),
    ]


def test_yes_no_question_with_a_maybe_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "{value: dont_know, label: {sv: Vet inte, en: Don't know}",
         "{value: maybe, label: {sv: Kanske, en: Maybe}")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "- id: sex.usage_gap"),
         "sections[3].questions[0]", "value_error"),
    ]
    assert "yes, no and optionally dont_know" in refused.value.problems[0].message


def test_dont_know_scoring_below_the_midpoint_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "en: Don't know}, score: 2", "en: Don't know}, score: 1")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("impact_disability.yaml",
         line_of(folder, "impact_disability.yaml", "- id: disability.access"),
         "sections[4].questions[0]", "value_error"),
    ]
    assert "midpoint of the known options (2)" in refused.value.problems[0].message


def test_thresholds_out_of_order_are_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "      value: 5\n", "      value: 10\n")  # medium above high (9)

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "  thresholds:"), "scoring.thresholds",
         "value_error"),
    ]


def test_mistyped_flag_in_an_outcome_rule_is_one_problem(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "{flag: intersectional}", "{flag: intersectionality}")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "{flag: intersectionality}"),
         "outcomes.rules[1].when.all[1].any[1].flag", "enum"),
    ]


def test_condition_with_no_known_key_is_one_problem_listing_the_keys(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "{answered: sex.groups}", "{answerd: sex.groups}")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "answerd"),
         "sections[3].questions[3].show_if.all[0].any[1]", "unknown-condition"),
    ]
    assert "answer, answered, screened_in, all, any, not" in refused.value.problems[0].message


def test_condition_missing_its_second_key_names_it(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "{answer: disability.access, in: [most, few]}",
         "{answer: disability.access}")

    assert problems_of(folder) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "show_if:"),
         "sections[4].questions[1].show_if.in", "missing"),
    ]


# --- Cross-references ------------------------------------------------------------------------


def test_show_if_reading_a_later_question_is_refused_where_it_is(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "{answered: sex.groups}", "{answered: disability.note}")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "show_if:"),
         "sections[3].questions[3].show_if", "value_error"),
    ]
    assert "'disability.note'" in refused.value.problems[0].message


def test_show_if_reading_an_unknown_question_is_refused_where_it_is(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "{answer: disability.access,",
         "{answer: disability.acces,")

    assert problems_of(folder) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "show_if:"),
         "sections[4].questions[1].show_if", "value_error"),
    ]


def test_show_if_waiting_for_an_option_the_question_lacks_is_refused_at_the_value(
        tmp_path: Path) -> None:
    """A typo in `in` would hide the question for ever: the set passed, and misbehaved later."""
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "in: [most, few]", "in: [most, fwe]")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "show_if:"),
         "sections[4].questions[1].show_if.in[1]", "unknown-option"),
    ]
    message = refused.value.problems[0].message
    assert "'fwe'" in message and "'disability.access'" in message and "'few'" in message


def test_show_if_nested_option_typo_names_its_path(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "in: [yes, dont_know]", "in: [yes, dontknow]")

    assert problems_of(folder) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "dontknow"),
         "sections[3].questions[3].show_if.all[0].any[0].in[1]", "unknown-option"),
    ]


def test_show_if_waiting_for_true_from_a_choice_is_refused(tmp_path: Path) -> None:
    """`true` is a boolean (only true/false are), and no option value is one."""
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "in: [most, few]", "in: [true]")

    assert problems_of(folder) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "show_if:"),
         "sections[4].questions[1].show_if.in[0]", "unknown-option"),
    ]


@pytest.mark.parametrize(("value", "ok"), [("3", True), ("5", True), ("6", False),
                                           ("0", False), ("big", False)])
def test_show_if_on_a_scale_takes_only_its_steps(tmp_path: Path, value: str, ok: bool) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "{answered: sex.groups}",
         f"{{answer: sex.severity, in: [{value}]}}")
    edit(folder, "impact_sex.yaml", "  - id: sex.description", "  - id: sex.zdescription")
    if ok:
        assert load_question_set(folder).question("sex.zdescription").show_if is not None
        return
    assert problems_of(folder) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "sex.severity, in"),
         "sections[3].questions[3].show_if.all[0].any[1].in[0]", "unknown-option"),
    ]


def test_question_id_used_twice_across_files_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_disability.yaml", "  - id: disability.note", "  - id: sex.groups")

    assert problems_of(folder) == [
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "id: sex.groups"),
         "sections[4].questions[1].id", "value_error"),
    ]


def test_section_id_used_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "  - id: evidence\n    step: evidence\n",
         "  - id: screening\n    step: evidence\n")

    second = line_of(folder, "set.yaml", "    step: evidence") - 1
    assert problems_of(folder) == [("set.yaml", second, "sections[2].id", "value_error")]


def test_missing_screening_subject_is_refused_at_screening(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml",
         "  national_minorities:\n"
         '    text: {sv: "Nationella minoriteter?", en: "National minorities?"}\n'
         "    help: {sv: Hjälp om minoriteter., en: Help on national minorities.}\n", "")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("set.yaml", line_of(folder, "set.yaml", "screening:"), "screening", "value_error"),
    ]
    assert "national_minorities" in refused.value.problems[0].message


def test_missing_step_is_refused_at_sections(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml",
         "  - id: follow_up\n    step: follow_up\n"
         "    title: {sv: Uppföljning, en: Follow-up}\n", "")

    with pytest.raises(ProblemsError) as refused:
        load_question_set(folder)

    assert where(refused.value) == [
        ("set.yaml", line_of(folder, "set.yaml", "sections:"), "sections", "value_error"),
    ]
    assert "follow_up" in refused.value.problems[0].message


def test_missing_sections_key_is_reported_as_missing(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "sections:\n", "chapters:\n")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "id: tiny"), "sections", "missing"),
        ("set.yaml", line_of(folder, "set.yaml", "chapters:"), "chapters", "extra_forbidden"),
    ]


def test_section_file_missing_its_step_names_that_file(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "impact_sex.yaml", "step: impact\n", "")

    assert problems_of(folder) == [
        ("impact_sex.yaml", line_of(folder, "impact_sex.yaml", "id: impact_sex"),
         "sections[3].step", "missing"),
    ]


def test_unquoted_version_is_refused_as_a_number(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", 'version: "1.0"', "version: 1.0")

    assert problems_of(folder, expected=("tiny", "1.0")) == [
        ("set.yaml", line_of(folder, "set.yaml", "version: 1.0"), "version", "string_type"),
    ]


# --- Includes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "include", ["../evil.yaml", "/tmp/evil.yaml", "sub/evil.yaml", "evil.txt", ".hidden.yaml"]
)
def test_include_outside_the_folder_is_refused(tmp_path: Path, include: str) -> None:
    folder = copy_tiny(tmp_path)
    shutil.copy(folder / "impact_disability.yaml", tmp_path / "tiny" / "evil.yaml")  # not read
    edit(folder, "set.yaml", "  - impact_disability.yaml", f"  - {include}")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", include), "sections[4]", "bad-include"),
    ]


def test_include_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "  - impact_disability.yaml", "  - impact_religion.yaml")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "impact_religion.yaml"), "sections[4]",
         "missing-include"),
    ]


def test_problems_in_several_included_files_are_all_reported(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "decision.yaml", "    kind: date\n", "    kind: date\n    kind: text\n")
    edit(folder, "impact_disability.yaml", "en: Impact by disability", "en: Impact: by disability")
    edit(folder, "set.yaml", "  - impact_sex.yaml", "  - impact_sexx.yaml")

    assert problems_of(folder) == [
        ("decision.yaml", line_of(folder, "decision.yaml", "kind: text"),
         "sections[0].questions[1].kind", "duplicate-key"),
        ("set.yaml", line_of(folder, "set.yaml", "impact_sexx.yaml"), "sections[3]",
         "missing-include"),
        ("impact_disability.yaml", line_of(folder, "impact_disability.yaml", "Impact: by"), "",
         "yaml-syntax"),
    ]


# --- All at once -----------------------------------------------------------------------------


def test_several_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", 'changelog: "1.0: first version of the test set."', 'changelog: ""')
    edit(folder, "impact_sex.yaml", "    indicators: [usage.by_sex]\n",
         "    indicators: [usage.by_sex]\n    weight: 2\n")
    edit(folder, "impact_sex.yaml", "      sv: Vilka grupper berörs?\n", "")
    edit(folder, "impact_sex.yaml", "    kind: scale\n", "    kind: slider\n")

    file = "impact_sex.yaml"
    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", "changelog:"), "changelog", "string_too_short"),
        (file, line_of(folder, file, "weight: 2"), "sections[3].questions[0].weight",
         "extra_forbidden"),
        (file, line_of(folder, file, "en: Which groups") - 1, "sections[3].questions[1].text.sv",
         "missing"),
        (file, line_of(folder, file, "kind: slider"), "sections[3].questions[2].kind", "enum"),
    ]


def test_several_duplicate_keys_in_one_file_are_all_reported(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", 'version: "1.0"\n', 'version: "1.0"\nid: tiny\n')
    edit(folder, "set.yaml", "  default: no_major_change\n",
         "  default: no_major_change\n  default: stop_and_rethink\n")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", 'version: "1.0"') + 1, "id", "duplicate-key"),
        ("set.yaml", line_of(folder, "set.yaml", "default: stop_and_rethink"),
         "outcomes.default", "duplicate-key"),
    ]


# --- The registry ----------------------------------------------------------------------------


def tiny_versions() -> list[str]:
    return [location.version for location in available_sets() if location.id == "tiny"]


def test_registry_lists_every_version_oldest_first(sets_in: PointAt) -> None:
    sets_in(FIXTURES)

    assert tiny_versions() == ["1.0", "1.1"]
    locations = [location for location in available_sets() if location.id == "tiny"]
    assert [location.path for location in locations] == [FIXTURES / "tiny/1.0",
                                                          FIXTURES / "tiny/1.1"]


def test_registry_gives_the_newest_version_unless_asked(sets_in: PointAt) -> None:
    sets_in(FIXTURES)

    newest = get_question_set("tiny")
    assert latest_version("tiny") == "1.1"
    assert (newest.version, newest.scoring.thresholds.high.value) == ("1.1", 8)
    older = get_question_set("tiny", "1.0")
    assert (older.version, older.scoring.thresholds.high.value) == ("1.0", 9)
    assert older.changelog.startswith("1.0:") and newest.changelog.startswith("1.1:")


def test_registry_refuses_an_unknown_version_or_set(sets_in: PointAt) -> None:
    sets_in(FIXTURES)

    with pytest.raises(ProblemsError) as refused:
        get_question_set("tiny", "9.9")
    assert where(refused.value) == [("9.9", None, "", "unknown-version")]
    with pytest.raises(ProblemsError) as refused:
        get_question_set("huge")
    assert where(refused.value) == [("huge", None, "", "unknown-set")]


def test_versions_are_ordered_as_numbers(tmp_path: Path, sets_in: PointAt) -> None:
    for version in ["1.10", "1.9", "1.2"]:
        folder = copy_tiny(tmp_path, "1.1", folder=f"tiny/{version}")
        edit(folder, "set.yaml", 'version: "1.1"', f'version: "{version}"')
    sets_in(tmp_path)

    assert tiny_versions() == ["1.2", "1.9", "1.10"]
    assert get_question_set("tiny").version == "1.10"


def test_an_edited_section_file_is_read_again(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.1")
    sets_in(tmp_path)
    first = get_question_set("tiny")
    assert get_question_set("tiny") is first  # unchanged files: the cached set

    edit(folder, "impact_sex.yaml", "sv: Påverkan utifrån kön", "sv: Påverkan för kvinnor och män")

    edited = get_question_set("tiny")
    assert edited.sections[3].title.sv == "Påverkan för kvinnor och män"
    assert first.sections[3].title.sv == "Påverkan utifrån kön"


def test_an_edited_yml_section_file_is_read_again(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.1")
    (folder / "impact_sex.yaml").rename(folder / "impact_sex.yml")
    edit(folder, "set.yaml", "  - impact_sex.yaml", "  - impact_sex.yml")
    sets_in(tmp_path)
    assert get_question_set("tiny").sections[3].title.en == "Impact by sex"

    edit(folder, "impact_sex.yml", "en: Impact by sex", "en: Impact on women and men")

    assert get_question_set("tiny").sections[3].title.en == "Impact on women and men"


def test_a_file_restored_with_an_older_time_is_read_again(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.1")
    set_file, section_file = folder / "set.yaml", folder / "impact_sex.yaml"
    then = set_file.stat().st_mtime_ns
    os.utime(section_file, ns=(then, then + 10**10))  # another file is the newest
    sets_in(tmp_path)
    assert get_question_set("tiny").scoring.thresholds.high.value == 8

    edit(folder, "set.yaml", "      value: 8\n", "      value: 7\n")
    os.utime(set_file, ns=(then, then - 10**10))  # as `cp -p` from a backup leaves it

    assert get_question_set("tiny").scoring.thresholds.high.value == 7


def test_a_broken_set_is_refused_until_it_is_fixed(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.1")
    edit(folder, "decision.yaml", "    kind: date\n", "    kind: when\n")
    sets_in(tmp_path)
    with pytest.raises(ProblemsError):
        get_question_set("tiny")

    edit(folder, "decision.yaml", "    kind: when\n", "    kind: date\n")

    assert get_question_set("tiny").version == "1.1"


# --- Folders must agree with the file --------------------------------------------------------


def test_set_in_a_folder_of_another_version_is_refused(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.0", folder="tiny/2.0")
    sets_in(tmp_path)

    with pytest.raises(ProblemsError) as refused:
        get_question_set("tiny", "2.0")

    assert where(refused.value) == [
        ("set.yaml", line_of(folder, "set.yaml", 'version: "1.0"'), "version", "misplaced-set"),
    ]


def test_set_in_a_folder_of_another_id_is_refused(tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.0", folder="small/1.0")
    sets_in(tmp_path)

    with pytest.raises(ProblemsError) as refused:
        get_question_set("small")

    assert where(refused.value) == [
        ("set.yaml", line_of(folder, "set.yaml", "id: tiny"), "id", "misplaced-set"),
    ]


def test_checking_a_folder_named_for_another_version_is_refused(tmp_path: Path) -> None:
    """`eia questions validate tiny/2.0` must not pass a set the registry would refuse."""
    folder = copy_tiny(tmp_path, "1.0", folder="tiny/2.0")

    assert problems_of(folder) == [
        ("set.yaml", line_of(folder, "set.yaml", 'version: "1.0"'), "version", "misplaced-set"),
    ]


def test_checking_an_installed_folder_named_for_another_set_is_refused(
        tmp_path: Path, sets_in: PointAt) -> None:
    folder = copy_tiny(tmp_path, "1.0", folder="small/1.0")
    sets_in(tmp_path)

    assert problems_of(folder / "set.yaml") == [
        ("set.yaml", line_of(folder, "set.yaml", "id: tiny"), "id", "misplaced-set"),
    ]


def test_a_draft_folder_not_named_for_a_version_promises_nothing(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path, "1.0", folder="drafts/next")
    assert load_question_set(folder).version == "1.0"


def test_a_draft_outside_the_search_path_promises_its_version_not_its_id(
        tmp_path: Path) -> None:
    assert load_question_set(copy_tiny(tmp_path, "1.0", folder="drafts/1.0")).id == "tiny"


def test_misplaced_and_broken_set_reports_both(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path, "1.0", folder="tiny/2.0")
    edit(folder, "set.yaml", "  sv: Liten testuppsättning\n", "")

    assert problems_of(folder, expected=("tiny", "2.0")) == [
        ("set.yaml", line_of(folder, "set.yaml", 'version: "1.0"'), "version", "misplaced-set"),
        ("set.yaml", line_of(folder, "set.yaml", "en: Tiny test set") - 1, "title.sv", "missing"),
    ]



@pytest.mark.parametrize(("part", "file_name"),
                         [("set", "question-set.schema.json"), ("section", "section.schema.json")])
def test_the_committed_editor_schemas_are_current(part: str, file_name: str) -> None:
    """Editors read these through the `yaml-language-server` line atop each file of a set."""
    committed = (REPO / "eia" / "questions" / file_name).read_text(encoding="utf-8")
    assert committed == json_schema_text(part), (
        f"regenerate with: eia questions schema --part {part} > eia/questions/{file_name}")


@pytest.mark.parametrize("value", ["-1", "1.5"])
def test_mitigation_steps_must_be_a_whole_number_of_level_steps(tmp_path: Path,
                                                                  value: str) -> None:
    folder = copy_tiny(tmp_path)
    edit(folder, "set.yaml", "  mitigation_steps:\n    value: 1",
         f"  mitigation_steps:\n    value: {value}")
    line = line_of(folder, "set.yaml", "mitigation_steps:")
    assert problems_of(folder) == [("set.yaml", line, "scoring.mitigation_steps", "value_error")]
