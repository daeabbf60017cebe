"""make bench-export: the XLSX of a 10,000-entry ranking and the national dossier ZIP.

A throw-away SQLite database (built by the migrations, filled with bulk inserts as in
bench/assign_db.py) holds a stored ranking run of 10,000 rows and a locked national list of
20 entries, each with three ~1 MB attachment files on disk whose sha256 the rows record. The
script times (a) contest.exports.xlsx.xlsx_bytes over the run's rows and (b) writing the
national ZIP to a temporary file, then reports seconds and memory: the process's peak
resident size (ru_maxrss, the limit) and the Python allocations' peak (tracemalloc, in a
second, untimed pass), each beside its target (10 s, 300 MB; "over target" when missed: a time
or a size never fails the command). It exits non-zero only when a result is wrong: the ZIP's
files do not match their recorded sha256.
"""
from __future__ import annotations

import hashlib
import os
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bench.assign_db import new_edition  # noqa: E402
from contest import create_app  # noqa: E402
from contest.exports.national_zip import write_national_zip  # noqa: E402
from contest.exports.xlsx import xlsx_bytes  # noqa: E402
from contest.extensions import db  # noqa: E402
from contest.models import (  # noqa: E402
    Attachment,
    AttachmentKind,
    Author,
    Edition,
    Entry,
    EntryStatus,
    NationalPick,
    RankingRow,
    RankingRun,
    Screening,
    Unit,
    UnitKind,
)

try:
    from contest.exports.spreadsheets import ranking_table
except ImportError:  # the spreadsheets helper may not exist yet on this branch
    ranking_table = None

ENTRIES, PICKS, FILES_PER_PICK, FILE_BYTES, UNITS = 10_000, 20, 3, 1024 * 1024, 400
TARGET_SECONDS, TARGET_MB = 10.0, 300.0


def build(edition_id: int, upload_root: Path) -> tuple[int, dict[str, str]]:
    """Entries, authors, a ranking run over all of them and the locked national list with its
    files; returns the run's id and each attachment's stored name -> sha256."""
    edition = db.session.get(Edition, edition_id)
    fields = [f.id for f in edition.fields]
    db.session.execute(insert(Unit), [
        {"id": u, "name": f"Trường THPT số {u}", "search_name": f"truong thpt so {u}",
         "kind": UnitKind.SCHOOL} for u in range(1, UNITS + 1)])
    db.session.execute(insert(Entry), [
        {"id": e, "edition_id": edition_id, "code": f"KT-{e:05d}",
         "title": f"Giải pháp nâng cao hiệu quả sản xuất số {e}",
         "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
         "field_id": fields[e % len(fields)], "summary": "Tóm tắt giải pháp. " * 20}
        for e in range(1, ENTRIES + 1)])
    db.session.execute(insert(Author), [
        {"entry_id": e, "position": p, "full_name": f"Nguyễn Thị Tác Giả {e}-{p}",
         "search_name": f"nguyen thi tac gia {e}-{p}", "unit_id": (e * p) % UNITS + 1}
        for e in range(1, ENTRIES + 1) for p in (1, 2)])
    run = RankingRun(edition_id=edition_id, method="mean", settings={}, input_sha256="0" * 64)
    db.session.add(run)
    db.session.flush()
    tiers = ["nhat"] * 10 + ["nhi"] * 30 + ["ba"] * 60 + ["kk"] * 100
    db.session.execute(insert(RankingRow), [
        {"run_id": run.id, "entry_id": e, "position": e, "rank": e,
         "score": Decimal(100) - Decimal(e) / 200, "judges": 3, "spread": Decimal("4.50"),
         "stdev": Decimal("1.25"), "flags": "", "award": tiers[e - 1] if e <= 200 else None,
         "criterion_means": {}} for e in range(1, ENTRIES + 1)])
    edition.provisional_run_id = run.id
    folder = upload_root / str(edition_id)
    folder.mkdir(parents=True)
    digests, attachments = {}, []
    for position in range(1, PICKS + 1):
        db.session.add(NationalPick(edition_id=edition_id, entry_id=position, position=position))
        for number in range(1, FILES_PER_PICK + 1):
            data = os.urandom(FILE_BYTES + number)
            stored = f"{secrets.token_hex(16)}.pdf"
            (folder / stored).write_bytes(data)
            digests[stored] = hashlib.sha256(data).hexdigest()
            attachments.append({
                "entry_id": position, "kind": AttachmentKind.DESCRIPTION_PDF
                if number == 1 else AttachmentKind.DRAWING,
                "original_name": f"Tài liệu {number}.pdf", "stored_name": stored,
                "content_type": "application/pdf", "size": len(data),
                "sha256": digests[stored]})
    db.session.execute(insert(Attachment), attachments)
    edition.national_locked_at = datetime.now(UTC)
    db.session.commit()
    return run.id, digests


def ranking_rows(edition: Edition, run_id: int) -> tuple[list[str], list[list]]:
    """The ranking as (headers, rows): the spreadsheets helper's, or built here without it."""
    run = db.session.get(RankingRun, run_id)
    if ranking_table is not None:
        return ranking_table(edition, run)
    rows = db.session.execute(
        select(RankingRow.rank, Entry.code, Entry.title, RankingRow.score, RankingRow.judges,
               RankingRow.spread, RankingRow.award).join(Entry, Entry.id == RankingRow.entry_id)
        .where(RankingRow.run_id == run_id).order_by(RankingRow.position))
    return (["Hạng", "Mã hồ sơ", "Tên giải pháp", "Điểm", "Số phiếu", "Độ lệch", "Giải"],
            [list(row) for row in rows])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed(title: str, run) -> str:
    """Time one call (wall and CPU); its report beside the targets."""
    start, cpu = time.perf_counter(), time.process_time()
    detail = run()
    seconds, cpu, rss = time.perf_counter() - start, time.process_time() - cpu, peak_mb()
    met = seconds <= TARGET_SECONDS and rss <= TARGET_MB
    return (f"{title}\n  {detail}\n  seconds {seconds:.2f} (CPU {cpu:.2f}), process peak RSS "
            f"so far {rss:.0f} MB; target {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB"
            f"{'' if met else '  over target'}")


def traced(run) -> str:
    """The Python allocations' peak of one more, untimed call (tracemalloc slows it down)."""
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return f"  Python allocations peak {peak:.1f} MB (tracemalloc)"


def zip_matches(output: Path, digests: dict[str, str]) -> bool:
    """Every attachment in the ZIP hashes to a recorded sha256, and all of them are there."""
    with zipfile.ZipFile(output) as archive:
        found = []
        for name in archive.namelist():
            if name.endswith(".pdf"):
                digest = hashlib.sha256()
                with archive.open(name) as member:
                    while chunk := member.read(1024 * 1024):
                        digest.update(chunk)
                found.append(digest.hexdigest())
    return sorted(found) == sorted(digests.values())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "uploads"
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                          "RATELIMIT_STORAGE_URI": "memory://", "UPLOAD_FOLDER": str(root)})
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            edition_id = new_edition()
            run_id, digests = build(edition_id, root)
            print(f"database and files built in {time.perf_counter() - start:.1f} s "
                  f"({'spreadsheets.ranking_table' if ranking_table else 'rows built here'})")
            db.session.expunge_all()

            def spreadsheet() -> str:
                edition = db.session.get(Edition, edition_id)
                headers, rows = ranking_rows(edition, run_id)
                data = xlsx_bytes(headers, rows, sheet_title="Xếp hạng")
                db.session.expunge_all()
                return f"{len(rows)} rows, {len(headers)} columns, {len(data) / 2**20:.1f} MB"

            output = Path(tmp) / "national.zip"

            def dossier() -> str:
                with output.open("wb") as out:
                    write_national_zip(db.session.get(Edition, edition_id), out, root)
                db.session.expunge_all()
                size = output.stat().st_size / 2**20
                return f"{PICKS} entries, {len(digests)} files, {size:.1f} MB"

            parts = [("(a) ranking XLSX (xlsx_bytes)", spreadsheet),
                     ("(b) national ZIP (write_national_zip, temp file)", dossier)]
            results = [timed(title, run) for title, run in parts]
            for (_title, run), text in zip(parts, results, strict=True):
                print(text)
                print(traced(run))
            same = zip_matches(output, digests)
            print(f"  ZIP files {'match' if same else 'DO NOT MATCH'} their recorded sha256")
            db.session.remove()
            db.engine.dispose()
    print("bench-export:", "ok (the ZIP matches; times and sizes are reported, not checked)"
          if same else "WRONG (the ZIP's files do not match their recorded sha256)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
