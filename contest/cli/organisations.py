"""create-organisation: an organising body (the national body, or a province's union)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from contest.cli.common import fail
from contest.database import writing
from contest.extensions import db
from contest.models import OrganisationKind
from contest.services import DomainError, audit
from contest.services.organisations import chosen_organisation, create_organisation

KINDS = click.Choice([kind.value for kind in OrganisationKind])
ORGANISATION_OPTION = click.option(
    "--organisation", "organisation_code", default=None, metavar="CODE",
    help="the organisation's code (needed when the database holds several)")


@click.command("create-organisation")
@with_appcontext
@click.option("--code", required=True, help="short code used in addresses, e.g. vinh-long")
@click.option("--name", required=True, help="full name")
@click.option("--kind", type=KINDS, required=True, help="national or provincial")
@click.option("--parent", "parent_code", default=None, metavar="CODE",
              help="the national body a province reports to")
def create_organisation_command(code: str, name: str, kind: str, parent_code: str | None) -> None:
    """Create an organisation and print its id on the last line."""
    audit.set_origin("cli")
    with writing():
        try:
            parent = chosen_organisation(parent_code) if parent_code else None
            organisation = create_organisation(code=code, name=name, kind=OrganisationKind(kind),
                                               parent=parent)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
        click.echo(f"Đã tạo tổ chức {organisation.name} ({organisation.code}).")
        click.echo(organisation.id)
