"""The flags the rules raise: what a reviewer looks at first, with bilingual titles."""

from __future__ import annotations

from eia.i18n import t
from eia.model import LabelledEnum


class FlagSeverity(LabelledEnum):
    """How much a flag matters: a blocker must be resolved before approval."""

    blocker = "blocker"
    warning = "warning"
    info = "info"


class FlagCode(LabelledEnum):
    screening_incomplete = "screening_incomplete"
    screened_out_without_reason = "screened_out_without_reason"
    required_unanswered = "required_unanswered"
    invalid_answer = "invalid_answer"
    unknown_question = "unknown_question"
    negative_without_action = "negative_without_action"
    no_evidence = "no_evidence"
    no_consultation = "no_consultation"
    worse_off_group = "worse_off_group"
    intersectional = "intersectional"
    direction_contradicts_answers = "direction_contradicts_answers"
    children_affected = "children_affected"
    children_best_interests_missing = "children_best_interests_missing"
    children_not_heard = "children_not_heard"
    minorities_not_consulted = "minorities_not_consulted"
    no_do_nothing_alternative = "no_do_nothing_alternative"
    action_incomplete = "action_incomplete"
    follow_up_date_missing = "follow_up_date_missing"
    previous_actions_not_done = "previous_actions_not_done"
    outcome_differs_without_justification = "outcome_differs_without_justification"
    screened_out_with_concerns = "screened_out_with_concerns"
    rating_missing = "rating_missing"
    action_effect_unknown = "action_effect_unknown"
    residual_judged_lower = "residual_judged_lower"
    cumulative_impact = "cumulative_impact"
    better_alternative_rejected = "better_alternative_rejected"
    rarely_heard_not_reached = "rarely_heard_not_reached"
    affected_groups_missing = "affected_groups_missing"
    no_fitting_figures = "no_fitting_figures"


FlagSeverity.register_labels({
    FlagSeverity.blocker: t("Måste åtgärdas", "Must be resolved"),
    FlagSeverity.warning: t("Varning", "Warning"),
    FlagSeverity.info: t("Att notera", "For information"),
})

FlagCode.register_labels({
    FlagCode.screening_incomplete: t("Relevansbedömningen är inte klar", "Screening incomplete"),
    FlagCode.screened_out_without_reason: t("Grund bortvald utan skriftligt skäl",
                                            "Screened out without a reason"),
    FlagCode.required_unanswered: t("Obligatoriska frågor är obesvarade",
                                    "Required questions unanswered"),
    FlagCode.invalid_answer: t("Ogiltigt svar", "Invalid answer"),
    FlagCode.unknown_question: t("Svar på okänd fråga", "Answer to an unknown question"),
    FlagCode.negative_without_action: t("Negativa konsekvenser utan åtgärd",
                                        "Negative impact without an action"),
    FlagCode.no_evidence: t("Underlag saknas", "No evidence"),
    FlagCode.no_consultation: t("Inget samråd med berörda", "No consultation with those affected"),
    FlagCode.worse_off_group: t("Drabbar en grupp som redan har sämre villkor",
                                "Affects a group that is already worse off"),
    FlagCode.intersectional: t("Negativa konsekvenser utifrån flera grunder",
                               "Several grounds together"),
    FlagCode.direction_contradicts_answers: t("Angiven påverkan stämmer inte med svaren",
                                              "Direction contradicted by the answers"),
    FlagCode.children_affected: t("Barn berörs", "Children affected"),
    FlagCode.children_best_interests_missing: t("Barnets bästa är inte prövat",
                                                "Child's best interests not assessed"),
    FlagCode.children_not_heard: t("Barn har inte fått komma till tals", "Children not heard"),
    FlagCode.minorities_not_consulted: t("Inget samråd med nationella minoriteter",
                                         "National minorities not consulted"),
    FlagCode.no_do_nothing_alternative: t("Nollalternativet saknas",
                                          "Doing nothing not considered"),
    FlagCode.action_incomplete: t("Ofullständig åtgärd", "Incomplete action"),
    FlagCode.follow_up_date_missing: t("Uppföljningsdatum saknas", "No follow-up date"),
    FlagCode.previous_actions_not_done: t("Åtgärder från tidigare analys är inte genomförda",
                                          "Earlier actions not done"),
    FlagCode.outcome_differs_without_justification: t(
        "Annan bedömning än verktygets rekommendation, utan motivering",
        "Outcome differs from the recommendation without a justification"),
    FlagCode.screened_out_with_concerns: t("Grunden är bortvald men svaren visar problem",
                                           "Screened out, yet answered with concerns"),
    FlagCode.rating_missing: t("Allvar och sannolikhet är inte bedömda",
                               "Severity and likelihood not rated"),
    FlagCode.action_effect_unknown: t("Åtgärdens effekt är inte angiven",
                                      "An action's effect is not stated"),
    FlagCode.residual_judged_lower: t("Handläggarens nivå är lägre än verktygets",
                                      "Own judgement below the rules' level"),
    FlagCode.cumulative_impact: t("Samlade konsekvenser för samma grupper",
                                  "Cumulative impact on the same groups"),
    FlagCode.better_alternative_rejected: t("Ett bättre alternativ valdes bort",
                                            "A better alternative was rejected"),
    FlagCode.rarely_heard_not_reached: t("Grupper som sällan hörs har inte nåtts",
                                         "Rarely heard groups not reached"),
    FlagCode.affected_groups_missing: t("De berörda grupperna är inte namngivna",
                                        "The groups affected are not named"),
    FlagCode.no_fitting_figures: t("Statistik saknas om de berörda grupperna",
                                   "No figures about the groups affected"),
})
