"""Registration, login, logout, e-mail links and passwords, through the real forms."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AccountToken, Role, User
from tests import factories
from tests.conftest import csrf_token


def register(client, **fields):
    data = {"full_name": "Trần Thị Bích Ngọc", "email": "ngoc@example.vn", "phone": "0909123456",
            "password": "Hoa-sen-no-2026", "confirm": "Hoa-sen-no-2026",
            "csrf_token": csrf_token(client, "/register")}
    data.update(fields)
    return client.post("/register", data=data)


def test_registration_errors_keep_input_and_explain_in_vietnamese(client, app):
    response = register(client, email="khong-phai-email", password="123456", confirm="123456")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Địa chỉ e-mail không hợp lệ." in page
    assert "Mật khẩu phải có ít nhất 8 ký tự." in page
    assert 'value="Trần Thị Bích Ngọc"' in page
    assert 'value="khong-phai-email"' in page
    assert 'value="0909123456"' in page
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ngoc@example.vn")) is None


def test_registration_refuses_common_password_and_mismatch(client):
    page = register(client, password="password123", confirm="password124").get_data(as_text=True)
    assert "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác." in page
    assert "Hai mật khẩu không khớp nhau." in page


def test_registration_refuses_a_password_built_from_the_typed_name(client, app):
    page = register(client, email="hoc.sinh@example.vn", password="Bichngoc2008",
                    confirm="Bichngoc2008").get_data(as_text=True)
    assert "Mật khẩu không được chứa tên của bạn." in page
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "hoc.sinh@example.vn")) is None


def test_register_verify_then_login(client, outbox, app):
    response = register(client)
    assert "Kiểm tra hộp thư của bạn" in response.get_data(as_text=True)
    assert outbox.last()["To"] == "ngoc@example.vn"
    # Not confirmed yet: the right password gets a confirmation reminder, not a session.
    pending = client.post("/login", data={"email": "ngoc@example.vn", "password": "Hoa-sen-no-2026",
                                          "csrf_token": csrf_token(client)})
    assert "Bạn cần xác nhận địa chỉ e-mail" in pending.get_data(as_text=True)
    confirmed = client.get(outbox.link("/verify/"))
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == "/login"
    logged_in = client.post("/login", data={"email": "NGOC@example.vn",
                                            "password": "Hoa-sen-no-2026",
                                            "csrf_token": csrf_token(client)})
    assert logged_in.headers["Location"] == "/entrant/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ngoc@example.vn"))
        assert user.role == Role.ENTRANT and user.email_verified_at is not None


def test_registering_a_known_email_answers_the_same_and_warns_the_owner(client, outbox, app):
    with app.app_context():
        factories.make_user(email="ngoc@example.vn", full_name="Chủ cũ")
        db.session.commit()
    response = register(client)
    assert "Kiểm tra hộp thư của bạn" in response.get_data(as_text=True)
    assert outbox.last()["Subject"] == "Bạn đã có tài khoản"
    with app.app_context():
        users = db.session.scalars(select(User).where(User.email == "ngoc@example.vn")).all()
        assert [u.full_name for u in users] == ["Chủ cũ"]


def test_login_answers_alike_for_unknown_email_and_wrong_password(client, auth, app):
    with app.app_context():
        factories.make_user(email="co-that@example.vn")
        db.session.commit()
    wrong_password = auth.login("co-that@example.vn", "Sai-mat-khau-99")
    unknown = auth.login("khong-co@example.vn", "Sai-mat-khau-99")
    assert wrong_password.status_code == unknown.status_code == 200
    for response in (wrong_password, unknown):
        assert "E-mail hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    strip = lambda r: r.get_data(as_text=True).replace("co-that", "X").replace("khong-co", "X")  # noqa: E731
    assert _without_csrf(strip(wrong_password)) == _without_csrf(strip(unknown))


def _without_csrf(page: str) -> str:
    import re

    return re.sub(r'(value|content)="[\w.-]{60,}"', "", page)  # CSRF tokens differ per request


def test_logout_revokes_the_session_on_the_server(client, auth, app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    assert auth.login("btc@example.vn").headers["Location"] == "/organizer/"
    copied_cookie = client.get_cookie("sangtao_session").value
    assert client.get("/organizer/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("sangtao_session", copied_cookie)
    replay = thief.get("/organizer/")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/login")


def test_deactivation_ends_existing_sessions(client, auth, app):
    with app.app_context():
        user = factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
        user_id = user.id
    auth.login("gk@example.vn")
    cookie = client.get_cookie("sangtao_session").value
    with app.app_context():
        db.session.get(User, user_id).is_active = False
        db.session.commit()
    replay = app.test_client()
    replay.set_cookie("sangtao_session", cookie)
    assert replay.get("/judge/").headers["Location"].startswith("/login")


def test_password_change_needs_current_password_and_ends_other_sessions(client, auth, app):
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    other_browser = app.test_client()
    auth.login("ts@example.vn")
    Other = type(auth)
    Other(other_browser).login("ts@example.vn")
    assert other_browser.get("/entrant/").status_code == 200

    refused = auth.post("/account", {"current": "Sai-roi-2026", "password": "Cay-dua-xanh-77",
                                     "confirm": "Cay-dua-xanh-77"})
    assert "Mật khẩu hiện tại không đúng." in refused.get_data(as_text=True)
    assert other_browser.get("/entrant/").status_code == 200

    changed = auth.post("/account", {"current": factories.PASSWORD, "password": "Cay-dua-xanh-77",
                                     "confirm": "Cay-dua-xanh-77"})
    assert changed.headers["Location"] == "/account"
    assert client.get("/entrant/").status_code == 200  # this browser stays signed in
    assert other_browser.get("/entrant/").headers["Location"].startswith("/login")
    auth.logout()
    assert auth.login("ts@example.vn", "Cay-dua-xanh-77").headers["Location"] == "/entrant/"


def test_reset_link_works_once(client, auth, outbox, app):
    with app.app_context():
        factories.make_user(email="quen@example.vn")
        db.session.commit()
    auth.post("/forgot-password", {"email": "quen@example.vn"})
    link = outbox.link("/reset-password/")
    done = auth.post(link, {"password": "Mua-xuan-moi-26", "confirm": "Mua-xuan-moi-26"})
    assert done.headers["Location"] == "/login"
    again = auth.post(link, {"password": "Mua-he-moi-2026", "confirm": "Mua-he-moi-2026"})
    assert again.status_code == 400
    assert "Liên kết không hợp lệ hoặc đã được sử dụng." in again.get_data(as_text=True)
    assert auth.login("quen@example.vn", "Mua-xuan-moi-26").headers["Location"] == "/entrant/"


def test_reset_link_expires(client, auth, outbox, app):
    with app.app_context():
        factories.make_user(email="quen@example.vn")
        db.session.commit()
    auth.post("/forgot-password", {"email": "quen@example.vn"})
    link = outbox.link("/reset-password/")
    with app.app_context():
        token = db.session.scalar(select(AccountToken))
        token.expires_at = clock.now() - timedelta(seconds=1)
        db.session.commit()
    expired = client.get(link)
    assert expired.status_code == 400
    assert "Liên kết đã hết hạn." in expired.get_data(as_text=True)


def test_reset_answers_alike_for_unknown_email(client, auth, outbox, app):
    with app.app_context():
        factories.make_user(email="co@example.vn")
        db.session.commit()
    known = auth.post("/forgot-password", {"email": "co@example.vn"})
    unknown = auth.post("/forgot-password", {"email": "khong@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/login"
    assert client.get("/login").get_data(as_text=True).count("Nếu địa chỉ này có tài khoản") == 1
    assert [m["To"] for m in outbox.messages()] == ["co@example.vn"]


def test_eleventh_rapid_wrong_login_is_throttled_in_vietnamese(client, auth, app):
    with app.app_context():
        factories.make_user(email="muc-tieu@example.vn")
        db.session.commit()
    statuses = [auth.login("muc-tieu@example.vn", f"Sai-mat-khau-{i}").status_code
                for i in range(11)]
    assert statuses == [200] * 10 + [429]
    last = auth.login("muc-tieu@example.vn", factories.PASSWORD)
    assert last.status_code == 429
    assert "Bạn đã thử quá nhiều lần trong thời gian ngắn." in last.get_data(as_text=True)


def test_account_throttle_holds_across_ip_addresses(client, app):
    with app.app_context():
        factories.make_user(email="muc-tieu@example.vn")
        db.session.commit()
    statuses = []
    for i in range(11):
        data = {"email": "muc-tieu@example.vn", "password": f"Sai-{i}-mat-khau",
                "csrf_token": csrf_token(client)}
        statuses.append(client.post("/login", data=data,
                                    environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"}).status_code)
    assert statuses[-1] == 429
    assert statuses[:10] == [200] * 10


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "https:evil.example",
    "http:///evil.example", "%09javascript:alert(1)", "\tjavascript:alert(1)",
    "javascript:alert(1)", "https://evil.example/", "/\t/evil.example",
])
def test_next_never_leaves_the_site(client, auth, app, target):
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    response = auth.login("ts@example.vn", next=target)
    assert response.headers["Location"] == "/entrant/"


def test_next_leads_to_a_local_page(client, auth, app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    first = client.get("/organizer/audit?action=user")
    assert first.headers["Location"] == "/login?next=/organizer/audit?action%3Duser"
    response = auth.login("btc@example.vn", next="/organizer/audit?action=user")
    assert response.headers["Location"] == "/organizer/audit?action=user"


def test_post_without_csrf_token_is_refused(client, app):
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    response = client.post("/login", data={"email": "ts@example.vn",
                                           "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/entrant/").status_code == 302


def test_csrf_token_in_header_is_accepted_for_javascript(client, app):
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    token = csrf_token(client)
    response = client.post("/login", data={"email": "ts@example.vn",
                                           "password": factories.PASSWORD},
                           headers={"X-CSRFToken": token})
    assert response.headers["Location"] == "/entrant/"


def test_login_throttle_is_shared_by_workers_through_redis(app_config, app):
    """Attempts counted by one worker hold in a worker started later: the counts live in Redis."""
    import uuid

    import redis

    from contest import create_app
    from contest.extensions import limiter

    with app.app_context():
        factories.make_user(email="muc-tieu@example.vn")
        db.session.commit()
    prefix = f"test-{uuid.uuid4().hex}"
    shared = {**app_config, "REDIS_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix}
    shared.pop("RATELIMIT_STORAGE_URI")

    def attempt(worker, number):
        data = {"email": "muc-tieu@example.vn", "password": f"Sai-{number}-mat-khau",
                "csrf_token": csrf_token(worker)}
        return worker.post("/login", data=data).status_code

    first = create_app(shared).test_client()
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert [attempt(first, n) for n in range(10)] == [200] * 10
    assert redis.Redis.from_url("redis://127.0.0.1:6379/0").keys(f"LIMITS:LIMITER/{prefix}/*")
    second = create_app(shared).test_client()  # a new worker process, same Redis
    assert attempt(second, 10) == 429
