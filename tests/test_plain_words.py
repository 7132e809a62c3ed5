"""Plain words: what a politician reads on page one, in the app and in the score's headline.

The group and the harm in the officer's words, the level in words, what the actions do; never
a question id, a point or a threshold, and never a minor ground while a graver one stands.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from eia.cli import main
from eia.demo import demo_assessments
from eia.flags import FlagCode, FlagSeverity
from eia.i18n import Lang
from eia.model import (
    ActionEffect,
    ActionResult,
    Assessment,
    Direction,
    Ground,
    Level,
    Likelihood,
    Outcome,
    ScreeningAnswer,
    Severity,
    Status,
    Subject,
)
from eia.plain_words import driving_ground, headline, plain_words
from eia.questions import get_question_set
from eia.questions.schema import OutcomeRule
from eia.rules import Screened, score
from eia.services.scoring import score_assessment
from eia.services.statements import statement_of
from eia.statement.make import Format, render
from tests.scenarios.conftest import Scenario

SCENARIOS = Path(__file__).parent / "scenarios"
QUESTION_SET = get_question_set("helsingborg", "1.1")
QUESTION_IDS = re.compile(
    r"\b(" + "|".join(re.escape(q.id) for q in QUESTION_SET.questions()) + r")\b")
ARITHMETIC = re.compile(r"\b(points?|poäng|thresholds?|tröskel\w*|gränsvärde\w*)\b",
                        re.IGNORECASE)
RAW_VALUES = re.compile(r"\b(" + "|".join(sorted(
    {member.value for enum in (Outcome, Ground, Subject, Direction, Level, Severity, Likelihood,
                               ActionEffect, ActionResult, Screened, ScreeningAnswer, Status,
                               FlagCode, FlagSeverity)
     for member in enum if "_" in member.value})) + r")\b")
"""Enum values a reader would see only if a label were missing: the many-word ones, whose
underscore no sentence has (one-word values such as 'high' are English words too)."""
DEMOS = [assessment for assessment, _ in demo_assessments()]


def unplain(text: str) -> list[str]:
    """What a politician must not meet: question ids, points, thresholds, raw enum values."""
    return [match.group(0) for pattern in (QUESTION_IDS, ARITHMETIC, RAW_VALUES)
            for match in pattern.finditer(text)]


def scenarios(name: str = "*") -> list[Scenario]:
    return [Scenario.model_validate(raw) for path in sorted(SCENARIOS.glob(f"{name}.yaml"))
            for raw in yaml.safe_load(path.read_text(encoding="utf-8"))]


def calibration() -> list[Scenario]:
    return scenarios("calibration")


def scenario_assessment(scenario: Scenario) -> Assessment:
    return Assessment.model_validate({"id": "scenario", "question_set": scenario.question_set,
                                      **scenario.assessment})


def assessment(**impacts: dict[str, Any]) -> Assessment:
    """Every subject screened in, with the given impacts and optional actions (`actions=`)."""
    actions = impacts.pop("actions", [])
    return Assessment.model_validate({
        "id": "plain", "question_set": {"id": "helsingborg", "version": "1.1"},
        "screening": {subject.value: {"answer": "yes"} for subject in Subject},
        "impacts": impacts, "actions": actions})


def scored_words(item: Assessment, lang: Lang = Lang.en) -> tuple[str, dict[Ground, str]]:
    words = plain_words(item, score(item, QUESTION_SET), lang)
    return words.headline, words.grounds


# --- page one of every demo, and every calibration headline ---------------------------------


def page_one(data: bytes, fmt: Format, annex_heading: str) -> str:
    if fmt is Format.pdf:
        return PdfReader(io.BytesIO(data)).pages[0].extract_text()
    return data.decode("utf-8").split(f"\n## {annex_heading}\n")[0]


@pytest.mark.parametrize("fmt", [Format.md, Format.pdf])
@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("demo", DEMOS, ids=[a.id for a in DEMOS])
def test_page_one_of_every_demo_is_plain_and_never_cuts_a_sentence(
        demo: Assessment, lang: Lang, fmt: Format, context_db: Path) -> None:
    scored = score_assessment(demo, database=context_db, keep_approved=False)
    statement = statement_of(scored, lang)
    text = page_one(render(statement, fmt), fmt, statement.page.annex_heading)
    assert unplain(text) == []
    # every plain sentence is there in full: none is cut to make page one fit
    flat = " ".join(text.split())
    summary = statement.summary
    assert all(" ".join(cell.split()) in flat
               for cell in [summary.outcome.rows[0][2], *(r[1] for r in summary.grounds.rows)])
    # the arithmetic is still there, in the annex
    assert any(QUESTION_IDS.search(item) for section in statement.annex
               if section.id.startswith("scoring_") for block in section.blocks
               for item in getattr(block, "items", []))


@pytest.mark.parametrize("lang", list(Lang))
def test_every_scenario_headline_and_sentence_is_plain(lang: Lang) -> None:
    """The calibration's decisions, and every other scenario (set 1.0's rules among them)."""
    for scenario in scenarios():
        item = scenario_assessment(scenario)
        question_set = get_question_set(item.question_set.id, item.question_set.version)
        words = plain_words(item, score(item, question_set, scenario.context), lang)
        for text in [words.headline, *words.grounds.values()]:
            assert unplain(text) == [], (scenario.name, text)


def test_every_calibration_headline_names_the_group_of_the_ground_that_drives_it() -> None:
    named = 0
    for scenario in calibration():
        item = scenario_assessment(scenario)
        result = score(item, QUESTION_SET, scenario.context)
        driver = driving_ground(item, result)
        if driver is None or driver.inherent.value is Level.none:
            continue
        said = headline(item, result, Lang.en)
        groups = item.impacts[driver.ground].groups
        assert groups[:40] in said, (scenario.name, said)
        graver = [g for g in result.grounds if g.is_negative
                  and g.residual.value > driver.residual.value]
        assert graver == [], scenario.name
        named += 1
    assert named >= 12


# --- the headline names the ground that drives the outcome ----------------------------------


def test_the_headline_names_the_gravest_harm_not_a_minor_one_listed_first() -> None:
    item = assessment(
        sex={"direction": "negative", "severity": "minor", "likelihood": "possible",
             "groups": "Women who walk home late", "description": "The path is darker."},
        age={"direction": "negative", "severity": "serious", "likelihood": "certain",
             "groups": "Residents over 80 without a car",
             "description": "They lose the only bus to the health centre. It ran hourly."})
    said, grounds = scored_words(item)
    assert said == ("Residents over 80 without a car: They lose the only bus to the health "
                    "centre. The risk is high, and no decided action reduces it. So the rules "
                    "recommend stopping and rethinking the proposal.")
    assert "Women" not in said
    assert grounds[Ground.sex] == ("Women who walk home late: The path is darker. The risk is "
                                   "low, and no decided action reduces it.")


def test_on_an_equal_level_left_the_graver_harm_before_the_actions_is_named() -> None:
    item = assessment(
        sex={"direction": "negative", "severity": "moderate", "likelihood": "likely",
             "groups": "Girls in year 5"},
        age={"direction": "negative", "severity": "serious", "likelihood": "certain",
             "groups": "Pupils aged 10–12"},
        actions=[{"id": "light", "description": "Street lighting on the whole route. Soon.",
                  "owner": "Traffic unit", "due": "2027-06-30", "effects": {"age": "reduces"},
                  "decided": True, "funded": True}])
    said, _ = scored_words(item, Lang.sv)
    assert said.startswith("Pupils aged 10–12: konsekvenserna är inte beskrivna. Risken är hög; "
                           "med ”Street lighting on the whole route” minskar den till medelhög.")
    assert said.endswith("Därför rekommenderar verktyget att förslaget ändras.")


def test_on_equal_levels_the_officers_graver_rating_is_named_not_the_first_ground() -> None:
    """A minor harm raised to medium because those harmed have no alternative does not stand
    in for a moderate harm at the same level (the culture-school fee of the calibration)."""
    item = assessment(
        sex={"direction": "negative", "severity": "minor", "likelihood": "likely",
             "has_alternative": False, "groups": "Girls in low-income families"},
        socioeconomic={"direction": "negative", "severity": "moderate", "likelihood": "likely",
                       "groups": "Families with low incomes not on income support"})
    result = score(item, QUESTION_SET)
    assert result.ground(Ground.sex).residual.value is Level.medium
    assert result.ground(Ground.socioeconomic).residual.value is Level.medium
    assert headline(item, result, Lang.en).startswith(
        "Families with low incomes not on income support: ")


def test_without_the_officers_words_the_ground_is_named_and_the_gap_said() -> None:
    item = assessment(
        age={"direction": "negative", "severity": "serious", "likelihood": "likely",
             "affected_groups": [{"codes": {"age_band": "65_84"}, "label": "aged 65–84"},
                                 {"codes": {"age_band": "85_plus"}, "label": "aged 85+"}]},
        disability={"direction": "negative", "severity": "moderate", "likelihood": "likely"})
    _, grounds = scored_words(item)
    assert grounds[Ground.age].startswith("aged 65–84, aged 85+: the impact is not described.")
    assert grounds[Ground.disability].startswith(
        "People affected on grounds of disability (the group is not named): the impact is not "
        "described.")


def test_an_action_that_counts_for_nothing_yet_is_quoted_with_why() -> None:
    base = {"id": "delivery", "description": "Home delivery of books to those who cannot come.",
            "owner": "Library", "due": "2027-03-01", "effects": {"disability": "reduces"}}
    harm = {"direction": "negative", "severity": "moderate", "likelihood": "likely",
            "groups": "People with reduced mobility"}
    for change, why in [({"decided": True, "funded": False}, "is not funded"),
                        ({"decided": False}, "is not decided"),
                        ({"decided": True, "owner": ""}, "has no owner or due date"),
                        ({"decided": True, "effects": {"disability": "no_change"}},
                         "does not change the risk")]:
        item = assessment(disability=harm, actions=[{**base, **change}])
        _, grounds = scored_words(item)
        assert grounds[Ground.disability].endswith(
            "The risk is medium; no decided action reduces it (“Home delivery of books to those "
            f"who cannot come” {why})."), change


def test_an_outcome_a_set_gives_for_a_flag_is_said_with_the_sets_reason() -> None:
    """A set may recommend an outcome for something else than a level: then the headline does
    not pretend the level led to it."""
    rule = OutcomeRule.model_validate({
        "id": "children_unheard", "outcome": "adjust_proposal",
        "when": {"flag": "children_not_heard"},
        "reason": {"sv": "Barnen har inte fått komma till tals.",
                   "en": "The children have not been heard."}})
    outcomes = QUESTION_SET.outcomes.model_copy(
        update={"rules": [rule, *QUESTION_SET.outcomes.rules]})
    question_set = QUESTION_SET.model_copy(update={"outcomes": outcomes})
    item = assessment(sex={"direction": "negative", "severity": "minor",
                           "likelihood": "possible", "groups": "Girls aged 10–12",
                           "description": "The walk home is darker."})
    said = headline(item, score(item, question_set), Lang.en)
    assert said == ("Girls aged 10–12: The walk home is darker. The risk is low, and no decided "
                    "action reduces it. The rules recommend “Adjust the proposal”: The children "
                    "have not been heard.")


def test_a_decision_that_harms_no_one_says_so_and_names_its_benefits() -> None:
    item = assessment(
        gender_identity={"direction": "positive", "benefit": "large",
                         "groups": "Trans and non-binary people",
                         "description": "Everyone can change without choosing a room."},
        sex={"direction": "neutral"})
    said, grounds = scored_words(item)
    assert said == "The proposal leaves no group worse off. So no major change is needed."
    assert grounds[Ground.gender_identity] == (
        "Trans and non-binary people: Everyone can change without choosing a room. The impact "
        "is positive.")
    assert grounds[Ground.sex].endswith("The impact is judged neutral.")


def test_a_screened_out_ground_gives_its_reason_cut_short() -> None:
    item = assessment()
    item.screening[Subject.religion] = item.screening[Subject.religion].model_copy(
        update={"answer": ScreeningAnswer.no,
                "reason": "No worship, food, dress or holidays are touched by the opening "
                          "hours of the branch. Checked with the faith council."})
    _, grounds = scored_words(item, Lang.sv)
    assert grounds[Ground.religion] == ("Bedöms inte vara relevant: No worship, food, dress or "
                                        "holidays are touched by the…")


# --- the library demo, on page one and from the command line ----------------------------------


@pytest.mark.parametrize("lang", list(Lang))
def test_the_library_headline_names_low_incomes_and_why_the_rules_say_stop(lang: Lang) -> None:
    library = next(a for a in DEMOS if a.id == "demo-branch-library")
    result = score(library, QUESTION_SET)
    said = headline(library, result, lang)
    assert said.startswith("Invånare i Drottninghög med låga inkomster: Kostnadsfria datorer, "
                           "studieplatser och böcker försvinner från den stadsdel där "
                           "inkomsterna är lägst.")
    assert said.endswith({
        Lang.sv: "Risken är hög, och ingen beslutad åtgärd minskar den. Därför rekommenderar "
                 "verktyget att förslaget inte genomförs i nuvarande form.",
        Lang.en: "The risk is high, and no decided action reduces it. So the rules recommend "
                 "stopping and rethinking the proposal."}[lang])


def test_the_score_command_gives_the_plain_words_and_keeps_the_arithmetic(
        tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--dir", str(folder)]).exit_code == 0
    base = ["assessments", "score", "demo-branch-library", "--dir", str(folder), "--no-context"]
    data = json.loads(runner.invoke(main, [*base, "--json", "--lang", "en"]).stdout)
    assert data["plain"]["headline"].startswith("Invånare i Drottninghög med låga inkomster: ")
    assert list(data["plain"]["grounds"]) == [ground.value for ground in Ground]
    assert {"reason", "recommended_outcome", "grounds", "flags"} <= set(data)
    lines = runner.invoke(main, [*base, "--explain", "--lang", "en"]).stdout.splitlines()
    assert lines[0] == f"Stop and rethink: {data['plain']['headline']}"
    assert lines[1].strip().startswith("At least one ground still has a high negative impact")
    assert "    " + data["plain"]["grounds"]["age"] in lines
    assert any("points give the level" in line for line in lines)


@pytest.mark.parametrize("lang", list(Lang))
def test_a_flag_on_page_one_names_the_question_and_the_action_not_their_ids(
        lang: Lang, context_db: Path) -> None:
    library = next(a for a in DEMOS if a.id == "demo-branch-library")
    data = library.model_dump(mode="json")
    data["answers"]["age.digital_exclusion"] = {"value": "not-an-option"}
    data["actions"][0] = {**data["actions"][0], "effects": {}}
    broken = Assessment.model_validate(data)
    statement = statement_of(score_assessment(broken, database=context_db), lang)
    flags = statement.summary.flags.items
    assert unplain(" ".join(flags)) == []
    question = QUESTION_SET.question("age.digital_exclusion")
    assert question is not None
    invalid = next(line for line in flags if FlagCode.invalid_answer.label(lang) in line)
    assert question.text(lang)[:30] in invalid
    unknown = next(line for line in flags if FlagCode.action_effect_unknown.label(lang) in line)
    assert "”Bokbussen stannar i Drottninghög" in unknown.replace("“", "”")
    assert "bokbuss " not in unknown
