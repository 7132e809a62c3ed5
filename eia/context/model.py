"""The shapes of context data: breakdowns and the grounds they speak to, indicators, areas,
sources, the data-package descriptors that describe source files, and query results.

Everything the importers, the build, the queries and the charts exchange is defined here, so each
of them can be read (and tested) on its own.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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

from eia.i18n import Text
from eia.model import Ground
from eia.problems import Problem, ProblemsError
from eia.yamlfile import read_yaml, validate

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


class Category(Strict):
    """One group of a breakdown; `comparison` is the group it is compared with (None: all).

    A `reference` group (born in Sweden, without a disability, ...) is what others are compared
    with; comparing it with everyone would only add noise, so it is never a group of its own."""

    code: Slug
    label: Text
    comparison: Slug | None = None
    reference: bool = False


class Breakdown(Strict):
    """A breakdown as `breakdowns.yaml` declares it: the ground it speaks to, what its total is
    called, and its standard categories."""

    dimension: Dimension
    ground: Ground
    total: Text
    categories: list[Category]


class Vocabulary(Strict):
    breakdowns: list[Breakdown]


BREAKDOWNS_FILE = Path(__file__).with_name("breakdowns.yaml")


def _standard() -> dict[Dimension, Breakdown]:
    """The breakdowns file, checked like any descriptor; every breakdown must be declared."""
    data, locations = read_yaml(BREAKDOWNS_FILE)
    vocabulary: Vocabulary = validate(Vocabulary, data, locations, str(BREAKDOWNS_FILE))
    found = {breakdown.dimension: breakdown for breakdown in vocabulary.breakdowns}
    missing = [dimension.value for dimension in Dimension if dimension not in found]
    if missing:
        raise ProblemsError([Problem(file=str(BREAKDOWNS_FILE), field="breakdowns",
                                     code="missing-breakdown",
                                     message=f"no breakdown declared for {', '.join(missing)}")])
    return {dimension: found[dimension] for dimension in Dimension}


STANDARD: dict[Dimension, Breakdown] = _standard()
CATEGORIES: dict[Dimension, list[Category]] = {
    dimension: list(breakdown.categories) for dimension, breakdown in STANDARD.items()}
"""The standard categories of each breakdown; a build adds those its sources declare."""
DIMENSION_GROUND: dict[Dimension, Ground] = {
    dimension: breakdown.ground for dimension, breakdown in STANDARD.items()}
"""Which ground a breakdown speaks to. Religion has no breakdown (Swedish statistics do not record
belief); indicators speak to it directly through `Indicator.grounds`. Neighbourhood comparisons
speak to socioeconomic status (the plan: participation 'is often linked to ... socioeconomics')."""


# --- Indicators, areas, sources ---------------------------------------------------------------


class IndicatorKind(StrEnum):
    """How a value was measured, which decides suppression and confidence intervals."""

    proportion = "proportion"  # percent of a survey sample; `base` = unweighted respondents
    share = "share"            # percent of everyone, from a register: no sample, no interval
    count = "count"            # number of people; suppressed under the minimum count
    rate = "rate"              # per 1,000 or similar, from register data
    amount = "amount"          # money, e.g. median income in SEK


class Indicator(Strict):
    id: Slug
    title: Text
    definition: Text
    unit: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    kind: IndicatorKind
    higher_is_better: bool | None = None
    """Required, except for a count: a count says how many, not how well off, so it is never
    judged better or worse."""
    grounds: list[Ground] = Field(default_factory=list)
    """Grounds the indicator speaks to itself, beyond its breakdowns (e.g. violations related to
    religion speak to religion whatever the breakdown)."""

    @model_validator(mode="after")
    def _direction_unless_count(self) -> Indicator:
        if self.higher_is_better is None and self.kind is not IndicatorKind.count:
            raise ValueError(f"a {self.kind.value} needs higher_is_better: true or false")
        return self


class AreaLevel(StrEnum):
    """From the largest to the smallest; a parent is always of a larger level."""

    country = "country"
    region = "region"
    county = "county"
    municipality = "municipality"
    district = "district"
    neighbourhood = "neighbourhood"

    @property
    def rank(self) -> int:
        return list(AreaLevel).index(self)


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
    unmapped: Literal["error", "skip"] = "error"
    """What to do with a row whose code is not in `map`: refuse the file (naming every such
    code once), or leave the row out, keeping only the codes mapped."""

    @model_validator(mode="after")
    def _one_source(self) -> ColumnMap:
        if (self.column is None) == (self.value is None):
            raise ValueError("give either `column` or `value`")
        if self.unmapped == "skip" and self.map is None:
            raise ValueError("`unmapped: skip` needs a `map`")
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
    format: Literal["csv", "xlsx", "parquet", "pxweb", "kolada"]
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
    categories: dict[Dimension, list[Category]] = Field(default_factory=dict)
    """Categories this source adds to the standard ones (breakdowns.yaml), e.g. SCB's ten-year
    age bands; a code the standard already has must be declared identically."""
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
    higher_is_better: bool | None
    """None for a count, which is never judged better or worse."""
    source: str
    citation: str
    licence: str
    synthetic: bool


class Measure(Strict):
    """A value for one group, or the reason it is withheld or missing."""

    label: Text
    value: float | None
    code: str = TOTAL
    """The group's code in the figure's breakdown ('women', '0_9', 'total'); for an area
    compared with a larger one, the area's id. Code compares codes, never labels."""
    codes: tuple[tuple[str, str], ...] = ()
    """Every breakdown of the row that is not a total, as (dimension, code) in column order:
    (('sex', 'women'), ('age_band', '65_84')) for women aged 65–84."""
    base: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    status: str | None = None
    """The upstream status flag, e.g. '..' (no data or too uncertain), kept as published."""
    suppressed: Text | None = None
    withheld: Literal["count", "base", "secondary", "unpublished", "no_comparison"] | None = None
    """Why there is no value, for code to read: too few people, too few respondents, withheld
    so that another withheld figure cannot be worked out from it and a total, not published by
    the source, or no figure for the comparison group."""


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
