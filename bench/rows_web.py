"""The rows measured through the Flask test client, in this process: the run-ranking POST, the
ranking run page, the ranking XLSX download, the judging progress page and the public results
page, each with its SQL statements and the size of what it sends."""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime

from openpyxl import Workbook, load_workbook

from bench.measure import Row, Statements, Timing, counted, timed
from bench.world import ORGANISER, PASSWORD, World
from contest.extensions import db
from contest.models import Edition, Phase, RankingRun
from contest.services import publication, results

GET_REPEATS = 3  # pages and downloads change nothing: the least CPU of three is the warm one


def measure(world: World, repeats: int, call: Callable[[], object]
            ) -> tuple[Timing, Statements, object]:
    """The least-CPU of `repeats` calls, with the statements that call ran."""
    with world.app.app_context():
        engine = db.engine
    found = None
    for _ in range(repeats):
        with counted(engine) as statements, timed() as timing:
            answer = call()
        if found is None or timing.cpu < found[0].cpu:
            found = (timing, statements, answer)
    return found


def signed_in(world: World):
    client = world.app.test_client()
    answer = client.post("/login", data={"email": ORGANISER, "password": PASSWORD})
    if answer.status_code != 302:
        raise RuntimeError(f"the organiser could not sign in ({answer.status_code})")
    return client


def mb(data: bytes) -> str:
    return f"{len(data) / 2**20:.2f} MB" if len(data) >= 2**17 else f"{len(data) / 1024:.0f} kB"


def checked(answer, what: str, status: int = 200) -> str:
    return "" if answer.status_code == status else f"WRONG: {what} answered {answer.status_code}"


def xlsx_floor(rows: int, columns: int = 15) -> Timing:
    """openpyxl's write-only mode, `rows` × `columns` cells, saved to memory."""
    with timed() as timing:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Xếp hạng")
        for n in range(rows):
            sheet.append([n, f"KT-{n:05d}", f"Giải pháp số {n}", 87.5, 3, 4.5, "nhat",
                          *range(columns - 7)])
        book.save(io.BytesIO())
    return timing


def organiser_rows(world: World, repeats: int) -> tuple[list[Row], int]:
    """Run ranking, the run page, its XLSX and the progress page; also the run's id."""
    client = signed_in(world)
    edition = world.edition_id
    client.get(f"/organizer/editions/{edition}/results")  # templates and caches warm
    rows = []
    timing, statements, answer = measure(world, repeats, lambda: client.post(
        f"/organizer/editions/{edition}/results/run", data={"method": "mean", "round": "1"}))
    run_id = int(answer.headers.get("Location", "/0").rstrip("/").rsplit("/", 1)[-1] or 0)
    with world.app.app_context():
        stored = len(db.session.get(RankingRun, run_id).rows) if run_id else 0
    note = checked(answer, "the POST", 302) or (
        "" if stored == world.size else f"WRONG: {stored} rows stored")
    rows.append(Row("run-ranking POST (test client)", timing.wall, timing.cpu,
                    statements.count, f"{stored} rows stored",
                    note=note or ", ".join(f"{k} {v}" for k, v in sorted(
                        statements.kinds.items()))))
    pages = max(repeats, GET_REPEATS)
    timing, statements, answer = measure(world, pages,
                                         lambda: client.get(f"/organizer/runs/{run_id}"))
    rows.append(Row("ranking run page GET", timing.wall, timing.cpu, statements.count,
                    f"{mb(answer.data)} HTML", note=checked(answer, "the page")))
    timing, statements, answer = measure(world, pages, lambda: client.get(
        f"/organizer/editions/{edition}/exports/ranking.xlsx?run={run_id}"))
    note = checked(answer, "the download")
    size = f"{mb(answer.data)} XLSX"
    if not note:
        sheet = load_workbook(io.BytesIO(answer.data), read_only=True).worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
        size += f", {len(lines) - 1} rows × {max(map(len, lines))} columns"
    floor = min((xlsx_floor(world.size) for _ in range(pages)), key=lambda t: t.cpu)
    rows.append(Row("ranking XLSX download (web)", timing.wall, timing.cpu, statements.count,
                    size, floor=f"openpyxl write-only {world.size} × 15: {floor.cpu:.3f} s",
                    floor_cpu=floor.cpu, note=note))
    timing, statements, answer = measure(world, pages, lambda: client.get(
        f"/organizer/editions/{edition}/judging"))
    rows.append(Row("judging progress page GET", timing.wall, timing.cpu, statements.count,
                    f"{mb(answer.data)} HTML", note=checked(answer, "the page")))
    return rows, run_id


def publish(world: World, run_id: int) -> None:
    """Make the run the edition's final published results, as publishing would leave it
    (without the objection window: the phase is set directly)."""
    with world.app.app_context():
        edition = db.session.get(Edition, world.edition_id)
        run = db.session.get(RankingRun, run_id)
        results.mark_provisional(edition=edition, run=run, actor=None)
        now = datetime.now(UTC)
        lines = publication.pending_lines(edition)
        publication.store_version(edition, lines, actor=None, now=now, final=True, reason="",
                                  objection_ends_at=None, version=1, run_id=run_id)
        edition.phase = Phase.FINAL
        edition.provisional_published_at = edition.final_published_at = now
        db.session.commit()


def public_rows(world: World, run_id: int, repeats: int) -> list[Row]:
    """The public results page once the run is published (run after every judging row: the
    edition leaves its judging phase)."""
    publish(world, run_id)
    client = world.app.test_client()
    client.get("/")
    # The page lives under its organisation's code; the old address answers 301 to it.
    page = client.get(f"/editions/{world.edition_id}/results").headers["Location"]
    timing, statements, answer = measure(world, max(repeats, GET_REPEATS),
                                         lambda: client.get(page))
    return [Row("public results page GET", timing.wall, timing.cpu, statements.count,
                f"{mb(answer.data)} HTML", note=checked(answer, "the page"))]
