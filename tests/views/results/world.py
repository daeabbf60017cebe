"""Scored youth editions and the page readers the organiser results tests share."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Edition, Entry, Objection, Phase, RankingRun
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.pages import text_of

ORGANISER, ENTRANT, JUDGE = "btc@example.vn", "thisinh@example.vn", "giamkhao@example.vn"


# Youth tiers: Nhất ≥ 90 (3), Nhì ≥ 80 (6), Ba ≥ 70 (8), KK ≥ 60 (22).
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80), (62, 65, 61)]


def run_rows(html: str) -> list[tuple[int, str, str, str]]:
    """(row id, rank, entry code, award shown) for each row of a run page, in page order."""
    rows = []
    for row_id, body in re.findall(r'<tr id="row-(\d+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        award = re.search(r'<span class="award">(.*?)</span>', body).group(1)
        rows.append((int(row_id), text_of(cells[0]), text_of(cells[2]), award))
    return rows


def scored(app, sheets=SHEETS, **settings) -> dict:
    with app.app_context():
        edition = factories.make_scored_edition(sheets, **settings)
        entries = db.session.scalars(select(Entry).where(
            Entry.edition_id == edition.id).order_by(Entry.id)).all()
        db.session.commit()
        return {"edition": edition.id, "codes": [e.code for e in entries],
                "titles": [e.title for e in entries]}


def ranked(app, edition_id: int, method: str = "mean", provisional: bool = False) -> int:
    with app.app_context():
        found = db.session.get(Edition, edition_id)
        run = run_ranking(edition=found, round_number=1, method=method, actor=None)
        if provisional:
            mark_provisional(edition=found, run=run, actor=None)
        db.session.commit()
        return run.id


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
