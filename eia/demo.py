"""Three demo assessments: fictitious decisions, marked DEMO in their data and their titles.

They show the three different outcomes the rules can recommend, for reasons the score explains:
  - digital-only booking: a high impact on older people, lowered by actions -> adjust the proposal;
  - gender-neutral changing rooms: positive for trans people, small concerns met -> no major change;
  - closing a branch library: a high socioeconomic impact no action meets -> stop and rethink.
Everything is deterministic (fixed dates and clock) so `eia demo` rewrites byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from eia.context.model import CITY
from eia.errors import ConflictError
from eia.model import Assessment, Status
from eia.services.assessments import COPIED_PARTS, AssessmentService
from eia.users import LOCAL_USERS, load_directory

DEMO_CLOCK = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEMO_NOTICE = ("DEMO – fiktivt exempel, inte ett verkligt beslut. "
               "DEMO – fictitious example, not a real decision.")
QUESTION_SET = {"id": "helsingborg", "version": "1.0"}


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
        "title": "DEMO: Digital-only booking of appointments at the customer service centre",
        "diary_number": "DEMO-KS 2026/0101",
        "department": "City management department (law and service division)",
        "committee": "City executive committee",
        "meeting_date": date(2026, 12, 9),
        "description": (
            f"{DEMO_NOTICE}\n\nThe customer service centre stops taking appointment bookings at "
            "its counter and by phone; residents book through the city's e-service instead. "
            "The counter stays open for booked visits only. The aim is shorter queues and "
            "lower costs."),
        "affected_areas": [CITY],
        "affected_services": ["Customer service centre", "Appointment booking"],
    },
    "screening": {
        "sex": _screen("no", "The centre's own visitor counts show even use by women and men, "
                             "and the change does not touch safety, care or violence."),
        "gender_identity": _screen("dont_know", "The e-service's form may ask for legal sex."),
        "ethnic_origin": _screen("yes", "Many visitors need help in another language."),
        "religion": _screen("no", "Booking times and channels do not touch religious practice."),
        "disability": _screen("yes", "E-services can shut out people with visual or cognitive "
                                     "impairments."),
        "sexual_orientation": _screen("no", "Nothing in booking depends on sexual orientation."),
        "age": _screen("yes", "Older residents use digital services less."),
        "socioeconomic": _screen("yes", "Not everyone has a smartphone, a computer or e-ID."),
        "children": _screen("no", "The service is for adults; children do not book here."),
        "national_minorities": _screen("dont_know", "Finnish-speaking older residents use the "
                                                    "counter."),
    },
    "evidence": {
        "context_figures": [{"indicator": "digital_access", "grounds": ["age", "socioeconomic"]}],
        "sources": [
            {"title": "Counter visitor log, Jan–Jun 2026 (DEMO)",
             "grounds": ["age", "ethnic_origin"],
             "summary": "A third of counter bookings were made by people over 70; one in five "
                        "visits used an interpreter (fictitious figures)."},
            {"title": "Accessibility report on the booking e-service (DEMO)",
             "grounds": ["disability"], "summary": "Not yet tested with screen readers."},
        ],
        "gaps": [{"description": "No data on who books by phone today.",
                  "grounds": ["socioeconomic", "gender_identity"],
                  "plan": "Count phone bookings by age band for four weeks before the change.",
                  "due": date(2027, 2, 1)}],
    },
    "impacts": {
        "age": {"direction": "negative", "severity": "serious", "likelihood": "likely",
                "people_affected": 4000, "groups": "Residents over 70",
                "description": "Older residents who do not use e-services lose the way they book "
                               "today."},
        "disability": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                       "groups": "People with visual or cognitive impairments",
                       "description": "The e-service is untested with assistive technology."},
        "ethnic_origin": {"direction": "negative", "severity": "moderate",
                          "likelihood": "possible",
                          "description": "The e-service is in Swedish and English only."},
        "socioeconomic": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                          "description": "Booking needs a device, a connection and an e-ID."},
        "gender_identity": {"direction": "negative", "severity": "minor", "likelihood": "likely",
                            "description": "The booking form requires 'woman' or 'man'."},
    },
    "answers": _answers(
        decision__kind_of_decision="changed_service",
        decision__who_is_affected="directly",
        decision__users_known="yes",
        evidence__data_by_sex="partly",
        evidence__other_breakdowns=["age", "neighbourhood"],
        evidence__user_experience="yes",
        age__digital_exclusion=("digital_only", "Counter and phone booking both end."),
        age__older_participation="somewhat_reduced",
        age__children_young_access="no_effect",
        age__ageism="none",
        disability__premises="accessible",
        disability__communication="partly",
        disability__digital_services=("dont_know", "No test with screen readers yet."),
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
        follow_up__how_will_you_know="Bookings by age band and channel, six months after.",
        follow_up__data_broken_down="yes",
    ),
    "perspectives": {
        "national_minorities": {"consulted": True,
                                "description": "Finnish-speaking older residents asked for "
                                               "phone booking in Finnish."},
        "intersectionality": {"grounds": ["age", "disability", "ethnic_origin"],
                              "description": "Older people born abroad with a visual impairment "
                                             "meet all three barriers at once."},
    },
    "alternatives": [
        {"description": "Keep counter and phone booking as today.", "do_nothing": True,
         "assessment": "No savings; the queues remain."},
        {"description": "Digital booking with phone booking and assisted booking kept.",
         "chosen": True, "assessment": "Most of the savings, no one left without a way to book."},
    ],
    "cumulative": {"description": "The bus ticket office went digital-only in 2025, so the same "
                                  "older residents lose a second counter.",
                   "related_decisions": ["DEMO-KS 2025/0077 (fictitious)"]},
    "consultations": [
        {"who": "Pensioners' council", "grounds": ["age", "disability"],
         "held_on": date(2026, 10, 6), "method": "Meeting",
         "what_they_said": "Many members have no e-ID; phone booking must stay.",
         "response": "Phone booking kept with call-back (action phone-booking)."},
        {"who": "Council for functional rights", "grounds": ["disability"],
         "held_on": date(2026, 10, 13), "method": "Meeting",
         "what_they_said": "Test the e-service with screen readers before launch.",
         "response": "Accessibility audit added (action wcag-audit)."},
        {"who": "Sweden Finnish association", "grounds": ["ethnic_origin"],
         "national_minorities": True, "held_on": date(2026, 10, 20), "method": "Consultation",
         "what_they_said": "Keep the option of booking in Finnish.",
         "response": "Phone booking offered in Finnish (action phone-booking)."},
    ],
    "actions": [
        {"id": "phone-booking", "description": "Keep phone booking with call-back, in Swedish "
                                               "and Finnish.",
         "owner": "Head of customer service", "due": date(2027, 3, 1),
         "grounds": ["age", "disability", "socioeconomic"]},
        {"id": "assisted-booking", "description": "Assisted digital booking at the city's "
                                                  "libraries, with interpreters on request.",
         "owner": "Library manager", "due": date(2027, 3, 1),
         "grounds": ["age", "ethnic_origin", "socioeconomic"]},
        {"id": "wcag-audit", "description": "Audit the booking e-service against WCAG 2.1 AA "
                                            "and test it with screen-reader users.",
         "owner": "Digital services manager", "due": date(2027, 2, 15), "grounds": ["disability"]},
        {"id": "gender-field", "description": "Remove the required woman/man field from the "
                                              "booking form.",
         "owner": "Digital services manager", "due": date(2027, 1, 31),
         "grounds": ["gender_identity"]},
    ],
    "conclusion": {"chosen_outcome": "adjust_proposal",
                   "summary": "Go digital, but keep phone and assisted booking so that older "
                              "residents and others without e-services can still book."},
    "follow_up": {"due": date(2027, 9, 1)},
}

CHANGING_ROOMS: dict[str, Any] = {
    "id": "demo-changing-rooms",
    "decision": {
        "title": "DEMO: Gender-neutral changing rooms in a municipal sports hall",
        "diary_number": "DEMO-KFN 2026/0202",
        "department": "Culture department (sport and leisure)",
        "committee": "Culture committee",
        "meeting_date": date(2026, 11, 18),
        "description": (
            f"{DEMO_NOTICE}\n\nWhen the sports hall's changing rooms are renovated they are "
            "rebuilt as one gender-neutral area with individual lockable cubicles (floor to "
            "ceiling) and showers, one of them accessible, instead of separate rooms for women "
            "and men."),
        "affected_areas": [CITY],
        "affected_services": ["Sports hall", "School physical education", "Sports clubs"],
    },
    "screening": {
        "sex": _screen("yes", "Some girls and women say they feel unsafe changing near men."),
        "gender_identity": _screen("yes", "Trans and non-binary people have had to choose a "
                                          "room that does not fit them."),
        "ethnic_origin": _screen("no", "Access and use do not depend on ethnic origin."),
        "religion": _screen("yes", "Modesty rules matter to some users when changing."),
        "disability": _screen("yes", "An accessible cubicle is part of the design."),
        "sexual_orientation": _screen("no", "The design does not depend on sexual orientation."),
        "age": _screen("no", "All ages use the same rooms as today; school classes keep "
                             "their own booked times."),
        "socioeconomic": _screen("no", "No fees or opening hours change."),
        "children": _screen("yes", "School classes change here every day."),
        "national_minorities": _screen("no", "No minority language or culture is touched."),
    },
    "evidence": {
        "sources": [
            {"title": "Pupil survey on changing rooms, two schools (DEMO)",
             "grounds": ["sex", "gender_identity"],
             "summary": "Pupils asked for private cubicles more than for separate rooms "
                        "(fictitious)."},
            {"title": "Equal Opportunities Plan: survey quote about a trans man changing in the "
                      "girls' room", "grounds": ["gender_identity"],
             "reference": "City of Helsingborg, Equal Opportunities Plan, section 4.7"},
            {"title": "Dialogue with two faith communities (DEMO)", "grounds": ["religion"],
             "summary": "Cubicles with full walls meet their members' needs."},
            {"title": "Accessibility review of the drawings (DEMO)", "grounds": ["disability"]},
        ],
    },
    "impacts": {
        "gender_identity": {"direction": "positive",
                            "description": "Everyone can change without choosing a gendered "
                                           "room."},
        "disability": {"direction": "positive", "description": "An accessible cubicle with "
                                                               "space for an assistant."},
        "sex": {"direction": "negative", "severity": "minor", "likelihood": "possible",
                "description": "Some girls may feel unsafe in a shared area."},
        "religion": {"direction": "negative", "severity": "minor", "likelihood": "possible",
                     "description": "Changing in a shared area can conflict with modesty rules."},
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
        children__views_asked="age_appropriate",
        children__feedback_to_children="yes",
        children__children_in_vulnerable_situations=["lgbtqi"],
        children__best_interests_weighed="yes",
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
        follow_up__how_will_you_know="A short survey of users and pupils one year after "
                                     "opening, broken down by sex and age.",
        follow_up__data_broken_down="yes",
        follow_up__users_asked="yes",
    ),
    "perspectives": {
        "children": {"best_interests": "Pupils get private cubicles, which most asked for; "
                                       "no pupil has to change in a room that does not fit "
                                       "their gender.",
                     "childrens_views": "Pupil councils at two schools were asked and saw the "
                                        "drawings."},
        "intersectionality": {"grounds": ["sex", "religion"],
                              "description": "Girls whose faith asks for modesty were the group "
                                             "most worried about a shared area; full-height "
                                             "cubicles answer both concerns."},
    },
    "alternatives": [
        {"description": "Renovate the separate rooms as they are.", "do_nothing": True,
         "assessment": "Trans and non-binary pupils keep having no room that fits."},
        {"description": "Separate rooms plus one gender-neutral room.",
         "assessment": "Singles out whoever uses the extra room."},
        {"description": "One shared area with individual cubicles.", "chosen": True},
    ],
    "consultations": [
        {"who": "Pupil councils at two schools (DEMO)", "grounds": ["sex", "gender_identity"],
         "children": True, "held_on": date(2026, 9, 15), "method": "Workshop",
         "what_they_said": "Private cubicles matter more than separate rooms.",
         "response": "Cubicles with full walls in the design."},
        {"who": "RFSL youth group (DEMO)", "grounds": ["gender_identity"],
         "held_on": date(2026, 9, 22), "method": "Meeting",
         "what_they_said": "Welcome; signage should not say women/men.",
         "response": "Neutral signage (action signage)."},
        {"who": "Two faith communities (DEMO)", "grounds": ["religion"],
         "held_on": date(2026, 9, 29), "method": "Meeting",
         "what_they_said": "Full-height cubicles are acceptable.",
         "response": "Kept in the design."},
    ],
    "actions": [
        {"id": "full-height-cubicles", "description": "Build every cubicle and shower with full-"
                                                      "height walls and a lockable door.",
         "owner": "Property department project manager", "due": date(2027, 5, 31),
         "grounds": ["sex", "religion"]},
        {"id": "signage", "description": "Neutral signage and information for visiting clubs.",
         "owner": "Sports hall manager", "due": date(2027, 6, 15),
         "grounds": ["gender_identity", "sex"]},
    ],
    "conclusion": {"chosen_outcome": "no_major_change",
                   "summary": "Build the gender-neutral changing area with full-height "
                              "cubicles."},
    "follow_up": {"due": date(2028, 6, 1)},
}

BRANCH_LIBRARY: dict[str, Any] = {
    "id": "demo-branch-library",
    "decision": {
        "title": "DEMO: Closing the branch library in Drottninghög",
        "diary_number": "DEMO-KFN 2026/0303",
        "department": "Culture department (libraries)",
        "committee": "Culture committee",
        "meeting_date": date(2027, 1, 20),
        "description": (
            f"{DEMO_NOTICE}\n\nTo meet the committee's savings target, the branch library in "
            "Drottninghög closes and its stock moves to the city library in the centre. The "
            "neighbourhood keeps a weekly stop of the mobile library."),
        "affected_areas": ["drottninghog"],
        "affected_services": ["Branch library", "Homework help", "Public computers"],
    },
    "screening": {
        "sex": _screen("yes", "Girls use the library as a study place more than boys."),
        "gender_identity": _screen("no", "Nothing in the change depends on gender identity."),
        "ethnic_origin": _screen("yes", "Many residents were born abroad and use the library's "
                                        "language cafés."),
        "religion": _screen("no", "No religious practice is tied to the library."),
        "disability": _screen("yes", "The city library is further away."),
        "sexual_orientation": _screen("no", "No activity for this group is held at the branch."),
        "age": _screen("yes", "Children and older residents are its main users."),
        "socioeconomic": _screen("yes", "Residents with low incomes use the free computers and "
                                        "study places."),
        "children": _screen("yes", "Homework help and story time end in the neighbourhood."),
        "national_minorities": _screen("no", "The branch holds no minority-language "
                                             "collection or activity."),
    },
    "evidence": {
        "context_figures": [
            {"indicator": "low_economic_standard", "grounds": ["socioeconomic"]},
            {"indicator": "library_visits", "grounds": ["age", "sex"]},
        ],
        "sources": [
            {"title": "Branch library visitor counts 2025 (DEMO)", "grounds": ["age", "sex"],
             "summary": "Six in ten visitors were under 18 (fictitious)."},
            {"title": "Computer bookings at the branch (DEMO)", "grounds": ["socioeconomic"]},
            {"title": "Language café attendance (DEMO)", "grounds": ["ethnic_origin"]},
        ],
        "gaps": [{"description": "No figures on how many users could travel to the centre.",
                  "grounds": ["disability"], "plan": "Travel survey at the branch.",
                  "due": date(2027, 1, 10)}],
    },
    "impacts": {
        "socioeconomic": {"direction": "negative", "severity": "serious", "likelihood": "certain",
                          "people_affected": 6000,
                          "description": "Free computers, study places and books leave the "
                                         "neighbourhood with the lowest incomes."},
        "age": {"direction": "negative", "severity": "serious", "likelihood": "likely",
                "description": "Children lose homework help; older residents a walkable "
                               "library."},
        "ethnic_origin": {"direction": "negative", "severity": "moderate",
                          "likelihood": "likely",
                          "description": "Language cafés and help in other languages end."},
        "sex": {"direction": "negative", "severity": "moderate", "likelihood": "likely",
                "description": "Girls lose a safe study place close to home."},
        "disability": {"direction": "negative", "severity": "moderate", "likelihood": "possible",
                       "description": "A longer journey to the city library."},
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
        socioeconomic__digital_access_and_cost=("required", "The branch's free computers go."),
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
        children__views_asked="not_asked",
        children__children_in_vulnerable_situations=["low_income", "newly_arrived"],
        children__best_interests_weighed="no",
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
        previous__lessons="The 2022 assessment of opening hours promised a homework-help "
                          "evaluation that was never made.",
        consultation__rarely_heard_reached="no",
        consultation__channels=["councils", "digital"],
        consultation__feedback_given="dont_know",
        actions__every_negative_covered="no",
        actions__funded="not_funded",
        actions__communicated="yes",
        conclusion__in_decision_report="yes",
        follow_up__how_will_you_know="Loans and visits by residents of Drottninghög at the "
                                     "city library, by age and sex.",
    ),
    "perspectives": {
        "children": {"best_interests": "Children lose homework help and a safe place after "
                                       "school; the saving does not weigh up that loss."},
        "intersectionality": {"grounds": ["socioeconomic", "age", "ethnic_origin"],
                              "description": "Children in low-income families born abroad "
                                             "lose study places, computers and language help "
                                             "at once."},
    },
    "alternatives": [
        {"description": "Keep the branch library open.", "do_nothing": True,
         "assessment": "The savings target is not met."},
        {"description": "Co-locate the branch with the leisure centre.",
         "assessment": "Keeps most services at lower rent; not yet costed."},
        {"description": "Close the branch; weekly mobile library stop.", "chosen": True},
    ],
    "cumulative": {"description": "The youth centre's opening hours in Drottninghög were cut "
                                  "in 2026.",
                   "related_decisions": ["DEMO-SON 2026/0044 (fictitious)"]},
    "previous": {"reference": "DEMO-KFN 2022/0150 (fictitious)",
                 "actions": [{"description": "Evaluate homework help by sex and age.",
                              "result": "not_done", "comment": "Never started."}]},
    "consultations": [
        {"who": "Pensioners' council", "grounds": ["age", "disability"],
         "held_on": date(2026, 11, 10), "method": "Meeting",
         "what_they_said": "The mobile library is not enough for those who cannot walk to "
                           "the stop.",
         "response": "Home delivery of books offered (action home-delivery)."},
    ],
    "actions": [
        {"id": "mobile-library", "description": "Weekly mobile library stop in Drottninghög.",
         "owner": "Library manager", "due": date(2027, 3, 1), "grounds": ["age"]},
        {"id": "home-delivery", "description": "Home delivery of books for residents who "
                                               "cannot travel.",
         "owner": "Library manager", "due": date(2027, 3, 1), "grounds": ["age", "disability"]},
    ],
    "conclusion": {
        "chosen_outcome": "adjust_proposal",
        "justification": "The committee is asked to send the proposal back rather than stop it: "
                         "the department will cost co-location with the leisure centre, which "
                         "could keep study places, computers and homework help in the "
                         "neighbourhood within the savings target.",
        "summary": "As proposed, the closure hits the neighbourhood with the lowest incomes "
                   "hardest and nothing offsets it."},
    "follow_up": {"due": date(2027, 9, 1)},
}

DEMO_ASSESSMENTS: list[tuple[dict[str, Any], Status]] = [
    (DIGITAL_BOOKING, Status.in_review),
    (CHANGING_ROOMS, Status.approved),
    (BRANCH_LIBRARY, Status.draft),
]
OFFICER = "demo-officer"
REVIEWER = "demo-reviewer"
SIGN_OFF_ROLE = "Enhetschef / Head of unit (DEMO)"


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
                                               clock=_demo_clock())
        officer, reviewer = service.user(OFFICER), service.user(REVIEWER)
        try:
            created = service.create(officer, assessment.id, demo=True,
                                     question_set=assessment.question_set)
        except ConflictError:
            yield assessment.id, False
            continue
        saved = service.update(officer, created.id, expected_revision=created.revision,
                               changes=assessment.model_dump(include=set(COPIED_PARTS)))
        if status in (Status.in_review, Status.approved):
            saved = service.submit(officer, saved.id)
        if status is Status.approved:
            service.approve(reviewer, saved.id, sign_off_role=SIGN_OFF_ROLE)
        yield assessment.id, True
