"""Fetching a table from Statistics Sweden (PxWeb API v2) or a key figure from Kolada (API v3)
into a source package: the response stored byte for byte, and a descriptor to check and edit.

Plain HTTP GET with the standard library: both APIs answer a GET URL with JSON, and neither
client library on PyPI (pxwebpy, koladapy) keeps the response unchanged, which provenance
needs. The base addresses are settings (EIA_SCB_API, EIA_KOLADA_API), so tests serve recorded
responses from a loopback server. Nothing is imported here: the analyst checks the descriptor
and runs `eia data import`, which checks the package like any other.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eia import __version__, settings
from eia.context import describe
from eia.context.descriptor import DESCRIPTOR
from eia.context.readers import MAX_JSON_BYTES
from eia.problems import Problem, ProblemsError

TIMEOUT = 60
_ID = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def get_json(url: str) -> tuple[bytes, Any]:
    """The body of a GET (at most MAX_JSON_BYTES) and its JSON; a failure is a problem."""
    request = urllib.request.Request(url, headers={
        "Accept": "application/json", "User-Agent": f"likvardig/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read(MAX_JSON_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise _failed(url, f"the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        raise _failed(url, f"no answer: {error}") from error
    if len(body) > MAX_JSON_BYTES:
        raise _failed(url, f"the answer is larger than {MAX_JSON_BYTES:,} bytes; ask for less")
    try:
        return body, json.loads(body)
    except ValueError as error:
        raise _failed(url, f"the answer is not JSON: {error}") from error


def _failed(url: str, message: str) -> ProblemsError:
    return ProblemsError([Problem(file=url, code="fetch-failed", message=message)])


def _checked_id(kind: str, value: str) -> str:
    if not _ID.fullmatch(value):
        raise ProblemsError([Problem(file=kind, code="bad-id",
                                     message=f"{value!r} is not a {kind} id (letters, digits, _)")])
    return value


def _write(folder: Path, data_name: str, body: bytes, descriptor: str) -> Path:
    """The package folder with the response unchanged and the generated descriptor; a folder
    fetched before is never overwritten, as its descriptor may hold the analyst's edits."""
    if (folder / DESCRIPTOR).exists():
        raise ProblemsError([Problem(
            file=str(folder / DESCRIPTOR), code="already-fetched",
            message="this package was fetched before and may hold your edits; fetch into "
                    "another --out folder or remove it first")])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / data_name).write_bytes(body)
    (folder / DESCRIPTOR).write_text(descriptor, encoding="utf-8")
    return folder


# --- SCB ------------------------------------------------------------------------------------------


def scb_url(table: str, query: dict[str, Sequence[str]], codelists: dict[str, str],
            lang: str) -> str:
    """A data URL of PxWeb API v2: valueCodes[VAR]=a,b and codelist[VAR]=ID per variable."""
    params = [("lang", lang), ("outputFormat", "json-stat2")]
    params += [(f"valueCodes[{var}]", ",".join(codes)) for var, codes in query.items()]
    params += [(f"codelist[{var}]", codelist) for var, codelist in codelists.items()]
    table = urllib.parse.quote(_checked_id("table", table))
    return f"{settings.scb_api()}/tables/{table}/data?{urllib.parse.urlencode(params)}"


def fetch_scb(table: str, query: dict[str, Sequence[str]], codelists: dict[str, str],
              out: Path, lang: str = "sv") -> Path:
    """Fetch one SCB table into `out/scb-<table>/`; return that folder."""
    url = scb_url(table, query, codelists, lang)
    _, config = get_json(f"{settings.scb_api()}/config")
    body, data = get_json(url)
    name = f"scb-{describe.slug(table)}"
    licence = "CC0-1.0" if "cc0" in str(config.get("license", "")).lower() else str(
        config.get("license") or "see the source")
    data_name = f"{table}_data.json"
    descriptor, checks = scb_descriptor(name, table, data, licence, data_name)
    return _write(out / name, data_name, body, describe.dump(descriptor, checks))


def scb_descriptor(name: str, table: str, data: dict[str, Any], licence: str,
                   data_name: str) -> tuple[dict[str, Any], list[str]]:
    """A descriptor for a JSON-stat 2.0 response of SCB, and what to check in it."""
    dimensions: dict[str, Any] = data.get("dimension", {})
    role = data.get("role", {})
    time = (role.get("time") or ["Tid"])[0]
    metric = (role.get("metric") or ["ContentsCode"])[0]
    labels = {dim: dimensions[dim]["category"].get("label", {}) for dim in data.get("id", [])}
    units = dimensions.get(metric, {}).get("category", {}).get("unit", {})
    indicators, indicator_map = [], {}
    for code, label in labels.get(metric, {}).items():
        unit = str(units.get(code, {}).get("base") or "antal")
        share = "procent" in unit.lower() or "%" in unit
        indicator: dict[str, Any] = {
            "id": describe.slug(f"{table}_{code}"), "title": {"sv": label, "en": label},
            "definition": {"sv": label, "en": label}, "unit": "%" if share else unit,
            "kind": "share" if share else "count"}
        if share:
            indicator["higher_is_better"] = False
        indicators.append(indicator)
        indicator_map[code] = indicator["id"]
    mapping: dict[str, Any] = {"indicator": {"column": metric, "map": indicator_map},
                               "period": {"column": time}, "value": {"column": "value"}}
    package: dict[str, Any] = {"source": {
        "id": name, "title": data.get("label") or table,
        "publisher": "Statistiska centralbyrån (SCB)",
        "citation": f"SCB, Statistikdatabasen, tabell {table}", "licence": licence,
        "url": "https://www.statistikdatabasen.scb.se/", "synthetic": False},
        "indicators": indicators}
    checks = ["the indicators' titles in English, their definitions, unit and kind "
              "(count, share, rate, amount); higher_is_better for all but counts"]
    dims: dict[str, Any] = {}
    for dim, found in labels.items():
        heading = str(dimensions[dim].get("label", "")).lower()
        if dim in (time, metric):
            continue
        if dim == "Region" or heading.startswith("region"):
            package["areas"], area_map = describe.areas(found)
            mapping["area"] = {"column": dim, "map": area_map}
            checks.append("the areas: ids, names, levels, parents; remove the ones you do not "
                          "need and set `unmapped: skip` on the area")
        elif dim == "Kon" or heading.startswith("kön"):
            dims["sex"] = {"column": dim, "map": describe.sex_map(found)}
        elif dim == "Alder" or heading.startswith("ålder"):
            declared, age_map = describe.age_categories(found)
            dims["age_band"] = {"column": dim, "map": age_map}
            if declared:
                package["categories"] = {"age_band": declared}
        elif len(found) > 1:
            checks.append(f"{dim} ({heading}) has {len(found)} categories no breakdown holds: "
                          f"keep one of them with `skip: {{{dim}: [...]}}`")
    if dims:
        mapping["dimensions"] = dims
    if "area" not in mapping:
        mapping["area"] = {"value": "sverige"}
        checks.append("the area: the table has no region, so its figures are set to `sverige`")
    descriptor = {"name": name, "title": f"SCB {table}: {data.get('label', '')}".strip(),
                  "licenses": [{"name": licence}], "eia": package,
                  "resources": [{"name": describe.slug(table), "path": data_name,
                                 "format": "pxweb", "eia": {"mapping": mapping}}]}
    return descriptor, checks


# --- Kolada --------------------------------------------------------------------------------------


def fetch_kolada(kpi: str, municipalities: Sequence[str], years: Sequence[str],
                 out: Path) -> Path:
    """Fetch one Kolada KPI for some municipalities (and years) into `out/kolada-<kpi>/`."""
    base = settings.kolada_api()
    kpi = _checked_id("KPI", kpi)
    ids = ",".join(_checked_id("municipality", m) for m in municipalities)
    _, meta = get_json(f"{base}/kpi/{kpi}")
    _, places = get_json(f"{base}/municipality/{ids}")
    url = f"{base}/data/kpi/{kpi}/municipality/{ids}"
    if years:
        url += "/year/" + ",".join(_checked_id("year", year) for year in years)
    body, data = get_json(url)
    if data.get("next_url") or data.get("next_page"):
        raise _failed(url, "the answer has more pages; ask for fewer municipalities or years")
    name = f"kolada-{describe.slug(kpi)}"
    data_name = f"{kpi}_data.json"
    descriptor, checks = kolada_descriptor(name, kpi, meta, places, data_name)
    return _write(out / name, data_name, body, describe.dump(descriptor, checks))


def kolada_descriptor(name: str, kpi: str, meta: dict[str, Any], places: dict[str, Any],
                      data_name: str) -> tuple[dict[str, Any], list[str]]:
    """A descriptor for a Kolada data response, from the KPI's and the municipalities' metadata."""
    info = (meta.get("values") or [{}])[0]
    title = str(info.get("title") or kpi)
    labels = {str(place["id"]): str(place.get("title") or place["id"])
              for place in places.get("values", []) if isinstance(place, dict) and "id" in place}
    area_list, area_map = describe.areas(labels)
    indicator = {"id": describe.slug(kpi), "title": {"sv": title, "en": title},
                 "definition": {"sv": str(info.get("description") or title),
                                "en": str(info.get("description") or title)},
                 "unit": "%", "kind": "share", "higher_is_better": False}
    mapping: dict[str, Any] = {
        "indicator": {"column": "kpi", "map": {kpi: indicator["id"]}},
        "area": {"column": "municipality", "map": area_map},
        "period": {"column": "period"}, "value": {"column": "value"},
        "status": {"column": "status"}}
    if info.get("is_divided_by_gender"):
        mapping["dimensions"] = {"sex": {"column": "gender", "map": {"K": "women", "M": "men",
                                                                    "T": "total"}}}
    else:
        mapping["skip"] = {"gender": ["K", "M"]}
    descriptor = {
        "name": name, "title": f"Kolada {kpi}: {title}", "licenses": [{"name": "CC-BY-4.0"}],
        "eia": {"source": {"id": name, "title": title, "publisher": "RKA (Kolada)",
                           "citation": f"Kolada, nyckeltal {kpi}", "licence": "CC-BY-4.0",
                           "url": "https://www.kolada.se/", "synthetic": False},
                "indicators": [indicator], "areas": area_list},
        "resources": [{"name": describe.slug(kpi), "path": data_name, "format": "kolada",
                       "eia": {"mapping": mapping}}]}
    checks = ["the indicator's English title, its unit and kind (Kolada's metadata has "
              "neither: a share in % is assumed) and higher_is_better",
              "the areas' ids and levels"]
    return descriptor, checks
