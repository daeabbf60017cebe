"""The arrival of a province's selection in a national edition: one service for both paths
(a province's lock on this deployment, a signed package from another), all or nothing."""
from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    LOCK_SOURCE,
    Attachment,
    AttachmentKind,
    Author,
    Edition,
    EntrantType,
    Entry,
    EntryOrigin,
    EntryStatus,
    Gender,
    NationalFeed,
    Organisation,
    Screening,
    UnitKind,
    User,
)
from contest.services import DomainError
from contest.services.attachments import NEW_FILES
from contest.services.audit import record_event
from contest.services.file_storage import LocalStorage, uploads
from contest.services.national_incoming import (
    DOSSIER_COLUMNS,
    IncomingEntry,
    IncomingFile,
    incoming_from_list,
)
from contest.services.stored_files import write_thumbnail
from contest.services.submission import next_entry_code
from contest.services.units import find_or_create_unit

CHUNK = 1024 * 1024
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
              "image/webp": ".webp"}


def feed_of(national_edition: Edition, province: Organisation) -> NationalFeed | None:
    return db.session.scalar(select(NationalFeed).where(
        NationalFeed.national_edition_id == national_edition.id,
        NationalFeed.province_id == province.id))


def arrived_codes(national_edition: Edition, province: Organisation) -> set[str]:
    """The provincial codes that already arrived (withdrawn ones too: they stay withdrawn)."""
    return set(db.session.scalars(select(EntryOrigin.origin_code).where(
        EntryOrigin.national_edition_id == national_edition.id,
        EntryOrigin.province_id == province.id)))


def active_counts(national_edition: Edition, province: Organisation) -> Counter:
    """The province's arrived, not withdrawn entries per field code (key None: all of them)."""
    rows = db.session.execute(
        select(Entry.field_id, func.count()).join(EntryOrigin, EntryOrigin.entry_id == Entry.id)
        .where(EntryOrigin.national_edition_id == national_edition.id,
               EntryOrigin.province_id == province.id, EntryOrigin.withdrawn_at.is_(None))
        .group_by(Entry.field_id)).all()
    codes = {f.id: f.code for f in national_edition.fields}
    counts: Counter = Counter()
    for field_id, count in rows:
        counts[codes.get(field_id)] += count
        counts[None] += count
    return counts


def check_quota(feed: NationalFeed, national_edition: Edition, province: Organisation,
                field_codes: list[str]) -> None:
    """Refuse, with the numbers, a set of new arrivals that would pass the province's quota."""
    counts = active_counts(national_edition, province)
    if counts[None] + len(field_codes) > feed.quota:
        raise DomainError(_l(
            "Vượt chỉ tiêu của %(province)s: đã nhận %(have)s hồ sơ, gửi thêm %(new)s, chỉ "
            "tiêu %(quota)s.", province=province.name, have=counts[None], new=len(field_codes),
            quota=feed.quota))
    for code, new in Counter(field_codes).items():
        limit = (feed.field_quotas or {}).get(code)
        if limit is not None and counts[code] + new > int(limit):
            raise DomainError(_l(
                "Vượt chỉ tiêu lĩnh vực %(field)s của %(province)s: đã nhận %(have)s, gửi thêm "
                "%(new)s, chỉ tiêu %(quota)s.", field=code, province=province.name,
                have=counts[code], new=new, quota=limit))


def receive_entries(national_edition: Edition, province: Organisation,
                    incoming: list[IncomingEntry], *, actor: User | None, source: str,
                    now: datetime) -> list[Entry]:
    """Make each incoming entry a submitted entry of the national edition with its dossier,
    copied files (sha256 checked), origin and national code. Entries whose provincial code
    already arrived are skipped (the same list twice changes nothing). Refuses everything on
    an unknown field, a file that does not match its hash, or a quota overrun."""
    feed = feed_of(national_edition, province)
    if feed is None:
        raise DomainError(_l("%(province)s không gửi hồ sơ vào %(edition)s.",
                             province=province.name, edition=national_edition.title))
    seen = arrived_codes(national_edition, province)
    new = [item for item in incoming if item.origin.code not in seen]
    fields = {f.code: f for f in national_edition.fields}
    for item in new:
        if item.field_code not in fields:
            raise DomainError(_l(
                "Hồ sơ %(code)s (“%(title)s”) thuộc lĩnh vực “%(field)s”, mà %(edition)s không "
                "có lĩnh vực này.", code=item.origin.code, title=item.title,
                field=item.field_code or "—", edition=national_edition.title))
    check_quota(feed, national_edition, province, [item.field_code for item in new])
    storage = uploads()
    entries = []
    for item in new:
        entry = _entry(national_edition, fields[item.field_code], item, now)
        for incoming_file in item.files:
            _copy_file(storage, entry, incoming_file, item.origin.code)
        db.session.flush()
        origin = EntryOrigin(
            entry_id=entry.id, national_edition_id=national_edition.id,
            province_id=province.id, edition_label=item.origin.edition_label[:300],
            origin_entry_id=item.origin.entry_id, origin_code=item.origin.code,
            provincial_rank=item.origin.provincial_rank, score=item.origin.score,
            award=item.origin.award, source=source, received_at=now)
        db.session.add(origin)
        record_event(actor=actor, action="national.receive", target=entry, after={
            "code": entry.code, "province": province.code, "origin_code": item.origin.code,
            "source": source, "files": len(item.files)})
        entries.append(entry)
    db.session.flush()
    return entries


def _entry(edition: Edition, field, item: IncomingEntry, now: datetime) -> Entry:
    entrant_type = EntrantType(item.entrant_type) if item.entrant_type in set(EntrantType) \
        else EntrantType.PERSON
    entry = Entry(edition=edition, field=field, title=item.title[:300], owner=None,
                  entrant_type=entrant_type, status=EntryStatus.SUBMITTED,
                  screening=Screening.PENDING, submitted_at=now, on_paper=True)
    listed = edition.contest.organisation_id  # its units go on the national body's list
    for name in DOSSIER_COLUMNS:
        if name in item.form:
            setattr(entry, name, item.form[name])
    if item.unit and entrant_type == EntrantType.ORGANISATION:
        entry.organisation = find_or_create_unit(item.unit, UnitKind.ORGANISATION,
                                                 organisation_id=listed)
    if item.teacher_unit:
        entry.teacher_unit = find_or_create_unit(item.teacher_unit, UnitKind.SCHOOL,
                                                 organisation_id=listed)
    entry.authors = [Author(
        position=position, full_name=a.full_name, birth_date=a.birth_date,
        gender=Gender(a.gender) if a.gender in set(Gender) else None,
        unit=find_or_create_unit(a.unit, UnitKind.SCHOOL, organisation_id=listed) if a.unit
        else None,
        class_or_position=a.class_or_position, phone=a.phone, email=a.email)
        for position, a in enumerate(item.authors, start=1)]
    entry.code = next_entry_code(edition)
    db.session.add(entry)
    entry.refresh_search_text()
    return entry


def _copy_file(storage: LocalStorage, entry: Entry, incoming: IncomingFile, code: str) -> None:
    """Copy one file into the uploads under a new name, refusing it unless its bytes have the
    size and sha256 recorded for it."""
    extension = EXTENSIONS.get(incoming.content_type)
    if extension is None or incoming.kind not in set(AttachmentKind):
        raise DomainError(_l("Tệp “%(name)s” của hồ sơ %(code)s không phải loại tệp được nhận.",
                             name=incoming.name, code=code))
    token = secrets.token_hex(16)
    folder = str(entry.edition.id)  # the entry is not flushed yet: no edition_id
    key = f"{folder}/{token}{extension}"
    digest, size = hashlib.sha256(), 0
    pending = db.session.info.setdefault(NEW_FILES, set())
    pending.add((storage, key))
    try:
        with incoming.open() as source:
            def fill(handle) -> None:
                nonlocal size
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
            storage.write(key, fill)
    except OSError:
        raise DomainError(_l("Không đọc được tệp “%(name)s” của hồ sơ %(code)s.",
                             name=incoming.name, code=code)) from None
    if digest.hexdigest() != incoming.sha256 or size != incoming.size:
        raise DomainError(_l("Tệp “%(name)s” của hồ sơ %(code)s không khớp mã sha256 đã ghi; "
                             "không nhận hồ sơ nào.", name=incoming.name, code=code))
    thumbnail = None
    if incoming.content_type.startswith("image/"):
        thumbnail = f"{token}.thumb.jpg"
        pending.add((storage, f"{folder}/{thumbnail}"))
        write_thumbnail(storage.path(key), storage, f"{folder}/{thumbnail}", incoming.name)
    author = entry.authors[incoming.author_position - 1] if incoming.author_position and \
        incoming.author_position <= len(entry.authors) else None
    entry.attachments.append(Attachment(
        kind=AttachmentKind(incoming.kind), author=author, original_name=incoming.name[:255],
        stored_name=f"{token}{extension}", thumbnail_name=thumbnail,
        content_type=incoming.content_type, size=size, sha256=incoming.sha256))


def send_locked_list(*, edition: Edition, actor: User | None, now: datetime) -> list[Entry]:
    """A province's locked list arrives in every national edition its edition feeds."""
    feeds = db.session.scalars(select(NationalFeed).where(
        NationalFeed.provincial_edition_id == edition.id).order_by(NationalFeed.id)).all()
    arrived: list[Entry] = []
    if feeds:
        incoming = incoming_from_list(edition)
        for feed in feeds:
            arrived += receive_entries(feed.national_edition, feed.province, incoming,
                                       actor=actor, source=LOCK_SOURCE, now=now)
    return arrived
