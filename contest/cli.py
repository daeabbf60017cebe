"""Thin click commands over the services (see ../shared/FORMATS.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from contest.database import writing
from contest.extensions import db
from contest.models import Role
from contest.services import DomainError, accounts, audit
from contest.services.demo import seed_demo

ROLE_CHOICES = click.Choice([role.value for role in Role])


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


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command):
        app.cli.add_command(command)
