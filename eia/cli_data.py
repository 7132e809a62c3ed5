"""`eia data`: build the context database, import a source file, list indicators, show figures.

A thin layer over `eia.context.build`; every problem is printed as file:line [field]: message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import duckdb

from eia.context import db, fetch, install
from eia.context.build import BuildReport, add_source, build
from eia.context.model import CITY
from eia.context.queries import area_ids, context_for, format_context
from eia.i18n import Lang
from eia.model import Ground
from eia.problems import ProblemsError

sources_option = click.option(
    "--sources", "sources_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Folder of source packages (default: $EIA_DATA_SOURCES, else ./data/sources).")
db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $EIA_CONTEXT_DB, else ./data/context.duckdb).")


def _refuse(error: ProblemsError) -> NoReturn:
    for problem in error.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo("nothing was changed", err=True)
    sys.exit(1)


def _built(report: BuildReport) -> None:
    numbers = ", ".join(f"{table} {count}" for table, count in report.counts.items())
    click.echo(f"built {report.db_path} from {len(report.packages)} packages "
               f"({', '.join(report.packages)}): {numbers} in {report.seconds:.2f} s")


@click.group()
def data() -> None:
    """Build and inspect the context database of figures shown beside the questions.

    \b
    Example:
      eia data build && eia data indicators
    """


@data.command("build")
@sources_option
@db_option
def data_build(sources_dir: Path | None, db_path: Path | None) -> None:
    """Check every source package, then write the database anew (all or nothing).

    \b
    Examples:
      eia data build
      eia data build --sources data/sources --db /tmp/context.duckdb
    """
    try:
        _built(build(sources_dir or db.sources_path(), db_path or db.database_path()))
    except ProblemsError as error:
        _refuse(error)


@data.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--meta", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A datapackage.yaml with one resource whose path is FILE's name.")
@click.option("--replace", is_flag=True,
              help="Replace a source folder of the same name that holds other files.")
@sources_option
@db_option
def data_import(file: Path, meta: Path, replace: bool, sources_dir: Path | None,
                db_path: Path | None) -> None:
    """Check FILE against META and every other source, then add both and rebuild.

    FILE and META are copied into <sources>/<package name>/. If anything is wrong nothing is
    copied and the database stays as it was.

    \b
    Example:
      eia data import survey-2025.csv --meta survey-2025.yaml
    """
    try:
        report = add_source(file, meta, sources_dir or db.sources_path(),
                            db_path or db.database_path(), replace=replace)
    except ProblemsError as error:
        _refuse(error)
    click.echo(f"imported {file.name} into {report.added}")
    _built(report)


def open_database(db_path: Path | None) -> duckdb.DuckDBPyConnection:
    """The context database, read-only; a clear message (not a traceback) when it is missing.

    What a killed import left is finished or cleaned up first (see eia.context.install)."""
    path = db_path or db.database_path()
    if path.parent.is_dir():  # a read never creates folders
        with install.locked(path):
            install.recover(db.sources_path(), path)
    if not path.is_file():
        click.echo(f"error: no context database at {path}; run `eia data build`", err=True)
        sys.exit(1)
    try:
        return db.connect(path, read_only=True)
    except duckdb.Error as error:
        click.echo(f"error: cannot read {path}: {error}", err=True)
        sys.exit(1)


def indicator_listing(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each indicator with the sources that have figures for it, and whether they are real."""
    rows = con.execute(
        "SELECT i.id, i.title_sv, i.title_en, i.unit, i.kind, s.id, s.synthetic, "
        "count(o.indicator) FROM indicators i "
        "LEFT JOIN observations o ON o.indicator = i.id "
        "LEFT JOIN sources s ON s.id = o.source "
        "GROUP BY ALL ORDER BY i.id, s.id").fetchall()
    listing: dict[str, dict[str, Any]] = {}
    for id_, sv, en, unit, kind, source, synthetic, count in rows:
        item = listing.setdefault(id_, {"id": id_, "title": {"sv": sv, "en": en}, "unit": unit,
                                        "kind": kind, "sources": []})
        if source is not None:
            item["sources"].append({"id": source, "synthetic": synthetic, "observations": count})
    for item in listing.values():
        kinds = {source["synthetic"] for source in item["sources"]}
        item["data"] = ("none" if not kinds else "mixed" if len(kinds) == 2
                        else "synthetic" if True in kinds else "real")
    return list(listing.values())


@data.command("indicators")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--lang", type=click.Choice([lang.value for lang in Lang]), default=Lang.sv.value,
              show_default=True, help="Language of the titles.")
def data_indicators(db_path: Path | None, as_json: bool, lang: str) -> None:
    """List the indicators: id, title, unit, the sources with figures, real or SYNTHETIC.

    \b
    Examples:
      eia data indicators
      eia data indicators --json --lang en
    """
    con = open_database(db_path)
    try:
        listing = indicator_listing(con)
    finally:
        con.close()
    if as_json:
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    for item in listing:
        sources = ", ".join(f"{s['id']} ({'SYNTHETIC' if s['synthetic'] else 'real'})"
                            for s in item["sources"]) or "no figures"
        click.echo(f"{item['id']}\t{item['title'][lang]}\t{item['unit']}\t{sources}")


@data.command("show")
@click.option("--ground", required=True, type=click.Choice([g.value for g in Ground]),
              help="The ground whose figures to show.")
@click.option("--area", "areas", multiple=True, default=[CITY], show_default=True,
              help="An area id; repeat for several.")
@click.option("--period", help="A period such as 2025 (default: each indicator's latest).")
@db_option
@click.option("--lang", type=click.Choice([lang.value for lang in Lang]), default=Lang.sv.value,
              show_default=True, help="Language of the table.")
def data_show(ground: str, areas: tuple[str, ...], period: str | None, db_path: Path | None,
              lang: str) -> None:
    """Show the figures that speak to a ground in some areas, compared and suppressed.

    Withheld figures (too few people) show their reason, never their value; synthetic figures
    are marked SYNTHETIC.

    \b
    Examples:
      eia data show --ground sex
      eia data show --ground socioeconomic --area drottninghog --lang en
    """
    con = open_database(db_path)
    try:
        unknown = sorted(set(areas) - set(area_ids(con)))
        if unknown:
            click.echo(f"error: unknown area {', '.join(unknown)}; areas are: "
                       f"{', '.join(area_ids(con))}", err=True)
            sys.exit(1)
        click.echo(format_context(context_for(con, Ground(ground), areas, period), lang))
    finally:
        con.close()


@data.group("fetch")
def data_fetch() -> None:
    """Fetch figures from SCB or Kolada into a source package to check and import.

    The response is stored unchanged beside a generated datapackage.yaml; edit that, then run
    `eia data import`.

    \b
    Examples:
      eia data fetch scb TAB6471 --query Region=12 --codelist Alder=agg_Ålder10årJ
      eia data fetch kolada N00945 --municipality 1283 --year 2023
    """


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    """VAR=VALUE options as a mapping; a malformed one is a usage error."""
    found: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise click.BadParameter(f"{value!r} is not VARIABLE=VALUES", param_hint=option)
        found[name] = rest
    return found


def _fetched(folder: Path) -> None:
    data_files = sorted(path.name for path in folder.iterdir() if path.name != "datapackage.yaml")
    click.echo(f"fetched into {folder}; check {folder / 'datapackage.yaml'}, then:")
    click.echo(f"  eia data import {folder / data_files[0]} --meta {folder / 'datapackage.yaml'}")


out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                          default=Path(), show_default=True,
                          help="Folder to write the package folder into.")


@data_fetch.command("scb")
@click.argument("table")
@click.option("--query", "queries", multiple=True, metavar="VARIABLE=CODES",
              help="Codes to fetch of one variable, comma-separated (e.g. Region=12,09); "
                   "repeat per variable. Variables not named are left to SCB's defaults.")
@click.option("--codelist", "codelists", multiple=True, metavar="VARIABLE=ID",
              help="A code list for a variable, e.g. Alder=agg_Ålder10årJ (ten-year bands).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of SCB's labels.")
@out_option
def data_fetch_scb(table: str, queries: tuple[str, ...], codelists: tuple[str, ...], lang: str,
                   out: Path) -> None:
    """Fetch TABLE from SCB's statistical database (PxWeb API v2).

    \b
    Example:
      eia data fetch scb TAB6471 --query Region=12 --query Kon=1,2,TotSa \\
        --codelist Alder=agg_Ålder10årJ --out data/incoming
    """
    query = {name: codes.split(",") for name, codes in _pairs(queries, "--query").items()}
    try:
        _fetched(fetch.fetch_scb(table, query, _pairs(codelists, "--codelist"), out, lang))
    except ProblemsError as error:
        _refuse(error)


@data_fetch.command("kolada")
@click.argument("kpi")
@click.option("--municipality", "municipalities", multiple=True, required=True,
              metavar="ID", help="A municipality or region id (1283 is Helsingborg); repeat.")
@click.option("--year", "years", multiple=True, metavar="YEAR",
              help="A year; repeat (default: every year Kolada has).")
@out_option
def data_fetch_kolada(kpi: str, municipalities: tuple[str, ...], years: tuple[str, ...],
                      out: Path) -> None:
    """Fetch key figure KPI for some municipalities from Kolada (API v3).

    \b
    Example:
      eia data fetch kolada N00945 --municipality 1283 --year 2023 --out data/incoming
    """
    try:
        _fetched(fetch.fetch_kolada(kpi, municipalities, years, out))
    except ProblemsError as error:
        _refuse(error)
