"""Real objects for tests, built through the models and services; they flush, never commit."""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Contest,
    ContestKind,
    Criterion,
    Edition,
    Entry,
    EntryStatus,
    Field,
    Judge,
    MemberRole,
    Organisation,
    PanelMember,
    Phase,
    Role,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from contest.services.demo_data import CONTESTS, ORGANISER
from contest.services.dossier import start_entry
from contest.services.editions import create_edition
from contest.services.organisations import add_membership, default_organisation
from contest.services.passwords import hash_password
from contest.services.submission import entry_code, next_entry_code
from contest.text import fold

PASSWORD = "Khong-doan-duoc-2026"
_counter = itertools.count(1)


def make_user(role: Role = Role.ENTRANT, *, email: str | None = None, full_name: str | None = None,
              password: str = PASSWORD, verified: bool = True, active: bool = True,
              unit: Unit | None = None, organisation: Organisation | None = None) -> User:
    """A user; an organiser is a member of `organisation`, or when none is given of the
    default one (of every organisation when the database holds several, as organisers acted
    before organisations)."""
    number = next(_counter)
    user = User(
        email=email or f"user{number}@example.vn",
        full_name=full_name or f"Nguyễn Văn Thử {number}",
        role=role,
        password_hash=hash_password(password) if password else None,
        is_active=active,
        email_verified_at=clock.now() if verified else None,
        unit=unit,
    )
    db.session.add(user)
    db.session.flush()
    if role == Role.ORGANIZER:
        every = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
        for member_of in [organisation] if organisation else every or [default_organisation()]:
            add_membership(user, member_of, MemberRole.ORGANIZER)
    return user


def make_unit(name: str = "Trường THPT Lưu Văn Liệt", kind: UnitKind = UnitKind.SCHOOL, *,
              organisation: Organisation | None = None) -> Unit:
    """A unit on the organisation's list (the default organisation's)."""
    unit = Unit(name=name, kind=kind, organisation_id=(organisation or default_organisation()).id)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_contest(kind: ContestKind = ContestKind.YOUTH, *,
                 organisation: Organisation | None = None) -> Contest:
    """The organisation's contest of this kind (the default organisation's when none is
    given; one per kind and organisation), created on first use."""
    organisation = organisation or default_organisation()
    contest = db.session.scalar(select(Contest).where(
        Contest.kind == kind, Contest.organisation_id == organisation.id).order_by(Contest.id))
    if contest is None:
        _kind, name, prefix, description = next(c for c in CONTESTS if c[0] == kind)
        contest = Contest(kind=kind, name=name, organiser=ORGANISER, code_prefix=prefix,
                          description=description, organisation=organisation)
        db.session.add(contest)
        db.session.flush()
    return contest


def make_edition(kind: ContestKind = ContestKind.YOUTH, *, phase: Phase = Phase.OPEN,
                 organisation: Organisation | None = None, **settings) -> Edition:
    """An edition with the contest's defaults, open since yesterday until 30 days from now.

    Any Edition column can be overridden: make_edition(max_photos=2, attachment_max_mb=1).
    """
    number = next(_counter) % 900 + 1  # unique within a test's database; the form allows ≤ 999
    now = clock.now()
    edition = create_edition(contest=make_contest(kind, organisation=organisation),
                             number=number,
                             year_label=f"{2000 + number % 100}–{2001 + number % 100}")
    edition.phase = phase
    edition.registration_opens_at = now - timedelta(days=1)
    edition.submission_deadline_at = now + timedelta(days=30)
    for name, value in settings.items():
        setattr(edition, name, value)
    db.session.flush()
    return edition


def make_entry(edition: Edition | None = None, *, owner: User | None = None,
               title: str = "Máy tưới cây tự động", authors: tuple[str, ...] = (),
               **values) -> Entry:
    """A draft entry of `owner` (a new entrant by default), with authors named in order."""
    edition = edition or make_edition()
    owner = owner or make_user(Role.ENTRANT)
    entry = start_entry(edition=edition, owner=owner, client_token=None)
    entry.title = title
    entry.authors = [Author(position=position, full_name=name)
                     for position, name in enumerate(authors, start=1)]
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()
    return entry


def make_judge(edition: Edition, fields: Iterable[Field] = (), *, unit: Unit | None = None,
               round: int = 1, user: User | None = None, **user_values) -> Judge:
    """A judge of the edition (a new judge account unless `user` is given) seated on the
    panels of `fields` in `round`."""
    user = user or make_user(Role.JUDGE, unit=unit, **user_values)
    judge = Judge(edition=edition, user=user,
                  seats=[PanelMember(field=field, round=round) for field in fields])
    db.session.add(judge)
    db.session.flush()
    return judge


# A sheet given to the scoring builders: a total (spread over the criteria, see split_total)
# or one score per criterion in the edition's order.
SheetScores = float | int | str | Decimal | Sequence[float | int | str | Decimal]


def split_total(total, criteria: Sequence[Criterion]) -> list[Decimal]:
    """A total as criterion scores: each criterion filled to its maximum in order (83 on the
    youth criteria 30/25/25/10/10 gives 30, 25, 25, 3, 0)."""
    left, values = Decimal(str(total)), []
    for criterion in criteria:
        value = min(left, criterion.max_score)
        values.append(value)
        left -= value
    assert left == 0, f"{total} is more than the criteria allow"
    return values


def make_eligible_entry(edition: Edition, field: Field | None = None, *,
                        title: str | None = None, owner: User | None = None,
                        flush: bool = True) -> Entry:
    """A submitted entry that passed screening, with its code and one author."""
    number = next(_counter)
    entry = Entry(edition=edition, field=field or edition.fields[0], owner=owner,
                  title=title or f"Giải pháp thử {number}", status=EntryStatus.SUBMITTED,
                  screening=Screening.ELIGIBLE, submitted_at=clock.now(), on_paper=owner is None)
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=f"Trần Thị Thử {number}")]
    db.session.add(entry)
    if flush:
        db.session.flush()
    return entry


def add_sheets(entry: Entry, judges: Sequence[Judge], sheets: Sequence[SheetScores], *,
               round: int = 1, flush: bool = True) -> None:
    """Finished score sheets for the entry: sheets[i] is judges[i]'s (a total or the scores)."""
    criteria = entry.edition.criteria
    for judge, given in zip(judges, sheets, strict=False):
        values = (split_total(given, criteria) if isinstance(given, float | int | str | Decimal)
                  else [Decimal(str(v)) for v in given])
        assignment = Assignment(entry=entry, judge=judge, round=round)
        assignment.sheet = ScoreSheet(
            status=SheetStatus.FINAL, finalised_at=clock.now(),
            scores=[Score(criterion_id=c.id, value=v)
                    for c, v in zip(criteria, values, strict=False)])
        db.session.add(assignment)
    if flush:
        db.session.flush()


def make_scored_edition(sheets: Sequence[Sequence[SheetScores]], *,
                        fields: Sequence[int] | None = None, judges: int | None = None,
                        kind: ContestKind = ContestKind.YOUTH, round: int = 1,
                        **settings) -> Edition:
    """A judging edition whose i-th entry (“Giải pháp thử …”, in field fields[i] by index,
    the first field by default) has the finished sheets sheets[i], one per judge in order.
    Judges are named “Giám khảo 1”, “Giám khảo 2”… and sit on every field's panel."""
    edition = make_edition(kind, phase=Phase.JUDGING, **settings)
    count = judges or max((len(s) for s in sheets), default=0)
    panel = [make_judge(edition, edition.fields, round=round, full_name=f"Giám khảo {n}")
             for n in range(1, count + 1)]
    with db.session.no_autoflush:  # one flush at the end: the inserts go in batches
        for index, entry_sheets in enumerate(sheets):
            field = edition.fields[fields[index] if fields else 0]
            add_sheets(make_eligible_entry(edition, field, flush=False), panel, entry_sheets,
                       round=round, flush=False)
    db.session.flush()
    return edition


def insert_entries(edition: Edition, entries: Sequence[dict],
                   authors: Sequence[Sequence[dict]]) -> list[int]:
    """Many entries with their authors in two bulk INSERTs (the 1,000-row list fixtures).

    `entries` are Entry column values, `authors[i]` the author rows of entry i (a `unit` key
    names the Unit); codes come from the edition's counter and search keys are folded as
    next_entry_code and Entry.refresh_search_text do one object at a time. Returns the ids.
    """
    last = db.session.execute(
        update(Edition).where(Edition.id == edition.id)
        .values(entry_seq=Edition.entry_seq + len(entries)).returning(Edition.entry_seq)
    ).scalar_one()
    rows = []
    for number, (values, people) in enumerate(zip(entries, authors, strict=True),
                                              start=last - len(entries) + 1):
        code = entry_code(edition, number)
        parts = [code, values.get("title", "")]
        for person in people:
            parts.append(person["full_name"])
            if person.get("unit") is not None:
                parts.append(person["unit"].name)
        if values.get("teacher_name"):
            parts.append(values["teacher_name"])
        rows.append({"edition_id": edition.id, **values, "code": code,
                     "search_text": fold(" ".join(parts))})
    ids = list(db.session.scalars(
        insert(Entry).returning(Entry.id, sort_by_parameter_order=True), rows))
    author_rows = [
        {**{k: v for k, v in person.items() if k != "unit"}, "entry_id": entry_id,
         "position": position, "search_name": fold(person["full_name"]),
         "unit_id": person["unit"].id if person.get("unit") is not None else None}
        for entry_id, people in zip(ids, authors, strict=True)
        for position, person in enumerate(people, start=1)]
    if author_rows:
        db.session.execute(insert(Author), author_rows)
    return ids
