"""Ranking outputs before and after a change: every method and tie policy on a fixed world.

Builds the bench's 10,000-entry world (bench/world.py, fixed seed) in a temporary directory,
makes it a little less regular (some entries lose sheets, so missing-sheets appears; one
judge keeps only two finished sheets, so zscore keeps raw totals for that judge), then stores
a ranking run through the service for every method under every tie policy and writes one CSV
of every stored row (position, entry code, rank, score and the other numbers at their full
stored precision, criterion means, flags, award) and one of the stored judge diagnostics
(when the run stores them; else computed as the run page does). Prints a sha256 per CSV;
`--check bench/reference/ranking_sha256.txt` compares them with the reference and exits 1 on
any difference.

    .venv/bin/python bench/ranking_identity.py [--size 10000] [--out DIR] [--check FILE]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, update  # noqa: E402

from bench.world import build_world  # noqa: E402
from contest.extensions import db  # noqa: E402
from contest.models import (  # noqa: E402
    Assignment,
    Edition,
    Entry,
    RankingRow,
    ScoreSheet,
    SheetStatus,
)
from contest.ranking import METHODS, TIE_POLICIES  # noqa: E402
from contest.services import results  # noqa: E402


def roughen(edition_id: int) -> None:
    """Every 97th entry loses a sheet; the first judge keeps only two finished sheets."""
    entries = db.session.scalars(select(Entry.id).where(Entry.edition_id == edition_id)
                                 .order_by(Entry.id)).all()
    thinned = [e for e in entries if e % 97 == 0]
    for entry_id in thinned:
        sheet = db.session.scalar(
            select(ScoreSheet.id).join(Assignment).where(Assignment.entry_id == entry_id)
            .order_by(ScoreSheet.id).limit(1))
        db.session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet)
                           .values(status=SheetStatus.DRAFT))
    judge = db.session.scalar(select(Assignment.judge_id).order_by(Assignment.judge_id).limit(1))
    sheets = db.session.scalars(
        select(ScoreSheet.id).join(Assignment).where(Assignment.judge_id == judge)
        .order_by(ScoreSheet.id)).all()
    db.session.execute(update(ScoreSheet).where(ScoreSheet.id.in_(sheets[2:]))
                       .values(status=SheetStatus.DRAFT))
    db.session.commit()


def rows_csv(run) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["position", "entry_code", "rank", "score", "judges", "spread", "stdev",
                     "criterion_means", "flags", "award"])
    codes = dict(db.session.execute(select(Entry.id, Entry.code)
                                    .where(Entry.edition_id == run.edition_id)).all())
    for row in db.session.scalars(select(RankingRow).where(RankingRow.run_id == run.id)
                                  .order_by(RankingRow.position)):
        writer.writerow([row.position, codes[row.entry_id], row.rank, repr(row.score),
                         row.judges, repr(row.spread), repr(row.stdev),
                         ";".join(f"{k}={v}" for k, v in sorted(row.criterion_means.items())),
                         row.flags, row.award or ""])
    return out.getvalue()


def diagnostics_csv(run, edition: Edition) -> str:
    stored = getattr(run, "diagnostics", None)
    if stored is None:  # before the snapshot stored them: what the run page computed
        _entries, sheets = results.collect(edition, run.round)
        stored = results.diagnostics_of(sheets)  # collect's rows are what it takes
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["judge_id", "sheets", "mean_total", "spread", "leniency", "flags"])
    for d in stored:
        writer.writerow([d["judge_id"], d["sheets"], d["mean_total"], d["spread"],
                         "" if d["leniency"] is None else d["leniency"], ";".join(d["flags"])])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--out", type=Path, help="also write the CSVs to this folder")
    parser.add_argument("--check", type=Path, help="reference sha256 list to compare with")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        world = build_world(Path(tmp) / "identity", args.size)
        with world.app.app_context():
            roughen(world.edition_id)
            outputs: dict[str, str] = {}
            for policy in TIE_POLICIES:
                for method in METHODS:
                    edition = db.session.get(Edition, world.edition_id)
                    edition.tie_policy = policy
                    run = results.run_ranking(edition=edition, round_number=1, method=method,
                                              actor=None)
                    db.session.commit()
                    outputs[f"{method}-{policy}.csv"] = rows_csv(run)
                    outputs[f"{method}-{policy}-judges.csv"] = diagnostics_csv(run, edition)
            db.session.remove()
        for name, text in outputs.items():
            lines.append(f"{hashlib.sha256(text.encode()).hexdigest()}  {name}")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / name).write_text(text, encoding="utf-8")
    print("\n".join(lines))
    if args.check:
        expected = args.check.read_text().split("\n")
        expected = [line for line in expected if line.strip()]
        if expected != lines:
            print("DIFFERENT from " + str(args.check), file=sys.stderr)
            for want, got in zip(expected, lines, strict=False):
                if want != got:
                    print(f"  want {want}\n  got  {got}", file=sys.stderr)
            return 1
        print("identical to " + str(args.check), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
