"""Mail goes through a real SMTP server on loopback, or to instance/outbox/ without one."""
from __future__ import annotations

import email
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from contest import create_app
from contest.extensions import db
from contest.services.mail import send_mail
from contest.services.outbox import deliver_outbox, queue_mail
from tests.conftest import close_app


class Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp_server):
    controller, _ = smtp_server
    return {**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
            "MAIL_SENDER": "Ban tổ chức <btc@sangtao.example.vn>"}


def test_mail_is_delivered_over_smtp(app, smtp_server):
    _, collector = smtp_server
    with app.app_context():
        send_mail(to="thisinh@example.vn", subject="Xác nhận hồ sơ dự thi",
                  body="Hồ sơ TTN-2026-0042 đã được tiếp nhận.")
    assert len(collector.envelopes) == 1
    envelope = collector.envelopes[0]
    assert envelope.rcpt_tos == ["thisinh@example.vn"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Xác nhận hồ sơ dự thi"
    assert message.get_content().strip() == "Hồ sơ TTN-2026-0042 đã được tiếp nhận."
    assert not (Path(app.instance_path) / "outbox").exists()


def test_password_reset_mail_through_smtp(client, app, smtp_server):
    from contest.extensions import db
    from tests import factories
    from tests.conftest import csrf_token

    _, collector = smtp_server
    with app.app_context():
        factories.make_user(email="quen@example.vn", full_name="Đặng Thị Hồng")
        db.session.commit()
    client.post("/forgot-password", data={"email": "quen@example.vn",
                                           "csrf_token": csrf_token(client)})
    message = email.message_from_bytes(collector.envelopes[-1].content, policy=policy.default)
    assert message["To"] == "quen@example.vn"
    body = message.get_content()
    assert "Chào Đặng Thị Hồng," in body and "http://localhost/reset-password/" in body


class SessionCounter(Collector):
    """Counts the SMTP conversations as well as the messages."""

    def __init__(self):
        super().__init__()
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        return await super().handle_DATA(server, session, envelope)


def test_a_batch_goes_over_one_connection_and_keeps_long_subjects_whole(app_config, tmp_path):
    counter = SessionCounter()
    controller = Controller(counter, hostname="127.0.0.1", port=free_port())
    controller.start()
    app = create_app({**app_config, "MAIL_PORT": controller.port, "JOB_QUEUE": "memory"})
    try:
        subject = ("Kết quả tạm thời: Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long "
                   "lần thứ XVI (2025–2026)")
        with app.app_context():
            for n in range(5):
                queue_mail(to=f"thisinh{n}@example.vn", subject=subject, body=f"Hồ sơ số {n}",
                           kind="results")
            db.session.commit()
            assert counter.envelopes == []  # queued, not sent in the transaction
            sent = deliver_outbox().sent
    finally:
        controller.stop()
        close_app(app)  # its mail rows go (PostgreSQL's tables are shared by the tests)
    assert sent == 5
    assert [e.rcpt_tos for e in counter.envelopes] == [[f"thisinh{n}@example.vn"]
                                                        for n in range(5)]
    assert len(counter.sessions) == 1
    subjects = {email.message_from_bytes(e.content, policy=policy.default)["Subject"]
                for e in counter.envelopes}
    assert subjects == {subject}
