"""Thin click commands over the services (see ../shared/FORMATS.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from contest import clock, notifications
from contest.cli_rank import rank_command
from contest.database import writing
from contest.extensions import db
from contest.imports.entries import ImportRejected, import_entries
from contest.imports.judges import import_judges
from contest.imports.reader import read_table
from contest.imports.scores import import_scores
from contest.models import ContestKind, Edition, Phase, Role
from contest.services import DomainError, accounts, audit
from contest.services.demo import seed_demo
from contest.services.editions import create_edition, find_or_create_contest
from contest.services.phases import set_phase

ROLE_CHOICES = click.Choice([role.value for role in Role])
CONTEST_KINDS = [kind.value for kind in ContestKind]
PHASE_NAMES = [phase.value for phase in Phase if phase != Phase.DRAFT]


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=ROLE_CHOICES, required=True, help="entrant, judge, organizer or admin")
@click.option("--name", default=None, help="Full name (defaults to the e-mail's local part)")
def create_user_command(email: str, role: str, name: str | None) -> None:
    """Create an account and print its generated password."""
    audit.set_origin("cli")
    with writing():
        try:
            user, password = accounts.create_user(email=email, role=Role(role), full_name=name)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.email} ({user.role.value}).")
    click.echo(f"Mật khẩu: {password}")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the Vietnamese demo (idempotent) and print its logins."""
    audit.set_origin("cli")
    logins_file = Path(current_app.instance_path) / "demo-logins.txt"
    with writing():
        result = seed_demo()
        db.session.commit()
    if result is not None:
        lines = [f"{login.role:<10} {login.email:<34} {login.password}" for login in result.logins]
        logins_file.write_text("\n".join(lines) + "\n")
        logins_file.chmod(0o600)
        click.echo("Đã tạo dữ liệu mẫu.")
    else:
        click.echo("Dữ liệu mẫu đã có sẵn; không tạo lại.")
    if logins_file.exists():
        click.echo("Tài khoản đăng nhập thử (vai trò, e-mail, mật khẩu):")
        click.echo(logins_file.read_text().rstrip())


@click.command("create-edition")
@with_appcontext
@click.option("--contest", "kind", required=True, help="youth or technical")
@click.option("--number", type=int, required=True, help="N of lần thứ N")
@click.option("--year", "year_label", required=True, help="Year label, e.g. 2025-2026")
def create_edition_command(kind: str, number: int, year_label: str) -> None:
    """Create an edition from the contest's defaults and print its id on the last line."""
    audit.set_origin("cli")
    if kind not in CONTEST_KINDS:
        fail(f"Lỗi: không có cuộc thi “{kind}”; hãy dùng {' hoặc '.join(CONTEST_KINDS)}.")
    with writing():
        try:
            contest = find_or_create_contest(kind=ContestKind(kind))
            edition = create_edition(contest=contest, number=number, year_label=year_label)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
        click.echo(f"Đã tạo {edition.title}.")
        click.echo(edition.id)


@click.command("set-phase")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=int)
@click.argument("phase")
@click.option("--force", is_flag=True, help="Skip the date checks (never the order)")
def set_phase_command(edition_id: int, phase: str, force: bool) -> None:
    """Move an edition to the next phase along the allowed transitions."""
    audit.set_origin("cli")
    if phase not in PHASE_NAMES:
        fail(f"Lỗi: không có giai đoạn “{phase}”; hãy dùng {', '.join(PHASE_NAMES)}.")
    with writing():
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
        before = edition.phase
        try:
            set_phase(edition=edition, phase=Phase(phase), actor=None, now=clock.now(),
                      force=force)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
        click.echo(f"Đã chuyển {edition.title} từ {before.value} sang {edition.phase.value}.")


@click.command("import-entries")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=int)
@click.argument("path", metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_entries_command(edition_id: int, path: Path) -> None:
    """Import entries from a CSV or XLSX file: every row is checked first, all or nothing."""
    audit.set_origin("cli")
    try:
        table = read_table(path.read_bytes(), path.name)
    except DomainError as error:
        fail(f"Lỗi: {error}")
    with writing():
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
        try:
            with _progress(len(table.rows), "Đang nhập hồ sơ") as bar:
                result = import_entries(edition=edition, actor=None, table=table,
                                        progress=bar.update)
        except ImportRejected as rejected:
            db.session.rollback()
            for error in rejected.errors:
                click.echo(str(error), err=True)
            fail(f"Lỗi: {rejected}")
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
    click.echo(f"Đã nhập {result.count} hồ sơ vào {edition.title}.")


@click.command("import-judges")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=int)
@click.argument("path", metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_judges_command(edition_id: int, path: Path) -> None:
    """Import judges and their panels from a CSV or XLSX file: all or nothing; new accounts
    are e-mailed an invitation."""
    audit.set_origin("cli")
    try:
        table = read_table(path.read_bytes(), path.name)
    except DomainError as error:
        fail(f"Lỗi: {error}")
    with writing():
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
        try:
            with _progress(len(table.rows), "Đang nhập giám khảo") as bar:
                result = import_judges(edition=edition, actor=None, table=table,
                                       invite_hours=current_app.config["INVITE_TOKEN_HOURS"],
                                       progress=bar.update)
        except ImportRejected as rejected:
            db.session.rollback()
            for error in rejected.errors:
                click.echo(str(error), err=True)
            fail(f"Lỗi: {rejected}")
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
        title = edition.title
    with _mail_context():
        for user, token in result.invitations:
            notifications.send_invitation(user, token, inviter=None)
    click.echo(f"Đã nhập {result.count} giám khảo vào {title}; "
               f"đã gửi {len(result.invitations)} e-mail mời tài khoản mới.")


@click.command("import-scores")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=int)
@click.argument("path", metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_scores_command(edition_id: int, path: Path) -> None:
    """Import paper score sheets from a CSV or XLSX file: all or nothing; complete sheets are
    finalised, the others kept as drafts."""
    audit.set_origin("cli")
    try:
        table = read_table(path.read_bytes(), path.name)
    except DomainError as error:
        fail(f"Lỗi: {error}")
    with writing():
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
        try:
            with _progress(len(table.rows), "Đang nhập phiếu chấm") as bar:
                result = import_scores(edition=edition, actor=None, table=table,
                                       progress=bar.update)
        except ImportRejected as rejected:
            db.session.rollback()
            for error in rejected.errors:
                click.echo(str(error), err=True)
            fail(f"Lỗi: {rejected}")
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        drafts = [f"{plan.entry.code}, {plan.judge.user.email}, vòng {plan.round}: thiếu "
                  + ", ".join(c.name for c in plan.missing) for plan in result.drafts]
        db.session.commit()
    click.echo(f"Đã nhập {result.count} phiếu chấm ({result.final_count} hoàn tất) vào "
               f"{edition.title}.")
    if drafts:
        click.echo(f"{len(drafts)} phiếu chưa đủ tiêu chí, lưu nháp:")
        for line in drafts:
            click.echo(f"  {line}")

def _mail_context():
    """A request context for e-mails sent by a command: their links need the site's address,
    which a command has no request to learn from. Flask builds it from SERVER_NAME when that
    is set, otherwise from the BASE_URL setting."""
    if current_app.config.get("SERVER_NAME"):
        return current_app.test_request_context()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


class _NoProgress:
    """Stands in for click's progress bar when the output is not a terminal."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def _progress(length: int, label: str):
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if sys.stdout.isatty():
        return click.progressbar(length=length, label=label)
    return _NoProgress()


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command, create_edition_command,
                    set_phase_command, import_entries_command, import_judges_command,
                    import_scores_command):
        app.cli.add_command(command)
    app.cli.add_command(rank_command)
