"""Without SMTP configured, each message is written to instance/outbox/ as an .eml file."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path

from contest.services.mail import send_mail


def test_message_written_to_outbox(app, caplog):
    with app.app_context(), caplog.at_level("INFO"):
        send_mail(to="gk@example.vn", subject="Lời mời chấm thi", body="Kính gửi thầy Bình.")
    files = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "gk@example.vn"
    assert message["Subject"] == "Lời mời chấm thi"
    assert message.get_content().strip() == "Kính gửi thầy Bình."
    assert "written to" in caplog.text and "gk@example.vn" in caplog.text
