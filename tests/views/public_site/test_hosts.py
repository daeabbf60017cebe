"""CONTEST_ORGANISATION_HOSTS: an organisation's own host serves its pages at / with links
without its code; other hosts are served as usual."""
from __future__ import annotations

import re

import pytest

from contest.extensions import db
from contest.models import Phase
from tests.views.public_site.world import edition_of, organisation

OWN_HOST = "http://sangtao.vinhlong.gov.vn"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "ORGANISATION_HOSTS": {"sangtao.vinhlong.gov.vn": "vinh-long"}}


@pytest.fixture
def editions(app) -> dict:
    with app.app_context():
        vinh_long, can_tho = organisation("vinh-long"), organisation("can-tho")
        ours = edition_of(vinh_long, number=16)
        final = edition_of(vinh_long, number=15, phase=Phase.FINAL)
        theirs = edition_of(can_tho, number=3)
        db.session.commit()
        return {"ours": ours.id, "final": final.id, "theirs": theirs.id}


def test_the_own_host_serves_the_organisation_page_at_the_root(client, editions):
    page = client.get("/", base_url=OWN_HOST).get_data(as_text=True)
    assert "Liên hiệp hội tỉnh Vĩnh Long" in page
    assert "Liên hiệp hội TP Cần Thơ" not in page
    links = re.findall(r'href="(/[^"]*editions/\d+)"', page)
    assert links == [f"/editions/{editions['ours']}", f"/editions/{editions['final']}"]
    assert client.get("/vinh-long/", base_url=OWN_HOST).status_code == 200


def test_the_own_host_serves_its_edition_pages_without_the_code(client, editions):
    response = client.get(f"/editions/{editions['ours']}", base_url=OWN_HOST)
    assert response.status_code == 200  # served here, not redirected
    page = response.get_data(as_text=True)
    assert "Lần thứ 16" in page and "/vinh-long/" not in page  # its links have no code
    final = client.get(f"/editions/{editions['final']}", base_url=OWN_HOST).get_data(as_text=True)
    assert f'href="/editions/{editions["final"]}/results"' in final
    assert "/vinh-long/" not in final


def test_the_own_host_does_not_serve_another_organisation(client, editions):
    for url in (f"/editions/{editions['theirs']}", f"/editions/{editions['theirs']}/results",
                "/can-tho/", f"/can-tho/editions/{editions['theirs']}"):
        assert client.get(url, base_url=OWN_HOST).status_code == 404, url


def test_other_hosts_are_served_as_usual(client, editions):
    home = client.get("/", base_url="http://sangtao.example.vn").get_data(as_text=True)
    assert "Liên hiệp hội tỉnh Vĩnh Long" in home and "Liên hiệp hội TP Cần Thơ" in home
    response = client.get(f"/editions/{editions['ours']}", base_url="http://sangtao.example.vn")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/vinh-long/editions/{editions['ours']}"
    theirs = client.get(f"/can-tho/editions/{editions['theirs']}",
                        base_url="http://sangtao.example.vn")
    assert theirs.status_code == 200
