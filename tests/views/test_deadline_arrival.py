"""The deadline is the time of arrival: a dossier sent before it is on time even when a busy
worker takes it after, and a late upload is told so without losing the draft."""
from __future__ import annotations

import io
from datetime import timedelta

import time_machine

from contest.extensions import db
from contest.models import Attachment, Entry, EntryStatus
from tests.conftest import csrf_token
from tests.sample_files import image_bytes
from tests.views import test_dossier as dossier

world = dossier.world  # the open youth edition and its two entrants
signed_in_a = dossier.signed_in_a
DEADLINE = dossier.DEADLINE


def ready_draft(client, auth, app, world) -> int:
    """A complete draft of entrant A, ready to submit."""
    with time_machine.travel(dossier.BEFORE_DEADLINE, tick=True):
        entry_id = dossier.start_draft(client, world)
        dossier.edit(client, entry_id, dossier.dossier_form(world))
        dossier.add_photo(app, entry_id)
    with time_machine.travel(DEADLINE - timedelta(minutes=30), tick=False):
        auth.login("a@example.vn")
    return entry_id


def submit_taken_at(client, entry_id: int, moment, headers=None):
    with time_machine.travel(moment, tick=False):
        response = client.post(f"/entrant/entries/{entry_id}/submit",
                               data={"csrf_token": csrf_token(client)}, headers=headers or {})
        return client.get(response.headers["Location"]).get_data(as_text=True)


def status_of(app, entry_id: int) -> EntryStatus:
    with app.app_context():
        return db.session.get(Entry, entry_id).status


def test_the_proxys_arrival_time_decides_when_one_is_trusted(signed_in_a, auth, app, world):
    entry_id = ready_draft(signed_in_a, auth, app, world)
    sent = DEADLINE - timedelta(seconds=0.5)
    arrived = {"X-Request-Start": f"t={sent.timestamp():.3f}"}
    app.config["PROXY_FIX"] = 1  # behind the guide's nginx, which stamps the header
    submit_taken_at(signed_in_a, entry_id, DEADLINE + timedelta(minutes=5), arrived)
    assert status_of(app, entry_id) == EntryStatus.SUBMITTED


def test_the_header_is_ignored_without_a_trusted_proxy(signed_in_a, auth, app, world):
    entry_id = ready_draft(signed_in_a, auth, app, world)
    sent = DEADLINE - timedelta(seconds=0.5)
    page = submit_taken_at(signed_in_a, entry_id, DEADLINE + timedelta(minutes=5),
                           {"X-Request-Start": f"t={sent.timestamp():.3f}"})
    assert status_of(app, entry_id) == EntryStatus.DRAFT
    assert "Đã hết hạn nộp hồ sơ." in page


def test_a_header_far_from_the_clock_is_not_believed(signed_in_a, auth, app, world):
    entry_id = ready_draft(signed_in_a, auth, app, world)
    app.config["PROXY_FIX"] = 1
    forged = {"X-Request-Start": f"t={(DEADLINE - timedelta(days=1)).timestamp():.0f}"}
    submit_taken_at(signed_in_a, entry_id, DEADLINE + timedelta(minutes=30), forged)
    assert status_of(app, entry_id) == EntryStatus.DRAFT


def test_a_late_upload_says_the_deadline_passed_and_keeps_the_draft(signed_in_a, auth, app,
                                                                     world):
    entry_id = ready_draft(signed_in_a, auth, app, world)
    with time_machine.travel(DEADLINE + timedelta(minutes=2), tick=False):
        response = signed_in_a.post(
            f"/entrant/entries/{entry_id}/attachments",
            data={"file": (io.BytesIO(image_bytes()), "mo-hinh.png"), "kind": "product-photo",
                  "csrf_token": csrf_token(signed_in_a)})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/entrant/entries/{entry_id}")
        page = signed_in_a.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã hết hạn nộp hồ sơ." in page
    assert "Không có quyền truy cập" not in page
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.status == EntryStatus.DRAFT
        assert entry.title == "Máy tưới cây tự động dùng năng lượng mặt trời"
        assert db.session.query(Attachment).filter_by(entry_id=entry_id).count() == 1
