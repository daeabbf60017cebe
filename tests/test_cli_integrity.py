"""check-integrity: files against their rows, orphans, scores and sheets; a SIGKILL drill."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from contest.database import writing
from contest.extensions import db
from contest.models import Attachment, AttachmentKind, Entry, ImportRun, ImportState, Unit
from contest.services.attachments import attachment_path
from tests import factories
from tests.sample_files import image_bytes, pdf_bytes
from tests.services.attachment_helpers import store

PROJECT = Path(__file__).resolve().parent.parent


def stored(app, upload_root: Path) -> tuple[int, Path, Path]:
    """A scored entry with a photo and a PDF: its id, the PDF's path and the photo's path."""
    with app.app_context(), writing():
        edition = factories.make_scored_edition([[90, 80]], max_photos=100_000)
        entry = db.session.scalar(select(Entry).where(Entry.edition_id == edition.id))
        photo = store(entry, image_bytes((120, 90)), "anh.png", upload_root=upload_root)
        pdf = store(entry, pdf_bytes(), "tm.pdf", AttachmentKind.DESCRIPTION_PDF,
                    upload_root=upload_root)
        db.session.commit()
        return entry.id, attachment_path(pdf, upload_root), attachment_path(photo, upload_root)


def check(runner, *args):
    return runner.invoke(args=["check-integrity", *args])


def test_a_clean_instance_passes(app, runner, upload_root):
    stored(app, upload_root)
    result = check(runner)
    assert result.exit_code == 0, result.output
    assert "Dữ liệu toàn vẹn" in result.output


def test_a_missing_file_is_reported(app, runner, upload_root):
    _entry, pdf, _photo = stored(app, upload_root)
    pdf.unlink()
    result = check(runner)
    assert result.exit_code == 1
    assert "Thiếu tệp: tệp đính kèm số" in result.output
    assert f"“{pdf.parent.name}/{pdf.name}”" in result.output
    assert "Phát hiện 1 vấn đề" in result.output


def test_a_changed_file_is_reported(app, runner, upload_root):
    _entry, pdf, _photo = stored(app, upload_root)
    pdf.write_bytes(pdf.read_bytes().replace(b"%PDF-", b"%PDF_", 1))  # same size, new bytes
    result = check(runner)
    assert result.exit_code == 1
    assert "Tệp bị thay đổi" in result.output and pdf.name in result.output


def test_a_missing_thumbnail_is_reported(app, runner, upload_root):
    _entry, _pdf, photo = stored(app, upload_root)
    thumbnail = photo.with_name(photo.name.split(".")[0] + ".thumb.jpg")
    thumbnail.unlink()
    result = check(runner)
    assert result.exit_code == 1
    assert "Thiếu ảnh thu nhỏ" in result.output and thumbnail.name in result.output


def test_an_orphan_is_reported_and_repair_moves_it_aside(app, runner, upload_root):
    _entry, pdf, _photo = stored(app, upload_root)
    orphan = pdf.with_name("0" * 32 + ".pdf")
    orphan.write_bytes(pdf_bytes())
    result = check(runner)
    assert result.exit_code == 1
    assert f"Tệp mồ côi: “{pdf.parent.name}/{orphan.name}”" in result.output

    too_young = check(runner, "--repair")  # just written: it may be an upload about to commit
    assert too_young.exit_code == 1 and "Chưa chuyển" in too_young.output
    assert orphan.exists()

    repaired = check(runner, "--repair", "--min-age", "0")
    assert repaired.exit_code == 0, repaired.output
    assert "Đã chuyển tệp mồ côi" in repaired.output
    assert not orphan.exists()
    moved = list(upload_root.parent.glob(f"{upload_root.name}-orphans-*/"
                                         f"{pdf.parent.name}/{orphan.name}"))
    assert [path.read_bytes() for path in moved] == [pdf_bytes()]
    assert check(runner).exit_code == 0


def test_sheets_and_scores_without_their_parent_are_reported(app, runner, upload_root):
    stored(app, upload_root)
    with app.app_context():
        # Only a database whose foreign keys were off (an old copy, a hand edit) gets here.
        if db.engine.dialect.name == "sqlite":
            raw = sqlite3.connect(db.engine.url.database)  # foreign keys off by default
            with raw:
                raw.execute("DELETE FROM assignment")
            raw.close()
        else:
            with db.engine.begin() as connection:
                connection.execute(text("SET session_replication_role = replica"))
                connection.execute(text("DELETE FROM assignment"))
                connection.execute(text("SET session_replication_role = origin"))
        db.engine.dispose()
    result = check(runner)
    assert result.exit_code == 1
    assert result.output.count("Phiếu chấm số") == 2
    assert result.output.count("không thuộc phiếu chấm nào") == 2 * 5  # 5 youth criteria


CHILD = textwrap.dedent("""
    import io, json, sys
    from pathlib import Path
    from contest import create_app
    from contest.database import writing
    from contest.extensions import db
    from contest.models import AttachmentKind, Entry
    from contest.services.attachments import store_attachment

    config, entry_id, photo = json.loads(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    app = create_app(config)
    data = photo.read_bytes()
    with app.app_context():
        for number in range(100_000):
            with writing():
                entry = db.session.get(Entry, entry_id)
                attachment = store_attachment(
                    entry=entry, actor=None, kind=AttachmentKind.PRODUCT_PHOTO,
                    stream=io.BytesIO(data), filename=f"anh-{number}.jpg",
                    upload_root=Path(config["UPLOAD_FOLDER"]))
                name = attachment.stored_name
                db.session.commit()
            print(name, flush=True)
""")


def uploads_until_killed(app, entry_id: int, photo: Path, commits: int, delay: float) -> list[str]:
    """Run a process storing photos in a loop; SIGKILL it after `commits` commits and
    `delay` seconds; the stored names it printed as committed."""
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "RATELIMIT_STORAGE_URI",
            "SERVER_NAME", "UPLOAD_FOLDER", "PASSWORD_HASH_TIME_COST",
            "PASSWORD_HASH_MEMORY_KIB")
    config = {key: app.config[key] for key in keys} | {"INSTANCE_PATH": app.instance_path}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(config), str(entry_id), str(photo)],
        cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    committed = []
    try:
        while len(committed) < commits:
            line = child.stdout.readline()
            assert line, "the uploading process ended before it was killed"
            committed.append(line.strip())
        time.sleep(delay)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
    assert child.returncode == -signal.SIGKILL
    committed += [line for line in rest.split("\n") if line]  # printed before the kill
    return committed


def test_a_process_killed_during_uploads_leaves_at_most_orphans(app, runner, upload_root,
                                                                tmp_path):
    entry_id, pdf, _photo = stored(app, upload_root)
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(image_bytes((1600, 1200), "JPEG"))  # a thumbnail takes a while
    committed = []
    for delay in (0.0, 0.013, 0.031):
        committed += uploads_until_killed(app, entry_id, photo, commits=5, delay=delay)
    result = check(runner)
    lines = [line for line in result.output.splitlines() if line]
    problems = [line for line in lines if not line.startswith("Phát hiện")]
    assert all(line.startswith("Tệp mồ côi") for line in problems), result.output
    assert result.exit_code == (1 if problems else 0)
    with app.app_context():
        names = set(db.session.scalars(select(Attachment.stored_name)))
    assert set(committed) <= names
    assert all((pdf.parent / name).is_file() for name in committed)
    repaired = check(runner, "--repair", "--min-age", "0")
    assert repaired.exit_code == 0, repaired.output
    assert check(runner).exit_code == 0


def test_an_import_killed_midway_is_reported_and_repair_removes_its_rows(app, runner,
                                                                        tmp_path):
    with app.app_context():
        edition = factories.make_edition(birth_date_from=date(2007, 7, 31),
                                         birth_date_to=date(2019, 7, 31))
        db.session.commit()
        edition_id = edition.id
    path = tmp_path / "ho-so.csv"
    path.write_text("\n".join(["Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị"] + [
        f"Sản phẩm {n},hoc-tap,Học sinh {n},01/01/2012,Trường Mới {n % 7}"
        for n in range(3000)]) + "\n", encoding="utf-8-sig")
    env = {**os.environ, "CONTEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CONTEST_INSTANCE_PATH": app.instance_path, "CONTEST_SECRET_KEY": "test",
           "CONTEST_IMPORT_BATCH_ROWS": "50", "CONTEST_IMPORT_TRANSACTION_SECONDS": "0",
           "CONTEST_IMPORT_PAUSE_SECONDS": "0.05"}
    child = subprocess.Popen([sys.executable, "-m", "flask", "--app", "contest",
                              "import-entries", str(edition_id), str(path)],
                             cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while written_so_far(app) < 500:  # ten batches committed
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    with app.app_context():
        left = db.session.scalar(select(func.count()).select_from(Entry))
        assert 500 <= left < 3000

    report = check(runner)
    assert report.exit_code == 1
    assert "Lần nhập số 1 (tệp “ho-so.csv”) chưa xong: lô cuối ghi lúc " in report.output
    too_recent = check(runner, "--repair")  # its last batch may be a live import's
    assert too_recent.exit_code == 1 and "Chưa gỡ lần nhập số 1" in too_recent.output
    repaired = check(runner, "--repair", "--min-age", "0")
    assert f"Đã gỡ lần nhập số 1 (tệp “ho-so.csv”): {left + 7} dòng." in repaired.output  # 7 units
    assert repaired.exit_code == 0, repaired.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
        assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
        run = db.session.get(ImportRun, 1)
        assert (run.state, run.file_id) == (ImportState.FAILED, None)
    assert check(runner).exit_code == 0


def written_so_far(app) -> int:
    with app.app_context():
        return db.session.scalar(select(ImportRun.written)) or 0
