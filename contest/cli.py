"""Thin click commands over the services (see ../shared/FORMATS.md)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from contest import clock, notifications
from contest.cli_exports import EXPORT_COMMANDS
from contest.cli_imports import IMPORT_COMMANDS, fail, mail_context
from contest.cli_params import WHOLE_NUMBER
from contest.cli_rank import rank_command
from contest.database import writing
from contest.extensions import db
from contest.models import ContestKind, Edition, Phase, Role
from contest.services import DomainError, accounts, audit
from contest.services.demo import seed_demo
from contest.services.editions import create_edition, find_or_create_contest
from contest.services.publication import move_to_phase

ROLE_CHOICES = click.Choice([role.value for role in Role])
CONTEST_KINDS = [kind.value for kind in ContestKind]
PHASE_NAMES = [phase.value for phase in Phase if phase != Phase.DRAFT]


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
@click.option("--number", type=WHOLE_NUMBER, required=True, help="N of lần thứ N")
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
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
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
            published = move_to_phase(edition=edition, phase=Phase(phase), actor=None,
                                      now=clock.now(), force=force)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
        if published is not None:
            with mail_context():
                sent = notifications.send_results(published, edition)
            click.echo(f"Đã gửi e-mail kết quả cho {sent} người.")
        click.echo(f"Đã chuyển {edition.title} từ {before.value} sang {edition.phase.value}.")


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command, create_edition_command,
                    set_phase_command, rank_command, *IMPORT_COMMANDS, *EXPORT_COMMANDS):
        app.cli.add_command(command)
