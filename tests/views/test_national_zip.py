"""Downloading the national dossier: a streamed ZIP for organisers once the list is locked."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from openpyxl import load_workbook

from contest.extensions import db
from contest.models import Role
from tests import factories
from tests.national_dossier import ORGANISER, locked_dossier


def build(app, lock: bool = True):
    with app.app_context():
        return locked_dossier(lock=lock)


def test_download_streams_a_valid_zip_with_every_file(app, client, auth):
    dossier = build(app)
    auth.login(ORGANISER)
    response = client.get(f"/organizer/editions/{dossier.edition_id}/national.zip")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    for position, code in enumerate(dossier.codes, start=1):
        for name, sha256 in dossier.files[code].items():
            data = archive.read(f"{position:02d}-{code}/{name}")
            assert hashlib.sha256(data).hexdigest() == sha256
        for made in ("ho-so.pdf", "giay-chung-nhan.pdf"):
            assert archive.read(f"{position:02d}-{code}/{made}").startswith(b"%PDF-")
    sheet = load_workbook(io.BytesIO(archive.read("list.xlsx"))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == dossier.codes


def test_the_national_page_links_the_download_once_locked(app, client, auth):
    dossier = build(app)
    auth.login(ORGANISER)
    html = client.get(f"/organizer/editions/{dossier.edition_id}/national").get_data(as_text=True)
    assert f'href="/organizer/editions/{dossier.edition_id}/national.zip"' in html


def test_not_found_while_the_list_is_not_locked(app, client, auth):
    dossier = build(app, lock=False)
    auth.login(ORGANISER)
    page = client.get(f"/organizer/editions/{dossier.edition_id}/national").get_data(as_text=True)
    assert "national.zip" not in page
    assert client.get(f"/organizer/editions/{dossier.edition_id}/national.zip").status_code == 404


@pytest.mark.parametrize("role", [Role.JUDGE, Role.ENTRANT])
def test_judges_and_entrants_are_refused(app, client, auth, role):
    dossier = build(app)
    with app.app_context():
        factories.make_user(role, email="khac@example.vn")
        db.session.commit()
    auth.login("khac@example.vn")
    assert client.get(f"/organizer/editions/{dossier.edition_id}/national.zip").status_code == 403
