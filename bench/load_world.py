"""What make bench-load adds to the bench's world (bench/world.py): a second edition of the
same contest, open for dossiers until tomorrow, and entrants who each own a few complete drafts
(every section, one author, the declaration) that lack only their files; and the judges' draft
sheets. Bulk inserts with explicit ids after the world's own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from bench.world import PASSWORD, World
from contest.extensions import db
from contest.models import (
    DESCRIPTION_SECTIONS,
    Author,
    Edition,
    EntrantType,
    Entry,
    EntryStatus,
    Gender,
    Phase,
    Role,
    User,
)
from contest.services.editions import create_edition
from contest.services.passwords import hash_password


def entrant_email(number: int) -> str:
    return f"entrant{number}@bench.vn"


@dataclass(frozen=True)
class Entrant:
    email: str
    drafts: list[int]  # entry ids, each a complete draft without files


def open_edition(world: World, entrants: int, drafts: int) -> list[Entrant]:
    """An open edition of the world's contest and `entrants` entrants with `drafts` drafts
    each; the world's app is used with a context of its own."""
    now = datetime.now(UTC)
    with world.app.app_context():
        judging = db.session.get(Edition, world.edition_id)
        edition = create_edition(contest=judging.contest, number=2, year_label="2026–2027")
        edition.phase = Phase.OPEN
        edition.submission_deadline_at = now + timedelta(days=1)
        db.session.flush()
        fields = [f.id for f in edition.fields]
        since = edition.applied_since_year or now.year
        user_id = db.session.scalar(select(func.max(User.id))) + 1
        entry_id = db.session.scalar(select(func.max(Entry.id))) + 1
        password = hash_password(PASSWORD)
        db.session.execute(insert(User), [
            {"id": user_id + n, "email": entrant_email(n), "full_name": f"Thí sinh {n}",
             "search_name": f"thi sinh {n} {entrant_email(n)}", "role": Role.ENTRANT,
             "password_hash": password, "email_verified_at": now} for n in range(entrants)])
        found, entries, authors = [], [], []
        for n in range(entrants):
            ids = list(range(entry_id, entry_id + drafts))
            entry_id += drafts
            found.append(Entrant(entrant_email(n), ids))
            for e in ids:
                entries.append({
                    "id": e, "edition_id": edition.id, "owner_id": user_id + n,
                    "status": EntryStatus.DRAFT, "title": f"Máy tưới cây tự động số {e}",
                    "field_id": fields[e % len(fields)], "entrant_type": EntrantType.PERSON,
                    "contact_phone": "0912345678", "applied_since_year": since,
                    "declaration_accepted": True, "created_at": now, "updated_at": now,
                    **{s: f"Nội dung phần {s} của giải pháp {e}." for s in DESCRIPTION_SECTIONS}})
                authors.append({
                    "entry_id": e, "position": 1, "full_name": f"Trần Văn Thí Sinh {e}",
                    "search_name": f"tran van thi sinh {e}", "birth_date": date(1990, 5, 17),
                    "gender": Gender.MALE, "unit_id": 1 + e % 400})
        db.session.execute(insert(Entry), entries)
        db.session.execute(insert(Author), authors)
        db.session.commit()
        db.session.remove()
    return found
