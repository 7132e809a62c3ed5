"""The assessment: one proposed decision taken through the steps of an equality impact assessment.

Everything here is plain data. A draft may be incomplete (officers save half-done work), so most
fields have empty defaults; completeness is judged by the rules (flags), not by validation. What
validation does refuse is data that cannot be right: unknown fields, bad ids, impossible values.
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from eia.i18n import Lang, Text, t
from eia.migrations import migrate

SCHEMA_VERSION = 2
"""Version 2: users as references, areas as ids, the organisation, follow-up records kept
beside the approved revision. `eia.migrations` brings older files up to it."""

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$"
_ID_RE = re.compile(ID_PATTERN)



def _no_blank(value: object) -> object:
    """Whitespace alone is refused, never silently emptied: say something or leave it empty."""
    if isinstance(value, str) and value and not value.strip():
        raise ValueError("holds only whitespace: write something or leave the field empty")
    return value


ShortText = Annotated[str, BeforeValidator(_no_blank),
                      StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, BeforeValidator(_no_blank), StringConstraints(max_length=20_000)]
RequiredShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=300)]
"""A short text that must say something: whitespace alone is refused with the field named."""
RequiredLongText = Annotated[str, BeforeValidator(_no_blank),
                             StringConstraints(min_length=1, max_length=20_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,79}$")]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
"""JSON has no NaN or infinity: pydantic would save them as null, silently losing the answer."""


WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows refuses as files whatever the suffix (`nul.json` is the null device)."""


def check_id(value: str) -> str:
    """Ids become file names, so only a plain slug is accepted (no dots, slashes or case)."""
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise ValueError(
            f"invalid assessment id {value!r}: use 3-64 lower-case letters, digits and "
            "hyphens, starting and ending with a letter or digit"
        )
    if value in WINDOWS_RESERVED:
        raise ValueError(f"invalid assessment id {value!r}: Windows reserves it as a device name")
    return value


AssessmentId = Annotated[str, AfterValidator(check_id)]
AreaId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")]
"""An area of the context database, by id (`drottninghog`), never matched from free text."""
OrganisationId = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9][a-z0-9_.-]{0,79})?$")]
UserId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.@-]{0,119}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LabelledEnum(StrEnum):
    """An enum whose members carry a Swedish and an English label."""

    @property
    def text(self) -> Text:
        return _LABELS[(type(self), self.value)]

    @classmethod
    def register_labels(cls, labels: dict[Any, Text]) -> None:
        """Give every member of this enum its labels, once.

        Labels are keyed by enum and value, so `EventKind.returned` and `Status.returned` keep
        their own words; registering an enum twice, or a member of another enum, is refused.
        """
        missing = [member for member in cls if member not in labels]
        foreign = [member for member in labels if not isinstance(member, cls)]
        clash = [member for member in cls if (cls, member.value) in _LABELS]
        if missing or foreign or clash:
            raise ValueError(f"labels for {cls.__name__}: missing {missing}, of another enum "
                             f"{foreign}, already registered {clash}")
        _LABELS.update({(cls, member.value): text for member, text in labels.items()})

    def label(self, lang: Lang | str) -> str:
        return self.text(lang)


class Ground(LabelledEnum):
    """The Discrimination Act's seven grounds, in the Act's order, plus the plan's eighth."""

    sex = "sex"
    gender_identity = "gender_identity"
    ethnic_origin = "ethnic_origin"
    religion = "religion"
    disability = "disability"
    sexual_orientation = "sexual_orientation"
    age = "age"
    socioeconomic = "socioeconomic"


class Perspective(LabelledEnum):
    """Cross-cutting perspectives that every assessment also considers."""

    children = "children"
    national_minorities = "national_minorities"
    intersectionality = "intersectionality"


class Subject(LabelledEnum):
    """What is screened: each ground, and the two perspectives that can be screened in or out."""

    sex = "sex"
    gender_identity = "gender_identity"
    ethnic_origin = "ethnic_origin"
    religion = "religion"
    disability = "disability"
    sexual_orientation = "sexual_orientation"
    age = "age"
    socioeconomic = "socioeconomic"
    children = "children"
    national_minorities = "national_minorities"

    @classmethod
    def of(cls, ground: Ground) -> Subject:
        return cls(ground.value)


class Step(LabelledEnum):
    """The steps of an assessment, in wizard order; review judgements are given per step."""

    decision = "decision"
    screening = "screening"
    evidence = "evidence"
    impact = "impact"
    perspectives = "perspectives"
    alternatives = "alternatives"
    cumulative = "cumulative"
    previous = "previous"
    consultation = "consultation"
    actions = "actions"
    conclusion = "conclusion"
    follow_up = "follow_up"


class Level(LabelledEnum):
    """How serious a negative impact is; ordered, so levels compare with < and max()."""

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)

    def _rank_of(self, other: object) -> int:
        """Levels compare by rank; against anything else (a plain string) refuse, not guess."""
        if not isinstance(other, Level):
            raise TypeError(f"cannot compare Level with {type(other).__name__}")
        return other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank < self._rank_of(other)

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank <= self._rank_of(other)

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank > self._rank_of(other)

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank >= self._rank_of(other)

    def lowered(self, steps: int, floor: Level) -> Level:
        return _LEVEL_ORDER[max(self.rank - steps, floor.rank, 0)] if self > floor else self

    def raised(self, steps: int) -> Level:
        """Up by `steps`, never above high; a level of none stays none (nothing to raise)."""
        if self is Level.none:
            return self
        return _LEVEL_ORDER[min(self.rank + steps, len(_LEVEL_ORDER) - 1)]


_LEVEL_ORDER = [Level.none, Level.low, Level.medium, Level.high]


class Outcome(LabelledEnum):
    """The four outcomes of UK and Nordic practice."""

    no_major_change = "no_major_change"
    adjust_proposal = "adjust_proposal"
    continue_with_justification = "continue_with_justification"
    stop_and_rethink = "stop_and_rethink"


class ScreeningAnswer(LabelledEnum):
    yes = "yes"
    no = "no"
    dont_know = "dont_know"


class Direction(LabelledEnum):
    negative = "negative"
    positive = "positive"
    neutral = "neutral"
    mixed = "mixed"


class Severity(LabelledEnum):
    minor = "minor"
    moderate = "moderate"
    serious = "serious"


class Likelihood(LabelledEnum):
    unlikely = "unlikely"
    possible = "possible"
    likely = "likely"
    certain = "certain"


class ActionEffect(LabelledEnum):
    """What an action does to the risk on one ground."""

    removes = "removes"
    reduces = "reduces"
    no_change = "no_change"
    """E.g. a consultation or a study: it may lead to a change, but is none yet."""


class BenefitSize(LabelledEnum):
    """How much a positive impact helps; severity and likelihood size harm only."""

    small = "small"
    moderate = "moderate"
    large = "large"


class Status(LabelledEnum):
    draft = "draft"
    in_review = "in_review"
    returned = "returned"
    approved = "approved"
    archived = "archived"


class ActionResult(LabelledEnum):
    done = "done"
    not_done = "not_done"
    changed = "changed"
    unknown = "unknown"


class EventKind(LabelledEnum):
    created = "created"
    saved = "saved"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"
    reopened = "reopened"
    archived = "archived"
    followed_up = "followed_up"
    judged = "judged"
    replied = "replied"
    attached = "attached"


class Verdict(LabelledEnum):
    """A reviewer's judgement of one step."""

    acceptable = "acceptable"
    to_improve = "to_improve"
    must_correct = "must_correct"
    """Returns the assessment to its officer; approval is refused while one stands."""


class AttachmentType(LabelledEnum):
    """The kinds of file an officer may attach, each recognised by its content."""

    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"
    csv = "csv"
    png = "png"
    jpeg = "jpeg"


_LABELS: dict[tuple[type[LabelledEnum], str], Text] = {}

Step.register_labels({
    Step.decision: t("Ärendet", "Decision"),
    Step.screening: t("Relevansbedömning", "Screening"),
    Step.evidence: t("Underlag", "Evidence"),
    Step.impact: t("Konsekvenser per grund", "Impact per ground"),
    Step.perspectives: t("Barnets rättigheter, nationella minoriteter och intersektionalitet",
                         "Children, minorities and intersectionality"),
    Step.alternatives: t("Alternativ", "Alternatives"),
    Step.cumulative: t("Samlade konsekvenser", "Cumulative impact"),
    Step.previous: t("Tidigare analys", "Earlier assessment"),
    Step.consultation: t("Samråd och dialog", "Consultation"),
    Step.actions: t("Åtgärder", "Actions"),
    Step.conclusion: t("Slutsats", "Conclusion"),
    Step.follow_up: t("Uppföljning", "Follow-up"),
})

Ground.register_labels({
    Ground.sex: t("Kön", "Sex"),
    Ground.gender_identity: t(
        "Könsöverskridande identitet eller uttryck", "Gender identity or expression"
    ),
    Ground.ethnic_origin: t("Etnisk tillhörighet", "Ethnic origin"),
    Ground.religion: t("Religion eller annan trosuppfattning", "Religion or other belief"),
    Ground.disability: t("Funktionsnedsättning", "Disability"),
    Ground.sexual_orientation: t("Sexuell läggning", "Sexual orientation"),
    Ground.age: t("Ålder", "Age"),
    Ground.socioeconomic: t("Socioekonomisk status", "Socioeconomic status"),
})

Perspective.register_labels({
    Perspective.children: t("Barnets rättigheter", "Children's rights"),
    Perspective.national_minorities: t("Nationella minoriteter", "National minorities"),
    Perspective.intersectionality: t("Intersektionalitet", "Intersectionality"),
})

Level.register_labels({
    Level.none: t("Ingen", "None"),
    Level.low: t("Låg", "Low"),
    Level.medium: t("Medelhög", "Medium"),
    Level.high: t("Hög", "High"),
})

Outcome.register_labels({
    Outcome.no_major_change: t("Inga ändringar behövs", "No major change needed"),
    Outcome.adjust_proposal: t("Förslaget behöver ändras", "Adjust the proposal"),
    Outcome.continue_with_justification: t(
        "Kan genomföras – kvarstående konsekvenser motiveras", "Continue with justification"
    ),
    Outcome.stop_and_rethink: t("Förslaget bör inte genomföras i nuvarande form",
                                "Stop and rethink"),
})

ScreeningAnswer.register_labels({
    ScreeningAnswer.yes: t("Ja", "Yes"),
    ScreeningAnswer.no: t("Nej", "No"),
    ScreeningAnswer.dont_know: t("Vet inte", "Don't know"),
})

Direction.register_labels({
    Direction.negative: t("Negativ", "Negative"),
    Direction.positive: t("Positiv", "Positive"),
    Direction.neutral: t("Neutral", "Neutral"),
    Direction.mixed: t("Blandad", "Mixed"),
})

Severity.register_labels({
    Severity.minor: t("Liten", "Minor"),
    Severity.moderate: t("Måttlig", "Moderate"),
    Severity.serious: t("Allvarlig", "Serious"),
})

Likelihood.register_labels({
    Likelihood.unlikely: t("Osannolik", "Unlikely"),
    Likelihood.possible: t("Möjlig", "Possible"),
    Likelihood.likely: t("Sannolik", "Likely"),
    Likelihood.certain: t("Inträffar med säkerhet", "Certain"),
})

ActionEffect.register_labels({
    ActionEffect.removes: t("Tar bort risken", "Removes the risk"),
    ActionEffect.reduces: t("Minskar risken", "Reduces the risk"),
    ActionEffect.no_change: t("Ändrar inte risken (till exempel en dialog eller en utredning)",
                              "Does not change the risk (e.g. a consultation or a study)"),
})

BenefitSize.register_labels({
    BenefitSize.small: t("Liten nytta", "Small benefit"),
    BenefitSize.moderate: t("Måttlig nytta", "Moderate benefit"),
    BenefitSize.large: t("Stor nytta", "Large benefit"),
})

Status.register_labels({
    Status.draft: t("Utkast", "Draft"),
    Status.in_review: t("Under granskning", "In review"),
    Status.returned: t("Återsänd", "Returned"),
    Status.approved: t("Godkänd", "Approved"),
    Status.archived: t("Arkiverad", "Archived"),
})

ActionResult.register_labels({
    ActionResult.done: t("Genomförd", "Done"),
    ActionResult.not_done: t("Inte genomförd", "Not done"),
    ActionResult.changed: t("Ändrad", "Changed"),
    ActionResult.unknown: t("Okänt", "Unknown"),
})

EventKind.register_labels({
    EventKind.created: t("Skapad", "Created"),
    EventKind.saved: t("Sparad", "Saved"),
    EventKind.submitted: t("Skickad för granskning", "Submitted for review"),
    EventKind.returned: t("Återsänd för komplettering", "Returned for changes"),
    EventKind.approved: t("Godkänd", "Approved"),
    EventKind.reopened: t("Ny revision påbörjad", "New revision started"),
    EventKind.archived: t("Arkiverad", "Archived"),
    EventKind.followed_up: t("Uppföljd", "Followed up"),
    EventKind.judged: t("Granskad", "Judged"),
    EventKind.replied: t("Granskarens kommentarer besvarade", "Reviewer's comments answered"),
    EventKind.attached: t("Bilaga tillagd", "Attachment added"),
})
Verdict.register_labels({
    Verdict.acceptable: t("Godtagbar", "Acceptable"),
    Verdict.to_improve: t("Bör förbättras", "To improve"),
    Verdict.must_correct: t("Måste rättas", "Must correct"),
})
AttachmentType.register_labels({
    AttachmentType.pdf: t("PDF", "PDF"),
    AttachmentType.docx: t("Word-dokument", "Word document"),
    AttachmentType.xlsx: t("Excel-arbetsbok", "Excel workbook"),
    AttachmentType.csv: t("CSV-fil", "CSV file"),
    AttachmentType.png: t("PNG-bild", "PNG image"),
    AttachmentType.jpeg: t("JPEG-bild", "JPEG image"),
})
Subject.register_labels({  # a subject reads as the ground or perspective it names
    subject: (Ground(subject.value) if subject.value in Ground.__members__
              else Perspective(subject.value)).text for subject in Subject})


class UserRef(Strict):
    """Who did something: the user's id, and their display name as it was at the time.

    Records written before users existed (schema 1) name a person but no user: `id` is None
    there, so such a name never counts as any signed-in user.
    """

    id: UserId | None
    name: RequiredShortText

    def __str__(self) -> str:
        return self.name

    def is_user(self, user_id: str) -> bool:
        return self.id is not None and self.id == user_id


# --- The steps of an assessment -------------------------------------------------------------


class Decision(Strict):
    title: ShortText = ""
    diary_number: ShortText = ""
    department: ShortText = ""
    committee: ShortText = ""
    meeting_date: date | None = None
    description: LongText = ""
    affected_areas: list[AreaId] = Field(default_factory=list, max_length=200)
    area_note: LongText = ""
    """Places described in words; kept for readers, never matched to areas."""
    affected_services: list[ShortText] = Field(default_factory=list, max_length=200)


class Screening(Strict):
    """Could the proposal affect people differently on this ground? 'Don't know' counts as yes."""

    answer: ScreeningAnswer
    reason: LongText = ""

    @property
    def screened_in(self) -> bool:
        return self.answer is not ScreeningAnswer.no


class ContextFigureRef(Strict):
    """A context figure the officer looked at, by indicator id, and the grounds it speaks to."""

    indicator: Slug
    grounds: list[Ground] = Field(default_factory=list)
    note: LongText = ""


class Source(Strict):
    """The officer's own evidence: a report, a survey, a user dialogue."""

    title: RequiredShortText
    grounds: list[Ground] = Field(default_factory=list)
    reference: ShortText = ""
    summary: LongText = ""


class DataGap(Strict):
    """Something the officer needed to know but could not, and how it will be filled."""

    description: RequiredLongText
    grounds: list[Ground] = Field(default_factory=list)
    plan: LongText = ""
    due: date | None = None


class Evidence(Strict):
    context_figures: list[ContextFigureRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    gaps: list[DataGap] = Field(default_factory=list)

    def grounds_covered(self) -> set[Ground]:
        covered: set[Ground] = set()
        for item in [*self.context_figures, *self.sources]:
            covered.update(item.grounds)
        return covered


class AffectedGroup(Strict):
    """A group an impact falls on, named by breakdown categories of the context data.

    `codes` is a conjunction: {sex: women, age_band: 65_84} is women aged 65–84; an area is
    named as {area: drottninghog}. `label` is the name the officer saw when picking it.
    """

    codes: dict[Slug, Slug] = Field(min_length=1, max_length=6)
    label: RequiredShortText


class Impact(Strict):
    """The officer's own judgement of the impact on one ground."""

    direction: Direction | None = None
    severity: Severity | None = None
    likelihood: Likelihood | None = None
    people_affected: int | None = Field(default=None, ge=0, le=100_000_000)
    affected_groups: list[AffectedGroup] = Field(default_factory=list, max_length=20)
    has_alternative: bool | None = None
    """Whether the people harmed have another way to get what they lose."""
    benefit: BenefitSize | None = None
    groups: ShortText = ""
    description: LongText = ""
    residual_judgement: Level | None = None
    """The officer's own level after actions: taken when higher than the rules give; lower only
    with a justification, and then flagged."""
    residual_justification: LongText = ""
    counted_under: Ground | None = None
    """The ground where this same harm is already counted (a fee that keeps children out of the
    culture school is the socioeconomic harm again, under age): its size is weighed there once."""


class Answer(Strict):
    """The answer to one question of the question set, with the officer's optional note.

    Dates are kept as ISO strings: a union with `date` would not round-trip through JSON.
    """

    value: bool | int | FiniteFloat | str | list[str] | None = None
    note: LongText = ""

    @property
    def is_answered(self) -> bool:
        return self.value not in (None, "", [])


class ChildrenPerspective(Strict):
    best_interests: LongText = ""
    childrens_views: LongText = ""


class MinoritiesPerspective(Strict):
    consulted: bool | None = None
    description: LongText = ""


class IntersectionalityPerspective(Strict):
    grounds: list[Ground] = Field(default_factory=list)
    description: LongText = ""


class Perspectives(Strict):
    children: ChildrenPerspective = Field(default_factory=ChildrenPerspective)
    national_minorities: MinoritiesPerspective = Field(default_factory=MinoritiesPerspective)
    intersectionality: IntersectionalityPerspective = Field(
        default_factory=IntersectionalityPerspective
    )


class Alternative(Strict):
    description: RequiredLongText
    do_nothing: bool = False
    assessment: LongText = ""
    chosen: bool = False


class CumulativeImpact(Strict):
    description: LongText = ""
    related_decisions: list[ShortText] = Field(default_factory=list)


class PreviousAction(Strict):
    description: RequiredLongText
    result: ActionResult = ActionResult.unknown
    comment: LongText = ""


class PreviousAssessment(Strict):
    """The earlier assessment of the same service, and whether its promised actions were done."""

    reference: ShortText = ""
    actions: list[PreviousAction] = Field(default_factory=list)


class Consultation(Strict):
    who: RequiredShortText
    grounds: list[Ground] = Field(default_factory=list)
    children: bool = False
    national_minorities: bool = False
    held_on: date | None = None
    method: ShortText = ""
    what_they_said: LongText = ""
    response: LongText = ""


class Action(Strict):
    id: Slug
    description: RequiredLongText
    owner: ShortText = ""
    due: date | None = None
    grounds: list[Ground] = Field(default_factory=list)
    effects: dict[Ground, ActionEffect] = Field(default_factory=dict)
    """Per ground, what the action does to the risk; a ground without one is unknown."""
    decided: bool | None = None
    funded: bool | None = None

    @property
    def is_complete(self) -> bool:
        return bool(self.description.strip() and self.owner and self.due)

    def effect_on(self, ground: Ground) -> ActionEffect | None:
        return self.effects.get(ground)


class Conclusion(Strict):
    chosen_outcome: Outcome | None = None
    justification: LongText = ""
    summary: LongText = ""


class FollowUpPlan(Strict):
    """When the officer will check that the actions were done and the outcome held."""

    due: date | None = None


class ActionFollowUp(Strict):
    action_id: Slug
    result: ActionResult
    observed: LongText = ""


class SignOff(Strict):
    """The approving reviewer's sign-off; the core writes it on approval, nobody types it."""

    by: UserRef
    role: ShortText = ""
    signed_on: date


class Event(Strict):
    """One entry of the append-only history; written by the core alone."""

    at: AwareDatetime
    by: UserRef
    kind: EventKind
    revision: int = Field(ge=1)
    note: LongText = ""


class Judgement(Strict):
    """A reviewer's judgement of one step, and the officer's reply; written by the core alone.

    `revision` is the revision judged, so the reviewer can see what changed since. Judgements
    are only ever appended; `number` (1, 2, ...) names one for good.
    """

    number: int = Field(ge=1)
    step: Step
    verdict: Verdict
    comment: LongText = ""
    by: UserRef
    at: AwareDatetime
    revision: int = Field(ge=1)
    reply: LongText = ""
    replied_by: UserRef | None = None
    replied_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _says_why(self) -> Judgement:
        """Anything short of acceptable must tell the officer what to do."""
        if self.verdict is not Verdict.acceptable and not self.comment.strip():
            raise ValueError(f"a '{self.verdict.value}' judgement needs a comment saying what "
                             "to change")
        return self

    @property
    def answered(self) -> bool:
        return bool(self.reply.strip())

    @property
    def asks_for_answer(self) -> bool:
        """A comment the officer is to answer: anything short of acceptable, unanswered."""
        return self.verdict is not Verdict.acceptable and not self.answered


SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Attachment(Strict):
    """A file kept beside the assessment (minutes, a data file, a photo), by its SHA-256.

    The bytes live in the store's blobs under the SHA-256; the assessment records it, so the
    statement's fingerprint covers every attachment too.
    """

    sha256: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    """The original file name, made safe (no folders, no control characters)."""
    type: AttachmentType
    size: int = Field(ge=1)
    by: UserRef
    at: AwareDatetime
    step: Step | None = None
    ground: Ground | None = None


class QuestionSetRef(Strict):
    id: Slug
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]


class Assessment(Strict):
    """One proposed decision and everything the officer recorded about its impact."""

    schema_version: Literal[2] = SCHEMA_VERSION
    id: AssessmentId
    revision: int = Field(default=0, ge=0, description="0 until first saved; the store counts")
    status: Status = Status.draft
    demo: bool = False
    organisation: OrganisationId = ""
    """Set from the creating user; empty only in files saved before organisations existed."""
    officers: list[UserRef] = Field(default_factory=list, max_length=20)
    """The case officers responsible; only they edit a draft or a returned assessment."""
    question_set: QuestionSetRef
    decision: Decision = Field(default_factory=Decision)
    screening: dict[Subject, Screening] = Field(default_factory=dict)
    evidence: Evidence = Field(default_factory=Evidence)
    impacts: dict[Ground, Impact] = Field(default_factory=dict)
    answers: dict[Slug, Answer] = Field(default_factory=dict)
    perspectives: Perspectives = Field(default_factory=Perspectives)
    alternatives: list[Alternative] = Field(default_factory=list)
    cumulative: CumulativeImpact = Field(default_factory=CumulativeImpact)
    previous: PreviousAssessment | None = None
    consultations: list[Consultation] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    conclusion: Conclusion = Field(default_factory=Conclusion)
    follow_up: FollowUpPlan = Field(default_factory=FollowUpPlan)
    sign_off: SignOff | None = None
    judgements: list[Judgement] = Field(default_factory=list)
    """The reviewers' judgements per step and the officers' replies (core-written)."""
    attachments: list[Attachment] = Field(default_factory=list, max_length=200)
    """Files attached by an officer (core-written, through `attach`)."""
    approved_result: dict[str, JsonValue] | None = None
    """The score it was approved with (`eia.rules.Result` as JSON), kept with the approved
    revision so that a later change of rules or data never changes what was decided on."""
    history: list[Event] = Field(default_factory=list)

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    def screened_in(self, subject: Subject | Ground) -> bool | None:
        """True or False once screened; None while the subject has no screening answer."""
        entry = self.screening.get(Subject(subject.value))
        return None if entry is None else entry.screened_in

    def is_relevant(self, subject: Subject | Ground) -> bool:
        """Relevant unless validly screened out: a 'no' with a written reason.

        Not screened yet, "don't know", and a 'no' without a reason all count as relevant, so
        nothing an officer answered about a ground is hidden or left unscored by skipping a step.
        """
        entry = self.screening.get(Subject(subject.value))
        return entry is None or entry.screened_in or not entry.reason.strip()

    def latest_judgements(self) -> list[Judgement]:
        """Each judged step's latest judgement: a later one supersedes an earlier one."""
        return list({judgement.step: judgement for judgement in self.judgements}.values())

    def comments_to_answer(self) -> list[Judgement]:
        """The latest comments short of acceptable that the officer has not answered yet."""
        return [judgement for judgement in self.latest_judgements() if judgement.asks_for_answer]

    def standing_must_correct(self) -> list[Judgement]:
        """The "must correct" judgements that stand (approval is refused while one does)."""
        return [judgement for judgement in self.comments_to_answer()
                if judgement.verdict is Verdict.must_correct]

    def is_officer(self, user_id: str) -> bool:
        return any(officer.is_user(user_id) for officer in self.officers)

    def editors(self) -> set[str]:
        """Ids of everyone who created or saved any revision: they may not approve it."""
        return {event.by.id for event in self.history if event.by.id is not None
                and event.kind in (EventKind.created, EventKind.saved, EventKind.reopened,
                                   EventKind.replied, EventKind.attached)}

    def actions_for(self, ground: Ground) -> list[Action]:
        return [action for action in self.actions
                if ground in action.grounds or ground in action.effects]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Assessment:
        """Read a saved assessment of any schema version, migrated to the current one."""
        return cls.model_validate(migrate(json.loads(text)))


class FollowUpRecord(Strict):
    """What was found at follow-up, kept beside the approved revision, never inside it.

    Recording a follow-up therefore never reopens the approved assessment; the record names the
    revision it follows up and keeps its own history.
    """

    schema_version: Literal[2] = SCHEMA_VERSION
    id: AssessmentId
    revision: int = Field(default=0, ge=0)
    assessment_revision: int = Field(ge=1)
    results: list[ActionFollowUp] = Field(default_factory=list)
    observed: LongText = ""
    outcome_held: bool | None = None
    comment: LongText = ""
    history: list[Event] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
