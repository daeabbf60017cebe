"""create-edition and set-phase: an edition from its contest's defaults, and its phases."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from contest import clock, notifications
from contest.cli.common import fail, mail_context
from contest.cli.organisations import ORGANISATION_OPTION
from contest.cli.params import WHOLE_NUMBER
from contest.database import writing
from contest.extensions import db
from contest.models import ContestKind, Edition, Phase
from contest.services import DomainError, audit
from contest.services.editions import create_edition, find_or_create_contest
from contest.services.organisations import chosen_organisation
from contest.services.publication import move_to_phase

CONTEST_KINDS = [kind.value for kind in ContestKind]
PHASE_NAMES = [phase.value for phase in Phase if phase != Phase.DRAFT]


@click.command("create-edition")
@with_appcontext
@click.option("--contest", "kind", required=True, help="youth or technical")
@click.option("--number", type=WHOLE_NUMBER, required=True, help="N of lần thứ N")
@click.option("--year", "year_label", required=True, help="Year label, e.g. 2025-2026")
@ORGANISATION_OPTION
def create_edition_command(kind: str, number: int, year_label: str,
                           organisation_code: str | None) -> None:
    """Create an edition from the contest's defaults and print its id on the last line."""
    audit.set_origin("cli")
    if kind not in CONTEST_KINDS:
        fail(f"Lỗi: không có cuộc thi “{kind}”; hãy dùng {' hoặc '.join(CONTEST_KINDS)}.")
    with writing():
        try:
            organisation = chosen_organisation(organisation_code)
            contest = find_or_create_contest(kind=ContestKind(kind), organisation=organisation)
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
        sent = None
        if published is not None:
            with mail_context():  # the results' mails are outbox rows of the same commit
                sent = notifications.send_results(published, edition)
        db.session.commit()
        if sent is not None:
            click.echo(f"Đã gửi e-mail kết quả cho {sent} người.")
        click.echo(f"Đã chuyển {edition.title} từ {before.value} sang {edition.phase.value}.")
