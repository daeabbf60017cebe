"""One realistic contest for the form fuzzer: every endpoint's URL parameters name an object
that the user chosen for it may post to (the entrant's own entry, the judge's own assignment...).

Three editions, each in the phase where its endpoints do their real work:
- `open`: registration open; the entrant's draft (with a photo and a PDF) and a submitted entry;
- `judging`: entries with finished sheets by two judges, the signed-in judge's draft sheet,
  a spare judge, a ranking run marked provisional and a future objection deadline;
- `provisional`: published provisional results, the entrant's objection, national picks.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    AttachmentKind,
    EntryStatus,
    MailStatus,
    NationalPick,
    Phase,
    Role,
    ScoreSheet,
    Screening,
    SheetStatus,
    TokenPurpose,
    User,
)
from contest.services import national, objections, publication, results, tokens
from contest.services.attachments import store_attachment
from contest.services.outbox import queue_mail
from contest.services.passwords import hash_password
from tests import factories
from tests.sample_files import image_bytes, pdf_bytes

EMAILS = {
    Role.ENTRANT: "thi-sinh@example.vn",
    Role.JUDGE: "giam-khao@example.vn",
    Role.ORGANIZER: "ban-to-chuc@example.vn",
    Role.ADMIN: "quan-tri@example.vn",
}


@cache
def password_hash() -> str:
    """One argon2 hash shared by every account of every world (hashing costs ~50 ms)."""
    return hash_password(factories.PASSWORD)


def _user(role: Role, email: str | None = None, **values) -> User:
    user = factories.make_user(role, email=email, password="", **values)
    user.password_hash = password_hash()
    return user


@dataclass(frozen=True)
class World:
    """Ids of the objects the endpoints' URL parameters resolve to."""

    open_edition: int
    judging_edition: int
    provisional_edition: int
    draft: int            # the entrant's draft in the open edition
    submitted: int        # the entrant's submitted, eligible entry in the open edition
    photo: int            # an attachment of the draft
    judged_entry: int     # an entry of the judging edition, assigned to the signed-in judge
    assignment: int       # the signed-in judge's assignment (a draft sheet)
    other_assignment: int  # a finished assignment of another judge on the same entry
    final_sheet: int      # that finished sheet
    judge: int            # the signed-in judge's Judge row in the judging edition
    spare_judge: int      # a judge on every panel with no assignment
    run: int              # the judging edition's ranking run (marked provisional)
    row: int              # a row of that run
    objection: int        # the entrant's objection in the provisional edition
    objection_entry: int  # the entrant's entry with a provisional result
    unpicked_code: str    # the code of an entry of the provisional edition not on the list
    pick: int             # a national pick of the provisional edition
    other_user: int       # an entrant the organiser may deactivate
    reset_token: str
    invite_token: str
    dead_mail: int  # an outbox mail the server never took: an organiser may send it again


def _open_edition(entrant: User, upload_root: Path):
    edition = factories.make_edition(phase=Phase.OPEN)
    draft = factories.make_entry(edition, owner=entrant, authors=("Nguyễn Thị Lan",))
    photo = store_attachment(entry=draft, actor=entrant, kind=AttachmentKind.PRODUCT_PHOTO,
                             stream=io.BytesIO(image_bytes()), filename="san-pham.png",
                             upload_root=upload_root)
    store_attachment(entry=draft, actor=entrant, kind=AttachmentKind.DESCRIPTION_PDF,
                     stream=io.BytesIO(pdf_bytes()), filename="thuyet-minh.pdf",
                     upload_root=upload_root)
    submitted = factories.make_eligible_entry(edition, owner=entrant)
    submitted.screening = Screening.PENDING
    return edition, draft, submitted, photo


def _judging_edition(judge_user: User, organiser: User):
    edition = factories.make_scored_edition([[80, 75], [60, 70], [50, 55]])
    other = db.session.scalars(select(Assignment).where(
        Assignment.entry.has(edition_id=edition.id)).order_by(Assignment.id)).first()
    judge = factories.make_judge(edition, edition.fields, user=judge_user)
    spare = factories.make_judge(edition, edition.fields, full_name="Giám khảo dự bị")
    mine = Assignment(entry=other.entry, judge=judge, round=1,
                      sheet=ScoreSheet(status=SheetStatus.DRAFT, scores=[]))
    db.session.add(mine)
    db.session.flush()
    run = results.run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    results.mark_provisional(edition=edition, run=run, actor=organiser)
    edition.objection_ends_at = clock.now() + timedelta(days=10)
    db.session.flush()
    return edition, mine, other, judge, spare, run


def _provisional_edition(entrant: User, organiser: User):
    edition = factories.make_scored_edition([[90, 85], [70, 72], [40, 45]])
    run = results.run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
    results.mark_provisional(edition=edition, run=run, actor=organiser)
    owned = run.rows[0].entry
    owned.owner = entrant
    owned.on_paper = False
    edition.objection_ends_at = clock.now() + timedelta(days=10)
    db.session.flush()
    publication.publish_provisional(edition=edition, actor=organiser, now=clock.now())
    objection = objections.file_objection(
        entry=owned, actor=entrant, reason="Điểm tiêu chí tính mới chưa đúng.", now=clock.now())
    national.propose_national(edition=edition, actor=organiser)
    pick = db.session.scalar(select(NationalPick).where(NationalPick.edition_id == edition.id)
                             .order_by(NationalPick.position))
    if pick is None:
        pick = national.add_pick(edition=edition, entry=run.rows[-1].entry,
                                 reason="Giải pháp có triển vọng.", actor=organiser)
    picked = set(db.session.scalars(select(NationalPick.entry_id).where(
        NationalPick.edition_id == edition.id)))
    unpicked = next((r.entry for r in run.rows if r.entry_id not in picked), run.rows[-1].entry)
    return edition, objection, pick, unpicked


def build_world(app, tag: str = "") -> World:
    """Build and commit the world in the app's database; `tag` starts every e-mail address
    (so that two worlds live in one database), and only the untagged world has the admin."""
    with app.app_context():
        entrant = _user(Role.ENTRANT, tag + EMAILS[Role.ENTRANT])
        judge_user = _user(Role.JUDGE, tag + EMAILS[Role.JUDGE])
        organiser = _user(Role.ORGANIZER, tag + EMAILS[Role.ORGANIZER])
        if not tag:
            _user(Role.ADMIN, EMAILS[Role.ADMIN])
        other = _user(Role.ENTRANT, tag + "thi-sinh-khac@example.vn")
        invited = _user(Role.JUDGE, tag + "moi@example.vn", verified=False)
        invited.password_hash = None
        upload_root = Path(app.config["UPLOAD_FOLDER"])
        open_edition, draft, submitted, photo = _open_edition(entrant, upload_root)
        judging, mine, other_assignment, judge, spare, run = _judging_edition(
            judge_user, organiser)
        provisional, objection, pick, unpicked = _provisional_edition(entrant, organiser)
        reset = tokens.issue_token(user=other, purpose=TokenPurpose.RESET, hours=2)
        invite = tokens.issue_token(user=invited, purpose=TokenPurpose.INVITE, hours=48)
        dead = queue_mail(to=other.email, subject="Kết quả thẩm định", body="…", kind="screening")
        dead.status, dead.attempts = MailStatus.DEAD, 8
        assert submitted.status == EntryStatus.SUBMITTED
        world = World(
            open_edition=open_edition.id, judging_edition=judging.id,
            provisional_edition=provisional.id, draft=draft.id, submitted=submitted.id,
            photo=photo.id, judged_entry=mine.entry_id, assignment=mine.id,
            other_assignment=other_assignment.id, final_sheet=other_assignment.sheet.id,
            judge=judge.id, spare_judge=spare.id, run=run.id, row=run.rows[0].id,
            objection=objection.id, objection_entry=objection.entry_id,
            unpicked_code=unpicked.code, pick=pick.id, other_user=other.id,
            reset_token=reset, invite_token=invite, dead_mail=dead.id)
        db.session.commit()
        return world
