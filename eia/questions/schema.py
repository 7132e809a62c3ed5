"""The shape of a question set, which the strategy division edits as YAML without touching Python.

Every number the rules use lives here as a `Parameter` with a unit, a description and a
reference (the OpenFisca pattern), so tuning the scoring is a change of data with a new version.
Conditions (`show_if`, outcome rules) are data: all / any / not over answers and results, never
code. Cross-references (question ids in conditions, one section per step, every subject screened)
are checked here so that a broken set is refused before anyone answers it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from eia.flags import FlagCode, FlagSeverity
from eia.i18n import Text
from eia.model import (
    Ground,
    Level,
    Likelihood,
    Outcome,
    Perspective,
    Severity,
    Step,
    Subject,
)

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]
VERSION_PATTERN = r"^\d+\.\d+(\.\d+)?$"
SET_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,79}$"
"""A set's id and version name its folders, so both are plain enough to be path parts."""
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(StrEnum):
    choice = "choice"
    multi_choice = "multi_choice"
    scale = "scale"
    yes_no = "yes_no"
    text = "text"
    number = "number"
    date = "date"


SCORED_KINDS = {Kind.choice, Kind.multi_choice, Kind.yes_no, Kind.scale}
YES_NO_VALUES = {"yes", "no", "dont_know"}


# --- Conditions over answers (show_if) ------------------------------------------------------


class AnswerIs(Strict):
    """True when the answer to `answer` equals one of `in_` (for multi-choice: contains one)."""

    answer: QuestionId
    in_: list[str | int | float | bool] = Field(alias="in", min_length=1)


class Answered(Strict):
    answered: QuestionId


class ScreenedIn(Strict):
    """Holds while the subject is relevant: yes, "don't know", or not validly screened out."""

    screened_in: Subject


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


Condition = AnswerIs | Answered | ScreenedIn | AllOf | AnyOf | Not


def condition_question_ids(condition: Condition) -> list[str]:
    """Every question id a condition reads, so the loader can check that each exists."""
    match condition:
        case AnswerIs(answer=qid) | Answered(answered=qid):
            return [qid]
        case AllOf(all=parts) | AnyOf(any=parts):
            return [qid for part in parts for qid in condition_question_ids(part)]
        case Not(not_=inner):
            return condition_question_ids(inner)
    return []


def answer_conditions(condition: Condition, at: tuple[str | int, ...] = ()) -> list[
        tuple[AnswerIs, tuple[str | int, ...]]]:
    """Every `answer/in` in a condition with its path below it (e.g. `("all", 0)`), so a value
    the referenced question cannot take is refused on its own line."""
    match condition:
        case AnswerIs():
            return [(condition, at)]
        case AllOf(all=parts):
            return [found for index, part in enumerate(parts)
                    for found in answer_conditions(part, (*at, "all", index))]
        case AnyOf(any=parts):
            return [found for index, part in enumerate(parts)
                    for found in answer_conditions(part, (*at, "any", index))]
        case Not(not_=inner):
            return answer_conditions(inner, (*at, "not"))
    return []


# --- Questions -------------------------------------------------------------------------------


class Option(Strict):
    value: OptionValue
    label: Text
    score: float = Field(default=0, ge=0, le=100)
    unknown: bool = False
    forces_level: Level | None = None
    help: Text | None = None


class Scale(Strict):
    min: int = 1
    max: int = 5
    min_label: Text
    max_label: Text
    score_per_step: float = Field(default=0, ge=0, le=100)
    higher_is_worse: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self

    def score(self, value: int) -> float:
        steps = value - self.min if self.higher_is_worse else self.max - value
        return steps * self.score_per_step


class AnswerFlag(Strict):
    """A flag an answer raises: the set's way to make a recorded answer count (engine 2)."""

    when: list[OptionValue] = Field(min_length=1)
    """The option values that raise it."""
    flag: FlagCode
    severity: FlagSeverity = FlagSeverity.warning
    reason: Text


class Question(Strict):
    id: QuestionId
    kind: Kind
    text: Text
    help: Text | None = None
    ground: Ground | None = None
    perspective: Perspective | None = None
    required: bool = False
    options: list[Option] = Field(default_factory=list)
    scale: Scale | None = None
    show_if: Condition | None = None
    indicators: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]] = (
        Field(default_factory=list)
    )
    raises: list[AnswerFlag] = Field(default_factory=list)

    @property
    def is_scored(self) -> bool:
        """Whether an answer can move a level: it scores, forces a level or raises a flag."""
        return bool(self.raises) or (self.ground is not None and (
            any(option.score or option.forces_level for option in self.options)
            or (self.scale is not None and self.scale.score_per_step > 0)))

    @model_validator(mode="after")
    def _kind_matches_options(self) -> Question:
        values = [option.value for option in self.options]
        if len(values) != len(set(values)):
            raise ValueError("option values must be unique")
        if self.kind in (Kind.choice, Kind.multi_choice) and len(self.options) < 2:
            raise ValueError(f"a {self.kind} question needs at least two options")
        if self.kind is Kind.yes_no:
            if not {"yes", "no"} <= set(values) or not set(values) <= YES_NO_VALUES:
                raise ValueError("a yes_no question has options yes, no and optionally dont_know")
            if any(o.unknown != (o.value == "dont_know") for o in self.options):
                raise ValueError("in a yes_no question exactly the dont_know option is unknown")
        if self.kind not in (Kind.choice, Kind.multi_choice, Kind.yes_no) and self.options:
            raise ValueError(f"a {self.kind} question takes no options")
        if (self.kind is Kind.scale) != (self.scale is not None):
            raise ValueError("a scale question, and only a scale question, needs `scale`")
        self._check_unknown_is_precautionary()
        unknown = sorted({value for rule in self.raises for value in rule.when} - set(values))
        if unknown:
            raise ValueError(f"`raises` names options the question does not have: {unknown}")
        return self

    def _check_unknown_is_precautionary(self) -> None:
        """A 'don't know' may never score below the midpoint of the known answers.

        Otherwise not finding out would pay: an officer could lower a level by not knowing.
        """
        known = [option.score for option in self.options if not option.unknown]
        for option in self.options:
            if option.unknown and known and option.score < (min(known) + max(known)) / 2:
                raise ValueError(
                    f"option {option.value!r} is a 'don't know' and must score at least the "
                    f"midpoint of the known options ({(min(known) + max(known)) / 2:g})"
                )

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)

    def can_take(self, value: object) -> bool:
        """Whether an answer could hold this value: one of its options, or a step of its scale.

        Text, number and date answers are open, so any value is possible there.
        """
        if self.options:
            return isinstance(value, str) and self.option(value) is not None
        if self.scale is not None:
            return (isinstance(value, int) and not isinstance(value, bool)
                    and self.scale.min <= value <= self.scale.max)
        return True


class Section(Strict):
    id: QuestionId
    step: Step
    title: Text
    help: Text | None = None
    ground: Ground | None = None
    perspective: Perspective | None = None
    questions: list[Question] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _questions_inherit(cls, data: object) -> object:
        """A question without its own ground or perspective takes its section's."""
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            return data
        inherited = [
            {"ground": data.get("ground"), "perspective": data.get("perspective"), **question}
            if isinstance(question, dict)
            else question
            for question in data["questions"]
        ]
        return {**data, "questions": inherited}


class ScreeningPrompt(Strict):
    text: Text
    help: Text
    examples: list[Text] = Field(default_factory=list)


# --- Scoring parameters ----------------------------------------------------------------------


class Parameter(Strict):
    """One number the rules read, documented like an OpenFisca parameter."""

    value: float
    unit: Literal["points", "level steps", "grounds", "count"]
    description: Text
    reference: str = Field(min_length=1)


class Thresholds(Strict):
    """Concern points on one ground at which its level becomes low, medium and high."""

    low: Parameter
    medium: Parameter
    high: Parameter

    @model_validator(mode="after")
    def _increasing(self) -> Thresholds:
        if not 0 < self.low.value <= self.medium.value <= self.high.value:
            raise ValueError("thresholds must satisfy 0 < low <= medium <= high")
        return self

    def level_for(self, points: float) -> Level:
        for level, parameter in ((Level.high, self.high), (Level.medium, self.medium),
                                 (Level.low, self.low)):
            if points >= parameter.value:
                return level
        return Level.none


class ImpactMatrix(Strict):
    """The level an officer's own severity and likelihood rating gives a negative impact."""

    levels: dict[Severity, dict[Likelihood, Level]]
    description: Text
    reference: str = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> ImpactMatrix:
        for severity in Severity:
            row = self.levels.get(severity, {})
            missing = [likelihood.value for likelihood in Likelihood if likelihood not in row]
            if missing:
                raise ValueError(f"severity {severity.value!r} has no level for {missing}")
        return self


class EffectSteps(Strict):
    """How many level steps a decided action lowers a ground by, per its declared effect."""

    removes: Parameter
    reduces: Parameter


class Size(Strict):
    """How the number of people harmed, and their having no alternative, raise a level."""

    many_people: Parameter
    steps: Parameter
    max_level: Level
    """The highest level size alone can raise a rating to."""


class Scoring(Strict):
    engine: Literal[1, 2] = 1
    """The rules' behaviour this set version uses. 1 (set 1.0): any complete action lowers a
    ground by `mitigation_steps`. 2 (set 1.1): mitigation by each action's declared effect,
    benefits sized apart from harm, size counts, and nothing answered is silently dropped."""
    thresholds: Thresholds
    impact_matrix: ImpactMatrix
    mitigation_steps: Parameter
    mitigation_floor: Level = Level.none
    intersectionality_min_grounds: Parameter
    effect_steps: EffectSteps | None = None
    mixed_threshold: Parameter | None = None
    """Engine 2: concern points on a ground described as positive before it counts as mixed."""
    severe_answer_points: Parameter | None = None
    """Engine 2: an answer scoring at least this is severe, so a missing rating is a blocker."""
    size: Size | None = None

    @field_validator("mitigation_steps", "intersectionality_min_grounds")
    @classmethod
    def _whole_number(cls, parameter: Parameter, info: ValidationInfo) -> Parameter:
        """Level steps and ground counts are counted, so only whole numbers make sense."""
        minimum = 0 if info.field_name == "mitigation_steps" else 1
        return _whole(parameter, minimum)

    @model_validator(mode="after")
    def _engine_2_has_its_parameters(self) -> Scoring:
        needed = {"effect_steps": self.effect_steps, "mixed_threshold": self.mixed_threshold,
                  "severe_answer_points": self.severe_answer_points, "size": self.size}
        missing = [name for name, value in needed.items() if value is None]
        if self.engine == 2 and missing:
            raise ValueError(f"engine 2 needs the parameters {', '.join(missing)}")
        if self.engine == 1 and len(missing) < len(needed):
            raise ValueError("the parameters "
                             f"{', '.join(n for n, v in needed.items() if v is not None)} "
                             "are read by engine 2 only: set `engine: 2`")
        for steps in ([self.effect_steps.removes, self.effect_steps.reduces]
                      if self.effect_steps else []) + ([self.size.steps] if self.size else []):
            _whole(steps, 0)
        return self


def _whole(parameter: Parameter, minimum: int) -> Parameter:
    if parameter.value != int(parameter.value) or parameter.value < minimum:
        raise ValueError(f"value must be a whole number of at least {minimum}")
    return parameter


# --- Outcome rules over results --------------------------------------------------------------


class ResidualAtLeast(Strict):
    """True when some ground's negative impact, after actions, is at least this level."""

    residual_at_least: Level


class InherentAtLeast(Strict):
    """True when some ground's negative impact, before actions, is at least this level."""

    inherent_at_least: Level


class NegativeGroundsAtLeast(Strict):
    negative_grounds_at_least: int = Field(ge=1)


class HasFlag(Strict):
    flag: FlagCode


class ResultAll(Strict):
    all: list[ResultCondition] = Field(min_length=1)


class ResultAny(Strict):
    any: list[ResultCondition] = Field(min_length=1)


class ResultNot(Strict):
    not_: ResultCondition = Field(alias="not")


ResultCondition = (
    ResidualAtLeast
    | InherentAtLeast
    | NegativeGroundsAtLeast
    | HasFlag
    | ResultAll
    | ResultAny
    | ResultNot
)


class OutcomeRule(Strict):
    id: QuestionId
    outcome: Outcome
    when: ResultCondition
    reason: Text


class OutcomeRules(Strict):
    """Tried in order; the first rule whose condition holds gives the recommended outcome."""

    rules: list[OutcomeRule] = Field(min_length=1)
    default: Outcome
    default_reason: Text


# --- The set -------------------------------------------------------------------------------


def _refused(message: str, *at: str | int, code: str = "value_error") -> PydanticCustomError:
    """A cross-reference error that says where in the set it is (`ctx["at"]`), so the loader can
    name the file and line of the offending key instead of the top of set.yaml."""
    return PydanticCustomError(code, message, {"at": at})


def _unknown_option(question: Question, condition: Condition, seen: dict[str, Question],
                    at: tuple[str | int, ...]) -> PydanticCustomError | None:
    """A `show_if` waiting for a value its question can never hold would hide its question
    forever (a typo such as `in: [digital_onyl]`): refused at the value."""
    for answer_is, below in answer_conditions(condition):
        target = seen[answer_is.answer]
        for index, value in enumerate(answer_is.in_):
            if not target.can_take(value):
                offered = ([option.value for option in target.options] if target.options
                           else f"{target.scale.min}..{target.scale.max}" if target.scale
                           else [])
                return _refused(
                    f"question {question.id!r}: show_if waits for {value!r} from "
                    f"{answer_is.answer!r}, which offers only {offered}",
                    *at, "show_if", *below, "in", index, code="unknown-option")
    return None


class QuestionSet(Strict):
    id: Annotated[str, StringConstraints(pattern=SET_ID_PATTERN)]
    version: Version
    changelog: str = Field(min_length=1)
    title: Text
    description: Text
    screening: dict[Subject, ScreeningPrompt]
    scoring: Scoring
    outcomes: OutcomeRules
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionSet:
        missing = [subject.value for subject in Subject if subject not in self.screening]
        if missing:
            raise _refused(f"screening has no prompt for {missing}", "screening")
        steps = {section.step for section in self.sections}
        missing_steps = [step.value for step in Step if step not in steps]
        if missing_steps:
            raise _refused(f"no section for the steps {missing_steps}", "sections")
        section_ids: set[str] = set()
        for index, section in enumerate(self.sections):
            if section.id in section_ids:
                raise _refused(f"section id {section.id!r} is used twice", "sections", index, "id")
            section_ids.add(section.id)
        seen: dict[str, Question] = {}
        for index, section in enumerate(self.sections):
            for number, question in enumerate(section.questions):
                at = ("sections", index, "questions", number)
                if question.id in seen:
                    raise _refused(f"question id {question.id!r} is used twice", *at, "id")
                if question.show_if is not None:
                    for qid in condition_question_ids(question.show_if):
                        if qid not in seen:
                            raise _refused(
                                f"question {question.id!r}: show_if reads {qid!r}, which is not "
                                "an earlier question of this set", *at, "show_if"
                            )
                    refused = _unknown_option(question, question.show_if, seen, at)
                    if refused is not None:
                        raise refused
                seen[question.id] = question
        return self

    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def sections_for(self, step: Step) -> list[Section]:
        return [section for section in self.sections if section.step is step]


for _model in (AllOf, AnyOf, Not, Question, ResultAll, ResultAny, ResultNot, OutcomeRule):
    _model.model_rebuild()
