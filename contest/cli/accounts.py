"""create-user: an account with a generated password."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from contest.cli.common import fail
from contest.cli.organisations import ORGANISATION_OPTION
from contest.database import writing
from contest.extensions import db
from contest.models import MemberRole, Role
from contest.services import DomainError, accounts, audit
from contest.services.organisations import add_membership, chosen_organisation

ROLE_CHOICES = click.Choice([role.value for role in Role])


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=ROLE_CHOICES, required=True, help="entrant, judge, organizer or admin")
@click.option("--name", default=None, help="Full name (defaults to the e-mail's local part)")
@ORGANISATION_OPTION
def create_user_command(email: str, role: str, name: str | None,
                        organisation_code: str | None) -> None:
    """Create an account and print its generated password. An organiser acts within one
    organisation (--organisation, or the only one); entrants, judges and admins need none."""
    audit.set_origin("cli")
    with writing():
        try:
            user, password = accounts.create_user(email=email, role=Role(role), full_name=name)
            if user.role == Role.ORGANIZER:
                add_membership(user, chosen_organisation(organisation_code),
                               MemberRole.ORGANIZER)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.email} ({user.role.value}).")
    click.echo(f"Mật khẩu: {password}")
