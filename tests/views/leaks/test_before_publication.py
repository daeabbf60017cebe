"""Nothing about results leaks before publication; provisional results reach only their owner."""
from __future__ import annotations

import re

from sqlalchemy import select

from contest.extensions import db
from contest.models import Objection
from tests.views.leaks.world import (
    OWN_SCORE_TEXTS,
    OWN_TITLE,
    REASON,
    assert_nothing_about_results,
    fetch,
    publish,
    reachable_urls,
)


def test_nothing_leaks_before_publication(client, auth, app, judged):
    urls = reachable_urls(app, judged, public_only=False)
    entry = judged["entry"]
    for must_exist in ("/entrant/", f"/entrant/entries/{entry}", f"/entrant/entries/{entry}/edit",
                       f"/entrant/entries/{entry}/print",
                       f"/vinh-long/editions/{judged['edition']}",
                       f"/files/{judged['attachments'][0]}/thumbnail"):
        assert must_exist in urls
    auth.login("owner@example.vn")
    fetched = {}
    for url in urls:
        status, body = fetch(client, url)
        fetched[url] = status
        public_page = url == "/" or url.startswith(("/editions/", "/vinh-long/editions/"))
        # The edition page shows the prize structure: tier names, but never this entry.
        assert_nothing_about_results(body, url, tiers=not public_page)
        if public_page:
            assert judged["code"] not in body and OWN_TITLE not in body, url
    for url in (f"/entrant/entries/{entry}", f"/entrant/entries/{entry}/print", "/entrant/",
                *(f"/files/{a}" for a in judged["attachments"]),
                f"/files/{judged['attachments'][0]}/thumbnail"):
        assert fetched[url] == 200, url
    assert OWN_TITLE in fetch(client, f"/entrant/entries/{entry}")[1]
    assert fetched[f"/vinh-long/editions/{judged['edition']}/results"] == 404
    auth.logout()
    for url in reachable_urls(app, judged, public_only=True):
        status, body = fetch(client, url)
        public_page = url == "/" or url.startswith(("/editions/", "/vinh-long/editions/"))
        assert_nothing_about_results(body, url, tiers=not public_page)
        assert judged["code"] not in body and OWN_TITLE not in body, url


def test_provisional_result_reaches_only_its_owner(client, auth, app, judged):
    publish(app, judged)
    entry = judged["entry"]
    auth.login("owner@example.vn")
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    result = page[page.index('id="result"'):]
    assert "Kết quả tạm thời" in result and "Hạn khiếu nại:" in result
    assert re.search(r"Giải</dt>\s*<dd[^>]*>Giải Nhì</dd>", result)
    assert re.search(r"Hạng chung</dt>\s*<dd[^>]*>2</dd>", result)
    assert re.search(r"Điểm</dt>\s*<dd[^>]*>87,33</dd>", result)
    assert f'action="/entrant/entries/{entry}/objections"' in result
    dashboard = client.get("/entrant/").get_data(as_text=True)
    assert "Giải Nhì · Hạng 2 · Điểm 87,33" in dashboard
    assert client.get(f"/vinh-long/editions/{judged['edition']}/results").status_code == 404
    auth.logout()
    for url in reachable_urls(app, judged, public_only=True):
        body = fetch(client, url)[1]
        assert not any(text in body for text in OWN_SCORE_TEXTS + ("Hạng",)), url
        assert judged["code"] not in body and OWN_TITLE not in body, url
    auth.login("other@example.vn")
    assert client.get(f"/entrant/entries/{entry}").status_code == 404
    assert auth.post(f"/entrant/entries/{entry}/objections",
                     {"reason": REASON}).status_code == 404
    theirs = client.get(f"/entrant/entries/{judged['best']}").get_data(as_text=True)
    assert "Giải Nhất" in theirs and "87,33" not in theirs and "Giải Nhì" not in theirs
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []


def test_results_page_is_404_until_final_publication(client, app, judged):
    url = f"/vinh-long/editions/{judged['edition']}/results"
    assert client.get(url).status_code == 404
    publish(app, judged)
    assert client.get(url).status_code == 404
    publish(app, judged, final=True)
    assert client.get(url).status_code == 200
