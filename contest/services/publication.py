"""Publishing results as frozen versions: provisional (with an objection window), new
provisional versions (with a reason, a new window and a notice), then the final results.

What entrants and the public see is exactly the newest published version: choosing another
ranking run or changing an award afterwards changes nothing they see until a new version is
published. The final results are the last provisional version, unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from contest.extensions import db
from contest.i18n import show_datetime
from contest.models import (
    Edition,
    Entry,
    EntryStatus,
    Phase,
    PublishedResult,
    ResultPublication,
    User,
)
from contest.queries.results import current_publication, published_row
from contest.ranking import field_ranks
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.objections import MIN_REASON, objections_open, unanswered_objection
from contest.services.phases import set_phase
from contest.services.results import award_overrides, chosen_run, final_award


@dataclass(frozen=True)
class Line:
    """One entry's result as a version shows it."""

    entry_id: int
    position: int
    rank: int
    field_rank: int
    score: Decimal
    award: str | None

    @property
    def shown(self) -> tuple:
        """What an entrant sees of the line (its position in the list aside)."""
        return self.rank, self.field_rank, self.score, self.award


def pending_lines(edition: Edition) -> list[Line]:
    """The results a publication made now would freeze: the chosen run with the committee's
    award decisions applied."""
    run = chosen_run(edition)
    if run is None:
        raise DomainError(_l("Hãy chọn một lần xếp hạng làm kết quả tạm thời trước."))
    if run.round != edition.rounds:
        raise DomainError(_l("Kết quả phải là xếp hạng của vòng chung khảo."))
    overrides = award_overrides(edition)
    ranks = field_ranks((row.entry_id, row.entry.field_id, row.rank) for row in run.rows)
    return [Line(row.entry_id, row.position, row.rank, ranks[row.entry_id], row.score,
                 final_award(row, overrides)) for row in run.rows]


def published_lines(publication: ResultPublication) -> list[Line]:
    return [Line(r.entry_id, r.position, r.rank, r.field_rank, r.score, r.award)
            for r in publication.rows]


def changed_entries(before: list[Line], after: list[Line]) -> list[int]:
    """Entries whose result differs between two versions (or that are in only one)."""
    old = {line.entry_id: line.shown for line in before}
    new = {line.entry_id: line.shown for line in after}
    return sorted(entry_id for entry_id in old.keys() | new.keys()
                  if old.get(entry_id) != new.get(entry_id))


@dataclass(frozen=True)
class Published:
    """A new version and the entries whose people must be told about it."""

    publication: ResultPublication
    notify: list[int]


def publish_provisional(*, edition: Edition, actor: User | None, now: datetime,
                        reason: str = "") -> Published:
    """Publish the chosen results for objections; once a version is out, publishing another
    needs a reason, restarts the window and notifies only the entrants whose result changed."""
    lines = pending_lines(edition)
    current = current_publication(edition)
    reason = (reason or "").strip()
    if current is None:
        set_phase(edition=edition, phase=Phase.PROVISIONAL, actor=actor, now=now)
        notify = submitted_entries(edition)
    else:
        if edition.phase != Phase.PROVISIONAL:
            raise DomainError(_l("Kết quả chính thức đã công bố; không thể công bố lại."))
        if len(reason) < MIN_REASON:
            raise DomainError(_l("Hãy ghi lý do công bố phiên bản kết quả tạm thời mới "
                                 "(ít nhất 10 ký tự); thí sinh sẽ được báo."))
        notify = changed_entries(published_lines(current), lines)
        if not notify:
            raise DomainError(_l("Kết quả không khác phiên bản %(n)s đang công bố; không cần "
                                 "công bố phiên bản mới.", n=current.version))
    ends_at = now + timedelta(days=edition.objection_days)
    publication = store_version(edition, lines, actor=actor, now=now, final=False,
                                reason=reason, objection_ends_at=ends_at,
                                version=current.version + 1 if current else 1)
    edition.objection_ends_at = ends_at
    db.session.flush()
    record_event(actor=actor, action="results.publish_provisional", target=edition, after={
        "version": publication.version, "run": publication.run_id, "reason": reason,
        "objection_ends_at": show_datetime(ends_at), "entries": len(lines),
        "changed": len(notify) if current else None})
    return Published(publication, notify)


def publish_final(*, edition: Edition, actor: User | None, now: datetime) -> Published:
    """Make the last provisional version official once its objection window has run and
    every objection has its answer."""
    current = current_publication(edition)
    if current is None or edition.phase != Phase.PROVISIONAL:
        raise DomainError(_l("Hãy công bố kết quả tạm thời trước."))
    if objections_open(edition, now):
        raise DomainError(_l(
            "Thời hạn khiếu nại đến %(at)s chưa kết thúc: chỉ công bố kết quả chính thức sau "
            "thời điểm đó. Trong thời gian chờ, hãy trả lời các khiếu nại; nếu có lý do chính "
            "đáng để kết thúc sớm, quản trị viên có thể đóng thời hạn khiếu nại (kèm lý do) "
            "trên trang Khiếu nại.", at=show_datetime(edition.objection_ends_at)))
    if unanswered_objection(edition) is not None:
        raise DomainError(_l("Còn khiếu nại chưa trả lời: hãy trả lời mọi khiếu nại trước khi "
                             "công bố kết quả chính thức."))
    lines = published_lines(current)
    if changed_entries(lines, pending_lines(edition)):
        raise DomainError(_l(
            "Bảng xếp hạng hoặc giải đã thay đổi so với kết quả tạm thời đang công bố (phiên "
            "bản %(n)s). Hãy công bố phiên bản tạm thời mới để thí sinh được xem và khiếu nại, "
            "hoặc chọn lại đúng kết quả đã công bố.", n=current.version))
    set_phase(edition=edition, phase=Phase.FINAL, actor=actor, now=now)
    publication = store_version(edition, lines, actor=actor, now=now, final=True, reason="",
                                objection_ends_at=None, version=current.version + 1,
                                run_id=current.run_id)
    record_event(actor=actor, action="results.publish_final", target=edition, after={
        "version": publication.version, "from_version": current.version,
        "entries": len(lines)})
    return Published(publication, submitted_entries(edition))


def move_to_phase(*, edition: Edition, phase: Phase, actor: User | None, now: datetime,
                  force: bool = False) -> Published | None:
    """The phase form and `set-phase`: the results phases start only by publishing (force
    skips date checks elsewhere, never the objection window)."""
    if phase == Phase.PROVISIONAL and edition.phase == Phase.JUDGING:
        return publish_provisional(edition=edition, actor=actor, now=now)
    if phase == Phase.FINAL and edition.phase == Phase.PROVISIONAL:
        return publish_final(edition=edition, actor=actor, now=now)
    set_phase(edition=edition, phase=phase, actor=actor, now=now, force=force)
    return None


def store_version(edition: Edition, lines: list[Line], *, actor: User | None, now: datetime,
                  final: bool, reason: str, objection_ends_at: datetime | None, version: int,
                  run_id: int | None = None) -> ResultPublication:
    """Write one version and its rows (one bulk insert whatever the size)."""
    publication = ResultPublication(
        edition_id=edition.id, version=version, final=final,
        run_id=run_id if run_id is not None else edition.provisional_run_id, reason=reason,
        show_scores=edition.show_scores, published_at=now,
        published_by_id=actor.id if actor else None,
        objection_ends_at=objection_ends_at)
    db.session.add(publication)
    db.session.flush()
    if lines:
        db.session.execute(insert(PublishedResult), [
            {"publication_id": publication.id, "entry_id": line.entry_id,
             "position": line.position, "rank": line.rank, "field_rank": line.field_rank,
             "score": line.score, "award": line.award} for line in lines])
    return publication


def submitted_entries(edition: Edition) -> list[int]:
    """Every entry of the edition that was submitted: each has a result to be told."""
    return list(db.session.scalars(select(Entry.id).where(
        Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED)
        .order_by(Entry.id)))


@dataclass(frozen=True)
class Result:
    """What an entrant (or the public) may see of one entry's result."""

    final: bool
    version: int
    rank: int
    field_rank: int
    score: Decimal | None  # None when the edition does not show scores
    award: str | None
    award_name: str | None
    objection_ends_at: datetime | None


def result_of(publication: ResultPublication, row: PublishedResult | None,
              edition: Edition) -> Result | None:
    if row is None:
        return None
    names = {t.code: t.name for t in edition.award_tiers}
    return Result(final=publication.final, version=publication.version, rank=row.rank,
                  field_rank=row.field_rank,
                  score=row.score if publication.show_scores else None, award=row.award,
                  award_name=names.get(row.award),
                  objection_ends_at=None if publication.final else edition.objection_ends_at)


def visible_result(entry: Entry) -> Result | None:
    """The entry's result in the published version, or None while nothing is published."""
    publication = current_publication(entry.edition)
    if publication is None:
        return None
    row = db.session.scalar(published_row(publication.id, entry.id))
    return result_of(publication, row, entry.edition)
