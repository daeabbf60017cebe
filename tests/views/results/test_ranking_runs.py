"""Ranking from the results page: the ranked table, badges, comparisons, the final round."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, RankingRun
from contest.views.organizer.results import RUN_PAGE_SIZE
from tests.pages import flashes, text_of
from tests.querycount import count_queries
from tests.views.results.world import ORGANISER, ranked, run_rows, scored


def test_running_the_ranking_from_the_page_shows_the_ranked_table(client, auth, app, edition):
    auth.login(ORGANISER)
    page = client.get(f"/organizer/editions/{edition['edition']}/results").get_data(as_text=True)
    assert "Chưa chạy xếp hạng lần nào." in page
    assert "Bỏ một điểm cao nhất và một điểm thấp nhất khi hồ sơ có từ 5 phiếu" in page
    response = auth.post(f"/organizer/editions/{edition['edition']}/results/run",
                         {"method": "mean", "round": "1"})
    assert response.status_code == 302
    run_id = int(re.fullmatch(r"/organizer/runs/(\d+)", response.headers["Location"]).group(1))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    codes = edition["codes"]
    assert [(rank, code, award) for _id, rank, code, award in run_rows(page)] == [
        ("1", codes[1], "Giải Nhất"), ("2", codes[3], "Giải Nhì"), ("3", codes[0], "Giải Ba"),
        ("4", codes[4], "Giải Khuyến khích"), ("5", codes[2], "Không có giải")]
    assert "Đã xếp hạng 5 hồ sơ." in text_of(page)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "style=" not in page and "<script>" not in page
    for number in (1, 2, 3):
        assert f"Giám khảo {number}" in page
    listing = client.get(f"/organizer/editions/{edition['edition']}/results").get_data(
        as_text=True)
    with app.app_context():
        run = db.session.get(RankingRun, run_id)
        assert (run.method, run.round, len(run.rows)) == ("mean", 1, 5)
        assert run.input_sha256[:12] in listing
    assert "Trung bình cộng" in listing and "Lê Văn Tổ Chức" in listing


def test_an_unknown_method_is_refused_with_the_form(client, auth, app, edition):
    auth.login(ORGANISER)
    response = auth.post(f"/organizer/editions/{edition['edition']}/results/run",
                         {"method": "random", "round": "1"})
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RankingRun.id)) is None


def test_flags_are_shown_as_vietnamese_badges(client, auth, app, people):
    # Two entries tie on 85 for the last Nhất place... with a quota of one Nhất.
    found = scored(app, [(85, 85, 85), (85, 85, 85), (100, 60, 70), (90, 90)])
    with app.app_context():
        edition = db.session.get(Edition, found["edition"])
        edition.award_tiers[0].min_score = Decimal(80)
        edition.award_tiers[0].quota = 1
        db.session.commit()
    run_id = ranked(app, found["edition"])
    auth.login(ORGANISER)
    page = text_of(client.get(f"/organizer/runs/{run_id}").get_data(as_text=True))
    assert "Lệch điểm" in page
    assert "Thiếu phiếu" in page
    assert "Đồng hạng ở ranh giới giải — BTC quyết định (Giải Nhất)" in page


def test_comparing_two_methods_lists_the_moved_entries(client, auth, app, people):
    # A has one harsh judge: the mean ranks it second, the median first.
    found = scored(app, [(90, 90, 30), (75, 75, 75), (60, 60, 60)])
    mean, median = ranked(app, found["edition"]), ranked(app, found["edition"], "median")
    auth.login(ORGANISER)
    page = client.get(f"/organizer/runs/{median}").get_data(as_text=True)
    assert f'<option value="{mean}">' in page
    compared = client.get(f"/organizer/runs/{median}/compare?other={mean}")
    rows = [text_of(row) for row in re.findall(r'<tr class="move">(.*?)</tr>',
                                               compared.get_data(as_text=True), re.S)]
    (a, b, _c), titles = found["codes"], found["titles"]
    assert rows == [
        f"{a} {titles[0]} 2 1 70 90 Giải Ba Giải Nhất Phương pháp khác: mean → median.",
        f"{b} {titles[1]} 1 2 75 75 Giải Ba Giải Ba Phương pháp khác: mean → median.",
    ]
    same = client.get(f"/organizer/runs/{mean}/compare?other={mean}")
    assert same.status_code == 302
    assert client.get(f"/organizer/runs/{mean}/compare?other=999").status_code == 404


def test_advancing_to_the_final_round(client, auth, app, people):
    found = scored(app, [(70, 70, 70), (55, 60, 60), (65, 65, 65)], rounds=2,
                   final_round_threshold=Decimal(60))
    run_id = ranked(app, found["edition"])
    auth.login(ORGANISER)
    assert "Chọn vào chung khảo" in client.get(f"/organizer/runs/{run_id}").get_data(
        as_text=True)
    done = auth.post(f"/organizer/runs/{run_id}/advance", follow_redirects=True)
    assert "Đã chọn 2 hồ sơ vào vòng chung khảo." in flashes(done)
    with app.app_context():
        advanced = db.session.scalars(select(Entry.code).where(
            Entry.edition_id == found["edition"], Entry.advanced).order_by(Entry.code)).all()
        assert advanced == sorted([found["codes"][0], found["codes"][2]])
        assert db.session.get(Edition, found["edition"]).current_round == 2


def test_no_final_round_button_in_a_one_round_edition(client, auth, app, edition):
    run_id = ranked(app, edition["edition"])
    auth.login(ORGANISER)
    assert "Chọn vào chung khảo" not in client.get(f"/organizer/runs/{run_id}").get_data(
        as_text=True)
    refused = auth.post(f"/organizer/runs/{run_id}/advance", follow_redirects=True)
    assert "Lần tổ chức này chỉ có một vòng chấm." in flashes(refused)


def test_run_page_runs_a_fixed_number_of_queries(client, auth, app, people):
    counts = []
    for size in (10, 300):
        found = scored(app, [(60 + i % 40, 61 + i % 39, 62 + i % 38) for i in range(size)],
                       fields=[i % 3 for i in range(size)])
        run_id = ranked(app, found["edition"])
        if not counts:
            auth.login(ORGANISER)
        with count_queries(app) as counter:
            page = client.get(f"/organizer/runs/{run_id}")
        assert page.status_code == 200
        assert len(run_rows(page.get_data(as_text=True))) == min(size, RUN_PAGE_SIZE)
        counts.append(counter.count)
    assert counts[0] == counts[1]
