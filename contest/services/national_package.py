"""Signed national packages between deployments (FORMATS.md, "National package"), the
national side: verify the version, the signature, every file's size and sha256 and the quota,
then receive the entries through receive_entries, all or nothing, once per package. The
province's side writes them (exports.national_package)."""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, Organisation, ReceivedPackage, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.national_incoming import (
    DOSSIER_COLUMNS,
    IncomingAuthor,
    IncomingEntry,
    IncomingFile,
    Origin,
)
from contest.services.national_intake import arrived_codes, check_quota, feed_of, receive_entries
from contest.services.national_keys import verify
from contest.services.organisations import organisation_by_code

# Made by the province from the entry (not uploaded by its authors): in the folder, not kept.
FILE_KINDS_NOT_ATTACHED = ("registration-form", "score-summary", "certificate")
FORMAT, VERSION = "sangtao-national-package", 1
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
CHUNK = 1024 * 1024


def file_digest(handle: BinaryIO) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


@dataclass
class Package:
    """A verified package: its manifest, organisation, sha256 and the entries it holds."""

    sha256: str
    manifest: dict[str, Any]
    province: Organisation
    entries: list[IncomingEntry]
    new: int  # entries not arrived before
    received: ReceivedPackage | None  # this very package, imported before


def _refuse(message) -> DomainError:
    return DomainError(message)


def read_package(national_edition: Edition, path: Path) -> tuple[Package, zipfile.ZipFile]:
    """Verify a package against this instance without writing: its version, signature,
    files and the province's quota. The caller closes the archive."""
    with path.open("rb") as handle:
        sha256 = file_digest(handle)[1]
    try:
        archive = zipfile.ZipFile(path)
        data, signature = archive.read(MANIFEST), archive.read(SIGNATURE)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise _refuse(_l("Tệp không phải gói hồ sơ toàn quốc: không đọc được manifest.json "
                         "và manifest.sig trong tệp ZIP.")) from None
    try:
        manifest = json.loads(data.decode())
        assert isinstance(manifest, dict)
    except (ValueError, AssertionError):
        archive.close()
        raise _refuse(_l("manifest.json của gói không phải JSON hợp lệ.")) from None
    try:
        return _verified(national_edition, archive, manifest, data, signature, sha256), archive
    except BaseException:
        archive.close()
        raise


def _verified(national_edition: Edition, archive: zipfile.ZipFile, manifest: dict, data: bytes,
              signature: bytes, sha256: str) -> Package:
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise _refuse(_l("Gói định dạng “%(format)s” phiên bản %(version)s: hệ thống chỉ đọc "
                         "được %(known)s phiên bản %(known_version)s.",
                         format=manifest.get("format"), version=manifest.get("version"),
                         known=FORMAT, known_version=VERSION))
    code = str((manifest.get("organisation") or {}).get("code") or "")
    province = organisation_by_code(code)
    if province is None:
        raise _refuse(_l("Gói của tổ chức mã “%(code)s”, mà hệ thống không có tổ chức này.",
                         code=code))
    verify(province, data, signature)
    try:
        entries = [_incoming(item, manifest, archive) for item in manifest["entries"]]
    except (KeyError, TypeError, ValueError, InvalidOperation):
        raise _refuse(_l("manifest.json của gói thiếu hoặc sai thông tin hồ sơ.")) from None
    received = db.session.scalar(select(ReceivedPackage).where(
        ReceivedPackage.national_edition_id == national_edition.id,
        ReceivedPackage.sha256 == sha256))
    feed = feed_of(national_edition, province)
    if feed is None:
        raise _refuse(_l("%(province)s không gửi hồ sơ vào %(edition)s.",
                         province=province.name, edition=national_edition.title))
    seen = arrived_codes(national_edition, province)
    new = [e for e in entries if e.origin.code not in seen]
    check_quota(feed, national_edition, province, [e.field_code for e in new])
    return Package(sha256, manifest, province, entries, len(new), received)


def _incoming(item: dict, manifest: dict, archive: zipfile.ZipFile) -> IncomingEntry:
    """One manifest entry, every one of its files checked against its size and sha256."""
    files = []
    for described in item["files"]:
        path = described["path"]
        try:
            with archive.open(path) as handle:
                size, sha256 = file_digest(handle)
        except (KeyError, zipfile.BadZipFile, OSError):
            raise _refuse(_l("Gói thiếu tệp %(path)s.", path=path)) from None
        if (size, sha256) != (described["size"], described["sha256"]):
            raise _refuse(_l("Tệp %(path)s trong gói không khớp kích thước và mã sha256 ghi "
                             "trong manifest.json: tệp đã bị sửa.", path=path))
        if described["kind"] in FILE_KINDS_NOT_ATTACHED:
            continue
        files.append(IncomingFile(
            name=described.get("name") or path.rsplit("/", 1)[-1], kind=described["kind"],
            size=size, sha256=sha256, content_type=described.get("content_type") or "",
            open=lambda path=path: archive.open(path), author_position=described.get("author")))
    edition = manifest.get("edition") or {}
    form = item.get("form") or {}
    return IncomingEntry(
        title=str(item["title"]), field_code=item.get("field_code"),
        origin=Origin(edition_label=str(edition.get("title") or edition.get("year_label") or ""),
                      code=str(item["code"]), provincial_rank=item.get("provincial_rank"),
                      score=Decimal(item["score"]) if item.get("score") is not None else None,
                      award=item.get("award")),
        entrant_type=item.get("entrant_type") or "person", unit=item.get("unit"),
        teacher_unit=item.get("teacher_unit"),
        form={name: form[name] for name in DOSSIER_COLUMNS if name in form},
        authors=[IncomingAuthor(
            full_name=str(a["full_name"]),
            birth_date=date.fromisoformat(a["birth_date"]) if a.get("birth_date") else None,
            gender=a.get("gender"), unit=a.get("unit"),
            class_or_position=a.get("class_or_position"), phone=a.get("phone"),
            email=a.get("email")) for a in item["authors"]],
        files=files)


def import_national_package(*, national_edition: Edition, path: Path, actor: User | None,
                            now: datetime) -> tuple[Package, list[Entry]]:
    """Import a verified package, all or nothing; the same package again changes nothing."""
    package, archive = read_package(national_edition, path)
    with archive:
        if package.received is not None:
            return package, []
        arrived = receive_entries(national_edition, package.province, package.entries,
                                  actor=actor, source=package.sha256, now=now)
    received = ReceivedPackage(national_edition_id=national_edition.id,
                               province_id=package.province.id, sha256=package.sha256,
                               entries=len(arrived), received_by_id=actor.id if actor else None,
                               received_at=now)
    db.session.add(received)
    db.session.flush()
    record_event(actor=actor, action="national.package", target=national_edition,
                 after={"province": package.province.code, "sha256": package.sha256,
                        "entries": len(arrived)})
    return package, arrived
