"""What changed between two versions of a question set, for the people who approve a new one.

Pure: two checked sets in, a list of changes out. Each change names what it touches (a question,
`question.option`, a parameter path such as `scoring.thresholds.high`, an outcome rule), holds
the old and the new value, and says it in one line in Swedish and English. Questions, options
and rules are matched by id, so a reworded question reads as reworded, not as removed and added.
Nothing is left out: a change of a question's field without a kind of its own is `changed`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, JsonValue
from pydantic_core import to_jsonable_python

from eia.i18n import Lang, Text, format_number, t
from eia.questions.schema import Option, Question, QuestionSet

_UNSCORED = ("description", "reference", "unit")
"""A parameter's documentation: shown with it, but no change of what the rules compute."""
_LONGEST = 120
"""Characters of a structured value (a condition, a list) a one-line description shows."""


class ChangeKind(StrEnum):
    question_added = "question_added"
    question_removed = "question_removed"
    question_reworded = "question_reworded"
    question_moved = "question_moved"
    required_changed = "required_changed"
    show_if_changed = "show_if_changed"
    question_changed = "question_changed"
    option_added = "option_added"
    option_removed = "option_removed"
    option_relabelled = "option_relabelled"
    option_score_changed = "option_score_changed"
    option_changed = "option_changed"
    parameter_changed = "parameter_changed"
    outcome_rule_added = "outcome_rule_added"
    outcome_rule_removed = "outcome_rule_removed"
    outcome_rule_changed = "outcome_rule_changed"
    outcome_rules_reordered = "outcome_rules_reordered"
    text_changed = "text_changed"


class SetChange(BaseModel):
    """One change: what it touches (`target`, and which of its fields), before and after."""

    model_config = ConfigDict(frozen=True)

    kind: ChangeKind
    target: str
    field: str = ""
    old: JsonValue = None
    new: JsonValue = None
    description: Text


class SetDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    set_id: str
    old_version: str
    new_version: str
    changes: list[SetChange]

    def of_kind(self, *kinds: ChangeKind) -> list[SetChange]:
        return [change for change in self.changes if change.kind in kinds]

    def find(self, kind: ChangeKind, target: str, field: str = "") -> SetChange | None:
        """The change of this kind to this target (and field), if there is one."""
        return next((change for change in self.changes if change.kind is kind
                     and change.target == target and (not field or change.field == field)), None)


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"sv", "en"}


def _show(value: Any, lang: Lang) -> str:
    """A value as a reader of the language writes it, compact, for a one-line description."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return {(True, Lang.sv): "ja", (False, Lang.sv): "nej"}.get((value, lang), str(value))
    if isinstance(value, int | float):
        return format_number(value, lang)
    if _is_text(value):
        return f"“{' '.join(value[lang.value].split())}”"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        return text if len(text) <= _LONGEST else f"{text[:_LONGEST - 1]}…"
    return str(value)


def _tail(old: Any, new: Any, lang: Lang) -> str:
    """`old → new`; for a text in both languages, only which of them changed (it may be long)."""
    if _is_text(old) and _is_text(new):
        changed = ", ".join(code for code in ("sv", "en") if old[code] != new[code])
        return f"{'ändrad på' if lang is Lang.sv else 'changed in'} {changed}"
    return f"{_show(old, lang)} → {_show(new, lang)}"


def _change(kind: ChangeKind, target: str, old: Any, new: Any, sv: str, en: str,
            field: str = "", *, arrow: bool = True) -> SetChange:
    """A change described in one line per language, ending in what it was and became."""
    if arrow:
        sv, en = f"{sv}: {_tail(old, new, Lang.sv)}", f"{en}: {_tail(old, new, Lang.en)}"
    return SetChange(kind=kind, target=target, field=field, old=old, new=new,
                     description=t(sv, en))


def _dump(value: Any) -> Any:
    """A part of the set as plain JSON data, written as in the YAML (`in`, `not`)."""
    return to_jsonable_python(value, by_alias=True, exclude_none=True)


# --- questions and options -------------------------------------------------------------------


def _where(question_set: QuestionSet) -> dict[str, tuple[str, Question]]:
    return {question.id: (section.id, question)
            for section in question_set.sections for question in section.questions}


_QUESTION_FIELDS = {
    "text": ChangeKind.question_reworded, "help": ChangeKind.question_reworded,
    "required": ChangeKind.required_changed, "show_if": ChangeKind.show_if_changed}
_QUESTION_WORDS = {
    ChangeKind.question_reworded: ("ny formulering", "reworded"),
    ChangeKind.required_changed: ("obligatorisk", "required"),
    ChangeKind.show_if_changed: ("nytt villkor för när den visas", "new show_if condition"),
    ChangeKind.question_changed: ("ändrat fält", "changed field"),
}


def _question_changes(old: Question, new: Question) -> Iterator[SetChange]:
    for field in Question.model_fields:
        if field in ("id", "options"):
            continue
        before, after = _dump(getattr(old, field)), _dump(getattr(new, field))
        if before == after:
            continue
        kind = _QUESTION_FIELDS.get(field, ChangeKind.question_changed)
        sv, en = _QUESTION_WORDS[kind]
        yield _change(kind, old.id, before, after, f"Fråga {old.id}, {sv} ({field})",
                      f"Question {old.id}, {en} ({field})", field)
    yield from _option_changes(old, new)


def _option_changes(old: Question, new: Question) -> Iterator[SetChange]:
    before = {option.value: option for option in old.options}
    after = {option.value: option for option in new.options}
    for value in before.keys() - after.keys():
        yield _change(ChangeKind.option_removed, f"{old.id}.{value}",
                      _dump(before[value].label), None,
                      f"Svarsalternativ {value} borttaget ur fråga {old.id}",
                      f"Option {value} removed from question {old.id}", arrow=False)
    for value, option in after.items():
        if value not in before:
            yield _change(ChangeKind.option_added, f"{old.id}.{value}", None, _dump(option.label),
                          f"Nytt svarsalternativ {value} i fråga {old.id}",
                          f"New option {value} in question {old.id}", arrow=False)
            continue
        yield from _one_option(old.id, before[value], option)


def _one_option(question_id: str, old: Option, new: Option) -> Iterator[SetChange]:
    target = f"{question_id}.{old.value}"
    for field in Option.model_fields:
        before, after = _dump(getattr(old, field)), _dump(getattr(new, field))
        if field == "value" or before == after:
            continue
        kind = {"label": ChangeKind.option_relabelled, "help": ChangeKind.option_relabelled,
                "score": ChangeKind.option_score_changed}.get(field, ChangeKind.option_changed)
        yield _change(kind, target, before, after, f"Svarsalternativ {target}, {field}",
                      f"Option {target}, {field}", field)


def _questions(old: QuestionSet, new: QuestionSet) -> Iterator[SetChange]:
    before, after = _where(old), _where(new)
    for question_id, (section, question) in before.items():
        if question_id not in after:
            yield _change(ChangeKind.question_removed, question_id, _dump(question.text), None,
                          f"Fråga {question_id} borttagen ur avsnittet {section}",
                          f"Question {question_id} removed from section {section}", arrow=False)
    for question_id, (section, question) in after.items():
        if question_id not in before:
            yield _change(ChangeKind.question_added, question_id, None, _dump(question.text),
                          f"Ny fråga {question_id} i avsnittet {section}",
                          f"New question {question_id} in section {section}", arrow=False)
            continue
        old_section, old_question = before[question_id]
        if old_section != section:
            yield _change(ChangeKind.question_moved, question_id, old_section, section,
                          f"Fråga {question_id} flyttad till ett annat avsnitt",
                          f"Question {question_id} moved to another section", "section")
        yield from _question_changes(old_question, question)


# --- parameters, rules and texts -------------------------------------------------------------


def _leaves(value: Any, path: str) -> dict[str, Any]:
    """Every number or word the rules read, by dotted path (a parameter by its own path)."""
    if not isinstance(value, dict):
        return {path: value}
    kept = {name: item for name, item in value.items() if name not in _UNSCORED}
    if set(kept) == {"value"}:
        return {path: kept["value"]}
    return {key: leaf for name, item in kept.items()
            for key, leaf in _leaves(item, f"{path}.{name}").items()}


def _parameters(old: QuestionSet, new: QuestionSet) -> Iterator[SetChange]:
    before = _leaves(_dump(old.scoring), "scoring")
    after = _leaves(_dump(new.scoring), "scoring")
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) != after.get(path):
            yield _change(ChangeKind.parameter_changed, path, before.get(path), after.get(path),
                          f"Parametern {path}", f"Parameter {path}")


def _outcomes(old: QuestionSet, new: QuestionSet) -> Iterator[SetChange]:
    before = {rule.id: rule for rule in old.outcomes.rules}
    after = {rule.id: rule for rule in new.outcomes.rules}
    for rule_id in before.keys() - after.keys():
        yield _change(ChangeKind.outcome_rule_removed, rule_id, _dump(before[rule_id].when),
                      None, f"Utfallsregeln {rule_id} borttagen",
                      f"Outcome rule {rule_id} removed", arrow=False)
    for rule_id, rule in after.items():
        if rule_id not in before:
            yield _change(ChangeKind.outcome_rule_added, rule_id, None, _dump(rule.when),
                          f"Ny utfallsregel {rule_id}", f"New outcome rule {rule_id}", arrow=False)
            continue
        for field in ("outcome", "when", "reason"):
            was, now = _dump(getattr(before[rule_id], field)), _dump(getattr(rule, field))
            if was != now:
                yield _change(ChangeKind.outcome_rule_changed, rule_id, was, now,
                              f"Utfallsregeln {rule_id}, {field}",
                              f"Outcome rule {rule_id}, {field}", field)
    kept_before = [rule_id for rule_id in before if rule_id in after]
    kept_after = [rule_id for rule_id in after if rule_id in before]
    if kept_before != kept_after:
        yield _change(ChangeKind.outcome_rules_reordered, "outcomes.rules", kept_before,
                      kept_after, "Utfallsreglerna prövas i ny ordning",
                      "Outcome rules are tried in a new order")
    for field in ("default", "default_reason"):
        was, now = _dump(getattr(old.outcomes, field)), _dump(getattr(new.outcomes, field))
        if was != now:
            yield _change(ChangeKind.outcome_rule_changed, f"outcomes.{field}", was, now,
                          f"Utfallet när ingen regel gäller ({field})",
                          f"Outcome when no rule holds ({field})", field)


def _texts(old: QuestionSet, new: QuestionSet) -> Iterator[SetChange]:
    """The set's own title and description, screening prompts and section texts."""
    def texts(question_set: QuestionSet) -> dict[str, Any]:
        found = {"title": _dump(question_set.title),
                 "description": _dump(question_set.description)}
        found |= {f"screening.{subject.value}": _dump(prompt)
                  for subject, prompt in question_set.screening.items()}
        found |= {f"sections.{section.id}": _dump(section.model_copy(update={"questions": []}))
                  for section in question_set.sections}
        return found

    before, after = texts(old), texts(new)
    for target in sorted(before.keys() | after.keys()):
        if before.get(target) != after.get(target):
            yield _change(ChangeKind.text_changed, target, before.get(target),
                          after.get(target), f"Ny text i {target}", f"New text in {target}",
                          arrow=False)


def diff_sets(old: QuestionSet, new: QuestionSet) -> SetDiff:
    """Every change from `old` to `new`: questions, options, parameters, rules and texts."""
    changes = [*_questions(old, new), *_parameters(old, new), *_outcomes(old, new),
               *_texts(old, new)]
    return SetDiff(set_id=new.id, old_version=old.version, new_version=new.version,
                   changes=changes)
