"""A ranked edition of any size written with bulk INSERTs (the 1,000-entry statement counts)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import insert

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    EntryStatus,
    Phase,
    RankingRow,
    RankingRun,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
)
from tests import factories

JUDGES = 3


def ranked_edition(size: int) -> tuple[int, int]:
    """A judging edition of `size` entries, each with a finished sheet from each of three
    judges, and a ranking run of them chosen as the provisional results: (edition id, run id)."""
    edition = factories.make_edition(phase=Phase.JUDGING)
    judges = [factories.make_judge(edition, edition.fields, full_name=f"Giám khảo {n}")
              for n in range(1, JUDGES + 1)]
    fields = edition.fields
    now = clock.now()
    entry_ids = factories.insert_entries(
        edition, [{"title": f"Giải pháp {n}", "field_id": fields[n % len(fields)].id,
                   "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
                   "submitted_at": now} for n in range(size)],
        [[{"full_name": f"Tác giả {n}"}] for n in range(size)])
    assignment_ids = list(db.session.scalars(
        insert(Assignment).returning(Assignment.id, sort_by_parameter_order=True),
        [{"entry_id": e, "judge_id": j.id, "round": 1} for e in entry_ids for j in judges]))
    sheet_ids = list(db.session.scalars(
        insert(ScoreSheet).returning(ScoreSheet.id, sort_by_parameter_order=True),
        [{"assignment_id": a, "status": SheetStatus.FINAL, "finalised_at": now}
         for a in assignment_ids]))
    criteria = edition.criteria
    db.session.execute(insert(Score), [
        {"sheet_id": s, "criterion_id": c.id, "value": c.max_score / 2}
        for s in sheet_ids for c in criteria])
    run = RankingRun(edition_id=edition.id, method="mean", settings={}, input_sha256="0" * 64)
    db.session.add(run)
    db.session.flush()
    tiers = [t.code for t in edition.award_tiers]
    db.session.execute(insert(RankingRow), [
        {"run_id": run.id, "entry_id": e, "position": n + 1, "rank": n + 1,
         "score": Decimal(90) - Decimal(n) / 100, "judges": JUDGES, "spread": Decimal(0),
         "stdev": Decimal(0), "flags": "", "award": tiers[n % len(tiers)] if n % 3 else None,
         "criterion_means": {}}
        for n, e in enumerate(entry_ids)])
    edition.provisional_run_id = run.id
    db.session.commit()
    return edition.id, run.id
