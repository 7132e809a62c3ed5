"""The statement's content: what page one and the annex say, built from the three demos.

One context database and one store of saved demo assessments are built per module; each test
then builds statements in memory (a few milliseconds each).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from eia.context.assessment import AssessmentContext, assessment_context
from eia.context.db import connect
from eia.context.queries import GROUND_DIMENSION
from eia.demo import write_demo_assessments
from eia.flags import FlagSeverity
from eia.i18n import Lang
from eia.model import Assessment, Ground, Level, Outcome, Subject
from eia.questions import get_question_set
from eia.questions.schema import QuestionSet
from eia.rules import Result, score
from eia.statement.content import build_statement
from eia.statement.content.evidence import MAX_CHART_ROWS, MAX_CHARTS
from eia.statement.content.summary import MAX_ACTIONS, MAX_FLAGS, MAX_GAPS
from eia.statement.fingerprint import find_token, token_of
from eia.statement.model import Bullets, Chart, KeyValues, Paragraph, Section, Statement, Table
from eia.store import store_at

TOOL = "9.8.7-test"
DEMOS = ["demo-digital-booking", "demo-changing-rooms", "demo-branch-library"]
LANGS = [Lang.sv, Lang.en]
ANNEX_IDS = [
    "decision", "screening", "evidence", "impact", "perspectives",
    "perspective_children", "perspective_national_minorities", "perspective_intersectionality",
    "alternatives", "cumulative", "previous", "consultation", "actions",
    "scoring", "scoring_flags", "scoring_outcome", "scoring_parameters",
    "unanswered", "conclusion", "history", "verification",
]


@dataclass(frozen=True)
class Case:
    assessment: Assessment
    question_set: QuestionSet
    context: AssessmentContext

    def result(self) -> Result:
        return score(self.assessment, self.question_set, self.context.findings())

    def statement(self, lang: Lang | str, assessment: Assessment | None = None,
                  context: AssessmentContext | Literal["own"] | None = "own") -> Statement:
        """Scored and built as the CLI does: with the context's findings, if any."""
        assessment = assessment or self.assessment
        ctx = self.context if isinstance(context, str) else context
        result = score(assessment, self.question_set, ctx.findings() if ctx else None)
        return build_statement(assessment, self.question_set, result, ctx, lang,
                               tool_version=TOOL)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory,
          context_db: Path) -> Iterator[dict[str, Case]]:
    tmp = tmp_path_factory.mktemp("statement")
    list(write_demo_assessments(tmp / "assessments"))
    store = store_at(tmp / "assessments")
    con = connect(context_db)
    try:
        found = {}
        for assessment_id in DEMOS:
            assessment = store.get(assessment_id)
            question_set = get_question_set(assessment.question_set.id,
                                            assessment.question_set.version)
            found[assessment_id] = Case(assessment, question_set,
                                        assessment_context(con, assessment))
        yield found
    finally:
        con.close()


def edited(assessment: Assessment, **changes: Any) -> Assessment:
    """A copy with some steps changed, validated like a saved assessment."""
    data = assessment.model_dump(mode="json")
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
    return Assessment.model_validate(data)


def section(statement: Statement, section_id: str) -> Section:
    return next(s for s in statement.annex if s.id == section_id)


def texts_of(section: Section) -> list[str]:
    """Every string a section prints, flattened, for 'does it say X' checks."""
    out: list[str] = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Bullets):
            out += block.items
        elif isinstance(block, KeyValues):
            out += [part for row in block.rows for part in row]
        elif isinstance(block, Table):
            out += [block.caption, *block.columns, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, Chart):
            out += [block.title, block.description]
    return out


def decision_value(statement: Statement, index: int) -> str:
    return statement.summary.decision.rows[index][1]


# --- every demo, both languages ---------------------------------------------------------------


def test_areas_are_named_by_their_names_not_their_ids(cases: dict[str, Case]) -> None:
    statement = cases["demo-branch-library"].statement(Lang.sv)
    rows = dict(statement.summary.decision.rows)
    assert rows["Berörda områden"] == "Drottninghög"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("assessment_id", DEMOS)
def test_every_demo_builds_a_complete_statement(cases: dict[str, Case], assessment_id: str,
                                                lang: Lang) -> None:
    case = cases[assessment_id]
    statement = case.statement(lang)
    decision = case.assessment.decision
    summary = statement.summary

    assert statement.lang is lang and statement.demo
    assert statement.title.endswith(": " + decision.title)
    assert decision_value(statement, 0) == decision.title
    assert decision_value(statement, 1) == decision.diary_number
    assert decision_value(statement, 3) == decision.meeting_date.isoformat()
    assert decision_value(statement, 6) == case.assessment.status.label(lang)
    # all eight grounds, each in a plain sentence that gives its levels in words
    assert [row[0] for row in summary.grounds.rows] == [g.label(lang) for g in Ground]
    for ground, row in zip(Ground, summary.grounds.rows, strict=True):
        result = case.result().ground(ground)
        levels = {result.inherent.value, result.residual.value} - {Level.none}
        if result.is_negative:
            assert all(re.search(rf"\b{level.label(lang).lower()}\b", row[1])
                       for level in levels), row[1]
        if not case.assessment.is_relevant(ground):
            reason = case.assessment.screening[Subject.of(ground)].reason
            assert row[1].startswith(("Bedöms inte vara relevant: ", "Judged not relevant: "))
            assert reason[:30] in row[1]
    # the annex holds every section, each id once
    ids = [s.id for s in statement.annex]
    assert len(ids) == len(set(ids))
    assert set(ANNEX_IDS) <= set(ids)
    relevant = [g for g in Ground if case.assessment.is_relevant(g)]
    assert {f"impact_{g.value}" for g in relevant} <= set(ids)
    assert {f"evidence_{g.value}" for g in relevant} <= set(ids)
    assert {f"scoring_{g.value}" for g in Ground} <= set(ids)
    assert [s.id for s in statement.annex if s.level == 1] == [
        "decision", "screening", "evidence", "impact", "perspectives", "alternatives",
        "consultation", "actions", "scoring", "unanswered", "conclusion"]
    # page texts and fingerprint
    assert statement.page.page_of.format(page=2, pages=9) in ("Sida 2 av 9", "Page 2 of 9")
    assert statement.page.stamps and "DEMO" in statement.page.stamps[0]
    assert TOOL in statement.page.footer and "helsingborg 1.1" in statement.page.footer
    token = token_of(case.assessment)
    assert (statement.fingerprint.assessment_id, statement.fingerprint.revision,
            statement.fingerprint.sha256) == (token.assessment_id, token.revision, token.sha256)
    assert token.revision >= 1
    assert find_token(statement.fingerprint.text) == token
    assert statement.fingerprint.command.startswith("eia verify ")
    assert statement.fingerprint.text in texts_of(section(statement, "verification"))
    # it survives a round trip through JSON, as the renderers may receive it
    assert Statement.model_validate_json(statement.model_dump_json()) == statement


@pytest.mark.parametrize("lang", LANGS)
def test_library_shows_both_outcomes_and_the_justification(cases: dict[str, Case],
                                                           lang: Lang) -> None:
    case = cases["demo-branch-library"]
    statement = case.statement(lang)
    outcome = statement.summary.outcome
    assert outcome.rows[0][1] == Outcome.stop_and_rethink.label(lang)
    # the reason names the group the driving ground harms, in the officer's words
    assert case.assessment.impacts[Ground.socioeconomic].groups in outcome.rows[0][2]
    assert outcome.rows[1][1] == Outcome.adjust_proposal.label(lang)
    justification = " ".join(case.assessment.conclusion.justification.split())
    assert outcome.rows[1][2] == justification
    assert Outcome.stop_and_rethink.label(lang) in statement.summary.outcome_note
    assert Outcome.adjust_proposal.label(lang) in statement.summary.outcome_note
    conclusion = texts_of(section(statement, "conclusion"))
    assert case.assessment.conclusion.justification in conclusion
    assert ("Inte godkänd ännu" if lang is Lang.sv else "Not signed") in conclusion


def test_when_the_officer_chose_the_recommended_outcome_the_table_alone_says_so(
        cases: dict[str, Case]) -> None:
    case = cases["demo-digital-booking"]
    assert case.assessment.conclusion.chosen_outcome is case.result().recommended_outcome.value
    summary = case.statement(Lang.sv).summary
    assert summary.outcome.rows[1][2] == "Samma som rekommendationen."
    assert summary.outcome_note == ""


def test_a_chosen_outcome_without_justification_says_it_must_be_resolved(
        cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    unjustified = edited(case.assessment, conclusion__justification="")
    statement = case.statement(Lang.en, unjustified)
    assert statement.summary.outcome.rows[1][2].startswith("No justification")
    assert "without a justification" in statement.summary.outcome_note
    first_flag = statement.summary.flags.items[0]
    assert first_flag.startswith(FlagSeverity.blocker.label(Lang.en))
    assert "Outcome differs" in first_flag


def test_a_long_justification_is_shortened_on_page_one_and_kept_whole_in_the_annex(
        cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    long = "Because " + "the neighbourhood needs it " * 40 + "and more."
    statement = case.statement(Lang.sv, edited(case.assessment, conclusion__justification=long))
    cell = statement.summary.outcome.rows[1][2]
    assert len(cell) < 320 and "…" in cell and "bilagan" in cell
    assert long in texts_of(section(statement, "conclusion"))


@pytest.mark.parametrize("lang", LANGS)
def test_actions_on_page_one_carry_owners_and_due_dates(cases: dict[str, Case],
                                                        lang: Lang) -> None:
    case = cases["demo-digital-booking"]
    actions = case.statement(lang).summary.actions
    assert len(actions.rows) == len(case.assessment.actions)
    for action, row in zip(case.assessment.actions, actions.rows, strict=True):
        assert row == [action.description, action.owner, action.due.isoformat()]


def test_more_actions_than_fit_are_counted_in_a_more_line(cases: dict[str, Case]) -> None:
    case = cases["demo-digital-booking"]
    extra = [{"id": f"extra-{n}", "description": f"Extra action {n}", "owner": "Someone",
              "due": "2027-04-01", "grounds": ["age"]} for n in range(5)]
    many = edited(case.assessment,
                  actions=[*case.assessment.model_dump(mode="json")["actions"], *extra])
    statement = case.statement(Lang.sv, many)
    assert len(statement.summary.actions.rows) == MAX_ACTIONS
    hidden = len(many.actions) - MAX_ACTIONS
    assert f"Ytterligare åtgärder i bilagan: {hidden}" in statement.summary.more
    assert len(section(statement, "actions").blocks[0].rows) == len(many.actions)


def test_an_action_without_owner_says_so_on_page_one(cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    data = case.assessment.model_dump(mode="json")["actions"]
    data[0] = {**data[0], "owner": "", "due": None}
    statement = case.statement(Lang.en, edited(case.assessment, actions=data))
    assert statement.summary.actions.rows[0][1:3] == ["missing", "missing"]


# --- evidence gaps, unanswered questions, flags ----------------------------------------------


def test_unanswered_required_questions_are_counted_on_page_one_and_listed_by_text(
        cases: dict[str, Case]) -> None:
    case = cases["demo-digital-booking"]
    answers = case.assessment.model_dump(mode="json")["answers"]
    for qid in ("age.digital_exclusion", "disability.premises", "conclusion.in_decision_report"):
        del answers[qid]
    statement = case.statement(Lang.en, edited(case.assessment, answers=answers))
    assert statement.summary.evidence_gaps.items[0] == (
        "3 required questions are unanswered; they are listed in the annex.")
    listed = texts_of(section(statement, "unanswered"))
    for qid in ("age.digital_exclusion", "disability.premises", "conclusion.in_decision_report"):
        assert case.question_set.question(qid).text(Lang.en) in listed
    age_answers = section(statement, "impact_age").blocks[-1]
    question = case.question_set.question("age.digital_exclusion").text(Lang.en)
    row = next(r for r in age_answers.rows if r[0] == question)
    assert row[1] == "Unanswered (required)"
    assert statement.summary.flags.items[0] == (
        "Must be resolved – Required questions unanswered: 3 required questions are "
        "unanswered; they are listed in the annex.")


def test_no_unanswered_questions_says_none(cases: dict[str, Case]) -> None:
    statement = cases["demo-changing-rooms"].statement(Lang.sv)
    listed = texts_of(section(statement, "unanswered"))
    assert listed[1] == "Inga."
    assert listed[2].startswith("Följande svar finns med i analysen")  # recorded, not scored


@pytest.mark.parametrize("lang", LANGS)
def test_the_officers_data_gaps_are_on_page_one(cases: dict[str, Case], lang: Lang) -> None:
    case = cases["demo-digital-booking"]
    items = case.statement(lang).summary.evidence_gaps.items
    gap = case.assessment.evidence.gaps[0]
    assert any(gap.description.rstrip(".") in item and gap.due.isoformat() in item
               for item in items)


def test_evidence_gaps_are_capped_with_a_more_line(cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    gaps = [{"description": f"Gap number {n}", "plan": "Ask", "due": "2027-01-01"}
            for n in range(8)]
    statement = case.statement(Lang.en, edited(case.assessment, evidence__gaps=gaps))
    assert len(statement.summary.evidence_gaps.items) == MAX_GAPS
    assert "and 3 more evidence gaps in the annex" in statement.summary.more


def test_areas_the_context_does_not_know_are_named_as_a_gap(cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    odd = edited(case.assessment, decision__affected_areas=["drottninghog", "atlantis"])
    context = AssessmentContext(areas=case.context.areas, unmatched=["atlantis"],
                                grounds=case.context.grounds)
    statement = case.statement(Lang.en, odd, context)
    assert "Areas not found in the context data: atlantis." in (
        statement.summary.evidence_gaps.items)


@pytest.mark.parametrize("lang", LANGS)
def test_flags_on_page_one_are_grouped_by_kind_and_capped(cases: dict[str, Case],
                                                         lang: Lang) -> None:
    case = cases["demo-branch-library"]
    statement = case.statement(lang)
    flags = statement.summary.flags.items
    assert len(flags) == MAX_FLAGS
    worse = next(item for item in flags if "already worse off" in item or "sämre villkor" in item)
    for ground in (Ground.sex, Ground.ethnic_origin, Ground.disability, Ground.age,
                   Ground.socioeconomic):
        assert ground.label(lang) in worse
    severities = [item.split(" – ")[0] for item in flags]
    order = [s.label(lang) for s in (FlagSeverity.blocker, FlagSeverity.warning,
                                     FlagSeverity.info)]
    assert severities == sorted(severities, key=order.index)
    assert any(line.startswith(("and ", "Ytterligare ")) for line in statement.summary.more)
    # every flag is in the annex with its full reason
    reasons = texts_of(section(statement, "scoring_flags"))
    assert all(flag.reason(lang) in reasons for flag in case.result().flags)


# --- charts and synthetic data --------------------------------------------------------------


def charts(section: Section) -> list[Chart]:
    return [block for block in section.blocks if isinstance(block, Chart)]


@pytest.mark.parametrize("assessment_id", DEMOS)
def test_charts_show_the_grounds_own_breakdown_one_indicator_each(cases: dict[str, Case],
                                                                  assessment_id: str) -> None:
    statement = cases[assessment_id].statement(Lang.en)
    for evidence in (s for s in statement.annex if s.id.startswith("evidence_")):
        ground = Ground(evidence.id.removeprefix("evidence_"))
        found = charts(evidence)
        assert 1 <= len(found) <= MAX_CHARTS
        for chart in found:
            assert 1 <= len(chart.figures) <= MAX_CHART_ROWS
            assert len({(f.indicator.id, f.indicator.source, f.period)
                        for f in chart.figures}) == 1
            if ground in GROUND_DIMENSION:
                assert {f.dimension for f in chart.figures} <= {GROUND_DIMENSION[ground], None}
            pairs = [frozenset((f.group.label.en, f.comparison.label.en)) for f in chart.figures]
            assert len(pairs) == len(set(pairs)), "a mirrored pair is charted twice"
            for figure in chart.figures:
                assert figure.group.label.en in chart.description
            assert any(f.group.value is not None for f in chart.figures)


def test_the_indicator_the_officer_cited_is_charted_first(cases: dict[str, Case]) -> None:
    statement = cases["demo-branch-library"].statement(Lang.en)
    first = charts(section(statement, "evidence_socioeconomic"))[0]
    assert first.figures[0].indicator.id == "low_economic_standard"
    assert first.figures[0].dimension is None  # Drottninghög against the city


def test_a_synthetic_chart_section_is_marked_and_warns(cases: dict[str, Case]) -> None:
    statement = cases["demo-digital-booking"].statement(Lang.sv)
    age = section(statement, "evidence_age")
    assert age.synthetic
    assert any(chart.synthetic for chart in charts(age))
    warning = age.blocks[0]
    assert isinstance(warning, Paragraph) and warning.style == "warning"
    assert warning.text.startswith("SYNTETISKA DATA – påhittade siffror")
    # the real 2021 baseline is charted beside the made-up figures, and not called synthetic
    real = [chart for chart in charts(age) if not chart.synthetic]
    assert real and real[0].figures[0].period == "2021"
    assert "SYNTETISKA" not in real[0].title and "SYNTETISKA" not in real[0].description
    assert "SYNTETISK" in statement.page.footer


def test_a_section_of_real_figures_only_is_not_marked_synthetic(cases: dict[str, Case]) -> None:
    case = cases["demo-changing-rooms"]
    real_only = AssessmentContext(
        areas=case.context.areas, unmatched=[],
        grounds=[g.model_copy(update={"figures": [f for f in g.figures if not f.synthetic]})
                 for g in case.context.grounds])
    statement = case.statement(Lang.en, context=real_only)
    sex = section(statement, "evidence_sex")
    assert charts(sex) and not sex.synthetic
    assert not any(isinstance(b, Paragraph) and b.style == "warning" for b in sex.blocks)
    assert {f.indicator.source for c in charts(sex) for f in c.figures} == {
        "ramboll-baseline-2021"}
    assert "data: ramboll-baseline-2021 2021" in statement.page.footer
    assert "SYNTHETIC" not in statement.page.footer
    assert not section(statement, "evidence_religion").synthetic  # nothing real: no chart


def test_without_context_the_statement_says_so(cases: dict[str, Case]) -> None:
    statement = cases["demo-digital-booking"].statement(Lang.en, context=None)
    assert not any(s.id.startswith("evidence_") for s in statement.annex)
    assert "No context data was used in this statement." in texts_of(
        section(statement, "evidence"))
    assert statement.page.footer.endswith("data: no context data")
    assert not any(s.synthetic for s in statement.annex)


# --- answers ------------------------------------------------------------------------------


def answers_rows(section: Section) -> dict[str, list[str]]:
    return {row[0]: row for block in section.blocks if isinstance(block, Table)
            and block.columns[:2] in (["Fråga", "Svar"], ["Question", "Answer"])
            for row in block.rows}


def test_answers_are_shown_as_option_labels_scales_and_typed_text(cases: dict[str, Case]) -> None:
    case = cases["demo-digital-booking"]
    statement = case.statement(Lang.sv)
    q = case.question_set.question
    ethnic = answers_rows(section(statement, "impact_ethnic_origin"))
    assert ethnic[q("ethnic_origin.norm_assumptions").text(Lang.sv)][1] == "2 av 5"
    disability = answers_rows(section(statement, "impact_disability"))
    barriers = q("disability.groups_with_barriers")
    assert disability[barriers.text(Lang.sv)][1] == "; ".join(
        barriers.option(v).label(Lang.sv) for v in ("vision", "cognitive"))
    digital = disability[q("disability.digital_services").text(Lang.sv)]
    assert digital[2] == "E-tjänsten är ännu inte testad med skärmläsare."
    follow_up = answers_rows(section(statement, "actions"))
    assert follow_up[q("follow_up.how_will_you_know").text(Lang.sv)][1] == (
        "Antalet bokningar per åldersgrupp och kanal, sex månader efter förändringen.")


def test_hidden_questions_are_left_out(cases: dict[str, Case]) -> None:
    case = cases["demo-digital-booking"]
    statement = case.statement(Lang.en)
    hidden = case.question_set.question("alternatives.why_not_do_nothing").text(Lang.en)
    shown = case.question_set.question("alternatives.do_nothing_considered").text(Lang.en)
    rows = answers_rows(section(statement, "alternatives"))
    assert shown in rows and hidden not in rows


def test_screened_out_grounds_have_no_impact_section_but_are_named(
        cases: dict[str, Case]) -> None:
    statement = cases["demo-digital-booking"].statement(Lang.en)
    ids = {s.id for s in statement.annex}
    assert "impact_sex" not in ids and "evidence_sex" not in ids
    assert "Sex" in texts_of(section(statement, "impact"))[1]
    screening = texts_of(section(statement, "screening"))
    assert "Kontaktcentrets besöksstatistik visar att kvinnor och män använder tjänsten i samma " \
           "utsträckning. Förändringen berör inte trygghet, omsorg eller våld." in screening


def test_the_alternatives_mark_doing_nothing(cases: dict[str, Case]) -> None:
    statement = cases["demo-branch-library"].statement(Lang.en)
    table = section(statement, "alternatives").blocks[0]
    assert table.columns[1] == "Doing nothing"
    assert [row[1] for row in table.rows] == ["Yes", "No", "No"]
    previous = texts_of(section(statement, "previous"))
    assert "Utvärdera läxhjälpen uppdelat på kön och ålder." in previous and "Not done" in previous


def test_the_consultation_log_and_history_are_in_the_annex(cases: dict[str, Case]) -> None:
    case = cases["demo-changing-rooms"]
    statement = case.statement(Lang.en)
    log = section(statement, "consultation").blocks[0]
    assert log.columns == ["Who", "When", "Method", "Grounds", "What they said", "Response"]
    assert log.rows[0][:3] == ["Elevråden vid två skolor (DEMO)", "2026-09-15", "Workshop"]
    assert "Children's rights" in log.rows[0][3]
    history = section(statement, "history").blocks[0]
    assert [row[0] for row in history.rows][-1] == "Approved"
    conclusion = texts_of(section(statement, "conclusion"))
    assert "Cecilia Demo (fiktiv granskare)" in conclusion and "2026-11-02" in conclusion


def test_scoring_reasons_show_the_arithmetic_and_the_set_version(cases: dict[str, Case]) -> None:
    statement = cases["demo-branch-library"].statement(Lang.en)
    age = texts_of(section(statement, "scoring_age"))
    assert any("= 9." in line and "age.older_participation" in line for line in age)
    parameters = texts_of(section(statement, "scoring_parameters"))
    assert "1.1" in parameters and "scoring.thresholds.high" in parameters
    outcome = texts_of(section(statement, "scoring_outcome"))
    assert "outcome.high_after_actions" in outcome
    verification = texts_of(section(statement, "verification"))
    assert f"Likvärdig {TOOL}" in verification and "helsingborg 1.1" in verification


# --- purity, languages, user text -------------------------------------------------------------


@pytest.mark.parametrize("assessment_id", DEMOS)
def test_the_same_input_gives_the_same_statement(cases: dict[str, Case],
                                                 assessment_id: str) -> None:
    case = cases[assessment_id]
    result = case.result()
    first = build_statement(case.assessment, case.question_set, result, case.context, "sv",
                            tool_version=TOOL)
    second = build_statement(case.assessment, case.question_set, result, case.context, "sv",
                             tool_version=TOOL)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_swedish_and_english_differ_in_every_fixed_word(cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    sv, en = case.statement("sv"), case.statement("en")
    assert sv.title != en.title
    assert sv.title.startswith("Konsekvensanalys för lika möjligheter: ")
    assert en.title.startswith("Equal opportunities impact assessment: ")
    assert sv.summary.grounds.columns != en.summary.grounds.columns
    assert [s.title for s in sv.annex] != [s.title for s in en.annex]
    assert [s.id for s in sv.annex] == [s.id for s in en.annex]
    assert sv.page.annex_heading == "Bilaga" and en.page.annex_heading == "Annex"


def test_a_real_assessment_has_no_demo_stamp(cases: dict[str, Case]) -> None:
    case = cases["demo-changing-rooms"]
    statement = case.statement(Lang.en, edited(case.assessment, demo=False))
    assert statement.page.stamps == [] and not statement.demo


def test_user_text_is_carried_unchanged(cases: dict[str, Case]) -> None:
    case = cases["demo-changing-rooms"]
    word = "x" * 300
    title = "<b>Bad & omklädning</b> {page} åäö"
    description = f"<script>alert('&amp;')</script>\n\n{word}\n– tabs\tand {{braces}}"
    said = f"They said <i>no</i> & {word}"
    consultations = case.assessment.model_dump(mode="json")["consultations"]
    consultations[0]["what_they_said"] = said
    odd = edited(case.assessment, decision__title=title, decision__description=description,
                 consultations=consultations)
    statement = case.statement(Lang.sv, odd)
    assert statement.title == f"Konsekvensanalys för lika möjligheter: {title}"
    assert decision_value(statement, 0) == title
    assert description in texts_of(section(statement, "decision"))
    assert section(statement, "consultation").blocks[0].rows[0][4] == said


def test_page_one_says_when_a_flag_rests_on_synthetic_figures(cases: dict[str, Case]) -> None:
    """The library's worse-off flags read the synthetic demo figures for Drottninghög."""
    library = cases["demo-branch-library"]
    with_context = library.statement(Lang.en)
    assert with_context.summary.synthetic
    assert any("rests on SYNTHETIC figures" in item
               for item in with_context.summary.flags.items)
    without = library.statement(Lang.en, context=None)
    assert not without.summary.synthetic


def test_answers_no_rule_reads_are_listed_in_the_annex_as_recorded(
        cases: dict[str, Case]) -> None:
    case = cases["demo-branch-library"]
    answers = case.assessment.model_dump(mode="json")["answers"]
    answers["consultation.channels"] = {"value": ["councils", "interpreter"]}
    statement = case.statement(Lang.en, edited(case.assessment, answers=answers))
    listed = texts_of(section(statement, "unanswered"))
    assert any("recorded, not scored" in text for text in listed)
    assert case.question_set.question("consultation.channels").text(Lang.en) in listed


def test_page_one_names_the_actions_that_lowered_a_ground_in_the_officers_words(
        cases: dict[str, Case]) -> None:
    statement = cases["demo-branch-library"].statement(Lang.sv)
    age = next(row for row in statement.summary.grounds.rows if row[0] == "Ålder")
    assert "med ”Bokbussen stannar i Drottninghög en gång i veckan” minskar den till " \
        "medelhög" in age[1]
    assert "bokbuss" not in age[1]
