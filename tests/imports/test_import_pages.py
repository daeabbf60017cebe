"""The import page while another import of the edition writes: the confirmation is refused
with the import's number and start, nothing is imported, and the previewed file can be
confirmed once that import is over; another organiser cannot confirm someone's upload."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from contest.database import writing
from contest.extensions import db
from contest.imports.runs import start_import, write_import
from contest.models import Edition, ImportFile, ImportRun, ImportState, Role
from contest.services import DomainError
from tests import factories
from tests.views.test_imports import (
    TOKEN_INPUT,
    csv_upload,
    entry_titles,
    setup,
    upload,
)


def test_a_confirmation_during_another_import_is_refused_then_goes_through(client, auth, app):
    edition_id = setup(app, auth)
    page = upload(client, edition_id, csv_upload(",Máy lọc nước,hoc-tap,An,01/01/2012,"))
    token = next(g for g in TOKEN_INPUT.search(page.get_data(as_text=True)).groups() if g)
    with app.app_context(), writing():  # a judges file, from the command line
        other = start_import(kind="judges", edition=db.session.get(Edition, edition_id),
                             user=None, data=b"E-mail,H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n",
                             name="giam-khao.csv", options={"invite_hours": 72})
        db.session.commit()
        other_id = other.id

    path = f"/organizer/editions/{edition_id}/import-entries"
    refused = html.unescape(auth.post(path, {"token": token}).get_data(as_text=True))
    assert f"Lần nhập giám khảo số {other_id} (tệp “giam-khao.csv”) đang ghi vào cuộc thi " \
           "này từ " in refused
    assert entry_titles(app) == []
    with app.app_context():
        assert db.session.scalar(select(ImportFile.claimed_at).where(
            ImportFile.token == token)) is None  # the refusal gave the upload back

        db.session.execute(db.update(ImportRun).where(ImportRun.id == other_id).values(
            state=ImportState.DONE))
        db.session.commit()
    confirmed = auth.post(path, {"token": token})
    assert confirmed.headers["Location"] == f"/organizer/editions/{edition_id}/entries"
    assert entry_titles(app) == ["Máy lọc nước"]


def test_only_the_uploader_confirms_an_upload(client, auth, app):
    edition_id = setup(app, auth)
    page = upload(client, edition_id, csv_upload(",Máy lọc nước,hoc-tap,An,01/01/2012,"))
    token = next(g for g in TOKEN_INPUT.search(page.get_data(as_text=True)).groups() if g)
    auth.logout()
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc2@example.vn")
        db.session.commit()
    auth.login("btc2@example.vn")
    path = f"/organizer/editions/{edition_id}/import-entries"
    refused = auth.post(path, {"token": token})
    assert refused.headers["Location"] == path
    assert "Tệp đã tải lên không còn" in client.get(path).get_data(as_text=True)
    assert entry_titles(app) == []


def test_write_import_refuses_an_import_that_is_not_writing(app):
    with app.app_context(), writing():
        run = start_import(kind="entries", edition=factories.make_edition(), user=None,
                           data=b"x", name="a.csv")
        run.state = ImportState.DONE
        db.session.commit()
        run_id = run.id
    with app.app_context(), pytest.raises(DomainError, match="Lần nhập này không còn chờ ghi."):
        write_import(run_id)
