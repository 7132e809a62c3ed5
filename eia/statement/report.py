"""The plan's two-yearly follow-up report for the local government, as a statement.

The figures are those of `eia.portfolio.periods.FollowUpReport`; this only words them, per
measure of the plan the assessments speak to (Measure 2: the impact is described in the
decisions; Measure 3: figures by sex and other factors), each for the period and the one before.
Page one holds the key figures; the annex every figure, the overdue lists and how each is
counted. The same renderers print it as PDF, Word, HTML or Markdown. It names no one saved
revision, so it carries no fingerprint. Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from eia.flags import FlagCode
from eia.i18n import Lang, Text, format_number, t
from eia.model import Ground, Outcome
from eia.portfolio.figures import LISTED, Count, Due, Figures, GapCount
from eia.portfolio.periods import FollowUpReport, Period, PeriodFigures
from eia.statement.model import (
    Bullets,
    KeyValues,
    PageTexts,
    Paragraph,
    Section,
    Statement,
    Summary,
    Table,
)

TEXTS: dict[str, Text] = {
    "heading": t("Uppföljning av planen för lika möjligheter",
                 "Follow-up of the Equal Opportunities Plan"),
    "keyword_plan": t("plan för lika möjligheter", "equal opportunities plan"),
    "keyword_follow_up": t("uppföljning", "follow-up"),
    "period": t("Perioden", "The period"),
    "previous": t("Föregående period", "The previous period"),
    "made": t("Rapporten gjord", "Report made"),
    "made_by": t("Gjord av", "Made by"),
    "counted": t("Räknas", "Counted"),
    "counted_value": t(
        "beslut vars konsekvensanalys godkändes under perioden",
        "decisions whose impact assessment was approved in the period"),
    "counted_note": t(
        "En analys räknas i den period då den revision som räknas godkändes (datum i UTC). "
        "Åtgärder och uppföljningar räknas efter sitt förfallodatum, påbörjade analyser efter "
        "den dag de skapades. Försenat bedöms per periodens sista dag, för en pågående period "
        "per den dag rapporten gjordes; resultaten är de som var registrerade då.",
        "An assessment counts in the period its counted revision was approved in (dates in "
        "UTC). Actions and follow-ups count by their due date, assessments started by the day "
        "they were created. Overdue is judged on the period's last day, for a running period on "
        "the day the report was made; the results are those recorded then."),
    "col_figure": t("Nyckeltal", "Figure"),
    "col_change": t("Förändring", "Change"),
    "key_figures": t("Nyckeltal, perioden mot föregående", "Key figures, the period against "
                     "the previous one"),
    "m2": t("Åtgärd 2", "Measure 2"),
    "m3": t("Åtgärd 3", "Measure 3"),
    "decisions": t("Beslut med godkänd konsekvensanalys", "Decisions with an approved impact "
                   "assessment"),
    "started": t("Analyser påbörjade", "Assessments started"),
    "completed": t("av dem godkända nu", "of which approved by now"),
    "citing": t("Hänvisar till statistik uppdelad på grupper", "Cite figures broken down by "
                "group"),
    "actions_done": t("Åtgärder genomförda av planerade", "Actions done of planned"),
    "follow_ups_done": t("Uppföljningar gjorda av planerade", "Follow-ups recorded of planned"),
    "follow_ups_overdue": t("Uppföljningar försenade", "Follow-ups overdue"),
    "actions_overdue": t("Åtgärder försenade (godkända under perioden)",
                         "Actions overdue (decisions approved in the period)"),
    "of": t("{part} av {whole}", "{part} of {whole}"),
    "points": t("{value} procentenheter", "{value} percentage points"),
    "col_ground": t("Grund", "Ground"),
    "col_outcome": t("Rekommenderat utfall", "Recommended outcome"),
    "col_chosen": t("Valt utfall", "Chosen outcome"),
    "col_flag": t("Flagga", "Flag"),
    "col_what": t("Vad", "What"),
    "col_due": t("Förföll", "Due"),
    "col_assessment": t("Analys", "Assessment"),
    "col_action": t("Åtgärd", "Action"),
    "col_recurs": t("Återkommer", "Recurs"),
    "yes": t("Ja", "Yes"),
    "no": t("Nej", "No"),
    "negative_grounds": t("Grunder som oftast påverkas negativt (antal beslut)",
                          "Grounds most often negatively affected (decisions)"),
    "by_outcome": t("Rekommenderat utfall (antal beslut)", "Recommended outcome (decisions)"),
    "recurring": t("Kunskapsluckor som återkommer i båda perioderna (åtgärd 3)",
                   "Evidence gaps recurring in both periods (Measure 3)"),
    "recurring_item": t("{ground}: {now} i perioden, {before} i föregående",
                        "{ground}: {now} in the period, {before} in the previous one"),
    "no_recurring": t("Inga kunskapsluckor återkommer.", "No evidence gap recurs."),
    "top_flags": t("Vanligaste flaggorna (antal beslut)", "Most frequent flags (decisions)"),
    "flag_item": t("{flag}: {now} (föregående period {before})",
                   "{flag}: {now} (previous period {before})"),
    "no_flags": t("Inga flaggor.", "No flags."),
    "more": t("Bilagan har alla siffror per åtgärd i planen, listor över försenade åtgärder och "
              "uppföljningar, och hur varje siffra räknas.",
              "The annex holds every figure per measure of the plan, the lists of overdue "
              "actions and follow-ups, and how each figure is counted."),
    "no_ground": t("(ingen grund angiven)", "(no ground named)"),
    "not_scored": t("Inte bedömd", "Not scored"),
    "not_chosen": t("Inget valt", "None chosen"),
    "none": t("Inga.", "None."),
    "s_m2": t("Åtgärd 2: konsekvenserna för lika möjligheter beskrivs i besluten",
              "Measure 2: the impact on equal opportunities described in decisions"),
    "s_m2_intro": t(
        "Planen ska pröva sätt att beskriva konsekvenserna för lika möjligheter i besluten. "
        "Här räknas de konsekvensanalyser som gjorts, vad de kom fram till, och om åtgärderna "
        "och uppföljningarna blev gjorda.",
        "The plan tests ways to describe the impact on equal opportunities in decisions. "
        "Counted here: the impact assessments made, what they concluded, and whether their "
        "actions and follow-ups were done."),
    "s_assessments": t("Analyser och beslut", "Assessments and decisions"),
    "s_outcomes": t("Utfall", "Outcomes"),
    "s_chosen": t("Valt utfall mot rekommenderat", "Chosen outcome against recommended"),
    "s_grounds": t("Grunder som påverkas negativt", "Grounds negatively affected"),
    "s_flags": t("Flaggor", "Flags"),
    "s_actions": t("Åtgärder: genomförda mot planerade", "Actions: done against planned"),
    "planned": t("Planerade (förfaller under perioden)", "Planned (due in the period)"),
    "done": t("Genomförda", "Done"),
    "changed": t("Ändrade", "Changed"),
    "not_done": t("Inte genomförda", "Not done"),
    "without_result": t("Utan registrerat resultat", "No result recorded"),
    "overdue": t("Försenade", "Overdue"),
    "s_follow_ups": t("Uppföljningar: gjorda, förfallna och försenade",
                      "Follow-ups: done, due and overdue"),
    "fu_planned": t("Planerade (uppföljningsdatum under perioden)",
                    "Planned (follow-up date in the period)"),
    "fu_done": t("Registrerade", "Recorded"),
    "fu_overdue": t("Försenade: datumet har passerat, inget registrerat",
                    "Overdue: the date has passed, nothing recorded"),
    "s_late": t("Försenade åtgärder och uppföljningar", "Overdue actions and follow-ups"),
    "late_intro": t(
        "Beslut godkända under perioden, per {as_of}; högst {listed} av varje visas.",
        "Decisions approved in the period, as of {as_of}; at most {listed} of each are listed."),
    "late_actions": t("Försenade åtgärder: {count}", "Overdue actions: {count}"),
    "late_follow_ups": t("Förfallna uppföljningar: {count}", "Follow-ups due: {count}"),
    "s_m3": t("Åtgärd 3: statistik uppdelad på kön och andra faktorer",
              "Measure 3: figures by sex and other factors"),
    "s_m3_intro": t(
        "Planen ska redovisa och analysera statistik om individer uppdelad på kön och andra "
        "faktorer. Här räknas hur många analyser som hänvisar till sådan statistik och var "
        "underlaget saknas.",
        "The plan presents and analyses figures on individuals by sex and other factors. "
        "Counted here: how many assessments cite such figures, and where evidence is missing."),
    "s_citing": t("Hänvisar till uppdelad statistik", "Citing disaggregated figures"),
    "citing_count": t("Beslut som hänvisar till uppdelad statistik",
                      "Decisions citing disaggregated figures"),
    "citing_share": t("Andel", "Share"),
    "s_gaps": t("Kunskapsluckor per grund", "Evidence gaps by ground"),
    "gaps_intro": t(
        "Per period: luckor som handläggarna skrivit in / analyser med sådana luckor / analyser "
        "flaggade för att en relevant grund saknar underlag.",
        "Per period: gaps the officers recorded / assessments recording them / assessments "
        "flagged for a relevant ground with no evidence at all."),
    "s_method": t("Så räknas siffrorna", "How the figures are counted"),
    "method": t(
        "Besluten i en period är de analyser vars räknade revision godkändes under perioden "
        "(en analys som öppnats igen räknas som det utkast den är nu och inte i någon period). "
        "De räknas med det resultat de godkändes med.|"
        "Föregående period är lika lång och slutar dagen före periodens början: lika många hela "
        "månader när perioden är hela månader, annars lika många dagar.|"
        "Siffrorna för besluten är desamma som portföljens för samma urval (eia portfolio).|"
        "En grund påverkas negativt när riktningen är negativ eller blandad.|"
        "En åtgärd är planerad när den hör till ett godkänt (eller arkiverat) beslut och "
        "förfaller under perioden; försenad när förfallodagen passerat och den varken är "
        "genomförd eller ändrad.|"
        "En uppföljning är planerad när ett godkänt (eller arkiverat) besluts uppföljningsdatum "
        "infaller under perioden; försenad när datumet kommit och inget är registrerat.|"
        "En kunskapslucka återkommer när samma grund har luckor eller saknar underlag i båda "
        "perioderna.|"
        "Bara analyser i de organisationer som den som gjorde rapporten får läsa räknas.",
        "The decisions of a period are the assessments whose counted revision was approved in "
        "it (one reopened since counts as the draft it is now, in no period). They count with "
        "the result they were approved with.|"
        "The previous period is as long and ends the day before the period starts: as many "
        "whole months when the period is whole months, else as many days.|"
        "The figures of the decisions equal the portfolio's for the same selection "
        "(eia portfolio).|"
        "A ground is negatively affected when the direction is negative or mixed.|"
        "An action is planned when it belongs to an approved (or archived) decision and is due "
        "in the period; overdue when its due date has passed and it is neither done nor "
        "changed.|"
        "A follow-up is planned when an approved (or archived) decision's follow-up date falls "
        "in the period; overdue when the date has come and nothing is recorded.|"
        "An evidence gap recurs when the same ground has gaps, or no evidence, in both "
        "periods.|"
        "Only assessments of the organisations the report's maker may read are counted."),
    "demo_stamp": t("DEMO – räknar fiktiva exempel, inte verkliga beslut",
                    "DEMO – counts fictitious examples, not real decisions"),
    "synthetic_stamp": t("Innehåller SYNTETISKA data – påhittade siffror",
                         "Contains SYNTHETIC data – made-up figures"),
    "annex": t("Bilaga", "Annex"),
    "page_of": t("Sida {page} av {pages}", "Page {page} of {pages}"),
    "footer": t("Likvärdig {tool} · uppföljningsrapport {start}–{end}, gjord {made}",
                "Likvärdig {tool} · follow-up report {start}–{end}, made {made}"),
}


class _Words:
    """The report's words and numbers in one language."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        said = TEXTS[key](self.lang)
        return said.format(**values) if values else said

    def number(self, value: float) -> str:
        return format_number(value, self.lang, 0)

    def share(self, value: float | None) -> str:
        if value is None:
            return "–"
        percent = format_number(value * 100, self.lang, 0)
        return f"{percent}\u00a0%" if self.lang is Lang.sv else f"{percent}%"

    def change(self, now: float, before: float) -> str:
        difference = now - before
        return ("+" if difference > 0 else "") + self.number(difference).replace("-", "−")

    def points(self, now: float | None, before: float | None) -> str:
        if now is None or before is None:
            return "–"
        return self("points", value=self.change(round(now * 100), round(before * 100)))

    def ratio(self, part: int, whole: int) -> str:
        share = f" ({self.share(part / whole)})" if whole else ""
        return self("of", part=self.number(part), whole=self.number(whole)) + share

    def ground(self, key: str | None) -> str:
        return Ground(key).label(self.lang) if key else self("no_ground")

    def outcome(self, key: str | None, missing: str = "not_scored") -> str:
        return Outcome(key).label(self.lang) if key else self(missing)

    def flag(self, key: str | None) -> str:
        return FlagCode(key).label(self.lang) if key else "–"

    def span(self, period: Period) -> str:
        return f"{period.start.isoformat()} – {period.end.isoformat()}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _key_figures(w: _Words, now: PeriodFigures, before: PeriodFigures) -> Table:
    """Page one's table: each key figure for the period, the previous one and the change."""
    rows: list[list[str]] = []

    def count(label: str, get: Callable[[PeriodFigures], int]) -> None:
        rows.append([label, w.number(get(now)), w.number(get(before)),
                     w.change(get(now), get(before))])

    def ratio(label: str, get: Callable[[PeriodFigures], tuple[int, int]]) -> None:
        (a, b), (c, d) = get(now), get(before)
        rows.append([label, w.ratio(a, b), w.ratio(c, d), w.points(_share(a, b), _share(c, d))])

    count(f"{w('m2')}: {w('decisions')}", lambda p: p.figures.assessments)
    count(f"{w('m2')}: {w('started')}", lambda p: p.work.started)
    ratio(f"{w('m2')}: {w('completed')}", lambda p: (p.work.completed, p.work.started))
    ratio(f"{w('m3')}: {w('citing')}",
          lambda p: (p.figures.citing_figures, p.figures.assessments))
    ratio(w("actions_done"), lambda p: (p.work.actions_done, p.work.actions_planned))
    ratio(w("follow_ups_done"), lambda p: (p.work.follow_ups_done, p.work.follow_ups_planned))
    count(w("follow_ups_overdue"), lambda p: p.work.follow_ups_overdue)
    count(w("actions_overdue"), lambda p: p.figures.overdue_actions)
    return Table(columns=[w("col_figure"), w("period"), w("previous"), w("col_change")],
                 rows=rows, widths=[3, 1.5, 1.5, 1.3], caption=w("key_figures"))


def _side_by_side(w: _Words, counts: tuple[list[Count], list[Count]],
                  name: Callable[[str | None], str], column: str, caption: str = "") -> Table:
    """Counts by key for both periods, the period's most frequent first."""
    now, before = ({c.key: c.count for c in found} for found in counts)
    keys = list(dict.fromkeys([*now, *before]))
    keys.sort(key=lambda key: (-now.get(key, 0), -before.get(key, 0)))
    return Table(columns=[column, w("period"), w("previous")], caption=caption,
                 rows=[[name(key), w.number(now.get(key, 0)), w.number(before.get(key, 0))]
                       for key in keys], widths=[3, 1, 1])


def _flag_items(w: _Words, now: Figures, before: Figures) -> list[str]:
    earlier = {c.key: c.count for c in before.top_flags}
    return [w("flag_item", flag=w.flag(c.key), now=w.number(c.count),
              before=w.number(earlier.get(c.key, 0))) for c in now.top_flags[:5]]


def _gap_total(gap: GapCount | None) -> int:
    return gap.gaps + gap.no_evidence if gap else 0


def _recurring(w: _Words, report: FollowUpReport) -> list[str]:
    now = {g.ground: g for g in report.current.figures.evidence_gaps}
    before = {g.ground: g for g in report.previous.figures.evidence_gaps}
    return [w("recurring_item", ground=w.ground(key), now=w.number(_gap_total(now.get(key))),
              before=w.number(_gap_total(before.get(key)))) for key in report.recurring_gaps]


def _summary(w: _Words, report: FollowUpReport, author: str) -> Summary:
    now, before = report.current, report.previous
    return Summary(
        heading=w("heading"),
        decision=KeyValues(rows=[
            (w("period"), w.span(now.period)), (w("previous"), w.span(before.period)),
            (w("counted"), w("counted_value")), (w("made"), report.made.isoformat()),
            (w("made_by"), author)]),
        outcome=_key_figures(w, now, before),
        outcome_note=w("counted_note"),
        grounds=_side_by_side(w, (now.figures.negative_grounds, before.figures.negative_grounds),
                              w.ground, w("col_ground"), w("negative_grounds")),
        actions=_side_by_side(w, (now.figures.by_outcome, before.figures.by_outcome),
                              w.outcome, w("col_outcome"), w("by_outcome")),
        evidence_gaps=Bullets(items=_recurring(w, report) or [w("no_recurring")],
                              caption=w("recurring")),
        flags=Bullets(items=_flag_items(w, now.figures, before.figures) or [w("no_flags")],
                      caption=w("top_flags")),
        more=[w("more")], synthetic=report.synthetic)


def _rows(w: _Words, labels: Iterable[tuple[str, Callable[[PeriodFigures], int]]],
          report: FollowUpReport) -> list[list[str]]:
    now, before = report.current, report.previous
    return [[w(label), w.number(get(now)), w.number(get(before)),
             w.change(get(now), get(before))] for label, get in labels]


def _count_table(w: _Words, rows: list[list[str]]) -> Table:
    return Table(columns=[w("col_what"), w("period"), w("previous"), w("col_change")],
                 rows=rows, widths=[3, 1, 1, 1])


def _pairs(w: _Words, report: FollowUpReport) -> Table:
    now, before = ({(p.recommended, p.chosen): p.count for p in found.figures.chosen_vs_recommended}
                   for found in (report.current, report.previous))
    keys = list(dict.fromkeys([*now, *before]))
    return Table(columns=[w("col_outcome"), w("col_chosen"), w("period"), w("previous")],
                 rows=[[w.outcome(r), w.outcome(c, "not_chosen"), w.number(now.get((r, c), 0)),
                        w.number(before.get((r, c), 0))] for r, c in keys],
                 widths=[2, 2, 1, 1])


def _late(w: _Words, found: PeriodFigures) -> list[Paragraph | Table]:
    def listed(items: list[Due]) -> Table:
        return Table(columns=[w("col_due"), w("col_assessment"), w("col_action")],
                     rows=[[d.due.isoformat(), f"{d.title} ({d.id})", d.action or "–"]
                           for d in items], widths=[1, 3, 2])

    figures = found.figures
    return [Paragraph(text=w("late_intro", as_of=found.as_of.isoformat(), listed=LISTED)),
            Paragraph(text=w("late_actions", count=w.number(figures.overdue_actions))),
            *([listed(figures.overdue)] if figures.overdue else []),
            Paragraph(text=w("late_follow_ups", count=w.number(figures.follow_ups_due))),
            *([listed(figures.follow_ups)] if figures.follow_ups else [])]


def _measure_2(w: _Words, report: FollowUpReport) -> list[Section]:
    now, before = report.current.figures, report.previous.figures

    def sub(key: str, *blocks: Paragraph | Table) -> Section:
        return Section(id=f"m2-{key}", title=w(f"s_{key}"), level=2, blocks=list(blocks))

    return [
        Section(id="measure-2", title=w("s_m2"), blocks=[Paragraph(text=w("s_m2_intro"))]),
        sub("assessments", _count_table(w, _rows(w, [
            ("decisions", lambda p: p.figures.assessments), ("started", lambda p: p.work.started),
            ("completed", lambda p: p.work.completed)], report))),
        sub("outcomes", _side_by_side(w, (now.by_outcome, before.by_outcome), w.outcome,
                                      w("col_outcome"))),
        sub("chosen", _pairs(w, report)),
        sub("grounds", _side_by_side(w, (now.negative_grounds, before.negative_grounds),
                                     w.ground, w("col_ground"))),
        sub("flags", _side_by_side(w, (now.top_flags, before.top_flags), w.flag,
                                   w("col_flag"))).model_copy(
            update={"synthetic": report.synthetic}),
        sub("actions", _count_table(w, _rows(w, [
            ("planned", lambda p: p.work.actions_planned),
            ("done", lambda p: p.work.actions_done), ("changed", lambda p: p.work.actions_changed),
            ("not_done", lambda p: p.work.actions_not_done),
            ("without_result", lambda p: p.work.actions_without_result),
            ("overdue", lambda p: p.work.actions_overdue)], report))),
        sub("follow_ups", _count_table(w, _rows(w, [
            ("fu_planned", lambda p: p.work.follow_ups_planned),
            ("fu_done", lambda p: p.work.follow_ups_done),
            ("fu_overdue", lambda p: p.work.follow_ups_overdue)], report))),
        sub("late", *_late(w, report.current)),
    ]


def _gap_cell(w: _Words, gap: GapCount | None) -> str:
    if gap is None:
        return "–"
    return " / ".join(w.number(n) for n in (gap.gaps, gap.assessments, gap.no_evidence))


def _measure_3(w: _Words, report: FollowUpReport) -> list[Section]:
    now, before = report.current.figures, report.previous.figures
    citing = Table(columns=[w("col_what"), w("period"), w("previous")], widths=[3, 1, 1], rows=[
        [w("decisions"), w.number(now.assessments), w.number(before.assessments)],
        [w("citing_count"), w.number(now.citing_figures), w.number(before.citing_figures)],
        [w("citing_share"), w.share(now.citing_share), w.share(before.citing_share)]])
    gaps_now = {g.ground: g for g in now.evidence_gaps}
    gaps_before = {g.ground: g for g in before.evidence_gaps}
    keys = list(dict.fromkeys([*gaps_now, *gaps_before]))
    gaps = Table(columns=[w("col_ground"), w("period"), w("previous"), w("col_recurs")],
                 rows=[[w.ground(key), _gap_cell(w, gaps_now.get(key)),
                        _gap_cell(w, gaps_before.get(key)),
                        w("yes" if key in report.recurring_gaps else "no")] for key in keys],
                 widths=[2.5, 1.3, 1.3, 1])
    return [
        Section(id="measure-3", title=w("s_m3"), blocks=[Paragraph(text=w("s_m3_intro"))]),
        Section(id="m3-citing", title=w("s_citing"), level=2, blocks=[citing]),
        Section(id="m3-gaps", title=w("s_gaps"), level=2, blocks=[
            Paragraph(text=w("gaps_intro"), style="note"),
            gaps if keys else Paragraph(text=w("none"))]),
    ]


def build_report_statement(report: FollowUpReport, lang: Lang | str, *, author: str,
                           tool_version: str) -> Statement:
    """The follow-up report in one language, made by `author` (a display name)."""
    w = _Words(Lang(lang))
    period = report.current.period
    title = f"{w('heading')} {w.span(period)}"
    return Statement(
        lang=w.lang, title=title, subject=w("heading"), author=author,
        keywords=[w("keyword_plan"), w("keyword_follow_up"), w("m2"), w("m3")],
        demo=report.demo,
        summary=_summary(w, report, author),
        annex=[*_measure_2(w, report), *_measure_3(w, report),
               Section(id="method", title=w("s_method"),
                       blocks=[Bullets(items=w("method").split("|"))])],
        page=PageTexts(page_of=w("page_of"), stamps=[w("demo_stamp")] if report.demo else [],
                       synthetic_stamp=w("synthetic_stamp"), annex_heading=w("annex"),
                       footer=w("footer", tool=tool_version, start=period.start.isoformat(),
                                end=period.end.isoformat(), made=report.made.isoformat())),
        fingerprint=None)
