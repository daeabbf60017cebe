"""create-user: an account with a generated password."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from contest.cli.common import fail
from contest.database import writing
from contest.extensions import db
from contest.models import Role
from contest.services import DomainError, accounts, audit

ROLE_CHOICES = click.Choice([role.value for role in Role])


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
