"""The ranking run of a large edition as a job: the same service as the synchronous run."""
from __future__ import annotations

from flask_babel import gettext as _

from contest.extensions import db
from contest.models import Job, User
from contest.queries.editions import edition_with_setup
from contest.queries.rankings import run_size
from contest.services import DomainError
from contest.services import results as services

KIND = "ranking"


def run_ranking(job: Job, progress) -> dict:
    """Rank the edition's round with the job's method; the result names the stored run. The
    service reads then writes in one go, so progress is only reported before it."""
    edition = db.session.scalar(edition_with_setup(job.edition_id))
    if edition is None:
        raise DomainError(_("Lần tổ chức này không còn tồn tại."))
    progress(0, total=1, message=_("Đang đọc phiếu chấm và xếp hạng…"))
    actor = db.session.get(User, job.user_id) if job.user_id else None
    run = services.run_ranking(edition=edition, round_number=job.parameters["round"],
                               method=job.parameters["method"], actor=actor)
    return {"run_id": run.id, "entries": db.session.scalar(run_size(run.id))}
