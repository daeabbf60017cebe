"""The organiser's mail page: waiting, failed and dead mails, and "Gửi lại" (POST with CSRF)."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from contest.extensions import db
from contest.models import AuditEvent, MailStatus, OutboxMail, Role
from contest.services.outbox import deliver_outbox, queue_mail
from tests import factories
from tests.mail_servers import Collector, free_port, smtp_server


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(),
            "MAIL_MAX_ATTEMPTS": 1, "JOB_QUEUE": "memory"}


@pytest.fixture
def organiser(app, auth):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    auth.login("btc@example.vn")


def dead_and_sent(app) -> tuple[int, int]:
    """One mail dead (the server was down, one attempt allowed), one sent."""
    with app.app_context():
        dead = queue_mail(to="chet@example.vn", subject="Thư không đi được", body="…",
                          kind="test")
        db.session.commit()
        deliver_outbox()
        sent = queue_mail(to="da-gui@example.vn", subject="Thư đã đi", body="…", kind="test")
        db.session.commit()
        db.session.execute(update(OutboxMail).where(OutboxMail.id == sent.id)
                           .values(status=MailStatus.SENT))
        db.session.commit()
        return dead.id, sent.id


def test_the_page_lists_mail_not_sent_with_its_error(app, client, organiser):
    dead_and_sent(app)
    text = client.get("/organizer/mail").get_data(as_text=True)
    assert "chet@example.vn" in text and "Đã ngừng thử" in text
    assert "ConnectionRefused" in text
    assert "da-gui@example.vn" not in text
    sent_tab = client.get("/organizer/mail?status=sent").get_data(as_text=True)
    assert "da-gui@example.vn" in sent_tab and "chet@example.vn" not in sent_tab
    assert client.get("/organizer/mail?status=lost").status_code == 404


def test_resend_puts_a_dead_mail_back_and_it_goes_once_the_server_answers(app, auth, organiser):
    dead, _ = dead_and_sent(app)
    response = auth.post(f"/organizer/mail/{dead}/resend")
    assert response.status_code == 302
    with app.app_context():
        mail = db.session.get(OutboxMail, dead)
        assert (mail.status, mail.attempts) == (MailStatus.PENDING, 0)
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "mail.resend")).all()
        assert event.before == {"status": "dead", "attempts": 1}
    collector = Collector()
    with smtp_server(collector, port=app.config["MAIL_PORT"]), app.app_context():
        assert deliver_outbox().sent == 1
    assert collector.recipients() == ["chet@example.vn"]


def test_resend_needs_the_csrf_token_and_refuses_a_sent_mail(app, client, auth, organiser):
    dead, sent = dead_and_sent(app)
    assert client.post(f"/organizer/mail/{dead}/resend").status_code == 400
    refused = auth.post(f"/organizer/mail/{sent}/resend")
    assert "Thư này đã được gửi." in client.get(refused.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(OutboxMail, dead).status == MailStatus.DEAD


def test_judges_and_entrants_may_not_see_the_page(app, client, auth):
    with app.app_context():
        factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
    auth.login("gk@example.vn")
    assert client.get("/organizer/mail").status_code == 403
