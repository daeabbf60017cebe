"""The `rank` command prints the ranking in the FORMATS.md shape."""
from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry
from tests import factories

HEADER = ["rank", "entry_code", "title", "field_code", "score", "judges", "spread", "flags",
          "award"]


def scored(app, **settings):
    """Four entries: 95/93/91 (Nhất), 85/84/86 (Nhì), 70/100/60 (disagreement), 50/52 (missing)."""
    with app.app_context():
        edition = factories.make_scored_edition(
            [[95, 93, 91], [85, 84, 86], [70, 100, 60], [50, 52]], **settings)
        db.session.commit()
        return edition.id, [e.code for e in sorted(edition_entries(edition), key=lambda e: e.id)]


def edition_entries(edition):
    return db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)).all()


def test_rank_csv_has_the_contract_columns_and_values(runner, app):
    edition_id, codes = scored(app)
    result = runner.invoke(args=["rank", str(edition_id)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == HEADER
    body = [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]
    assert [(r["rank"], r["entry_code"], r["score"], r["judges"], r["spread"], r["flags"],
             r["award"]) for r in body] == [
        ("1", codes[0], "93.00", "3", "4.00", "", "nhat"),
        ("2", codes[1], "85.00", "3", "2.00", "", "nhi"),
        ("3", codes[2], "76.67", "3", "40.00", "disagreement", "ba"),
        ("4", codes[3], "51.00", "2", "2.00", "missing-sheets", ""),
    ]
    assert body[0]["field_code"] == "hoc-tap"


def test_rank_json_and_methods(runner, app):
    edition_id, codes = scored(app)
    result = runner.invoke(args=["rank", str(edition_id), "--method", "median", "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert list(records[0]) == HEADER
    assert [(r["entry_code"], r["score"]) for r in records] == [
        (codes[0], "93.00"), (codes[1], "85.00"), (codes[2], "70.00"), (codes[3], "51.00")]


def test_rank_refuses_bad_input_with_a_message(runner, app):
    edition_id, _codes = scored(app)
    unknown = runner.invoke(args=["rank", "999999"])
    assert unknown.exit_code != 0 and "Không có lần tổ chức số 999999." in unknown.output
    wrong_round = runner.invoke(args=["rank", str(edition_id), "--round", "2"])
    assert wrong_round.exit_code != 0 and "Vòng 2 không có" in wrong_round.output
    wrong_method = runner.invoke(args=["rank", str(edition_id), "--method", "vote"])
    assert wrong_method.exit_code != 0
