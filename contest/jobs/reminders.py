"""The reminder batch as a job: every judge with unfinished sheets in the current round is
reminded (an audited reminder and an outbox mail), except those reminded within the interval.
Each reminder is committed with the progress (a reminder sent stays sent if a later one
fails), in short transactions."""
from __future__ import annotations

from flask_babel import gettext as _

from contest import clock, notifications
from contest.extensions import db
from contest.models import Job, User
from contest.queries.editions import edition_with_setup
from contest.queries.judging import edition_judges, sheet_counts
from contest.services import DomainError, reminders

KIND = "judge_reminders"


def remind_late_judges(job: Job, progress) -> dict:
    """Remind each judge with unfinished sheets; the result counts the reminded and skipped."""
    edition = db.session.scalar(edition_with_setup(job.edition_id))
    if edition is None:
        raise DomainError(_("Lần tổ chức này không còn tồn tại."))
    unfinished = {judge_id for (judge_id, _field), (assigned, done)
                  in sheet_counts(edition.id, edition.current_round).items() if assigned > done}
    judges = [j for j in db.session.scalars(edition_judges(edition.id)).unique()
              if j.id in unfinished]
    actor = db.session.get(User, job.user_id) if job.user_id else None
    progress(0, total=len(judges), message=_("Đang nhắc giám khảo…"))
    reminded = skipped = 0
    for number, judge in enumerate(judges, start=1):
        try:
            remaining = reminders.send_reminder(judge=judge, actor=actor, now=clock.now())
        except DomainError:  # reminded within the interval: not again
            skipped += 1
        else:
            notifications.send_judge_reminder(judge, remaining)
            reminded += 1
        progress.keep(number, message=_("Đã nhắc %(n)s giám khảo, bỏ qua %(skipped)s",
                                        n=reminded, skipped=skipped))
    return {"reminded": reminded, "skipped": skipped}
