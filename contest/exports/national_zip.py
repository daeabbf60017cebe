"""The national dossier: one ZIP of the locked national list, written as a stream.

Each entry gets a folder `<position>-<code>/` with its registration form (`ho-so.txt`), its
attachments under their original names and its score summary (`diem.csv`); the list itself
is `danh-sach.xlsx` and `sha256.txt` lists every file's digest. Files are copied in chunks
through ZipFile.open(name, "w"), so memory stays bounded whatever the attachments weigh.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.exports import csv_bytes
from contest.exports.xlsx import xlsx_bytes
from contest.extensions import db
from contest.i18n import show_date
from contest.models import (
    Assignment,
    Attachment,
    AwardOverride,
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

CHUNK = 1024 * 1024
FORM_NAME, SCORES_NAME = "ho-so.txt", "diem.csv"
LIST_NAME, DIGESTS_NAME = "danh-sach.xlsx", "sha256.txt"
LIST_HEADERS = ("STT", "Mã hồ sơ", "Tên giải pháp / sản phẩm", "Lĩnh vực", "Giải", "Tác giả",
                "Đơn vị")
SECTION_TITLES = (
    ("summary", "Tóm tắt"), ("idea", "Ý tưởng"), ("structure", "Cấu tạo"),
    ("operation", "Nguyên lý hoạt động"), ("novelty", "Tính mới"),
    ("creativity", "Tính sáng tạo"), ("applicability", "Khả năng áp dụng"),
    ("effectiveness", "Hiệu quả"),
)
UNSAFE = re.compile(r"[^\w.-]+")


def write_national_zip(edition: Edition, out: BinaryIO, upload_root: Path,
                       progress: Callable[[int], None] | None = None) -> None:
    """Write the national dossier of a locked list to a binary stream (seekable or not)."""
    _check_locked(edition)
    for _ in _write(edition, out, Path(upload_root), progress):
        pass


def iter_national_zip(edition: Edition, upload_root: Path,
                      progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The national dossier as chunks of bytes, for a streamed response. Refuses at once
    (not at the first chunk) when the list is not locked."""
    _check_locked(edition)
    sink = _Sink()

    def chunks() -> Iterator[bytes]:
        for _ in _write(edition, sink, Path(upload_root), progress):
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


def _write(edition: Edition, out: BinaryIO, upload_root: Path,
           progress: Callable[[int], None] | None) -> Iterator[None]:
    """Write the archive, yielding after every chunk so a caller can pass the bytes on."""
    picks = db.session.scalars(picks_with_dossiers(edition.id)).unique().all()
    awards = _awards(edition)
    scores = _judge_totals([p.entry_id for p in picks])
    digests: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for pick in picks:
            entry = pick.entry
            folder = entry_folder(pick)
            yield from _add_bytes(archive, folder + FORM_NAME,
                                  registration_form(entry, awards.get(entry.id)).encode(),
                                  digests)
            for name, attachment in attachment_names(entry):
                yield from _add_file(archive, folder + name, attachment, upload_root, digests)
            yield from _add_bytes(archive, folder + SCORES_NAME,
                                  score_summary(scores.get(entry.id, [])), digests)
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
    beside the form and the score summary)."""
    names = {FORM_NAME.casefold(), SCORES_NAME.casefold()}
    return [(_unique(a.original_name, names), a) for a in entry.attachments]


def _awards(edition: Edition) -> dict[int, str]:
    """Each entry's award name in the chosen results, after the committee's overrides."""
    if edition.provisional_run_id is None:
        return {}
    names = {t.code: t.name for t in edition.award_tiers}
    awards = dict(db.session.execute(select(RankingRow.entry_id, RankingRow.award).join(
        NationalPick, (NationalPick.entry_id == RankingRow.entry_id)
        & (NationalPick.edition_id == edition.id)).where(
            RankingRow.run_id == edition.provisional_run_id)).all())
    awards.update(db.session.execute(select(AwardOverride.entry_id, AwardOverride.award).where(
        AwardOverride.edition_id == edition.id)).all())
    return {entry_id: names[code] for entry_id, code in awards.items() if code in names}


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


def registration_form(entry: Entry, award: str | None) -> str:
    """The registration form as plain text (a PDF form may replace it later)."""
    lines = [f"HỒ SƠ DỰ THI {entry.code or ''}".strip(), "",
             f"Tên giải pháp / sản phẩm: {entry.title}",
             f"Lĩnh vực: {entry.field.name if entry.field else '—'}",
             f"Giải: {award or 'Không có giải'}"]
    if entry.organisation is not None:
        lines.append(f"Tổ chức dự thi: {entry.organisation.name}")
    lines += ["", "Tác giả:"]
    for author in entry.authors:
        born = show_date(author.birth_date, locale="vi") or "—"
        unit = author.unit.name if author.unit else "—"
        lines.append(f"  {author.position}. {author.full_name}, sinh ngày {born}, {unit}"
                     + (f", {author.class_or_position}" if author.class_or_position else ""))
    if entry.teacher_name:
        unit = f", {entry.teacher_unit.name}" if entry.teacher_unit else ""
        lines += ["", f"Người hướng dẫn: {entry.teacher_name}{unit}",
                  f"  Điện thoại: {entry.teacher_phone or '—'}; "
                  f"e-mail: {entry.teacher_email or '—'}"]
    lines += ["", f"Liên hệ: điện thoại {entry.contact_phone or '—'}; "
                  f"e-mail {entry.contact_email or '—'}"]
    for author in entry.authors:
        if author.phone or author.email:
            lines.append(f"  {author.full_name}: {author.phone or '—'}; {author.email or '—'}")
    if entry.video_url:
        lines.append(f"Video: {entry.video_url}")
    for name, title in SECTION_TITLES:
        lines += ["", title.upper(), (getattr(entry, name) or "—").strip()]
    return "\n".join(lines) + "\n"


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
