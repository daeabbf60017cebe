"""backup, restore and check-integrity: the operator's commands (FORMATS.md, docs/BACKUP.md)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from contest import clock
from contest.cli.common import fail
from contest.extensions import db
from contest.imports.runs import undo_import
from contest.services.backup import (
    place_uploads,
    read_manifest,
    restore_database,
    unpack_checked,
    write_backup,
)
from contest.services.backup_database import BackupError, nonempty_tables
from contest.services.file_storage import uploads
from contest.services.integrity import ProblemKind, find_problems, move_orphans, stored_files

PROBLEM_LINES = {
    ProblemKind.MISSING_FILE: "Thiếu tệp: tệp đính kèm số {row_id} ghi tệp “{path}”, "
                              "nhưng tệp không có trong thư mục tải lên.",
    ProblemKind.CHANGED_FILE: "Tệp bị thay đổi: “{path}” (tệp đính kèm số {row_id}) không khớp "
                              "kích thước hoặc mã sha256 đã ghi.",
    ProblemKind.MISSING_THUMBNAIL: "Thiếu ảnh thu nhỏ: “{path}” của tệp đính kèm số {row_id}.",
    ProblemKind.ORPHAN_FILE: "Tệp mồ côi: “{path}” không thuộc tệp đính kèm nào.",
    ProblemKind.SCORE_WITHOUT_SHEET: "Điểm số {row_id} không thuộc phiếu chấm nào của một "
                                     "phân công còn tồn tại.",
    ProblemKind.SHEET_WITHOUT_ASSIGNMENT: "Phiếu chấm số {row_id} không thuộc phân công nào.",
    ProblemKind.UNFINISHED_IMPORT: "Lần nhập số {row_id} (tệp “{path}”) chưa xong: lô cuối "
                                   "ghi lúc {at:%Y-%m-%d %H:%M:%S} UTC; --repair gỡ các dòng "
                                   "nó đã ghi.",
}


def _upload_root() -> Path:
    return uploads().root


@click.command("backup")
@click.argument("destination", metavar="DEST", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(destination: Path) -> None:
    """Write one archive (.tar) of the database and every uploaded file, with a manifest."""
    db.session.remove()
    try:
        manifest = write_backup(destination, engine=db.engine, upload_root=_upload_root(),
                                progress=click.echo)
    except BackupError as error:
        fail(f"Lỗi: {error}")
    rows = sum(manifest["tables"].values())
    for missing in manifest["missing_files"]:
        click.echo(f"Cảnh báo: tệp “{missing}” đã bị xóa trong lúc sao lưu; bản sao lưu "
                   "không có tệp này.", err=True)
    click.echo(f"Đã sao lưu {len(manifest['tables'])} bảng ({rows} dòng) và "
               f"{len(manifest['files'])} tệp vào {destination}.")


@click.command("restore")
@click.argument("source", metavar="SRC",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database or upload folder that is not empty")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """Rebuild an empty instance from a backup archive, then run the migrations."""
    upload_root = _upload_root()
    try:
        manifest = read_manifest(source)
    except BackupError as error:
        fail(f"Lỗi: {error}")
    db.session.remove()
    full_tables = nonempty_tables(db.engine)
    files = stored_files(upload_root)
    if (full_tables or files) and not force:
        fail("Lỗi: nơi khôi phục không trống (cơ sở dữ liệu có dữ liệu trong "
             f"{len(full_tables)} bảng, thư mục tải lên có {len(files)} tệp). Khôi phục sẽ "
             "thay thế toàn bộ; nếu chắc chắn, hãy chạy lại với --force.")
    click.echo(f"Đang kiểm tra {len(manifest['files'])} tệp với mã sha256 của bảng kê…")
    upload_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=upload_root.parent, prefix=".restore-") as work:
        try:
            database_file, uploads = unpack_checked(source, Path(work), manifest)
            click.echo("Đang khôi phục cơ sở dữ liệu…")
            restore_database(db.engine, database_file, manifest["database"]["kind"])
        except BackupError as error:
            fail(f"Lỗi: {error}")
        if files:
            aside = upload_root.parent / (
                f"{upload_root.name}-before-restore-{clock.now():%Y%m%d-%H%M%S}")
            shutil.move(upload_root, aside)
            click.echo(f"Đã chuyển thư mục tải lên cũ sang {aside}.")
        placed = place_uploads(uploads, upload_root)
    click.echo("Đang nâng cấp cấu trúc cơ sở dữ liệu (migrations)…")
    upgrade()
    db.engine.dispose()
    click.echo(f"Đã khôi phục bản sao lưu ngày {manifest['created_at']}: "
               f"{sum(manifest['tables'].values())} dòng, {placed} tệp.")


@click.command("check-integrity")
@click.option("--repair", is_flag=True, help="Move orphan files into a dated folder")
@click.option("--min-age", "min_age", type=click.FloatRange(min=0), default=300.0,
              show_default=True,
              help="With --repair: leave orphans younger than this many seconds (an upload "
                   "may be about to commit)")
@with_appcontext
def check_integrity_command(repair: bool, min_age: float) -> None:
    """Check files against their rows and scores against their sheets; exit 1 on problems."""
    upload_root = _upload_root()
    problems = find_problems(upload_root)
    if repair:
        orphans = [p.path for p in problems if p.kind == ProblemKind.ORPHAN_FILE]
        if orphans:
            folder, moved, recent = move_orphans(upload_root, orphans, min_age_seconds=min_age)
            for relative in moved:
                click.echo(f"Đã chuyển tệp mồ côi “{relative}” sang {folder / relative}.")
            for relative in recent:
                click.echo(f"Chưa chuyển “{relative}”: tệp mới hơn {min_age:g} giây, có thể "
                           "đang được tải lên.")
            problems = find_problems(upload_root)
        stale = [p for p in problems if p.kind == ProblemKind.UNFINISHED_IMPORT]
        if stale:
            repair_imports(stale, min_age)
            problems = find_problems(upload_root)
    for problem in problems:
        click.echo(PROBLEM_LINES[problem.kind].format(row_id=problem.row_id, path=problem.path,
                                                      at=problem.at))
    if problems:
        fail(f"Phát hiện {len(problems)} vấn đề về toàn vẹn dữ liệu.")
    click.echo("Dữ liệu toàn vẹn: mọi tệp khớp với bản ghi, không có tệp mồ côi, mọi điểm "
               "thuộc một phiếu chấm của một phân công.")


def repair_imports(unfinished: list, min_age: float) -> None:
    """Remove the rows of imports whose last batch is older than min_age seconds."""
    for problem in unfinished:
        age = (clock.now() - problem.at).total_seconds()
        if age < min_age:
            click.echo(f"Chưa gỡ lần nhập số {problem.row_id}: lô cuối ghi {age:.0f} giây "
                       f"trước, mới hơn {min_age:g} giây, có thể đang ghi.")
            continue
        removed = undo_import(problem.row_id, error="Tiến trình nhập đã dừng giữa chừng; "
                              "check-integrity --repair đã gỡ các dòng đã ghi.")
        click.echo(f"Đã gỡ lần nhập số {problem.row_id} (tệp “{problem.path}”): {removed} dòng.")


MAINTENANCE_COMMANDS = (backup_command, restore_command, check_integrity_command)
