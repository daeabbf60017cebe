"""The national dossier: one ZIP of the locked national list, written as a stream.

Each entry gets a folder `<position>-<code>/` with its registration form (`ho-so.pdf`), its
attachments under their original names, its score summary (`diem.csv`) and, when it has an
award, its certificate (`giay-chung-nhan.pdf`); the list itself is `list.xlsx` and
`sha256.txt` lists every file's digest (FORMATS.md, "National package"). Attachments are
copied in chunks through ZipFile.open(name, "w") and each entry's PDFs are made and written
one at a time, so memory stays bounded whatever the list's size and the attachments weigh.
The PDFs are dated when the list was locked, so the same list makes the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest import clock
from contest.exports import csv_bytes
from contest.exports.awards import Award, Issuer, awards_by_entry
from contest.exports.dossier_form import dossier_form
from contest.exports.pdf import dossier_form_pdf, entry_certificate_pdf, issuer_of
from contest.exports.xlsx import xlsx_bytes
from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    Edition,
    Entry,
    Judge,
    NationalPick,
    RankingRow,
    Score,
    ScoreSheet,
    SheetStatus,
    User,
)
from contest.queries.national import picks_with_dossiers
from contest.services import DomainError
from contest.services.attachments import attachment_path
from contest.services.results import award_overrides

CHUNK = 1024 * 1024
FORM_NAME, SCORES_NAME, CERTIFICATE_NAME = "ho-so.pdf", "diem.csv", "giay-chung-nhan.pdf"
LIST_NAME, DIGESTS_NAME = "list.xlsx", "sha256.txt"
LIST_HEADERS = ("STT", "Mã hồ sơ", "Tên giải pháp / sản phẩm", "Lĩnh vực", "Giải", "Tác giả",
                "Đơn vị")
UNSAFE = re.compile(r"[^\w.-]+")


def write_national_zip(edition: Edition, out: BinaryIO, upload_root: Path,
                       progress: Callable[[int], None] | None = None) -> None:
    """Write the national dossier of a locked list to a binary stream (seekable or not)."""
    _check_locked(edition)
    for _ in _write(edition, _issuer(edition), out, Path(upload_root), progress):
        pass


def iter_national_zip(edition: Edition, upload_root: Path,
                      progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The national dossier as chunks of bytes, for a streamed response. Refuses at once
    (not at the first chunk) when the list is not locked."""
    _check_locked(edition)
    sink, issuer = _Sink(), _issuer(edition)  # the edition's organisation, read while attached

    def chunks() -> Iterator[bytes]:
        for _ in _write(edition, issuer, sink, Path(upload_root), progress):
            if data := sink.take():
                yield data
        if data := sink.take():
            yield data

    return chunks()


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _check_locked(edition: Edition) -> None:
    if edition.national_locked_at is None:
        raise DomainError(_l("Danh sách dự thi toàn quốc chưa khóa; hãy khóa danh sách trước "
                             "khi xuất hồ sơ."))


def _issuer(edition: Edition) -> Issuer:
    return issuer_of(edition, current_app.config.get("DOCUMENT_PLACE", ""))


def _write(edition: Edition, issuer: Issuer, out: BinaryIO, upload_root: Path,
           progress: Callable[[int], None] | None) -> Iterator[None]:
    """Write the archive, yielding after every chunk so a caller can pass the bytes on."""
    picks = db.session.scalars(picks_with_dossiers(edition.id)).unique().all()
    awarded = _awards(edition)
    awards = {entry_id: award.award_name for entry_id, award in awarded.items()}
    scores = _judge_totals([p.entry_id for p in picks])
    locked_at = edition.national_locked_at
    created_at = locked_at if locked_at.tzinfo else locked_at.replace(tzinfo=UTC)
    digests: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for pick in picks:
            entry = pick.entry
            folder = entry_folder(pick)
            yield from _add_bytes(archive, folder + FORM_NAME, dossier_form_pdf(
                dossier_form(entry, awards.get(entry.id)), issuer=issuer,
                created_at=created_at), digests)
            for name, attachment in attachment_names(entry):
                yield from _add_file(archive, folder + name, attachment, upload_root, digests)
            yield from _add_bytes(archive, folder + SCORES_NAME,
                                  score_summary(scores.get(entry.id, [])), digests)
            if (award := awarded.get(entry.id)) is not None:
                yield from _add_bytes(archive, folder + CERTIFICATE_NAME, entry_certificate_pdf(
                    edition, award, issued_on=clock.vietnam_date(created_at), issuer=issuer,
                    created_at=created_at), digests)
            if progress is not None:
                progress(1)
        yield from _add_bytes(archive, LIST_NAME, xlsx_bytes(
            LIST_HEADERS, [_list_row(p, awards) for p in picks],
            sheet_title="Dự thi toàn quốc"), digests)
        lines = "".join(f"{digest}  {name}\n" for name, digest in digests)
        yield from _add_bytes(archive, DIGESTS_NAME, lines.encode(), [])
    yield


def entry_folder(pick: NationalPick) -> str:
    """The folder of a pick's dossier in the archive: `<position>-<code>/`."""
    return f"{pick.position:02d}-{_safe(pick.entry.code or str(pick.entry.id))}/"


def attachment_names(entry: Entry) -> list[tuple[str, Attachment]]:
    """Each attachment with its file name in the entry's folder (unique, case-insensitively,
    beside the form, the score summary and the certificate)."""
    names = {FORM_NAME.casefold(), SCORES_NAME.casefold(), CERTIFICATE_NAME.casefold()}
    return [(_unique(a.original_name, names), a) for a in entry.attachments]


def _awards(edition: Edition) -> dict[int, Award]:
    """Each picked entry's award in the chosen results, after the committee's overrides."""
    if edition.provisional_run_id is None:
        return {}
    rows = db.session.scalars(select(RankingRow).join(
        NationalPick, (NationalPick.entry_id == RankingRow.entry_id)
        & (NationalPick.edition_id == edition.id)).where(
            RankingRow.run_id == edition.provisional_run_id)).all()
    return awards_by_entry(edition, rows, award_overrides(edition))


def _judge_totals(entry_ids: list[int]) -> dict[int, list[tuple[int, str, Decimal]]]:
    """Each entry's finished sheets as (round, judge name, total), in round and judge order."""
    rows = db.session.execute(
        select(Assignment.entry_id, Assignment.round, User.full_name, func.sum(Score.value))
        .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .join(Judge, Judge.id == Assignment.judge_id).join(User, User.id == Judge.user_id)
        .where(Assignment.entry_id.in_(entry_ids), ScoreSheet.status == SheetStatus.FINAL)
        .group_by(Assignment.id, Assignment.entry_id, Assignment.round, User.full_name)
        .order_by(Assignment.entry_id, Assignment.round, User.full_name))
    totals: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for entry_id, round_number, judge, total in rows:
        totals[entry_id].append((round_number, judge, Decimal(str(total or 0))))
    return totals


def score_summary(totals: list[tuple[int, str, Decimal]]) -> bytes:
    """The judges' totals per round and each round's mean, as CSV."""
    rows: list[list] = []
    for round_number in sorted({r for r, _, _ in totals}):
        given = [(judge, total) for r, judge, total in totals if r == round_number]
        rows += [[round_number, judge, str(total)] for judge, total in given]
        mean = sum(t for _, t in given) / len(given)
        rows.append([round_number, "Trung bình", str(mean.quantize(Decimal("0.01")))])
    return csv_bytes(("Vòng", "Giám khảo", "Tổng điểm"), rows)


def _list_row(pick: NationalPick, awards: dict[int, str]) -> list:
    entry = pick.entry
    units = list(dict.fromkeys(a.unit.name for a in entry.authors if a.unit is not None))
    return [pick.position, entry.code, entry.title, entry.field.name if entry.field else "",
            awards.get(entry.id, ""), "; ".join(a.full_name for a in entry.authors),
            "; ".join(units)]


def _add_bytes(archive: zipfile.ZipFile, name: str, data: bytes,
               digests: list[tuple[str, str]]) -> Iterator[None]:
    with archive.open(name, "w") as member:
        member.write(data)
    digests.append((name, hashlib.sha256(data).hexdigest()))
    yield


def _add_file(archive: zipfile.ZipFile, name: str, attachment, upload_root: Path,
              digests: list[tuple[str, str]]) -> Iterator[None]:
    """Copy a stored attachment in chunks, checking it is still the file that was uploaded."""
    try:
        source = attachment_path(attachment, upload_root).open("rb")
    except OSError:
        raise DomainError(_l("Không tìm thấy tệp “%(name)s” của hồ sơ %(code)s.",
                             name=attachment.original_name, code=attachment.entry.code)) from None
    digest = hashlib.sha256()
    info = zipfile.ZipInfo(name, date_time=attachment.created_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED  # photos and PDFs are compressed already
    with source, archive.open(info, "w", force_zip64=attachment.size >= zipfile.ZIP64_LIMIT) \
            as member:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
            yield
    if digest.hexdigest() != attachment.sha256:
        raise DomainError(_l("Tệp “%(name)s” của hồ sơ %(code)s đã bị thay đổi trên đĩa.",
                             name=attachment.original_name, code=attachment.entry.code))
    digests.append((name, attachment.sha256))


def _unique(name: str, taken: set[str]) -> str:
    """The name, or “name (2).ext” when the folder already holds it (case-insensitively)."""
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _safe(text: str) -> str:
    return UNSAFE.sub("-", text).strip("-") or "ho-so"
