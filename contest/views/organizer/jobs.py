"""A job's page for organisers: its progress bar (polled as JSON by static/js/job-progress.js,
refreshed by the page itself without JS), its result or error, the download of a file it
wrote, and starting again a job whose worker died."""
from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest import clock
from contest.forms.auth import ConfirmForm
from contest.jobs import imports, national_dossier, ranking, reminders
from contest.models import Edition, Job, JobState
from contest.services.jobs import looks_stopped, restart_job
from contest.views import loaders
from contest.views.loaders import load_edition
from contest.views.organizer import bp
from contest.views.transaction import back_to, on_refusal

STATE_NAMES = {JobState.QUEUED: _l("Đang chờ"), JobState.RUNNING: _l("Đang chạy"),
               JobState.DONE: _l("Đã xong"), JobState.FAILED: _l("Không thành công")}
KIND_NAMES = {ranking.KIND: _l("Xếp hạng"),
              national_dossier.KIND: _l("Hồ sơ gửi dự thi toàn quốc (ZIP)"),
              reminders.KIND: _l("Nhắc giám khảo còn phiếu chưa chấm"),
              imports.KIND: _l("Nhập dữ liệu từ tệp")}


def load_job(job_id: int) -> tuple[Job, Edition | None]:
    """The job and its edition if the user may see it: its edition's (load_edition decides),
    or without an edition its starter's and the admins'; 404 otherwise."""
    job = loaders.load_job(job_id)
    return job, load_edition(job.edition_id) if job.edition_id is not None else None


def result_link(job: Job) -> tuple[str, str] | None:
    """(url, words) of what a finished job made: the ranking run, the file, the judges."""
    result = job.result or {}
    if job.state != JobState.DONE:
        return None
    if job.kind == ranking.KIND:
        return (url_for("organizer.ranking_run", run_id=result["run_id"]),
                _("Xem lần xếp hạng (%(n)s hồ sơ)", n=result["entries"]))
    if job.kind == national_dossier.KIND:
        return url_for("organizer.job_file", job_id=job.id), _("Tải tệp ZIP hồ sơ")
    if job.kind == reminders.KIND:
        return (url_for("organizer.judging", edition_id=job.edition_id),
                _("Đã nhắc %(n)s giám khảo; bỏ qua %(skipped)s giám khảo đã được nhắc trong "
                  "24 giờ qua. Về trang tiến độ chấm.", n=result["reminded"],
                  skipped=result["skipped"]))
    if job.kind == imports.KIND:
        return imported_link(job.edition_id, result)
    return None


def imported_link(edition_id: int, result: dict) -> tuple[str, str]:
    """Where an import's rows are seen, and what it wrote."""
    if result["kind"] == "judges":
        return (url_for("organizer.judges", edition_id=edition_id),
                _("Đã nhập %(n)s giám khảo; đã gửi %(invited)s e-mail mời tài khoản mới.",
                  n=result["count"], invited=result["invited"]))
    if result["kind"] == "scores":
        return (url_for("organizer.judging", edition_id=edition_id),
                _("Đã nhập %(n)s phiếu chấm (%(final)s hoàn tất).", n=result["count"],
                  final=result["final"]))
    return (url_for("organizer.entries", edition_id=edition_id),
            _("Đã nhập %(n)s hồ sơ.", n=result["count"]))


def job_state(job: Job) -> dict:
    """What the page and the poller show, the same for both."""
    link = result_link(job)
    return {"id": job.id, "kind": job.kind, "state": job.state.value,
            "state_name": str(STATE_NAMES[job.state]), "done": job.done, "total": job.total,
            "message": job.message, "error": job.error,
            "finished": job.state in (JobState.DONE, JobState.FAILED),
            "stopped": looks_stopped(job, clock.now()),
            "result_url": link[0] if link else None, "result_text": link[1] if link else None}


@bp.route("/jobs/<int:job_id>")
def job(job_id: int):
    found, edition = load_job(job_id)
    return render_template("organizer/job.html", job=found, edition=edition,
                           state=job_state(found), kind_name=KIND_NAMES.get(found.kind, found.kind),
                           state_names=STATE_NAMES, confirm=ConfirmForm())


@bp.route("/jobs/<int:job_id>.json")
def job_json(job_id: int):
    return jsonify(job_state(load_job(job_id)[0]))


@bp.route("/jobs/<int:job_id>/file")
def job_file(job_id: int):
    found, _edition = load_job(job_id)
    path = national_dossier.export_file(found) if found.state == JobState.DONE else None
    if found.kind != national_dossier.KIND or path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"ho-so-toan-quoc-{found.edition_id}.zip")


@bp.route("/jobs/<int:job_id>/restart", methods=["POST"])
def restart(job_id: int):
    found, _edition = load_job(job_id)
    on_refusal(back_to(url_for("organizer.job", job_id=found.id), category="warning"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    again = restart_job(job=found, actor=current_user, now=clock.now())
    return redirect(url_for("organizer.job", job_id=again.id))
