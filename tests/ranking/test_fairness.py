"""On generated contests with harsh and lenient judges, zscore recovers the true order better
than the plain mean. Run with -s to see the Kendall tau figures."""
from __future__ import annotations

import math
import random
from decimal import Decimal

import pytest

from contest.ranking import EntryInfo, RankingSettings, Sheet, rank_entries

MAXIMA = {"moi": 30, "ap-dung": 35, "hieu-qua": 35}  # technical defaults, 100 points


def kendall_tau_b(xs: list[float], ys: list[float]) -> float:
    """Kendall's tau-b: (concordant - discordant) / sqrt((pairs - x ties)(pairs - y ties))."""
    concordant = discordant = x_ties = y_ties = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            x_ties += dx == 0
            y_ties += dy == 0
            if dx * dy > 0:
                concordant += 1
            elif dx * dy < 0:
                discordant += 1
    pairs = len(xs) * (len(xs) - 1) // 2
    return (concordant - discordant) / math.sqrt((pairs - x_ties) * (pairs - y_ties))


@pytest.mark.parametrize(("xs", "ys", "tau"), [
    ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1.0),
    ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], -1.0),
    ([1, 2, 3, 4, 5], [1, 2, 2, 4, 5], 9 / math.sqrt(10 * 9)),  # one tied pair in y
    ([1, 2, 3, 4], [2, 1, 4, 3], (4 - 2) / 6),
])
def test_kendall_tau_b_by_hand(xs, ys, tau):
    assert kendall_tau_b(xs, ys) == pytest.approx(tau)


def split(total: float) -> tuple[tuple[str, Decimal], ...]:
    """A judge's total split over the criteria in proportion to their maxima, in 0.5 steps,
    each clamped to 0..maximum."""
    return tuple((code, Decimal(min(2 * top, max(0, round(total * top / 100 * 2)))) / 2)
                 for code, top in MAXIMA.items())


def generated_contest(seed: int, entries: int = 120, judges: int = 12):
    """Entries of known quality (35..90), judges with a harshness offset of -15..+15 points and
    noise of sd 3; each entry gets 3 or 4 judges picked at random."""
    rng = random.Random(seed)
    quality = {entry_id: rng.uniform(35, 90) for entry_id in range(1, entries + 1)}
    offset = {judge_id: rng.uniform(-15, 15) for judge_id in range(1, judges + 1)}
    sheets = []
    for entry_id, true_score in quality.items():
        for judge_id in rng.sample(sorted(offset), rng.choice((3, 4))):
            total = true_score + offset[judge_id] + rng.gauss(0, 3)
            sheets.append(Sheet(entry_id, judge_id, split(total)))
    infos = [EntryInfo(entry_id, f"KT-{entry_id:04d}") for entry_id in quality]
    return quality, infos, sheets


def tau_for(method: str, seed: int) -> float:
    quality, infos, sheets = generated_contest(seed)
    rows = rank_entries(infos, sheets, RankingSettings(method=method, tie_break=tuple(MAXIMA)))
    assert len(rows) == len(quality)
    return kendall_tau_b([quality[row.entry_id] for row in rows], [-row.rank for row in rows])


def test_zscore_recovers_the_true_order_better_than_mean():
    mean, zscore = tau_for("mean", seed=2025), tau_for("zscore", seed=2025)
    print(f"\nKendall tau-b vs true quality, seed 2025: mean {mean:.4f}, zscore {zscore:.4f}")
    assert zscore > mean


def test_zscore_wins_on_average_over_five_seeds():
    seeds = (1, 2, 3, 4, 5)
    mean = [tau_for("mean", seed) for seed in seeds]
    zscore = [tau_for("zscore", seed) for seed in seeds]
    for seed, m, z in zip(seeds, mean, zscore, strict=True):
        print(f"\nseed {seed}: mean {m:.4f}, zscore {z:.4f}", end="")
    average_mean, average_zscore = sum(mean) / len(seeds), sum(zscore) / len(seeds)
    print(f"\naverage over seeds 1-5: mean {average_mean:.4f}, zscore {average_zscore:.4f}")
    assert average_zscore > average_mean


def test_generated_sheets_stay_within_each_criterion():
    _, _, sheets = generated_contest(seed=7)
    assert all(Decimal(0) <= value <= MAXIMA[code] and value * 2 == int(value * 2)
               for s in sheets for code, value in s.scores)
    assert {len(s.scores) for s in sheets} == {3}
