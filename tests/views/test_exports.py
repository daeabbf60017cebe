"""Spreadsheet downloads for organisers: files, names, links, 404s and who may download."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.exports.xlsx import XLSX_MIMETYPE
from contest.extensions import db
from contest.models import Edition, Entry, Judge, Role
from contest.services.results import mark_provisional, run_ranking
from tests import factories

ORGANISER, ENTRANT, JUDGE = "btc@example.vn", "thisinh@example.vn", "giamkhao@example.vn"
EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def setup(app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER)
        factories.make_user(Role.ENTRANT, email=ENTRANT)
        factories.make_user(Role.JUDGE, email=JUDGE)
        edition = factories.make_scored_edition([(75, 72, 78), (95, 93, 91)])
        entry = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                   .order_by(Entry.id)).first()
        entry.title = EVIL
        run = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
        mark_provisional(edition=edition, run=run, actor=None)
        other = factories.make_scored_edition([(80, 80)])
        other_run = run_ranking(edition=other, round_number=1, method="mean", actor=None)
        judge = db.session.scalar(select(Judge).where(Judge.edition_id == edition.id))
        db.session.commit()
        return {"edition": edition.id, "run": run.id, "other_run": other_run.id,
                "judge": judge.id}


def test_every_kind_downloads_as_an_xlsx_attachment_with_inert_formula_text(client, auth,
                                                                            setup):
    auth.login(ORGANISER)
    edition = setup["edition"]
    names = {"ranking": "bang-xep-hang", "summary": "bang-diem-tong-hop",
             "entries": "danh-sach-ho-so", "national": "danh-sach-toan-quoc"}
    for kind, name in names.items():
        response = client.get(f"/organizer/editions/{edition}/exports/{kind}.xlsx")
        assert response.status_code == 200, kind
        assert response.mimetype == XLSX_MIMETYPE
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="{name}-{edition}'), disposition
        sheet = load_workbook(io.BytesIO(response.data)).active
        assert sheet.cell(1, 1).font.bold and sheet.freeze_panes == "A2"
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.value == "'" + EVIL
    ranking = load_workbook(io.BytesIO(client.get(
        f"/organizer/editions/{edition}/exports/ranking.xlsx").data)).active
    assert [c.value for c in ranking[1]][:3] == ["Hạng", "Mã hồ sơ", "Tên giải pháp"]
    assert ranking.cell(2, 1).value == 1 and ranking.cell(2, 5).data_type == "n"


def test_csv_has_the_bom_and_decodes(client, auth, setup):
    auth.login(ORGANISER)
    response = client.get(f"/organizer/editions/{setup['edition']}/exports/ranking.csv"
                          f"?run={setup['run']}")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    text = response.data.decode("utf-8-sig")
    assert text.startswith("Hạng,Mã hồ sơ,Tên giải pháp")
    assert "'=HYPERLINK" in text
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="bang-xep-hang-{setup["edition"]}.csv"')


def test_judge_sheet_downloads(client, auth, setup):
    auth.login(ORGANISER)
    response = client.get(f"/organizer/judges/{setup['judge']}/sheet.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.cell(1, 1).value == "Mã hồ sơ" and sheet.max_row == 3
    assert client.get(f"/organizer/judges/{setup['judge']}/sheet.pdf").status_code == 404


def test_unknown_kinds_formats_and_other_editions_runs_are_not_found(client, auth, setup):
    auth.login(ORGANISER)
    base = f"/organizer/editions/{setup['edition']}/exports"
    assert client.get(f"{base}/secrets.csv").status_code == 404
    assert client.get(f"{base}/ranking.ods").status_code == 404
    assert client.get(f"{base}/ranking.csv?run={setup['other_run']}").status_code == 404
    assert client.get("/organizer/editions/9999/exports/ranking.csv").status_code == 404


def test_pages_link_to_the_downloads(client, auth, app, setup):
    auth.login(ORGANISER)
    edition = setup["edition"]
    export = f"/organizer/editions/{edition}/exports/"
    run_page = client.get(f"/organizer/runs/{setup['run']}").get_data(as_text=True)
    assert f"{export}ranking.xlsx?run={setup['run']}" in run_page
    assert f"{export}entries.xlsx" in client.get(
        f"/organizer/editions/{edition}/entries").get_data(as_text=True)
    assert f"{export}national.xlsx" in client.get(
        f"/organizer/editions/{edition}/national").get_data(as_text=True)
    judging = client.get(f"/organizer/editions/{edition}/judging").get_data(as_text=True)
    assert f"{export}summary.xlsx" in judging
    assert f"/organizer/judges/{setup['judge']}/sheet.xlsx" in judging
    with app.app_context():
        assert db.session.get(Edition, edition) is not None


@pytest.mark.parametrize("email", [JUDGE, ENTRANT])
def test_judges_and_entrants_are_refused(client, auth, setup, email):
    auth.login(email)
    assert client.get(f"/organizer/editions/{setup['edition']}/exports/ranking.xlsx"
                      ).status_code == 403
    assert client.get(f"/organizer/judges/{setup['judge']}/sheet.csv").status_code == 403
