"""Two provinces on one deployment: province A (the default organisation) and province B,
each with the fuzz world's contest (editions in every phase, entries with files, judges and
sheets, a ranking run, a publication, an objection, national picks), plus a job and a mail
about one of its dossiers. The people of A use the fuzz world's addresses; B's start "b-".

Both report to a national body whose youth edition both provisional editions feed; each
province has locked its national list, so its picks arrived there (the national organiser,
NATIONAL_ORGANISER, is a member of the national body only)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from contest import clock
from contest.extensions import db
from contest.models import (
    Contest,
    Edition,
    Entry,
    EntryOrigin,
    Job,
    JobState,
    Membership,
    Organisation,
    OrganisationKind,
    ResultPublication,
    Role,
    User,
)
from contest.services.national import lock_national
from contest.services.national_feeds import set_feed
from contest.services.organisations import create_organisation, default_organisation
from contest.services.outbox import queue_mail
from tests import factories
from tests.fuzz.world import EMAILS, World, build_world
from tests.national.builders import national_edition

B_TAG = "b-"
NATIONAL_ORGANISER = "btc-toan-quoc@example.vn"
QUOTA = 10


@dataclass(frozen=True)
class Province:
    """A province's organisation and the ids of its world."""

    code: str
    world: World
    publication: int  # the provisional edition's published results
    job: int  # a finished ranking job of the judging edition
    mail: int  # a mail about the submitted dossier, not sent yet
    entrant: int  # the entrant of the world (a dossier in the province's editions)
    national_edition: int  # the national body's edition both provinces feed
    arrival: int  # the EntryOrigin of the province's first pick in the national edition
    arrived: int  # that arrived entry of the national edition


def build_provinces(app) -> tuple[Province, Province]:
    """Both provinces, committed."""
    first, second = build_world(app), build_world(app, tag=B_TAG)
    with app.app_context():
        home = default_organisation()
        other = create_organisation(code="tinh-b", name="Liên hiệp hội tỉnh B",
                                    kind=OrganisationKind.PROVINCIAL, audited=False)
        editions = [second.open_edition, second.judging_edition, second.provisional_edition]
        contests = {}
        for edition in db.session.scalars(select(Edition).where(Edition.id.in_(editions))):
            source = edition.contest
            if source.kind not in contests:
                contests[source.kind] = Contest(
                    kind=source.kind, name=source.name, organiser=other.name,
                    code_prefix=source.code_prefix, description=source.description,
                    organisation=other)
            edition.contest = contests[source.kind]
        b_organiser = db.session.scalar(select(User.id).where(
            User.email == B_TAG + "ban-to-chuc@example.vn"))
        db.session.execute(update(Membership).where(Membership.user_id == b_organiser)
                           .values(organisation_id=other.id))
        national = national_round({home: first, other: second})
        provinces = (extras(home.code, first, national, tag=""),
                     extras(other.code, second, national, tag=B_TAG))
        db.session.commit()
        return provinces


def national_round(provinces: dict[Organisation, World]) -> Edition:
    """The national body, its organiser and its youth edition fed by both provinces'
    provisional editions."""
    national = create_organisation(code="toan-quoc", name="Liên hiệp các Hội KH&KT Việt Nam",
                                   kind=OrganisationKind.NATIONAL, audited=False)
    factories.make_user(Role.ORGANIZER, email=NATIONAL_ORGANISER, organisation=national)
    edition = national_edition(national, prefix="TQ")
    for province, world in provinces.items():
        province.parent = national
        db.session.flush()
        set_feed(national_edition=edition, province=province,
                 provincial_edition=db.session.get(Edition, world.provisional_edition),
                 quota=QUOTA, field_quotas={}, actor=None)
    return edition


def extras(code: str, world: World, national: Edition, *, tag: str) -> Province:
    publication = db.session.scalar(select(ResultPublication.id).where(
        ResultPublication.edition_id == world.provisional_edition))
    job = Job(kind="ranking", edition_id=world.judging_edition, state=JobState.DONE,
              result={"run_id": world.run, "entries": 3}, done=3, total=3)
    db.session.add(job)
    mail = queue_mail(to=f"{code}@example.vn", subject=f"Thẩm định {code}", body="…",
                      kind="screening", entry=db.session.get(Entry, world.submitted))
    # The provisional edition's national list is locked (its ZIP can be downloaded), and its
    # picks arrived in the national edition.
    organiser = db.session.scalar(select(User).where(
        User.email == tag + EMAILS[Role.ORGANIZER]))
    lock_national(edition=db.session.get(Edition, world.provisional_edition), actor=organiser,
                  now=clock.now())
    arrival = db.session.scalars(select(EntryOrigin).join(EntryOrigin.province).where(
        EntryOrigin.national_edition_id == national.id, Organisation.code == code)
        .order_by(EntryOrigin.id)).first()
    owner = db.session.get(Entry, world.draft).owner_id
    db.session.flush()
    return Province(code=code, world=world, publication=publication, job=job.id, mail=mail.id,
                    entrant=owner, national_edition=national.id, arrival=arrival.id,
                    arrived=arrival.entry_id)
