"""A province's locked national list arrives in the national edition it feeds: complete
dossiers with their files (sha256 intact), origins and national codes; quotas and fields."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Edition,
    Entry,
    EntryOrigin,
    EntryStatus,
    Field,
    Organisation,
    Phase,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
    User,
)
from contest.services import DomainError
from contest.services.assignments import assign_judges
from contest.services.attachments import attachment_key
from contest.services.file_storage import uploads
from contest.services.national import lock_national
from contest.services.national_feeds import replace_arrival, set_feed, withdraw_arrival
from contest.services.results import run_ranking
from contest.services.screening import screen_entry
from tests import factories
from tests.national.builders import fed_province


def lock(fed):
    edition = db.session.get(Edition, fed.dossier.edition_id)
    lock_national(edition=edition, actor=db.session.get(User, fed.province_organiser_id),
                  now=clock.now())


def national_entries(fed) -> list[Entry]:
    return db.session.scalars(select(Entry).where(
        Entry.edition_id == fed.national_edition_id).order_by(Entry.id)).all()


def test_the_locked_list_arrives_with_every_file_its_origin_and_a_national_code(ctx):
    fed = fed_province()
    lock(fed)
    db.session.commit()
    arrived = national_entries(fed)
    assert [e.code for e in arrived] == ["QG-2026-0001", "QG-2026-0002", "QG-2026-0003"]
    assert [e.title for e in arrived] == fed.dossier.titles
    assert [e.authors[0].full_name for e in arrived] == fed.dossier.authors
    assert {e.status for e in arrived} == {EntryStatus.SUBMITTED}
    assert {e.screening for e in arrived} == {Screening.PENDING}
    storage = uploads()
    for entry, code in zip(arrived, fed.dossier.codes, strict=True):
        recorded = fed.dossier.files[code]
        assert sorted(a.sha256 for a in entry.attachments) == sorted(recorded.values())
        for attachment in entry.attachments:
            key = attachment_key(attachment)
            assert key.startswith(f"{fed.national_edition_id}/")
            with storage.open(key) as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == attachment.sha256
            if attachment.is_image:
                assert storage.exists(attachment_key(attachment, thumbnail=True))
            else:
                assert attachment.thumbnail_name is None
        origin = db.session.scalar(select(EntryOrigin).where(EntryOrigin.entry_id == entry.id))
        assert (origin.origin_code, origin.province_id, origin.source) == (
            code, fed.province_id, "lock")
        assert origin.provincial_rank is not None and origin.score is not None
    origins = db.session.scalars(select(EntryOrigin).order_by(EntryOrigin.id)).all()
    assert [o.score for o in origins] == [Decimal("95.00"), Decimal("88.00"), Decimal("75.00")]
    assert [o.provincial_rank for o in origins] == [1, 2, 3]
    # the provincial entries' files are untouched and still theirs
    provincial = db.session.scalars(select(Entry).where(
        Entry.edition_id == fed.dossier.edition_id)).all()
    assert all(storage.exists(attachment_key(a)) for e in provincial for a in e.attachments)


def test_an_edition_that_feeds_nothing_locks_as_before(ctx):
    fed = fed_province(feed=False)
    lock(fed)
    assert national_entries(fed) == []
    assert db.session.get(Edition, fed.dossier.edition_id).national_locked_at is not None


def refused_lock(fed, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        lock(fed)
    assert str(refused.value) == message
    db.session.rollback()
    assert national_entries(fed) == []
    assert db.session.get(Edition, fed.dossier.edition_id).national_locked_at is None
    assert db.session.scalar(select(func.count(EntryOrigin.id))) == 0


def test_a_list_over_the_provinces_quota_is_refused_with_the_numbers(ctx):
    fed = fed_province(quota=2)
    before = set(uploads().keys())
    refused_lock(fed, "Vượt chỉ tiêu của Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long: "
                      "đã nhận 0 hồ sơ, gửi thêm 3, chỉ tiêu 2.")
    assert set(uploads().keys()) == before


def test_a_field_quota_is_kept(ctx):
    fed = fed_province()
    national = db.session.get(Edition, fed.national_edition_id)
    code = national.fields[0].code  # two of the three entries are in the first field
    set_feed(national_edition=national, province=db.session.get(Organisation, fed.province_id),
             provincial_edition=db.session.get(Edition, fed.dossier.edition_id), quota=10,
             field_quotas={code: 1}, actor=None)
    db.session.commit()
    refused_lock(fed, f"Vượt chỉ tiêu lĩnh vực {code} của Liên hiệp các Hội Khoa học và Kỹ "
                      "thuật tỉnh Vĩnh Long: đã nhận 0, gửi thêm 2, chỉ tiêu 1.")


def test_an_entry_whose_field_the_national_edition_lacks_refuses_the_lock_naming_it(ctx):
    fed = fed_province()
    second = db.session.scalars(select(Entry).where(Entry.edition_id == fed.dossier.edition_id)
                                .order_by(Entry.id)).all()[2]
    missing = second.field.code
    national = db.session.get(Edition, fed.national_edition_id)
    db.session.delete(next(f for f in national.fields if f.code == missing))
    db.session.commit()
    title = db.session.get(Edition, fed.national_edition_id).title
    refused_lock(fed, f"Hồ sơ {second.code} (“{second.title}”) thuộc lĩnh vực “{missing}”, mà "
                      f"{title} không có lĩnh vực này.")


def test_a_file_changed_on_disk_refuses_the_whole_list(ctx):
    fed = fed_province()
    entry = db.session.scalars(select(Entry).where(Entry.edition_id == fed.dossier.edition_id)
                               .order_by(Entry.id)).all()[1]
    attachment = entry.attachments[0]
    path = uploads().path(attachment_key(attachment))
    path.write_bytes(path.read_bytes() + b"x")
    refused_lock(fed, f"Tệp “{attachment.original_name}” của hồ sơ {entry.code} không khớp mã "
                      "sha256 đã ghi; không nhận hồ sơ nào.")
    national_keys = [k for k in uploads().keys() if k.startswith(f"{fed.national_edition_id}/")]  # noqa: SIM118
    assert national_keys == []


def arrived_origin(fed, index: int = 0) -> EntryOrigin:
    return db.session.scalars(select(EntryOrigin).order_by(EntryOrigin.id)).all()[index]


def test_the_province_withdraws_an_arrival_with_a_reason_until_the_deadline(ctx):
    fed = fed_province()
    lock(fed)
    origin = arrived_origin(fed)
    actor = db.session.get(User, fed.province_organiser_id)
    with pytest.raises(DomainError, match="Hãy ghi lý do."):
        withdraw_arrival(origin=origin, reason="  ", actor=actor, now=clock.now())
    withdraw_arrival(origin=origin, reason="Tác giả xin rút", actor=actor, now=clock.now())
    assert origin.entry.status == EntryStatus.WITHDRAWN
    assert origin.withdrawn_reason == "Tác giả xin rút"
    late = clock.now() + timedelta(days=31)
    with pytest.raises(DomainError, match="Đã quá hạn nộp hồ sơ"):
        withdraw_arrival(origin=arrived_origin(fed, 1), reason="Muộn", actor=actor, now=late)
    assert arrived_origin(fed, 1).entry.status == EntryStatus.SUBMITTED


def test_the_province_replaces_an_arrival_by_another_entry_of_its_edition(ctx):
    fed = fed_province(quota=3)
    lock(fed)
    provincial = db.session.get(Edition, fed.dossier.edition_id)
    other = factories.make_eligible_entry(provincial, provincial.fields[0],
                                          title="Giải pháp thay thế")
    actor = db.session.get(User, fed.province_organiser_id)
    origin = arrived_origin(fed)
    new = replace_arrival(origin=origin, replacement=other, reason="Hồ sơ đầu thiếu ảnh",
                          actor=actor, now=clock.now())
    assert new.title == "Giải pháp thay thế" and new.code == "QG-2026-0004"
    assert origin.entry.status == EntryStatus.WITHDRAWN
    assert origin.replaced_by_id == arrived_origin(fed, 3).id
    with pytest.raises(DomainError, match="Đã quá hạn nộp hồ sơ"):
        replace_arrival(origin=arrived_origin(fed, 1), replacement=other, reason="Muộn",
                        actor=actor, now=clock.now() + timedelta(days=31))


def test_arrived_entries_are_screened_assigned_and_ranked_as_any_other(ctx):
    fed = fed_province()
    lock(fed)
    national = db.session.get(Edition, fed.national_edition_id)
    actor = db.session.get(User, fed.national_organiser_id)
    arrived = national_entries(fed)
    for entry in arrived:
        assert screen_entry(entry=entry, actor=actor, eligible=True, reason=None,
                            now=clock.now())
    national.phase = Phase.JUDGING
    national.judges_per_entry = 2
    fields = db.session.scalars(select(Field).where(Field.edition_id == national.id)).all()
    judges = [factories.make_judge(national, fields) for _ in range(2)]
    plan = assign_judges(edition=national, round_number=1, seed=7, actor=actor)
    assert len(plan.pairs) == 6
    for number, entry in enumerate(arrived):
        for assignment in entry_assignments(entry):
            add_final_sheet(assignment, 80 - number)
    run = run_ranking(edition=national, round_number=1, method="mean", actor=actor)
    assert [row.entry.code for row in run.rows] == [e.code for e in arrived]
    assert [row.score for row in run.rows] == [Decimal("80.00"), Decimal("79.00"),
                                              Decimal("78.00")]
    assert len(judges) == 2


def entry_assignments(entry):
    return db.session.scalars(select(Assignment).where(Assignment.entry_id == entry.id)).all()


def add_final_sheet(assignment, total):
    criteria = assignment.entry.edition.criteria
    assignment.sheet = ScoreSheet(
        status=SheetStatus.FINAL, finalised_at=clock.now(),
        scores=[Score(criterion_id=c.id, value=v)
                for c, v in zip(criteria, factories.split_total(total, criteria), strict=True)])
    db.session.flush()
