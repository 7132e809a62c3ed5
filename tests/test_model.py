"""The assessment model: what is saved is exactly what is read back, and impossible data is refused.

An officer's half-done draft must survive any number of saves unchanged, so every Assessment that
validation accepts must round-trip through its JSON text. What validation refuses, it refuses with
the field named, so a person editing a file by hand knows where to look.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise, product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import eia.cli  # noqa: F401  (imports every module that defines a LabelledEnum)
from eia.demo import demo_assessments
from eia.flags import FlagCode, FlagSeverity
from eia.i18n import Lang, t
from eia.model import (
    Action,
    ActionResult,
    Alternative,
    Answer,
    Assessment,
    Conclusion,
    Consultation,
    Decision,
    Direction,
    Event,
    EventKind,
    FollowUpPlan,
    Ground,
    Impact,
    LabelledEnum,
    Level,
    Likelihood,
    Outcome,
    Perspective,
    PreviousAction,
    PreviousAssessment,
    Screening,
    ScreeningAnswer,
    Severity,
    SignOff,
    Status,
    Subject,
    UserRef,
)
from eia.rules import Screened

DEMOS = [assessment for assessment, _ in demo_assessments()]


def minimal(**fields: Any) -> dict[str, Any]:
    """The smallest assessment a new draft can be, plus the fields given."""
    return {"id": "ny-taxa", "question_set": {"id": "helsingborg", "version": "1.0"}, **fields}


# --- Strategies: the demo assessments, edited at random as an officer might -----------------

short_texts = st.text(max_size=40).filter(lambda text: text == "" or text.strip())
long_texts = st.text(max_size=200).filter(lambda text: text == "" or text.strip())
said_short = st.text(min_size=1, max_size=40).filter(str.strip)
said_long = st.text(min_size=1, max_size=200).filter(str.strip)
"""Text in a field that must say something: whitespace alone is refused."""
area_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
people = st.builds(UserRef, id=st.none() | st.from_regex(r"[a-z0-9][a-z0-9_.@-]{0,20}",
                                                         fullmatch=True), name=said_short)
slugs = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True)
grounds = st.lists(st.sampled_from(list(Ground)), max_size=3, unique=True)
dates = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.just(UTC) | offsets)

answer_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60)
    | st.lists(st.text(max_size=20), max_size=4)
)
answers = st.builds(Answer, value=answer_values, note=long_texts)

decisions = st.builds(
    Decision, title=short_texts, diary_number=short_texts, department=short_texts,
    meeting_date=dates, description=long_texts,
    affected_areas=st.lists(area_ids, max_size=3), area_note=long_texts,
)
screenings = st.builds(Screening, answer=st.sampled_from(list(ScreeningAnswer)),
                       reason=long_texts)
impacts = st.builds(
    Impact,
    direction=st.none() | st.sampled_from(list(Direction)),
    severity=st.none() | st.sampled_from(list(Severity)),
    likelihood=st.none() | st.sampled_from(list(Likelihood)),
    people_affected=st.none() | st.integers(0, 100_000_000),
    groups=short_texts, description=long_texts,
)
actions = st.builds(Action, id=slugs, description=said_long, owner=short_texts, due=dates,
                    grounds=grounds)
consultations = st.builds(Consultation, who=said_short, grounds=grounds,
                          children=st.booleans(), national_minorities=st.booleans(),
                          held_on=dates, what_they_said=long_texts)
alternatives = st.builds(Alternative, description=said_long, do_nothing=st.booleans(),
                         chosen=st.booleans())
conclusions = st.builds(Conclusion, chosen_outcome=st.none() | st.sampled_from(list(Outcome)),
                        justification=long_texts, summary=long_texts)
previous = st.none() | st.builds(PreviousAssessment, reference=short_texts, actions=st.lists(
    st.builds(PreviousAction, description=said_long,
              result=st.sampled_from(list(ActionResult))), max_size=2))
follow_ups = st.builds(FollowUpPlan, due=dates)
sign_offs = st.none() | st.builds(SignOff, by=people, role=short_texts, signed_on=st.dates())
events = st.builds(Event, at=moments, by=people, kind=st.sampled_from(list(EventKind)),
                   revision=st.integers(1, 10**6), note=long_texts)

edits = st.fixed_dictionaries({}, optional={
    "status": st.sampled_from(list(Status)),
    "revision": st.integers(0, 10**9),
    "demo": st.booleans(),
    "organisation": st.just("") | slugs,
    "officers": st.lists(people, max_size=3),
    "decision": decisions,
    "screening": st.dictionaries(st.sampled_from(list(Subject)), screenings, max_size=4),
    "impacts": st.dictionaries(st.sampled_from(list(Ground)), impacts, max_size=4),
    "answers": st.dictionaries(slugs, answers, max_size=6),
    "alternatives": st.lists(alternatives, max_size=3),
    "consultations": st.lists(consultations, max_size=2),
    "actions": st.lists(actions, max_size=3),
    "conclusion": conclusions,
    "previous": previous,
    "follow_up": follow_ups,
    "sign_off": sign_offs,
    "history": st.lists(events, max_size=4),
})


@st.composite
def edited_assessments(draw: st.DrawFn) -> Assessment:
    """A demo assessment with some of its parts replaced (answers and screening are merged in)."""
    data = draw(st.sampled_from(DEMOS)).model_dump()
    for key, value in draw(edits).items():
        if key in ("answers", "screening", "impacts"):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Assessment.model_validate(data)


def _no_constants(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


@settings(max_examples=150, deadline=None)
@given(edited_assessments())
def test_any_assessment_round_trips_through_its_json_exactly(assessment: Assessment) -> None:
    text = assessment.to_json()
    json.loads(text, parse_constant=_no_constants)  # plain JSON: no NaN or Infinity
    again = Assessment.from_json(text)
    assert again == assessment
    assert again.to_json() == text  # and the text is stable: a second save changes nothing


def test_the_demo_assessments_round_trip() -> None:
    for assessment in DEMOS:
        assert Assessment.from_json(assessment.to_json()) == assessment


@settings(max_examples=200, deadline=None)
@given(st.floats() | st.integers() | st.booleans() | st.text(max_size=10))
def test_an_answer_value_is_either_refused_or_kept(value: object) -> None:
    """Nothing validation accepts may be changed on save (NaN and infinity would become null)."""
    try:
        answer = Answer(value=value)
    except ValidationError:
        assert isinstance(value, float) and not math.isfinite(value)
        return
    again = Answer.model_validate_json(answer.model_dump_json())
    assert again == answer
    assert type(again.value) is type(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_an_answer_that_is_not_a_finite_number_is_refused(value: float) -> None:
    with pytest.raises(ValidationError) as info:
        Assessment.model_validate(minimal(answers={"age.people": {"value": value}}))
    assert ("answers", "age.people", "value", "float") in locations(info.value)


# --- Refused, with the field named ------------------------------------------------------------


def locations(error: ValidationError) -> list[tuple[str | int, ...]]:
    return [tuple(item["loc"]) for item in error.errors()]


@pytest.mark.parametrize(("fields", "loc", "message"), [
    pytest.param({"colour": "blue"}, ("colour",), "Extra inputs are not permitted",
                 id="unknown top-level key"),
    pytest.param({"decision": {"title": "x", "subtitle": "y"}}, ("decision", "subtitle"),
                 "Extra inputs are not permitted", id="unknown nested key"),
    pytest.param({"screening": {"age": {"answer": "maybe"}}}, ("screening", "age", "answer"),
                 "'yes', 'no' or 'dont_know'", id="screening answer not in the enum"),
    pytest.param({"screening": {"pets": {"answer": "yes"}}}, ("screening", "pets", "[key]"),
                 "'socioeconomic'", id="screening of an unknown subject"),
    pytest.param({"impacts": {"age": {"people_affected": -1}}},
                 ("impacts", "age", "people_affected"), "greater than or equal to 0",
                 id="negative number of people"),
    pytest.param({"impacts": {"children": {"direction": "negative"}}},
                 ("impacts", "children", "[key]"), "'socioeconomic'",
                 id="impact on a perspective, not a ground"),
    pytest.param({"actions": [{"id": "Ring Pensioners!", "description": "x"}]},
                 ("actions", 0, "id"), "should match pattern", id="bad action id"),
    pytest.param({"actions": [{"id": "call-pensioners"}]}, ("actions", 0, "description"),
                 "Field required", id="action without a description"),
    pytest.param({"id": "../etc/passwd"}, ("id",), "invalid assessment id", id="bad id"),
    pytest.param({"revision": -1}, ("revision",), "greater than or equal to 0",
                 id="negative revision"),
    pytest.param({"schema_version": 3}, ("schema_version",), "Input should be 2",
                 id="unknown schema version"),
    pytest.param({"actions": [{"id": "a1", "description": "Phone booking", "owner": " "}]},
                 ("actions", 0, "owner"), "only whitespace", id="whitespace-only owner"),
    pytest.param({"consultations": [{"who": "  "}]}, ("consultations", 0, "who"),
                 "at least 1 character", id="blank consultation"),
    pytest.param({"decision": {"affected_areas": ["Söder och Tågaborg"]}},
                 ("decision", "affected_areas", 0), "should match pattern",
                 id="area as free text"),
    pytest.param({"history": [{"at": "2026-11-02T09:00:00", "by": "A", "kind": "created",
                               "revision": 1}]}, ("history", 0, "at"), "timezone",
                 id="event time without a time zone"),
])
def test_impossible_data_is_refused_with_the_field_named(
    fields: dict[str, Any], loc: tuple[str | int, ...], message: str
) -> None:
    text = json.dumps(minimal(**fields))  # as it would be read from a hand-edited file
    with pytest.raises(ValidationError) as info:
        Assessment.from_json(text)
    [error] = [item for item in info.value.errors() if tuple(item["loc"]) == loc]
    assert message in error["msg"]


@pytest.mark.parametrize("bad_id", [
    "", "ab", "-abc", "abc-", "Abc", "a_b-c", "a.bc", "a/bc", "../abc", "abc\n", "a bc",
    "ä-bc", "a" * 65,
])
def test_an_id_that_could_not_be_a_plain_file_name_is_refused(bad_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        Assessment.model_validate(minimal(id=bad_id))
    assert locations(info.value) == [("id",)]
    assert "invalid assessment id" in str(info.value)


@pytest.mark.parametrize("good_id", ["abc", "a-b", "demo-branch-library", "2026-ks-101",
                                     "a" * 64])
def test_a_plain_slug_is_a_valid_id(good_id: str) -> None:
    assert Assessment.model_validate(minimal(id=good_id)).id == good_id


def test_editing_a_field_is_validated_too() -> None:
    assessment = Assessment.model_validate(minimal())
    with pytest.raises(ValidationError) as info:
        assessment.status = "finished"  # type: ignore[assignment]
    assert locations(info.value) == [("status",)]


# --- Labels -----------------------------------------------------------------------------------


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


LABELLED = _subclasses(LabelledEnum)


def test_every_enum_the_user_sees_is_a_labelled_enum() -> None:
    expected = {Ground, Perspective, Subject, Level, Outcome, ScreeningAnswer, Direction,
                Severity, Likelihood, Status, ActionResult, EventKind, FlagCode, FlagSeverity,
                Screened}
    assert expected <= set(LABELLED)


@pytest.mark.parametrize("enum", LABELLED, ids=[cls.__name__ for cls in LABELLED])
def test_every_member_has_a_swedish_and_an_english_label(enum: type[LabelledEnum]) -> None:
    for member in enum:
        for lang in Lang:
            label = member.label(lang)
            assert label.strip(), f"{enum.__name__}.{member.name} has no {lang.value} label"
            assert label == label.strip()
        assert member.label("sv") == member.text.sv
        assert member.label("en") == member.text.en


@pytest.mark.parametrize("enum", [Ground, Outcome, FlagCode, Status])
def test_the_swedish_and_english_labels_are_translations(enum: type[LabelledEnum]) -> None:
    for member in enum:
        assert member.label("sv") != member.label("en"), member
    assert len({member.label("sv") for member in enum}) == len(enum)
    assert len({member.label("en") for member in enum}) == len(enum)


def test_a_subject_carries_the_label_of_its_ground() -> None:
    for ground in Ground:
        assert Subject.of(ground).text == ground.text
    for perspective in (Perspective.children, Perspective.national_minorities):
        assert Subject(perspective.value).text == perspective.text


def test_a_new_enum_without_every_label_is_refused() -> None:
    class Colour(LabelledEnum):
        red = "red"
        green = "green"

    with pytest.raises(ValueError, match=r"missing \[<Colour.green"):
        Colour.register_labels({Colour.red: t("Röd", "Red")})


def test_an_enum_cannot_be_labelled_twice_or_with_another_enums_members() -> None:
    with pytest.raises(ValueError, match="already registered"):
        FlagSeverity.register_labels({member: member.text for member in FlagSeverity})

    class Phase(LabelledEnum):
        returned = "returned"

    with pytest.raises(ValueError, match="of another enum"):
        Phase.register_labels({Phase.returned: t("Åter", "Back"),
                               Status.draft: t("Utkast", "Draft")})


def test_equal_values_of_two_enums_keep_their_own_labels() -> None:
    """Page one printed a status of "Returned for changes": the event's words, not the status's."""
    assert Status.returned.label("en") == "Returned"
    assert EventKind.returned.label("en") == "Returned for changes"
    assert Status.approved.text is not EventKind.approved.text


# --- Levels and subjects ----------------------------------------------------------------------

ORDER = [Level.none, Level.low, Level.medium, Level.high]


def test_levels_are_ordered_by_seriousness_not_alphabetically() -> None:
    assert list(Level) == ORDER
    for lower, higher in pairwise(ORDER):
        assert lower < higher and higher > lower
        assert lower <= higher and higher >= lower
        assert not higher < lower
    assert Level.none < Level.high  # "none" > "high" as text
    assert max(Level.low, Level.high, Level.medium) is Level.high
    assert sorted([Level.high, Level.none, Level.medium, Level.low]) == ORDER


@pytest.mark.parametrize(("level", "floor", "steps"), list(product(ORDER, ORDER, range(5))))
def test_lowering_a_level_never_goes_below_the_floor(level: Level, floor: Level,
                                                     steps: int) -> None:
    lowered = level.lowered(steps, floor)
    assert lowered <= level
    if level > floor:
        assert lowered >= floor
        assert lowered.rank == max(level.rank - steps, floor.rank)
    else:
        assert lowered is level  # a level at or under the floor is left as it is


def test_subject_is_every_ground_plus_children_and_national_minorities() -> None:
    assert {subject.value for subject in Subject} == (
        {ground.value for ground in Ground} | {"children", "national_minorities"}
    )
    assert [Subject.of(ground) for ground in Ground] == list(Subject)[:len(Ground)]
    assert Perspective.intersectionality.value not in {subject.value for subject in Subject}


def test_dont_know_counts_as_screened_in() -> None:
    assessment = Assessment.model_validate(minimal(screening={
        "age": {"answer": "dont_know"}, "sex": {"answer": "no", "reason": "Adults only."},
        "children": {"answer": "yes"}}))
    assert assessment.screened_in(Ground.age) is True
    assert assessment.screened_in(Subject.children) is True
    assert assessment.screened_in(Ground.sex) is False
    assert assessment.screened_in(Ground.religion) is None  # not screened yet


def test_a_level_refuses_to_compare_with_a_plain_string() -> None:
    """A string compares alphabetically ('high' < 'low'), so mixing the two must fail loudly."""
    with pytest.raises(TypeError, match="cannot compare Level with str"):
        _ = Level.high < "low"
