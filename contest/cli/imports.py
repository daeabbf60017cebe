"""import-entries, import-judges and import-scores (FORMATS.md): all or nothing, written in
batches that each commit (imports.runs), one runner."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from contest import notifications
from contest.cli.common import fail, mail_context, progress
from contest.cli.params import WHOLE_NUMBER
from contest.database import writing
from contest.extensions import db
from contest.imports.entries import ImportRejected
from contest.imports.reader import read_table
from contest.imports.runs import start_import, write_import
from contest.imports.scores import DraftsInTheWay
from contest.models import Edition
from contest.services import DomainError, audit

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def run_import(edition_id: int, path: Path, kind: str, label: str, options: dict,
               report: Callable[[Edition, object], list[str]],
               refused: Callable[[ImportRejected], str] = str) -> object:
    """Read the file, check every row, write it in batches (all or nothing), print a report.
    Bad rows go to standard error as "Dòng 7, cột Ngày sinh: …" and the exit code is 1."""
    audit.set_origin("cli")
    data = path.read_bytes()
    try:
        table = read_table(data, path.name)
    except DomainError as error:
        fail(f"Lỗi: {error}")
    with writing():
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
        try:
            run = start_import(kind=kind, edition=edition, user=None, data=data,
                               name=path.name, options=options)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
    try:
        with progress(len(table.rows), label) as bar:
            result = write_import(run.id, progress=bar.update, table=table)
    except ImportRejected as rejected:
        for error in rejected.errors:
            click.echo(str(error), err=True)
        fail(f"Lỗi: {refused(rejected)}")
    except DomainError as error:
        fail(f"Lỗi: {error}")
    for line in report(edition, result):
        click.echo(line)
    return result


@click.command("import-entries")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("path", metavar="FILE", type=FILE)
def import_entries_command(edition_id: int, path: Path) -> None:
    """Import entries from a CSV or XLSX file: every row is checked first, all or nothing."""
    run_import(edition_id, path, "entries", "Đang nhập hồ sơ", {},
               lambda edition, result: [f"Đã nhập {result.count} hồ sơ vào {edition.title}."])


@click.command("import-judges")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("path", metavar="FILE", type=FILE)
def import_judges_command(edition_id: int, path: Path) -> None:
    """Import judges and their panels from a CSV or XLSX file: all or nothing; new accounts
    are e-mailed an invitation."""
    result = run_import(
        edition_id, path, "judges", "Đang nhập giám khảo",
        {"invite_hours": current_app.config["INVITE_TOKEN_HOURS"]},
        lambda edition, result: [
            f"Đã nhập {result.count} giám khảo vào {edition.title}; "
            f"đã gửi {len(result.invitations)} e-mail mời tài khoản mới."])
    with mail_context():
        for user, token in result.invitations:
            notifications.send_invitation(user, token, inviter=None)
    db.session.commit()  # the invitations are outbox rows, delivered by the worker


@click.command("import-scores")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("path", metavar="FILE", type=FILE)
@click.option("--replace-drafts", is_flag=True,
              help="Replace the drafts judges have saved for sheets of the file (otherwise "
                   "such a file is refused, naming each draft). Finalised sheets are never "
                   "replaced.")
def import_scores_command(edition_id: int, path: Path, replace_drafts: bool) -> None:
    """Import paper score sheets from a CSV or XLSX file: all or nothing, only while the round
    is being judged; complete sheets are finalised, the others kept as drafts."""
    def refused(rejected: ImportRejected) -> str:
        if isinstance(rejected, DraftsInTheWay):
            return (f"Tệp sẽ thay {len(rejected.drafts)} bản nháp giám khảo đã lưu; chưa nhập "
                    "phiếu chấm nào. Thêm --replace-drafts để thay các bản nháp này.")
        return str(rejected)

    def report(edition, result) -> list[str]:
        lines = [f"Đã nhập {result.count} phiếu chấm ({result.final_count} hoàn tất) vào "
                 f"{edition.title}."]
        for plan in result.plans:
            after = "hoàn tất" if plan.complete else (
                "lưu nháp, thiếu: " + ", ".join(c.name for c in plan.missing))
            lines.append(f"  {plan.entry.code}, {plan.judge.user.email}, vòng {plan.round}: "
                         f"{plan.outcome}; {after}.")
        return lines

    run_import(edition_id, path, "scores", "Đang nhập phiếu chấm",
               {"replace_drafts": replace_drafts}, report, refused)


IMPORT_COMMANDS = (import_entries_command, import_judges_command, import_scores_command)
