"""The synthetic demo data: made-up figures for real Helsingborg place names.

The app must show something useful before a city loads its own statistics, and the tests need
figures with every breakdown, small groups and missing cells. Nothing real may pass for that, so
every figure here is invented by a small generative model and its source says `synthetic: true`.

The model is written so the made-up figures point the same way as the findings of the city's Equal
Opportunities Plan (Ramboll's 2021 baseline analysis): women of all ages are more afraid to go out
alone; people with disabilities, trans and non-heterosexual people have worse health; women have
worse mental health; older people and people born abroad take part less socially; men lack
emotional support more; women are more often subjected to abusive treatment; and women's
participation in sport depends more on the area's economy than men's. Neighbourhoods differ by a
made-up socioeconomic score, so Drottninghög and Dalhem come out poorer than Tågaborg or Hittarp.

Totals are drawn on their own, never summed from their parts (as with real published statistics,
parts need not add up). Output is deterministic: every random stream is seeded from `SEED` and the
names of what it draws (indicator, area, period), and only `random()` of the standard library's
Mersenne Twister (a stream Python keeps stable) and sha256 are used, so the same areas give the
same bytes, and adding an area or an indicator leaves the other figures as they were.

    python -m eia.context.synthetic data/generated/synthetic-demo
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from statistics import NormalDist

from eia.context.db import sources_path
from eia.context.descriptor import descriptor_file
from eia.context.descriptor import load_package as load_descriptor
from eia.context.model import (
    CATEGORIES,
    CITY,
    TOTAL,
    Area,
    AreaLevel,
    DataPackage,
    Dimension,
    IndicatorKind,
)
from eia.settings import generated_dir

SEED = 2035
"""Helsingborg's vision year; changing it changes every figure."""

PACKAGE_NAME = "synthetic-demo"
AREAS_PACKAGE = "helsingborg-areas"
EXTERNAL_INDICATORS = frozenset({"afraid_out_alone"})
"""Indicators this generator writes figures for but another package defines (the real 2021
baseline defines `afraid_out_alone`; the build merges definitions across packages)."""

SURVEY_PERIODS = ("2023", "2025")
"""The made-up residents' survey runs every second year, as the plan's follow-up does."""
REGISTER_PERIODS = ("2023", "2024", "2025")
LATEST = 2025

CITY_POPULATION = 152_000
CITY_SURVEY_BASE = {"2023": 5_200, "2025": 4_800}
"""Respondents in the city as a whole; a neighbourhood has 20–400."""

D = Dimension
Cut = tuple[Dimension, ...]
"""The breakdowns a row is split by; () is the total, (sex, age_band) a crossed breakdown."""

BIRTH_REGIONS_CITY = tuple(c.code for c in CATEGORIES[D.birth_region])
BIRTH_REGIONS_AREA = ("sweden", "born_abroad")
SURVEY_AGES = ("18_29", "30_44", "45_64", "65_84")


# --- Who lives where ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """The made-up make-up of an area that the figures are drawn from."""

    ses: float
    """Socioeconomic score, -1 (most deprived) to 1 (most affluent); 0 is the city."""
    population: int
    rural: bool
    born_abroad: float
    older: float
    """Multiplier on the share of residents aged 65 and over."""


KNOWN_AREAS: dict[str, tuple[float, int, bool]] = {
    # slug without separators: (socioeconomic score, population, rural); all invented
    "drottninghog": (-0.95, 3_100, False), "dalhem": (-0.80, 5_600, False),
    "planteringen": (-0.70, 3_900, False), "kopparmollan": (-0.60, 2_200, False),
    "narlunda": (-0.50, 4_300, False), "soder": (-0.50, 6_400, False),
    "vastraberga": (-0.55, 2_800, False), "berga": (-0.50, 4_600, False),
    "ostraberga": (-0.35, 1_900, False), "fredriksdal": (-0.35, 4_100, False),
    "husensjo": (-0.30, 3_300, False), "elineberg": (-0.30, 2_700, False),
    "hogasten": (-0.20, 2_400, False), "faltabacken": (-0.10, 1_800, False),
    "eneborg": (0.00, 2_300, False), "rosengarden": (0.00, 1_600, False),
    "gustavslund": (0.10, 3_000, False), "olympia": (0.10, 3_500, False),
    "filborna": (0.10, 1_200, False), "centrum": (0.20, 7_800, False),
    "stattena": (0.20, 3_800, False), "odakra": (0.20, 5_200, False),
    "attekulla": (0.20, 2_000, False), "kattarp": (0.20, 1_100, True),
    "hasslarp": (0.20, 900, True), "vallakra": (0.20, 700, True),
    "norr": (0.30, 5_900, False), "hogaborg": (0.30, 3_200, False),
    "adolfsberg": (0.30, 2_600, False), "morarp": (0.30, 1_600, True),
    "paarp": (0.30, 2_900, True), "gantofta": (0.30, 1_300, True),
    "allerum": (0.40, 650, True), "barslov": (0.40, 1_250, True),
    "wilsonpark": (0.40, 2_500, False), "mariastaden": (0.50, 4_700, False),
    "raa": (0.50, 4_400, False), "slottshojden": (0.60, 2_900, False),
    "rydeback": (0.70, 4_000, True), "ringstorp": (0.70, 3_400, False),
    "tagaborg": (0.80, 6_100, False), "larod": (0.80, 3_100, False),
    "domsten": (0.85, 800, True), "hittarp": (0.90, 2_200, False),
    "palsjo": (0.90, 1_700, False),
}
"""Real place names with invented scores: the order (Drottninghög poorest, Hittarp and Pålsjö
richest) is what a resident would expect; the numbers are not statistics."""


def _unit(*names: str) -> float:
    """A stable number in [0, 1) from names (hash() is salted per process, sha256 is not)."""
    digest = hashlib.sha256("|".join(names).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def profile(area: Area) -> Profile:
    """The invented profile of an area: known neighbourhoods by name, others from their id."""
    if area.level is AreaLevel.municipality:
        return Profile(ses=0.0, population=CITY_POPULATION, rural=False, born_abroad=0.26,
                       older=1.0)
    key = "".join(ch for ch in area.id if ch.isalnum())
    known = KNOWN_AREAS.get(key)
    if known is None:
        ses = -0.5 + 1.2 * _unit(key, "ses")
        population = 1_200 + round(6_000 * _unit(key, "population"))
        rural = False
    else:
        ses, population, rural = known
    born_abroad = min(0.75, max(0.06, 0.25 - 0.35 * ses + 0.08 * (_unit(key, "abroad") - 0.5)))
    older = 0.7 + 0.6 * _unit(key, "older")
    return Profile(ses=ses, population=population, rural=rural, born_abroad=born_abroad,
                   older=older)


# --- The indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How one indicator's made-up figures are drawn.

    `level` is the city figure in the latest period: a share (0–1) for proportions and rates, SEK
    for amounts, the share of the population counted for counts. Effects are on the logit scale
    for shares and the log scale for amounts and counts, keyed by category code (codes are unique
    across breakdowns)."""

    id: str
    resource: str
    kind: IndicatorKind
    level: float
    ages: tuple[str, ...]
    city_cuts: tuple[Cut, ...]
    area_cuts: tuple[Cut, ...]
    effects: dict[str, float] = field(default_factory=dict)
    crossed: dict[tuple[str, str], float] = field(default_factory=dict)
    """Extra effect of two codes together, e.g. older men are more afraid than younger men."""
    ses: float = 0.0
    ses_by_code: dict[str, float] = field(default_factory=dict)
    """Extra dependence on the area's economy for one group (girls' and women's sport)."""
    rural: float = 0.0
    spread: float = 0.08
    """How much areas differ beyond their made-up economy (sd on the effects' scale); a
    group's own deviation is a third of it."""
    trend: float = 0.0
    """Change per year, on the same scale as the effects."""

    @property
    def periods(self) -> tuple[str, ...]:
        return SURVEY_PERIODS if self.resource == "survey" else REGISTER_PERIODS


SEX, AGE, BIRTH, DISAB, EDU = D.sex, D.age_band, D.birth_region, D.disability, D.education
ORIENT, GENDER = D.sexual_orientation, D.gender_identity

SURVEY_CITY: tuple[Cut, ...] = ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,), (DISAB,), (EDU,),
                                (ORIENT,), (GENDER,))
SURVEY_AREA: tuple[Cut, ...] = ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,), (DISAB,), (EDU,))
SURVEY_AREA_SHORT: tuple[Cut, ...] = ((), (SEX,), (AGE,), (BIRTH,), (DISAB,), (EDU,))
"""Sexual orientation and gender identity only for the city: in a neighbourhood the groups are
far too small to publish (and asking would risk identifying people)."""


def _abroad(born_abroad: float, **regions: float) -> dict[str, float]:
    """Effects for born abroad and each region of birth (Sweden is the comparison)."""
    return {"born_abroad": born_abroad, "sweden": -0.25 * born_abroad, **regions}


SPECS: tuple[Spec, ...] = (
    # --- survey: safety and violations ---------------------------------------------------------
    Spec("afraid_out_alone", "survey", IndicatorKind.proportion, 0.36, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": 0.85, "men": -0.95, "18_29": 0.05, "45_64": -0.05, "65_84": 0.1,
                  "with_disability": 0.45, "without_disability": -0.1,
                  **_abroad(0.3, nordic_except_sweden=0.0, eu28_except_nordic=0.15,
                            europe_except_eu28=0.3, asia=0.4, africa=0.5, rest_of_world=0.3),
                  "compulsory": 0.3, "upper_secondary": 0.05, "tertiary": -0.15,
                  "non_heterosexual": 0.4, "trans": 0.9},
         crossed={("men", "65_84"): 0.45, ("women", "30_44"): -0.15,
                  ("women", "45_64"): -0.15},
         ses=-0.45, rural=-0.3, trend=-0.02),
    Spec("exposed_to_violence", "survey", IndicatorKind.proportion, 0.035, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"men": 0.3, "women": -0.35, "18_29": 0.8, "30_44": 0.2, "45_64": -0.3,
                  "65_84": -0.9, "with_disability": 0.6, "without_disability": -0.1,
                  **_abroad(0.15), "compulsory": 0.3, "tertiary": -0.2,
                  "non_heterosexual": 0.7, "trans": 1.0},
         crossed={("men", "18_29"): 0.3}, ses=-0.4),
    Spec("abusive_treatment", "survey", IndicatorKind.proportion, 0.22, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": 0.2, "men": -0.25, "18_29": 0.6, "30_44": 0.2, "45_64": -0.1,
                  "65_84": -0.6, "with_disability": 0.5, "without_disability": -0.1,
                  **_abroad(0.1, nordic_except_sweden=-0.35, eu28_except_nordic=0.05,
                            europe_except_eu28=-0.3, asia=0.05, africa=0.7, rest_of_world=0.2),
                  "compulsory": 0.1, "non_heterosexual": 0.6, "trans": 1.1},
         ses=-0.15),
    Spec("violations_religion", "survey", IndicatorKind.proportion, 0.025, SURVEY_AGES,
         ((), (SEX,), (AGE,), (BIRTH,)), ((), (SEX,), (BIRTH,)),
         effects={"men": 0.15, "women": -0.15, "18_29": 0.3, "65_84": -0.4,
                  "born_abroad": 0.9, "sweden": -0.7, "nordic_except_sweden": -0.6,
                  "eu28_except_nordic": 0.0, "europe_except_eu28": 0.8, "asia": 1.2,
                  "africa": 1.2, "rest_of_world": 0.6},
         ses=-0.3),
    # --- survey: health ------------------------------------------------------------------------
    Spec("good_health", "survey", IndicatorKind.proportion, 0.70, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": -0.1, "men": 0.12, "18_29": 0.6, "30_44": 0.4, "45_64": -0.1,
                  "65_84": -0.6, "with_disability": -1.4, "without_disability": 0.35,
                  **_abroad(-0.2, nordic_except_sweden=-0.15, eu28_except_nordic=-0.05,
                            europe_except_eu28=-0.35, asia=-0.2, africa=-0.1,
                            rest_of_world=-0.1),
                  "compulsory": -0.7, "upper_secondary": -0.1, "tertiary": 0.4,
                  "non_heterosexual": -0.45, "trans": -1.0},
         ses=0.45),
    Spec("mental_wellbeing", "survey", IndicatorKind.proportion, 0.80, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": -0.3, "men": 0.35, "18_29": -0.45, "30_44": -0.1, "45_64": 0.05,
                  "65_84": 0.45, "with_disability": -1.0, "without_disability": 0.25,
                  **_abroad(-0.1), "compulsory": -0.25, "tertiary": 0.1,
                  "non_heterosexual": -0.8, "trans": -1.3},
         crossed={("women", "18_29"): -0.3}, ses=0.25, trend=-0.04),
    # --- survey: participation and support -----------------------------------------------------
    Spec("social_participation", "survey", IndicatorKind.proportion, 0.78, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": 0.05, "men": -0.05, "18_29": 0.2, "30_44": 0.15, "45_64": 0.05,
                  "65_84": -0.45, "with_disability": -0.6, "without_disability": 0.12,
                  "born_abroad": -0.55, "sweden": 0.15, "nordic_except_sweden": -0.1,
                  "eu28_except_nordic": -0.3, "europe_except_eu28": -0.7, "asia": -0.7,
                  "africa": -0.8, "rest_of_world": -0.5,
                  "compulsory": -0.5, "upper_secondary": -0.1, "tertiary": 0.3,
                  "non_heterosexual": -0.35, "trans": -0.6},
         crossed={("men", "65_84"): -0.15}, ses=0.35),
    Spec("culture_participation", "survey", IndicatorKind.proportion, 0.58, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA_SHORT,
         effects={"women": 0.2, "men": -0.22, "18_29": 0.1, "65_84": -0.2,
                  "with_disability": -0.45, "without_disability": 0.1,
                  **_abroad(-0.35, nordic_except_sweden=0.0, eu28_except_nordic=-0.1,
                            europe_except_eu28=-0.5, asia=-0.45, africa=-0.5,
                            rest_of_world=-0.2),
                  "compulsory": -0.8, "upper_secondary": -0.25, "tertiary": 0.45,
                  "non_heterosexual": 0.1, "trans": -0.2},
         ses=0.5),
    Spec("sport_participation", "survey", IndicatorKind.proportion, 0.33, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": -0.12, "men": 0.12, "18_29": 0.45, "30_44": 0.15, "45_64": -0.1,
                  "65_84": -0.35, "with_disability": -0.6, "without_disability": 0.12,
                  **_abroad(-0.35, nordic_except_sweden=-0.05, eu28_except_nordic=-0.15,
                            europe_except_eu28=-0.4, asia=-0.5, africa=-0.45,
                            rest_of_world=-0.3),
                  "compulsory": -0.6, "tertiary": 0.35, "non_heterosexual": -0.2,
                  "trans": -0.8},
         ses=0.45, ses_by_code={"women": 0.35}),
    Spec("public_transport_access", "survey", IndicatorKind.proportion, 0.72, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA_SHORT,
         effects={"women": 0.05, "men": -0.05, "18_29": 0.15, "65_84": -0.2,
                  "with_disability": -0.55, "without_disability": 0.1, **_abroad(0.1),
                  "compulsory": -0.1, "trans": -0.3},
         rural=-1.1),
    Spec("digital_access", "survey", IndicatorKind.proportion, 0.91, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA_SHORT,
         effects={"women": -0.05, "men": 0.05, "18_29": 1.2, "30_44": 1.0, "45_64": 0.3,
                  "65_84": -1.0, "with_disability": -0.6, "without_disability": 0.15,
                  **_abroad(-0.25, africa=-0.5, asia=-0.3, europe_except_eu28=-0.3),
                  "compulsory": -0.9, "upper_secondary": -0.1, "tertiary": 0.8},
         ses=0.4, trend=0.12),
    Spec("library_visits", "survey", IndicatorKind.proportion, 0.42, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA_SHORT,
         effects={"women": 0.3, "men": -0.33, "18_29": 0.15, "30_44": 0.1, "45_64": -0.15,
                  "with_disability": -0.25, "without_disability": 0.05,
                  **_abroad(0.2, nordic_except_sweden=-0.1, eu28_except_nordic=0.1,
                            europe_except_eu28=0.15, asia=0.3, africa=0.35, rest_of_world=0.2),
                  "compulsory": -0.5, "tertiary": 0.45},
         ses=0.15, trend=-0.03),
    Spec("emotional_support", "survey", IndicatorKind.proportion, 0.86, SURVEY_AGES,
         SURVEY_CITY, SURVEY_AREA,
         effects={"women": 0.35, "men": -0.35, "18_29": 0.2, "65_84": -0.25,
                  "with_disability": -0.6, "without_disability": 0.12,
                  **_abroad(-0.45, nordic_except_sweden=-0.1, eu28_except_nordic=-0.3,
                            europe_except_eu28=-0.55, asia=-0.5, africa=-0.6,
                            rest_of_world=-0.4),
                  "compulsory": -0.35, "non_heterosexual": -0.3, "trans": -0.6},
         crossed={("men", "65_84"): -0.2}, ses=0.25),
    # --- register ------------------------------------------------------------------------------
    Spec("employment_rate", "register", IndicatorKind.rate, 0.72, ("16_29", "30_44", "45_64"),
         ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,), (EDU,)),
         ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,), (EDU,)),
         effects={"women": -0.12, "men": 0.12, "16_29": -0.85, "30_44": 0.55, "45_64": 0.45,
                  "born_abroad": -0.6, "sweden": 0.35, "nordic_except_sweden": -0.1,
                  "eu28_except_nordic": -0.2, "europe_except_eu28": -0.6, "asia": -0.7,
                  "africa": -1.0, "rest_of_world": -0.5,
                  "compulsory": -1.0, "upper_secondary": 0.15, "tertiary": 0.65},
         ses=0.8, trend=0.02),
    Spec("disposable_income", "register", IndicatorKind.amount, 285_000.0,
         ("18_29", "30_44", "45_64", "65_84", "85_plus"),
         ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,), (EDU,)),
         ((), (SEX,), (AGE,), (BIRTH,), (EDU,)),
         effects={"women": -0.065, "men": 0.065, "18_29": -0.45, "30_44": 0.08, "45_64": 0.18,
                  "65_84": -0.15, "85_plus": -0.3,
                  "born_abroad": -0.3, "sweden": 0.08, "nordic_except_sweden": -0.1,
                  "eu28_except_nordic": -0.15, "europe_except_eu28": -0.3, "asia": -0.38,
                  "africa": -0.5, "rest_of_world": -0.3,
                  "compulsory": -0.35, "upper_secondary": -0.05, "tertiary": 0.2},
         crossed={("women", "65_84"): -0.08, ("women", "85_plus"): -0.05},
         ses=0.35, spread=0.04, trend=math.log(1.035)),
    Spec("low_economic_standard", "register", IndicatorKind.rate, 0.16,
         ("0_17", "18_29", "30_44", "45_64", "65_84", "85_plus"),
         ((), (SEX,), (AGE,), (SEX, AGE), (BIRTH,)),
         ((), (SEX,), (AGE,), (BIRTH,)),
         effects={"women": 0.05, "men": -0.05, "0_17": 0.25, "18_29": 0.55, "30_44": -0.1,
                  "45_64": -0.35, "65_84": -0.1, "85_plus": 0.3,
                  "born_abroad": 0.75, "sweden": -0.5, "nordic_except_sweden": 0.1,
                  "eu28_except_nordic": 0.4, "europe_except_eu28": 0.7, "asia": 1.0,
                  "africa": 1.2, "rest_of_world": 0.8},
         crossed={("women", "65_84"): 0.15, ("women", "85_plus"): 0.3},
         ses=-1.4, trend=0.01),
    Spec("tertiary_education", "register", IndicatorKind.rate, 0.46, ("30_44", "45_64"),
         ((), (SEX,), (BIRTH,)), ((), (SEX,), (BIRTH,)),
         effects={"women": 0.28, "men": -0.28, "born_abroad": -0.15, "sweden": 0.05,
                  "nordic_except_sweden": 0.0, "eu28_except_nordic": 0.35,
                  "europe_except_eu28": -0.35, "asia": -0.1, "africa": -0.6,
                  "rest_of_world": 0.2},
         ses=1.3, trend=0.02),
    # --- counts ----------------------------------------------------------------------------------
    Spec("home_care_recipients", "counts", IndicatorKind.count, 0.085, ("65_84", "85_plus"),
         ((), (SEX,), (AGE,), (SEX, AGE)), ((), (SEX,), (AGE,), (SEX, AGE)),
         effects={"women": 0.2, "men": -0.3, "65_84": -0.64, "85_plus": 1.33},
         ses=-0.3, trend=0.02),
    Spec("lss_recipients", "counts", IndicatorKind.count, 0.0065,
         ("0_17", "18_29", "30_44", "45_64", "65_84"),
         ((), (SEX,), (AGE,)), ((), (SEX,), (AGE,)),
         effects={"men": 0.22, "women": -0.29, "0_17": -0.08, "18_29": 0.53, "30_44": 0.21,
                  "45_64": -0.08, "65_84": -1.18},
         ses=-0.15, trend=0.01),
)
"""Every indicator the demo has figures for, in the order they are written."""

RESOURCE_DIMENSIONS: dict[str, tuple[Dimension, ...]] = {
    "survey": tuple(Dimension),
    "register": (SEX, AGE, BIRTH, EDU),
    "counts": (SEX, AGE),
}

# --- Shares of residents and respondents -------------------------------------------------------

POPULATION_AGE = {"0_17": 0.21, "16_29": 0.165, "18_29": 0.145, "30_44": 0.205, "45_64": 0.245,
                  "65_84": 0.175, "85_plus": 0.028}
SURVEY_AGE = {"18_29": 0.15, "30_44": 0.21, "45_64": 0.33, "65_84": 0.31}
"""Older people answer surveys more often than young people do."""
ABROAD_REGION = {"nordic_except_sweden": 0.10, "eu28_except_nordic": 0.16,
                 "europe_except_eu28": 0.22, "asia": 0.33, "africa": 0.11, "rest_of_world": 0.08}


def _share(dimension: Dimension, code: str, place: Profile, year: int, survey: bool,
           ages: Sequence[str]) -> float:
    """The share of the indicator's population (or respondents) in one category."""
    older = place.older if code in {"65_84", "85_plus"} else 1.0
    abroad = place.born_abroad * (0.8 if survey else 1.0)  # fewer born abroad answer
    match dimension:
        case D.sex:
            return {"women": 0.54, "men": 0.46}[code] if survey else 0.5
        case D.age_band:
            table = SURVEY_AGE if survey else POPULATION_AGE
            return table[code] * older / sum(table[a] * (place.older if a in {"65_84", "85_plus"}
                                                          else 1.0) for a in ages)
        case D.birth_region:
            if code == "sweden":
                return 1 - abroad
            return abroad * (1.0 if code == "born_abroad" else ABROAD_REGION[code])
        case D.disability:
            share = 0.22 - 0.05 * place.ses
            return share if code == "with_disability" else 1 - share
        case D.education:
            compulsory, tertiary = 0.11 - 0.07 * place.ses, 0.45 + 0.22 * place.ses
            return {"compulsory": compulsory, "tertiary": tertiary,
                    "upper_secondary": 1 - compulsory - tertiary}[code]
        case D.sexual_orientation:
            return {"non_heterosexual": 0.055, "heterosexual": 0.92}[code]
        case D.gender_identity:
            # more respondents answer the question (and say they are trans) each wave
            trans = 0.005 + 0.00175 * (year - 2023)
            return trans if code == "trans" else 0.97
    raise ValueError(f"no share for {dimension}={code}")  # pragma: no cover


# --- Drawing ------------------------------------------------------------------------------------


def _normal(rng: random.Random) -> float:
    """A standard normal draw (Box–Muller on random(), whose stream Python keeps stable)."""
    u1 = 1.0 - rng.random()
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * rng.random())


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: exact for small means (where small counts matter), normal above."""
    if mean > 40:
        return max(0, round(mean + math.sqrt(mean) * _normal(rng)))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


_STANDARD_NORMAL = NormalDist()


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _cells(spec: Spec, cuts: Sequence[Cut], city: bool) -> Iterator[dict[Dimension, str]]:
    """Every combination of codes the indicator is broken down by in an area."""
    for cut in cuts:
        options = []
        for dimension in cut:
            if dimension is AGE:
                options.append(spec.ages)
            elif dimension is BIRTH:
                options.append(BIRTH_REGIONS_CITY if city else BIRTH_REGIONS_AREA)
            else:
                options.append(tuple(c.code for c in CATEGORIES[dimension]))
        for codes in product(*options):
            yield dict(zip(cut, codes, strict=True))


def _deviation(spec: Spec, area: Area, cell: dict[Dimension, str]) -> float:
    """How much a group differs beyond what the model says: the same in every period, so a
    group's figures do not jump about from year to year more than sampling explains."""
    key = ",".join(f"{d.value}={code}" for d, code in sorted(cell.items()))
    u = _unit(str(SEED), spec.id, area.id, key)
    return spec.spread / 3 * _STANDARD_NORMAL.inv_cdf(min(max(u, 1e-9), 1 - 1e-9))


def _respondents(area: Area, place: Profile, period: str) -> int:
    """How many answered the survey in an area: the same for every question of one wave."""
    if area.level is AreaLevel.municipality:
        return CITY_SURVEY_BASE[period]
    size = _unit(str(SEED), area.id, "respondents")
    wave = _STANDARD_NORMAL.inv_cdf(0.001 + 0.998 * _unit(str(SEED), area.id, period))
    # fewer answer in poorer areas; 6 % of adults is the made-up sampling fraction
    drawn = (place.population * 0.78 * 0.06 * (1 + 0.25 * place.ses) * (0.75 + 0.5 * size)
             * (1 + 0.06 * wave))
    return min(400, max(21, round(drawn)))


def _rows(spec: Spec, area: Area, place: Profile) -> Iterator[dict[str, str]]:
    """The rows of one indicator in one area, for each of its periods."""
    city = area.level is AreaLevel.municipality
    area_rng = random.Random(f"{SEED}|{spec.id}|{area.id}")
    area_effect = 0.0 if city else (spec.ses * place.ses + spec.rural * place.rural
                                    + spec.spread * _normal(area_rng))
    for period in spec.periods:
        year = int(period)
        rng = random.Random(f"{SEED}|{spec.id}|{area.id}|{period}")
        years = year - LATEST
        respondents = 0
        if spec.resource == "survey":  # item non-response: not everyone answers every question
            respondents = round(_respondents(area, place, period) * (0.95 + 0.04 * rng.random()))
        population = place.population * (1.008 ** years)
        for cell in _cells(spec, spec.city_cuts if city else spec.area_cuts, city):
            effect = area_effect + spec.trend * years + sum(
                spec.effects.get(code, 0.0) + spec.ses_by_code.get(code, 0.0) * place.ses
                for code in cell.values())
            codes = set(cell.values())
            effect += sum(v for pair, v in spec.crossed.items() if codes.issuperset(pair))
            effect += _deviation(spec, area, cell)
            value, base = _draw(spec, cell, place, year, rng, effect, respondents, population)
            row = {d.value: cell.get(d, TOTAL) for d in Dimension}
            row |= {"indicator": spec.id, "area": area.id, "period": period,
                    "value": value, "base": base, "status": "" if value else ".."}
            yield row


def _draw(spec: Spec, cell: dict[Dimension, str], place: Profile, year: int,
          rng: random.Random, effect: float, respondents: int,
          population: float) -> tuple[str, str]:
    """One figure and its base, as written: ('', '0') when nobody in the group answered."""
    survey = spec.resource == "survey"
    share = math.prod(_share(d, code, place, year, survey, spec.ages) for d, code in cell.items())
    if spec.kind is IndicatorKind.proportion:
        spread = math.sqrt(respondents * share * max(0.0, 1 - share))  # binomial
        base = max(0, round(respondents * share + spread * _normal(rng)))
        if base == 0:
            return "", "0"
        p = _logistic(_logit(spec.level) + effect)
        if base <= 50:
            estimate = sum(rng.random() < p for _ in range(base)) / base
        else:  # a weighted estimate: sampling error a little above simple random sampling
            estimate = p + 1.2 * math.sqrt(p * (1 - p) / base) * _normal(rng)
        return f"{100 * min(1.0, max(0.0, estimate)):.1f}", str(base)
    group = population * sum(POPULATION_AGE[a] for a in spec.ages) * share
    if spec.kind is IndicatorKind.count:
        rate = spec.level * math.exp(effect)
        return str(_poisson(rng, group * rate)), ""
    people = max(0, round(group * (1 + 0.02 * _normal(rng))))
    if people == 0:
        return "", "0"
    effect += 0.01 * _normal(rng)  # registers move a little from year to year
    if spec.kind is IndicatorKind.amount:
        amount = spec.level * math.exp(effect)
        return str(100 * round(amount / 100)), str(people)
    p = _logistic(_logit(spec.level) + effect)
    p = min(1.0, max(0.0, p + math.sqrt(p * (1 - p) / people) * _normal(rng)))
    return f"{100 * p:.1f}", str(people)


# --- Writing ------------------------------------------------------------------------------------


def _checked(package: DataPackage) -> dict[str, list[Spec]]:
    """The specs per resource, after checking the descriptor and this model agree."""
    defined = {indicator.id for indicator in package.eia.indicators}
    modelled = {spec.id for spec in SPECS}
    problems = [f"{i} is defined in {package.name} but has no model here"
                for i in sorted(defined - modelled)]
    problems += [f"{i} is modelled here but defined nowhere in {package.name}"
                 for i in sorted(modelled - defined - EXTERNAL_INDICATORS)]
    by_resource: dict[str, list[Spec]] = {r.name: [] for r in package.resources}
    for spec in SPECS:
        if spec.resource not in by_resource:
            problems.append(f"{spec.id} goes in resource {spec.resource!r}, which "
                            f"{package.name} does not list")
        else:
            by_resource[spec.resource].append(spec)
    for resource in package.resources:
        if resource.name not in RESOURCE_DIMENSIONS:
            problems.append(f"resource {resource.name!r} is not one this generator writes")
            continue
        if Path(resource.path).name != resource.path or resource.path.startswith("."):
            problems.append(f"resource {resource.name!r}: {resource.path!r} is not a plain "
                            "file name")
        needed = {"indicator", "area", "period", "value", "status",
                  *(d.value for d in RESOURCE_DIMENSIONS[resource.name])}
        names = [f.name for f in resource.schema_.fields]
        problems += [f"resource {resource.name!r}: no column {n!r} is written" for n in names
                     if n not in needed | {"base"}]
        problems += [f"resource {resource.name!r}: column {n!r} is missing from its schema"
                     for n in sorted(needed - set(names))]
    if problems:
        raise ValueError("synthetic data package does not match its generator:\n  "
                         + "\n  ".join(problems))
    return by_resource


def generate(package: DataPackage, out_dir: Path,
             areas: Sequence[Area] | None = None) -> list[Path]:
    """Write the files `package`'s resources name into `out_dir` and return their paths.

    Figures are drawn for the city and every neighbourhood in `areas` (by default those of the
    `helsingborg-areas` package); districts get none. Same package and areas, same bytes."""
    by_resource = _checked(package)
    if areas is None:
        areas = load_areas()
    chosen = [a for a in areas if a.level is AreaLevel.municipality] or [
        Area(id=CITY, name="Helsingborg", level=AreaLevel.municipality)]
    chosen = chosen[:1] + sorted((a for a in areas if a.level is AreaLevel.neighbourhood),
                                 key=lambda a: a.id)
    places = {area.id: profile(area) for area in chosen}
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for resource in package.resources:
        path = out_dir / resource.path
        columns = [f.name for f in resource.schema_.fields]
        temporary = path.with_name(f".{path.name}.tmp")
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=resource.dialect.delimiter,
                                lineterminator="\n")
            writer.writerow(columns)
            for spec in by_resource[resource.name]:
                for area in chosen:
                    for row in _rows(spec, area, places[area.id]):
                        writer.writerow([row[c] for c in columns])
        temporary.replace(path)
        written.append(path)
    return written


def load_package(path: Path | None = None) -> DataPackage:
    """The synthetic demo's descriptor (strictly, with the descriptor loader)."""
    return load_descriptor(path or sources_path() / PACKAGE_NAME)


def load_areas(path: Path | None = None) -> list[Area]:
    """The areas of the `helsingborg-areas` package: those its descriptor lists, or the rows
    of its CSV resources (columns id, name, level, parent) when it keeps them in a file."""
    file = descriptor_file(path or sources_path() / AREAS_PACKAGE)
    package = load_descriptor(file, check_files=False)
    areas = list(package.eia.areas)
    for resource in package.resources:
        if resource.format != "csv" or areas:
            continue
        with (file.parent / resource.path).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=resource.dialect.delimiter):
                if {"id", "name", "level"} <= row.keys():
                    areas.append(Area(id=row["id"], name=row["name"], level=row["level"],
                                      parent=row.get("parent") or None))
    if not areas:
        raise ValueError(f"{file} lists no areas")
    return areas


def main(argv: Sequence[str] | None = None) -> int:
    """Write the synthetic demo files by hand, e.g. to look at them or to refresh a fixture."""
    parser = argparse.ArgumentParser(
        prog="python -m eia.context.synthetic",
        description="Write the synthetic demo data (made-up figures; real place names only).",
        epilog="Example: python -m eia.context.synthetic data/generated/synthetic-demo")
    parser.add_argument("out_dir", nargs="?", type=Path, default=generated_dir() / PACKAGE_NAME,
                        help="folder to write the CSV files into (default: %(default)s)")
    parser.add_argument("--package", type=Path, default=None,
                        help="the synthetic demo's datapackage.yaml or its folder")
    parser.add_argument("--areas", type=Path, default=None,
                        help="the areas package's datapackage.yaml or its folder")
    args = parser.parse_args(argv)
    written = generate(load_package(args.package), args.out_dir, load_areas(args.areas))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
