"""The national dossier ZIP: a folder per selected entry with its form, files, score summary
and certificate, the list, digests."""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from contest.exports.national_zip import iter_national_zip, write_national_zip
from contest.extensions import db
from contest.models import Attachment, Edition, Entry, User
from contest.services import DomainError
from contest.services.attachments import attachment_path
from contest.services.results import override_award
from tests.national_dossier import ORGANISER, locked_dossier


def upload_root(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


def written(app, dossier, progress=None) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    write_national_zip(db.session.get(Edition, dossier.edition_id), buffer, upload_root(app),
                       progress=progress)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_every_selected_entry_has_its_files_with_matching_sha256(ctx):
    dossier = locked_dossier()
    steps = []
    archive = written(ctx, dossier, progress=steps.append)
    assert archive.testzip() is None
    for position, code in enumerate(dossier.codes, start=1):
        folder = f"{position:02d}-{code}/"
        for name, sha256 in dossier.files[code].items():
            assert hashlib.sha256(archive.read(folder + name)).hexdigest() == sha256
    assert steps == [1, 1, 1]
    listed = dict(reversed(line.split("  ", 1))
                  for line in archive.read("sha256.txt").decode().splitlines())
    names = sorted(n for n in archive.namelist() if n != "sha256.txt")
    assert sorted(listed) == names
    assert all(hashlib.sha256(archive.read(n)).hexdigest() == listed[n] for n in names)
    assert len(names) == 3 * 6 + 1  # form, three files, scores, certificate per entry; the list
    assert "danh-sach.xlsx" not in names and not any(n.endswith("ho-so.txt") for n in names)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_registration_form_pdf_and_score_summary(ctx):
    dossier = locked_dossier()
    archive = written(ctx, dossier)
    for position, (code, title, author) in enumerate(
            zip(dossier.codes, dossier.titles, dossier.authors, strict=True), start=1):
        data = archive.read(f"{position:02d}-{code}/ho-so.pdf")
        assert data.startswith(b"%PDF-")
        form = pdf_text(data)
        assert "HỒ SƠ DỰ THI" in form
        assert f"Mã hồ sơ: {code}" in form
        assert f"Tên giải pháp / sản phẩm: {title}" in form
        assert author in form
    first = pdf_text(archive.read(f"01-{dossier.codes[0]}/ho-so.pdf"))
    assert "Giải: Giải Nhất" in first
    assert "TÁC GIẢ" in first and "TÓM TẮT" in first and "HIỆU QUẢ" in first
    scores = list(csv.reader(io.StringIO(
        archive.read(f"01-{dossier.codes[0]}/diem.csv").decode("utf-8-sig"))))
    assert scores == [["Vòng", "Giám khảo", "Tổng điểm"],
                      ["1", "Giám khảo 1", "95.00"], ["1", "Giám khảo 2", "95.00"],
                      ["1", "Giám khảo 3", "95.00"], ["1", "Trung bình", "95.00"]]


def test_an_awarded_entry_has_its_certificate_and_an_unawarded_one_none(ctx):
    dossier = locked_dossier()
    edition = db.session.get(Edition, dossier.edition_id)
    third = db.session.scalar(select(Entry).where(Entry.code == dossier.codes[2]))
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    override_award(edition=edition, entry=third, award=None, reason="Trùng giải pháp đã có",
                   actor=organiser)
    db.session.commit()
    archive = written(ctx, dossier)
    for position, code in enumerate(dossier.codes[:2], start=1):
        certificate = pdf_text(archive.read(f"{position:02d}-{code}/giay-chung-nhan.pdf"))
        assert "GIẤY CHỨNG NHẬN" in certificate
        assert dossier.authors[position - 1] in certificate and code in certificate
    assert "Đã đạt Giải Nhất" in pdf_text(
        archive.read(f"01-{dossier.codes[0]}/giay-chung-nhan.pdf"))
    third_folder = sorted(n for n in archive.namelist() if n.startswith(f"03-{dossier.codes[2]}/"))
    assert third_folder == [f"03-{dossier.codes[2]}/{name}" for name in (
        "Thuyết minh.pdf", "diem.csv", "ho-so.pdf", "ảnh (2).png", "ảnh.png")]
    assert "Giải: Không có giải" in pdf_text(archive.read(f"03-{dossier.codes[2]}/ho-so.pdf"))


def test_the_same_locked_list_makes_the_same_pdfs(ctx):
    dossier = locked_dossier()
    first, second = written(ctx, dossier), written(ctx, dossier)
    pdfs = [n for n in first.namelist() if n.endswith(("ho-so.pdf", "giay-chung-nhan.pdf"))]
    assert len(pdfs) == 6
    assert all(first.read(n) == second.read(n) for n in pdfs)


def test_list_xlsx_has_the_selected_entries_in_order(ctx):
    dossier = locked_dossier()
    archive = written(ctx, dossier)
    sheet = load_workbook(io.BytesIO(archive.read("list.xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["STT", "Mã hồ sơ", "Tên giải pháp / sản phẩm", "Lĩnh vực", "Giải",
                       "Tác giả", "Đơn vị"]
    assert [r[:3] for r in rows[1:]] == [[i, c, t] for i, (c, t) in enumerate(
        zip(dossier.codes, dossier.titles, strict=True), start=1)]
    assert [r[4] for r in rows[1:]] == ["Giải Nhất", "Giải Nhì", "Giải Ba"]
    assert [r[5] for r in rows[1:]] == dossier.authors


def test_streamed_chunks_make_the_same_archive(ctx):
    dossier = locked_dossier()
    data = b"".join(iter_national_zip(db.session.get(Edition, dossier.edition_id),
                                      upload_root(ctx)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(written(ctx, dossier).namelist())


def test_refused_when_the_list_is_not_locked(ctx):
    dossier = locked_dossier(lock=False)
    edition = db.session.get(Edition, dossier.edition_id)
    with pytest.raises(DomainError, match="chưa khóa"):
        write_national_zip(edition, io.BytesIO(), upload_root(ctx))
    with pytest.raises(DomainError, match="chưa khóa"):
        iter_national_zip(edition, upload_root(ctx))


def test_a_file_changed_on_disk_is_refused(ctx):
    dossier = locked_dossier()
    edition = db.session.get(Edition, dossier.edition_id)
    attachment = db.session.scalars(select(Attachment)).first()
    attachment_path(attachment, upload_root(ctx)).write_bytes(b"%PDF-1.4 altered")
    with pytest.raises(DomainError, match="đã bị thay đổi"):
        write_national_zip(edition, io.BytesIO(), upload_root(ctx))
