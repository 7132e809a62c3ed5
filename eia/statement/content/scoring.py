"""Annex sections 9 and 10: the rules' reasons per ground, the flags, the outcome, the
parameters read, and the required questions left unanswered."""

from __future__ import annotations

from eia.rules import GroundResult, Screened, Trace
from eia.statement.content.source import SEVERITY_ORDER, Source, json_text
from eia.statement.model import (
    Block,
    Bullets,
    KeyValues,
    Paragraph,
    Section,
    Table,
)

# --- annex 9: scoring reasons ---------------------------------------------------------------


def _ground_traces(src: Source, result: GroundResult) -> Section:
    lines = [f"{src.tx('trace_screening')}: {result.screening.trace.reason(src.lang)}"]
    if result.screening.value is not Screened.screened_out:
        lines += [
            f"{src.tx('trace_direction')}: {result.direction.trace.reason(src.lang)}",
            f"{src.tx('trace_points')}: {result.points.trace.reason(src.lang)}",
            f"{src.tx('trace_inherent', level=src.label(result.inherent.value))}: "
            f"{result.inherent.trace.reason(src.lang)}",
            f"{src.tx('trace_residual', level=src.label(result.residual.value))}: "
            f"{result.residual.trace.reason(src.lang)}",
        ]
    return Section(id=f"scoring_{result.ground.value}", level=2,
                   title=src.tx("s_scoring_ground", ground=src.label(result.ground)),
                   blocks=[Bullets(items=lines)])


def _flags_section(src: Source) -> Section:
    ordered = sorted(src.result.flags, key=lambda flag: SEVERITY_ORDER.index(flag.severity))
    block: Block = Table(
        columns=[src.tx("col_severity"), src.tx("col_flag"), src.tx("col_concerns"),
                 src.tx("col_reason")],
        rows=[[src.label(f.severity), src.label(f.code), src.label(f.subject), f.reason(src.lang)]
              for f in ordered], widths=[1.5, 2.5, 2, 6],
    ) if ordered else Paragraph(text=src.tx("no_flags"), style="note")
    return Section(id="scoring_flags", level=2, title=src.tx("s_flags"), blocks=[block])


def _outcome_section(src: Source) -> Section:
    trace = src.result.recommended_outcome.trace
    rows = [(src.tx("recommended_outcome"), src.label(src.result.recommended_outcome.value)),
            (src.tx("col_rule"), trace.rule), (src.tx("col_reason"), trace.reason(src.lang)),
            (src.tx("chosen_outcome"), src.label(src.result.chosen_outcome)
             if src.result.chosen_outcome else src.tx("not_chosen"))]
    return Section(id="scoring_outcome", level=2, title=src.tx("s_outcome"),
                   blocks=[KeyValues(rows=rows)])


def _traces(src: Source) -> list[Trace]:
    traces = [src.result.recommended_outcome.trace, *(flag.trace for flag in src.result.flags)]
    for g in src.result.grounds:
        traces += [g.screening.trace, g.direction.trace, g.points.trace, g.inherent.trace,
                   g.residual.trace]
    return traces


def _parameters_section(src: Source) -> Section:
    read: dict[str, str] = {}
    for trace in _traces(src):
        for key, value in trace.parameters.items():
            read.setdefault(key, json_text(value))
    blocks: list[Block] = [KeyValues(rows=[
        (src.tx("question_set"), f"{src.question_set.title(src.lang)} ({src.question_set.id})"),
        (src.tx("version"), src.question_set.version),
        (src.tx("changelog"), src.question_set.changelog),
    ])]
    if read:
        blocks.append(Table(columns=[src.tx("col_parameter"), src.tx("col_value")],
                            rows=[[key, read[key]] for key in sorted(read)], widths=[4, 5],
                            caption=src.tx("parameters_caption")))
    return Section(id="scoring_parameters", level=2, title=src.tx("s_parameters"), blocks=blocks)


def scoring_sections(src: Source) -> list[Section]:
    return [Section(id="scoring", title=src.tx("s_scoring"),
                    blocks=[Paragraph(text=src.tx("scoring_intro"))]),
            *(_ground_traces(src, g) for g in src.result.grounds),
            _flags_section(src), _outcome_section(src), _parameters_section(src)]


# --- annex 10: unanswered required questions ------------------------------------------------


def _question_texts(src: Source, question_ids: list[str]) -> list[str]:
    texts = []
    for qid in question_ids:
        question = src.question_set.question(qid)
        texts.append(question.text(src.lang) if question else qid)
    return texts


def unanswered_section(src: Source) -> Section:
    """The required questions left unanswered, and (set 1.1) the answered ones no rule reads:
    listed by their text, so nothing the officer answered or skipped vanishes."""
    items = _question_texts(src, src.result.unanswered)
    blocks: list[Block] = ([Paragraph(text=src.tx("unanswered_intro")), Bullets(items=items)]
                           if items else [Paragraph(text=src.tx("none"))])
    recorded = _question_texts(src, src.result.recorded)
    if recorded:
        blocks += [Paragraph(text=src.tx("recorded_intro")), Bullets(items=recorded)]
    return Section(id="unanswered", title=src.tx("s_unanswered"), blocks=blocks)

