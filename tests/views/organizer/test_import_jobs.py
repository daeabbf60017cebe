"""A long import runs as a job (JOB_IMPORT_MIN_ROWS): the confirmation starts it with the
import's record, the worker writes the file batch by batch, the job's page reports the rows
and links to what was imported; a judges import e-mails its invitations from the worker; a job
started again after its worker died takes the half-written import away instead of writing the
file twice."""
from __future__ import annotations

from sqlalchemy import func, select

from contest.extensions import db
from contest.jobs.imports import KIND
from contest.models import Edition, Entry, ImportRun, ImportState, Job
from contest.services.import_runs import tag_rows
from contest.services.jobs import start_job
from tests.views.test_imports import TOKEN_INPUT, csv_upload, entry_titles, setup, upload
from tests.views.test_judges import edition_id  # noqa: F401 - a fixture
from tests.views.test_judges import upload as upload_judges

ROWS = [f",Sản phẩm {n},hoc-tap,Học sinh {n},01/01/2012,Trường Tiểu học Phú Quới"
        for n in range(1, 31)]


def token_of(page: str) -> str:
    return next(g for g in TOKEN_INPUT.search(page).groups() if g)


def job_of(response) -> int:
    location = response.headers["Location"]
    assert location.startswith("/organizer/jobs/"), location
    return int(location.rsplit("/", 1)[1])


def test_a_long_entries_file_is_written_by_a_job_whose_page_links_to_the_entries(
        client, auth, app):
    edition = setup(app, auth)
    app.config.update(JOB_IMPORT_MIN_ROWS=30, IMPORT_BATCH_ROWS=7, IMPORT_PAUSE_SECONDS=0)
    page = upload(client, edition, csv_upload(*ROWS)).get_data(as_text=True)
    started = auth.post(f"/organizer/editions/{edition}/import-entries",
                        {"token": token_of(page)})
    job_id = job_of(started)
    state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
    assert state["state"] == "done", state
    assert (state["done"], state["total"]) == (30, 30)
    assert state["result_text"] == "Đã nhập 30 hồ sơ."
    assert state["result_url"] == f"/organizer/editions/{edition}/entries"
    assert entry_titles(app) == [f"Sản phẩm {n}" for n in range(1, 31)]
    shown = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert "Nhập dữ liệu từ tệp" in shown and "Đã nhập 30 hồ sơ." in shown
    with app.app_context():
        run = db.session.scalar(select(ImportRun))
        assert (run.state, run.written) == (ImportState.DONE, 30)
        assert db.session.get(Job, job_id).parameters == {
            "import_id": run.id, "kind": "entries", "rows": 30}


def test_a_short_file_is_still_written_in_the_request(client, auth, app):
    edition = setup(app, auth)
    app.config["JOB_IMPORT_MIN_ROWS"] = 31
    page = upload(client, edition, csv_upload(*ROWS)).get_data(as_text=True)
    done = auth.post(f"/organizer/editions/{edition}/import-entries", {"token": token_of(page)})
    assert done.headers["Location"] == f"/organizer/editions/{edition}/entries"
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0
        assert db.session.scalar(select(func.count(Entry.id))) == 30


def test_a_judges_import_job_emails_the_invitations_from_the_worker(
        client, auth, app, outbox, edition_id):  # noqa: F811
    app.config["JOB_IMPORT_MIN_ROWS"] = 2
    page = upload_judges(client, edition_id, "E-mail,Họ và tên,Đơn vị,Lĩnh vực\n"
                         "hoa@example.vn,TS. Lê Thị Hoa,Trường Đại học Trà Vinh,moi-truong\n"
                         "binh@example.vn,Trần Văn Bình,,phan-mem\n").get_data(as_text=True)
    started = auth.post(f"/organizer/editions/{edition_id}/import-judges",
                        {"token": token_of(page)})
    state = client.get(f"/organizer/jobs/{job_of(started)}.json").get_json()
    assert state["state"] == "done", state
    assert state["result_text"] == "Đã nhập 2 giám khảo; đã gửi 2 e-mail mời tài khoản mới."
    assert state["result_url"] == f"/organizer/editions/{edition_id}/judges"
    assert sorted(m["To"] for m in outbox.messages()) == ["binh@example.vn", "hoa@example.vn"]


def test_a_job_restarted_over_a_half_written_import_takes_the_half_away(client, auth, app):
    """The worker died after committing some rows: running the job again must not write the
    file a second time; it removes those rows, fails the import and says to upload again."""
    edition = setup(app, auth)
    app.config["JOB_IMPORT_MIN_ROWS"] = 1000  # confirmed in the request
    page = upload(client, edition, csv_upload(*ROWS[:3])).get_data(as_text=True)
    auth.post(f"/organizer/editions/{edition}/import-entries", {"token": token_of(page)})
    with app.app_context():
        done = db.session.scalar(select(ImportRun))
        # A second import that a dead worker left "writing" with one committed entry.
        stale = ImportRun(kind="entries", edition_id=edition, file_name="ho-so.csv",
                          options={}, state=ImportState.WRITING, written=1, rows=3,
                          started_at=done.started_at, updated_at=done.started_at)
        db.session.add(stale)
        db.session.flush()
        tag_rows(stale, "entry", [db.session.scalar(select(func.max(Entry.id)))])
        job = start_job(KIND, edition=db.session.get(Edition, edition), actor=None,
                        parameters={"import_id": stale.id, "kind": "entries", "rows": 3})
        db.session.commit()  # the queue (immediate in tests) runs the job at the commit
        stale_id, job_id = stale.id, job.id
    state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
    assert state["state"] == "failed", state
    assert "các dòng đã ghi đã được gỡ bỏ" in state["error"]
    with app.app_context():
        assert db.session.get(ImportRun, stale_id).state == ImportState.FAILED
        assert db.session.scalar(select(func.count(Entry.id))) == 2  # the tagged one removed
