"""The public pages run the same statements with 1 and 5 organisations."""
from __future__ import annotations

from contest.extensions import db
from contest.models import ContestKind, Phase
from contest.services.organisation_settings import logo_key
from tests.querycount import count_queries
from tests.views.public_site.world import PROVINCES, edition_of, organisation


def add_province(code: str) -> int:
    """A province with two contests, an open, a final and a draft edition; its open edition."""
    owner = organisation(code)
    owner.logo_key = logo_key(owner)
    opened = edition_of(owner, number=5)
    edition_of(owner, number=4, kind=ContestKind.TECHNICAL, phase=Phase.FINAL)
    edition_of(owner, number=6, phase=Phase.DRAFT)
    db.session.commit()
    return opened.id


def statements(app, client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        with count_queries(app) as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(counter.count)
    return counts


def test_home_organisation_and_edition_pages_cost_the_same_with_1_and_5_organisations(
        client, app):
    with app.app_context():
        first = add_province(PROVINCES[0][0])
    urls = ["/", "/vinh-long/", f"/vinh-long/editions/{first}"]
    one = statements(app, client, urls)
    home_one = client.get("/").get_data(as_text=True)
    with app.app_context():
        for code, _name in PROVINCES[1:]:
            add_province(code)
    five = statements(app, client, urls)
    home_five = client.get("/").get_data(as_text=True)
    assert one == five
    assert home_one.count("/logo.png") == 1 and home_five.count("/logo.png") == 5
    assert all(name in home_five for _code, name in PROVINCES)
