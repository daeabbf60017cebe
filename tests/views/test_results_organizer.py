"""The organiser's results pages: ranking runs, snapshot table and diagnostics, overrides,
comparison, the final round, publication and objections, and who may see them."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    AuditEvent,
    AwardOverride,
    Edition,
    Entry,
    Objection,
    Phase,
    RankingRun,
    Role,
)
from contest.services.objections import file_objection
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.querycount import count_queries

ORGANISER, ENTRANT, JUDGE = "btc@example.vn", "thisinh@example.vn", "giamkhao@example.vn"
# Youth tiers: Nhất ≥ 90 (3), Nhì ≥ 80 (6), Ba ≥ 70 (8), KK ≥ 60 (22).
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80), (62, 65, 61)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def run_rows(html: str) -> list[tuple[int, str, str, str]]:
    """(row id, rank, entry code, award shown) for each row of a run page, in page order."""
    rows = []
    for row_id, body in re.findall(r'<tr id="row-(\d+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        award = re.search(r'<span class="award">(.*?)</span>', body).group(1)
        rows.append((int(row_id), text_of(cells[0]), text_of(cells[2]), award))
    return rows


@pytest.fixture
def people(app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER, full_name="Lê Văn Tổ Chức")
        factories.make_user(Role.ENTRANT, email=ENTRANT)
        factories.make_user(Role.JUDGE, email=JUDGE)
        db.session.commit()


def scored(app, sheets=SHEETS, **settings) -> dict:
    with app.app_context():
        edition = factories.make_scored_edition(sheets, **settings)
        entries = db.session.scalars(select(Entry).where(
            Entry.edition_id == edition.id).order_by(Entry.id)).all()
        db.session.commit()
        return {"edition": edition.id, "codes": [e.code for e in entries],
                "titles": [e.title for e in entries]}


@pytest.fixture
def edition(app, people):
    return scored(app)


def ranked(app, edition_id: int, method: str = "mean", provisional: bool = False) -> int:
    with app.app_context():
        found = db.session.get(Edition, edition_id)
        run = run_ranking(edition=found, round_number=1, method=method, actor=None)
        if provisional:
            mark_provisional(edition=found, run=run, actor=None)
        db.session.commit()
        return run.id


def flashes(response) -> list[str]:
    """The flashed messages a page shows."""
    return [text_of(m) for m in re.findall(r'<div class="alert alert-\w+" role="alert">(.*?)</div>',
                                           response.get_data(as_text=True), re.S)]


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


def test_override_needs_a_reason_is_audited_and_changes_the_award(client, auth, app, edition):
    run_id = ranked(app, edition["edition"])
    auth.login(ORGANISER)
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    row_id = next(r for r in run_rows(page) if r[2] == edition["codes"][0])[0]
    refused = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                        {"award": "nhat", "reason": ""}, follow_redirects=True)
    assert "Hãy ghi lý do điều chỉnh giải." in flashes(refused)
    with app.app_context():
        assert db.session.scalar(select(AwardOverride.id)) is None
    done = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                     {"award": "nhat", "reason": "Hội đồng xét lại tính mới"},
                     follow_redirects=True)
    html = done.get_data(as_text=True)
    assert f"Đã điều chỉnh giải của hồ sơ {edition['codes'][0]}." in flashes(done)
    assert next(r for r in run_rows(html) if r[0] == row_id)[3] == "Giải Nhất"
    assert "Theo xếp hạng: Giải Ba" in text_of(html)
    assert "Hội đồng xét lại tính mới" in html
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "award.override"))
        assert event.after == {"award": "nhat", "reason": "Hội đồng xét lại tính mới"}
    removed = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                        {"award": "", "reason": "Đã đạt giải cấp cao hơn"}, follow_redirects=True)
    assert next(r for r in run_rows(removed.get_data(as_text=True))
                if r[0] == row_id)[3] == "Không có giải"


def test_provisional_then_final_publication(client, auth, app, edition, outbox):
    results = f"/organizer/editions/{edition['edition']}/results"
    auth.login(ORGANISER)
    too_early = auth.post(f"{results}/publish-provisional", follow_redirects=True)
    assert "Hãy chọn một lần xếp hạng làm kết quả tạm thời trước." in flashes(too_early)
    run_id = ranked(app, edition["edition"])
    marked = auth.post(f"/organizer/runs/{run_id}/provisional", follow_redirects=True)
    assert "Đã chọn lần xếp hạng này làm kết quả tạm thời." in flashes(marked)
    assert "Chọn làm kết quả tạm thời" not in marked.get_data(as_text=True)
    assert "Kết quả tạm thời" in client.get(results).get_data(as_text=True)

    published = auth.post(f"{results}/publish-provisional", follow_redirects=True)
    assert flashes(published) == [
        "Đã công bố phiên bản 1; đã gửi e-mail kết quả cho 0 người."]
    assert "Công bố kết quả chính thức" in published.get_data(as_text=True)
    with app.app_context():
        found = db.session.get(Edition, edition["edition"])
        assert found.phase == Phase.PROVISIONAL and found.provisional_published_at is not None
        entry = db.session.scalar(select(Entry).where(Entry.code == edition["codes"][2]))
        entry.contact_email = "lienhe@example.vn"
        objection = file_objection(entry=entry, actor=factories.make_user(),
                                   reason="Điểm tính mới chưa đúng với thuyết minh",
                                   now=clock.now())
        db.session.commit()
        objection_id = objection.id

    with app.app_context():
        ends_at = db.session.get(Edition, edition["edition"]).objection_ends_at
    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login(ORGANISER)  # 15 days on, the session has expired
        blocked = auth.post(f"{results}/publish-final", follow_redirects=True)
    assert ("Còn khiếu nại chưa trả lời: hãy trả lời mọi khiếu nại trước khi công bố kết quả "
            "chính thức.") in flashes(blocked)
    auth.login(ORGANISER)
    listing = client.get(f"/organizer/editions/{edition['edition']}/objections")
    assert "Điểm tính mới chưa đúng với thuyết minh" in listing.get_data(as_text=True)
    assert "Chưa trả lời" in text_of(listing.get_data(as_text=True))
    empty = auth.post(f"/organizer/objections/{objection_id}/answer", {"answer": ""},
                      follow_redirects=True)
    assert "Hãy nhập nội dung trả lời." in flashes(empty)
    answered = auth.post(f"/organizer/objections/{objection_id}/answer",
                         {"answer": "Hội đồng đã chấm lại, giữ nguyên kết quả."},
                         follow_redirects=True)
    assert "Hội đồng đã chấm lại, giữ nguyên kết quả." in answered.get_data(as_text=True)
    answer_mail = outbox.last()
    assert (answer_mail["To"], answer_mail["Subject"]) == (
        "lienhe@example.vn", f"Trả lời khiếu nại hồ sơ {edition['codes'][2]}")
    assert "Hội đồng đã chấm lại, giữ nguyên kết quả." in answer_mail.get_content()

    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login(ORGANISER)
        final = auth.post(f"{results}/publish-final", follow_redirects=True)
    assert "Đã công bố phiên bản 2; đã gửi e-mail kết quả cho 1 người." in flashes(final)
    with app.app_context():
        assert db.session.get(Edition, edition["edition"]).phase == Phase.FINAL
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert "Điều chỉnh giải" not in page and "Chọn làm kết quả tạm thời" not in page


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
        assert len(run_rows(page.get_data(as_text=True))) == size
        counts.append(counter.count)
    assert counts[0] == counts[1]


def every_page(app, edition_id: int) -> list[tuple[str, str]]:
    """(method, path) of every results and national page of an edition with data."""
    run_id = ranked(app, edition_id, provisional=True)
    with app.app_context():
        found = db.session.get(Edition, edition_id)
        found.objection_ends_at = clock.now() + timedelta(days=10)
        found.phase = Phase.PROVISIONAL
        run = db.session.get(RankingRun, run_id)
        entry = run.rows[0].entry
        objection = Objection(entry=entry, reason="Xin xem lại điểm của hồ sơ")
        db.session.add(objection)
        from contest.services.national import propose_national

        pick = propose_national(edition=found, actor=None)[0]
        db.session.commit()
        row_id, objection_id, pick_id = run.rows[0].id, objection.id, pick.id
    base = f"/organizer/editions/{edition_id}"
    return [
        ("GET", f"{base}/results"), ("POST", f"{base}/results/run"),
        ("GET", f"/organizer/runs/{run_id}"), ("POST", f"/organizer/runs/{run_id}/provisional"),
        ("POST", f"/organizer/ranking-rows/{row_id}/award"),
        ("GET", f"/organizer/runs/{run_id}/compare?other={run_id}"),
        ("POST", f"/organizer/runs/{run_id}/advance"),
        ("POST", f"{base}/results/publish-provisional"), ("POST", f"{base}/results/publish-final"),
        ("POST", f"{base}/results/publish-version"), ("POST", f"{base}/objections/close"),
        ("GET", f"{base}/objections"), ("POST", f"/organizer/objections/{objection_id}/answer"),
        ("GET", f"{base}/national"), ("POST", f"{base}/national/propose"),
        ("POST", f"{base}/national/add"), ("POST", f"/organizer/national-picks/{pick_id}/remove"),
        ("POST", f"{base}/national/lock"),
    ]


@pytest.mark.parametrize("email", [ENTRANT, JUDGE])
def test_entrants_and_judges_are_refused_everywhere(client, auth, app, edition, email):
    pages = every_page(app, edition["edition"])
    auth.login(email)
    for method, path in pages:
        if method == "GET":
            response = client.get(path)
        else:
            response = auth.post(path, {"reason": "x", "answer": "x", "method": "mean",
                                        "round": "1", "code": edition["codes"][0]})
        assert response.status_code == 403, (method, path)
    with app.app_context():
        assert db.session.scalar(select(AwardOverride.id)) is None
        assert db.session.get(Edition, edition["edition"]).phase == Phase.PROVISIONAL
