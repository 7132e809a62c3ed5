"""Hand-built sample Statements for the renderer tests (PDF, Word, Markdown).

They are built by hand, not from an assessment, so a renderer's tests do not depend on the
content builder and can hold the awkward cases on purpose: hostile markup, a 300-character word,
a long URL, Swedish and Sami letters, 40-row tables, a synthetic chart section next to a real one,
and a crowded summary. Every sample is a function so each test gets a fresh, frozen Statement.
"""

from __future__ import annotations

from eia.context.model import Dimension, Figure, IndicatorInfo, IndicatorKind, Measure
from eia.i18n import Lang, t
from eia.statement.model import (
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

HOSTILE = "<b>fet</b> & <script>alert(1)</script>"
"""Typed by a user: must print literally, never as markup."""
LONG_WORD = "Gemensamhetsanläggningsförvaltningsorganisation" * 6 + "x" * 18
"""300 characters without a space: must wrap, not overflow or raise."""
URL = ("https://helsingborg.se/kommun-och-politik/politik-och-demokrati/likabehandling/"
       "jamlikhetsplan-2021-2030/underlag/bilaga-3-konsekvensanalys?version=2&format=pdf")
SAMI = "Sámegiella: ŋ š ž č đ ŧ – Guovdageaidnu"
SWEDISH = "ÅÄÖ åäö – Öresundsvägen i Råå"

ASSESSMENT_ID = "stadsbibliotek-oppettider"
SHA = "3f1c9a0e5b7d2c4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6"
"""64 hex digits, like a real SHA-256, so `find_token` reads it back."""
REVISION = 3

GROUNDS_SV = ["Kön", "Könsöverskridande identitet eller uttryck", "Etnisk tillhörighet",
              "Religion eller annan trosuppfattning", "Funktionsnedsättning", "Sexuell läggning",
              "Ålder", "Socioekonomisk status"]
GROUNDS_EN = ["Sex", "Transgender identity or expression", "Ethnic origin",
              "Religion or other belief", "Disability", "Sexual orientation", "Age",
              "Socioeconomic status"]
LEVELS_SV = ["Hög negativ", "Måttlig negativ", "Låg negativ", "Ingen påverkan", "Positiv",
             "Ej bedömd", "Måttlig negativ", "Hög negativ"]
LEVELS_EN = ["High negative", "Moderate negative", "Low negative", "No impact", "Positive",
             "Not assessed", "Moderate negative", "High negative"]
AFTER_SV = ["Låg negativ", "Låg negativ", "Ingen påverkan", "Ingen påverkan", "Positiv",
            "Ej bedömd", "Låg negativ", "Måttlig negativ"]
AFTER_EN = ["Low negative", "Low negative", "No impact", "No impact", "Positive",
            "Not assessed", "Low negative", "Moderate negative"]

# --- Figures ---------------------------------------------------------------------------------

AFRAID = IndicatorInfo(
    id="afraid_out_alone",
    title=t("Andel som är rädda att gå ut ensamma", "Share afraid to go out alone"),
    unit="%", kind=IndicatorKind.proportion, higher_is_better=False, source="ramboll_2021",
    citation="Ramboll, Equal opportunities baseline analysis in Helsingborg, 2021",
    licence="Cited from the City of Helsingborg's Equal Opportunities Plan", synthetic=False,
)
EMPLOYED = IndicatorInfo(
    id="employment_rate",
    title=t("Andel förvärvsarbetande 20–64 år", "Share in employment aged 20–64"),
    unit="%", kind=IndicatorKind.proportion, higher_is_better=True, source="synthetic",
    citation="Likvärdig synthetic neighbourhood figures", licence="CC0 1.0", synthetic=True,
)


def real_figures() -> list[Figure]:
    """The plan's Figure 7: women and men afraid to go out alone, by age band (real figures)."""
    rows = [("18–29", 17, 58), ("30–44", 19, 52), ("45–64", 18, 50), ("65–84", 27, 57)]
    return [
        Figure(indicator=AFRAID, area="helsingborg", area_name="Helsingborg", period="2021",
               dimension=Dimension.sex,
               group=Measure(label=t(f"Kvinnor {band} år", f"Women {band}"), value=women),
               comparison=Measure(label=t(f"Män {band} år", f"Men {band}"), value=men),
               gap=women - men, worse_off=True)
        for band, men, women in rows
    ]


def synthetic_figures() -> list[Figure]:
    """Made-up neighbourhood employment rates against the city (synthetic figures)."""
    city = Measure(label=t("Helsingborg", "Helsingborg"), value=78.0, base=5000, ci_low=77.2,
                   ci_high=78.8)
    rows = [("drottninghog", "Drottninghög", 61.5, True), ("rydeback", "Rydebäck", 83.1, False),
            ("dalhem", "Dalhem", 66.0, True)]
    return [
        Figure(indicator=EMPLOYED, area=area, area_name=name, period="2024", dimension=None,
               group=Measure(label=t(name, name), value=value, base=400, ci_low=value - 4.5,
                             ci_high=value + 4.5),
               comparison=city, gap=round(value - 78.0, 1), worse_off=worse)
        for area, name, value, worse in rows
    ]


# --- Pieces ----------------------------------------------------------------------------------


def _grounds(lang: Lang) -> Table:
    sv = lang is Lang.sv
    names, before, after = ((GROUNDS_SV, LEVELS_SV, AFTER_SV) if sv
                            else (GROUNDS_EN, LEVELS_EN, AFTER_EN))
    screening = ["Berörs" if sv else "Affected", "Berörs inte" if sv else "Not affected"]
    direction = ["Negativ" if sv else "Negative", "Positiv" if sv else "Positive",
                 "Ingen" if sv else "None"]
    rows = [[name, screening[i % 2], direction[i % 3], before[i], after[i]]
            for i, name in enumerate(names)]
    columns = (["Diskrimineringsgrund", "Screening", "Riktning", "Nivå före", "Nivå efter"] if sv
               else ["Ground", "Screening", "Direction", "Level before", "Level after"])
    return Table(columns=columns, rows=rows, widths=[3, 1.6, 1.4, 1.8, 1.8],
                 caption="Diskrimineringsgrunder" if sv else "Grounds of discrimination")


def _actions(lang: Lang, count: int) -> Table:
    sv = lang is Lang.sv
    owners = ["Kulturförvaltningen", "Stadsbiblioteket", "Fastighetsförvaltningen",
              "Socialförvaltningen", "Skol- och fritidsförvaltningen"]
    rows = []
    for i in range(count):
        what = (f"Åtgärd {i + 1}: förläng öppettiderna i Drottninghög och informera på "
                f"arabiska, somaliska och lätt svenska" if sv else
                f"Action {i + 1}: extend opening hours in Drottninghög and inform in Arabic, "
                f"Somali and easy-read English")
        rows.append([what, f"{owners[i % len(owners)]} {i + 1}", f"2026-{(i % 12) + 1:02d}-30"])
    columns = ["Åtgärd", "Ansvarig", "Klart senast"] if sv else ["Action", "Owner", "Due"]
    return Table(columns=columns, rows=rows, widths=[5, 2.4, 1.4],
                 caption="Åtgärder" if sv else "Actions")


def _summary(lang: Lang, *, actions: int = 3, flags: int = 3) -> Summary:
    sv = lang is Lang.sv
    decision = KeyValues(rows=[
        ("Ärende" if sv else "Decision", "Ändrade öppettider på Stadsbiblioteket" if sv
         else "Changed opening hours at the City Library"),
        ("Diarienummer" if sv else "Diary number", "KUN 2026/123"),
        ("Nämnd" if sv else "Committee", "Kulturnämnden" if sv else "Culture Committee"),
        ("Sammanträde" if sv else "Meeting", "2026-12-10"),
        ("Handläggare" if sv else "Case officer", f"Åsa Öberg ({SAMI})"),
    ])
    outcome = Table(
        columns=["Utfall", "Val"] if sv else ["Outcome", "Choice"],
        rows=[["Fortsätt utan ändring" if sv else "Proceed unchanged", ""],
              ["Justera förslaget" if sv else "Adjust the proposal",
               "Rekommenderat och valt" if sv else "Recommended and chosen"],
              ["Fortsätt trots negativa effekter" if sv else "Proceed despite adverse effects",
               ""],
              ["Stoppa och ompröva" if sv else "Stop and reconsider", ""]],
        widths=[3, 2],
    )
    note = ("Förslaget justeras: kvällsöppet behålls i Drottninghög där andelen utan "
            "arbete är hög." if sv else
            "The proposal is adjusted: evening opening stays in Drottninghög where the share "
            "out of work is high.")
    gaps = Bullets(items=[
        ("Statistik saknas för könsöverskridande identitet i Helsingborg." if sv
         else "No statistics for transgender identity in Helsingborg."),
        ("Inga uppgifter om religion (registreras inte i Sverige)." if sv
         else "No figures on religion (not recorded in Sweden)."),
    ])
    flag_items = [
        (f"Flagga {i + 1}: samråd med funktionsrättsrådet saknas" if sv
         else f"Flag {i + 1}: no consultation with the disability council")
        for i in range(flags)
    ]
    more = []
    if actions > 3 or flags > 3:
        more = ["Fler åtgärder och flaggor finns i bilagan, avsnitt 4." if sv
                else "More actions and flags are in the annex, section 4.",
                "Alla svar och motiveringar finns i bilagan." if sv
                else "Every answer and reason is in the annex."]
    return Summary(
        heading=("Sammanfattning: jämlikhetskonsekvensanalys" if sv
                 else "Summary: equality impact assessment"),
        decision=decision, outcome=outcome, outcome_note=note, grounds=_grounds(lang),
        actions=_actions(lang, actions), evidence_gaps=gaps, flags=Bullets(items=flag_items),
        more=more,
    )


def _long_table(lang: Lang, rows: int = 40) -> Table:
    sv = lang is Lang.sv
    columns = (["Nr", "Fråga", "Svar", "Motivering"] if sv
               else ["No.", "Question", "Answer", "Reason"])
    body = []
    for i in range(rows):
        reason = ("Bedömningen bygger på besöksstatistik och samråd med föreningar i "
                  "Drottninghög och Dalhem." if sv else
                  "The judgement rests on visitor statistics and a consultation with "
                  "associations in Drottninghög and Dalhem.")
        if i == 7:
            reason = LONG_WORD
        if i == 11:
            reason = URL
        if i == 13:
            reason = HOSTILE
        body.append([str(i + 1), (f"Fråga {i + 1}: påverkar förslaget gruppen?" if sv
                                  else f"Question {i + 1}: does the proposal affect the group?"),
                     ("Ja" if i % 3 else "Nej") if sv else ("Yes" if i % 3 else "No"),
                     reason])
    return Table(columns=columns, rows=body, widths=[0.5, 3, 1, 4],
                 caption="Alla frågor och svar" if sv else "Every question and answer")


def _annex(lang: Lang) -> list[Section]:
    sv = lang is Lang.sv
    return [
        Section(id="answers", title="Svar och motiveringar" if sv else "Answers and reasons",
                blocks=[
                    Paragraph(text=(f"Handläggarens anteckning: {HOSTILE}" if sv
                                    else f"Officer's note: {HOSTILE}")),
                    Paragraph(text=f"{SWEDISH}. {SAMI}.", style="note"),
                    Paragraph(text=LONG_WORD),
                    Paragraph(text=f"Källa: {URL}" if sv else f"Source: {URL}"),
                    _long_table(lang),
                ]),
        Section(id="context", title="Sammanhang och statistik" if sv else "Context and figures",
                blocks=[Paragraph(text=("Statistiken nedan beskriver läget i staden." if sv else
                                        "The figures below describe the city."))]),
        Section(id="context-real", level=2,
                title="Rädsla att gå ut ensam (verkliga siffror)" if sv
                else "Afraid to go out alone (real figures)",
                blocks=[
                    Chart(chart="bars", title="Rädda att gå ut ensamma" if sv
                          else "Afraid to go out alone", figures=real_figures(),
                          description=("Kvinnor är oftare rädda än män i alla åldersgrupper, "
                                       "t.ex. 58 % mot 17 % bland 18–29 år." if sv else
                                       "Women are more often afraid than men in every age band, "
                                       "e.g. 58% against 17% aged 18–29.")),
                    Chart(chart="gap", title="Skillnad kvinnor–män" if sv
                          else "Gap women–men", figures=real_figures(),
                          description=("Skillnaden är 30–41 procentenheter." if sv else
                                       "The gap is 30–41 percentage points.")),
                ]),
        Section(id="context-synthetic", level=2, synthetic=True,
                title="Sysselsättning per område (syntetiska siffror)" if sv
                else "Employment by neighbourhood (synthetic figures)",
                blocks=[
                    Paragraph(text=("Siffrorna i detta avsnitt är påhittade för demonstration."
                                    if sv else "The figures in this section are made up for "
                                    "the demonstration."), style="warning"),
                    Chart(chart="bars", title="Andel förvärvsarbetande" if sv
                          else "Share in employment", figures=synthetic_figures(),
                          description=("Drottninghög 61,5 % och Dalhem 66 % ligger under "
                                       "stadens 78 %; Rydebäck 83,1 % över." if sv else
                                       "Drottninghög 61.5% and Dalhem 66% are below the "
                                       "city's 78%; Rydebäck 83.1% above.")),
                ]),
        Section(id="consultation", title="Samrådslogg" if sv else "Consultation log",
                blocks=[
                    Bullets(items=[
                        "2026-09-02: Funktionsrättsrådet" if sv
                        else "2026-09-02: Disability council",
                        f"2026-09-15: {HOSTILE}",
                        f"2026-10-01: {SAMI}",
                    ]),
                    KeyValues(rows=[("Frågeuppsättning" if sv else "Question set", "2026.2"),
                                    ("Länk" if sv else "Link", URL)]),
                ]),
        Section(id="signoff", title="Underskrift och fingeravtryck" if sv
                else "Sign-off and fingerprint",
                blocks=[
                    KeyValues(rows=[("Godkänd av" if sv else "Approved by", "Örjan Ängström"),
                                    ("Datum" if sv else "Date", "2026-11-20")]),
                    Paragraph(text=_fingerprint(lang).text, style="note"),
                ]),
    ]


def _fingerprint(lang: Lang) -> Fingerprint:
    sv = lang is Lang.sv
    return Fingerprint(
        assessment_id=ASSESSMENT_ID, revision=REVISION, sha256=SHA,
        command=f"eia verify statement.pdf --assessment {ASSESSMENT_ID}",
        text=(f"SHA-256 för revision {REVISION}: {SHA}" if sv
              else f"SHA-256 of revision {REVISION}: {SHA}"),
    )


def _page(lang: Lang, demo: bool) -> PageTexts:
    sv = lang is Lang.sv
    return PageTexts(
        page_of="Sida {page} av {pages}" if sv else "Page {page} of {pages}",
        stamps=(["DEMO – fiktivt exempel" if sv else "DEMO – fictitious example"]
                if demo else []),
        synthetic_stamp=("SYNTETISKA DATA – påhittade siffror" if sv
                         else "SYNTHETIC DATA – made-up figures"),
        annex_heading="Bilaga" if sv else "Annex",
        footer="Likvärdig 0.1.0 · frågeuppsättning 2026.2 · data 2024" if sv
        else "Likvärdig 0.1.0 · question set 2026.2 · data 2024",
    )


def statement(lang: Lang = Lang.sv, *, demo: bool = True, actions: int = 3, flags: int = 3,
              annex: list[Section] | None = None) -> Statement:
    """A realistic statement in `lang`; `actions`/`flags` crowd the summary."""
    sv = lang is Lang.sv
    return Statement(
        lang=lang,
        title=("Jämlikhetskonsekvensanalys: Ändrade öppettider på Stadsbiblioteket – "
               "Kulturnämnden, Helsingborgs stad" if sv else
               "Equality impact assessment: Changed opening hours at the City Library – "
               "Culture Committee, City of Helsingborg"),
        subject="KUN 2026/123",
        author="Åsa Öberg",
        keywords=["jämlikhet", "konsekvensanalys", "KUN 2026/123"] if sv
        else ["equality", "impact assessment", "KUN 2026/123"],
        demo=demo,
        summary=_summary(lang, actions=actions, flags=flags),
        annex=_annex(lang) if annex is None else annex,
        page=_page(lang, demo),
        fingerprint=_fingerprint(lang),
    )


def swedish() -> Statement:
    return statement(Lang.sv)


def english() -> Statement:
    return statement(Lang.en)


def crowded(lang: Lang = Lang.sv) -> Statement:
    """30 actions and 30 flags: the summary must still fit page one."""
    return statement(lang, actions=30, flags=30)


def minimal(lang: Lang = Lang.en) -> Statement:
    """No annex sections and no demo stamp: the smallest statement a renderer must handle."""
    return statement(lang, demo=False, annex=[])


SCRIPTS: dict[str, str] = {
    "arabic": "نريد أن تبقى المكتبة مفتوحة للأطفال",
    "persian": "کتابخانه برای بچه‌های محله مهم است",
    "hebrew": "הספרייה חשובה לילדים בשכונה",
    "tigrinya": "ቤት መጻሕፍቲ ንቆልዑ ኣገዳሲ እዩ",
    "somali": "Maktabaddu waa muhiim u tahay carruurta xaafadda",
    "chinese": "图书馆对社区的孩子很重要",
    "emoji": "📚 👍 ❤",
}
"""What residents wrote in a consultation, one line per script (made up for the tests)."""
MIXED = f"Föräldrar skrev: {SCRIPTS['arabic']} (12 svar) och 📚"
"""A Swedish sentence quoting Arabic, with a number and an emoji."""


def scripts(lang: Lang = Lang.sv) -> Statement:
    """Consultation notes quoting residents in every script, in the title and page one too."""
    base = statement(lang)
    quotes = Section(id="consultation", title="Samråd" if lang is Lang.sv else "Consultation",
                     blocks=[*(Paragraph(text=text) for text in SCRIPTS.values()),
                             Paragraph(text=MIXED),
                             Table(columns=["Språk", "Citat"],
                                   rows=[[name, text] for name, text in SCRIPTS.items()])])
    summary = base.summary.model_copy(update={
        "evidence_gaps": Bullets(items=[SCRIPTS["arabic"], SCRIPTS["chinese"]],
                                 caption=base.summary.evidence_gaps.caption)})
    return base.model_copy(update={"title": f"{base.title} – {SCRIPTS['hebrew']}",
                                   "summary": summary, "annex": [quotes, *base.annex]})
