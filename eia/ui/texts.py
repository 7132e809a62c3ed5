"""Every string the app shows, in Swedish and English, in one place so a translator finds them.

Labels of the domain's own words (grounds, statuses, outcomes) come from `eia.model`; questions
and help come from the question set.
"""

from __future__ import annotations

from eia.i18n import t

APP_TITLE = t("Likvärdig – konsekvensanalys för lika möjligheter",
              "Likvärdig – equality impact assessment")
LANGUAGE = t("Språk", "Language")
ACTING_AS = t("Du arbetar som", "You are acting as")
SIGNED_IN_AS = t("Inloggad som", "Signed in as")
LOCAL_MODE = t(
    "Lokalt demoläge: ingen inloggning är inställd. Personerna är påhittade, och du väljer själv "
    "vem du arbetar som.",
    "Local demo mode: no login is configured. The people are fictitious, and you choose whom you "
    "act as.")

PAGE_START = t("Start", "Start")
PAGE_WIZARD = t("Bedömning", "Assessment")
PAGE_REVIEW = t("Resultat och inskick", "Result and submission")

# start page
MY_WORK = t("Mitt arbete", "My work")
MY_DRAFTS = t("Mina utkast", "My drafts")
RETURNED_TO_ME = t("Återsända till mig", "Returned to me")
WAITING_FOR_MY_REVIEW = t("Väntar på min granskning", "Waiting for my review")
FOLLOW_UP_DUE = t("Dags för uppföljning", "Follow-up due")
NOTHING_HERE = t("Inget här just nu.", "Nothing here right now.")
SEARCH = t("Sök på titel, diarienummer eller förvaltning",
           "Search by title, diary number or department")
FILTER_STATUS = t("Visa status", "Show status")
COL_TITLE = t("Titel", "Title")
COL_DIARY = t("Diarienummer", "Diary number")
COL_DEPARTMENT = t("Förvaltning", "Department")
COL_STATUS = t("Status", "Status")
COL_OUTCOME = t("Vald slutsats", "Chosen outcome")
COL_CHANGED = t("Senast ändrad", "Last changed")
OPEN = t("Öppna", "Open")
NEW_ASSESSMENT = t("Ny bedömning", "New assessment")
NEW_ID = t("Id (små bokstäver, siffror och bindestreck)",
           "Id (lower-case letters, digits and hyphens)")
NEW_TITLE = t("Beslutets titel", "Title of the decision")
COPY_FROM = t("Utgå från en tidigare bedömning (valfritt)",
              "Start from an earlier assessment (optional)")
COPY_NONE = t("Ingen – börja tomt", "None – start blank")
CREATE = t("Skapa", "Create")
CREATED = t("Bedömningen är skapad.", "The assessment is created.")
MAY_NOT_CREATE = t("Din roll kan inte skapa bedömningar.",
                   "Your role cannot create assessments.")

# wizard
CHOOSE_ASSESSMENT = t("Välj en bedömning på startsidan.",
                      "Choose an assessment on the start page.")
PROGRESS = t("Steg", "Steps")
STATE_DONE = t("klart", "done")
STATE_NOT_NEEDED = t("behövs inte", "not needed")
MISSING_N = t("{n} saknas", "{n} missing")
MISSING_TOTAL = t("{n} obligatoriska svar saknas", "{n} required answers missing")
BACK = t("← Föregående", "← Back")
NEXT = t("Nästa →", "Next →")
TO_REVIEW = t("Till resultatet →", "To the result →")
SAVED_AT = t("Sparad {time}", "Saved {time}")
NOT_SAVED_YET = t("Inget ändrat ännu", "Nothing changed yet")
REQUIRED_MISSING = t("Obligatoriskt svar saknas: {name}", "Required answer missing: {name}")
STEP_NOT_NEEDED = t(
    "Det här steget behövs inte: grunden är bortvald med en motivering i urvalet.",
    "This step is not needed: the ground is screened out with a reason.")
READ_ONLY = t("Bedömningen har status {status} och kan inte ändras här.",
              "The assessment's status is {status}; it cannot be changed here.")
NOT_SAVED = t("Ändringen sparades inte: {error}", "The change was not saved: {error}")
CONFLICT = t(
    "{who} sparade en nyare version kl. {time} (revision {revision}). Din senaste ändring "
    "sparades inte. Kopiera den nedan innan du hämtar den nyare versionen.",
    "{who} saved a newer version at {time} (revision {revision}). Your latest change was not "
    "saved. Copy it below before you load the newer version.")
YOUR_UNSAVED = t("Din osparade text", "Your unsaved text")
LOAD_NEWER = t("Hämta den nyare versionen", "Load the newer version")
NOTE = t("Anteckning", "Note")

# decision details
TITLE = t("Beslutets titel", "Title of the decision")
DIARY_NUMBER = t("Diarienummer", "Diary number")
DEPARTMENT = t("Förvaltning", "Department")
COMMITTEE = t("Nämnd", "Committee")
MEETING_DATE = t("Sammanträdesdatum", "Meeting date")
DESCRIPTION = t("Beskrivning av förslaget", "Description of the proposal")

# screening
SCREENING_ANSWER = t("Kan förslaget påverka människor olika?",
                     "Could the proposal affect people differently?")
SCREENING_REASON = t("Motivering", "Reason")
SCREENING_REASON_NEEDED = t("Ett nej behöver en skriven motivering.",
                            "A no needs a written reason.")

# impact
IMPACT = t("Din bedömning av konsekvensen", "Your judgement of the impact")
DIRECTION = t("Riktning", "Direction")
SEVERITY = t("Allvarlighet", "Severity")
LIKELIHOOD = t("Sannolikhet", "Likelihood")
PEOPLE_AFFECTED = t("Ungefär hur många berörs?", "About how many people are affected?")
HAS_ALTERNATIVE = t("Har de som drabbas något annat sätt att få det de förlorar?",
                    "Do the people harmed have another way to get what they lose?")
BENEFIT = t("Hur stor är nyttan?", "How large is the benefit?")
IMPACT_DESCRIPTION = t("Beskriv konsekvensen", "Describe the impact")
YES = t("Ja", "Yes")
NO = t("Nej", "No")

# actions
ACTION = t("Åtgärd {n}", "Action {n}")
NEW_ACTION = t("Ny åtgärd: vad ska göras?", "New action: what will be done?")
ADD_ACTION = t("Lägg till åtgärd", "Add action")
REMOVE_ACTION = t("Ta bort åtgärden", "Remove the action")
ACTION_DESCRIPTION = t("Vad ska göras?", "What will be done?")
OWNER = t("Ansvarig", "Owner")
DUE = t("Klart senast", "Due date")
DECIDED = t("Är åtgärden beslutad?", "Is the action decided?")
FUNDED = t("Är åtgärden finansierad?", "Is the action funded?")
EFFECT_ON = t("Effekt på {ground}", "Effect on {ground}")
EFFECT_NONE = t("Gäller inte den här grunden", "Does not concern this ground")
NO_GROUNDS_IN = t("Inga grunder är valda i urvalet ännu.", "No grounds are screened in yet.")

# conclusion and follow-up
CHOSEN_OUTCOME = t("Vald slutsats", "Chosen outcome")
JUSTIFICATION = t("Motivering om slutsatsen skiljer sig från rekommendationen",
                  "Justification if the outcome differs from the recommendation")
SUMMARY = t("Sammanfattning", "Summary")
FOLLOW_UP_DUE_DATE = t("Datum för uppföljning", "Follow-up date")

# review
RESULT = t("Resultat", "Result")
RECOMMENDED = t("Rekommenderad slutsats", "Recommended outcome")
CHOSEN = t("Vald slutsats", "Chosen outcome")
NOT_CHOSEN = t("ingen vald ännu", "none chosen yet")
PER_GROUND = t("Per grund", "Per ground")
HOW_COUNTED = t("Så räknades nivån", "How the level was worked out")
FLAGS = t("Flaggor", "Flags")
NO_FLAGS = t("Inga flaggor.", "No flags.")
NOTICES = t("Att känna till om underlaget", "About the figures behind the score")
DOWNLOADS = t("Konsekvensbeskrivningen", "The impact statement")
DOWNLOAD = t("Ladda ner {format}", "Download {format}")
SUBMIT = t("Skicka för granskning", "Submit for review")
SUBMITTED = t("Bedömningen är skickad för granskning.", "The assessment is submitted for review.")
SUBMIT_REFUSED = t("Kan inte skickas ännu: {error}", "Cannot be submitted yet: {error}")
BLOCKERS = t("Det här måste åtgärdas först:", "This must be resolved first:")
HELP = t("Hjälp och vägledning", "Help and guidance")
CHOOSE = t("Välj", "Choose")
GO_TO_STEP = t("Gå till steget: {step}", "Go to the step: {step}")
OPEN_QUESTIONS = t("Frågor att se över", "Questions to look at")
UNANSWERED = t("Obesvarad", "Unanswered")
DONT_KNOW = t("Vet inte", "Don't know")
BLOCKERS_STAND = t(
    "{n} saker måste åtgärdas innan bedömningen kan skickas för granskning (se flaggorna nedan).",
    "{n} things must be resolved before the assessment can be submitted for review (see the "
    "flags below).")
AREAS = t("Berörda områden", "Areas affected")
NO_AREAS = t(
    "Områdena väljs ur kontextdatabasen, som inte är byggd här (`eia data build`).",
    "Areas are chosen from the context database, which is not built here (`eia data build`).")
IN_YOUR_WORDS = t("Med dina egna ord", "In your own words")
BEST_INTERESTS = t("Hur har barnets bästa vägts in?",
                   "How were the child's best interests weighed?")
CHILDRENS_VIEWS = t("Vad säger barnen själva?", "What do the children themselves say?")
MINORITIES_CONSULTED = t("Har de nationella minoriteterna fått komma till tals?",
                         "Were the national minorities consulted?")
MINORITIES_DESCRIPTION = t("Hur, och vad kom fram?", "How, and what came out of it?")
INTERSECTION_GROUNDS = t("Vilka grunder påverkar samma människor tillsammans?",
                         "Which grounds affect the same people together?")
INTERSECTION_DESCRIPTION = t("Beskriv hur de samverkar", "Describe how they combine")
REMOVE = t("Ta bort", "Remove")
GROUNDS = t("Vilka grunder gäller det?", "Which grounds does it concern?")
SOURCES = t("Egna källor", "Your own sources")
SOURCE_N = t("Källa {n}", "Source {n}")
ADD_SOURCE = t("Lägg till källa", "Add source")
SOURCE_TITLE = t("Källans titel", "Title of the source")
SOURCE_REFERENCE = t("Hänvisning (länk, diarienummer)", "Reference (link, diary number)")
SOURCE_SUMMARY = t("Vad säger den?", "What does it say?")
GAPS = t("Kunskapsluckor", "Evidence gaps")
GAP_N = t("Lucka {n}", "Gap {n}")
ADD_GAP = t("Lägg till kunskapslucka", "Add evidence gap")
GAP_DESCRIPTION = t("Vad vet ni inte?", "What do you not know?")
GAP_PLAN = t("Hur ska luckan fyllas?", "How will the gap be filled?")
GAP_DUE = t("När?", "When?")
ALTERNATIVES = t("Alternativ som övervägts", "Alternatives considered")
ALTERNATIVE_N = t("Alternativ {n}", "Alternative {n}")
ADD_ALTERNATIVE = t("Lägg till alternativ", "Add alternative")
ALTERNATIVE_DESCRIPTION = t("Beskriv alternativet", "Describe the alternative")
DO_NOTHING = t("Är det att inte göra något?", "Is it doing nothing?")
ALTERNATIVE_ASSESSMENT = t("Hur påverkar det lika möjligheter?",
                           "How does it affect equal opportunities?")
ALTERNATIVE_CHOSEN = t("Är det alternativet som föreslås?", "Is it the one proposed?")
PREVIOUS_ACTIONS = t("Åtgärder från den tidigare bedömningen",
                     "Actions of the earlier assessment")
PREVIOUS_ACTION_N = t("Tidigare åtgärd {n}", "Earlier action {n}")
ADD_PREVIOUS_ACTION = t("Lägg till tidigare åtgärd", "Add earlier action")
PREVIOUS_ACTION = t("Vad lovades?", "What was promised?")
PREVIOUS_RESULT = t("Blev det gjort?", "Was it done?")
PREVIOUS_COMMENT = t("Kommentar", "Comment")
CONSULTATIONS = t("Dialog och samråd", "Consultation log")
CONSULTATION_N = t("Samråd {n}", "Consultation {n}")
ADD_CONSULTATION = t("Lägg till samråd", "Add consultation")
CONSULTED_WHO = t("Vilka har ni talat med?", "Whom did you consult?")
CONSULTED_WHEN = t("När?", "When?")
CONSULTED_HOW = t("Hur (möte, enkät, besök)?", "How (meeting, survey, visit)?")
CONSULTED_CHILDREN = t("Var barn med?", "Were children among them?")
CONSULTED_MINORITIES = t("Var nationella minoriteter med?",
                         "Were national minorities among them?")
WHAT_THEY_SAID = t("Vad sa de?", "What did they say?")
OUR_RESPONSE = t("Vad gör ni med det?", "What do you do with it?")
RELATED_DECISIONS = t("Andra beslut som nyligen berört samma människor (ett per rad)",
                      "Other recent decisions that affected the same people (one a line)")
CUMULATIVE_DESCRIPTION = t("Hur samverkar de med det här förslaget?",
                           "How do they add up with this proposal?")
AFFECTED_GROUPS = t("Vilka grupper påverkas?", "Which groups are affected?")
AFFECTED_GROUPS_HELP = t(
    "Välj bland grupperna i statistiken, så visas och bedöms siffror om just dem.",
    "Choose among the groups in the figures, so that figures about them are shown and scored.")
CROSSED_GROUP = t("Också namngiven: **{group}**", "Also named: **{group}**")
CROSS_PICK = t("Två eller flera kategorier som tillsammans är en grupp",
               "Two or more categories that together are one group")
CROSS_HELP = t("Till exempel kvinnor och 65–84 år för kvinnor i åldern 65–84. Siffror som delar "
               "upp på båda väljs för gruppen.",
               "For example women and aged 65–84 for women aged 65 to 84. Figures broken down "
               "by both are chosen for the group.")
CROSS_ADD = t("Lägg till gruppen", "Add the group")
CROSS_REFUSED = t("En korsad grupp är två eller flera kategorier från olika indelningar (till "
                  "exempel kön och ålder), inte två ur samma.",
                  "A crossed group is two or more categories from different breakdowns (for "
                  "example sex and age), never two from the same one.")

# result page: chosen outcome and page-one preview
JUSTIFICATION_GIVEN = t("Motivering", "Justification")
JUSTIFICATION_MISSING = t(
    "Den valda slutsatsen skiljer sig från rekommendationen men saknar motivering.",
    "The chosen outcome differs from the recommendation but has no justification.")
PAGE_ONE_PREVIEW = t("Förhandsgranska sida ett, så som nämnden läser den",
                     "Preview page one, as the committee reads it")

# figures beside a ground's questions (eia/ui/evidence.py)
FIGURES = t("Siffror för den här grunden", "Figures for this ground")
FIGURES_AREAS = t("Områden: {areas}.", "Areas: {areas}.")
FIGURES_WHOLE_CITY = t(
    "Inget område är valt i beslutssteget, så siffrorna gäller {areas} som helhet.",
    "No area is chosen on the decision step, so the figures are for {areas} as a whole.")
FIGURES_UNMATCHED = t("Kontextdatabasen har inget område {areas}.",
                      "The context database has no area {areas}.")
FIGURES_GROUPS = t("Siffror om de grupper du har namngett: {groups}.",
                   "Figures about the groups you named: {groups}.")
FIGURES_NO_GROUPS = t(
    "Du har inte namngett vilka grupper som påverkas, så här visas grundens siffror i stort. "
    "Välj grupperna under ”Vilka grupper påverkas?” nedan, så visas siffror om just dem.",
    "You have not named the groups affected, so the ground's figures at large are shown. "
    "Choose the groups under \"Which groups are affected?\" below to see figures about them.")
FIGURES_NO_DATABASE = t(
    "Kontextdatabasen är inte byggd här (`eia data build`), så inga siffror kan visas. "
    "Skriv nedan hur kunskapsluckan ska fyllas.",
    "The context database is not built here (`eia data build`), so no figures can be shown. "
    "Say below how the evidence gap will be filled.")
FIGURES_CITE = t("Hänvisa till ”{indicator}” i konsekvensbeskrivningen",
                 "Cite \"{indicator}\" in the statement")
FIGURES_CHART = t("{indicator}: diagram och tabell", "{indicator}: chart and table")
FIGURES_ALT = t(
    "Stapeldiagram: {indicator}, antal jämförelser: {n}. Tabellen under diagrammet har samma "
    "siffror.",
    "Bar chart: {indicator}, comparisons: {n}. The table below the chart holds the same "
    "numbers.")
FIGURES_TABLE = t("Samma siffror som tabell", "The same figures as a table")
FIGURES_WORSE = t("En grupp är sämre ställd i minst en jämförelse.",
                  "A group is worse off in at least one comparison.")
FIGURES_WITHHELD = t("Utelämnade siffror", "Withheld figures")
FIGURES_MORE = t("Visa ytterligare {n} indikatorer", "Show {n} more indicators")
FIGURES_GAP = t("Kunskapslucka: {reasons}", "Evidence gap: {reasons}")
FIGURES_OWN_SOURCES = t("Egna källor för den här grunden", "Your own sources for this ground")
FIGURES_CITED_NOT_SHOWN = t(
    "Hänvisade siffror som inte visas här med de områden och grupper som är valda nu:",
    "Cited figures not shown here for the areas and groups chosen now:")

# sign-in (OpenID Connect, eia/ui/auth.py)
SIGN_IN_TITLE = t("Logga in", "Sign in")
SIGN_IN_INTRO = t(
    "Likvärdig visar bara det som din roll får se, så logga in med ditt konto i "
    "organisationen.",
    "Likvärdig shows only what your role may see, so sign in with your organisation's account.")
SIGN_IN = t("Logga in", "Sign in")
SIGN_OUT = t("Logga ut", "Sign out")
ROLES = t("Roller", "Roles")
NOT_A_USER_TITLE = t("Du finns inte bland användarna", "You are not among the users")
NOT_A_USER = t(
    "Du är inloggad som {identity}, men ingen användare i Likvärdig har den identiteten. Du har "
    "därför ingen roll här och ser inga bedömningar.",
    "You are signed in as {identity}, but no Likvärdig user has that identity. So you have no "
    "role here and see no assessments.")
HOW_TO_ADD = t(
    "En administratör lägger till dig i användarfilen (den som EIA_USERS_FILE anger): under din "
    "användare, med dina roller, raden nedan. Ladda sedan om sidan.",
    "An administrator adds you to the users file (the one EIA_USERS_FILE names): under your "
    "user, with your roles, the line below. Then reload the page.")
LOGIN_NOT_CONFIGURED = t(
    "Inloggning är inte inställd: en användarfil är angiven (EIA_USERS_FILE), men "
    "`.streamlit/secrets.toml` har inget avsnitt [auth], så ingen kan logga in. En "
    "administratör fyller i det efter `.streamlit/secrets.toml.example` (README, avsnittet "
    "Sign-in), eller tar bort EIA_USERS_FILE för att köra det lokala demoläget.",
    "Login is not configured: a users file is set (EIA_USERS_FILE), but "
    "`.streamlit/secrets.toml` has no [auth] section, so nobody can sign in. An administrator "
    "fills it in after `.streamlit/secrets.toml.example` (README, section Sign-in), or unsets "
    "EIA_USERS_FILE to run the local demo mode.")

# start page paging
SHOWING_N_OF = t("Visar de {shown} senast ändrade av {total}.",
                 "Showing the {shown} most recently changed of {total}.")
SHOW_MORE = t("Visa {n} till", "Show {n} more")
COPY_FROM_LIMITED = t(
    "Här finns de {n} senast ändrade av {total}. Sök ovan för att hitta en annan.",
    "These are the {n} most recently changed of {total}. Search above to find another.")

# a harm counted under another ground
COUNTED_UNDER = t("Räknas samma skada redan under en annan grund?",
                  "Is the same harm already counted under another ground?")
COUNTED_HERE = t("Nej, det är en egen skada", "No, it is a harm of its own")
COUNTED_UNDER_HELP = t(
    "En avgift som stänger ute barn i familjer med låga inkomster är samma skada under ålder "
    "och socioekonomisk status. Välj grunden där den redan räknas, så vägs antalet berörda in "
    "bara en gång.",
    "A fee that keeps out children in low-income families is the same harm under age and "
    "socioeconomic status. Choose the ground where it is already counted, so that the number "
    "affected is weighed only once.")

# review and follow-up pages (issue 13: judging, replies, notes, attachments, history, follow-up)
PAGE_HISTORY = t("Versioner och ändringar", "Revisions and changes")
PAGE_FOLLOW_UP = t("Uppföljning", "Follow-up")
REVIEW = t("Granskning", "Review")
JUDGE_INTRO = t(
    "Bedöm varje steg du har granskat: godtagbart, bör förbättras eller måste rättas, med en "
    "kommentar. Ett \"måste rättas\" skickar tillbaka bedömningen till handläggaren.",
    "Judge each step you have reviewed: acceptable, to improve or must correct, with a comment. "
    "A \"must correct\" returns the assessment to its officer.")
VERDICT_FOR = t("Bedömning av steget {step}", "Judgement of the step {step}")
COMMENT_FOR = t("Kommentar till steget {step}", "Comment on the step {step}")
SAVE_JUDGEMENT = t("Spara bedömningen", "Save the judgement")
JUDGE_NOTHING = t("Välj en bedömning för minst ett steg.",
                  "Choose a verdict for at least one step.")
JUDGED = t("Bedömningen är sparad.", "The judgement is saved.")
RETURNED_TO_OFFICER = t(
    "Bedömningen är sparad och skickad tillbaka till handläggaren, som måste rätta: {steps}.",
    "The judgement is saved and the assessment returned to its officer, who must correct: "
    "{steps}.")
JUDGE_REFUSED = t("Bedömningen sparades inte: {error}", "The judgement was not saved: {error}")
EARLIER_JUDGEMENT = t("Senast: {verdict} ({who}, {when})", "Latest: {verdict} ({who}, {when})")
SINCE_JUDGEMENT = t("Vad som har ändrats sedan den senaste bedömningen",
                    "What changed since the latest judgement")
APPROVE = t("Godkänn bedömningen", "Approve the assessment")
APPROVED_NOW = t("Bedömningen är godkänd och låst.", "The assessment is approved and locked.")
APPROVE_REFUSED = t("Godkännandet nekades (regeln {rule}): {reason}",
                    "Approval refused (the rule {rule}): {reason}")
MUST_CORRECT_STANDS = t(
    "ett \"måste rättas\" står obesvarat på: {steps}. Handläggaren svarar på kommentaren först.",
    "a \"must correct\" stands unanswered on: {steps}. The officer answers the comment first.")
JUDGEMENTS = t("Granskarens bedömningar", "The reviewer's judgements")
COMMENTS_TO_ANSWER = t("Granskaren väntar på ditt svar på {n} kommentar(er).",
                       "The reviewer waits for your answer to {n} comment(s).")
COMMENT_LINE = t("**{step}: {verdict}** – {comment} ({who}, {when})",
                 "**{step}: {verdict}** – {comment} ({who}, {when})")
REPLY_LINE = t("Svar: {reply} ({who}, {when})", "Reply: {reply} ({who}, {when})")
REPLY_FOR = t("Ditt svar på kommentaren om {step}", "Your answer to the comment on {step}")
SEND_REPLY = t("Skicka svaret", "Send the answer")
REPLIED = t("Svaret är sparat. Skicka in bedömningen igen när du har svarat på allt.",
            "The answer is saved. Submit the assessment again when you have answered everything.")
REPLY_REFUSED = t("Svaret sparades inte: {error}", "The answer was not saved: {error}")
NOTE_ADD = t("Lägg till en anteckning", "Add a note")
NOTE_HAS = t("Anteckning", "Note")
NOTE_FOR = t("Anteckning till svaret (varför, vad som antogs): {question}",
             "Note on the answer (why, what was assumed): {question}")
ATTACHMENTS = t("Bilagor", "Attachments")
NO_ATTACHMENTS = t("Inga bilagor ännu.", "No attachments yet.")
UPLOAD = t("Bifoga en fil (protokoll, datafil, foto)", "Attach a file (minutes, data file, photo)")
UPLOAD_HELP = t(
    "PDF, Word, Excel, CSV, PNG eller JPEG. Filen känns igen på sitt innehåll, inte sitt namn.",
    "PDF, Word, Excel, CSV, PNG or JPEG. The file is recognised by its content, not its name.")
ATTACHED = t("{name} är bifogad.", "{name} is attached.")
ATTACH_REFUSED = t("{name} bifogades inte: {reason}", "{name} was not attached: {reason}")
ATTACHMENT_LINE = t("**{name}** · {type} · {size} · {who}, {when}",
                    "**{name}** · {type} · {size} · {who}, {when}")
DOWNLOAD_FILE = t("Ladda ner {name}", "Download {name}")
REFUSAL_REASONS = {
    "hostile-name": t("namnet innehåller mappar, styrtecken eller '..'; ge filen ett enkelt namn.",
                      "the name holds folders, control characters or '..'; give the file a plain "
                      "name."),
    "empty": t("filen är tom.", "the file is empty."),
    "too-large": t("filen är större än den tillåtna storleken.",
                   "the file is larger than the size allowed."),
    "unsupported-type": t("bara PDF, Word, Excel, CSV, PNG och JPEG tas emot.",
                          "only PDF, Word, Excel, CSV, PNG and JPEG are accepted."),
    "type-mismatch": t("namnet säger en filtyp men innehållet är en annan.",
                       "the name says one type of file, but the content is another."),
    "damaged": t("filen är skadad eller avkortad.", "the file is damaged or cut short."),
}
HISTORY = t("Händelser", "History")
HISTORY_LINE = t("Revision {revision} · {kind} · {who} · {when}",
                 "Revision {revision} · {kind} · {who} · {when}")
COMPARE = t("Jämför två revisioner", "Compare two revisions")
REVISION_BEFORE = t("Från revision", "From revision")
REVISION_AFTER = t("Till revision", "To revision")
ONE_REVISION = t("Bara en revision av bedömningen finns sparad.",
                 "Only one revision of the assessment is kept.")
SAME_REVISION = t("Välj två olika revisioner.", "Choose two different revisions.")
MADE_BY = t("Revision {revision} gjordes av {who}, {when}.",
            "Revision {revision} was made by {who}, {when}.")
CONTENT_CHANGES = t("Svar och innehåll", "Answers and content")
SCORE_CHANGES = t("Bedömning och flaggor", "Score and flags")
NO_CHANGES = t("Inga ändringar.", "No changes.")
CHANGE_ADDED = t("tillagt", "added")
CHANGE_REMOVED = t("borttaget", "removed")
CHANGE_CHANGED = t("ändrat", "changed")
NOTE_SUFFIX = t("(anteckning)", "(note)")
TO_HISTORY = t("Versioner och ändringar", "Revisions and changes")
TO_FOLLOW_UP = t("Registrera uppföljningen", "Record the follow-up")
FOLLOW_UP_TITLE = t("Uppföljning", "Follow-up")
FOLLOW_UP_INTRO = t(
    "Uppföljningsdatum {due}. Ange för varje åtgärd om den genomfördes, vad som märktes för de "
    "berörda grupperna och om slutsatsen höll. Uppföljningen sparas bredvid den godkända "
    "bedömningen, som inte ändras.",
    "Follow-up date {due}. Say for each action whether it was done, what was observed for the "
    "affected groups and whether the outcome held. The follow-up is kept beside the approved "
    "assessment, which does not change.")
FOLLOW_UP_NOT_YOURS = t(
    "Bara handläggaren för en godkänd bedömning registrerar dess uppföljning.",
    "Only the officer of an approved assessment records its follow-up.")
FOLLOW_UP_NO_ACTIONS = t("Bedömningen har inga åtgärder.", "The assessment has no actions.")
ACTION_RESULT = t("Åtgärd {n}: {description}", "Action {n}: {description}")
ACTION_RESULT_CHOICE = t("Genomfördes åtgärd {n}?", "Was action {n} done?")
ACTION_RESULT_COMMENT = t("Kommentar till åtgärd {n}", "Comment on action {n}")
OBSERVED = t("Vad märktes för de berörda grupperna?",
             "What was observed for the affected groups?")
OUTCOME_HELD = t("Höll slutsatsen?", "Did the outcome hold?")
FOLLOW_UP_COMMENT = t("Övrig kommentar", "Other comment")
SAVE_FOLLOW_UP = t("Spara uppföljningen", "Save the follow-up")
FOLLOW_UP_SAVED = t("Uppföljningen är sparad.", "The follow-up is saved.")
FOLLOW_UP_MISSING = t("Ange resultatet för: {actions}.", "Give the result for: {actions}.")
FOLLOW_UP_REFUSED = t("Uppföljningen sparades inte: {error}",
                      "The follow-up was not saved: {error}")
FOLLOW_UP_RECORDED = t("Senast registrerad: {who}, {when}.", "Last recorded: {who}, {when}.")
COMMENTS_N = t("{n} kommentar(er) att besvara", "{n} comment(s) to answer")
FOLLOW_UP_STATEMENT = t("Uppföljningens redovisning för nämnden",
                        "The follow-up's statement for the committee")

# history: revisions not kept
SOME_REVISIONS_KEPT = t("Bara dessa revisioner finns sparade här: {kept}.",
                        "Only these revisions are kept here: {kept}.")

# strategy pages
PAGE_PORTFOLIO = t("Portfölj", "Portfolio")
PAGE_QUESTION_SETS = t("Frågeuppsättningar", "Question sets")
PORTFOLIO_TITLE = t("Portföljen: alla bedömningar du får läsa",
                    "The portfolio: every assessment you may read")
NEEDS_STRATEGY = t("Den här sidan är för strategiavdelningen. Du som arbetar nu har inte "
                   "rollen Strateg.",
                   "This page is for the strategy division. Whom you act as does not have the "
                   "role Strategy division.")
PORTFOLIO_TOTAL = t("**{n}** bedömningar räknas (per {today}).",
                    "**{n}** assessments are counted (as of {today}).")
PORTFOLIO_FILTERS = t("Urval", "Filters")
FILTER_ORGANISATION = t("Organisation", "Organisation")
FILTER_COMMITTEE = t("Nämnd", "Committee")
FILTER_YEAR = t("År", "Year")
FILTER_SET_VERSION = t("Frågeuppsättningens version", "Question set version")
NOT_NAMED = t("(ingen angiven)", "(none given)")
NOT_CHOSEN = t("inte vald", "not chosen")
COL_WHAT = t("Vad", "What")
COL_COUNT = t("Antal", "Count")
COL_DUE = t("Förfallodatum", "Due")
FIG_OUTCOMES = t("Bedömningar per rekommenderad slutsats",
                 "Assessments by recommended outcome")
FIG_NEGATIVE = t("Diskrimineringsgrunder som oftast påverkas negativt",
                 "Grounds most often negatively affected")
FIG_FLAGS = t("Vanligaste flaggorna", "Most frequent flags")
FIG_GAPS = t("Kunskapsluckor per diskrimineringsgrund", "Evidence gaps by ground")
FIG_CITING = t("Andel som hänvisar till uppdelad statistik (åtgärd 3): {share}",
               "Share citing disaggregated figures (Measure 3): {share}")
CITING_YES = t("Hänvisar till uppdelad statistik", "Cites disaggregated figures")
CITING_NO = t("Hänvisar inte", "Does not cite them")
FIG_DUE = t("Försenade åtgärder och uppföljningar att göra",
            "Actions overdue and follow-ups due")
OVERDUE_ACTIONS = t("Försenade åtgärder", "Actions overdue")
FOLLOW_UPS_DUE = t("Uppföljningar att göra", "Follow-ups due")
OVERDUE_LIST = t("Försenade åtgärder, äldst först", "Actions overdue, oldest first")
FOLLOW_UPS_LIST = t("Uppföljningar att göra, äldst först", "Follow-ups due, oldest first")
FIG_CHOSEN = t("Vald slutsats mot rekommenderad", "Chosen outcome against recommended")
PORTFOLIO_DOWNLOAD = t("Ladda ner siffrorna", "Download the figures")
DOWNLOAD_CSV = t("Ladda ner CSV", "Download CSV")
DOWNLOAD_XLSX = t("Ladda ner Excel", "Download Excel")
QUESTION_SETS_TITLE = t("Frågeuppsättningar och deras logik", "Question sets and their logic")
COL_VERSION = t("Version", "Version")
SET_LOGIC = t("Logiken i {id} {version}", "The logic of {id} {version}")
GRAPH_AS_TEXT = t("Logiken som text (Mermaid)", "The logic as text (Mermaid)")
WHAT_IF = t("Vad händer om: en annan version för de sparade bedömningarna",
            "What if: another version for the saved assessments")
TARGET_VERSION = t("Jämför med version", "Compare with version")
DRAFT_FOLDER = t("Ett utkast i en mapp …", "A draft in a folder …")
DRAFT_PATH = t("Utkastets mapp (med set.yaml)", "The draft's folder (holding set.yaml)")
DRAFT_NOT_FOUND = t("Ingen mapp eller set.yaml här: {path}", "No folder or set.yaml here: {path}")
DRAFT_INVALID = t("Utkastet kan inte läsas: {error}", "The draft cannot be read: {error}")
WHAT_IF_CHART = t("Bedömningar som skulle ändras, efter vad som ändras",
                  "Assessments that would change, by what changes")
WHAT_IF_OUTCOMES = t("Rekommenderat utfall", "Recommended outcome")
WHAT_IF_LEVELS = t("Nivå för minst en grund", "Level of at least one ground")
WHAT_IF_FLAGS = t("Flaggor", "Flags")
WHAT_IF_APPROVED = t("Godkända (behåller sitt resultat)", "Approved (keep their result)")
WHAT_IF_SUMMARY = t("**{changed}** av {n} bedömningar skulle ändras under version {version}.",
                    "**{changed}** of {n} assessments would change under version {version}.")
COL_OUTCOME_CHANGE = t("Rekommenderad slutsats före → efter",
                       "Recommended outcome before → after")
COL_LEVELS = t("Nivåer som ändras (före / efter åtgärder)",
               "Levels changed (before / after actions)")
COL_FLAGS = t("Flaggor tillagda (+) och borttagna (−)", "Flags added (+) and removed (−)")
OPEN_RESULTS = t("Öppna en bedömnings resultat", "Open an assessment's result")
WHAT_IF_NEEDS_STRATEGY = t("Jämförelsen är för strategiavdelningen. Du som arbetar nu har inte "
                           "rollen Strateg.",
                           "The comparison is for the strategy division. Whom you act as does "
                           "not have the role Strategy division.")

# question set versions, drafts and their editor
PAGE_REPORT = t("Uppföljningsrapport", "Follow-up report")
PAGE_AUDIT = t("Logg över händelser", "Audit trail")
VERSIONS = t("Versioner", "Versions")
COL_SET = t("Uppsättning", "Set")
COL_VERSION_STATUS = t("Läge", "Status")
COL_CHANGELOG = t("Ändringslogg", "Changelog")
COL_PUBLISHED_BY = t("Publicerad av", "Published by")
COL_PUBLISHED_AT = t("Publicerad", "Published")
VERSION_STATUS = {
    "installed": t("installerad", "installed"),
    "published": t("publicerad", "published"),
    "draft": t("utkast", "draft"),
}
PICK_VERSION = t("Version att visa", "Version to show")
DRAFTS_NEED_STRATEGY = t(
    "Du kan läsa versionerna här. Att göra, ändra och publicera utkast kräver rollen Strateg.",
    "You can read the versions here. Making, editing and publishing drafts needs the role "
    "Strategy division.")
NEW_DRAFT = t("Nytt utkast", "New draft")
NEW_DRAFT_FROM = t("Nytt utkast från version {version}", "New draft from version {version}")
DRAFT_MADE = t("Utkastet {version} är gjort.", "Draft {version} is made.")
NOT_A_DRAFT = t("Version {version} är {status} och ändras aldrig. Gör ett utkast från den för "
                "att ändra något.",
                "Version {version} is {status} and never changes. Make a draft from it to change "
                "anything.")
EDITOR = t("Redigera utkastet {version}", "Edit draft {version}")
TAB_PARAMETERS = t("Vikter och gränser", "Weights and thresholds")
TAB_QUESTIONS = t("Frågor och poäng", "Questions and scores")
TAB_YAML = t("YAML", "YAML")
TAB_PREVIEW = t("Förhandsvisning", "Preview")
PARAMETERS_HELP = t("Talen som reglerna läser i set.yaml. Ändra och spara; kommentarerna i "
                    "filen finns kvar.",
                    "The numbers the rules read in set.yaml. Change and save; the file's "
                    "comments stay.")
SAVE = t("Spara", "Save")
SAVED = t("Sparat i {file}.", "Saved in {file}.")
NOTHING_CHANGED = t("Inget ändrades.", "Nothing changed.")
DRAFT_PROBLEMS = t("Utkastet har {n} problem och kan inte publiceras förrän de är lösta:",
                   "The draft has {n} problems and cannot be published until they are solved:")
DRAFT_SOUND = t("Utkastet kan läsas utan problem.", "The draft reads without problems.")
PROBLEM_AT = t("{file} rad {line}, fält {field}: {message}",
               "{file} line {line}, field {field}: {message}")
QUESTION_FILE = t("Fil med frågor", "File of questions")
QUESTION_PICK = t("Fråga", "Question")
QUESTION_TEXT_SV = t("Frågans text på svenska", "The question's text in Swedish")
QUESTION_TEXT_EN = t("Frågans text på engelska", "The question's text in English")
OPTION_SCORE = t("Poäng för svaret ”{option}”", "Score of the answer “{option}”")
NO_QUESTIONS = t("Filen har inga frågor.", "The file has no questions.")
YAML_FILE = t("Fil", "File")
YAML_TEXT = t("Filens text ({file})", "The file's text ({file})")
YAML_REFUSED = t("Filen sparades, men utkastet har problem. Din text finns kvar här:",
                 "The file is saved, but the draft has problems. Your text stays here:")
YAML_NOT_SAVED = t("Filen sparades inte: {error}", "The file was not saved: {error}")
LINES_AROUND = t("Raderna runt rad {line} i {file} (► markerar raden)",
                 "The lines around line {line} of {file} (► marks the line)")
PREVIEW_HELP = t("Så här ser handläggaren stegen i utkastet, med samma fält som i bedömningen. "
                 "Här går inget att fylla i.",
                 "This is how a case officer sees the draft's steps, with the same fields as in "
                 "an assessment. Nothing can be filled in here.")
PREVIEW_STEP = t("Steg att förhandsvisa", "Step to preview")
PREVIEW_BROKEN = t("Utkastet kan inte visas förrän problemen ovan är lösta.",
                   "The draft cannot be shown until the problems above are solved.")
PUBLISH = t("Publicera", "Publish")
CHANGELOG_LINE = t("Vad ändras i den här versionen (en rad, krävs)",
                   "What this version changes (one line, required)")
PUBLISH_REFUSED = t("Utkastet publicerades inte:", "The draft was not published:")
PUBLISHED_DONE = t("Version {version} är publicerad och ändras aldrig mer.",
                   "Version {version} is published and never changes again.")
DISCARD = t("Kasta utkastet", "Discard the draft")
DISCARD_SURE = t("Ja, kasta utkastet {version}", "Yes, discard draft {version}")
DISCARDED = t("Utkastet {version} är kastat.", "Draft {version} is discarded.")
DIFF = t("Skillnader mellan två versioner", "Differences between two versions")
DIFF_OLD = t("Från version", "From version")
DIFF_NEW = t("Till version", "To version")
DIFF_NONE = t("Inga skillnader.", "No differences.")
COL_CHANGE_KIND = t("Slag", "Kind")
COL_TARGET = t("Vad", "What")
COL_FIELD = t("Fält", "Field")
COL_BEFORE = t("Före", "Before")
COL_AFTER = t("Efter", "After")
COL_DESCRIPTION = t("Beskrivning", "Description")

# follow-up report
REPORT_TITLE = t("Uppföljningsrapporten för planen för lika möjligheter",
                 "The follow-up report for the Equal Opportunities Plan")
REPORT_HELP = t("Rapporten räknar bedömningarna under perioden och perioden före. Att göra den "
                "skrivs i loggen.",
                "The report counts the assessments of the period and of the period before. "
                "Making it is written to the audit trail.")
REPORT_FROM = t("Från och med", "From")
REPORT_TO = t("Till och med", "To")
REPORT_MAKE = t("Gör rapporten", "Make the report")
REPORT_PDF = t("Ladda ner PDF", "Download PDF")
REPORT_DOCX = t("Ladda ner Word", "Download Word")
REPORT_NOT_MADE = t("Rapporten kunde inte göras: {error}", "The report could not be made: {error}")

# audit trail
AUDIT_TITLE = t("Loggen: vem gjorde vad och när", "The audit trail: who did what, and when")
AUDIT_SINCE = t("Från och med dag", "From day")
AUDIT_UNTIL = t("Till och med dag", "To day")
AUDIT_WHO = t("Vem (användar-id, valfritt)", "Who (user id, optional)")
AUDIT_ACT = t("Händelse (valfri)", "Act (optional)")
AUDIT_ASSESSMENT = t("Bedömningens id (valfritt)", "Assessment id (optional)")
AUDIT_ANY = t("Alla", "Any")
AUDIT_COUNT = t("**{n}** händelser.", "**{n}** acts.")
AUDIT_PROBLEMS = t("Det här kunde inte läsas:", "These could not be read:")
COL_AT = t("När", "When")
COL_BY = t("Vem", "Who")
COL_ACT = t("Händelse", "Act")
COL_OBJECT = t("Gäller", "Concerns")
COL_DETAIL = t("Detaljer", "Details")
COL_SOURCE = t("Källa", "Source")
