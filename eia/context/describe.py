"""A first descriptor for a fetched response, for the analyst to check and edit before import.

`eia data fetch` keeps the response as it came and writes this `datapackage.yaml` beside it. It
maps what can be told from the response alone: the time dimension to the period, the table's
contents (or the KPI) to indicators, regions and municipalities to areas (with their level from
the length of the code: 00 the country, two digits a county, four a municipality), sex to sex,
and age bands to age bands, declaring each band the response has ("0-9 år" → 0_9, "100+ år" →
100_plus). What it cannot tell (whether higher is better, units beyond the table's own) is
written as a guess and listed in the comment at the top.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from eia.context.model import TOTAL, AreaLevel

_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)")
_PLUS = re.compile(r"^\s*(\d+)\s*\+")
_SINGLE = re.compile(r"^\s*(\d+)\s*år\s*$")


def slug(text: str, limit: int = 60) -> str:
    """An id from upstream text: 'Skåne län' → 'skane_lan'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:limit] or "x"


def age_band(label: str) -> tuple[str, dict[str, str]] | None:
    """Our code and labels for an upstream age label, or None if it is not a band (a total)."""
    if found := _RANGE.match(label):
        low, high = found.groups()
        return f"{low}_{high}", {"sv": f"{low}–{high} år", "en": f"Aged {low}–{high}"}
    if found := _PLUS.match(label):
        low = found.group(1)
        return f"{low}_plus", {"sv": f"{low} år och äldre", "en": f"Aged {low} and over"}
    if found := _SINGLE.match(label):
        age = found.group(1)
        return age, {"sv": f"{age} år", "en": f"Aged {age}"}
    return None


def area_level(code: str) -> AreaLevel:
    """Swedish official codes: 00 the country, 01–25 a county (län), four digits a
    municipality; anything else is taken for a region."""
    if code in ("00", "0000"):
        return AreaLevel.country
    if len(code) == 2 and code.isdigit():
        return AreaLevel.county
    if len(code) == 4 and code.isdigit():
        return AreaLevel.municipality
    return AreaLevel.region


def areas(labels: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Areas for upstream region codes, each inside the larger ones the response also has, and
    the map from upstream code to our id."""
    ids = {code: slug(label) for code, label in labels.items()}
    found = []
    for code, label in labels.items():
        level = area_level(code)
        area: dict[str, Any] = {"id": ids[code], "name": label, "level": level.value}
        larger = [other for other in (code[:2], "00", "0000")
                  if other != code and other in ids and area_level(other).rank < level.rank]
        if larger:
            area["parent"] = ids[larger[0]]
        found.append(area)
    return found, ids


def sex_map(labels: dict[str, str]) -> dict[str, str]:
    """SCB's 1/2/TotSa and Kolada's M/K/T, read from the labels where the codes differ."""
    found: dict[str, str] = {}
    for code, label in labels.items():
        text = label.lower()
        if code in ("T", "1+2") or text.startswith("tot"):
            found[code] = TOTAL
        elif code in ("2", "K") or text.startswith(("kvinn", "wom", "fem")):
            found[code] = "women"
        elif code in ("1", "M") or text.startswith(("män", "man", "men", "mal")):
            found[code] = "men"
    return found


def age_categories(labels: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The age bands to declare and the map from upstream code to our band (or total)."""
    declared, mapped = [], {}
    for code, label in labels.items():
        band = age_band(label)
        if band is None:
            mapped[code] = TOTAL
            continue
        ours, names = band
        declared.append({"code": ours, "label": names})
        mapped[code] = ours
    return declared, mapped


def dump(descriptor: dict[str, Any], checks: list[str]) -> str:
    """The descriptor as YAML, headed by what the analyst should check before importing."""
    head = ["# Written by `eia data fetch`: check it, edit it, then import it with",
            "#   eia data import <data file> --meta datapackage.yaml",
            "# Check before importing:", *(f"# - {check}" for check in checks)]
    body = yaml.safe_dump(descriptor, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(head) + "\n" + body
