"""The shapes of context data: breakdowns and the grounds they speak to, indicators, areas,
sources, the data-package descriptors that describe source files, and query results.

Everything the importers, the build, the queries and the charts exchange is defined here, so each
of them can be read (and tested) on its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from eia.i18n import Text, t
from eia.model import Ground

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")]
TOTAL = "total"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Breakdowns ------------------------------------------------------------------------------


class Dimension(StrEnum):
    """How a figure can be broken down; each is a column of `observations` ('total' if unused)."""

    sex = "sex"
    age_band = "age_band"
    birth_region = "birth_region"
    disability = "disability"
    education = "education"
    sexual_orientation = "sexual_orientation"
    gender_identity = "gender_identity"


DIMENSION_GROUND: dict[Dimension, Ground] = {
    Dimension.sex: Ground.sex,
    Dimension.age_band: Ground.age,
    Dimension.birth_region: Ground.ethnic_origin,
    Dimension.disability: Ground.disability,
    Dimension.education: Ground.socioeconomic,
    Dimension.sexual_orientation: Ground.sexual_orientation,
    Dimension.gender_identity: Ground.gender_identity,
}
"""Which ground a breakdown speaks to. Religion has no breakdown (Swedish statistics do not record
belief); indicators speak to it directly through `Indicator.grounds`. Neighbourhood comparisons
speak to socioeconomic status (the plan: participation 'is often linked to ... socioeconomics')."""


class Category(Strict):
    """One group of a breakdown; `comparison` is the group it is compared with (None: all).

    A `reference` group (born in Sweden, without a disability, ...) is what others are compared
    with; comparing it with everyone would only add noise, so it is never a group of its own."""

    code: Slug
    label: Text
    comparison: str | None = None
    reference: bool = False


def _c(code: str, sv: str, en: str, comparison: str | None = None) -> Category:
    return Category(code=code, label=t(sv, en), comparison=comparison)


def _ref(code: str, sv: str, en: str) -> Category:
    return Category(code=code, label=t(sv, en), reference=True)


CATEGORIES: dict[Dimension, list[Category]] = {
    Dimension.sex: [_c("women", "Kvinnor", "Women", "men"), _c("men", "Män", "Men", "women")],
    Dimension.age_band: [
        _c("0_17", "0–17 år", "Aged 0–17"), _c("16_29", "16–29 år", "Aged 16–29"),
        _c("18_29", "18–29 år", "Aged 18–29"), _c("30_44", "30–44 år", "Aged 30–44"),
        _c("45_64", "45–64 år", "Aged 45–64"), _c("65_84", "65–84 år", "Aged 65–84"),
        _c("85_plus", "85 år och äldre", "Aged 85 and over"),
    ],
    Dimension.birth_region: [
        _ref("sweden", "Födda i Sverige", "Born in Sweden"),
        _c("born_abroad", "Födda utomlands", "Born abroad", "sweden"),
        _c("nordic_except_sweden", "Födda i Norden utom Sverige",
           "Born in the Nordic countries except Sweden", "sweden"),
        _c("eu28_except_nordic", "Födda i EU28 utom Norden", "Born in the EU28 except the Nordic "
           "countries", "sweden"),
        _c("europe_except_eu28", "Födda i Europa utom EU28", "Born in Europe except the EU28",
           "sweden"),
        _c("asia", "Födda i Asien", "Born in Asia", "sweden"),
        _c("africa", "Födda i Afrika", "Born in Africa", "sweden"),
        _c("rest_of_world", "Födda i övriga världen", "Born in the rest of the world", "sweden"),
    ],
    Dimension.disability: [
        _c("with_disability", "Med funktionsnedsättning", "With a disability",
           "without_disability"),
        _ref("without_disability", "Utan funktionsnedsättning", "Without a disability"),
    ],
    Dimension.education: [
        _c("compulsory", "Förgymnasial utbildning", "Compulsory schooling", "tertiary"),
        _c("upper_secondary", "Gymnasial utbildning", "Upper secondary", "tertiary"),
        _ref("tertiary", "Eftergymnasial utbildning", "Post-secondary"),
    ],
    Dimension.sexual_orientation: [
        _c("non_heterosexual", "Homo-, bi- eller annan sexuell läggning",
           "Gay, lesbian, bisexual or other", "heterosexual"),
        _ref("heterosexual", "Heterosexuella", "Heterosexual"),
    ],
    Dimension.gender_identity: [
        _c("trans", "Transpersoner", "Trans people", "cis"),
        _ref("cis", "Cispersoner", "Cisgender people"),
    ],
}


def category(dimension: Dimension, code: str) -> Category | None:
    return next((c for c in CATEGORIES[dimension] if c.code == code), None)


# --- Indicators, areas, sources ---------------------------------------------------------------


class IndicatorKind(StrEnum):
    """How a value was measured, which decides suppression and confidence intervals."""

    proportion = "proportion"  # percent of a survey sample; `base` = unweighted respondents
    count = "count"            # number of people; suppressed under the minimum count
    rate = "rate"              # per 1,000 or similar, from register data
    amount = "amount"          # money, e.g. median income in SEK


class Indicator(Strict):
    id: Slug
    title: Text
    definition: Text
    unit: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    kind: IndicatorKind
    higher_is_better: bool
    grounds: list[Ground] = Field(default_factory=list)
    """Grounds the indicator speaks to itself, beyond its breakdowns (e.g. violations related to
    religion speak to religion whatever the breakdown)."""


class AreaLevel(StrEnum):
    city = "city"
    district = "district"
    neighbourhood = "neighbourhood"


class Area(Strict):
    id: Slug
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    level: AreaLevel
    parent: Slug | None = None


CITY = "helsingborg"


class SourceInfo(Strict):
    """Where figures come from. `synthetic` is carried to every figure, chart and statement."""

    id: Slug
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    url: str = ""
    synthetic: bool


# --- Data package descriptors (Frictionless, extended with our mapping under `eia`) ------------


class FieldSpec(BaseModel):
    """A Table Schema field; unknown Table Schema keys are allowed and ignored."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str = Field(min_length=1)
    type: str = "string"


class TableSchema(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    fields: list[FieldSpec] = Field(default_factory=list)
    missing_values: list[str] = Field(default_factory=lambda: [""], alias="missingValues")


Encoding = Literal["utf-8", "utf8", "utf-8-sig", "utf-16", "latin-1", "latin1", "iso-8859-1"]
"""What DuckDB's read_csv decodes without an extension (which could not be downloaded)."""


class Dialect(Strict):
    """How a CSV file is written. A delimiter is one character that is not a quote or a line
    break, so DuckDB and Python's csv module read the file alike."""

    delimiter: str = ","
    decimal: Literal[".", ","] = "."
    header: bool = True
    encoding: Annotated[Encoding, BeforeValidator(
        lambda name: name.lower() if isinstance(name, str) else name)] = "utf-8"

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, delimiter: str) -> str:
        if len(delimiter) != 1 or delimiter in "\"\r\n":
            raise ValueError(f"a delimiter is one character other than a quote or a line break, "
                             f"not {delimiter!r}")
        return delimiter


class ColumnMap(Strict):
    """Where one of our fields comes from: a column of the file (for PX-Web: a dimension id),
    with upstream codes mapped to ours, or one constant `value` for the whole resource."""

    column: str | None = None
    value: str | None = None
    map: dict[str, str] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ColumnMap:
        if (self.column is None) == (self.value is None):
            raise ValueError("give either `column` or `value`")
        return self


class Mapping(Strict):
    """How a resource's columns become observations. Rows whose mapped code is not in `map`
    are an error (named by row and column) unless the code is listed in `skip`."""

    indicator: ColumnMap
    area: ColumnMap
    period: ColumnMap
    value: ColumnMap
    base: ColumnMap | None = None
    ci_low: ColumnMap | None = None
    ci_high: ColumnMap | None = None
    status: ColumnMap | None = None
    dimensions: dict[Dimension, ColumnMap] = Field(default_factory=dict)
    skip: dict[str, list[str]] = Field(default_factory=dict)
    """Upstream codes to leave out, per column (e.g. a total the file repeats)."""
    scale: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1.0
    """Multiply values by this (e.g. 100 when the file holds shares 0–1 and the unit is %)."""


class Resource(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    name: Slug
    path: str = Field(min_length=1)
    format: Literal["csv", "xlsx", "parquet", "pxweb"]
    sheet: str | None = None
    dialect: Dialect = Field(default_factory=Dialect)
    schema_: TableSchema = Field(default_factory=TableSchema, alias="schema")
    eia: ResourceExtension


class ResourceExtension(Strict):
    mapping: Mapping


class PackageExtension(Strict):
    source: SourceInfo
    indicators: list[Indicator] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    generator: Literal["synthetic"] | None = None
    """Set for a source whose files a generator writes at build time instead of being committed."""


class DataPackage(BaseModel):
    """A `datapackage.yaml`: Frictionless keys we read, plus our extension under `eia`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: Slug
    title: str = Field(min_length=1)
    sources: list[dict[str, str]] = Field(default_factory=list)
    licenses: list[dict[str, str]] = Field(min_length=1)
    resources: list[Resource] = Field(default_factory=list)
    eia: PackageExtension


Resource.model_rebuild()


# --- Query results ------------------------------------------------------------------------------


class SuppressionPolicy(Strict):
    """Figures on too few people are withheld in the query layer, so no export can leak them."""

    min_count: int = Field(default=5, ge=1)
    min_base: int = Field(default=30, ge=1)


class IndicatorInfo(Strict):
    id: str
    title: Text
    unit: str
    kind: IndicatorKind
    higher_is_better: bool
    source: str
    citation: str
    licence: str
    synthetic: bool


class Measure(Strict):
    """A value for one group, or the reason it is withheld or missing."""

    label: Text
    value: float | None
    base: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    status: str | None = None
    """The upstream status flag, e.g. '..' (no data or too uncertain), kept as published."""
    suppressed: Text | None = None
    withheld: Literal["count", "base", "unpublished", "no_comparison"] | None = None
    """Why there is no value, for code to read: too few people, too few respondents, not
    published by the source, or no figure for the comparison group."""


class Figure(Strict):
    """One comparison the officer sees beside a question: a group against its comparison group."""

    indicator: IndicatorInfo
    area: str
    area_name: str
    period: str
    dimension: Dimension | None
    """The breakdown compared; None when an area is compared with the city as a whole."""
    group: Measure
    comparison: Measure
    gap: float | None
    worse_off: bool | None
    """True when the group is worse off than its comparison by more than chance would explain."""

    @property
    def synthetic(self) -> bool:
        return self.indicator.synthetic


class EvidenceGap(Strict):
    ground: Ground
    reason: Text


class GroundContext(Strict):
    ground: Ground
    areas: list[str]
    period: str | None
    figures: list[Figure]
    gaps: list[EvidenceGap]
