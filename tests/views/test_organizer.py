"""Organiser pages: inviting users, deactivating them, and the audit log."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent, Role, User
from tests import factories


def organiser(app, auth, role=Role.ORGANIZER):
    with app.app_context():
        user = factories.make_user(role, email="btc@example.vn", full_name="Phạm Thị Thu Hà")
        db.session.commit()
        user_id = user.id
    auth.login("btc@example.vn")
    return user_id


def test_invitation_sets_password_through_the_emailed_link(client, auth, outbox, app):
    organiser(app, auth)
    response = auth.post("/organizer/users/invite", {
        "full_name": "Võ Minh Tuấn", "email": "tuan@example.vn", "role": "judge"})
    assert response.headers["Location"] == "/organizer/users"
    assert outbox.last()["To"] == "tuan@example.vn"
    assert "Phạm Thị Thu Hà" in outbox.last().get_content()
    link = outbox.link("/invitation/")
    auth.logout()
    accepted = auth.post(link, {"password": "Song-Co-Chien-9", "confirm": "Song-Co-Chien-9"})
    assert accepted.headers["Location"] == "/login"
    assert auth.login("tuan@example.vn", "Song-Co-Chien-9").headers["Location"] == "/judge/"
    assert client.get(link).status_code == 400  # used once


def test_organiser_cannot_invite_an_admin(client, auth, app):
    organiser(app, auth)
    response = auth.post("/organizer/users/invite", {
        "full_name": "Kẻ Lạ", "email": "admin2@example.vn", "role": "admin"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True) or \
        "không hợp lệ" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "admin2@example.vn")) is None


def test_inviting_an_existing_email_explains_and_keeps_input(client, auth, app):
    organiser(app, auth)
    with app.app_context():
        factories.make_user(email="co-roi@example.vn")
        db.session.commit()
    response = auth.post("/organizer/users/invite", {
        "full_name": "Lý Thị Mai", "email": "co-roi@example.vn", "role": "judge"})
    page = response.get_data(as_text=True)
    assert "Đã có tài khoản với địa chỉ e-mail này." in page
    assert 'value="Lý Thị Mai"' in page


def test_deactivation_is_audited_and_blocks_login(client, auth, app):
    actor_id = organiser(app, auth)
    with app.app_context():
        judge = factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
        judge_id = judge.id
    response = auth.post(f"/organizer/users/{judge_id}/active",
                         {"active": "0", "next": "/organizer/users?role=judge"})
    assert response.headers["Location"] == "/organizer/users?role=judge"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate"))
        assert (event.actor_id, event.object_id) == (actor_id, judge_id)
        assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})
        assert event.ip == "127.0.0.1"
    auth.logout()
    assert auth.login("gk@example.vn").status_code == 200  # refused: the form again


def test_organiser_cannot_touch_an_admin(client, auth, app):
    organiser(app, auth)
    with app.app_context():
        admin = factories.make_user(Role.ADMIN, email="qt@example.vn")
        db.session.commit()
        admin_id = admin.id
    assert auth.post(f"/organizer/users/{admin_id}/active", {"active": "0"}).status_code == 404
    with app.app_context():
        assert db.session.get(User, admin_id).is_active


def test_user_search_ignores_diacritics(client, auth, app):
    organiser(app, auth)
    with app.app_context():
        factories.make_user(email="a@example.vn", full_name="Nguyễn Văn Đức")
        factories.make_user(email="b@example.vn", full_name="Trần Thị Lan")
        db.session.commit()
    page = client.get("/organizer/users?q=nguyen+van+duc").get_data(as_text=True)
    assert "Nguyễn Văn Đức" in page and "Trần Thị Lan" not in page


def test_audit_log_filters_and_export_is_formula_safe(client, auth, app):
    organiser(app, auth)
    auth.post("/organizer/users/invite", {
        "full_name": '=HYPERLINK("http://evil.example","x")', "email": "x@example.vn",
        "role": "entrant"})
    page = client.get("/organizer/audit?action=user.invite").get_data(as_text=True)
    assert "user.invite" in page and "user.create" not in page
    export = client.get("/organizer/audit.csv?action=user.invite")
    assert export.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Thời điểm" and rows[0][4] == "Hành động"
    assert len(rows) == 2 and rows[1][4] == "user.invite"
    assert rows[1][1] == "Phạm Thị Thu Hà"
    assert rows[1][8].startswith("{")  # the JSON of the new values, not a formula
    assert '=HYPERLINK' in rows[1][8]


def test_formula_cells_are_neutralised():
    from contest.exports import csv_bytes

    data = csv_bytes(["a"], [['=HYPERLINK("http://evil.example","x")'], ["+1"], ["-2"], ["@x"],
                             ["\tx"], ["\rx"], ["bình thường"], [42]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1", "'-2",
                                        "'@x", "'\tx", "'\rx", "bình thường", "42"]


def test_audit_list_runs_fixed_number_of_queries(client, auth, app):
    from tests.querycount import count_queries

    organiser(app, auth)

    def add_events(n):
        with app.app_context():
            for i in range(n):
                # No password: hashing 310 of them is most of this test's time.
                user = factories.make_user(email=f"u{n}-{i}@example.vn", password="")
                from contest.services.audit import record_event

                record_event(actor=user, action="user.test", target=user, after={"i": i})
            db.session.commit()

    add_events(10)
    with count_queries(app) as small:
        assert client.get("/organizer/audit").status_code == 200
    add_events(300)
    with count_queries(app) as large:
        assert client.get("/organizer/audit").status_code == 200
    assert small.count == large.count
