"""The national intake pages: per province what arrived against the quota and what each
dossier lacks, the feeds, the province's withdrawal, and packages uploaded on the web; CSRF
and 404 for another organisation's editions and arrivals."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    Edition,
    EntryOrigin,
    EntryStatus,
    ImportFile,
    MemberRole,
    OrganisationKind,
    Role,
    User,
)
from contest.services.national import lock_national
from contest.services.organisations import (
    add_membership,
    create_organisation,
    organisation_by_code,
)
from tests import factories
from tests.conftest import Auth
from tests.national.builders import NATIONAL_ORGANISER, fed_province
from tests.national.test_packages import PROVINCE, national_side
from tests.national.two_instances import rewritten
from tests.national_dossier import ORGANISER


def locked(app, quota: int = 10):
    with app.app_context():
        fed = fed_province(quota=quota)
        lock_national(edition=db.session.get(Edition, fed.dossier.edition_id),
                      actor=db.session.get(User, fed.province_organiser_id), now=clock.now())
        db.session.commit()
        return fed


def test_the_national_organiser_sees_each_province_against_its_quota_and_what_is_missing(
        app, client, auth):
    fed = locked(app)
    auth.login(NATIONAL_ORGANISER)
    page = client.get(f"/organizer/editions/{fed.national_edition_id}/national-intake")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'<td class="text-end">3 / 10</td>', html)
    assert html.count('class="arrival') == 3
    assert f"{fed.dossier.codes[0]} · hạng 1 · 95.00" in html
    assert "Hãy nhập số điện thoại hoặc e-mail liên hệ." in html  # the factories' dossiers lack it


def test_feeds_are_set_through_a_form_with_csrf(app, client, auth):
    fed = locked(app)
    auth.login(NATIONAL_ORGANISER)
    url = f"/organizer/editions/{fed.national_edition_id}/national-intake/feeds"
    data = {"province_id": fed.province_id, "provincial_edition_id": fed.dossier.edition_id,
            "quota": 12, "field_quotas": "bogus"}
    assert client.post(url, data=data).status_code == 400
    refused = auth.post(url, data)
    assert refused.status_code == 400
    assert "Không hiểu “bogus”" in refused.get_data(as_text=True)
    with app.app_context():
        field = db.session.get(Edition, fed.national_edition_id).fields[0].code
    done = auth.post(url, {**data, "field_quotas": f"{field}=2"})
    assert done.status_code == 302
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "3 / 12" in html and f"{field}: 2 / 2" in html


def test_other_organisations_get_404_for_the_pages_and_the_arrivals(app, client, auth):
    fed = locked(app)
    with app.app_context():
        origin_id = db.session.scalars(select(EntryOrigin.id)).first()
    auth.login(ORGANISER)  # the province's organiser
    assert client.get(f"/organizer/editions/{fed.national_edition_id}/national-intake") \
        .status_code == 404
    assert auth.post(f"/organizer/editions/{fed.national_edition_id}/national-arrivals/"
                     f"{origin_id}/withdraw", {"reason": "x"}).status_code == 404
    auth.logout()
    auth.login(NATIONAL_ORGANISER)
    assert client.get(f"/organizer/editions/{fed.dossier.edition_id}/national-sent") \
        .status_code == 404
    assert client.get(f"/organizer/editions/{fed.dossier.edition_id}/national-package.zip") \
        .status_code == 404
    with app.app_context():
        elsewhere = create_organisation(code="tinh-khac", name="Liên hiệp hội tỉnh khác",
                                        kind=OrganisationKind.PROVINCIAL)
        stranger = factories.make_user(Role.ORGANIZER, email="tinh-khac@example.vn",
                                       organisation=elsewhere)
        db.session.commit()
        assert stranger.id
    auth.logout()
    auth.login("tinh-khac@example.vn")
    for path in (f"/organizer/editions/{fed.national_edition_id}/national-intake",
                 f"/organizer/editions/{fed.dossier.edition_id}/national-sent"):
        assert client.get(path).status_code == 404


def test_the_province_withdraws_an_arrival_from_its_page(app, client, auth):
    fed = locked(app)
    with app.app_context():
        origin_id = db.session.scalars(select(EntryOrigin.id).order_by(EntryOrigin.id)).first()
    auth.login(ORGANISER)
    page = client.get(f"/organizer/editions/{fed.dossier.edition_id}/national-sent")
    assert page.get_data(as_text=True).count('class="arrival"') == 3
    url = f"/organizer/editions/{fed.dossier.edition_id}/national-arrivals/{origin_id}/withdraw"
    assert client.post(url, data={"reason": "Rút"}).status_code == 400  # no CSRF token
    done = auth.post(url, {"reason": "Tác giả xin rút"})
    assert done.status_code == 302
    with app.app_context():
        origin = db.session.get(EntryOrigin, origin_id)
        assert origin.entry.status == EntryStatus.WITHDRAWN
        assert origin.withdrawn_reason == "Tác giả xin rút"
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã rút hồ sơ" in html


def test_a_package_uploaded_on_the_web_shows_what_it_holds_then_imports(
        exported, national_app):
    package, dossier, public_key, _ = exported
    edition_id = national_side(national_app)
    runner = national_app.test_cli_runner()
    assert runner.invoke(args=["register-organisation-key", PROVINCE, public_key]).exit_code == 0
    with national_app.app_context():
        user = factories.make_user(Role.ORGANIZER, email=NATIONAL_ORGANISER)
        add_membership(user, organisation_by_code("trung-uong"), MemberRole.ORGANIZER)
        db.session.commit()
    client = national_app.test_client()
    auth = Auth(client)
    auth.login(NATIONAL_ORGANISER)
    url = f"/organizer/editions/{edition_id}/national-package/upload"
    with zipfile.ZipFile(package) as archive:
        manifest = archive.read("manifest.json")
    tampered = rewritten(package, package.with_name("sua.zip"), {
        "manifest.json": manifest.replace(b'"version": 1', b'"version": 7')}).read_bytes()
    bad = auth.post(url, {"package": (io.BytesIO(tampered), "goi.zip")},
                    content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "phiên bản 7: hệ thống chỉ đọc được sangtao-national-package phiên bản 1." in \
        bad.get_data(as_text=True)
    preview = auth.post(url, {"package": (io.BytesIO(package.read_bytes()), "goi.zip")},
                        content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="package-verified"' in html
    assert html.count('class="package-entry"') == 3 and dossier.titles[0] in html
    with national_app.app_context():
        assert db.session.scalars(select(EntryOrigin)).all() == []
        # the refused upload is not kept; the verified one waits in the database
        assert db.session.scalars(select(ImportFile.claimed_at)).all() == [None]
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', html).group(1)
    done = auth.post(f"/organizer/editions/{edition_id}/national-package/import",
                     {"token": token})
    assert done.status_code == 302
    with national_app.app_context():
        assert None not in db.session.scalars(select(ImportFile.claimed_at)).all()  # taken once
        assert [o.origin_code for o in db.session.scalars(
            select(EntryOrigin).order_by(EntryOrigin.id))] == dossier.codes


def test_the_province_downloads_its_signed_package_once_locked(app, client, auth):
    fed = locked(app)
    auth.login(ORGANISER)
    url = f"/organizer/editions/{fed.dossier.edition_id}/national-package.zip"
    without_key = client.get(url, headers={"Referer": "http://localhost/organizer/"})
    assert without_key.status_code == 302
    assert "chưa có khóa ký" in client.get(without_key.headers["Location"]).get_data(
        as_text=True)
    assert app.test_cli_runner().invoke(args=["create-organisation-key", PROVINCE]).exit_code == 0
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("manifest.sig")
    assert [e["code"] for e in manifest["entries"]] == fed.dossier.codes
    assert manifest["organisation"]["code"] == PROVINCE and manifest["version"] == 1
    response.close()  # what the server does once the file is sent
    assert list((Path(app.instance_path) / "national-packages").iterdir()) == []
