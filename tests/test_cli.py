"""Command line: create-user and seed-demo, as FORMATS.md specifies."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    AuditEvent,
    Contest,
    Edition,
    MailStatus,
    OutboxMail,
    Phase,
    Role,
    Unit,
    User,
)

LOGIN_LINE = re.compile(r"^(admin|organizer|judge|entrant)\s+(\S+@\S+)\s+(\S+)$", re.M)


def test_create_user_prints_a_password_that_works(runner, auth, app):
    result = runner.invoke(args=["create-user", "hieu@example.vn", "--role", "organizer",
                                 "--name", "Huỳnh Trung Hiếu"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Mật khẩu: (\S+)", result.output).group(1)
    assert len(password) >= 16
    assert auth.login("hieu@example.vn", password).headers["Location"] == "/organizer/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "hieu@example.vn"))
        assert (user.full_name, user.role) == ("Huỳnh Trung Hiếu", Role.ORGANIZER)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
        assert event.object_id == user.id and event.ip == "cli"


def test_create_user_refuses_duplicates_and_bad_roles(runner, app):
    assert runner.invoke(args=["create-user", "a@example.vn", "--role", "judge"]).exit_code == 0
    again = runner.invoke(args=["create-user", "A@example.vn", "--role", "judge"])
    assert again.exit_code != 0
    assert "Đã có tài khoản với địa chỉ e-mail này." in again.output
    wrong = runner.invoke(args=["create-user", "b@example.vn", "--role", "king"])
    assert wrong.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_seed_demo_is_realistic_and_idempotent(runner, auth, app):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    logins = LOGIN_LINE.findall(first.output)
    assert [role for role, _, _ in logins] == ["admin", "organizer", "judge", "entrant",
                                               "organizer", "organizer"]
    assert [email for _, email, _ in logins[4:]] == ["bantochuc.cantho@demo.sangtao.vn",
                                                      "bantochuc.toanquoc@demo.sangtao.vn"]
    landing = {"admin": "/organizer/", "organizer": "/organizer/", "judge": "/judge/",
               "entrant": "/entrant/"}
    for role, email, password in logins:
        assert auth.login(email, password).headers["Location"] == landing[role]
        auth.logout()
    logins_file = Path(app.instance_path) / "demo-logins.txt"
    assert logins_file.stat().st_mode & 0o777 == 0o600

    with app.app_context():
        counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                  for model in (Contest, Edition, Unit, User)}
        editions = db.session.scalars(select(Edition)).all()
        assert {e.phase for e in editions} == {Phase.OPEN}
        assert sorted(len(e.fields) for e in editions) == [5, 5, 5, 6, 6]
        assert {sum(c.max_score for c in e.criteria) for e in editions} == {100}
        names = db.session.scalars(select(User.full_name).where(User.role == Role.JUDGE)).all()
        assert all(re.fullmatch(r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ][\w ]+", n) and len(n.split()) >= 3
                   for n in names), names
    assert counts["Contest"] == 5 and counts["Edition"] == 5
    assert counts["Unit"] >= 60 and counts["User"] >= 20

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "Dữ liệu mẫu đã có sẵn" in second.output
    assert LOGIN_LINE.findall(second.output) == logins
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == counts["User"]


@pytest.mark.parametrize("command", [
    ["set-phase", "9" * 400, "open"], ["import-entries", "1e3", "x.csv"],
    ["import-judges", "1.5", "x.csv"], ["import-scores", "NaN", "x.csv"],
    ["rank", "9" * 10], ["rank", "1", "--round", "9" * 400], ["export-national", "²", "x.zip"],
    ["create-edition", "--contest", "youth", "--number", "9" * 400, "--year", "2026"],
])
def test_numbers_beyond_the_database_are_refused_in_vietnamese(runner, command):
    result = runner.invoke(args=command)
    assert result.exit_code == 2
    assert "không phải là một số nguyên có tối đa 9 chữ số." in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_seed_demo_welcomes_each_printed_login_through_the_mail_queue(runner, app, outbox):
    """Each printed login gets a welcome mail written to the outbox with the demo; the queue
    (run at once in tests, by `flask worker` beside `make run`) delivers it, and a second
    seed-demo sends nothing again."""
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    logins = LOGIN_LINE.findall(first.output)
    delivered = outbox.messages()
    assert sorted(m["To"] for m in delivered) == sorted(email for _, email, _ in logins)
    judge = next(m for m in delivered if m["To"] == logins[2][1])
    body = judge.get_content()
    assert judge["Subject"] == "Tài khoản thử nghiệm Sáng tạo"
    assert "vai trò: giám khảo" in body and "/login" in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(
            OutboxMail.status == MailStatus.SENT)) == len(logins)
    runner.invoke(args=["seed-demo"])
    assert len(outbox.messages()) == len(logins)
