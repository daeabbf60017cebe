"""The three kinds of job the organiser starts: a ranking run of a large edition (the same rows
as the synchronous run), the national dossier ZIP (the same members as the streamed one, in
the export folder), the reminder batch (one outbox mail per late judge, once a day)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AuditEvent,
    Job,
    JobState,
    Judge,
    OutboxMail,
    RankingRow,
)
from contest.services.attachments import attachment_path
from tests.national_dossier import ORGANISER as NATIONAL_ORGANISER
from tests.national_dossier import locked_dossier
from tests.views.judging_organizer.conftest import contest  # noqa: F401  (fixture)
from tests.views.judging_organizer.world import ORGANISER as JUDGING_ORGANISER
from tests.views.judging_organizer.world import auto_assign, finalise
from tests.views.results.conftest import edition, people  # noqa: F401  (fixtures)
from tests.views.results.world import ORGANISER


def job_id_of(response) -> int:
    location = response.headers["Location"]
    assert location.startswith("/organizer/jobs/"), location
    return int(location.rsplit("/", 1)[1])


def rows_of(app, run_id: int) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(RankingRow.entry_id, RankingRow.position, RankingRow.rank, RankingRow.score,
                   RankingRow.award, RankingRow.flags).where(RankingRow.run_id == run_id)
            .order_by(RankingRow.position)).all()


def test_a_large_editions_ranking_runs_as_a_job_with_the_synchronous_runs_rows(
        app, client, auth, edition):  # noqa: F811
    auth.login(ORGANISER)
    form = {"method": "median", "round": "1"}
    synchronous = auth.post(f"/organizer/editions/{edition['edition']}/results/run", form)
    assert synchronous.headers["Location"].startswith("/organizer/runs/")  # 5 entries < 2000
    sync_run = int(synchronous.headers["Location"].rsplit("/", 1)[1])
    app.config["JOB_RANKING_MIN_ENTRIES"] = 5
    started = auth.post(f"/organizer/editions/{edition['edition']}/results/run", form)
    job_id = job_id_of(started)
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.kind, job.parameters) == (
            JobState.DONE, "ranking", {"round": 1, "method": "median"})
        job_run = job.result["run_id"]
    assert job.result == {"run_id": job_run, "entries": 5}
    assert "Đã xong" in page
    assert f'href="/organizer/runs/{job_run}"' in page
    assert job_run != sync_run
    assert rows_of(app, job_run) == rows_of(app, sync_run) and len(rows_of(app, job_run)) == 5


def zip_members(data: bytes) -> dict[str, object]:
    """Each member's bytes; the list as its cells (an XLSX file records when it was written,
    and the digests' line of it with it)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    members: dict[str, object] = {name: archive.read(name) for name in archive.namelist()}
    sheet = openpyxl.load_workbook(io.BytesIO(members["list.xlsx"])).active
    members["list.xlsx"] = [list(row) for row in sheet.iter_rows(values_only=True)]
    members["sha256.txt"] = [line for line in members["sha256.txt"].decode().splitlines()
                             if not line.endswith("list.xlsx")]
    return members


def test_the_national_zip_job_writes_the_streamed_zips_members_to_the_export_folder(
        app, client, auth, tmp_path):
    app.config["EXPORT_FOLDER"] = str(tmp_path / "chung")
    with app.app_context():
        dossier = locked_dossier()
    auth.login(NATIONAL_ORGANISER)
    page = client.get(f"/organizer/editions/{dossier.edition_id}/national").get_data(as_text=True)
    assert f'action="/organizer/editions/{dossier.edition_id}/national.zip/job"' in page
    streamed = client.get(f"/organizer/editions/{dossier.edition_id}/national.zip").get_data()
    job_id = job_id_of(auth.post(f"/organizer/editions/{dossier.edition_id}/national.zip/job"))
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert f'href="/organizer/jobs/{job_id}/file"' in page
    download = client.get(f"/organizer/jobs/{job_id}/file")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == (
        f"attachment; filename=ho-so-toan-quoc-{dossier.edition_id}.zip")
    members = zip_members(download.get_data())
    assert members == zip_members(streamed)
    assert f"03-{dossier.codes[2]}/ảnh (2).png" in members
    assert members[f"01-{dossier.codes[0]}/ho-so.pdf"].startswith(b"%PDF-")
    assert members[f"01-{dossier.codes[0]}/giay-chung-nhan.pdf"].startswith(b"%PDF-")
    files = sorted(p.name for p in Path(tmp_path / "chung").iterdir())
    assert files == [f"ho-so-toan-quoc-{dossier.edition_id}-{job_id}.zip"]  # no .part left
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.total) == (JobState.DONE, 3, 3)


def test_the_national_zip_job_waits_for_the_locked_list_and_a_lost_file_is_not_found(
        app, client, auth, tmp_path):
    app.config["EXPORT_FOLDER"] = str(tmp_path / "chung")
    with app.app_context():
        dossier = locked_dossier(lock=False)
    auth.login(NATIONAL_ORGANISER)
    assert auth.post(f"/organizer/editions/{dossier.edition_id}/national.zip/job"
                     ).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0


def test_a_missing_attachment_fails_the_zip_job_with_its_name(app, client, auth, tmp_path):
    app.config["EXPORT_FOLDER"] = str(tmp_path / "chung")
    with app.app_context():
        dossier = locked_dossier()
        photo = db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()
        attachment_path(photo, Path(app.config["UPLOAD_FOLDER"])).unlink()
    auth.login(NATIONAL_ORGANISER)
    job_id = job_id_of(auth.post(f"/organizer/editions/{dossier.edition_id}/national.zip/job"))
    state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
    assert state["state"] == "failed" and state["result_url"] is None
    assert state["error"].startswith("Không tìm thấy tệp")
    assert list(Path(tmp_path / "chung").iterdir()) == []  # the partial file is gone
    assert client.get(f"/organizer/jobs/{job_id}/file").status_code == 404


@pytest.fixture
def late(app, contest):  # noqa: F811
    """The judging world assigned, gk0 with every sheet finalised: six judges are late."""
    with app.app_context():
        auto_assign(contest)
        for assignment in db.session.scalars(select(Assignment).where(
                Assignment.judge_id == contest["judges"][0])).all():
            finalise(assignment)
    return contest


def reminder_mails(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(OutboxMail.recipient).where(
            OutboxMail.kind == "reminder").order_by(OutboxMail.recipient)).all()


def test_the_reminder_batch_mails_each_late_judge_once_a_day(app, client, auth, late):
    auth.login(JUDGING_ORGANISER)
    page = client.get(f"/organizer/editions/{late['edition']}/judging").get_data(as_text=True)
    assert "Nhắc mọi giám khảo còn phiếu chưa chấm" in page
    with app.app_context():
        first = db.session.get(Judge, late["judges"][1])
        first.reminded_at = clock.now()  # reminded by hand an hour ago: not again
        db.session.commit()
    job_id = job_id_of(auth.post(f"/organizer/editions/{late['edition']}/judging/remind"))
    state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
    assert (state["state"], state["done"], state["total"]) == ("done", 6, 6)
    assert state["result_text"].startswith("Đã nhắc 5 giám khảo; bỏ qua 1 giám khảo")
    expected = sorted(f"gk{i}@example.vn" for i in range(2, 7))
    assert reminder_mails(app) == expected
    again = job_id_of(auth.post(f"/organizer/editions/{late['edition']}/judging/remind"))
    with app.app_context():
        assert db.session.get(Job, again).result == {"reminded": 0, "skipped": 6}
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "judge.remind")) == 5
    assert reminder_mails(app) == expected  # the interval holds: no second mail
