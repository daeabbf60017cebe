"""The organisation settings page: organisers and admins change the name, the place printed
on documents and the logo (checked by content, served as PNG); CSRF; audited."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent, MemberRole, Organisation, Role
from contest.services.file_storage import uploads
from contest.services.organisations import add_membership
from tests import factories
from tests.sample_files import HTML, image_bytes
from tests.views.public_site.world import organisation

SETTINGS = "/organisations/can-tho/settings"


@pytest.fixture
def people(app) -> dict:
    with app.app_context():
        found = organisation("can-tho")
        for role, email in ((Role.ORGANIZER, "btc@example.vn"), (Role.ADMIN, "admin@example.vn"),
                            (Role.JUDGE, "gk@example.vn"), (Role.ENTRANT, "ts@example.vn")):
            user = factories.make_user(role, email=email)
            if role == Role.ORGANIZER:  # an organiser of this organisation
                add_membership(user, found, MemberRole.ORGANIZER)
        db.session.commit()
        return {"id": found.id}


def saved(app) -> Organisation:
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.code == "can-tho"))
        db.session.expunge(found)
        return found


def test_an_organiser_changes_the_name_place_and_logo_and_the_change_is_audited(
        client, auth, app, people):
    auth.login("btc@example.vn")
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "Cài đặt tổ chức" in page and 'value="Liên hiệp hội TP Cần Thơ"' in page
    response = auth.post(SETTINGS, {
        "name": "  Liên hiệp các Hội KH&KT   thành phố Cần Thơ ", "document_place": "Cần Thơ",
        "logo": (io.BytesIO(image_bytes((900, 300), "JPEG")), "logo.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"] == SETTINGS
    found = saved(app)
    assert found.name == "Liên hiệp các Hội KH&KT thành phố Cần Thơ"
    assert found.document_place == "Cần Thơ"
    assert found.logo_key == f"organisations/{people['id']}/logo.png"
    with app.app_context():
        with uploads().open(found.logo_key) as stored:
            image = Image.open(stored)
            assert (image.format, image.size) == ("PNG", (512, 171))  # redrawn, within 512
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "organisation.update"))
        assert event.object_id == people["id"]
        assert event.before["document_place"] is None
        assert event.after["document_place"] == "Cần Thơ"
    logo = client.get("/can-tho/logo.png")
    assert logo.status_code == 200
    assert logo.headers["Content-Type"] == "image/png"
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    assert logo.get_data().startswith(b"\x89PNG")
    public = client.get("/can-tho/").get_data(as_text=True)
    assert 'src="/can-tho/logo.png"' in public
    assert "Liên hiệp các Hội KH&amp;KT thành phố Cần Thơ" in public


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese_and_nothing_changes(
        client, auth, app, people):
    auth.login("admin@example.vn")
    response = auth.post(SETTINGS, {
        "name": "Tên mới", "document_place": "Cần Thơ",
        "logo": (io.BytesIO(HTML), "logo.png")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tệp “logo.png” không phải là ảnh; biểu trưng nhận JPEG, PNG hoặc WebP." in page
    assert 'value="Tên mới"' in page  # the typed input is kept
    found = saved(app)
    assert (found.name, found.document_place, found.logo_key) == (
        "Liên hiệp hội TP Cần Thơ", None, None)
    with app.app_context():
        assert not uploads().exists(f"organisations/{people['id']}/logo.png")
        assert list(uploads().keys()) == []  # no temporary left behind
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "organisation.update")) is None
    assert client.get("/can-tho/logo.png").status_code == 404


def test_an_empty_name_is_refused_at_its_field(client, auth, app, people):
    auth.login("btc@example.vn")
    page = auth.post(SETTINGS, {"name": "   ", "document_place": ""}).get_data(as_text=True)
    assert "Hãy nhập tên tổ chức." in page
    assert saved(app).name == "Liên hiệp hội TP Cần Thơ"


def test_a_post_without_its_csrf_token_changes_nothing(client, auth, app, people):
    auth.login("btc@example.vn")
    response = client.post(SETTINGS, data={"name": "Tên khác", "document_place": "X"})
    assert response.status_code == 400
    assert saved(app).name == "Liên hiệp hội TP Cần Thơ"


def test_only_organisers_and_admins_reach_the_page_and_unknown_codes_are_404(
        client, auth, app, people):
    assert client.get(SETTINGS).status_code == 302  # to the login page
    for email in ("gk@example.vn", "ts@example.vn"):
        auth.login(email)
        assert client.get(SETTINGS).status_code == 403, email
        auth.logout()
    assert SETTINGS not in client.get("/can-tho/").get_data(as_text=True)
    auth.login("admin@example.vn")
    assert client.get(SETTINGS).status_code == 200
    assert f'href="{SETTINGS}"' in client.get("/can-tho/").get_data(as_text=True)
    assert client.get("/organisations/nowhere/settings").status_code == 404
