"""The entry's timeline says when a mail about it went out, and only once it went out."""
from __future__ import annotations

import time_machine
from sqlalchemy import update

from contest.extensions import db
from contest.models import MailStatus, OutboxMail
from tests.pages import text_of
from tests.views import test_dossier as dossier

world = dossier.world  # the open youth edition and its two entrants
signed_in_a = dossier.signed_in_a
RECEIPT = "Đã gửi e-mail “Đã nhận hồ sơ TTN-2026-0001” tới a@example.vn"


def submitted_entry(client, app, world) -> int:
    with time_machine.travel(dossier.BEFORE_DEADLINE, tick=True):
        entry_id = dossier.start_draft(client, world)
        dossier.add_photo(app, entry_id)
        dossier.edit(client, entry_id, dossier.dossier_form(world), button="submit")
    return entry_id


def test_the_timeline_shows_the_receipt_once_it_is_delivered(signed_in_a, app, world, outbox):
    entry_id = submitted_entry(signed_in_a, app, world)
    assert outbox.last()["Subject"] == "Đã nhận hồ sơ TTN-2026-0001"
    with time_machine.travel(dossier.BEFORE_DEADLINE, tick=True):
        page = text_of(signed_in_a.get(f"/entrant/entries/{entry_id}").get_data(as_text=True))
    assert RECEIPT in page
    assert page.index("Đã nộp hồ sơ (TTN-2026-0001)") < page.index(RECEIPT)  # in time order


def test_a_mail_not_yet_delivered_is_not_on_the_timeline(signed_in_a, app, world, outbox):
    entry_id = submitted_entry(signed_in_a, app, world)
    with app.app_context():
        db.session.execute(update(OutboxMail).values(status=MailStatus.PENDING, sent_at=None))
        db.session.commit()
    with time_machine.travel(dossier.BEFORE_DEADLINE, tick=True):
        page = text_of(signed_in_a.get(f"/entrant/entries/{entry_id}").get_data(as_text=True))
    assert "Đã nộp hồ sơ (TTN-2026-0001)" in page
    assert "Đã gửi e-mail" not in page
