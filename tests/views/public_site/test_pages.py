"""Each organisation's public pages under its code: the home page lists the organisations
with open editions, an organisation's page its contests, and another's edition is 404."""
from __future__ import annotations

import re

import pytest

from contest.extensions import db
from contest.models import ContestKind, Phase
from tests.views.public_site.world import edition_of, organisation


@pytest.fixture
def two(app) -> dict:
    """Vĩnh Long with an open youth edition, a draft and a closed technical one; Cần Thơ with
    an open edition closing sooner; An Giang with no open edition."""
    with app.app_context():
        vinh_long, can_tho, an_giang = (organisation(c) for c in ("vinh-long", "can-tho",
                                                                  "an-giang"))
        opened = edition_of(vinh_long, number=16, days_left=40)
        draft = edition_of(vinh_long, number=17, phase=Phase.DRAFT)
        closed = edition_of(vinh_long, number=10, kind=ContestKind.TECHNICAL, phase=Phase.FINAL)
        soon = edition_of(can_tho, number=3, days_left=5)
        edition_of(an_giang, number=2, phase=Phase.JUDGING)
        db.session.commit()
        return {"open": opened.id, "draft": draft.id, "closed": closed.id, "soon": soon.id}


def test_home_lists_organisations_with_open_editions_first_then_the_rest(client, two):
    page = client.get("/").get_data(as_text=True)
    vinh_long = page.index("Liên hiệp hội tỉnh Vĩnh Long")
    can_tho = page.index("Liên hiệp hội TP Cần Thơ")
    an_giang = page.index("Liên hiệp hội tỉnh An Giang")
    assert max(vinh_long, can_tho) < page.index("Các tổ chức khác") < an_giang
    assert f'href="/vinh-long/editions/{two["open"]}"' in page
    assert f'href="/can-tho/editions/{two["soon"]}"' in page
    assert f'/vinh-long/editions/{two["closed"]}"' not in page  # only open editions listed
    assert f'/vinh-long/editions/{two["draft"]}"' not in page
    assert 'href="/an-giang/"' in page
    assert page.count("Hạn nộp hồ sơ:") == 2


def test_an_organisation_page_lists_its_contests_open_editions_first_without_drafts(client, two):
    page = client.get("/vinh-long/").get_data(as_text=True)
    assert "Liên hiệp hội tỉnh Vĩnh Long" in page
    assert "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng" in page
    assert "Hội thi Sáng tạo kỹ thuật" in page
    links = re.findall(r'href="/vinh-long/editions/(\d+)"', page)
    assert links == [str(two["open"]), str(two["closed"])]
    assert "Liên hiệp hội TP Cần Thơ" not in page
    assert f"/editions/{two['soon']}" not in page


def test_an_edition_page_names_its_organisation_and_links_within_it(client, two):
    page = client.get(f"/vinh-long/editions/{two['open']}").get_data(as_text=True)
    assert "Liên hiệp hội tỉnh Vĩnh Long" in page
    assert 'href="/vinh-long/"' in page
    final = client.get(f"/vinh-long/editions/{two['closed']}").get_data(as_text=True)
    assert f'href="/vinh-long/editions/{two["closed"]}/results"' in final


def test_an_edition_asked_under_another_organisations_code_is_404(client, two):
    for url in (f"/can-tho/editions/{two['open']}", f"/vinh-long/editions/{two['soon']}",
                f"/can-tho/editions/{two['closed']}/results", f"/an-giang/editions/{two['open']}",
                f"/nowhere/editions/{two['open']}", "/nowhere/", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.get_data(as_text=True)
    assert client.get(f"/can-tho/editions/{two['soon']}").status_code == 200
    assert "Liên hiệp hội TP Cần Thơ" in client.get("/can-tho").get_data(as_text=True)


def test_old_public_addresses_move_permanently_to_the_organisations(client, two):
    response = client.get(f"/editions/{two['open']}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/vinh-long/editions/{two['open']}"
    response = client.get(f"/editions/{two['soon']}/results?page=2")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/can-tho/editions/{two['soon']}/results?page=2"
    assert client.get(f"/editions/{two['draft']}").status_code == 404  # a draft stays unknown
    assert client.get("/editions/999999/results").status_code == 404


def test_the_results_of_an_organisations_edition_need_its_publication(client, two):
    # The technical edition is final but has no published list: nothing to show, at any code.
    assert client.get(f"/vinh-long/editions/{two['closed']}/results").status_code == 404
    assert client.get(f"/vinh-long/editions/{two['open']}/results").status_code == 404
