"""Plain words: the score told as a politician reads it, in the officer's own words.

Page one of the statement, the app's result page and the score's headline all say who is
affected, what happens to them, how serious it is in words, and what the actions do about it:
never a question id, a point or a threshold (that arithmetic stays in the traces, shown in the
statement's annex and by `eia assessments score --explain`). Pure: no I/O, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eia.i18n import Lang
from eia.model import (
    Action,
    ActionEffect,
    Assessment,
    Direction,
    Ground,
    Impact,
    Level,
    Likelihood,
    Severity,
    Subject,
)
from eia.questions.schema import QuestionSet
from eia.rules import Flag, GroundResult, Result, Screened
from eia.statement.texts import tx

WHO_CHARS = 70
"""The officer's name for the group, at most: a subject, not a paragraph."""
WHAT_CHARS = 120
"""The first sentence of the officer's description of the harm, at most."""
ACTION_CHARS = 50
"""An action quoted in a sentence, at most; the actions table has it in full."""
ACTIONS_NAMED = 2
"""Actions quoted in one sentence; more are counted ("and 2 more")."""
REASON_CHARS = 60
"""A screening reason quoted on page one, at most; the annex has it in full."""
QUESTION_CHARS = 60
"""A question quoted in place of its id, at most."""
DEFAULT_RULE = "outcome.default"
"""The trace rule of the set's default outcome: no outcome rule held."""


def _say(key: str, lang: Lang, **values: object) -> str:
    """A template filled in; an officer's text cut short ends in '…', never '….'."""
    return tx(key, lang, **values).replace("….", "…")


# --- officer text, trimmed ------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[:match.end()] if match else text


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word where it can be, ending in '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"


def officer_words(text: str, limit: int) -> str:
    """The officer's first sentence, at most `limit` characters, without its full stop (the
    template adds its own); empty when the officer wrote nothing."""
    return shorten(first_sentence(" ".join(text.split())), limit).rstrip(" .;:,")


# --- who, what, and what the actions do -------------------------------------------------------


def _who(assessment: Assessment, ground: Ground, lang: Lang) -> str:
    """The group as the officer named it: their own words first, then the groups picked from
    the breakdown categories, else the ground itself (saying the group is not named)."""
    impact = assessment.impacts.get(ground)
    if impact is not None:
        if words := officer_words(impact.groups, WHO_CHARS):
            return words
        labels = [group.label for group in impact.affected_groups]
        if labels:
            return shorten(", ".join(labels), WHO_CHARS)
    return _say("pw_who_missing", lang, ground=ground.label(lang).lower())


def _impact(assessment: Assessment, ground: Ground, lang: Lang) -> str:
    impact = assessment.impacts.get(ground)
    what = officer_words(impact.description, WHAT_CHARS) if impact else ""
    return _say("pw_impact", lang, who=_who(assessment, ground, lang),
                what=what or _say("pw_what_missing", lang))


def _quoted(actions: list[Action], lang: Lang) -> str:
    """'“A”', '“A” and “B”', or '“A”, “B” and 2 more' in the officer's words."""
    named = [_say("pw_quoted", lang, text=officer_words(a.description, ACTION_CHARS))
             for a in actions[:ACTIONS_NAMED]]
    more = len(actions) - ACTIONS_NAMED
    if more > 0:
        named.append(_say("and_more", lang, n=more))
    if len(named) == 1:
        return named[0]
    return _say("pw_and", lang, first=", ".join(named[:-1]), second=named[-1])


def _why_not_counted(action: Action, ground: Ground) -> str | None:
    """The text key saying why an action on the ground lowers nothing (the first that holds, in
    the rules' terms), or None when it would: the rules name only the strongest of several."""
    effect = action.effect_on(ground)
    if not action.is_complete:
        return "pw_why_incomplete"
    if effect is None:
        return "pw_why_effect_unknown"
    if effect is ActionEffect.no_change:
        return "pw_why_no_change"
    if not action.decided:
        return "pw_why_not_decided"
    if action.funded is False:
        return "pw_why_not_funded"
    return None


def _level(level: Level, lang: Lang) -> str:
    return level.label(lang).lower()


def _change(assessment: Assessment, result: GroundResult, lang: Lang) -> str:
    """What the level is and what the actions do to it, in words."""
    before, after = result.inherent.value, result.residual.value
    lowering = [a for a in assessment.actions if a.id in result.actions]
    if before is Level.none:
        return _say("pw_unrated", lang)
    if lowering and after < before:
        key = "pw_removed" if after is Level.none else "pw_lowered"
        return _say(key, lang, before=_level(before, lang), after=_level(after, lang),
                    actions=_quoted(lowering, lang))
    if after != before:
        return _say("pw_judged", lang, before=_level(before, lang), after=_level(after, lang))
    for action in assessment.actions_for(result.ground):
        why = None if action.id in result.actions else _why_not_counted(action, result.ground)
        if why is not None:
            return _say("pw_kept_pending", lang, before=_level(before, lang),
                        action=_quoted([action], lang), why=_say(why, lang))
    return _say("pw_kept", lang, before=_level(before, lang))


# --- per ground and the headline ----------------------------------------------------------------


def ground_sentence(assessment: Assessment, result: GroundResult, lang: Lang | str) -> str:
    """One ground in plain words: who, what happens, the level before → after in words, and
    which action lowered it or that none does."""
    lang = Lang(lang)
    if result.screening.value is Screened.screened_out:
        entry = assessment.screening.get(Subject.of(result.ground))
        reason = officer_words(entry.reason, REASON_CHARS) if entry else ""
        return _say("pw_screened_out", lang, reason=reason or _say("dash", lang))
    direction = result.direction.value
    if direction is None:
        return _say("pw_no_impact", lang)
    impact = _impact(assessment, result.ground, lang)
    if direction is Direction.positive:
        return f"{impact} {_say('pw_positive', lang)}"
    if direction is Direction.neutral:
        return f"{impact} {_say('pw_neutral', lang)}"
    return f"{impact} {_change(assessment, result, lang)}"


def _rank(member: Severity | Likelihood | None) -> int:
    """1 for the mildest rating, up by one a step; 0 when not rated."""
    return 0 if member is None else list(type(member)).index(member) + 1


def driving_ground(assessment: Assessment, result: Result) -> GroundResult | None:
    """The ground that drives the outcome: the highest level left after the actions, then the
    highest before them, then the officer's gravest rating (severity, likelihood, people
    affected), then the Act's order; None when no ground is harmed. A minor harm is never named
    while a graver one stands."""
    def weight(g: GroundResult) -> tuple[int, ...]:
        impact = assessment.impacts.get(g.ground) or Impact()
        return (g.residual.value.rank, g.inherent.value.rank,
                _rank(impact.severity), _rank(impact.likelihood),
                impact.people_affected or 0)

    harmed = [g for g in result.grounds if g.is_negative
              and g.screening.value is not Screened.screened_out]
    return max(harmed, key=weight, default=None)


def headline(assessment: Assessment, result: Result, lang: Lang | str) -> str:
    """The recommended outcome's reason: the driving ground's group and harm in the officer's
    words, what the actions do, and so what the rules recommend."""
    lang = Lang(lang)
    outcome = result.recommended_outcome
    driver = driving_ground(assessment, result)
    sentence = (_say("pw_no_harm", lang) if driver is None
                else ground_sentence(assessment, driver, lang))
    follows = outcome.trace.rule == DEFAULT_RULE or (
        driver is not None and driver.ground.value in outcome.trace.inputs)
    if not follows:
        # a rule of the set that weighs something else than the grounds' levels: say which
        return _say("pw_rule", lang, sentence=sentence, outcome=outcome.value.label(lang),
                    reason=outcome.trace.reason(lang))
    return _say("pw_so", lang, sentence=sentence,
                outcome=_say(f"pw_so_{outcome.value.value}", lang))


def flag_sentence(flag: Flag, assessment: Assessment, question_set: QuestionSet,
                  lang: Lang | str) -> str:
    """The first sentence of a flag's reason, with the question and action ids it names put as
    their words (a reader of page one knows "Is booking digital only?", not an id)."""
    lang = Lang(lang)
    text = first_sentence(flag.reason(lang))
    named = sorted((q for q in question_set.questions() if q.id in text),
                   key=lambda q: len(q.id), reverse=True)  # age.x_y before age.x
    for question in named:
        words = _say("pw_quoted", lang, text=shorten(question.text(lang), QUESTION_CHARS))
        text = re.sub(rf"(?<![\w.]){re.escape(question.id)}(?![\w.])", lambda _, w=words: w,
                      text)
    action = next((a for a in assessment.actions if a.id == flag.trace.inputs.get("action")),
                  None)
    if action is not None:
        quoted = _quoted([action], lang)
        text = re.sub(rf"\b{re.escape(action.id)}\b", lambda _: quoted, text)
    return text


@dataclass(frozen=True)
class PlainWords:
    """The score in plain words, in one language: what page one and the app's result page
    show. `grounds` is in the Act's order and holds every ground."""

    headline: str
    grounds: dict[Ground, str]


def plain_words(assessment: Assessment, result: Result, lang: Lang | str) -> PlainWords:
    """The headline and one sentence per ground, for a scored assessment."""
    return PlainWords(headline=headline(assessment, result, lang),
                      grounds={g.ground: ground_sentence(assessment, g, lang)
                               for g in result.grounds})
