"""The runner of each kind of job: fn(job, progress) -> result dict (JSON), run by the worker's
`run_job` task (see running.py for how a runner reports progress and when it may write).

Adding a kind is two lines: import its runner here and add it to RUNNERS under its KIND; the
page that starts it calls `start_job(KIND, ...)`, and the job page shows its result (views/
organizer/jobs.py `result_link`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contest.jobs import imports, national_dossier, ranking, reminders

Runner = Callable[..., dict[str, Any]]

RUNNERS: dict[str, Runner] = {
    ranking.KIND: ranking.run_ranking,
    national_dossier.KIND: national_dossier.write_national_dossier,
    reminders.KIND: reminders.remind_late_judges,
    imports.KIND: imports.run_import,
}
