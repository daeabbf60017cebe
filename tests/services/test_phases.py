"""Phase transitions: the allowed chain, the date guards, and what --force may skip."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Phase, RankingRun
from contest.services import DomainError
from contest.services.phases import TRANSITIONS, set_phase
from tests import factories

DEADLINE = datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 on 31/3 in Việt Nam
ONE_SECOND = timedelta(seconds=1)
ALLOWED = [(before, after) for before, targets in TRANSITIONS.items() for after in targets]


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def edition_in(phase: Phase, **settings):
    dates = {"registration_opens_at": DEADLINE - timedelta(days=60),
             "submission_deadline_at": DEADLINE,
             "judging_starts_at": DEADLINE + timedelta(days=10)}
    return factories.make_edition(phase=phase, **(dates | settings))


def chosen_run(edition):
    """A stored (empty) ranking run, as results need one before they can be published."""
    run = RankingRun(edition_id=edition.id, method="mean", settings={}, input_sha256="0" * 64)
    db.session.add(run)
    db.session.flush()
    return run


def test_results_need_a_chosen_ranking_even_with_force(ctx):
    edition = edition_in(Phase.JUDGING)
    with pytest.raises(DomainError, match="chưa chọn lần xếp hạng làm kết quả"):
        set_phase(edition=edition, phase=Phase.PROVISIONAL, actor=None, now=DEADLINE,
                  force=True)
    edition.provisional_run_id = chosen_run(edition).id
    set_phase(edition=edition, phase=Phase.PROVISIONAL, actor=None, now=DEADLINE)
    assert (edition.phase, edition.provisional_published_at) == (Phase.PROVISIONAL, DEADLINE)


def test_the_chain_is_strict_with_one_way_back():
    assert ALLOWED == [
        (Phase.DRAFT, Phase.OPEN), (Phase.OPEN, Phase.CLOSED), (Phase.CLOSED, Phase.SCREENING),
        (Phase.CLOSED, Phase.OPEN), (Phase.SCREENING, Phase.JUDGING),
        (Phase.JUDGING, Phase.PROVISIONAL), (Phase.PROVISIONAL, Phase.FINAL)]


@pytest.mark.parametrize("before, after", ALLOWED)
def test_every_allowed_transition_is_made_and_audited(ctx, before, after):
    edition = edition_in(before)
    actor = factories.make_user()
    if after in (Phase.PROVISIONAL, Phase.FINAL):
        edition.provisional_run_id = chosen_run(edition).id
    # Opening needs the deadline ahead; closing needs it passed.
    now = DEADLINE - timedelta(days=1) if after == Phase.OPEN else DEADLINE + ONE_SECOND
    set_phase(edition=edition, phase=after, actor=actor, now=now)
    assert edition.phase == after
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "edition.phase", AuditEvent.object_id == edition.id)).one()
    assert (event.actor_id, event.before, event.after) == (
        actor.id, {"phase": before.value}, {"phase": after.value, "force": False})


@pytest.mark.parametrize("before, after, names", [
    (Phase.DRAFT, Phase.CLOSED, ("Bản nháp", "Đã hết hạn nộp")),
    (Phase.OPEN, Phase.DRAFT, ("Đang nhận hồ sơ", "Bản nháp")),
    (Phase.OPEN, Phase.SCREENING, ("Đang nhận hồ sơ", "Đang thẩm định")),
    (Phase.SCREENING, Phase.CLOSED, ("Đang thẩm định", "Đã hết hạn nộp")),
    (Phase.JUDGING, Phase.OPEN, ("Đang chấm", "Đang nhận hồ sơ")),
    (Phase.JUDGING, Phase.FINAL, ("Đang chấm", "Đã công bố kết quả")),
    (Phase.FINAL, Phase.PROVISIONAL, ("Đã công bố kết quả", "Kết quả tạm thời")),
    (Phase.OPEN, Phase.OPEN, ("Đang nhận hồ sơ", "Đang nhận hồ sơ")),
])
@pytest.mark.parametrize("force", [False, True])
def test_other_transitions_are_refused_even_with_force(ctx, before, after, names, force):
    edition = edition_in(before)
    with pytest.raises(DomainError) as refused:
        set_phase(edition=edition, phase=after, actor=None, now=DEADLINE + ONE_SECOND,
                  force=force)
    current, wanted = names
    assert str(refused.value) == f"Không thể chuyển từ giai đoạn “{current}” sang “{wanted}”."
    assert edition.phase == before
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.phase")) \
        is None


def test_closing_waits_for_the_deadline_on_a_frozen_clock(ctx):
    edition = edition_in(Phase.OPEN)
    with time_machine.travel(DEADLINE - ONE_SECOND, tick=False):
        with pytest.raises(DomainError) as early:
            set_phase(edition=edition, phase=Phase.CLOSED, actor=None, now=clock.now())
        assert str(early.value) == (
            "Chưa thể chuyển sang giai đoạn “Đã hết hạn nộp”: chưa đến hạn nộp hồ sơ.")
        assert edition.phase == Phase.OPEN
    with time_machine.travel(DEADLINE + ONE_SECOND, tick=False):
        set_phase(edition=edition, phase=Phase.CLOSED, actor=None, now=clock.now())
    assert edition.phase == Phase.CLOSED


def test_opening_needs_dates_and_a_deadline_ahead(ctx):
    edition = edition_in(Phase.DRAFT, submission_deadline_at=None)
    with pytest.raises(DomainError, match="hãy đặt ngày mở đăng ký và hạn nộp hồ sơ"):
        set_phase(edition=edition, phase=Phase.OPEN, actor=None, now=DEADLINE - ONE_SECOND)
    edition.submission_deadline_at = DEADLINE
    with time_machine.travel(DEADLINE + ONE_SECOND, tick=False), \
            pytest.raises(DomainError, match="hạn nộp hồ sơ đã qua"):
        set_phase(edition=edition, phase=Phase.OPEN, actor=None, now=clock.now())
    with time_machine.travel(DEADLINE - ONE_SECOND, tick=False):
        set_phase(edition=edition, phase=Phase.OPEN, actor=None, now=clock.now())
    assert edition.phase == Phase.OPEN


def test_reopening_after_the_deadline_needs_an_extension(ctx):
    edition = edition_in(Phase.CLOSED)
    after_deadline = DEADLINE + timedelta(hours=2)
    with pytest.raises(DomainError, match="hãy gia hạn"):
        set_phase(edition=edition, phase=Phase.OPEN, actor=None, now=after_deadline)
    edition.submission_deadline_at = DEADLINE + timedelta(days=7)
    set_phase(edition=edition, phase=Phase.OPEN, actor=None, now=after_deadline)
    assert edition.phase == Phase.OPEN


def test_force_skips_the_dates_but_not_the_order(ctx):
    edition = edition_in(Phase.OPEN)
    set_phase(edition=edition, phase=Phase.CLOSED, actor=None, now=DEADLINE - timedelta(days=3),
              force=True)
    assert edition.phase == Phase.CLOSED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.phase"))
    assert event.after == {"phase": "closed", "force": True}
    with pytest.raises(DomainError, match="Không thể chuyển"):
        set_phase(edition=edition, phase=Phase.JUDGING, actor=None, now=DEADLINE, force=True)


def test_judging_needs_its_start_date_fields_and_criteria(ctx):
    edition = edition_in(Phase.SCREENING, judging_starts_at=None)
    with pytest.raises(DomainError, match="hãy đặt ngày bắt đầu chấm"):
        set_phase(edition=edition, phase=Phase.JUDGING, actor=None, now=DEADLINE)
    edition.criteria = []
    with pytest.raises(DomainError, match="tổng điểm tối đa của các tiêu chí phải lớn hơn 0"):
        set_phase(edition=edition, phase=Phase.JUDGING, actor=None, now=DEADLINE, force=True)
    edition.fields = []
    with pytest.raises(DomainError, match="chưa có lĩnh vực nào"):
        set_phase(edition=edition, phase=Phase.JUDGING, actor=None, now=DEADLINE, force=True)
    assert edition.phase == Phase.SCREENING
