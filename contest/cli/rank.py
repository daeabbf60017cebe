"""The `rank` command (FORMATS.md): the ranking of a round, on standard output."""
from __future__ import annotations

import csv
import json
import sys

import click
from flask.cli import with_appcontext

from contest.cli.params import WHOLE_NUMBER
from contest.extensions import db
from contest.models import Edition
from contest.ranking import METHODS
from contest.services import DomainError
from contest.services.results import ranking_and_sheets

COLUMNS = ("rank", "entry_code", "title", "field_code", "score", "judges", "spread", "flags",
           "award")


@click.command("rank")
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.option("--method", type=click.Choice(METHODS), default=None,
              help="mean (default: the edition's method), median, trimmed or zscore")
@click.option("--round", "round_number", type=WHOLE_NUMBER, default=None,
              help="1 (preliminary) or 2 (final); default: the edition's current round")
@click.option("--format", "output", type=click.Choice(("csv", "json")), default="csv")
@with_appcontext
def rank_command(edition_id: int, method: str | None, round_number: int | None,
                 output: str) -> None:
    """Print the ranking of EDITION, best first."""
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(f"Không có lần tổ chức số {edition_id}.")
    round_number = round_number or edition.current_round
    if round_number not in range(1, edition.rounds + 1):
        raise click.ClickException(f"Vòng {round_number} không có trong lần tổ chức này.")
    try:
        rows, _sheets, _settings = ranking_and_sheets(edition, round_number,
                                                      method or edition.ranking_method)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    values = [(r.rank, r.code, r.title, r.field_code, f"{r.score:.2f}", r.judges,
               f"{r.spread:.2f}", ";".join(r.flags), r.award or "") for r in rows]
    if output == "json":
        records = [dict(zip(COLUMNS, row, strict=True)) for row in values]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")  # rows as tuples: no DictWriter
    writer.writerow(COLUMNS)
    writer.writerows(values)
