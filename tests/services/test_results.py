"""Ranking runs: snapshots, input hash, comparing runs, award overrides, the final round."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Entry, Judge, Role, Score
from contest.services import DomainError
from contest.services.results import (
    award_overrides,
    collect,
    compare_runs,
    compute_ranking,
    final_award,
    input_hash,
    override_award,
    run_ranking,
)
from contest.services.rounds import advance_to_final_round
from tests import factories


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def organiser(ctx):
    return factories.make_user(Role.ORGANIZER)


def entries_of(edition) -> list[Entry]:
    return db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                              .order_by(Entry.id)).all()


def by_code(run) -> dict:
    return {row.entry.code: row for row in run.rows}


# Youth tiers: Nhất ≥ 90 (3), Nhì ≥ 80 (6), Ba ≥ 70 (8), KK ≥ 60 (22).
SHEETS = [(95, 93, 91), (88, 84, 80), (75, 72, 78), (62, 65, 61), (50, 55, 52)]


def test_snapshot_rows_are_the_computed_ranking(organiser):
    edition = factories.make_scored_edition(SHEETS + [(91, 90)])  # the last misses a sheet
    computed, digest, _settings = compute_ranking(edition, 1, "mean")
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    stored = [(r.entry_id, r.position, r.rank, r.score, r.judges, r.spread, r.stdev,
               tuple(filter(None, r.flags.split(";"))), r.award) for r in run.rows]
    expected = [(r.entry_id, position, r.rank, r.score, r.judges, r.spread, r.stdev, r.flags,
                 r.award) for position, r in enumerate(computed, start=1)]
    assert stored == expected
    assert run.input_sha256 == digest
    assert [r.award for r in run.rows] == ["nhat", None, "nhi", "ba", "kk", None]
    assert run.rows[1].flags == "missing-sheets"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ranking.run"))
    assert event.after["run"] == run.id and event.after["entries"] == 6


def test_input_hash_is_stable_and_follows_every_score(organiser):
    edition = factories.make_scored_edition(SHEETS)
    first = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    second = run_ranking(edition=edition, round_number=1, method="zscore", actor=organiser)
    assert first.input_sha256 == second.input_sha256
    _entries, sheets = collect(edition, 1)
    assert input_hash(list(reversed(sheets))) == first.input_sha256
    score = db.session.scalars(select(Score).order_by(Score.id)).first()
    score.value -= Decimal("0.5")
    db.session.flush()
    changed = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    assert changed.input_sha256 != first.input_sha256


def test_compare_runs_gives_the_reason_of_each_move(organiser):
    # A: one judge far below the others; the median ranks it above B, the mean below.
    edition = factories.make_scored_edition([(90, 90, 30), (75, 75, 75), (60, 60, 60)])
    mean = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    median = run_ranking(edition=edition, round_number=1, method="median", actor=organiser)
    a, b, _c = (e.code for e in entries_of(edition))
    assert compare_runs(mean, mean) == []
    moves = {m.code: m for m in compare_runs(mean, median)}
    assert sorted(moves) == [a, b]
    assert (moves[a].before.rank, moves[a].after.rank) == (2, 1)
    assert (moves[a].before.score, moves[a].after.score) == (Decimal(70), Decimal(90))
    assert (moves[a].before.award, moves[a].after.award) == ("ba", "nhat")
    assert moves[a].why == "Phương pháp khác: mean → median."
    assert moves[b].why == "Phương pháp khác: mean → median."

    score = db.session.scalars(select(Score).order_by(Score.id)).first()
    score.value -= 5  # entry A, first judge: 90 → 85
    db.session.flush()
    rescored = run_ranking(edition=edition, round_number=1, method="median", actor=organiser)
    moves = {m.code: m for m in compare_runs(median, rescored)}
    assert moves[a].why == "Điểm thay đổi vì phiếu chấm thay đổi: 90.00 → 85.00."


def test_compare_runs_explains_rank_moves_and_missing_entries(organiser):
    edition = factories.make_scored_edition([(80, 80, 80), (70, 70, 70)])
    before = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    newcomer = factories.make_eligible_entry(edition)
    panel = db.session.scalars(select(Judge).where(Judge.edition_id == edition.id)
                               .order_by(Judge.id)).all()
    factories.add_sheets(newcomer, panel, [95, 95, 95])
    after = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    moves = {m.code: m.why for m in compare_runs(before, after)}
    first, second = (e.code for e in entries_of(edition)[:2])
    assert moves == {
        first: "Thứ hạng đổi do các hồ sơ khác thay đổi.",
        second: "Thứ hạng đổi do các hồ sơ khác thay đổi.",
        newcomer.code: "Chỉ có trong một lần xếp hạng (phiếu chấm thay đổi).",
    }


def test_override_needs_a_valid_award_and_a_reason_and_is_audited(organiser):
    edition = factories.make_scored_edition(SHEETS)
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    row = run.rows[1]  # Giải Nhì by the ranking
    with pytest.raises(DomainError, match="Hãy ghi lý do điều chỉnh giải."):
        override_award(edition=edition, entry=row.entry, award="nhat", reason="  ",
                       actor=organiser)
    with pytest.raises(DomainError, match="Giải không hợp lệ."):
        override_award(edition=edition, entry=row.entry, award="vang", reason="Lý do",
                       actor=organiser)
    assert award_overrides(edition) == {}
    override_award(edition=edition, entry=row.entry, award="nhat",
                   reason="Hội đồng xét lại tính mới", actor=organiser)
    assert final_award(row, award_overrides(edition)) == "nhat"
    override_award(edition=edition, entry=row.entry, award=None,
                   reason="Phát hiện đã đạt giải cấp cao hơn", actor=organiser)
    assert final_award(row, award_overrides(edition)) is None
    assert len(award_overrides(edition)) == 1
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "award.override")
                                .order_by(AuditEvent.id)).all()
    assert [(e.object_id, e.before, e.after) for e in events] == [
        (row.entry_id, None, {"award": "nhat", "reason": "Hội đồng xét lại tính mới"}),
        (row.entry_id, {"award": "nhat", "reason": "Hội đồng xét lại tính mới"},
         {"award": None, "reason": "Phát hiện đã đạt giải cấp cao hơn"}),
    ]


def test_no_override_after_final_publication(organiser):
    edition = factories.make_scored_edition(SHEETS, final_published_at=clock.now())
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    with pytest.raises(DomainError, match="Kết quả chính thức đã công bố"):
        override_award(edition=edition, entry=run.rows[0].entry, award=None, reason="Lý do",
                       actor=organiser)


def advanced_codes(edition) -> list[str]:
    return sorted(e.code for e in entries_of(edition) if e.advanced)


def test_advance_by_threshold_skips_incomplete_entries(organiser):
    edition = factories.make_scored_edition(
        [(70, 70, 70), (60, 60, 60), (59, 60, 60), (90, 90)], rounds=2,
        final_round_threshold=Decimal(60))
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    a, b, _c, _incomplete = (e.code for e in entries_of(edition))
    assert advance_to_final_round(edition=edition, run=run, actor=organiser) == 2
    assert advanced_codes(edition) == [a, b]
    assert edition.current_round == 2


def test_advance_top_n_per_field_and_choosing_again_replaces(organiser):
    edition = factories.make_scored_edition(
        [(90,) * 3, (80,) * 3, (70,) * 3, (85,) * 3, (40,) * 3], fields=[0, 0, 0, 1, 1],
        rounds=2, final_round_top_n=2)
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    codes = [e.code for e in entries_of(edition)]
    assert advance_to_final_round(edition=edition, run=run, actor=organiser) == 4
    assert advanced_codes(edition) == sorted([codes[0], codes[1], codes[3], codes[4]])
    edition.final_round_top_n = 1
    assert advance_to_final_round(edition=edition, run=run, actor=organiser) == 2
    assert advanced_codes(edition) == sorted([codes[0], codes[3]])


def test_advance_needs_two_rounds_and_a_preliminary_run(organiser):
    one_round = factories.make_scored_edition(SHEETS)
    run = run_ranking(edition=one_round, round_number=1, method="mean", actor=organiser)
    with pytest.raises(DomainError, match="chỉ có một vòng chấm"):
        advance_to_final_round(edition=one_round, run=run, actor=organiser)
    two_rounds = factories.make_scored_edition(SHEETS, rounds=2, round=2)
    final_run = run_ranking(edition=two_rounds, round_number=2, method="mean", actor=organiser)
    assert len(final_run.rows) == len(SHEETS)
    with pytest.raises(DomainError, match="vòng sơ khảo"):
        advance_to_final_round(edition=two_rounds, run=final_run, actor=organiser)
