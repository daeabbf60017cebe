"""Security headers on pages, errors and downloads; cookies; cache control."""
from __future__ import annotations

from contest.extensions import db
from contest.models import Role
from tests import factories


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_headers_on_a_normal_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_headers_on_error_pages(client):
    missing = client.get("/khong-co/trang-nay")  # no route (/x may be an organisation)
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.get_data(as_text=True)
    assert_security_headers(missing)


def test_headers_on_a_download_and_no_store_when_signed_in(client, auth, app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    auth.login("btc@example.vn")
    download = client.get("/organizer/audit.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert_security_headers(download)
    assert download.headers["Cache-Control"] == "no-store"
    page = client.get("/organizer/")
    assert page.headers["Cache-Control"] == "no-store"


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_flags(client, auth, app):
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    response = auth.login("ts@example.vn")
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("sangtao_session=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    assert "Secure" not in cookie[0]  # development default; production turns it on


def test_error_pages_in_vietnamese(client, app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    from contest.permissions import ENDPOINT_ROLES, PUBLIC

    ENDPOINT_ROLES["boom"] = PUBLIC
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        crashed = client.get("/boom")
    finally:
        del ENDPOINT_ROLES["boom"]
    assert crashed.status_code == 500
    assert "Lỗi máy chủ" in crashed.get_data(as_text=True)
    assert_security_headers(crashed)


def test_oversized_request_gets_vietnamese_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert_security_headers(response)


def test_trusted_hosts(app_config):
    from contest import create_app

    config = {**app_config, "TRUSTED_HOSTS": ["sangtao.example.vn"]}
    config.pop("SERVER_NAME")
    app = create_app(config)
    client = app.test_client()
    assert client.get("/", base_url="http://sangtao.example.vn").status_code == 200
    assert client.get("/", base_url="http://evil.example").status_code == 400
