"""The run-ranking POST and every page of a run page take as many statements at 1,000
entries as at 10; the run stores its judge diagnostics and tells a stale run cheaply."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import insert, select, update

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Edition,
    EntryStatus,
    Phase,
    RankingRun,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
)
from contest.ranking import field_ranks
from tests import factories
from tests.querycount import count_queries
from tests.views.results.world import ORGANISER, ranked, run_rows


def bulk_scored(app, size: int) -> int:
    """A judging edition with `size` eligible entries over its fields, three judges each with
    a finished sheet on every entry, written with bulk inserts; its id."""
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING)
        fields, criteria = edition.fields, edition.criteria
        judges = [factories.make_judge(edition, fields, full_name=f"Giám khảo {n}")
                  for n in (1, 2, 3)]
        ids = factories.insert_entries(edition, [
            {"field_id": fields[n % len(fields)].id, "title": f"Giải pháp {n}",
             "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
             "submitted_at": clock.now()} for n in range(size)],
            [[{"full_name": f"Tác giả {n}"}] for n in range(size)])
        assignments = list(db.session.scalars(
            insert(Assignment).returning(Assignment.id, sort_by_parameter_order=True),
            [{"entry_id": e, "judge_id": j.id, "round": 1} for e in ids for j in judges]))
        sheets = list(db.session.scalars(
            insert(ScoreSheet).returning(ScoreSheet.id, sort_by_parameter_order=True),
            [{"assignment_id": a, "status": SheetStatus.FINAL, "finalised_at": clock.now()}
             for a in assignments]))
        db.session.execute(insert(Score), [
            {"sheet_id": s, "criterion_id": c.id,
             "value": min(c.max_score, Decimal((n * 7 + k * 3) % 19 + i))}
            for n, s in enumerate(sheets) for i, c in enumerate(criteria)
            for k in [n % 3]])
        db.session.commit()
        return edition.id


def test_run_ranking_and_each_run_page_take_fixed_statements(client, auth, app, people):
    posts, pages = [], []
    for size in (10, 1000):
        edition_id = bulk_scored(app, size)
        if not posts:
            auth.login(ORGANISER)
        with count_queries(app) as counter:
            response = auth.post(f"/organizer/editions/{edition_id}/results/run",
                                 {"method": "zscore", "round": "1"})
        assert response.status_code == 302
        posts.append(counter.count)
        location = response.headers["Location"]
        run_id = int(re.fullmatch(r"/organizer/runs/(\d+)", location).group(1))
        with app.app_context():
            run = db.session.get(RankingRun, run_id)
            assert len(run.rows) == size
            assert [r.position for r in run.rows] == list(range(1, size + 1))
            field = db.session.get(Edition, edition_id).fields[1].id
        counts, seen = [], []
        for query in ("", "?page=2", "?page=10", "?page=11", f"?field={field}",
                      f"?field={field}&page=2", f"?field={field}&page=3"):
            with count_queries(app) as counter:
                page = client.get(location + query)
            assert page.status_code == 200
            counts.append(counter.count)
            seen.append(len(run_rows(page.get_data(as_text=True))))
        pages.append(counts)
        if size == 1000:
            # 100 a page; the field filter keeps one of the five youth fields (200 entries)
            assert seen == [100, 100, 100, 0, 100, 100, 0]
            with app.app_context():
                rows = db.session.get(RankingRun, run_id).rows
                expected = field_ranks((r.entry_id, r.entry.field_id, r.rank) for r in rows)
                by_row = {r.id: expected[r.entry_id] for r in rows}
            shown = {}
            for number in range(1, 11):
                html = client.get(f"{location}?page={number}").get_data(as_text=True)
                for row_id, body in re.findall(r'<tr id="row-(\d+)">(.*?)</tr>', html, re.S):
                    shown[int(row_id)] = int(re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)[1])
            assert shown == by_row
    assert posts[0] == posts[1]
    assert pages[0] == pages[1]


def test_the_run_keeps_its_diagnostics_and_tells_when_sheets_change(client, auth, app, people):
    edition_id = bulk_scored(app, 10)
    run_id = ranked(app, edition_id)
    auth.login(ORGANISER)
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert "Phiếu chấm đã thay đổi" not in page
    with app.app_context():
        run = db.session.get(RankingRun, run_id)
        assert [d["judge_id"] for d in run.diagnostics] == sorted(
            d["judge_id"] for d in run.diagnostics)
        assert [d["sheets"] for d in run.diagnostics] == [10, 10, 10]
        kept = run.diagnostics
        sheet = db.session.scalar(select(ScoreSheet.id).order_by(ScoreSheet.id).limit(1))
        db.session.execute(update(Score).where(Score.sheet_id == sheet).values(value=Decimal(1)))
        db.session.commit()
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert ("Phiếu chấm đã thay đổi sau lần xếp hạng này: bảng xếp hạng và phần chẩn đoán "
            "giám khảo dưới đây giữ nguyên như lúc chạy.") in page
    with app.app_context():
        assert db.session.get(RankingRun, run_id).diagnostics == kept


def test_a_run_made_before_0006_shows_the_current_diagnostics(client, auth, app, people):
    edition_id = bulk_scored(app, 10)
    run_id = ranked(app, edition_id)
    with app.app_context():
        db.session.execute(update(RankingRun).where(RankingRun.id == run_id)
                           .values(diagnostics=None, input_check=None))
        db.session.commit()
    auth.login(ORGANISER)
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert "Phiếu chấm đã thay đổi" not in page
    assert all(f"Giám khảo {n}" in page for n in (1, 2, 3))
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet.id).order_by(ScoreSheet.id).limit(1))
        db.session.execute(update(Score).where(Score.sheet_id == sheet).values(value=Decimal(1)))
        db.session.commit()
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert "còn phần chẩn đoán giám khảo tính trên phiếu hiện tại" in page
