"""After make bench-faults: every acknowledged write looked for in the database, and
`flask --app contest check-integrity` run on the bench's instance."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from bench.load_client import Ledger
from bench.measure import PYTHON, run_child
from bench.world import World, child_env
from contest.extensions import db
from contest.models import Attachment, Entry, EntryStatus, Score, ScoreSheet


@dataclass
class Found:
    acknowledged: int = 0
    found: int = 0
    lost: list[str] = field(default_factory=list)


def look_for(world: World, ledger: Ledger) -> Found:
    """Count the acknowledged writes in the database: a sheet at the acknowledged version or
    later (at that very version, with the acknowledged value), every acknowledged file's row,
    every acknowledged submission with its code."""
    result = Found(acknowledged=ledger.count)
    with world.app.app_context():
        sheets = {a: (s, v) for a, s, v in db.session.execute(
            select(ScoreSheet.assignment_id, ScoreSheet.id, ScoreSheet.version))}
        values = {(s, c): v for s, c, v in db.session.execute(
            select(Score.sheet_id, Score.criterion_id, Score.value))}
        for assignment, version, criterion, value in ledger.saves:
            sheet, stored = sheets.get(assignment, (None, 0))
            wanted = Decimal(value.replace(",", "."))
            if stored > version or (stored == version and values.get((sheet, criterion)) == wanted):
                result.found += 1
            else:
                result.lost.append(f"sheet of assignment {assignment} v{version}: {value}")
        names = {(e, n) for e, n in db.session.execute(
            select(Attachment.entry_id, Attachment.original_name))}
        for entry, files in ledger.files.items():
            for name in files:
                if (entry, name) in names:
                    result.found += 1
                else:
                    result.lost.append(f"file {name} of entry {entry}")
        codes = {e: c for e, c in db.session.execute(select(Entry.id, Entry.code).where(
            Entry.status == EntryStatus.SUBMITTED))}
        for entry, code in ledger.submitted.items():
            if codes.get(entry) == code:
                result.found += 1
            else:
                result.lost.append(f"submission {code} of entry {entry}")
        db.session.remove()
    return result


# How check-integrity's problem lines begin (contest/cli/maintenance.py).
PROBLEM_STARTS = ("Thiếu tệp:", "Tệp bị thay đổi:", "Thiếu ảnh thu nhỏ:", "Tệp mồ côi:",
                  "Điểm số ", "Phiếu chấm số ")


@dataclass
class Integrity:
    first_exit: int
    problems: list[str]
    orphans: int
    final_exit: int
    output: str


def check_integrity(world: World) -> Integrity:
    """check-integrity; when it finds only orphan files (a worker killed between a file's
    rename and its commit), `--repair --min-age 0` moves them aside and the check runs again."""
    env = {**child_env(world.folder, world.uri),
           "CONTEST_UPLOAD_FOLDER": str(world.folder / "uploads")}

    def run(*extra: str):
        child = run_child([PYTHON, "-m", "flask", "--app", "contest", "check-integrity",
                           *extra], env=env)
        return child.returncode, (child.stdout + child.stderr).decode(errors="replace")

    first, output = run()
    problems = [line for line in output.splitlines() if line.startswith(PROBLEM_STARTS)]
    orphans = sum(line.startswith("Tệp mồ côi:") for line in problems)
    final = first
    if first != 0 and orphans == len(problems):
        run("--repair", "--min-age", "0")
        final, after = run()
        output += "\n--- after --repair --min-age 0 ---\n" + after
    return Integrity(first, problems, orphans, final, output)
