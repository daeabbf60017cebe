"""An organiser's view of one published version, a page at a time: the same statements on
any page at 10 and 1,000 entries."""
from __future__ import annotations

import re

from sqlalchemy import select

from contest.extensions import db
from contest.models import ResultPublication, Role
from tests import factories
from tests.querycount import count_queries
from tests.views.leaks.world import final_edition_with_awards

ORGANISER = "btc.trang@example.vn"
TITLE = re.compile(r"<td>Giải pháp (\d+)</td>")


def test_version_page_runs_the_same_statements_on_any_page_at_10_and_1000_entries(client, auth,
                                                                                  app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER)
        versions = [db.session.scalar(select(ResultPublication.id).where(
            ResultPublication.edition_id == final_edition_with_awards(size)))
            for size in (10, 1000)]
        db.session.commit()
    auth.login(ORGANISER)
    counts, pages = [], []
    for url in (f"/organizer/publications/{versions[0]}",
                f"/organizer/publications/{versions[1]}",
                f"/organizer/publications/{versions[1]}?page=3"):
        with count_queries(app) as counter:
            pages.append(client.get(url).get_data(as_text=True))
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2]
    small, first, third = ([int(n) for n in TITLE.findall(page)] for page in pages)
    assert small == list(range(10))
    assert first == list(range(200)) and third == list(range(400, 600))
    assert "Trang 3 / 5" in pages[2]
