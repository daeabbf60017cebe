"""Signed national packages between deployments: the province's key pair, the national
body's registration of it, the export of a locked list and its import (FORMATS.md)."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from contest import clock
from contest.cli.common import fail, written_whole
from contest.cli.params import WHOLE_NUMBER
from contest.database import writing
from contest.exports.national_package import write_national_package
from contest.extensions import db
from contest.models import Edition
from contest.services import DomainError, audit
from contest.services.national_keys import create_organisation_key, register_organisation_key
from contest.services.national_package import import_national_package
from contest.services.organisations import chosen_organisation


def edition_or_fail(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        fail(f"Lỗi: không có lần tổ chức nào mang mã số {edition_id}.")
    return edition


@click.command("create-organisation-key")
@with_appcontext
@click.argument("code")
def create_organisation_key_command(code: str) -> None:
    """Make the organisation's Ed25519 key pair; print the public key on the last line."""
    try:
        organisation = chosen_organisation(code)
        public = create_organisation_key(organisation)
    except DomainError as error:
        fail(f"Lỗi: {error}")
    click.echo(f"Đã tạo khóa ký gói hồ sơ cho {organisation.name}. Gửi khóa công khai dưới đây "
               "cho cơ quan toàn quốc để đăng ký:")
    click.echo(public)


@click.command("register-organisation-key")
@with_appcontext
@click.argument("code")
@click.argument("public_key")
def register_organisation_key_command(code: str, public_key: str) -> None:
    """Register the public key a province's national packages must be signed with."""
    audit.set_origin("cli")
    with writing():
        try:
            organisation = chosen_organisation(code)
            register_organisation_key(organisation=organisation, public_key=public_key,
                                      actor=None)
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        db.session.commit()
    click.echo(f"Đã đăng ký khóa công khai của {organisation.name}.")


@click.command("export-national-package")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("output", metavar="OUT.zip",
                type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_national_package_command(edition_id: int, output: Path) -> None:
    """Write the locked national list of a provincial edition as a signed package."""
    edition = edition_or_fail(edition_id)
    with written_whole(output) as partial:
        count = write_national_package(edition, partial, now=clock.now())
    click.echo(f"Đã xuất gói {count} hồ sơ dự thi toàn quốc đã ký của {edition.title} vào "
               f"{output}.")


@click.command("import-national-package")
@with_appcontext
@click.argument("edition_id", metavar="EDITION", type=WHOLE_NUMBER)
@click.argument("package", metavar="FILE.zip",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_national_package_command(edition_id: int, package: Path) -> None:
    """Import a province's signed package into a national edition, all or nothing."""
    audit.set_origin("cli")
    with writing():
        edition = edition_or_fail(edition_id)
        try:
            read, arrived = import_national_package(national_edition=edition, path=package,
                                                    actor=None, now=clock.now())
        except DomainError as error:
            db.session.rollback()
            fail(f"Lỗi: {error}")
        if read.received is not None:
            db.session.rollback()
            click.echo(f"Gói này đã được nhập lúc {read.received.received_at:%d/%m/%Y %H:%M}; "
                       "không có gì thay đổi.")
            return
        db.session.commit()
    skipped = len(read.entries) - len(arrived)
    click.echo(f"Đã nhận {len(arrived)} hồ sơ của {read.province.name} vào {edition.title}"
               + (f" ({skipped} hồ sơ đã có từ trước)." if skipped else "."))
    for entry in arrived:
        click.echo(entry.code)


NATIONAL_PACKAGE_COMMANDS = (create_organisation_key_command, register_organisation_key_command,
                             export_national_package_command, import_national_package_command)
