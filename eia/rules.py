"""Scoring: pure, explainable rules whose every number is read from the question set.

Each ground is scored on its own, so one severe answer on one ground is never drowned out by
calm answers elsewhere. Every figure carries a `Trace`: the rule that produced it, the answers
and set parameters it read, and a sentence in Swedish and English saying why.

Per ground:
  concern points = sum of the scores of the visible, answered questions on that ground;
  inherent level = the highest of: the threshold level of those points, any level an answer
                   forces, and the level the officer's own severity x likelihood gives;
  residual level = the inherent level lowered by `mitigation_steps` when at least one complete
                   action (what, owner, due date) addresses the ground.
The recommended outcome is the first outcome rule of the set whose condition holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from eia.context.findings import GroupGap
from eia.flags import FlagCode, FlagSeverity
from eia.i18n import Lang, Text, format_number, t
from eia.model import (
    ActionEffect,
    ActionResult,
    Assessment,
    Direction,
    Ground,
    Impact,
    LabelledEnum,
    Level,
    Outcome,
    QuestionSetRef,
    Subject,
)
from eia.questions.conditions import is_visible
from eia.questions.schema import (
    HasFlag,
    InherentAtLeast,
    Kind,
    NegativeGroundsAtLeast,
    Question,
    QuestionSet,
    ResidualAtLeast,
    ResultAll,
    ResultAny,
    ResultCondition,
    ResultNot,
)

T = TypeVar("T")
NEGATIVE = (Direction.negative, Direction.mixed)


class Trace(BaseModel):
    """Why a figure is what it is: data a statement renders, not a log line."""

    model_config = ConfigDict(frozen=True)

    rule: str
    inputs: dict[str, JsonValue] = Field(default_factory=dict)
    parameters: dict[str, JsonValue] = Field(default_factory=dict)
    reason: Text


class Explained(BaseModel, Generic[T]):
    model_config = ConfigDict(frozen=True)

    value: T
    trace: Trace


class Screened(LabelledEnum):
    screened_in = "screened_in"
    screened_out = "screened_out"
    not_screened = "not_screened"


Screened.register_labels({
    Screened.screened_in: t("Relevant", "Screened in"),
    Screened.screened_out: t("Bortvald", "Screened out"),
    Screened.not_screened: t("Inte bedömd", "Not screened"),
})


class Flag(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: FlagCode
    severity: FlagSeverity
    subject: Subject | None = None
    trace: Trace

    @property
    def reason(self) -> Text:
        return self.trace.reason

    @property
    def rests_on_synthetic(self) -> bool:
        """Raised from synthetic context figures (the worse-off flag records it)."""
        return self.trace.inputs.get("synthetic") is True


class Contribution(BaseModel):
    """What one answer added to a ground's concern points: the arithmetic a reader can follow."""

    model_config = ConfigDict(frozen=True)

    question: str
    value: JsonValue
    points: float
    forces: Level | None = None


class GroundResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    ground: Ground
    screening: Explained[Screened]
    direction: Explained[Direction | None]
    points: Explained[float]
    contributions: list[Contribution]
    inherent: Explained[Level]
    residual: Explained[Level]
    actions: list[str]

    @property
    def is_negative(self) -> bool:
        return self.direction.value in NEGATIVE


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_set: QuestionSetRef
    grounds: list[GroundResult]
    flags: list[Flag]
    recommended_outcome: Explained[Outcome]
    chosen_outcome: Outcome | None
    unanswered: list[str]
    recorded: list[str] = []
    """Engine 2: answered questions that no rule reads (the set says so), listed so that
    nothing answered silently vanishes."""

    def ground(self, ground: Ground) -> GroundResult:
        return next(result for result in self.grounds if result.ground is ground)

    def has_flag(self, code: FlagCode | str) -> bool:
        return any(flag.code == code for flag in self.flags)

    def negative_grounds(self) -> list[Ground]:
        return [result.ground for result in self.grounds if result.is_negative]


# --- helpers ---------------------------------------------------------------------------------


WORSE_OFF_SHOWN = 3
"""How many figures a worse-off flag quotes; the trace's inputs list all of them."""


def _worse_off_reason(ground: Ground, worse: Sequence[GroupGap]) -> Text:
    """Quote the first few figures, say how many more, and say so when they are synthetic."""

    def figure(gap: GroupGap, lang: Lang) -> str:
        against = "mot" if lang is Lang.sv else "against"
        return (f"{gap.title(lang)}: {gap.group(lang)} {format_number(gap.value, lang)} "
                f"{gap.unit} {against} {gap.comparison(lang)} "
                f"{format_number(gap.comparison_value, lang)} {gap.unit}")

    def reason(lang: Lang) -> str:
        quoted = "; ".join(figure(gap, lang) for gap in worse[:WORSE_OFF_SHOWN])
        more = len(worse) - WORSE_OFF_SHOWN
        if more > 0:
            quoted += f"; och {more} till" if lang is Lang.sv else f"; and {more} more"
        synthetic = any(gap.synthetic for gap in worse)
        if lang is Lang.sv:
            return (f"{ground.label(lang)}: förslaget får negativa konsekvenser för en grupp "
                    f"som redan har sämre villkor ({quoted})."
                    + (" Obs! Siffrorna är SYNTETISKA exempel, inte verkliga." if synthetic
                       else ""))
        return (f"{ground.label(lang)}: negative impact on a group that is already worse off "
                f"({quoted})." + (" Note: SYNTHETIC demo figures, not real." if synthetic
                                  else ""))

    return t(reason(Lang.sv), reason(Lang.en))


def _subject_of(question: Question) -> Subject | None:
    topic = question.ground or question.perspective
    return Subject(topic.value) if topic and topic.value in Subject.__members__ else None


def _names(grounds: Iterable[Ground | Subject], lang: Lang) -> str:
    return ", ".join(item.label(lang).lower() for item in grounds)


# --- per-question scoring ----------------------------------------------------------------------


class _Scored(BaseModel):
    points: float = 0
    forces: Level | None = None
    valid: bool = True


def _score_answer(question: Question, value: JsonValue) -> _Scored:
    """Points for one answer; an answer the question cannot take scores nothing and is reported."""
    if question.kind in (Kind.choice, Kind.yes_no):
        option = question.option(value) if isinstance(value, str) else None
        if option is None:
            return _Scored(valid=False)
        return _Scored(points=option.score, forces=option.forces_level)
    if question.kind is Kind.multi_choice:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _Scored(valid=False)
        options = [question.option(v) for v in value]
        if any(option is None for option in options):
            return _Scored(valid=False)
        forced = [o.forces_level for o in options if o and o.forces_level]
        return _Scored(points=sum(o.score for o in options if o), forces=max(forced, default=None))
    if question.kind is Kind.scale:
        scale = question.scale
        if (scale is None or isinstance(value, bool) or not isinstance(value, int)
                or not scale.min <= value <= scale.max):
            return _Scored(valid=False)
        return _Scored(points=scale.score(value))
    if question.kind is Kind.number:
        return _Scored(valid=isinstance(value, int | float) and not isinstance(value, bool))
    return _Scored(valid=isinstance(value, str))


# --- the scorer --------------------------------------------------------------------------------


class _Scorer:
    """Holds one scoring run's inputs; `run()` returns the whole Result."""

    def __init__(self, assessment: Assessment, question_set: QuestionSet,
                 context: Sequence[GroupGap] | None) -> None:
        self.a = assessment
        self.qs = question_set
        self.scoring = question_set.scoring
        self.context = list(context or [])
        self.has_context = context is not None
        self.engine2 = self.scoring.engine >= 2
        self.flags: list[Flag] = []
        self.unanswered: list[str] = []

    def flag(self, code: FlagCode, severity: FlagSeverity, reason: Text, *,
             subject: Subject | None = None, inputs: dict[str, JsonValue] | None = None,
             parameters: dict[str, JsonValue] | None = None) -> None:
        trace = Trace(rule=f"flag.{code.value}", inputs=inputs or {},
                      parameters=parameters or {}, reason=reason)
        self.flags.append(Flag(code=code, severity=severity, subject=subject, trace=trace))

    # screening

    def screening(self, subject: Subject) -> Explained[Screened]:
        entry = self.a.screening.get(subject)
        rule = "screening.state"
        if entry is None:
            return Explained(value=Screened.not_screened, trace=Trace(
                rule=rule, inputs={f"screening.{subject.value}": None},
                reason=t("Inte bedömd ännu; räknas som relevant tills den är bedömd.",
                             "Not screened yet; counts as relevant until it is.")))
        inputs: dict[str, JsonValue] = {f"screening.{subject.value}": entry.answer.value}
        if entry.screened_in:
            why = t(
                "Kan påverka människor olika" if entry.answer.value == "yes"
                else "”Vet inte” räknas som ja",
                "Could affect people differently" if entry.answer.value == "yes"
                else "“Don't know” counts as yes",
            )
            return Explained(value=Screened.screened_in, trace=Trace(rule=rule, inputs=inputs,
                                                                     reason=why))
        if not entry.reason.strip():
            return Explained(value=Screened.screened_in, trace=Trace(
                rule=rule, inputs=inputs,
                reason=t("Bortvald utan skriftligt skäl; räknas som relevant.",
                             "Screened out without a written reason; counts as relevant.")))
        return Explained(value=Screened.screened_out, trace=Trace(
            rule=rule, inputs={**inputs, f"screening.{subject.value}.reason": entry.reason},
            reason=t(f"Bortvald: {entry.reason}", f"Screened out: {entry.reason}")))

    def screening_flags(self) -> None:
        missing = [subject for subject in Subject if subject not in self.a.screening]
        if missing:
            self.flag(FlagCode.screening_incomplete, FlagSeverity.blocker, t(
                f"Inte bedömda i relevansbedömningen: {_names(missing, Lang.sv)}.",
                f"Not yet screened: {_names(missing, Lang.en)}."),
                inputs={"missing": [s.value for s in missing]})
        for subject, entry in self.a.screening.items():
            if not entry.screened_in and not entry.reason.strip():
                self.flag(FlagCode.screened_out_without_reason, FlagSeverity.blocker, t(
                    f"{subject.label(Lang.sv)} valdes bort i relevansbedömningen utan skriftligt "
                    "skäl.",
                    f"{subject.label(Lang.en)} was screened out without a written reason."),
                    subject=subject, inputs={f"screening.{subject.value}": entry.answer.value})

    # answers

    def check_answers(self) -> dict[str, _Scored]:
        """Score every answer once; report answers to unknown questions and impossible values."""
        scored: dict[str, _Scored] = {}
        for qid, answer in self.a.answers.items():
            question = self.qs.question(qid)
            if question is None:
                self.flag(FlagCode.unknown_question, FlagSeverity.warning, t(
                    f"Svaret på {qid} hör inte till frågeuppsättningen {self.qs.id} "
                    f"{self.qs.version} och räknas inte.",
                    f"The answer to {qid} is not a question of set {self.qs.id} "
                    f"{self.qs.version} and is not counted."), inputs={qid: answer.value})
                continue
            if not answer.is_answered:
                continue
            result = _score_answer(question, answer.value)
            scored[qid] = result
            if not result.valid:
                self.flag(FlagCode.invalid_answer, FlagSeverity.blocker, t(
                    f"Svaret på {qid} ({answer.value!r}) passar inte frågan och räknas inte.",
                    f"The answer to {qid} ({answer.value!r}) does not fit the question and "
                    "is not counted."), inputs={qid: answer.value})
        return scored

    def required_flags(self, screened: dict[Ground, Explained[Screened]]) -> None:
        for question in self.qs.questions():
            if not question.required or not is_visible(question, self.a):
                continue
            if question.ground and screened[question.ground].value is Screened.screened_out:
                continue
            answer = self.a.answer(question.id)
            if answer is None or not answer.is_answered:
                self.unanswered.append(question.id)
        if self.unanswered:
            count = len(self.unanswered)
            self.flag(FlagCode.required_unanswered, FlagSeverity.blocker, t(
                f"{count} obligatoriska frågor är obesvarade: {', '.join(self.unanswered)}.",
                f"{count} required questions are unanswered: {', '.join(self.unanswered)}."),
                inputs={"unanswered": list(self.unanswered)})

    # grounds

    def ground(self, ground: Ground, screened: Explained[Screened],
               scored: dict[str, _Scored]) -> GroundResult:
        subject = Subject.of(ground)
        name = (ground.label(Lang.sv), ground.label(Lang.en))
        contributions = [
            Contribution(question=q.id, value=self.a.answers[q.id].value,
                         points=scored[q.id].points, forces=scored[q.id].forces)
            for q in self.qs.questions()
            if q.ground is ground and q.id in scored and scored[q.id].valid
            and is_visible(q, self.a)
        ]
        if screened.value is Screened.screened_out:
            if self.engine2:
                self.dropped_concerns(ground, scored)
            none = Trace(rule="ground.screened_out", inputs={f"screening.{subject.value}": "no"},
                         reason=t(f"{name[0]} är bortvald i relevansbedömningen.",
                                      f"{name[1]} is screened out."))
            return GroundResult(
                ground=ground, screening=screened, direction=Explained(value=None, trace=none),
                points=Explained(value=0.0, trace=none), contributions=[],
                inherent=Explained(value=Level.none, trace=none),
                residual=Explained(value=Level.none, trace=none), actions=[])

        points = self.points(ground, contributions)
        answer_level = self.answer_level(ground, points.value, contributions)
        direction = self.direction(ground, answer_level.value, points.value)
        officer_level = self.officer_level(ground, direction.value)
        if self.engine2 and direction.value in NEGATIVE:
            self.rating_flag(ground, contributions)
            officer_level = self.sized(ground, officer_level)
        inherent = self.inherent(ground, direction.value, answer_level, officer_level)
        if self.engine2:
            actions, residual = self.residual_by_effect(ground, inherent.value)
        else:
            actions = [a.id for a in self.a.actions_for(ground) if a.is_complete]
            residual = self.residual(ground, inherent.value, actions)
        return GroundResult(ground=ground, screening=screened, direction=direction,
                            points=points, contributions=contributions, inherent=inherent,
                            residual=residual, actions=actions)

    def points(self, ground: Ground, contributions: list[Contribution]) -> Explained[float]:
        total = round(sum(c.points for c in contributions), 6)
        arithmetic = " + ".join(f"{c.points:g} ({c.question})" for c in contributions) or "0"
        return Explained(value=total, trace=Trace(
            rule="ground.concern_points",
            inputs={f"answers.{c.question}": c.value for c in contributions},
            reason=t(f"Problempoäng för {ground.label(Lang.sv).lower()}: {arithmetic} = "
                         f"{total:g}.",
                         f"Concern points for {ground.label(Lang.en).lower()}: {arithmetic} = "
                         f"{total:g}.")))

    def answer_level(self, ground: Ground, points: float,
                     contributions: list[Contribution]) -> Explained[Level]:
        thresholds = self.scoring.thresholds
        by_points = thresholds.level_for(points)
        forcing = [c for c in contributions if c.forces is not None]
        forced = max((c.forces for c in forcing if c.forces), default=Level.none)
        level = max(by_points, forced)
        parameters: dict[str, JsonValue] = {
            "scoring.thresholds.low": thresholds.low.value,
            "scoring.thresholds.medium": thresholds.medium.value,
            "scoring.thresholds.high": thresholds.high.value,
        }
        sv = (f"{points:g} poäng ger nivån {by_points.label(Lang.sv).lower()} "
              f"(gränsvärden: låg {thresholds.low.value:g}, medelhög {thresholds.medium.value:g}, "
              f"hög {thresholds.high.value:g}).")
        en = (f"{points:g} points give the level {by_points.label(Lang.en).lower()} "
              f"(thresholds: low {thresholds.low.value:g}, medium {thresholds.medium.value:g}, "
              f"high {thresholds.high.value:g}).")
        if forced > by_points:
            which = ", ".join(f"{c.question} = {c.value}" for c in forcing if c.forces == forced)
            sv += f" Svaret {which} ger minst nivån {forced.label(Lang.sv).lower()}."
            en += f" The answer {which} forces at least the level {forced.label(Lang.en).lower()}."
        return Explained(value=level, trace=Trace(
            rule="ground.answer_level",
            inputs={"points": points, **{f"answers.{c.question}": c.value for c in forcing}},
            parameters=parameters, reason=t(sv, en)))

    def direction(self, ground: Ground, answer_level: Level,
                  points: float) -> Explained[Direction | None]:
        impact = self.a.impacts.get(ground)
        stated = impact.direction if impact else None
        concern = answer_level > Level.none
        rated = False
        if self.engine2 and self.scoring.mixed_threshold:
            # a benefit or a neutral ground turns only when its concerns pass the threshold;
            # a harm the officer rated counts from the start, not once an answer flips it
            judged = impact is not None and (
                (impact.residual_judgement or Level.none) > Level.none)
            rated = judged or (impact is not None and bool(impact.severity
                                                           and impact.likelihood))
            if stated in (Direction.positive, Direction.neutral):
                # severity sizes no benefit, but a level the officer judges is left is a harm
                concern = (points >= self.scoring.mixed_threshold.value or judged
                           or (stated is Direction.neutral and rated))
            elif stated is None:
                concern = concern or rated
        inputs: dict[str, JsonValue] = {f"impacts.{ground.value}.direction":
                                        stated.value if stated else None,
                                        "answer_level": answer_level.value}
        rule = "ground.direction"
        if stated is None and concern and rated and answer_level is Level.none:
            value = Direction.negative
            reason = t("Ingen påverkan angiven, men handläggaren har bedömt en skada (allvar och "
                       "sannolikhet). Räknas som negativ påverkan.",
                       "No direction given, but the officer rated a harm (severity and "
                       "likelihood): counted as negative.")
        elif stated in NEGATIVE or (stated is None and not concern):
            value = stated
            reason = (t("Handläggarens bedömning.", "The officer's judgement.") if stated
                      else t("Ingen påverkan angiven, och svaren visar inga problem.",
                                 "No direction given and the answers show no concern."))
        elif stated is None:
            value = Direction.negative
            reason = t("Ingen påverkan angiven, men svaren visar problem. Räknas som negativ "
                       "påverkan.",
                           "No direction given, but the answers show concerns: counted as "
                           "negative.")
        elif not concern:
            value = stated
            reason = t("Handläggarens bedömning; svaren visar inga problem.",
                           "The officer's judgement; the answers show no concern.")
        else:
            value = Direction.mixed if stated is Direction.positive else Direction.negative
            reason = t(
                f"Handläggaren har angett {stated.label(Lang.sv).lower()} påverkan, men svaren "
                f"visar problem (nivå {answer_level.label(Lang.sv).lower()}). Räknas som "
                f"{value.label(Lang.sv).lower()} påverkan.",
                f"Described as {stated.label(Lang.en).lower()}, but the answers show concerns "
                f"(level {answer_level.label(Lang.en).lower()}): counted as "
                f"{value.label(Lang.en).lower()}.")
            self.flag(FlagCode.direction_contradicts_answers, FlagSeverity.warning, t(
                f"{ground.label(Lang.sv)}: {reason.sv}", f"{ground.label(Lang.en)}: {reason.en}"),
                subject=Subject.of(ground), inputs=inputs)
        return Explained(value=value, trace=Trace(rule=rule, inputs=inputs, reason=reason))

    def officer_level(self, ground: Ground, direction: Direction | None) -> Explained[Level]:
        """The level of the officer's own severity × likelihood rating of a harm."""
        impact = self.a.impacts.get(ground)
        rule = "ground.officer_level"
        if self.engine2 and impact is not None and impact.direction is Direction.positive:
            return Explained(value=Level.none, trace=Trace(rule=rule, reason=t(
                "Påverkan beskrivs som positiv: allvar och sannolikhet gäller skada, inte nytta.",
                "The impact is described as positive: severity and likelihood size harm, not a "
                "benefit.")))
        if direction not in NEGATIVE or impact is None or not (impact.severity and
                                                               impact.likelihood):
            return Explained(value=Level.none, trace=Trace(rule=rule, reason=t(
                "Handläggaren har inte bedömt allvar och sannolikhet för den negativa påverkan.",
                "No own rating of severity and likelihood for a negative impact.")))
        level = self.scoring.impact_matrix.levels[impact.severity][impact.likelihood]
        key = f"scoring.impact_matrix.{impact.severity.value}.{impact.likelihood.value}"
        return Explained(value=level, trace=Trace(
            rule=rule,
            inputs={f"impacts.{ground.value}.severity": impact.severity.value,
                    f"impacts.{ground.value}.likelihood": impact.likelihood.value},
            parameters={key: level.value},
            reason=t(
                f"Allvar {impact.severity.label(Lang.sv).lower()} och sannolikhet "
                f"{impact.likelihood.label(Lang.sv).lower()} ger nivån "
                f"{level.label(Lang.sv).lower()}.",
                f"Severity {impact.severity.label(Lang.en).lower()} and likelihood "
                f"{impact.likelihood.label(Lang.en).lower()} give the level "
                f"{level.label(Lang.en).lower()}.")))

    def inherent(self, ground: Ground, direction: Direction | None,
                 answer_level: Explained[Level],
                 officer_level: Explained[Level]) -> Explained[Level]:
        rule = "ground.inherent_level"
        if direction not in NEGATIVE:
            return Explained(value=Level.none, trace=Trace(rule=rule, reason=t(
                "Ingen negativ påverkan.", "No negative impact.")))
        level = max(answer_level.value, officer_level.value)
        return Explained(value=level, trace=Trace(
            rule=rule,
            inputs={"answer_level": answer_level.value, "officer_level": officer_level.value},
            parameters={**answer_level.trace.parameters, **officer_level.trace.parameters},
            reason=t(
                f"Den högre av svarens nivå ({answer_level.value.label(Lang.sv).lower()}) och "
                f"handläggarens bedömning ({officer_level.value.label(Lang.sv).lower()}): "
                f"{level.label(Lang.sv).lower()}. {answer_level.trace.reason.sv} "
                f"{officer_level.trace.reason.sv}",
                f"The higher of the answers' level ({answer_level.value.label(Lang.en).lower()}) "
                f"and the officer's rating ({officer_level.value.label(Lang.en).lower()}): "
                f"{level.label(Lang.en).lower()}. {answer_level.trace.reason.en} "
                f"{officer_level.trace.reason.en}")))

    def residual(self, ground: Ground, inherent: Level, actions: list[str]) -> Explained[Level]:
        steps = int(self.scoring.mitigation_steps.value)
        floor = self.scoring.mitigation_floor
        parameters: dict[str, JsonValue] = {"scoring.mitigation_steps": steps,
                                            "scoring.mitigation_floor": floor.value}
        if not actions or inherent is Level.none:
            return Explained(value=inherent, trace=Trace(
                rule="ground.residual_level", inputs={"actions": actions},
                reason=t("Inga fullständiga åtgärder sänker nivån." if inherent > Level.none
                             else "Ingen negativ påverkan att åtgärda.",
                             "No complete actions lower the level." if inherent > Level.none
                             else "No negative impact to address.")))
        level = inherent.lowered(steps, floor)
        listed = ", ".join(actions)
        steps_sv = "ett steg" if steps == 1 else f"{steps} steg"
        steps_en = "one step" if steps == 1 else f"{steps} steps"
        return Explained(value=level, trace=Trace(
            rule="ground.residual_level", inputs={"actions": actions, "inherent": inherent.value},
            parameters=parameters,
            reason=t(
                f"Med åtgärderna ({listed}) sänks nivån {steps_sv}: "
                f"{inherent.label(Lang.sv).lower()} → {level.label(Lang.sv).lower()}.",
                f"With the actions ({listed}) the level is lowered by {steps_en}: "
                f"{inherent.label(Lang.en).lower()} → {level.label(Lang.en).lower()}.")))

    # engine 2: nothing dropped, size counts, mitigation by effect

    def dropped_concerns(self, ground: Ground, scored: dict[str, _Scored]) -> None:
        """A screened-out ground hides nothing: its answered concerns and rating are reported."""
        answered = [(q, scored[q.id]) for q in self.qs.questions()
                    if q.ground is ground and q.id in scored and scored[q.id].valid
                    and (scored[q.id].points > 0 or scored[q.id].forces)]
        impact = self.a.impacts.get(ground)
        rated = (self.scoring.impact_matrix.levels[impact.severity][impact.likelihood]
                 if impact and impact.severity and impact.likelihood
                 and impact.direction is not Direction.positive else Level.none)
        if not answered and rated is Level.none:
            return
        forcing = any(result.forces for _, result in answered) or rated is Level.high
        texts = [(q.text.sv, q.text.en) for q, _ in answered]
        if rated > Level.none:
            texts.append((f"egen bedömning: nivå {rated.label(Lang.sv).lower()}",
                          f"own rating: level {rated.label(Lang.en).lower()}"))
        self.flag(FlagCode.screened_out_with_concerns,
                  FlagSeverity.blocker if forcing else FlagSeverity.warning, t(
                      f"{ground.label(Lang.sv)} är bortvald, men svaren visar problem: "
                      + "; ".join(sv for sv, _ in texts) + ". Ompröva relevansbedömningen.",
                      f"{ground.label(Lang.en)} is screened out, but the answers show concerns: "
                      + "; ".join(en for _, en in texts) + ". Reconsider the screening."),
                  subject=Subject.of(ground),
                  inputs={f"answers.{q.id}": self.a.answers[q.id].value for q, _ in answered}
                  | {"officer_level": rated.value})

    def rating_flag(self, ground: Ground, contributions: list[Contribution]) -> None:
        """A ground with concerns needs the officer's own rating; a severe answer demands it."""
        impact = self.a.impacts.get(ground)
        if not contributions or (impact and impact.severity and impact.likelihood):
            return
        severe_at = self.scoring.severe_answer_points
        severe = [c for c in contributions if c.forces
                  or (severe_at is not None and c.points >= severe_at.value)]
        if not severe and all(c.points == 0 for c in contributions):
            return
        self.flag(FlagCode.rating_missing,
                  FlagSeverity.blocker if severe else FlagSeverity.warning, t(
                      f"{ground.label(Lang.sv)}: svaren visar problem"
                      + (", några allvarliga," if severe else "")
                      + " men allvar och sannolikhet är inte bedömda.",
                      f"{ground.label(Lang.en)}: the answers show concerns"
                      + (", some of them severe," if severe else "")
                      + " but severity and likelihood are not rated."),
                  subject=Subject.of(ground),
                  inputs={f"answers.{c.question}": c.value for c in severe or contributions},
                  parameters={"scoring.severe_answer_points":
                              severe_at.value if severe_at else None})

    def sized(self, ground: Ground, rating: Explained[Level]) -> Explained[Level]:
        """Many people harmed, or people with no alternative, raise the officer's rating of a
        harm, up to `size.max_level`: the answers' level already weighs its own facts, so size
        never raises that, and a minor harm to many is not made the gravest."""
        size = self.scoring.size
        impact = self.a.impacts.get(ground)
        if size is None or impact is None or rating.value is Level.none:
            return rating
        if self._counted_elsewhere(ground, impact):
            other = impact.counted_under
            assert other is not None
            return Explained(value=rating.value, trace=Trace(
                rule=rating.trace.rule,
                inputs={**rating.trace.inputs,
                        f"impacts.{ground.value}.counted_under": other.value},
                parameters=rating.trace.parameters,
                reason=t(f"{rating.trace.reason.sv} Samma skada räknas redan under "
                         f"{other.label(Lang.sv).lower()}, så antalet berörda höjer inte "
                         "nivån här.",
                         f"{rating.trace.reason.en} The same harm is already counted under "
                         f"{other.label(Lang.en).lower()}, so the number affected does not "
                         "raise the level here.")))
        steps = int(size.steps.value)
        many = impact.people_affected is not None and \
            impact.people_affected >= size.many_people.value
        stranded = impact.has_alternative is False
        raised = max(rating.value, min(rating.value.raised(steps * (many + stranded)),
                                       size.max_level))
        if raised is rating.value:
            return rating
        why_sv = " och ".join(part for part, on in (
            (f"{impact.people_affected} personer berörs", many),
            ("de berörda saknar alternativ", stranded)) if on)
        why_en = " and ".join(part for part, on in (
            (f"{impact.people_affected} people are affected", many),
            ("those affected have no alternative", stranded)) if on)
        return Explained(value=raised, trace=Trace(
            rule=rating.trace.rule,
            inputs={**rating.trace.inputs, f"impacts.{ground.value}.people_affected":
                    impact.people_affected, f"impacts.{ground.value}.has_alternative":
                    impact.has_alternative},
            parameters={**rating.trace.parameters,
                        "scoring.size.many_people": size.many_people.value,
                        "scoring.size.steps": steps,
                        "scoring.size.max_level": size.max_level.value},
            reason=t(f"{rating.trace.reason.sv} Nivån höjs till "
                     f"{raised.label(Lang.sv).lower()} eftersom {why_sv}.",
                     f"{rating.trace.reason.en} The level is raised to "
                     f"{raised.label(Lang.en).lower()} because {why_en}.")))

    def _counted_elsewhere(self, ground: Ground, impact: Impact) -> bool:
        """The officer says this harm is the one already counted under another ground: its
        size raises that ground, not this one too. Only a negative or mixed impact on a
        screened-in ground counts it; otherwise the size is weighed here."""
        other = impact.counted_under
        if other is None or other is ground:
            return False
        there = self.a.impacts.get(other)
        return (self.a.is_relevant(Subject.of(other)) and there is not None
                and there.direction in (Direction.negative, Direction.mixed))

    def residual_by_effect(self, ground: Ground,
                           inherent: Level) -> tuple[list[str], Explained[Level]]:
        """Only a decided, complete action that removes or reduces the risk lowers the level,
        never by more than its declared effect; the officer may judge higher, or lower with a
        written justification (flagged)."""
        steps_for = self.scoring.effect_steps
        assert steps_for is not None  # engine 2 requires it
        lowering: list[tuple[str, int]] = []
        notes_sv: list[str] = []
        notes_en: list[str] = []
        for action in self.a.actions_for(ground):
            effect = action.effect_on(ground)
            if effect is None:
                self.flag(FlagCode.action_effect_unknown, FlagSeverity.warning, t(
                    f"Åtgärden {action.id} gäller {ground.label(Lang.sv).lower()} men säger "
                    "inte vad den gör med risken, så den sänker ingenting.",
                    f"Action {action.id} addresses {ground.label(Lang.en).lower()} but does not "
                    "say what it does to the risk, so it lowers nothing."),
                    subject=Subject.of(ground), inputs={"action": action.id})
                notes_sv.append(f"{action.id}: effekten är inte angiven")
                notes_en.append(f"{action.id}: effect not stated")
            elif effect is ActionEffect.no_change:
                notes_sv.append(f"{action.id}: ändrar inte risken")
                notes_en.append(f"{action.id}: does not change the risk")
            elif not action.decided:
                notes_sv.append(f"{action.id}: inte beslutad")
                notes_en.append(f"{action.id}: not decided")
            elif action.funded is False:
                notes_sv.append(f"{action.id}: beslutad men inte finansierad")
                notes_en.append(f"{action.id}: decided, not funded")
            elif not action.is_complete:
                notes_sv.append(f"{action.id}: saknar ansvarig eller datum")
                notes_en.append(f"{action.id}: no owner or due date")
            else:
                steps = steps_for.removes if effect is ActionEffect.removes else steps_for.reduces
                lowering.append((action.id, int(steps.value)))
        steps = max((count for _, count in lowering), default=0)
        level = inherent.lowered(steps, self.scoring.mitigation_floor) if steps else inherent
        ids = [action_id for action_id, count in lowering if count == steps and steps]
        parameters: dict[str, JsonValue] = {
            "scoring.effect_steps.removes": steps_for.removes.value,
            "scoring.effect_steps.reduces": steps_for.reduces.value}
        inputs: dict[str, JsonValue] = {"inherent": inherent.value, "lowering": ids}
        if inherent is Level.none:
            reason = t("Ingen negativ påverkan att åtgärda.", "No negative impact to address.")
        elif ids:
            reason = t(f"Beslutade åtgärder ({', '.join(ids)}) sänker nivån {steps} steg: "
                       f"{inherent.label(Lang.sv).lower()} → {level.label(Lang.sv).lower()}.",
                       f"Decided actions ({', '.join(ids)}) lower the level by {steps} "
                       f"step{'s' if steps > 1 else ''}: {inherent.label(Lang.en).lower()} → "
                       f"{level.label(Lang.en).lower()}.")
        else:
            reason = t("Ingen beslutad åtgärd tar bort eller minskar risken.",
                       "No decided action removes or reduces the risk.")
        if notes_en:
            reason = t(f"{reason.sv} Räknas inte: {'; '.join(notes_sv)}.",
                       f"{reason.en} Not counted: {'; '.join(notes_en)}.")
        level, reason = self.judged(ground, level, reason)
        return ids, Explained(value=level, trace=Trace(
            rule="ground.residual_by_effect", inputs=inputs, parameters=parameters,
            reason=reason))

    def judged(self, ground: Ground, level: Level, reason: Text) -> tuple[Level, Text]:
        impact = self.a.impacts.get(ground)
        judged = impact.residual_judgement if impact else None
        if judged is None or judged is level or impact is None:
            return level, reason
        if judged > level:
            return judged, t(f"{reason.sv} Handläggaren bedömer nivån högre: "
                             f"{judged.label(Lang.sv).lower()}.",
                             f"{reason.en} The officer judges the level higher: "
                             f"{judged.label(Lang.en).lower()}.")
        justified = bool(impact.residual_justification.strip())
        self.flag(FlagCode.residual_judged_lower, FlagSeverity.warning, t(
            f"{ground.label(Lang.sv)}: handläggaren bedömer nivån efter åtgärder som "
            f"{judged.label(Lang.sv).lower()}, lägre än verktygets {level.label(Lang.sv).lower()}"
            + (f" – motivering: {impact.residual_justification}" if justified
               else ", utan motivering, så bedömningen används inte") + ".",
            f"{ground.label(Lang.en)}: the officer judges the level after actions "
            f"{judged.label(Lang.en).lower()}, below the rules' {level.label(Lang.en).lower()}"
            + (f" – justification: {impact.residual_justification}" if justified
               else ", without a justification, so the judgement is not used") + "."),
            subject=Subject.of(ground), inputs={"rules": level.value, "judged": judged.value})
        if not justified:
            return level, reason
        return judged, t(f"{reason.sv} Handläggarens motiverade bedömning: "
                         f"{judged.label(Lang.sv).lower()}.",
                         f"{reason.en} The officer's justified judgement: "
                         f"{judged.label(Lang.en).lower()}.")

    def fitting_figures(self, result: GroundResult) -> None:
        """Engine 2: figures about the groups the officer named, never the ground at large.

        Only a figure whose group is a named group (or part of it) can say that group is
        already worse off; figures tied to the questions that raised the concern come first;
        where no figure is about them, that is an evidence gap.
        """
        ground, subject = result.ground, Subject.of(result.ground)
        if not self.has_context:
            return
        impact = self.a.impacts.get(ground)
        named = impact.affected_groups if impact else []
        if not named:
            self.flag(FlagCode.affected_groups_missing, FlagSeverity.warning, t(
                f"{ground.label(Lang.sv)}: ange vilka grupper påverkan gäller, så visas "
                "statistik om just dem.",
                f"{ground.label(Lang.en)}: name the groups the impact falls on, to see figures "
                "about them."), subject=subject)
            return
        labels = ", ".join(group.label for group in named)
        fitting = [gap for gap in self.context if gap.ground is ground
                   and any(gap.is_about(group.codes) for group in named)]
        asked = {indicator for c in result.contributions
                 if (question := self.qs.question(c.question)) is not None
                 for indicator in question.indicators}
        worse = sorted((gap for gap in fitting if gap.worse_off),
                       key=lambda gap: gap.indicator not in asked)
        inputs: dict[str, JsonValue] = {"affected_groups": [dict(g.codes) for g in named]}
        if worse:
            self.flag(FlagCode.worse_off_group, FlagSeverity.warning,
                      _worse_off_reason(ground, worse), subject=subject,
                      inputs={**inputs, "indicators": [f"{g.indicator}@{g.area}/{g.period}"
                                                       for g in worse],
                              "synthetic": any(g.synthetic for g in worse)})
        elif not fitting:
            self.flag(FlagCode.no_fitting_figures, FlagSeverity.info, t(
                f"{ground.label(Lang.sv)}: kontextdatan har ingen statistik om {labels}; "
                "det är en kunskapslucka.",
                f"{ground.label(Lang.en)}: the context data has no figures about {labels}; "
                "that is an evidence gap."), subject=subject, inputs=inputs)

    # flags over grounds

    def ground_flags(self, results: list[GroundResult]) -> None:
        covered = self.a.evidence.grounds_covered()
        gap_grounds = {g for gap in self.a.evidence.gaps for g in gap.grounds}
        consulted = {g for c in self.a.consultations for g in c.grounds}
        for result in results:
            ground, subject = result.ground, Subject.of(result.ground)
            sv, en = ground.label(Lang.sv), ground.label(Lang.en)
            if result.screening.value is Screened.screened_out:
                continue
            if ground not in covered:
                gap = ground in gap_grounds
                severity = FlagSeverity.info if gap else FlagSeverity.warning
                self.flag(FlagCode.no_evidence, severity, t(
                    f"{sv}: underlag saknas" + (", men en kunskapslucka med plan är noterad."
                                                if gap else ", och ingen kunskapslucka är "
                                                "noterad."),
                    f"{en}: no evidence" + (" – a data gap is recorded with a plan." if gap
                                            else " and no data gap recorded.")),
                    subject=subject, inputs={"evidence_gap_recorded": gap})
            if not result.is_negative:
                continue
            if not result.actions:
                level_sv = result.inherent.value.label(Lang.sv).lower()
                level_en = result.inherent.value.label(Lang.en).lower()
                self.flag(FlagCode.negative_without_action, FlagSeverity.warning, t(
                    f"{sv}: negativa konsekvenser (nivå {level_sv}) utan "
                    + ("någon beslutad åtgärd som tar bort eller minskar risken."
                       if self.engine2 else "någon fullständig åtgärd (vad, ansvarig, datum)."),
                    f"{en}: negative impact ({level_en}) without "
                    + ("any decided action that removes or reduces the risk."
                       if self.engine2 else "any complete action (what, owner, due date).")),
                    subject=subject, inputs={"inherent": result.inherent.value.value})
            if ground not in consulted:
                self.flag(FlagCode.no_consultation, FlagSeverity.warning, t(
                    f"{sv}: negativa konsekvenser, men inget samråd med de berörda.",
                    f"{en}: negative impact, but no consultation with the groups affected."),
                    subject=subject, inputs={"consulted_grounds": sorted(g.value
                                                                         for g in consulted)})
            if self.engine2:
                self.fitting_figures(result)
                continue
            worse = [gap for gap in self.context if gap.ground is ground and gap.worse_off]
            if worse:
                self.flag(FlagCode.worse_off_group, FlagSeverity.warning,
                          _worse_off_reason(ground, worse), subject=subject,
                          inputs={"indicators": [f"{g.indicator}@{g.area}/{g.period}"
                                                 for g in worse],
                                  "synthetic": any(g.synthetic for g in worse)})
        negatives = [r.ground for r in results if r.is_negative]
        minimum = int(self.scoring.intersectionality_min_grounds.value)
        if len(negatives) >= minimum:
            described = bool(self.a.perspectives.intersectionality.description.strip())
            severity = FlagSeverity.info if described else FlagSeverity.warning
            self.flag(FlagCode.intersectional, severity,
                      t("Förslaget får negativa konsekvenser utifrån flera grunder samtidigt "
                            f"({_names(negatives, Lang.sv)})"
                            + ("." if described else "; beskriv hur de samverkar för de "
                               "människor som berörs."),
                            f"Several grounds are negatively affected together "
                            f"({_names(negatives, Lang.en)})"
                            + ("." if described else "; describe how they combine.")),
                      inputs={"negative_grounds": [g.value for g in negatives],
                              "described": described},
                      parameters={"scoring.intersectionality_min_grounds": minimum})

    def perspective_flags(self) -> None:
        if self.a.is_relevant(Subject.children):
            self.flag(FlagCode.children_affected, FlagSeverity.info, t(
                "Barn kan påverkas. Barnets bästa ska prövas och beaktas i första hand, och barn "
                "ska få komma till tals (barnkonventionen är svensk lag).",
                "Children may be affected: their best interests must be assessed and children "
                "heard (the Convention on the Rights of the Child is Swedish law)."),
                subject=Subject.children, inputs={"screening.children": (
                    self.a.screening[Subject.children].answer.value
                    if Subject.children in self.a.screening else None)})
            if not self.a.perspectives.children.best_interests.strip():
                self.flag(FlagCode.children_best_interests_missing, FlagSeverity.warning, t(
                    "Prövningen av barnets bästa saknas.",
                    "The assessment of the child's best interests is missing."),
                    subject=Subject.children)
            heard = bool(self.a.perspectives.children.childrens_views.strip()) or any(
                c.children for c in self.a.consultations)
            if not heard:
                self.flag(FlagCode.children_not_heard, FlagSeverity.warning, t(
                    "Barnen har inte fått komma till tals: deras egna åsikter har inte tagits "
                    "fram.",
                    "Children's own views have not been sought."), subject=Subject.children)
        consulted = self.a.perspectives.national_minorities.consulted is True or any(
            c.national_minorities for c in self.a.consultations)
        if self.a.is_relevant(Subject.national_minorities) and not consulted:
            self.flag(FlagCode.minorities_not_consulted, FlagSeverity.warning, t(
                "Nationella minoriteter kan påverkas, men inget samråd har hållits med dem (lagen "
                "om nationella minoriteter och minoritetsspråk).",
                "National minorities may be affected but have not been consulted (the Act on "
                "National Minorities and Minority Languages)."),
                subject=Subject.national_minorities)

    def answer_flags(self) -> None:
        """Flags the set attaches to answers (engine 2): cumulative impact, a better alternative
        rejected, groups not reached, children heard only through adults. One flag per code and
        subject: the first reason raised stands."""
        raised = {(flag.code, flag.subject) for flag in self.flags}
        for question in self.qs.questions():
            answer = self.a.answer(question.id)
            if not question.raises or answer is None or not answer.is_answered \
                    or not is_visible(question, self.a):
                continue
            chosen = set(answer.value) if isinstance(answer.value, list) else {answer.value}
            subject = _subject_of(question)
            for rule in question.raises:
                if chosen & set(rule.when) and (rule.flag, subject) not in raised:
                    raised.add((rule.flag, subject))
                    self.flag(rule.flag, rule.severity, rule.reason, subject=subject,
                              inputs={f"answers.{question.id}": answer.value})

    def recorded_only(self) -> list[str]:
        """Answered questions no rule reads: listed, never silently dropped."""
        return [q.id for q in self.qs.questions()
                if not q.is_scored and (answer := self.a.answer(q.id)) is not None
                and answer.is_answered]

    def process_flags(self) -> None:
        if not any(alternative.do_nothing for alternative in self.a.alternatives):
            self.flag(FlagCode.no_do_nothing_alternative, FlagSeverity.info, t(
                "Nollalternativet (att inte göra något) finns inte bland de alternativ som har "
                "övervägts.",
                "Doing nothing is not among the alternatives considered."))
        for action in self.a.actions:
            if not action.is_complete:
                self.flag(FlagCode.action_incomplete, FlagSeverity.warning, t(
                    f"Åtgärden {action.id} saknar ansvarig eller datum och räknas inte.",
                    f"Action {action.id} has no owner or due date and is not counted."),
                    inputs={"action": action.id, "owner": action.owner,
                            "due": action.due.isoformat() if action.due else None})
        if self.a.actions and self.a.follow_up.due is None:
            self.flag(FlagCode.follow_up_date_missing, FlagSeverity.warning, t(
                "Det finns åtgärder men inget datum för uppföljning.",
                "There are actions but no follow-up date."))
        if self.a.previous:
            open_items = [p.description for p in self.a.previous.actions
                          if p.result in (ActionResult.not_done, ActionResult.unknown)]
            if open_items:
                self.flag(FlagCode.previous_actions_not_done, FlagSeverity.warning, t(
                    "Åtgärder från den tidigare analysen som inte är genomförda, eller där det är "
                    "okänt: "
                    + "; ".join(open_items),
                    "Actions of the earlier assessment not done or unknown: "
                    + "; ".join(open_items)), inputs={"actions": open_items})

    # outcome

    def outcome(self, results: list[GroundResult]) -> Explained[Outcome]:
        for rule in self.qs.outcomes.rules:
            matched = _matches(rule.when, results, self.flags)
            if matched is not None:
                details_sv = "; ".join(f"{g.label(Lang.sv)}: {lv.label(Lang.sv).lower()}"
                                       for g, lv in matched)
                details_en = "; ".join(f"{g.label(Lang.en)}: {lv.label(Lang.en).lower()}"
                                       for g, lv in matched)
                return Explained(value=rule.outcome, trace=Trace(
                    rule=f"outcome.{rule.id}",
                    inputs={g.value: lv.value for g, lv in matched},
                    parameters={f"outcomes.{rule.id}": rule.when.model_dump(mode="json",
                                                                            by_alias=True)},
                    reason=t(rule.reason.sv + (f" ({details_sv})" if matched else ""),
                                 rule.reason.en + (f" ({details_en})" if matched else ""))))
        return Explained(value=self.qs.outcomes.default, trace=Trace(
            rule="outcome.default", reason=self.qs.outcomes.default_reason))

    def outcome_flags(self, recommended: Outcome) -> None:
        chosen = self.a.conclusion.chosen_outcome
        if chosen and chosen is not recommended and not self.a.conclusion.justification.strip():
            self.flag(FlagCode.outcome_differs_without_justification, FlagSeverity.blocker, t(
                f"Handläggarens bedömning (”{chosen.label(Lang.sv)}”) skiljer sig från "
                f"verktygets rekommendation (”{recommended.label(Lang.sv)}”) och är inte "
                "motiverad.",
                f"The chosen outcome ({chosen.label(Lang.en).lower()}) differs from the "
                f"recommended one ({recommended.label(Lang.en).lower()}) without a "
                "justification."),
                inputs={"chosen": chosen.value, "recommended": recommended.value})

    def run(self) -> Result:
        self.screening_flags()
        scored = self.check_answers()
        screened = {g: self.screening(Subject.of(g)) for g in Ground}
        results = [self.ground(g, screened[g], scored) for g in Ground]
        self.required_flags(screened)
        self.ground_flags(results)
        self.perspective_flags()
        if self.engine2:
            self.answer_flags()
        self.process_flags()
        recommended = self.outcome(results)
        self.outcome_flags(recommended.value)
        return Result(
            question_set=QuestionSetRef(id=self.qs.id, version=self.qs.version),
            grounds=results, flags=self.flags, recommended_outcome=recommended,
            chosen_outcome=self.a.conclusion.chosen_outcome, unanswered=self.unanswered,
            recorded=self.recorded_only() if self.engine2 else [])


def _matches(condition: ResultCondition, results: list[GroundResult],
             flags: list[Flag]) -> list[tuple[Ground, Level]] | None:
    """The grounds (with their level) that make a condition hold, or None when it does not."""
    negative = [r for r in results if r.is_negative]
    match condition:
        case ResidualAtLeast(residual_at_least=level):
            hits = [(r.ground, r.residual.value) for r in negative if r.residual.value >= level]
            return hits or None
        case InherentAtLeast(inherent_at_least=level):
            hits = [(r.ground, r.inherent.value) for r in negative if r.inherent.value >= level]
            return hits or None
        case NegativeGroundsAtLeast(negative_grounds_at_least=count):
            return [(r.ground, r.residual.value) for r in negative] if len(negative) >= count \
                else None
        case HasFlag(flag=code):
            return [] if any(flag.code == code for flag in flags) else None
        case ResultAll(all=parts):
            found = [_matches(part, results, flags) for part in parts]
            return None if any(f is None for f in found) else [h for f in found if f for h in f]
        case ResultAny(any=parts):
            found = [f for f in (_matches(part, results, flags) for part in parts)
                     if f is not None]
            return [h for f in found for h in f] if found else None
        case ResultNot(not_=inner):
            return [] if _matches(inner, results, flags) is None else None
    raise TypeError(f"unknown condition {condition!r}")


def score(assessment: Assessment, question_set: QuestionSet,
          context: Sequence[GroupGap] | None = None) -> Result:
    """Score an assessment under the question set it was answered with. Pure: same in, same out."""
    if (question_set.id, question_set.version) != (assessment.question_set.id,
                                                   assessment.question_set.version):
        raise ValueError(
            f"assessment {assessment.id} was answered under {assessment.question_set.id} "
            f"{assessment.question_set.version}, not {question_set.id} {question_set.version}")
    return _Scorer(assessment, question_set, context).run()
