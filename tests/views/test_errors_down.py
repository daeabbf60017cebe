"""Honest errors when a part is down: the database stopped (a cluster of the test's own), a full
or read-only disk (a tiny tmpfs), and a login limit that counts only refused passwords."""
from __future__ import annotations

import errno
import os
import subprocess

import pytest
from flask_migrate import upgrade

from contest import create_app
from contest.extensions import db
from contest.models import Role
from tests import factories
from tests.conftest import Auth, base_config, csrf_token
from tests.pg_cluster import Cluster
from tests.sample_files import pdf_bytes
from tests.tmpfs import mounted_tmpfs
from tests.views.test_dossier_upload import draft, stored, upload_from_form  # noqa: F401

BUSY = "Hệ thống đang bận, dữ liệu của bạn an toàn, vui lòng thử lại sau một phút."
JSON = {"Accept": "application/json"}


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0  # the login limiter sets its own
    assert BUSY in response.get_data(as_text=True)


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.mark.db_independent  # it brings its own PostgreSQL: one run is enough
def test_postgresql_stopped_answers_503_then_works_again_without_a_restart(tmp_path, cluster):
    config = base_config(tmp_path / "instance", cluster.url)
    config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    app = create_app(config)
    with app.app_context():
        upgrade()
        factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
    client = app.test_client()
    auth = Auth(client)
    assert auth.login("gk@example.vn").status_code == 302
    token = csrf_token(client)
    assert client.get("/judge/").status_code == 200
    stranger = app.test_client()
    stranger_token = csrf_token(stranger, "/login")

    cluster.stop()
    assert_busy_page(client.get("/judge/"))
    assert_busy_page(app.test_client().get("/"))  # an anonymous visitor too
    saved = client.post("/judge/assignments/1/autosave", headers=JSON,
                        data={"csrf_token": token, "version": "0"})
    assert saved.status_code == 503
    assert saved.get_json() == {"ok": False, "message": BUSY, "retry": True}
    assert client.get("/healthz").status_code == 200
    missing = client.get("/no/such-page")  # the layout asks who is signed in: nobody can say
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.get_data(as_text=True)
    assert client.get("/readyz").get_json()["checks"]["database"]["ok"] is False
    for _ in range(5):  # more server errors than the limit allows refused passwords
        assert_busy_page(stranger.post("/login", data={
            "email": "gk@example.vn", "password": factories.PASSWORD,
            "csrf_token": stranger_token}))

    cluster.start()
    assert client.get("/judge/").status_code == 200  # the first request after: no dead connection
    assert client.get("/readyz").status_code == 200
    assert Auth(app.test_client()).login("gk@example.vn").status_code == 302

    cluster.stop()  # a restart no request saw: the pooled connections are dead, unknown to it
    cluster.start()
    assert client.get("/judge/").status_code == 200  # checked before use (pool_pre_ping)
    with app.app_context():
        db.engine.dispose()


def test_only_refused_passwords_count_toward_the_login_limit(app_config):
    app_config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    app = create_app(app_config)
    with app.app_context():
        factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
    auth = Auth(app.test_client())
    for _ in range(3):
        assert auth.login("gk@example.vn", "sai-mat-khau").status_code == 200
    assert auth.login("gk@example.vn").status_code == 429
    with app.app_context():
        db.engine.dispose()


class SmallDisk:
    """A 1 MiB tmpfs: a real full disk, and read-only by remounting it."""

    def __init__(self, path):
        self.path = path

    def fill(self) -> None:
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)

    def free(self) -> None:
        (self.path / "filler").unlink()

    def remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    with mounted_tmpfs(tmp_path / "disk", "1m") as path:
        yield SmallDisk(path)


@pytest.fixture
def app_config(app_config, request):
    """Uploads on the small disk for the tests that ask for one."""
    if "small_disk" not in request.fixturenames:
        return app_config
    disk = request.getfixturevalue("small_disk")
    return {**app_config, "UPLOAD_FOLDER": str(disk.path / "uploads")}


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_disk_that_takes_no_upload_answers_503_and_keeps_the_dossier(
        client, app, draft, small_disk, fault):  # noqa: F811
    (small_disk.path / "uploads").mkdir()
    if fault == "full":
        small_disk.fill()
    else:
        small_disk.remount("ro")
    entry = draft["youth"]
    answer = upload_from_form(client, entry, {"title": "Máy tưới cây"},
                              (pdf_bytes(), "ban-ve.pdf"), "description")
    assert_busy_page(answer)
    assert stored(app, entry)[1] == []
    if fault == "full":
        small_disk.free()
    else:
        small_disk.remount("rw")
    again = upload_from_form(client, entry, {"title": "Máy tưới cây"},
                             (pdf_bytes(), "ban-ve.pdf"), "description")
    assert again.status_code in (200, 302)
    assert stored(app, entry)[1] == [("description", "ban-ve.pdf")]


def test_a_redis_that_does_not_answer_gives_the_busy_page_not_a_500(app_config):
    """The shared login limits live in Redis: with Redis down a login is answered 503."""
    from tests.views.test_health import closed_port

    app_config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{closed_port()}/0"
    app = create_app(app_config)
    with app.app_context():
        factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": "gk@example.vn", "password": "x",
                                           "csrf_token": csrf_token(client, "/login")})
    assert_busy_page(response)
    with app.app_context():
        db.engine.dispose()
