"""A judged youth edition of five entries and the steps the publication tests share."""
from __future__ import annotations

from contest.extensions import db
from contest.i18n import show_datetime
from contest.models import Edition
from tests.pages import text_of

ORGANISER, ADMIN = "btc@example.vn", "quantri@example.vn"


# Means 75, 93, 52.33, 84, 62.67; medians 75, 93, 52, 84, 62 (youth: Nhất ≥ 90, Nhì ≥ 80,
# Ba ≥ 70, KK ≥ 60).
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80), (62, 65, 61)]


OWNERS = ["an@example.vn", "binh@example.vn", "chi@example.vn", "dung@example.vn",
          "an@example.vn"]  # An owns the first and the last entry


REASON = "Điểm tính mới chưa đúng với bản thuyết minh đã nộp"


def sign_in(auth, email: str) -> None:
    """Sign out whoever is signed in, then sign in as `email`."""
    auth.logout()
    assert auth.login(email).status_code == 302


def results_url(found: dict) -> str:
    return f"/organizer/editions/{found['edition']}/results"


def publish_provisional(auth, found: dict):
    return auth.post(f"{results_url(found)}/publish-provisional", follow_redirects=True)


def entrant_page(client, auth, email: str, entry_id: int) -> str:
    sign_in(auth, email)
    page = client.get(f"/entrant/entries/{entry_id}").get_data(as_text=True)
    return text_of(page[page.index('id="result"'):])


def shown(app, instant) -> str:
    """A time as the Vietnamese pages and mails write it."""
    with app.test_request_context():
        return show_datetime(instant)


def window_end(app, found: dict):
    with app.app_context():
        return db.session.get(Edition, found["edition"]).objection_ends_at
