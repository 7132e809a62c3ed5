"""Page one: what a politician reads in two minutes. Its lists are cut to the caps below,
and what is left out is counted in `Summary.more`; the annex always holds everything."""

from __future__ import annotations

from collections.abc import Sequence

from eia.flags import FlagCode, FlagSeverity
from eia.plain_words import PlainWords, flag_sentence, plain_words, shorten
from eia.rules import Flag
from eia.statement.content.source import SEVERITY_ORDER, Source, date_text, or_dash
from eia.statement.model import (
    Bullets,
    KeyValues,
    Summary,
    Table,
)

# --- page one caps: a politician's two minutes on one A4 page at 9–10 pt -----------------------

MAX_ACTIONS = 6
"""Action rows on page one; the rest are counted in a `more` line."""
MAX_GAPS = 5
"""Evidence-gap bullets on page one (the unanswered-questions count is always first)."""
MAX_FLAGS = 6
"""Flag bullets on page one, one per kind of flag (same kind on several grounds: one bullet)."""
ACTION_CHARS = 110
BULLET_CHARS = 170
REASON_CHARS = 260
AREAS_CHARS = 150
# --- page one -------------------------------------------------------------------------------


def decision_rows(src: Source) -> KeyValues:
    d = src.assessment.decision
    return KeyValues(rows=[
        (src.tx("decision"), d.title or src.tx("untitled")),
        (src.tx("diary_number"), or_dash(d.diary_number, src)),
        (src.tx("committee"), or_dash(d.committee, src)),
        (src.tx("meeting_date"), date_text(d.meeting_date, src)),
        (src.tx("department"), or_dash(d.department, src)),
        (src.tx("case_officer"), or_dash(", ".join(o.name for o in src.assessment.officers),
                                         src)),
        (src.tx("status"), src.label(src.assessment.status)),
        (src.tx("affected_areas"), shorten(src.areas(), AREAS_CHARS)
         or src.tx("dash")),
    ])


def _chosen_reason(src: Source) -> str:
    chosen, recommended = src.result.chosen_outcome, src.result.recommended_outcome.value
    justification = src.assessment.conclusion.justification
    if chosen is None or chosen is recommended:
        return src.tx("same_as_recommended") if chosen else src.tx("dash")
    if not justification.strip():
        return src.tx("no_justification")
    short = shorten(justification, REASON_CHARS)
    return short if short == " ".join(justification.split()) else f"{short} {src.tx('see_annex')}"


def _outcome_table(src: Source, words: PlainWords) -> Table:
    """The recommended outcome with its reason in plain words, and the officer's choice."""
    recommended = src.result.recommended_outcome
    chosen = src.result.chosen_outcome
    return Table(
        columns=[src.tx("col_by"), src.tx("col_outcome"), src.tx("col_reason")],
        rows=[
            [src.tx("recommended_by_rules"), src.label(recommended.value), words.headline],
            [src.tx("chosen_by_officer"), src.label(chosen) if chosen else src.tx("not_chosen"),
             _chosen_reason(src)],
        ],
        widths=[1.7, 2, 6.3], caption=src.tx("outcome_caption"))


def _outcome_note(src: Source) -> str:
    """Said in words when the officer has not chosen the recommended outcome; when they have,
    the table says so and a note would only take room on a full page."""
    recommended = src.result.recommended_outcome.value
    chosen = src.result.chosen_outcome
    first = src.tx("note_recommended", outcome=src.label(recommended))
    if chosen is recommended:
        return ""
    if chosen is None:
        second = src.tx("note_not_chosen")
    elif src.assessment.conclusion.justification.strip():
        second = src.tx("note_differs", outcome=src.label(chosen))
    else:
        second = src.tx("note_unjustified", outcome=src.label(chosen))
    return f"{first} {second}"


def _grounds_table(src: Source, words: PlainWords) -> Table:
    """Each ground in one plain sentence: who, what happens, the level before and after the
    actions in words and which action lowered it, in the officer's words (the arithmetic is in
    the annex)."""
    return Table(columns=[src.tx("col_ground"), src.tx("col_plain")],
                 rows=[[src.label(g.ground), words.grounds[g.ground]] for g in src.result.grounds],
                 widths=[2, 9], caption=src.tx("grounds_caption"))


def _actions_table(src: Source) -> tuple[Table, list[str]]:
    """What is done, by whom and when; which ground each action helps is said in the grounds'
    sentences above (and listed in the annex)."""
    actions = src.assessment.actions
    rows = [[shorten(action.description, ACTION_CHARS), action.owner or src.tx("missing"),
             action.due.isoformat() if action.due else src.tx("missing")]
            for action in actions[:MAX_ACTIONS]]
    if not rows:
        rows = [[src.tx("no_actions"), src.tx("dash"), src.tx("dash")]]
    more = len(actions) - MAX_ACTIONS
    table = Table(columns=[src.tx("col_what"), src.tx("col_owner"), src.tx("col_due")],
                  rows=rows, widths=[6.5, 3, 1.5], caption=src.tx("actions_caption"))
    return table, [src.tx("more_actions", n=more)] if more > 0 else []


def _evidence_gaps(src: Source) -> tuple[Bullets, list[str]]:
    """Unanswered questions first (they never vanish), then the officer's, then the data's."""
    items: list[str] = []
    if src.result.unanswered:
        items.append(_unanswered_count(src))
    for gap in src.assessment.evidence.gaps:
        text = src.tx("gap_item", description=gap.description.strip().rstrip("."),
                    plan=gap.plan.strip().rstrip(".") or src.tx("no_plan"),
                    due=date_text(gap.due, src))
        items.append(shorten(text, BULLET_CHARS))
    if src.context is not None:
        if src.context.unmatched:
            items.append(shorten(src.tx("unmatched_areas", names=", ".join(src.context.unmatched)),
                                  BULLET_CHARS))
        items += [shorten(gap.reason(src.lang), BULLET_CHARS)
                  for ground in src.context.grounds for gap in ground.gaps]
    if not items:
        return Bullets(items=[src.tx("no_gaps")], caption=src.tx("summary_gaps_caption")), []
    more = len(items) - MAX_GAPS
    gaps = Bullets(items=items[:MAX_GAPS], caption=src.tx("summary_gaps_caption"))
    return gaps, [src.tx("more_gaps", n=more)] if more > 0 else []


def _flag_groups(flags: Sequence[Flag]) -> list[list[Flag]]:
    """Flags of one kind together (worse off on five grounds is one line), blockers first."""
    groups: dict[tuple[FlagSeverity, FlagCode], list[Flag]] = {}
    for flag in flags:
        groups.setdefault((flag.severity, flag.code), []).append(flag)
    return sorted(groups.values(), key=lambda group: SEVERITY_ORDER.index(group[0].severity))


def _unanswered_count(src: Source) -> str:
    count = len(src.result.unanswered)
    return src.tx("unanswered_one") if count == 1 else src.tx("unanswered_many", n=count)


def _flag_line(src: Source, group: list[Flag]) -> str:
    """'Severity – kind: reason' in words; one kind on several grounds names the grounds."""
    first = group[0]
    subjects = [flag.subject for flag in group if flag.subject is not None]
    if len(group) > 1 and len(subjects) == len(group):
        reason = src.names(subjects)
    elif first.code is FlagCode.required_unanswered and src.result.unanswered:
        reason = _unanswered_count(src)  # the rules' reason lists ids; the annex lists texts
    else:
        reason = flag_sentence(first, src.assessment, src.question_set, src.lang)
        if len(group) > 1:
            reason += f" ({src.tx('and_more', n=len(group) - 1)})"
    if any(flag.rests_on_synthetic for flag in group):
        reason += f" ({src.tx('rests_on_synthetic')})"
    line = src.tx("flag_item", severity=src.label(first.severity),
                  label=src.label(first.code), reason=reason)
    return shorten(line, BULLET_CHARS)


def _flags(src: Source) -> tuple[Bullets, list[str]]:
    groups = _flag_groups(src.result.flags)
    if not groups:
        return Bullets(items=[src.tx("no_flags")], caption=src.tx("summary_flags_caption")), []
    shown = groups[:MAX_FLAGS]
    hidden = sum(len(group) for group in groups[MAX_FLAGS:])
    more = [src.tx("more_flags", n=hidden)] if hidden else []
    return Bullets(items=[_flag_line(src, group) for group in shown],
                   caption=src.tx("summary_flags_caption")), more


def build_summary(src: Source) -> Summary:
    words = plain_words(src.assessment, src.result, src.lang)
    actions, more_actions = _actions_table(src)
    gaps, more_gaps = _evidence_gaps(src)
    flags, more_flags = _flags(src)
    return Summary(heading=src.tx("heading"), decision=decision_rows(src),
                   outcome=_outcome_table(src, words), outcome_note=_outcome_note(src),
                   grounds=_grounds_table(src, words), actions=actions, evidence_gaps=gaps,
                   flags=flags,
                   more=[*more_actions, *more_gaps, *more_flags],
                   synthetic=any(flag.rests_on_synthetic for flag in src.result.flags))

