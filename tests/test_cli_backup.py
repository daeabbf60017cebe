"""backup and restore: a drill under write load into a fresh instance, refusals, tampering."""
from __future__ import annotations

import hashlib
import io
import tarfile
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from contest import create_app
from contest.database import writing
from contest.extensions import db
from contest.models import Attachment, AttachmentKind, Entry
from contest.services.backup import read_manifest
from tests import factories
from tests.conftest import PG_URI, base_config, close_app
from tests.sample_files import image_bytes, pdf_bytes
from tests.services.attachment_helpers import store


@pytest.fixture
def fresh_uri(tmp_path):
    """An empty database of its own: a new SQLite file, or a second PostgreSQL database."""
    if not PG_URI:
        (tmp_path / "fresh").mkdir()
        yield "sqlite:///" + str(tmp_path / "fresh" / "restored.db")
        return
    url = make_url(PG_URI)
    name = f"{url.database}_restore"
    admin = create_engine(PG_URI, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_app(fresh_uri, tmp_path):
    app = create_app(base_config(tmp_path / "fresh-instance", fresh_uri))
    yield app
    with app.app_context():
        db.engine.dispose()


def build_data(app, upload_root: Path) -> int:
    """Two scored entries with a photo (and its thumbnail) and a PDF each; an entry id."""
    with app.app_context(), writing():
        edition = factories.make_scored_edition([[90, 80], [70, 60]], max_photos=1000)
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)).all()
        for entry in entries:
            store(entry, image_bytes((120, 90)), "anh.png", upload_root=upload_root)
            store(entry, pdf_bytes(), "thuyet-minh.pdf", AttachmentKind.DESCRIPTION_PDF,
                  upload_root=upload_root)
        db.session.commit()
        return entries[0].id


def keep_writing(app, entry_id: int, upload_root: Path, stop: threading.Event,
                 done: list[int]) -> None:
    """What the site does meanwhile: small commits one after another, an upload in every
    third."""
    photo = image_bytes((80, 60), "JPEG")
    while not stop.is_set():
        with app.app_context(), writing():
            if len(done) % 3 == 0:
                entry = db.session.get(Entry, entry_id)
                store(entry, photo, f"anh-{len(done)}.jpg", upload_root=upload_root)
            factories.make_user(email=f"moi{len(done)}@example.vn")
            db.session.commit()
        done.append(1)


def counts(app) -> dict[str, int]:
    with app.app_context():
        tables = db.inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            return {name: connection.execute(
                text(f'SELECT count(*) FROM "{name}"')).scalar()  # noqa: S608 - catalogue names
                for name in tables}


def hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def test_backup_under_write_load_restores_into_a_fresh_instance(app, runner, upload_root,
                                                               fresh_app, tmp_path):
    entry_id = build_data(app, upload_root)
    stop, done = threading.Event(), []
    writer = threading.Thread(target=keep_writing, args=(app, entry_id, upload_root, stop, done))
    writer.start()
    try:
        while len(done) < 3:  # the writer is in full swing before the backup starts
            threading.Event().wait(0.01)
        archive = tmp_path / "sao-luu.tar"
        for _attempt in range(20):  # a backup is quick: take one that overlapped commits
            before = len(done)
            result = runner.invoke(args=["backup", str(archive)])
            during = len(done) - before
            if result.exit_code != 0 or during >= 2:
                break
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output
    assert during >= 2, "no backup overlapped the writes"
    manifest = read_manifest(archive)
    with app.app_context():
        assert manifest["database"]["kind"] == db.engine.dialect.name
    assert manifest["missing_files"] == []
    assert manifest["tables"]["attachment"] >= 4 + 1
    # Every row of the snapshot has its files in the archive (photos have a thumbnail).
    photos = manifest["tables"]["attachment"] - 2
    assert len(manifest["files"]) == 2 + 2 * photos

    restored = fresh_app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert "Đang kiểm tra" in restored.output and "Đã khôi phục" in restored.output
    assert counts(fresh_app) == manifest["tables"]
    fresh_uploads = Path(fresh_app.config["UPLOAD_FOLDER"])
    assert hashes(fresh_uploads) == {f["path"]: f["sha256"] for f in manifest["files"]}
    check = fresh_app.test_cli_runner().invoke(args=["check-integrity"])
    assert check.exit_code == 0, check.output


def test_manifest_describes_the_archive(app, runner, upload_root, tmp_path):
    build_data(app, upload_root)
    archive = tmp_path / "b.tar"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    manifest = read_manifest(archive)
    with app.app_context():
        assert manifest["database"]["kind"] == db.engine.dialect.name
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        named = [f"{a.entry.edition_id}/{name}" for a in db.session.scalars(select(Attachment))
                 for name in (a.stored_name, a.thumbnail_name) if name]
    assert manifest["alembic_revision"] == revision
    assert manifest["tables"] == counts(app)
    assert set(manifest) >= {"created_at", "app_version", "tables", "files"}
    assert hashes(upload_root) == {f["path"]: f["sha256"] for f in manifest["files"]}
    assert sorted(f["path"] for f in manifest["files"]) == sorted(named)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert manifest["database"]["member"] in names
    assert {f"uploads/{f['path']}" for f in manifest["files"]} <= names


def test_restore_refuses_a_nonempty_target_without_force(app, runner, upload_root, tmp_path):
    build_data(app, upload_root)
    archive = tmp_path / "b.tar"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    manifest = read_manifest(archive)
    with app.app_context(), writing():
        factories.make_user(email="sau-sao-luu@example.vn")
        db.session.commit()
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "nơi khôi phục không trống" in refused.output and "--force" in refused.output
    assert counts(app)["user"] == manifest["tables"]["user"] + 1

    forced = runner.invoke(args=["restore", str(archive), "--force"])
    assert forced.exit_code == 0, forced.output
    assert counts(app) == manifest["tables"]
    assert hashes(upload_root) == {f["path"]: f["sha256"] for f in manifest["files"]}
    assert list(upload_root.parent.glob(f"{upload_root.name}-before-restore-*"))


def tampered_copy(archive: Path, target: Path) -> None:
    """The same archive with one byte of the first uploaded file changed."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        changed = False
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("uploads/") and not changed:
                data = bytes([data[0] ^ 1]) + data[1:]
                changed = True
            out.addfile(member, io.BytesIO(data))
    assert changed


def test_restore_refuses_a_tampered_archive(app, runner, upload_root, fresh_app, tmp_path):
    build_data(app, upload_root)
    archive, bad = tmp_path / "b.tar", tmp_path / "bad.tar"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    tampered_copy(archive, bad)
    result = fresh_app.test_cli_runner().invoke(args=["restore", str(bad)])
    assert result.exit_code == 1
    assert "không khớp mã sha256" in result.output
    fresh_uploads = Path(fresh_app.config["UPLOAD_FOLDER"])
    assert hashes(fresh_uploads) == {}
    assert all(n == 0 for n in counts(fresh_app).values())


def test_restore_brings_an_older_schema_up_to_date(fresh_uri, tmp_path):
    old_uri = PG_URI or "sqlite:///" + str(tmp_path / "old.db")
    old = create_app(base_config(tmp_path / "old", old_uri))
    with old.app_context():
        if PG_URI:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(revision="0002")
        db.engine.dispose()
    archive = tmp_path / "old.tar"
    result = old.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert read_manifest(archive)["alembic_revision"] == "0002"
    if PG_URI:  # leave the shared test database as the other tests expect it
        with old.app_context():
            upgrade()
    close_app(old)
    fresh = create_app(base_config(tmp_path / "new", fresh_uri))
    restored = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    with fresh.app_context():
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert head == old_head(tmp_path)
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
        db.engine.dispose()


def old_head(tmp_path) -> str:
    """The newest revision, as the migrations give it to an empty database."""
    app = create_app(base_config(tmp_path / "head", "sqlite:///" + str(tmp_path / "head.db")))
    with app.app_context():
        upgrade()
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.engine.dispose()
    return head
