"""Two provinces on one deployment: province A (the default organisation) and province B,
each with the fuzz world's contest (editions in every phase, entries with files, judges and
sheets, a ranking run, a publication, an objection, national picks), plus a job and a mail
about one of its dossiers. The people of A use the fuzz world's addresses; B's start "b-"."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from contest import clock
from contest.extensions import db
from contest.models import (
    Contest,
    Edition,
    Entry,
    Job,
    JobState,
    Membership,
    OrganisationKind,
    ResultPublication,
    User,
)
from contest.services.organisations import create_organisation, default_organisation
from contest.services.outbox import queue_mail
from tests.fuzz.world import World, build_world

B_TAG = "b-"


@dataclass(frozen=True)
class Province:
    """A province's organisation and the ids of its world."""

    code: str
    world: World
    publication: int  # the provisional edition's published results
    job: int  # a finished ranking job of the judging edition
    mail: int  # a mail about the submitted dossier, not sent yet
    entrant: int  # the entrant of the world (a dossier in the province's editions)


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
        provinces = (extras(home.code, first), extras(other.code, second))
        db.session.commit()
        return provinces


def extras(code: str, world: World) -> Province:
    publication = db.session.scalar(select(ResultPublication.id).where(
        ResultPublication.edition_id == world.provisional_edition))
    job = Job(kind="ranking", edition_id=world.judging_edition, state=JobState.DONE,
              result={"run_id": world.run, "entries": 3}, done=3, total=3)
    db.session.add(job)
    mail = queue_mail(to=f"{code}@example.vn", subject=f"Thẩm định {code}", body="…",
                      kind="screening", entry=db.session.get(Entry, world.submitted))
    # The provisional edition's national list is locked: its ZIP can be downloaded.
    db.session.get(Edition, world.provisional_edition).national_locked_at = clock.now()
    owner = db.session.get(Entry, world.draft).owner_id
    db.session.flush()
    return Province(code=code, world=world, publication=publication, job=job.id, mail=mail.id,
                    entrant=owner)
