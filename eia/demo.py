"""Three demo assessments: fictitious decisions, marked DEMO in their data and their titles.

They are written in Swedish, as a Helsingborg case officer writes them, and answered under set
helsingborg 1.1. They show the three different outcomes the rules can recommend, for reasons the
score explains:
  - digital-only booking: a high impact on older people, lowered by decided phone and assisted
    booking -> adjust the proposal;
  - gender-neutral changing rooms: positive for trans people and people with a disability, small
    concerns removed by full-height cubicles -> no major change;
  - closing a branch library: a high socioeconomic impact no action removes -> stop and rethink
    (the officer chose "adjust" with a justification).
Everything is deterministic (fixed dates and clock) so `eia demo` rewrites byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from eia.context.model import CITY
from eia.errors import ConflictError
from eia.model import Assessment, FollowUpRecord, Status, Step, Verdict
from eia.services.assessments import COPIED_PARTS, AssessmentService
from eia.users import LOCAL_USERS, load_directory

DEMO_CLOCK = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEMO_NOTICE = ("DEMO – fiktivt exempel, inte ett verkligt beslut. "
               "DEMO – fictitious example, not a real decision.")
QUESTION_SET = {"id": "helsingborg", "version": "1.1"}


def _screen(answer: str, reason: str = "") -> dict[str, str]:
    return {"answer": answer, "reason": reason}


def _answers(**values: Any) -> dict[str, dict[str, Any]]:
    """Answers keyed by question id; a tuple value is (answer, officer's note)."""
    return {
        qid.replace("__", "."): {"value": value[0], "note": value[1]}
        if isinstance(value, tuple) else {"value": value}
        for qid, value in values.items()
    }


DIGITAL_BOOKING: dict[str, Any] = {
    "id": "demo-digital-booking",
    "decision": {
        "title": "DEMO: Bokning av besök på kontaktcenter görs bara digitalt",
        "diary_number": "DEMO-KS 2026/0101",
        "department": "Stadsledningsförvaltningen",
        "committee": "Kommunstyrelsen",
        "meeting_date": date(2026, 12, 9),
        "description": (
            f"{DEMO_NOTICE}\n\nKontaktcenter slutar ta emot bokningar av besök i disken och per "
            "telefon. Invånarna bokar i stället i stadens e-tjänst. Disken är fortsatt öppen, men "
            "bara för bokade besök. Syftet är kortare köer och lägre kostnader."),
        "affected_areas": [CITY],
        "affected_services": ["Kontaktcenter", "Bokning av besök"],
    },
    "screening": {
        "sex": _screen("no", "Kontaktcentrets besöksstatistik visar att kvinnor och män använder "
                             "tjänsten i samma utsträckning. Förändringen berör inte trygghet, "
                             "omsorg eller våld."),
        "gender_identity": _screen("dont_know", "Formuläret i e-tjänsten kan kräva juridiskt "
                                                "kön."),
        "ethnic_origin": _screen("yes", "Många besökare behöver hjälp på ett annat språk än "
                                        "svenska."),
        "religion": _screen("no", "Bokningstider och kanaler berör inte religionsutövning."),
        "disability": _screen("yes", "E-tjänster kan stänga ute personer med synnedsättning "
                                     "eller kognitiv funktionsnedsättning."),
        "sexual_orientation": _screen("no", "Ingenting i bokningen beror på sexuell läggning."),
        "age": _screen("yes", "Äldre invånare använder digitala tjänster i mindre utsträckning."),
        "socioeconomic": _screen("yes", "Alla har inte en smarttelefon, en dator eller "
                                        "e-legitimation."),
        "children": _screen("no", "Tjänsten riktar sig till vuxna; barn bokar inte besök här."),
        "national_minorities": _screen("dont_know", "Äldre sverigefinnar använder disken och "
                                                    "vill ha service på finska."),
    },
    "evidence": {
        "context_figures": [{"indicator": "digital_access", "grounds": ["age", "socioeconomic"]}],
        "sources": [
            {"title": "Besöksloggen i disken januari–juni 2026 (DEMO)",
             "grounds": ["age", "ethnic_origin"],
             "summary": "En tredjedel av bokningarna i disken gjordes av personer över 70 år. "
                        "Vid vart femte besök användes tolk (fiktiva siffror)."},
            {"title": "Tillgänglighetsrapport för e-tjänsten för bokning (DEMO)",
             "grounds": ["disability"],
             "summary": "E-tjänsten är ännu inte testad med skärmläsare."},
        ],
        "gaps": [{"description": "Det saknas uppgifter om vilka som bokar per telefon i dag.",
                  "grounds": ["socioeconomic", "gender_identity"],
                  "plan": "Räkna telefonbokningarna per åldersgrupp under fyra veckor före "
                          "förändringen.",
                  "due": date(2027, 2, 1)}],
    },
    "impacts": {
        "age": {"direction": "negative", "severity": "serious", "likelihood": "likely",
                "people_affected": 4000, "has_alternative": False,
                "affected_groups": [{"codes": {"age_band": "65_84"}, "label": "65–84 år"},
                                    {"codes": {"age_band": "85_plus"},
                                     "label": "85 år och äldre"}],
                "groups": "Invånare över 70 år som inte använder e-tjänster",
                "description": "Äldre invånare som inte använder e-tjänster förlorar det sätt "
                               "de bokar på i dag."},
        "disability": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                       "affected_groups": [{"codes": {"disability": "with_disability"},
                                            "label": "Med funktionsnedsättning"}],
                       "groups": "Personer med synnedsättning eller kognitiv "
                                 "funktionsnedsättning",
                       "description": "E-tjänsten är inte testad med hjälpmedel som "
                                      "skärmläsare."},
        "ethnic_origin": {"direction": "negative", "severity": "moderate",
                          "likelihood": "possible",
                          "affected_groups": [{"codes": {"birth_region": "born_abroad"},
                                               "label": "Utrikes födda"}],
                          "groups": "Utrikes födda som behöver tolk",
                          "description": "E-tjänsten finns bara på svenska och engelska."},
        "socioeconomic": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                          "affected_groups": [{"codes": {"education": "compulsory"},
                                               "label": "Förgymnasial utbildning"}],
                          "groups": "Invånare utan smarttelefon, dator eller e-legitimation",
                          "description": "För att boka behövs en enhet, en internetuppkoppling "
                                         "och e-legitimation."},
        "gender_identity": {"direction": "negative", "severity": "minor", "likelihood": "likely",
                            "affected_groups": [{"codes": {"gender_identity": "trans"},
                                                 "label": "Transpersoner"}],
                            "groups": "Transpersoner och icke-binära personer",
                            "description": "Bokningsformuläret kräver att man väljer "
                                           "”kvinna” eller ”man”."},
    },
    "answers": _answers(
        decision__kind_of_decision="changed_service",
        decision__who_is_affected="directly",
        decision__users_known="yes",
        evidence__data_by_sex="partly",
        evidence__other_breakdowns=["age", "neighbourhood"],
        evidence__user_experience="yes",
        age__digital_exclusion=("digital_only", "Både bokning i disken och per telefon "
                                                "upphör."),
        age__older_participation="somewhat_reduced",
        age__children_young_access="no_effect",
        age__ageism="none",
        disability__premises="accessible",
        disability__communication="partly",
        disability__digital_services=("dont_know", "E-tjänsten är ännu inte testad med "
                                                   "skärmläsare."),
        disability__transport="no_change",
        disability__support_and_adaptation="no_change",
        disability__groups_with_barriers=["vision", "cognitive"],
        ethnic_origin__language_interpreting="partly",
        ethnic_origin__treatment_racism="low_risk",
        ethnic_origin__reach_born_abroad="harder",
        ethnic_origin__neighbourhood_effects="same_or_better",
        ethnic_origin__norm_assumptions=2,
        socioeconomic__fees_and_costs="no_change",
        socioeconomic__neighbourhoods="even",
        socioeconomic__digital_access_and_cost="required",
        socioeconomic__travel="shorter_or_same",
        socioeconomic__girls_participation="not_leisure",
        gender_identity__changing_rooms_toilets="none_in_service",
        gender_identity__two_genders_in_forms="two_required",
        gender_identity__treatment="low_risk",
        gender_identity__gender_separated_activities="not_split",
        national_minorities__groups_affected=["sweden_finns"],
        national_minorities__language_rights="weakened",
        national_minorities__culture_and_identity="not_affected",
        national_minorities__children_and_young_people="dont_know",
        intersectionality__most_exposed_grounds=["age", "disability", "ethnic_origin"],
        intersectionality__combinations_examined="with_experience",
        intersectionality__group_falls_between="yes",
        intersectionality__group_has_action="yes",
        alternatives__do_nothing_considered="yes",
        alternatives__better_alternative_rejected="no",
        cumulative__same_groups_elsewhere="yes",
        previous__assessed_before="no",
        consultation__rarely_heard_reached="yes",
        consultation__channels=["councils", "minorities", "interpreter"],
        consultation__feedback_given="yes",
        actions__every_negative_covered="yes",
        actions__funded="within_budget",
        actions__communicated="yes",
        conclusion__in_decision_report="yes",
        follow_up__how_will_you_know="Antalet bokningar per åldersgrupp och kanal, sex månader "
                                     "efter förändringen.",
        follow_up__data_broken_down="yes",
    ),
    "perspectives": {
        "national_minorities": {"consulted": True,
                                "description": "Äldre sverigefinnar bad om att kunna boka per "
                                               "telefon på finska."},
        "intersectionality": {"grounds": ["age", "disability", "ethnic_origin"],
                              "description": "Äldre utrikes födda med synnedsättning möter "
                                             "alla tre hindren på en gång."},
    },
    "alternatives": [
        {"description": "Behålla bokning i disken och per telefon som i dag.", "do_nothing": True,
         "assessment": "Ingen besparing; köerna finns kvar."},
        {"description": "Digital bokning, men med telefonbokning och hjälp att boka kvar.",
         "chosen": True,
         "assessment": "Det mesta av besparingen nås, och ingen blir utan ett sätt att boka."},
    ],
    "cumulative": {"description": "Busskortsförsäljningen blev helt digital 2025. Samma äldre "
                                  "invånare förlorar därmed en andra disk.",
                   "related_decisions": ["DEMO-KS 2025/0077 (fiktivt)"]},
    "consultations": [
        {"who": "Pensionärsrådet", "grounds": ["age", "disability"],
         "held_on": date(2026, 10, 6), "method": "Möte",
         "what_they_said": "Många medlemmar saknar e-legitimation; telefonbokningen måste "
                           "finnas kvar.",
         "response": "Telefonbokningen behålls med återuppringning (åtgärden "
                     "telefonbokning)."},
        {"who": "Funktionsrättsrådet", "grounds": ["disability"],
         "held_on": date(2026, 10, 13), "method": "Möte",
         "what_they_said": "Testa e-tjänsten med skärmläsare innan den införs.",
         "response": "En tillgänglighetsgranskning läggs till (åtgärden "
                     "wcag-granskning)."},
        {"who": "Sverigefinska föreningen", "grounds": ["ethnic_origin"],
         "national_minorities": True, "held_on": date(2026, 10, 20), "method": "Samråd",
         "what_they_said": "Det ska gå att boka på finska även i fortsättningen.",
         "response": "Telefonbokning erbjuds på finska (åtgärden telefonbokning)."},
    ],
    "actions": [
        {"id": "telefonbokning", "description": "Telefonbokningen behålls, med återuppringning, "
                                               "på svenska och finska.",
         "owner": "Chef för kontaktcenter", "due": date(2027, 3, 1),
         "grounds": ["age", "disability", "socioeconomic"],
         "effects": {"age": "reduces", "disability": "reduces", "socioeconomic": "reduces"},
         "decided": True, "funded": True},
        {"id": "assisterad-bokning", "description": "Hjälp att boka digitalt på stadens bibliotek, "
                                                  "med tolk vid behov.",
         "owner": "Bibliotekschef", "due": date(2027, 3, 1),
         "grounds": ["age", "ethnic_origin", "socioeconomic"],
         "effects": {"age": "reduces", "ethnic_origin": "reduces", "socioeconomic": "reduces"},
         "decided": True, "funded": True},
        {"id": "wcag-granskning", "description": "E-tjänsten för bokning granskas mot WCAG 2.1 AA "
                                            "och testas av personer som använder skärmläsare.",
         "owner": "Chef för digital service", "due": date(2027, 2, 15),
         "grounds": ["disability"], "effects": {"disability": "reduces"},
         "decided": True, "funded": True},
        {"id": "kvinna-man-tas-bort",
         "description": "Det obligatoriska fältet kvinna/man tas bort ur bokningsformuläret.",
         "owner": "Chef för digital service", "due": date(2027, 1, 31),
         "grounds": ["gender_identity"], "effects": {"gender_identity": "removes"},
         "decided": True, "funded": True},
    ],
    "conclusion": {"chosen_outcome": "adjust_proposal",
                   "summary": "Bokningen blir digital, men telefonbokning och hjälp att boka "
                              "finns kvar, så att äldre invånare och andra som inte använder "
                              "e-tjänster fortfarande kan boka."},
    "follow_up": {"due": date(2027, 9, 1)},
}

CHANGING_ROOMS: dict[str, Any] = {
    "id": "demo-changing-rooms",
    "decision": {
        "title": "DEMO: Könsneutrala omklädningsrum i en kommunal idrottshall",
        "diary_number": "DEMO-KN 2026/0202",
        "department": "Kulturförvaltningen",
        "committee": "Kulturnämnden",
        "meeting_date": date(2026, 11, 18),
        "description": (
            f"{DEMO_NOTICE}\n\nNär idrottshallens omklädningsrum renoveras byggs de om till ett "
            "gemensamt, könsneutralt utrymme med enskilda låsbara omklädningsbås och duschar med "
            "väggar från golv till tak, varav ett tillgängligt. Det ersätter de separata "
            "omklädningsrummen för kvinnor och män."),
        "affected_areas": [CITY],
        "affected_services": ["Idrottshall", "Idrott och hälsa i skolan", "Idrottsföreningar"],
    },
    "screening": {
        "sex": _screen("yes", "En del flickor och kvinnor säger att de känner sig otrygga när "
                              "de byter om nära män."),
        "gender_identity": _screen("yes", "Transpersoner och icke-binära personer har fått "
                                          "välja ett omklädningsrum som inte passar dem."),
        "ethnic_origin": _screen("no", "Tillgång och användning beror inte på etnisk "
                                       "tillhörighet."),
        "religion": _screen("yes", "En del användare vill skyla kroppen av religiösa skäl när "
                                   "de byter om."),
        "disability": _screen("yes", "Ett tillgängligt omklädningsbås ingår i ritningarna."),
        "sexual_orientation": _screen("no", "Utformningen beror inte på sexuell läggning."),
        "age": _screen("no", "Alla åldrar använder samma utrymmen som i dag; skolklasserna "
                             "behåller sina egna bokade tider."),
        "socioeconomic": _screen("no", "Inga avgifter eller öppettider ändras."),
        "children": _screen("yes", "Skolklasser byter om här varje dag."),
        "national_minorities": _screen("no", "Inget minoritetsspråk och ingen minoritetskultur "
                                             "berörs."),
    },
    "evidence": {
        "sources": [
            {"title": "Elevenkät om omklädningsrum vid två skolor (DEMO)",
             "grounds": ["sex", "gender_identity"],
             "summary": "Eleverna ville hellre ha enskilda omklädningsbås än separata "
                        "omklädningsrum (fiktiva svar)."},
            {"title": "Plan för lika möjligheter: citat ur enkäten om en transman som bytte om "
                      "i flickornas omklädningsrum", "grounds": ["gender_identity"],
             "reference": "Helsingborgs stad, Plan för lika möjligheter, avsnitt 4.7"},
            {"title": "Dialog med två trossamfund (DEMO)", "grounds": ["religion"],
             "summary": "Omklädningsbås med hela väggar tillgodoser medlemmarnas behov."},
            {"title": "Tillgänglighetsgranskning av ritningarna (DEMO)",
             "grounds": ["disability"]},
        ],
    },
    "impacts": {
        "gender_identity": {"direction": "positive", "benefit": "large",
                            "affected_groups": [{"codes": {"gender_identity": "trans"},
                                                 "label": "Transpersoner"}],
                            "groups": "Transpersoner och icke-binära personer",
                            "description": "Alla kan byta om utan att behöva välja ett "
                                           "omklädningsrum för kvinnor eller män."},
        "disability": {"direction": "positive", "benefit": "moderate",
                       "affected_groups": [{"codes": {"disability": "with_disability"},
                                            "label": "Med funktionsnedsättning"}],
                       "groups": "Personer som använder rullstol och personer som behöver "
                                 "assistans",
                       "description": "Ett tillgängligt omklädningsbås med plats för en "
                                      "assistent."},
        "sex": {"direction": "negative", "severity": "minor", "likelihood": "possible",
                "affected_groups": [{"codes": {"sex": "women"}, "label": "Kvinnor"}],
                "groups": "Flickor och kvinnor",
                "description": "En del flickor och kvinnor kan känna sig otrygga i ett "
                               "gemensamt utrymme."},
        "religion": {"direction": "negative", "severity": "minor", "likelihood": "possible",
                     "groups": "Personer som vill skyla kroppen av religiösa skäl",
                     "description": "Att byta om i ett gemensamt utrymme kan gå emot viljan "
                                    "att skyla kroppen."},
    },
    "answers": _answers(
        decision__kind_of_decision="physical_planning",
        decision__who_is_affected="directly",
        decision__users_known="yes",
        evidence__data_by_sex="yes",
        evidence__other_breakdowns=["age"],
        evidence__user_experience="yes",
        sex__use_and_needs="difference_not_handled",
        sex__safety_public_space="not_affected",
        sex__violence_close_relationships="not_affected",
        sex__unpaid_care="no_change",
        sex__stereotypes="checked_none",
        gender_identity__changing_rooms_toilets="individual_options",
        gender_identity__two_genders_in_forms="not_asked",
        gender_identity__treatment="low_risk",
        gender_identity__gender_separated_activities="not_split",
        religion__places_of_worship="not_affected",
        religion__food_and_meals="no_meals",
        religion__dress_and_modesty="some_limits",
        religion__days_and_times="checked_no_clash",
        religion__harassment="no_risk",
        disability__premises="accessible",
        disability__communication="yes",
        disability__digital_services="no_digital",
        disability__transport="no_change",
        disability__support_and_adaptation="stronger",
        disability__groups_with_barriers=["none"],
        children__how_affected="directly",
        children__rights_affected=["health", "play_and_leisure"],
        children__views_asked="age_appropriate",
        children__feedback_to_children="yes",
        children__children_in_vulnerable_situations=["lgbtqi"],
        children__rights_effect="strengthened",
        children__best_interests_weighed="yes",
        children__in_line_with_best_interests="in_line",
        children__follow_up_includes_children="yes",
        intersectionality__combinations_examined="with_experience",
        intersectionality__group_falls_between="no",
        alternatives__do_nothing_considered="yes",
        alternatives__better_alternative_rejected="no",
        cumulative__same_groups_elsewhere="no",
        previous__assessed_before="no",
        consultation__rarely_heard_reached="yes",
        consultation__channels=["youth", "civil_society", "on_site"],
        consultation__feedback_given="yes",
        actions__every_negative_covered="yes",
        actions__funded="within_budget",
        actions__communicated="yes",
        conclusion__in_decision_report="yes",
        conclusion__reviewed_by_someone_else="yes",
        follow_up__how_will_you_know="En kort enkät till användare och elever ett år efter "
                                     "öppningen, uppdelad på kön och ålder.",
        follow_up__data_broken_down="yes",
        follow_up__users_asked="yes",
    ),
    "perspectives": {
        "children": {"best_interests": "Eleverna får enskilda omklädningsbås, vilket de flesta "
                                       "bad om, och ingen elev behöver byta om i ett rum som "
                                       "inte stämmer med elevens könsidentitet.",
                     "childrens_views": "Elevråden vid två skolor fick komma till tals och såg "
                                        "ritningarna."},
        "intersectionality": {"grounds": ["sex", "religion"],
                              "description": "Flickor som vill skyla kroppen av religiösa skäl "
                                             "var den grupp som var mest orolig för ett "
                                             "gemensamt utrymme. Omklädningsbås med väggar från "
                                             "golv till tak möter båda behoven."},
    },
    "alternatives": [
        {"description": "Renovera de separata omklädningsrummen som de är.", "do_nothing": True,
         "assessment": "Transpersoner och icke-binära elever har fortfarande inget "
                       "omklädningsrum som passar dem."},
        {"description": "Separata omklädningsrum och ett extra könsneutralt rum.",
         "assessment": "Den som använder det extra rummet pekas ut."},
        {"description": "Ett gemensamt utrymme med enskilda omklädningsbås.", "chosen": True},
    ],
    "consultations": [
        {"who": "Elevråden vid två skolor (DEMO)", "grounds": ["sex", "gender_identity"],
         "children": True, "held_on": date(2026, 9, 15), "method": "Workshop",
         "what_they_said": "Enskilda omklädningsbås är viktigare än separata omklädningsrum.",
         "response": "Omklädningsbås med väggar från golv till tak ingår i ritningarna "
                     "(åtgärden golv-till-tak)."},
        {"who": "RFSL Ungdoms lokalgrupp (DEMO)", "grounds": ["gender_identity"],
         "held_on": date(2026, 9, 22), "method": "Möte",
         "what_they_said": "Positivt; skyltarna bör inte säga kvinnor och män.",
         "response": "Könsneutrala skyltar (åtgärden skyltar)."},
        {"who": "Två trossamfund (DEMO)", "grounds": ["religion"],
         "held_on": date(2026, 9, 29), "method": "Möte",
         "what_they_said": "Omklädningsbås med väggar från golv till tak fungerar för "
                           "medlemmarna.",
         "response": "Finns kvar i ritningarna."},
    ],
    "actions": [
        {"id": "golv-till-tak", "description": "Alla omklädningsbås och duschar byggs "
                                                      "med väggar från golv till tak och "
                                                      "låsbar dörr.",
         "owner": "Projektledare, fastighetsförvaltningen", "due": date(2027, 5, 31),
         "grounds": ["sex", "religion"],
         "effects": {"sex": "removes", "religion": "removes"},
         "decided": True, "funded": True},
        {"id": "skyltar", "description": "Könsneutrala skyltar och information till "
                                         "föreningar som hyr hallen.",
         "owner": "Föreståndare för idrottshallen", "due": date(2027, 6, 15),
         "grounds": ["gender_identity", "sex"],
         "effects": {"gender_identity": "no_change", "sex": "reduces"},
         "decided": True, "funded": True},
    ],
    "conclusion": {"chosen_outcome": "no_major_change",
                   "summary": "Det könsneutrala omklädningsutrymmet byggs med omklädningsbås "
                              "med väggar från golv till tak."},
    "follow_up": {"due": date(2028, 6, 1)},
}

BRANCH_LIBRARY: dict[str, Any] = {
    "id": "demo-branch-library",
    "decision": {
        "title": "DEMO: Nedläggning av filialbiblioteket i Drottninghög",
        "diary_number": "DEMO-KN 2026/0303",
        "department": "Kulturförvaltningen",
        "committee": "Kulturnämnden",
        "meeting_date": date(2027, 1, 20),
        "description": (
            f"{DEMO_NOTICE}\n\nFör att nå nämndens sparkrav läggs filialbiblioteket i "
            "Drottninghög ned och beståndet flyttas till stadsbiblioteket i centrum. "
            "Bokbussen stannar i stadsdelen en gång i veckan."),
        "affected_areas": ["drottninghog"],
        "affected_services": ["Filialbibliotek", "Läxhjälp", "Publika datorer"],
    },
    "screening": {
        "sex": _screen("yes", "Flickor använder biblioteket som studieplats mer än pojkar."),
        "gender_identity": _screen("no", "Ingenting i förändringen beror på könsöverskridande "
                                         "identitet eller uttryck."),
        "ethnic_origin": _screen("yes", "Många invånare är utrikes födda och går på "
                                        "bibliotekets språkcaféer."),
        "religion": _screen("no", "Ingen religionsutövning är knuten till biblioteket."),
        "disability": _screen("yes", "Stadsbiblioteket ligger längre bort."),
        "sexual_orientation": _screen("no", "Filialen har ingen verksamhet som riktar sig "
                                            "särskilt till hbtqi-personer."),
        "age": _screen("yes", "Barn och äldre invånare är de som använder filialen mest."),
        "socioeconomic": _screen("yes", "Invånare med låga inkomster använder de kostnadsfria "
                                        "datorerna och studieplatserna."),
        "children": _screen("yes", "Läxhjälpen och sagostunderna i stadsdelen upphör."),
        "national_minorities": _screen("no", "Filialen har inga medier på minoritetsspråk och "
                                             "ingen verksamhet för nationella minoriteter."),
    },
    "evidence": {
        "context_figures": [
            {"indicator": "low_economic_standard", "grounds": ["socioeconomic"]},
            {"indicator": "library_visits", "grounds": ["age", "sex"]},
        ],
        "sources": [
            {"title": "Besöksstatistik för filialbiblioteket 2025 (DEMO)",
             "grounds": ["age", "sex"],
             "summary": "Sex av tio besökare var under 18 år (fiktiva siffror)."},
            {"title": "Bokningar av datorer på filialen (DEMO)", "grounds": ["socioeconomic"]},
            {"title": "Besök på språkcaféerna (DEMO)", "grounds": ["ethnic_origin"]},
        ],
        "gaps": [{"description": "Det saknas uppgifter om hur många av besökarna som kan ta sig "
                                 "till stadsbiblioteket i centrum.",
                  "grounds": ["disability"], "plan": "Resvaneenkät bland besökarna på filialen.",
                  "due": date(2027, 1, 10)}],
    },
    "impacts": {
        "socioeconomic": {"direction": "negative", "severity": "serious", "likelihood": "certain",
                          "people_affected": 6000, "has_alternative": False,
                          "affected_groups": [{"codes": {"area": "drottninghog"},
                                               "label": "Drottninghög"}],
                          "groups": "Invånare i Drottninghög med låga inkomster",
                          "description": "Kostnadsfria datorer, studieplatser och böcker "
                                         "försvinner från den stadsdel där inkomsterna är "
                                         "lägst."},
        "age": {"direction": "negative", "severity": "serious", "likelihood": "likely",
                "affected_groups": [{"codes": {"age_band": "0_17", "area": "drottninghog"},
                                     "label": "0–17 år i Drottninghög"},
                                    {"codes": {"age_band": "65_84", "area": "drottninghog"},
                                     "label": "65–84 år i Drottninghög"}],
                "groups": "Barn och äldre invånare i Drottninghög",
                "description": "Barnen förlorar läxhjälpen och de äldre ett bibliotek på "
                               "gångavstånd."},
        "ethnic_origin": {"direction": "negative", "severity": "moderate",
                          "likelihood": "likely",
                          "affected_groups": [{"codes": {"birth_region": "born_abroad",
                                                         "area": "drottninghog"},
                                               "label": "Utrikes födda i Drottninghög"}],
                          "groups": "Utrikes födda som går på språkcaféerna",
                          "description": "Språkcaféerna och hjälpen på andra språk än svenska "
                                         "upphör."},
        "sex": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                "affected_groups": [{"codes": {"sex": "women", "area": "drottninghog"},
                                     "label": "Kvinnor i Drottninghög"}],
                "groups": "Flickor som studerar på biblioteket",
                "description": "Flickor förlorar en trygg studieplats nära hemmet."},
        "disability": {"direction": "negative", "severity": "moderate", "likelihood": "possible",
                       "affected_groups": [{"codes": {"disability": "with_disability"},
                                            "label": "Med funktionsnedsättning"}],
                       "groups": "Personer med nedsatt rörelseförmåga",
                       "description": "Resan till stadsbiblioteket blir längre."},
    },
    "answers": _answers(
        decision__kind_of_decision="reduction_or_closure",
        decision__who_is_affected="directly",
        decision__users_known="yes",
        evidence__data_by_sex="yes",
        evidence__other_breakdowns=["age", "neighbourhood"],
        evidence__user_experience="no",
        socioeconomic__fees_and_costs="no_change",
        socioeconomic__neighbourhoods="clearly_widens",
        socioeconomic__digital_access_and_cost=("required", "Filialens kostnadsfria datorer "
                                                            "försvinner."),
        socioeconomic__travel="much_longer",
        socioeconomic__girls_participation="costs_exclude",
        age__digital_exclusion="worse_alternatives",
        age__digital_help="no",
        age__older_participation="considerably_reduced",
        age__children_young_access="some_limits",
        age__ageism="none",
        ethnic_origin__language_interpreting="partly",
        ethnic_origin__treatment_racism="low_risk",
        ethnic_origin__reach_born_abroad="harder",
        ethnic_origin__neighbourhood_effects="clearly_worse",
        sex__use_and_needs="difference_not_handled",
        sex__safety_public_space="some_risk",
        sex__violence_close_relationships="not_affected",
        sex__unpaid_care="somewhat_more",
        sex__stereotypes="checked_none",
        disability__premises="accessible",
        disability__communication="yes",
        disability__digital_services="no_digital",
        disability__transport="much_harder",
        disability__support_and_adaptation="no_change",
        disability__groups_with_barriers=["mobility"],
        children__how_affected="directly",
        children__rights_affected=["education", "information", "play_and_leisure"],
        children__views_asked="not_asked",
        children__children_in_vulnerable_situations=["low_income", "newly_arrived"],
        children__rights_effect="weakened",
        children__best_interests_weighed="no",
        children__in_line_with_best_interests="other_interests_unjustified",
        children__follow_up_includes_children="no",
        intersectionality__most_exposed_grounds=["socioeconomic", "age", "ethnic_origin"],
        intersectionality__combinations_examined="with_data",
        intersectionality__group_falls_between="yes",
        intersectionality__group_has_action="no",
        alternatives__do_nothing_considered="yes",
        alternatives__better_alternative_rejected="yes",
        cumulative__same_groups_elsewhere="yes",
        cumulative__same_neighbourhood="yes",
        previous__assessed_before="yes",
        previous__unfinished_carried_over="no",
        previous__lessons="Konsekvensanalysen av öppettiderna 2022 utlovade en utvärdering av "
                          "läxhjälpen som aldrig gjordes.",
        consultation__rarely_heard_reached="no",
        consultation__channels=["councils", "digital"],
        consultation__feedback_given="dont_know",
        actions__every_negative_covered="no",
        actions__funded="not_funded",
        actions__communicated="yes",
        conclusion__in_decision_report="yes",
        follow_up__how_will_you_know="Lån och besök på stadsbiblioteket av invånare i "
                                     "Drottninghög, uppdelat på ålder och kön.",
    ),
    "perspectives": {
        "children": {"best_interests": "Barnen förlorar läxhjälpen och en trygg plats efter "
                                       "skolan. Besparingen har inte vägts mot den "
                                       "förlusten."},
        "intersectionality": {"grounds": ["socioeconomic", "age", "ethnic_origin"],
                              "description": "Barn i utrikes födda familjer med låga inkomster "
                                             "förlorar på en gång studieplatser, datorer och "
                                             "hjälp med språket."},
    },
    "alternatives": [
        {"description": "Filialbiblioteket hålls öppet.", "do_nothing": True,
         "assessment": "Sparkravet nås inte."},
        {"description": "Filialen samlokaliseras med fritidsgården.",
         "assessment": "Det mesta av verksamheten finns kvar till en lägre hyra; kostnaden är "
                       "ännu inte beräknad."},
        {"description": "Filialen läggs ned; bokbussen stannar en gång i veckan.",
         "chosen": True},
    ],
    "cumulative": {"description": "Fritidsgårdens öppettider i Drottninghög minskades 2026.",
                   "related_decisions": ["DEMO-SON 2026/0044 (fiktivt)"]},
    "previous": {"reference": "DEMO-KN 2022/0150 (fiktivt)",
                 "actions": [{"description": "Utvärdera läxhjälpen uppdelat på kön och ålder.",
                              "result": "not_done", "comment": "Påbörjades aldrig."}]},
    "consultations": [
        {"who": "Pensionärsrådet", "grounds": ["age", "disability"],
         "held_on": date(2026, 11, 10), "method": "Möte",
         "what_they_said": "Bokbussen räcker inte för den som inte kan gå till hållplatsen.",
         "response": "Hemleverans av böcker erbjuds (åtgärden hemleverans)."},
    ],
    "actions": [
        {"id": "bokbuss", "description": "Bokbussen stannar i Drottninghög en gång i "
                                                "veckan.",
         "owner": "Bibliotekschef", "due": date(2027, 3, 1), "grounds": ["age"],
         "effects": {"age": "reduces"},
         "decided": True, "funded": True},
        {"id": "hemleverans", "description": "Hemleverans av böcker till invånare som inte "
                                               "kan ta sig till biblioteket.",
         "owner": "Bibliotekschef", "due": date(2027, 3, 1), "grounds": ["age", "disability"],
         "effects": {"age": "reduces", "disability": "reduces"},
         "decided": True, "funded": False},
    ],
    "conclusion": {
        "chosen_outcome": "adjust_proposal",
        "justification": "Förslaget kan ändras i stället för att avslås. Förvaltningen beräknar "
                         "kostnaden för att samlokalisera filialen med fritidsgården. Det kan "
                         "behålla studieplatser, datorer och läxhjälp i stadsdelen och ändå nå "
                         "sparkravet.",
        "summary": "Nedläggningen som den är föreslagen drabbar invånarna i den stadsdel där "
                   "inkomsterna är lägst hårdast, och ingenting väger upp förlusten."},
    "follow_up": {"due": date(2027, 9, 1)},
}

DEMO_ASSESSMENTS: list[tuple[dict[str, Any], Status]] = [
    (DIGITAL_BOOKING, Status.in_review),
    (CHANGING_ROOMS, Status.approved),
    (BRANCH_LIBRARY, Status.draft),
]
OFFICER = "demo-officer"
REVIEWER = "demo-reviewer"
SIGN_OFF_ROLE = "Enhetschef (DEMO)"


def _demo_clock() -> Callable[[], datetime]:
    """A clock that moves an hour each save, so the history reads like real work."""
    ticks = (DEMO_CLOCK + timedelta(hours=hour) for hour in range(1_000))
    return lambda: next(ticks)


def demo_assessments() -> list[tuple[Assessment, Status]]:
    """The demo assessments' content as their officer writes it (an unsaved draft), with the
    status each is taken to."""
    officer = load_directory(LOCAL_USERS).get(OFFICER)
    return [(Assessment.model_validate({
        **data, "demo": True, "question_set": QUESTION_SET,
        "organisation": officer.organisation, "officers": [officer.ref().model_dump()]}),
        status) for data, status in DEMO_ASSESSMENTS]


def write_demo_assessments(root: Path) -> Iterator[tuple[str, bool]]:
    """Take each demo assessment through its workflow as the demo's fictitious people, via the
    same service every face uses; an existing one is kept, not replaced."""
    for assessment, status in demo_assessments():
        service = AssessmentService.for_folder(root, load_directory(LOCAL_USERS),
                                               clock=_demo_clock(), approve_with_context=False)
        officer, reviewer = service.user(OFFICER), service.user(REVIEWER)
        try:
            created = service.create(officer, assessment.id, demo=True,
                                     question_set=assessment.question_set)
        except ConflictError:
            yield assessment.id, False
            continue
        content = assessment.model_dump(include=set(COPIED_PARTS))
        review = REVIEW_ROUNDS.get(assessment.id)
        saved = service.update(officer, created.id, expected_revision=created.revision,
                               changes=review.first_draft(content) if review else content)
        if status in (Status.in_review, Status.approved):
            saved = service.submit(officer, saved.id)
        if review is not None:
            saved = review.run(service, saved, content)
        if status is Status.approved:
            approved = service.approve(reviewer, saved.id, sign_off_role=SIGN_OFF_ROLE)
            if assessment.id in FOLLOW_UPS:
                _record_follow_up(root, approved, FOLLOW_UPS[assessment.id])
        yield assessment.id, True


@dataclass(frozen=True)
class ReviewRound:
    """A review round a demo goes through: the draft first submitted lacks something, the
    reviewer judges the steps and returns it with a "must correct", the officer corrects the
    part, answers the comment and submits again."""

    corrected_part: str
    first_draft: Callable[[dict[str, Any]], dict[str, Any]]
    judgements: tuple[tuple[Step, Verdict, str], ...]
    replies: tuple[tuple[Step, str], ...]

    def run(self, service: AssessmentService, submitted: Assessment,
            content: dict[str, Any]) -> Assessment:
        officer, reviewer = service.user(OFFICER), service.user(REVIEWER)
        returned = service.judge_steps(reviewer, submitted.id, self.judgements)
        service.update(officer, returned.id, expected_revision=returned.revision,
                       changes={self.corrected_part: content[self.corrected_part]},
                       note="kompletterad efter granskningen")
        for step, text in self.replies:
            service.reply(officer, returned.id, step, text)
        return service.submit(officer, returned.id)


REVIEW_ROUNDS = {
    "demo-changing-rooms": ReviewRound(
        corrected_part="consultations",
        first_draft=lambda content: {**content, "consultations": content["consultations"][:2]},
        judgements=(
            (Step.decision, Verdict.acceptable, ""),
            (Step.screening, Verdict.acceptable, ""),
            (Step.impact, Verdict.to_improve,
             "Skriv ut hur många som använder hallen varje vecka, så att storleken syns."),
            (Step.consultation, Verdict.must_correct,
             "Religion är bedömd som relevant, men inget trossamfund har hörts. Hör dem om "
             "omklädningsbåsen innan beslutet."),
            (Step.actions, Verdict.acceptable, ""),
        ),
        replies=(
            (Step.consultation, "Två trossamfund hördes den 29 september; båsen med väggar "
                                "från golv till tak fungerar för medlemmarna."),
            (Step.impact, "Cirka 600 besök i veckan enligt hallens bokningssystem (DEMO), "
                          "varav hälften skolklasser."),
        ),
    ),
}

FOLLOW_UP_CLOCK = datetime(2028, 6, 12, 9, 0, tzinfo=UTC)
FOLLOW_UPS: dict[str, dict[str, Any]] = {
    "demo-changing-rooms": {
        "results": [
            {"action_id": "golv-till-tak", "result": "done",
             "observed": "Alla bås och duschar byggdes med väggar från golv till tak."},
            {"action_id": "skyltar", "result": "changed",
             "observed": "Skyltarna sattes upp; informationen till föreningarna skickades "
                         "först i mars 2028."},
        ],
        "observed": "Enkäten till användare och elever (DEMO): 41 av 48 svarande känner sig "
                    "trygga i omklädningsutrymmet, lika många flickor som pojkar.",
        "outcome_held": True,
        "comment": "Utfallet höll. Föreningarna behöver informationen tidigare nästa gång.",
    },
}


def _record_follow_up(root: Path, approved: Assessment, record: dict[str, Any]) -> None:
    """The officer follows the approved demo up after its follow-up date, beside its revision."""
    service = AssessmentService.for_folder(
        root, load_directory(LOCAL_USERS), clock=lambda: FOLLOW_UP_CLOCK)
    service.record_follow_up(service.user(OFFICER), FollowUpRecord.model_validate({
        **record, "id": approved.id, "assessment_revision": approved.revision}))
