"""export-national: the locked national list's dossier as one ZIP file."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from contest.cli.common import fail, progress, written_whole
from contest.cli.params import WHOLE_NUMBER
from contest.exports.national_zip import write_national_zip
from contest.extensions import db
from contest.models import Edition, NationalPick
from contest.services.file_storage import uploads


@click.command("export-national")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("output", metavar="OUTPUT.zip",
                type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_national_command(edition_id: int, output: Path) -> None:
    """Write the national dossier (a folder per entry, the list, sha256 digests) to a ZIP."""
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
    count = db.session.scalar(select(func.count()).select_from(NationalPick).where(
        NationalPick.edition_id == edition.id))
    with written_whole(output) as partial, partial.open("wb") as out, \
            progress(count, "Đang xuất hồ sơ") as bar:
        write_national_zip(edition, out, uploads().root, progress=bar.update)
    click.echo(f"Đã xuất {count} hồ sơ dự thi toàn quốc của {edition.title} vào {output}.")


EXPORT_COMMANDS = (export_national_command,)
