"""Signed national packages between two deployments (two databases, two upload folders):
the province exports its locked list, the national body imports it once, and refuses a
tampered byte, an unknown or wrong key, a quota overrun and an unknown version."""
from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    AuditEvent,
    Edition,
    Entry,
    EntryOrigin,
    Organisation,
    OrganisationKind,
    ReceivedPackage,
)
from contest.services.attachments import attachment_key
from contest.services.file_storage import uploads
from contest.services.national_feeds import set_feed
from contest.services.organisations import create_organisation
from tests.national.builders import national_edition
from tests.national.conftest import PROVINCE
from tests.national.two_instances import flipped_byte, resigned, rewritten
from tests.national_dossier import locked_dossier

PROVINCE_NAME = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"


def national_side(national_app, quota: int = 10) -> int:
    """The national deployment: its body, the province (no key yet), a fed edition."""
    with national_app.app_context():
        national = create_organisation(code="trung-uong", name="Trung ương Hội",
                                       kind=OrganisationKind.NATIONAL)
        province = create_organisation(code=PROVINCE, name=PROVINCE_NAME,
                                       kind=OrganisationKind.PROVINCIAL, parent=national)
        edition = national_edition(national)
        set_feed(national_edition=edition, province=province, provincial_edition=None,
                 quota=quota, field_quotas={}, actor=None)
        db.session.commit()
        return edition.id


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def counts(app) -> tuple[int, int, int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(Entry.id))),
                db.session.scalar(select(func.count(EntryOrigin.id))),
                db.session.scalar(select(func.count(ReceivedPackage.id))),
                sum(1 for _ in uploads().keys()))  # noqa: SIM118


def refused(app, edition_id: int, package: Path, message: str) -> None:
    before = counts(app)
    result = run(app, "import-national-package", edition_id, package)
    assert result.exit_code == 1
    assert result.output.strip() == f"Lỗi: {message}"
    assert counts(app) == before


def test_a_package_goes_from_the_province_to_the_national_deployment_once(exported,
                                                                         national_app):
    package, dossier, public_key, _ = exported
    edition_id = national_side(national_app)
    assert run(national_app, "register-organisation-key", PROVINCE, public_key).exit_code == 0
    done = run(national_app, "import-national-package", edition_id, package)
    assert done.exit_code == 0, done.output
    lines = done.output.strip().splitlines()
    assert lines[0] == (f"Đã nhận 3 hồ sơ của {PROVINCE_NAME} vào Cuộc thi Sáng tạo Thanh "
                        "thiếu niên nhi đồng toàn quốc lần thứ XX (2026–2027).")
    assert lines[1:] == ["QG-2026-0001", "QG-2026-0002", "QG-2026-0003"]
    sha256 = hashlib.sha256(package.read_bytes()).hexdigest()
    with national_app.app_context():
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition_id)
                                     .order_by(Entry.id)).all()
        assert [e.title for e in entries] == dossier.titles
        assert [e.authors[0].full_name for e in entries] == dossier.authors
        for entry, code in zip(entries, dossier.codes, strict=True):
            assert sorted(a.sha256 for a in entry.attachments) == sorted(
                dossier.files[code].values())
            assert [a.original_name for a in entry.attachments] == [
                "Thuyết minh.pdf", "ảnh.png", "ảnh.png"]
            for attachment in entry.attachments:
                with uploads().open(attachment_key(attachment)) as handle:
                    assert hashlib.sha256(handle.read()).hexdigest() == attachment.sha256
        origins = db.session.scalars(select(EntryOrigin).order_by(EntryOrigin.id)).all()
        assert [(o.origin_code, o.source, o.origin_entry_id) for o in origins] == [
            (code, sha256, None) for code in dossier.codes]
        assert [str(o.score) for o in origins] == ["95.00", "88.00", "75.00"]
    assert str(Path(national_app.config["UPLOAD_FOLDER"])) != str(package.parent)
    before = counts(national_app)
    again = run(national_app, "import-national-package", edition_id, package)
    assert again.exit_code == 0
    assert "không có gì thay đổi" in again.output
    assert counts(national_app) == before


def test_the_manifest_lists_each_folders_files_with_their_kind_size_and_sha256(exported):
    package, dossier, _, _ = exported
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        for position, (entry, code) in enumerate(
                zip(manifest["entries"], dossier.codes, strict=True), start=1):
            folder = f"{position:02d}-{code}/"
            assert [(f["path"], f["kind"]) for f in entry["files"]] == [
                (folder + "ho-so.pdf", "registration-form"),
                (folder + "Thuyết minh.pdf", "description"),
                (folder + "ảnh.png", "product-photo"), (folder + "ảnh (2).png", "product-photo"),
                (folder + "diem.csv", "score-summary"),
                (folder + "giay-chung-nhan.pdf", "certificate")]
            assert {n for n in names if n.startswith(folder)} == {
                f["path"] for f in entry["files"]}
            for described in entry["files"]:
                data = archive.read(described["path"])
                assert (described["size"], described["sha256"]) == (
                    len(data), hashlib.sha256(data).hexdigest())
        assert {"list.xlsx", "sha256.txt", "manifest.json", "manifest.sig"} <= names


def test_a_package_exported_again_adds_nothing_already_arrived(exported, national_app, app,
                                                               tmp_path):
    package, dossier, public_key, _ = exported
    edition_id = national_side(national_app)
    run(national_app, "register-organisation-key", PROVINCE, public_key)
    assert run(national_app, "import-national-package", edition_id, package).exit_code == 0
    second = tmp_path / "lan-hai.zip"
    assert run(app, "export-national-package", dossier.edition_id, second).exit_code == 0
    assert second.read_bytes() != package.read_bytes()
    before = counts(national_app)
    done = run(national_app, "import-national-package", edition_id, second)
    assert done.exit_code == 0
    assert "Đã nhận 0 hồ sơ" in done.output and "(3 hồ sơ đã có từ trước)" in done.output
    assert counts(national_app)[:2] == before[:2]


def test_an_unknown_key_and_a_wrong_key_are_refused(exported, national_app):
    package, _, _, _ = exported
    edition_id = national_side(national_app)
    refused(national_app, edition_id, package,
            f"Chưa đăng ký khóa công khai của {PROVINCE_NAME}; không nhận gói của tổ chức này.")
    other = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert run(national_app, "register-organisation-key", PROVINCE,
               base64.b64encode(other).decode()).exit_code == 0
    refused(national_app, edition_id, package,
            f"Chữ ký của gói không khớp khóa đã đăng ký của {PROVINCE_NAME}: gói đã bị sửa hoặc "
            "được ký bằng khóa khác.")


def test_a_tampered_manifest_or_file_byte_is_refused(exported, national_app, tmp_path):
    package, _, public_key, key_file = exported
    edition_id = national_side(national_app)
    run(national_app, "register-organisation-key", PROVINCE, public_key)
    with zipfile.ZipFile(package) as archive:
        manifest = archive.read("manifest.json")
        described = json.loads(manifest)["entries"][0]["files"][1]
        member = archive.read(described["path"])
    at = manifest.index(b'"title"') + 12
    refused(national_app, edition_id,
            rewritten(package, tmp_path / "a.zip", {"manifest.json": flipped_byte(manifest, at)}),
            f"Chữ ký của gói không khớp khóa đã đăng ký của {PROVINCE_NAME}: gói đã bị sửa hoặc "
            "được ký bằng khóa khác.")
    refused(national_app, edition_id,
            rewritten(package, tmp_path / "b.zip",
                      {described["path"]: flipped_byte(member, len(member) // 2)}),
            f"Tệp {described['path']} trong gói không khớp kích thước và mã sha256 ghi trong "
            "manifest.json: tệp đã bị sửa.")


def test_an_unknown_version_and_a_quota_overrun_are_refused(exported, national_app, tmp_path):
    package, _, public_key, key_file = exported
    edition_id = national_side(national_app, quota=2)
    run(national_app, "register-organisation-key", PROVINCE, public_key)
    refused(national_app, edition_id, package,
            f"Vượt chỉ tiêu của {PROVINCE_NAME}: đã nhận 0 hồ sơ, gửi thêm 3, chỉ tiêu 2.")
    refused(national_app, edition_id,
            resigned(package, tmp_path / "v2.zip", key_file,
                     lambda manifest: manifest.update(version=2)),
            "Gói định dạng “sangtao-national-package” phiên bản 2: hệ thống chỉ đọc được "
            "sangtao-national-package phiên bản 1.")


def test_export_refuses_an_unlocked_list_and_a_province_without_a_key(app, tmp_path):
    with app.app_context():
        dossier = locked_dossier(lock=False)
    out = tmp_path / "goi.zip"
    result = run(app, "export-national-package", dossier.edition_id, out)
    assert result.exit_code == 1
    assert "chưa khóa" in result.output
    assert not out.exists() and not out.with_name("goi.zip.part").exists()
    with app.app_context():
        edition = db.session.get(Edition, dossier.edition_id)
        from contest import clock
        from contest.services.national import lock_national
        lock_national(edition=edition, actor=None, now=clock.now())
        db.session.commit()
    result = run(app, "export-national-package", dossier.edition_id, out)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Lỗi: {PROVINCE_NAME} chưa có khóa ký; hãy chạy "
                                     f"create-organisation-key {PROVINCE}.")
    assert not out.exists()
    made = run(app, "create-organisation-key", PROVINCE)
    again = run(app, "create-organisation-key", PROVINCE)
    assert made.exit_code == 0 and again.exit_code == 1
    assert "đã có khóa ký" in again.output
    bad = run(app, "register-organisation-key", PROVINCE, "không-phải-khóa")
    assert bad.exit_code == 1 and "Khóa công khai không hợp lệ" in bad.output
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "organisation.key")) == 0
        assert db.session.scalar(select(Organisation.code)) == PROVINCE
