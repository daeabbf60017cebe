"""Which provinces feed a national edition and their quotas; a province withdrawing or
replacing an arrived entry until the national deadline, with a reason (audited)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    LOCK_SOURCE,
    Edition,
    Entry,
    EntryOrigin,
    EntryStatus,
    NationalFeed,
    Organisation,
    OrganisationKind,
    User,
)
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.national_incoming import incoming_from_entry, provincial_results
from contest.services.national_intake import feed_of, receive_entries


def is_national(edition: Edition) -> bool:
    return edition.contest.organisation.kind == OrganisationKind.NATIONAL


def set_feed(*, national_edition: Edition, province: Organisation,
             provincial_edition: Edition | None, quota: int, field_quotas: dict[str, int],
             actor: User | None) -> NationalFeed:
    """Add or change a province's feed of a national edition (audited)."""
    if not is_national(national_edition):
        raise DomainError(_l("Chỉ lần tổ chức của cơ quan toàn quốc mới nhận hồ sơ từ các tỉnh."))
    if province.kind != OrganisationKind.PROVINCIAL or province.parent_id != \
            national_edition.contest.organisation_id:
        raise DomainError(_l("%(province)s không trực thuộc %(national)s.", province=province.name,
                             national=national_edition.contest.organisation.name))
    if provincial_edition is not None and (
            provincial_edition.contest.organisation_id != province.id
            or provincial_edition.contest.kind != national_edition.contest.kind):
        raise DomainError(_l("Lần tổ chức đã chọn không phải của %(province)s hoặc khác cuộc "
                             "thi.", province=province.name))
    codes = {f.code for f in national_edition.fields}
    unknown = sorted(set(field_quotas) - codes)
    if unknown:
        raise DomainError(_l("Lĩnh vực không có trong lần tổ chức: %(codes)s.",
                             codes=", ".join(unknown)))
    if quota < 0 or any(v < 0 for v in field_quotas.values()):
        raise DomainError(_l("Chỉ tiêu không được âm."))
    feed = feed_of(national_edition, province)
    before = None if feed is None else {"quota": feed.quota, "field_quotas": feed.field_quotas,
                                        "provincial_edition_id": feed.provincial_edition_id}
    if feed is None:
        feed = NationalFeed(national_edition=national_edition, province=province)
        db.session.add(feed)
    feed.provincial_edition = provincial_edition
    feed.quota, feed.field_quotas = quota, dict(field_quotas)
    db.session.flush()
    record_event(actor=actor, action="national.feed", target=national_edition, before=before,
                 after={"province": province.code, "quota": quota, "field_quotas": field_quotas,
                        "provincial_edition_id": feed.provincial_edition_id})
    return feed


def _open_for_changes(origin: EntryOrigin, reason: str, now: datetime) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do."))
    if origin.withdrawn_at is not None:
        raise DomainError(_l("Hồ sơ %(code)s đã được rút.", code=origin.origin_code))
    edition = db.session.get(Edition, origin.national_edition_id)
    deadline = edition.submission_deadline_at
    if deadline is not None and now > deadline:
        raise DomainError(_l("Đã quá hạn nộp hồ sơ của %(edition)s; không rút hay thay hồ sơ "
                             "được nữa.", edition=edition.title))
    return reason


def withdraw_arrival(*, origin: EntryOrigin, reason: str, actor: User | None,
                     now: datetime) -> None:
    """The province takes an arrived entry back, until the national deadline."""
    reason = _open_for_changes(origin, reason, now)
    origin.withdrawn_at, origin.withdrawn_reason = now, reason
    origin.entry.status = EntryStatus.WITHDRAWN
    db.session.flush()
    record_event(actor=actor, action="national.withdraw", target=origin.entry,
                 before={"status": "submitted"},
                 after={"status": "withdrawn", "reason": reason, "origin": origin.origin_code})


def replace_arrival(*, origin: EntryOrigin, replacement: Entry, reason: str,
                    actor: User | None, now: datetime) -> Entry:
    """The province sends another entry of its edition in place of an arrived one."""
    reason = _open_for_changes(origin, reason, now)
    if origin.origin_entry_id is None:
        raise DomainError(_l("Hồ sơ này đến bằng gói hồ sơ; tỉnh gửi gói mới để thay."))
    provincial = db.session.get(Entry, origin.origin_entry_id).edition
    if replacement.edition_id != provincial.id or replacement.status != EntryStatus.SUBMITTED:
        raise DomainError(_l("Hồ sơ thay thế phải là hồ sơ đã nộp của %(edition)s.",
                             edition=provincial.title))
    national_edition = db.session.get(Edition, origin.national_edition_id)
    province = db.session.get(Organisation, origin.province_id)
    withdraw_arrival(origin=origin, reason=reason, actor=actor, now=now)
    incoming = incoming_from_entry(replacement, provincial, provincial_results(provincial))
    arrived = receive_entries(national_edition, province, [incoming], actor=actor,
                              source=LOCK_SOURCE, now=now)
    if not arrived:
        raise DomainError(_l("Hồ sơ %(code)s đã được gửi lên trước đó.", code=replacement.code))
    new_origin = db.session.scalar(select(EntryOrigin).where(
        EntryOrigin.entry_id == arrived[0].id))
    origin.replaced_by_id = new_origin.id
    db.session.flush()
    return arrived[0]

