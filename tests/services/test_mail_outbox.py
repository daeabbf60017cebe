"""The mail outbox: written with the change it reports, delivered by deliver_outbox over real
SMTP on loopback — with the server down, hanging, refusing one recipient, and back again."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contest import clock
from contest.extensions import db
from contest.models import Edition, Entry, MailStatus, OutboxMail, Role, Screening
from contest.services.outbox import claim_due, deliver_outbox, queue_mail
from tests import factories
from tests.mail_servers import Collector, free_port, silent_server, smtp_server
from tests.views.test_dossier import make_open_youth_edition
from tests.views.test_intake import add_entries


@pytest.fixture
def app_config(app_config):
    """Mail to an SMTP port where nothing listens (a test starts a server there when it
    wants one); delivery only when a test calls deliver_outbox."""
    return {**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(),
            "MAIL_TIMEOUT": 1, "MAIL_MAX_ATTEMPTS": 3, "JOB_QUEUE": "memory"}


def mails(app) -> list[OutboxMail]:
    with app.app_context():
        return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def queue(app, *recipients: str) -> None:
    with app.app_context():
        for to in recipients:
            queue_mail(to=to, subject=f"Thư cho {to}", body="Nội dung thư.", kind="test")
        db.session.commit()


def make_due(app) -> None:
    """Let the clock reach every mail's next attempt."""
    with app.app_context():
        db.session.execute(update(OutboxMail).values(
            next_attempt_at=clock.now() - timedelta(seconds=1)))
        db.session.commit()


def deliver(app):
    with app.app_context():
        return deliver_outbox()


def test_a_refused_bulk_screening_writes_neither_decisions_nor_mails(app, auth):
    with app.app_context():
        edition = make_open_youth_edition()
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        owner = factories.make_user(email="ts@example.vn")
        add_entries(edition, 2, owner=owner)
        draft = factories.make_entry(edition, owner=owner)  # not submitted: screening refuses
        db.session.commit()
        edition_id, ids = edition.id, [*db.session.scalars(
            select(Entry.id).where(Entry.id != draft.id).order_by(Entry.id)), draft.id]
    auth.login("btc@example.vn")
    auth.post(f"/organizer/editions/{edition_id}/entries/screen",
              {"decision": "eligible", "entry_ids": [str(i) for i in ids]})
    with app.app_context():
        assert [db.session.get(Entry, i).screening for i in ids[:2]] == [Screening.PENDING] * 2
    assert mails(app) == []
    auth.post(f"/organizer/editions/{edition_id}/entries/screen",
              {"decision": "eligible", "entry_ids": [str(i) for i in ids[:2]]})
    queued = mails(app)
    assert [(m.kind, m.entry_id, m.status) for m in queued] == [
        ("screened", ids[0], MailStatus.PENDING), ("screened", ids[1], MailStatus.PENDING)]
    with app.app_context():
        assert db.session.get(Entry, ids[0]).screening == Screening.ELIGIBLE
        assert db.session.get(Edition, edition_id) is not None


def test_a_rolled_back_transaction_takes_its_mail_with_it(app):
    with app.app_context():
        queue_mail(to="a@example.vn", subject="Thư", body="Nội dung.", kind="test")
        db.session.rollback()
    assert mails(app) == []


def test_smtp_down_leaves_every_mail_pending_with_a_next_attempt(app):
    queue(app, "a@example.vn", "b@example.vn")
    done = deliver(app)
    assert (done.sent, done.failed) == (0, 2) and "ConnectionRefused" in done.error
    now = clock.now()
    for mail in mails(app):
        assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)
        assert now + timedelta(seconds=50) < mail.next_attempt_at <= now + timedelta(minutes=1)
        assert "ConnectionRefused" in mail.last_error
    assert deliver(app).sent == 0  # not due yet: nothing is tried
    assert [m.attempts for m in mails(app)] == [1, 1]


def test_smtp_down_during_a_request_answers_it_and_keeps_the_mail(app_config, client):
    """The default queue delivers at once after the commit: the request still succeeds."""
    from contest import create_app
    from tests.conftest import close_app, csrf_token

    app = create_app({**app_config, "JOB_QUEUE": None})
    client = app.test_client()
    try:
        with app.app_context():
            factories.make_user(email="quen@example.vn")
            db.session.commit()
        response = client.post("/forgot-password", data={
            "email": "quen@example.vn", "csrf_token": csrf_token(client)})
        assert response.status_code == 302
        [mail] = mails(app)
        assert (mail.recipient, mail.kind) == ("quen@example.vn", "reset")
        assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)  # tried once, waits
        assert mail.next_attempt_at > clock.now()
    finally:
        close_app(app)


def test_a_hanging_server_is_given_up_after_mail_timeout(app):
    queue(app, "a@example.vn")
    with silent_server() as port:
        app.config["MAIL_PORT"] = port
        started = time.monotonic()
        done = deliver(app)
        waited = time.monotonic() - started
    assert 0.9 < waited < 3, waited  # MAIL_TIMEOUT is 1 s, smtplib's default would be forever
    assert "timed out" in done.error
    [mail] = mails(app)
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)


def test_after_recovery_each_mail_is_delivered_once(app):
    queue(app, "a@example.vn", "b@example.vn")
    deliver(app)  # the server is down
    collector = Collector()
    with smtp_server(collector, port=app.config["MAIL_PORT"]):
        assert deliver(app).sent == 0  # the retry is not due yet
        make_due(app)
        assert deliver(app).sent == 2
        make_due(app)
        assert deliver(app).sent == 0
    assert collector.recipients() == ["a@example.vn", "b@example.vn"]
    assert [(m.status, m.attempts, m.last_error) for m in mails(app)] == [
        (MailStatus.SENT, 2, None)] * 2
    assert all(m.sent_at is not None for m in mails(app))


def test_a_mail_claimed_by_one_run_is_not_claimed_by_another(app):
    """Two runs that read the same due row: the first claim wins, the second claims nothing
    even once the row is due again (its copy of the row is stale)."""
    queue(app, "a@example.vn")
    with app.app_context(), Session(db.engine) as first, \
            Session(db.engine, expire_on_commit=False) as second:
        [seen] = second.scalars(select(OutboxMail)).all()
        second.commit()
        assert [m.recipient for m in claim_due(first, 10, app.config)] == ["a@example.vn"]
        make_due(app)
        assert seen.attempts == 0
        assert claim_due(second, 10, app.config) == []
    with app.app_context(), Session(db.engine) as third:
        assert len(claim_due(third, 10, app.config)) == 1  # a fresh read claims it


def test_one_refused_recipient_does_not_stop_the_others(app):
    queue(app, "a@example.vn", "khongco@example.vn", "c@example.vn")
    collector = Collector(refused=("khongco@example.vn",))
    with smtp_server(collector, port=app.config["MAIL_PORT"]):
        done = deliver(app)
    assert (done.sent, done.failed) == (2, 1)
    assert collector.recipients() == ["a@example.vn", "c@example.vn"]
    statuses = [(m.recipient, m.status) for m in mails(app)]
    assert statuses == [("a@example.vn", MailStatus.SENT),
                        ("khongco@example.vn", MailStatus.FAILED),
                        ("c@example.vn", MailStatus.SENT)]
    assert "550" in mails(app)[1].last_error


def test_backoff_doubles_and_the_mail_dies_after_max_attempts(app):
    queue(app, "a@example.vn")
    waits = []
    for _ in range(3):  # MAIL_MAX_ATTEMPTS
        make_due(app)
        before = clock.now()
        deliver(app)
        [mail] = mails(app)
        waits.append(round((mail.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4]
    assert (mail.status, mail.attempts) == (MailStatus.DEAD, 3)
    make_due(app)
    assert deliver(app).sent == 0
    [mail] = mails(app)
    assert (mail.status, mail.attempts) == (MailStatus.DEAD, 3)


def test_without_a_server_mail_is_written_to_the_outbox_folder(app, outbox):
    app.config["MAIL_SERVER"] = None
    queue(app, "a@example.vn")
    assert outbox.messages() == []  # queued only
    assert deliver(app).sent == 1
    assert [m["To"] for m in outbox.messages()] == ["a@example.vn"]
    assert mails(app)[0].status == MailStatus.SENT
