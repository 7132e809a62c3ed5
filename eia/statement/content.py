"""Statement content: the assessment, its score and its context turned into the Statement model.

`build_statement` is pure (no I/O, no clock): the same inputs give an equal Statement, so a
statement can be rebuilt and compared at any time. Every word is final text in one language;
the PDF, Word and Markdown renderers only draw it. User text is carried as typed (the renderers
escape it); only page one shortens it, and the annex always holds it in full.

Page one must fit one A4 page, so its lists are cut (see the caps below) and what is left out is
counted in `Summary.more`. Nothing the officer answered is dropped from the annex: unanswered
required questions are listed by their text, every flag with its full reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date

from pydantic import JsonValue

from eia.chart_rows import without_mirrors
from eia.context.assessment import AssessmentContext
from eia.context.model import CATEGORIES, Dimension, Figure, Measure
from eia.context.queries import GROUND_DIMENSION
from eia.flags import FlagCode, FlagSeverity
from eia.i18n import Lang, format_number
from eia.model import (
    Assessment,
    Ground,
    LabelledEnum,
    Perspective,
    ScreeningAnswer,
    Subject,
)
from eia.questions.conditions import is_visible
from eia.questions.schema import Kind, Question, QuestionSet, Step
from eia.questions.schema import Section as QuestionSection
from eia.rules import Flag, GroundResult, Result, Screened, Trace
from eia.statement.fingerprint import token_of
from eia.statement.model import (
    Block,
    Bullets,
    Chart,
    Fingerprint,
    KeyValues,
    PageTexts,
    Paragraph,
    Section,
    Statement,
    Summary,
    Table,
)
from eia.statement.texts import tx

# --- page one caps: a politician's two minutes on one A4 page at 9–10 pt -----------------------

MAX_ACTIONS = 6
"""Action rows on page one; the rest are counted in a `more` line."""
MAX_GAPS = 5
"""Evidence-gap bullets on page one (the unanswered-questions count is always first)."""
MAX_FLAGS = 6
"""Flag bullets on page one, one per kind of flag (same kind on several grounds: one bullet)."""
SCREENING_REASON_CHARS = 60
ACTION_CHARS = 110
BULLET_CHARS = 170
REASON_CHARS = 260
AREAS_CHARS = 150

# --- charts ---------------------------------------------------------------------------------

MAX_CHARTS = 2
"""Charts per relevant ground in the evidence annex: the two most telling (cited, real, listed
beside the ground's questions, worse off) say what a reader needs; more would only lengthen the
annex (and each costs about 80 ms to draw)."""
MAX_CHART_ROWS = 10
"""Comparisons per chart: more would not be read, and the PDF page has a height."""

SEVERITY_ORDER = (FlagSeverity.blocker, FlagSeverity.warning, FlagSeverity.info)


@dataclass(frozen=True)
class _Build:
    """One build's inputs, so each section function takes one argument."""

    a: Assessment
    qs: QuestionSet
    r: Result
    ctx: AssessmentContext | None
    lang: Lang
    tool_version: str

    def tx(self, key: str, **values: object) -> str:
        return tx(key, self.lang, **values)

    def label(self, member: LabelledEnum | None) -> str:
        return self.tx("dash") if member is None else member.label(self.lang)

    def names(self, members: Iterable[LabelledEnum]) -> str:
        return ", ".join(member.label(self.lang) for member in members) or self.tx("dash")

    def relevant(self) -> list[GroundResult]:
        """Grounds not validly screened out, in the Act's order (as the rules count them)."""
        return [g for g in self.r.grounds if g.screening.value is not Screened.screened_out]


# --- small helpers ----------------------------------------------------------------------------


def _or_dash(text: str, b: _Build) -> str:
    return text if text.strip() else b.tx("dash")


def _date(value: date | None, b: _Build) -> str:
    return value.isoformat() if value else b.tx("dash")


def _shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word where it can be, ending in '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"


_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def _first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[:match.end()] if match else text


def _json(value: JsonValue) -> str:
    """A value the rules read, as a reader writes it: 9, not 9.0; a mapping as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- answers ------------------------------------------------------------------------------


def _answer_text(b: _Build, question: Question) -> str:
    """The answer in words: option labels, 'n of max' for a scale, typed text as typed."""
    answer = b.a.answer(question.id)
    if answer is None or not answer.is_answered:
        return b.tx("unanswered_required") if question.id in b.r.unanswered else b.tx("dash")
    value = answer.value
    if question.kind in (Kind.choice, Kind.yes_no, Kind.multi_choice):
        values = value if isinstance(value, list) else [value]
        words = []
        for item in values:
            option = question.option(item) if isinstance(item, str) else None
            words.append(option.label(b.lang) if option else b.tx("invalid_value",
                                                                  value=_json(item)))
        return "; ".join(words)
    if question.kind is Kind.scale and question.scale and isinstance(value, int) \
            and not isinstance(value, bool):
        return b.tx("scale_value", value=value, max=question.scale.max)
    if isinstance(value, bool):
        return b.tx("yes" if value else "no")
    if isinstance(value, int | float):
        return format_number(value, b.lang)
    return value if isinstance(value, str) else _json(value)


def _answers_table(b: _Build, sections: Sequence[QuestionSection]) -> list[Block]:
    """One table per section of the set: question text, answer, note; hidden questions left out."""
    blocks: list[Block] = []
    for section in sections:
        rows = []
        for question in section.questions:
            if not is_visible(question, b.a):
                continue
            answer = b.a.answer(question.id)
            rows.append([question.text(b.lang), _answer_text(b, question),
                         answer.note if answer else ""])
        if rows:
            blocks.append(Table(
                columns=[b.tx("col_question"), b.tx("col_answer"), b.tx("col_note")],
                rows=rows, widths=[5, 3, 3],
                caption=b.tx("answers_caption", section=section.title(b.lang))))
    return blocks


def _sections_of(b: _Build, *steps: Step) -> list[QuestionSection]:
    return [section for step in steps for section in b.qs.sections_for(step)]


# --- page one -------------------------------------------------------------------------------


def _decision_rows(b: _Build) -> KeyValues:
    d = b.a.decision
    return KeyValues(rows=[
        (b.tx("decision"), d.title or b.tx("untitled")),
        (b.tx("diary_number"), _or_dash(d.diary_number, b)),
        (b.tx("committee"), _or_dash(d.committee, b)),
        (b.tx("meeting_date"), _date(d.meeting_date, b)),
        (b.tx("department"), _or_dash(d.department, b)),
        (b.tx("case_officer"), _or_dash(d.case_officer, b)),
        (b.tx("status"), b.label(b.a.status)),
        (b.tx("affected_areas"), _shorten(", ".join(d.affected_areas), AREAS_CHARS)
         or b.tx("dash")),
    ])


def _chosen_reason(b: _Build) -> str:
    chosen, recommended = b.r.chosen_outcome, b.r.recommended_outcome.value
    justification = b.a.conclusion.justification
    if chosen is None or chosen is recommended:
        return b.tx("same_as_recommended") if chosen else b.tx("dash")
    if not justification.strip():
        return b.tx("no_justification")
    short = _shorten(justification, REASON_CHARS)
    return short if short == " ".join(justification.split()) else f"{short} {b.tx('see_annex')}"


def _outcome_table(b: _Build) -> Table:
    recommended = b.r.recommended_outcome
    chosen = b.r.chosen_outcome
    return Table(
        columns=[b.tx("col_by"), b.tx("col_outcome"), b.tx("col_reason")],
        rows=[
            [b.tx("recommended_by_rules"), b.label(recommended.value),
             _shorten(recommended.trace.reason(b.lang), REASON_CHARS)],
            [b.tx("chosen_by_officer"), b.label(chosen) if chosen else b.tx("not_chosen"),
             _chosen_reason(b)],
        ],
        widths=[2, 2, 5], caption=b.tx("outcome_caption"))


def _outcome_note(b: _Build) -> str:
    recommended = b.r.recommended_outcome.value
    chosen = b.r.chosen_outcome
    first = b.tx("note_recommended", outcome=b.label(recommended))
    if chosen is None:
        second = b.tx("note_not_chosen")
    elif chosen is recommended:
        second = b.tx("note_same")
    elif b.a.conclusion.justification.strip():
        second = b.tx("note_differs", outcome=b.label(chosen))
    else:
        second = b.tx("note_unjustified", outcome=b.label(chosen))
    return f"{first} {second}"


def _screening_cell(b: _Build, result: GroundResult) -> str:
    """'Relevant: reason…' / 'Screened out: reason…' in words, short enough for one line."""
    entry = b.a.screening.get(Subject.of(result.ground))
    word = b.label(result.screening.value)
    if entry is None:
        return word
    if entry.answer is ScreeningAnswer.dont_know:
        word = f"{word} ({b.label(entry.answer).lower()})"
    reason = entry.reason if entry.reason.strip() else (
        result.screening.trace.reason(b.lang) if not entry.screened_in else "")
    return f"{word}: {_shorten(reason, SCREENING_REASON_CHARS)}" if reason.strip() else word


def _level_cell(b: _Build, result: GroundResult) -> str:
    if result.screening.value is Screened.screened_out:
        return b.tx("dash")
    return f"{b.label(result.inherent.value)} → {b.label(result.residual.value)}"


def _direction_cell(b: _Build, result: GroundResult) -> str:
    if result.screening.value is Screened.screened_out:
        return b.tx("dash")
    return b.label(result.direction.value) if result.direction.value else b.tx("no_direction")


def _actions_cell(b: _Build, result: GroundResult) -> str:
    if not result.actions:
        return b.tx("dash")
    if len(result.actions) > 3:
        return b.tx("n_actions", n=len(result.actions))
    return ", ".join(result.actions)


def _grounds_table(b: _Build) -> Table:
    return Table(
        columns=[b.tx("col_ground"), b.tx("col_screening"), b.tx("col_direction"),
                 b.tx("col_level"), b.tx("col_actions")],
        rows=[[b.label(g.ground), _screening_cell(b, g), _direction_cell(b, g),
               _level_cell(b, g), _actions_cell(b, g)] for g in b.r.grounds],
        widths=[2.2, 3.6, 1.3, 1.9, 2.2], caption=b.tx("grounds_caption"))


def _actions_table(b: _Build) -> tuple[Table, list[str]]:
    actions = b.a.actions
    rows = [[_shorten(action.description, ACTION_CHARS), action.owner or b.tx("missing"),
             action.due.isoformat() if action.due else b.tx("missing"),
             b.names(action.grounds)] for action in actions[:MAX_ACTIONS]]
    if not rows:
        rows = [[b.tx("no_actions"), b.tx("dash"), b.tx("dash"), b.tx("dash")]]
    more = len(actions) - MAX_ACTIONS
    table = Table(columns=[b.tx("col_what"), b.tx("col_owner"), b.tx("col_due"),
                           b.tx("col_grounds")], rows=rows, widths=[5, 2.5, 1.5, 2.5],
                  caption=b.tx("actions_caption"))
    return table, [b.tx("more_actions", n=more)] if more > 0 else []


def _evidence_gaps(b: _Build) -> tuple[Bullets, list[str]]:
    """Unanswered questions first (they never vanish), then the officer's, then the data's."""
    items: list[str] = []
    if b.r.unanswered:
        items.append(_unanswered_count(b))
    for gap in b.a.evidence.gaps:
        text = b.tx("gap_item", description=gap.description.strip().rstrip("."),
                    plan=gap.plan.strip().rstrip(".") or b.tx("no_plan"),
                    due=_date(gap.due, b))
        items.append(_shorten(text, BULLET_CHARS))
    if b.ctx is not None:
        if b.ctx.unmatched:
            items.append(_shorten(b.tx("unmatched_areas", names=", ".join(b.ctx.unmatched)),
                                  BULLET_CHARS))
        items += [_shorten(gap.reason(b.lang), BULLET_CHARS)
                  for ground in b.ctx.grounds for gap in ground.gaps]
    if not items:
        return Bullets(items=[b.tx("no_gaps")], caption=b.tx("summary_gaps_caption")), []
    more = len(items) - MAX_GAPS
    gaps = Bullets(items=items[:MAX_GAPS], caption=b.tx("summary_gaps_caption"))
    return gaps, [b.tx("more_gaps", n=more)] if more > 0 else []


def _flag_groups(flags: Sequence[Flag]) -> list[list[Flag]]:
    """Flags of one kind together (worse off on five grounds is one line), blockers first."""
    groups: dict[tuple[FlagSeverity, FlagCode], list[Flag]] = {}
    for flag in flags:
        groups.setdefault((flag.severity, flag.code), []).append(flag)
    return sorted(groups.values(), key=lambda group: SEVERITY_ORDER.index(group[0].severity))


def _unanswered_count(b: _Build) -> str:
    count = len(b.r.unanswered)
    return b.tx("unanswered_one") if count == 1 else b.tx("unanswered_many", n=count)


def _flag_line(b: _Build, group: list[Flag]) -> str:
    """'Severity – kind: reason' in words; one kind on several grounds names the grounds."""
    first = group[0]
    subjects = [flag.subject for flag in group if flag.subject is not None]
    if len(group) > 1 and len(subjects) == len(group):
        reason = b.names(subjects)
    elif first.code is FlagCode.required_unanswered and b.r.unanswered:
        reason = _unanswered_count(b)  # the rules' reason lists ids; the annex lists texts
    else:
        reason = _first_sentence(first.reason(b.lang))
        if len(group) > 1:
            reason += f" ({b.tx('and_more', n=len(group) - 1)})"
    if any(_rests_on_synthetic(flag) for flag in group):
        reason += f" ({b.tx('rests_on_synthetic')})"
    return _shorten(b.tx("flag_item", severity=b.label(first.severity), label=b.label(first.code),
                         reason=reason), BULLET_CHARS)


def _rests_on_synthetic(flag: Flag) -> bool:
    """A flag the rules raised from synthetic context figures (the worse-off flag records it)."""
    return flag.trace.inputs.get("synthetic") is True


def _flags(b: _Build) -> tuple[Bullets, list[str]]:
    groups = _flag_groups(b.r.flags)
    if not groups:
        return Bullets(items=[b.tx("no_flags")], caption=b.tx("summary_flags_caption")), []
    shown = groups[:MAX_FLAGS]
    hidden = sum(len(group) for group in groups[MAX_FLAGS:])
    more = [b.tx("more_flags", n=hidden)] if hidden else []
    return Bullets(items=[_flag_line(b, group) for group in shown],
                   caption=b.tx("summary_flags_caption")), more


def _summary(b: _Build) -> Summary:
    actions, more_actions = _actions_table(b)
    gaps, more_gaps = _evidence_gaps(b)
    flags, more_flags = _flags(b)
    return Summary(heading=b.tx("heading"), decision=_decision_rows(b),
                   outcome=_outcome_table(b), outcome_note=_outcome_note(b),
                   grounds=_grounds_table(b), actions=actions, evidence_gaps=gaps, flags=flags,
                   more=[*more_actions, *more_gaps, *more_flags],
                   synthetic=any(_rests_on_synthetic(flag) for flag in b.r.flags))


# --- annex 1: the decision ----------------------------------------------------------------


def _decision_section(b: _Build) -> Section:
    d = b.a.decision
    rows = [*_decision_rows(b).rows[:-1],
            (b.tx("affected_areas"), ", ".join(d.affected_areas) or b.tx("dash")),
            (b.tx("affected_services"), ", ".join(d.affected_services) or b.tx("dash")),
            (b.tx("assessment_id"), b.a.id),
            (b.tx("revision"), str(b.a.revision))]
    blocks: list[Block] = [KeyValues(rows=rows)]
    if d.description.strip():
        blocks.append(Paragraph(text=d.description))
    blocks += _answers_table(b, _sections_of(b, Step.decision))
    return Section(id="decision", title=b.tx("s_decision"), blocks=blocks)


# --- annex 2: screening ---------------------------------------------------------------------


def _screening_row(b: _Build, subject: Subject) -> list[str]:
    entry = b.a.screening.get(subject)
    if subject.value in Ground.__members__:
        counts = b.label(b.r.ground(Ground(subject.value)).screening.value)
    else:
        counts = b.label(Screened.screened_in if b.a.is_relevant(subject)
                         else Screened.screened_out)
    if entry is None:
        return [b.label(subject), b.tx("not_screened"), b.tx("dash"), counts]
    return [b.label(subject), b.label(entry.answer), _or_dash(entry.reason, b), counts]


def _screening_section(b: _Build) -> Section:
    table = Table(columns=[b.tx("col_subject"), b.tx("col_answer"), b.tx("col_reason"),
                           b.tx("col_counts_as")],
                  rows=[_screening_row(b, subject) for subject in Subject],
                  widths=[2.5, 1.2, 5, 1.5])
    blocks: list[Block] = [table, *_answers_table(b, _sections_of(b, Step.screening))]
    return Section(id="screening", title=b.tx("s_screening"), blocks=blocks)


# --- annex 3: evidence and charts -------------------------------------------------------------


def _indicator_titles(b: _Build) -> dict[str, str]:
    if b.ctx is None:
        return {}
    return {f.indicator.id: f.indicator.title(b.lang)
            for ground in b.ctx.grounds for f in ground.figures}


def _officer_evidence(b: _Build) -> list[Block]:
    ev = b.a.evidence
    titles = _indicator_titles(b)
    blocks: list[Block] = []
    if ev.context_figures:
        blocks.append(Table(
            columns=[b.tx("col_indicator"), b.tx("col_grounds"), b.tx("col_note")],
            rows=[[f"{titles[ref.indicator]} ({ref.indicator})" if ref.indicator in titles
                   else ref.indicator, b.names(ref.grounds), ref.note] for ref in
                  ev.context_figures],
            widths=[3, 3, 4], caption=b.tx("figures_caption")))
    else:
        blocks.append(Paragraph(text=b.tx("no_figures_cited"), style="note"))
    if ev.sources:
        blocks.append(Table(
            columns=[b.tx("col_title"), b.tx("col_grounds"), b.tx("col_reference"),
                     b.tx("col_summary")],
            rows=[[s.title, b.names(s.grounds), s.reference, s.summary] for s in ev.sources],
            widths=[3, 2, 2, 4], caption=b.tx("sources_caption")))
    else:
        blocks.append(Paragraph(text=b.tx("no_sources"), style="note"))
    if ev.gaps:
        blocks.append(Table(
            columns=[b.tx("description"), b.tx("col_grounds"), b.tx("col_plan"),
                     b.tx("col_due")],
            rows=[[g.description, b.names(g.grounds), g.plan, _date(g.due, b)] for g in ev.gaps],
            widths=[4, 2, 4, 1.5], caption=b.tx("gaps_caption")))
    else:
        blocks.append(Paragraph(text=b.tx("no_officer_gaps"), style="note"))
    return blocks


def _vintage_rows(b: _Build) -> list[tuple[str, str, str, bool]]:
    """(source, citation, periods, synthetic) of every context figure, sorted by source."""
    if b.ctx is None:
        return []
    found: dict[str, tuple[str, set[str], bool]] = {}
    for ground in b.ctx.grounds:
        for figure in ground.figures:
            info = figure.indicator
            entry = found.setdefault(info.source, (info.citation, set(), info.synthetic))
            entry[1].add(figure.period)
    return [(source, citation, ", ".join(sorted(periods)), synthetic)
            for source, (citation, periods, synthetic) in sorted(found.items())]


def _vintage(b: _Build) -> str:
    """Short, for the foot of every page: source and periods, synthetic ones marked."""
    rows = _vintage_rows(b)
    if not rows:
        return b.tx("no_context_data")
    return "; ".join(f"{source} {periods}" + (f" ({b.tx('synthetic_word')})" if synthetic
                                              else "")
                     for source, _, periods, synthetic in rows)


def _context_blocks(b: _Build) -> list[Block]:
    if b.ctx is None:
        return [Paragraph(text=b.tx("no_context"), style="note")]
    blocks: list[Block] = [Paragraph(text=b.tx("context_areas", names=", ".join(
        dict.fromkeys(f.area_name for g in b.ctx.grounds for f in g.figures))
        or ", ".join(b.ctx.areas)))]
    if b.ctx.unmatched:
        blocks.append(Paragraph(text=b.tx("unmatched_areas", names=", ".join(b.ctx.unmatched)),
                                style="warning"))
    rows = _vintage_rows(b)
    if rows:
        blocks.append(Table(
            columns=[b.tx("col_source"), b.tx("col_periods"), b.tx("col_reference")],
            rows=[[source + (f" ({b.tx('synthetic_word')})" if synthetic else ""), periods,
                   citation] for source, citation, periods, synthetic in rows],
            widths=[2, 1, 6], caption=b.tx("vintage_caption")))
    gaps = [gap.reason(b.lang) for ground in b.ctx.grounds for gap in ground.gaps]
    if gaps:
        blocks += [Paragraph(text=b.tx("context_gaps")), Bullets(items=gaps)]
    return blocks


def _is_plain(figure: Figure) -> bool:
    """A figure of the breakdown alone (women against men), not crossed with another (women
    aged 18–29 against men aged 18–29): its group is exactly one category of the breakdown."""
    if figure.dimension is None:
        return True
    labels = {c.label.en for c in CATEGORIES[Dimension(figure.dimension)]}
    return figure.group.label.en in labels


def _shown(measure: Measure) -> bool:
    return measure.value is not None and measure.suppressed is None


ChartKey = tuple[str, str, str, str | None]
"""(indicator, source, period, dimension): one chart never mixes sources or vintages."""


def _chart_units(b: _Build, ground: Ground, figures: Sequence[Figure]) -> dict[ChartKey,
                                                                                list[Figure]]:
    """The ground's own breakdown (or area comparisons); plain rows where there are any."""
    dimension = GROUND_DIMENSION.get(ground)
    units: dict[ChartKey, list[Figure]] = {}
    for figure in figures:
        if dimension is not None and figure.dimension not in (dimension, None):
            continue
        key = (figure.indicator.id, figure.indicator.source, figure.period,
               None if figure.dimension is None else str(figure.dimension))
        units.setdefault(key, []).append(figure)
    chosen: dict[ChartKey, list[Figure]] = {}
    for key, unit in units.items():
        plain = [f for f in unit if _is_plain(f)] or unit
        rows = without_mirrors(plain)[:MAX_CHART_ROWS]
        if any(_shown(f.group) for f in rows):
            chosen[key] = rows
    return chosen


def _listed_indicators(b: _Build, ground: Ground) -> list[str]:
    """Indicators the set shows beside the ground's questions, in question order."""
    listed = [i for q in b.qs.questions() if q.ground is ground for i in q.indicators]
    return list(dict.fromkeys(listed))


def _cited_indicators(b: _Build, ground: Ground) -> set[str]:
    return {ref.indicator for ref in b.a.evidence.context_figures
            if not ref.grounds or ground in ref.grounds}


def _pick_charts(b: _Build, ground: Ground, figures: Sequence[Figure]) -> list[list[Figure]]:
    """At most MAX_CHARTS: indicators the officer cited, then real before made-up figures, then
    those the set lists beside the ground's questions, then those showing a worse-off group."""
    units = _chart_units(b, ground, figures)
    listed = _listed_indicators(b, ground)
    cited = _cited_indicators(b, ground)

    def rank(key: ChartKey) -> tuple[object, ...]:
        indicator = key[0]
        rows = units[key]
        return (indicator not in cited, rows[0].synthetic, indicator not in listed,
                not any(f.worse_off for f in rows),
                listed.index(indicator) if indicator in listed else 0, key[0], key[2],
                key[3] or "", key[1])

    ranked = sorted(units, key=rank)
    first: dict[tuple[str, bool], ChartKey] = {}
    for key in ranked:  # one chart per indicator and kind of data, while others wait
        first.setdefault((key[0], units[key][0].synthetic), key)
    distinct = list(first.values())
    keys = [*distinct, *(key for key in ranked if key not in distinct)][:MAX_CHARTS]
    return [units[key] for key in keys]


def _value(measure: Measure, unit: str, b: _Build) -> str:
    if _shown(measure) and measure.value is not None:
        return f"{format_number(measure.value, b.lang)} {unit}"
    reason = measure.suppressed(b.lang) if measure.suppressed else b.tx("no_figure")
    return f"({b.tx('withheld')}: {reason})" if measure.suppressed else f"({reason})"


def _chart_description(b: _Build, figures: Sequence[Figure]) -> str:
    """The chart in words, for readers who cannot see it: every group and value."""
    info = figures[0].indicator
    pairs = []
    for f in figures:
        text = b.tx("chart_pair", group=f.group.label(b.lang),
                    value=_value(f.group, info.unit, b),
                    comparison=f.comparison.label(b.lang),
                    comparison_value=_value(f.comparison, info.unit, b))
        notes = []
        if f.gap is not None and _shown(f.group) and _shown(f.comparison):
            sign = "+" if f.gap > 0 else ""
            unit = b.tx("percentage_points") if info.unit == "%" else info.unit
            notes.append(b.tx("chart_gap", gap=f"{sign}{format_number(f.gap, b.lang)} {unit}"))
            if f.worse_off:
                notes.append(b.tx("chart_worse"))
        pairs.append(f"{text} ({', '.join(notes)})" if notes else text)
    direction = b.tx("higher_better" if info.higher_is_better else "lower_better")
    return b.tx("chart_description", indicator=info.title(b.lang),
                unit=f"{info.unit}, {direction}", areas=_areas_of(figures),
                period=figures[0].period, citation=info.citation.rstrip(". "),
                synthetic=b.tx("chart_synthetic") + " " if info.synthetic else "",
                pairs="; ".join(pairs))


def _areas_of(figures: Sequence[Figure]) -> str:
    return ", ".join(dict.fromkeys(f.area_name for f in figures))


def _chart(b: _Build, figures: list[Figure]) -> Chart:
    """Bars show both values; many groups against one comparison read better as gaps."""
    comparisons = {f.comparison.label.en for f in figures}
    gaps = len(figures) >= 5 and len(comparisons) == 1 and all(
        f.gap is not None for f in figures)
    info = figures[0].indicator
    title = b.tx("chart_title_synthetic" if info.synthetic else "chart_title",
                 indicator=info.title(b.lang), period=figures[0].period,
                 areas=_areas_of(figures))
    return Chart(chart="gap" if gaps else "bars", title=title, figures=figures,
                 description=_chart_description(b, figures))


def _evidence_ground(b: _Build, ground: Ground, figures: Sequence[Figure]) -> Section:
    charts = [_chart(b, unit) for unit in _pick_charts(b, ground, figures)]
    synthetic = any(chart.synthetic for chart in charts)
    blocks: list[Block] = []
    if synthetic:
        blocks.append(Paragraph(text=b.tx("synthetic_warning"), style="warning"))
    blocks += charts or [Paragraph(text=b.tx("no_charts"), style="note")]
    return Section(id=f"evidence_{ground.value}", level=2, synthetic=synthetic,
                   title=b.tx("s_evidence_ground", ground=b.label(ground)), blocks=blocks)


def _evidence_sections(b: _Build) -> list[Section]:
    blocks = [*_officer_evidence(b), *_context_blocks(b),
              *_answers_table(b, _sections_of(b, Step.evidence))]
    sections = [Section(id="evidence", title=b.tx("s_evidence"), blocks=blocks)]
    if b.ctx is not None:
        relevant = {g.ground for g in b.relevant()}
        sections += [_evidence_ground(b, gc.ground, gc.figures) for gc in b.ctx.grounds
                     if gc.ground in relevant]
    return sections


# --- annex 4: impact per ground -------------------------------------------------------------


def _impact_rows(b: _Build, ground: Ground) -> list[Block]:
    impact = b.a.impacts.get(ground)
    if impact is None:
        return [Paragraph(text=b.tx("no_impact_recorded"), style="note")]
    people = (format_number(impact.people_affected, b.lang) if impact.people_affected is not None
              else b.tx("dash"))
    blocks: list[Block] = [KeyValues(rows=[
        (b.tx("direction"), b.label(impact.direction)),
        (b.tx("severity"), b.label(impact.severity)),
        (b.tx("likelihood"), b.label(impact.likelihood)),
        (b.tx("people_affected"), people),
        (b.tx("groups_affected"), _or_dash(impact.groups, b)),
    ])]
    if impact.description.strip():
        blocks.append(Paragraph(text=impact.description))
    return blocks


def _impact_sections(b: _Build) -> list[Section]:
    out_grounds = [g.ground for g in b.r.grounds if g.screening.value is Screened.screened_out]
    intro: list[Block] = []
    if out_grounds:
        intro.append(Paragraph(text=b.tx("screened_out_grounds", names=b.names(out_grounds)),
                               style="note"))
    sections = [Section(id="impact", title=b.tx("s_impact"), blocks=intro)]
    for result in b.relevant():
        ground = result.ground
        questions = [s for s in _sections_of(b, Step.impact) if s.ground is ground]
        sections.append(Section(
            id=f"impact_{ground.value}", level=2, title=b.label(ground),
            blocks=[*_impact_rows(b, ground), *_answers_table(b, questions)]))
    return sections


# --- annex 5: perspectives ------------------------------------------------------------------


def _perspective_blocks(b: _Build, perspective: Perspective) -> list[Block]:
    p = b.a.perspectives
    if perspective is Perspective.children:
        return [KeyValues(rows=[(b.tx("best_interests"), _or_dash(p.children.best_interests, b)),
                                (b.tx("childrens_views"),
                                 _or_dash(p.children.childrens_views, b))])]
    if perspective is Perspective.national_minorities:
        consulted = p.national_minorities.consulted
        word = b.tx("not_stated") if consulted is None else b.tx("yes" if consulted else "no")
        rows = [(b.tx("minorities_consulted"), word),
                (b.tx("description"), _or_dash(p.national_minorities.description, b))]
        return [KeyValues(rows=rows)]
    return [KeyValues(rows=[(b.tx("combined_grounds"), b.names(p.intersectionality.grounds)),
                            (b.tx("description"),
                             _or_dash(p.intersectionality.description, b))])]


def _perspective_sections(b: _Build) -> list[Section]:
    sections = [Section(id="perspectives", title=b.tx("s_perspectives"), blocks=[
        *_answers_table(b, [s for s in _sections_of(b, Step.perspectives)
                            if s.perspective is None])])]
    for perspective in Perspective:
        blocks: list[Block] = []
        if perspective.value in Subject.__members__:
            blocks.append(KeyValues(rows=[(b.tx("col_screening"),
                                           " – ".join(_screening_row(b, Subject(
                                               perspective.value))[1:3]))]))
        blocks += _perspective_blocks(b, perspective)
        blocks += _answers_table(b, [s for s in _sections_of(b, Step.perspectives)
                                     if s.perspective is perspective])
        sections.append(Section(id=f"perspective_{perspective.value}", level=2,
                                title=b.label(perspective), blocks=blocks))
    return sections


# --- annex 6: alternatives, cumulative impact, earlier assessment -------------------------


def _alternatives_section(b: _Build) -> Section:
    alternatives = b.a.alternatives
    blocks: list[Block] = []
    if alternatives:
        blocks.append(Table(
            columns=[b.tx("col_alternative"), b.tx("col_do_nothing"), b.tx("col_chosen"),
                     b.tx("col_assessment")],
            rows=[[alt.description, b.tx("yes" if alt.do_nothing else "no"),
                   b.tx("yes" if alt.chosen else "no"), alt.assessment]
                  for alt in alternatives],
            widths=[4, 1.5, 1, 4]))
    else:
        blocks.append(Paragraph(text=b.tx("no_alternatives"), style="note"))
    if not any(alt.do_nothing for alt in alternatives):
        blocks.append(Paragraph(text=b.tx("no_do_nothing"), style="warning"))
    blocks += _answers_table(b, _sections_of(b, Step.alternatives))
    return Section(id="alternatives", title=b.tx("s_alternatives"), blocks=blocks)


def _cumulative_section(b: _Build) -> Section:
    c = b.a.cumulative
    blocks: list[Block] = [Paragraph(text=c.description) if c.description.strip()
                           else Paragraph(text=b.tx("no_cumulative"), style="note")]
    if c.related_decisions:
        blocks += [Paragraph(text=b.tx("related_decisions")),
                   Bullets(items=list(c.related_decisions))]
    blocks += _answers_table(b, _sections_of(b, Step.cumulative))
    return Section(id="cumulative", level=2, title=b.tx("s_cumulative"), blocks=blocks)


def _previous_section(b: _Build) -> Section:
    previous = b.a.previous
    blocks: list[Block] = []
    if previous is None:
        blocks.append(Paragraph(text=b.tx("no_previous"), style="note"))
    else:
        blocks.append(KeyValues(rows=[(b.tx("col_reference"), _or_dash(previous.reference, b))]))
        if previous.actions:
            blocks.append(Table(
                columns=[b.tx("col_what"), b.tx("col_result"), b.tx("col_comment")],
                rows=[[p.description, b.label(p.result), p.comment] for p in previous.actions],
                widths=[4, 1.5, 4]))
    blocks += _answers_table(b, _sections_of(b, Step.previous))
    return Section(id="previous", level=2, title=b.tx("s_previous"), blocks=blocks)


# --- annex 7: consultation ------------------------------------------------------------------


def _consulted_about(b: _Build, grounds: Sequence[Ground], children: bool,
                     minorities: bool) -> str:
    names: list[LabelledEnum] = [*grounds]
    if children:
        names.append(Perspective.children)
    if minorities:
        names.append(Perspective.national_minorities)
    return b.names(names)


def _consultation_section(b: _Build) -> Section:
    consultations = b.a.consultations
    blocks: list[Block] = []
    if consultations:
        blocks.append(Table(
            columns=[b.tx("col_who"), b.tx("col_when"), b.tx("col_method"), b.tx("col_grounds"),
                     b.tx("col_said"), b.tx("col_response")],
            rows=[[c.who, _date(c.held_on, b), c.method,
                   _consulted_about(b, c.grounds, c.children, c.national_minorities),
                   c.what_they_said, c.response] for c in consultations],
            widths=[2, 1.3, 1.3, 2, 3, 3]))
    else:
        blocks.append(Paragraph(text=b.tx("no_consultations"), style="note"))
    blocks += _answers_table(b, _sections_of(b, Step.consultation))
    return Section(id="consultation", title=b.tx("s_consultation"), blocks=blocks)


# --- annex 8: actions and follow-up ------------------------------------------------------


def _follow_up_blocks(b: _Build) -> list[Block]:
    f = b.a.follow_up
    rows = [(b.tx("follow_up_due"), _date(f.due, b))]
    if f.outcome_held is not None:
        rows.append((b.tx("outcome_held"), b.tx("yes" if f.outcome_held else "no")))
    if f.comment.strip():
        rows.append((b.tx("follow_up_comment"), f.comment))
    blocks: list[Block] = [KeyValues(rows=rows)]
    if f.results:
        blocks.append(Table(columns=[b.tx("col_id"), b.tx("col_result"), b.tx("col_observed")],
                            rows=[[r.action_id, b.label(r.result), r.observed]
                                  for r in f.results],
                            widths=[2, 1.5, 5], caption=b.tx("follow_up_caption")))
    return blocks


def _actions_section(b: _Build) -> Section:
    blocks: list[Block] = []
    if b.a.actions:
        blocks.append(Table(
            columns=[b.tx("col_id"), b.tx("col_what"), b.tx("col_owner"), b.tx("col_due"),
                     b.tx("col_grounds"), b.tx("col_counted")],
            rows=[[a.id, a.description, a.owner or b.tx("missing"),
                   a.due.isoformat() if a.due else b.tx("missing"), b.names(a.grounds),
                   b.tx("yes") if a.is_complete else b.tx("incomplete")] for a in b.a.actions],
            widths=[1.6, 4, 2, 1.4, 2, 1.4]))
    else:
        blocks.append(Paragraph(text=b.tx("no_actions"), style="note"))
    blocks += _follow_up_blocks(b)
    blocks += _answers_table(b, _sections_of(b, Step.actions, Step.follow_up))
    return Section(id="actions", title=b.tx("s_actions"), blocks=blocks)


# --- annex 9: scoring reasons ---------------------------------------------------------------


def _ground_traces(b: _Build, result: GroundResult) -> Section:
    lines = [f"{b.tx('trace_screening')}: {result.screening.trace.reason(b.lang)}"]
    if result.screening.value is not Screened.screened_out:
        lines += [
            f"{b.tx('trace_direction')}: {result.direction.trace.reason(b.lang)}",
            f"{b.tx('trace_points')}: {result.points.trace.reason(b.lang)}",
            f"{b.tx('trace_inherent', level=b.label(result.inherent.value))}: "
            f"{result.inherent.trace.reason(b.lang)}",
            f"{b.tx('trace_residual', level=b.label(result.residual.value))}: "
            f"{result.residual.trace.reason(b.lang)}",
        ]
    return Section(id=f"scoring_{result.ground.value}", level=2,
                   title=b.tx("s_scoring_ground", ground=b.label(result.ground)),
                   blocks=[Bullets(items=lines)])


def _flags_section(b: _Build) -> Section:
    ordered = sorted(b.r.flags, key=lambda flag: SEVERITY_ORDER.index(flag.severity))
    block: Block = Table(
        columns=[b.tx("col_severity"), b.tx("col_flag"), b.tx("col_concerns"),
                 b.tx("col_reason")],
        rows=[[b.label(f.severity), b.label(f.code), b.label(f.subject), f.reason(b.lang)]
              for f in ordered], widths=[1.5, 2.5, 2, 6],
    ) if ordered else Paragraph(text=b.tx("no_flags"), style="note")
    return Section(id="scoring_flags", level=2, title=b.tx("s_flags"), blocks=[block])


def _outcome_section(b: _Build) -> Section:
    trace = b.r.recommended_outcome.trace
    rows = [(b.tx("recommended_outcome"), b.label(b.r.recommended_outcome.value)),
            (b.tx("col_rule"), trace.rule), (b.tx("col_reason"), trace.reason(b.lang)),
            (b.tx("chosen_outcome"), b.label(b.r.chosen_outcome) if b.r.chosen_outcome
             else b.tx("not_chosen"))]
    return Section(id="scoring_outcome", level=2, title=b.tx("s_outcome"),
                   blocks=[KeyValues(rows=rows)])


def _traces(b: _Build) -> list[Trace]:
    traces = [b.r.recommended_outcome.trace, *(flag.trace for flag in b.r.flags)]
    for g in b.r.grounds:
        traces += [g.screening.trace, g.direction.trace, g.points.trace, g.inherent.trace,
                   g.residual.trace]
    return traces


def _parameters_section(b: _Build) -> Section:
    read: dict[str, str] = {}
    for trace in _traces(b):
        for key, value in trace.parameters.items():
            read.setdefault(key, _json(value))
    blocks: list[Block] = [KeyValues(rows=[
        (b.tx("question_set"), f"{b.qs.title(b.lang)} ({b.qs.id})"),
        (b.tx("version"), b.qs.version),
        (b.tx("changelog"), b.qs.changelog),
    ])]
    if read:
        blocks.append(Table(columns=[b.tx("col_parameter"), b.tx("col_value")],
                            rows=[[key, read[key]] for key in sorted(read)], widths=[4, 5],
                            caption=b.tx("parameters_caption")))
    return Section(id="scoring_parameters", level=2, title=b.tx("s_parameters"), blocks=blocks)


def _scoring_sections(b: _Build) -> list[Section]:
    return [Section(id="scoring", title=b.tx("s_scoring"),
                    blocks=[Paragraph(text=b.tx("scoring_intro"))]),
            *(_ground_traces(b, g) for g in b.r.grounds),
            _flags_section(b), _outcome_section(b), _parameters_section(b)]


# --- annex 10: unanswered required questions ------------------------------------------------


def _unanswered_section(b: _Build) -> Section:
    items = []
    for qid in b.r.unanswered:
        question = b.qs.question(qid)
        items.append(question.text(b.lang) if question else qid)
    blocks: list[Block] = ([Paragraph(text=b.tx("unanswered_intro")), Bullets(items=items)]
                           if items else [Paragraph(text=b.tx("none"))])
    return Section(id="unanswered", title=b.tx("s_unanswered"), blocks=blocks)


# --- annex 11: conclusion, sign-off, history, verification ---------------------------------


def _conclusion_section(b: _Build) -> Section:
    c = b.a.conclusion
    rows = [(b.tx("recommended_outcome"), b.label(b.r.recommended_outcome.value)),
            (b.tx("chosen_outcome"), b.label(c.chosen_outcome) if c.chosen_outcome
             else b.tx("not_chosen")),
            (b.tx("justification"), _or_dash(c.justification, b)),
            (b.tx("summary"), _or_dash(c.summary, b))]
    sign = b.a.sign_off
    signed = ([(b.tx("signed_by"), sign.name), (b.tx("role"), _or_dash(sign.role, b)),
               (b.tx("signed_on"), sign.signed_on.isoformat())] if sign
              else [(b.tx("signed_by"), b.tx("not_signed"))])
    blocks: list[Block] = [KeyValues(rows=rows), KeyValues(rows=signed),
                           *_answers_table(b, _sections_of(b, Step.conclusion))]
    return Section(id="conclusion", title=b.tx("s_conclusion"), blocks=blocks)


def _history_section(b: _Build) -> Section:
    history = b.a.history
    block: Block = Table(
        columns=[b.tx("col_event"), b.tx("col_by"), b.tx("col_at"), b.tx("revision"),
                 b.tx("col_note")],
        rows=[[b.label(e.kind), e.by, e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
               str(e.revision), e.note] for e in history], widths=[2, 2.5, 2, 1, 3],
    ) if history else Paragraph(text=b.tx("no_history"), style="note")
    return Section(id="history", level=2, title=b.tx("s_history"), blocks=[block])


def _fingerprint(b: _Build) -> Fingerprint:
    token = token_of(b.a)
    text = b.tx("fingerprint", id=token.assessment_id, revision=token.revision, token=str(token))
    if token.revision == 0:
        text += " " + b.tx("fingerprint_unsaved")
    return Fingerprint(assessment_id=token.assessment_id, revision=token.revision,
                       sha256=token.sha256, command="eia verify STATEMENT.pdf", text=text)


def _verification_section(b: _Build, fingerprint: Fingerprint) -> Section:
    rows = [(b.tx("verify_command"), fingerprint.command),
            (b.tx("question_set"), f"{b.qs.id} {b.qs.version}"),
            (b.tx("tool_version"), f"Likvärdig {b.tool_version}"),
            (b.tx("data_vintage"), _vintage(b))]
    return Section(id="verification", level=2, title=b.tx("s_verification"),
                   blocks=[Paragraph(text=fingerprint.text), KeyValues(rows=rows)])


# --- the statement ------------------------------------------------------------------------


def _annex(b: _Build, fingerprint: Fingerprint) -> list[Section]:
    return [
        _decision_section(b),
        _screening_section(b),
        *_evidence_sections(b),
        *_impact_sections(b),
        *_perspective_sections(b),
        _alternatives_section(b), _cumulative_section(b), _previous_section(b),
        _consultation_section(b),
        _actions_section(b),
        *_scoring_sections(b),
        _unanswered_section(b),
        _conclusion_section(b), _history_section(b), _verification_section(b, fingerprint),
    ]


def _page_texts(b: _Build) -> PageTexts:
    return PageTexts(
        page_of=b.tx("page_of"),
        stamps=[b.tx("demo_stamp")] if b.a.demo else [],
        synthetic_stamp=b.tx("synthetic_stamp"),
        annex_heading=b.tx("annex"),
        footer=b.tx("footer", tool=b.tool_version, set_id=b.qs.id, set_version=b.qs.version,
                    vintage=_vintage(b)))


def _keywords(b: _Build) -> list[str]:
    words = [b.tx("keyword_eia"), b.tx("keyword_equality"), b.a.decision.diary_number,
             b.a.decision.committee, *(b.label(g.ground) for g in b.relevant())]
    return [word for word in dict.fromkeys(words) if word.strip()]


def build_statement(assessment: Assessment, question_set: QuestionSet, result: Result,
                    context: AssessmentContext | None, lang: Lang | str, *,
                    tool_version: str) -> Statement:
    """The whole statement in one language. Pure: same inputs, equal output (no clock, no I/O).

    `assessment` is the assessment as saved (its revision and fingerprint are the saved ones),
    `result` its score under `question_set`, `context` the figures for its areas (None: none).
    """
    b = _Build(a=assessment, qs=question_set, r=result, ctx=context, lang=Lang(lang),
               tool_version=tool_version)
    fingerprint = _fingerprint(b)
    decision = assessment.decision
    heading = b.tx("heading")
    return Statement(
        lang=b.lang,
        title=f"{heading}: {decision.title or b.tx('untitled')}",
        subject=" · ".join(part for part in (heading, decision.diary_number, decision.committee)
                           if part.strip()),
        author=decision.case_officer or decision.department or "Likvärdig",
        keywords=_keywords(b),
        demo=assessment.demo,
        summary=_summary(b),
        annex=_annex(b, fingerprint),
        page=_page_texts(b),
        fingerprint=fingerprint,
    )
