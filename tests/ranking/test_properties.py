"""Properties of the ranking and the awards on generated contests (hypothesis)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from contest.ranking import (
    METHODS,
    TIE_POLICIES,
    AwardTier,
    EntryInfo,
    RankingSettings,
    Sheet,
    allocate_awards,
    rank_entries,
)
from contest.ranking.aggregate import tie_key

MAXIMA = {"moi": 30, "ap-dung": 35, "hieu-qua": 35}
FIELDS = ("cntt", "co-khi", "y-duoc")

# Coarse marks make ties across the whole chain common; half points make them rare.
def mark(maximum: int):
    coarse = st.sampled_from((10, 20, 25)).map(Decimal)
    halves = st.integers(0, maximum * 2).map(lambda n: Decimal(n) / 2)
    return st.one_of(coarse, halves)


marks = st.tuples(*(mark(top) for top in MAXIMA.values())).map(
    lambda values: tuple(zip(MAXIMA, values, strict=True)))


@st.composite
def contests(draw):
    """Entries (unique ids and codes, unrelated orders), complete sheets, and settings."""
    count = draw(st.integers(1, 10))
    ids = draw(st.lists(st.integers(1, 500), min_size=count, max_size=count, unique=True))
    numbers = draw(st.permutations(range(1, count + 1)))
    fields = draw(st.lists(st.sampled_from(FIELDS), min_size=count, max_size=count))
    entries = [EntryInfo(entry_id, f"TTN-2025-{number:04d}", field_code=field)
               for entry_id, number, field in zip(ids, numbers, fields, strict=True)]
    judges = draw(st.integers(1, 6))
    template = draw(marks)  # many entries share identical sheets, so whole-chain ties occur
    sheets = []
    for entry in entries:
        panel = draw(st.lists(st.tuples(st.integers(1, judges), st.just(template) | marks),
                              max_size=judges, unique_by=lambda pair: pair[0]))
        sheets += [Sheet(entry.entry_id, judge_id, scores) for judge_id, scores in panel]
    options = RankingSettings(
        method=draw(st.sampled_from(METHODS)),
        required_sheets=draw(st.integers(1, 4)),
        tie_break=tuple(draw(st.permutations(list(MAXIMA)))[:draw(st.integers(0, 3))]),
        disagreement_threshold=Decimal(draw(st.integers(0, 40))),
    )
    return entries, sheets, options


@st.composite
def award_tiers(draw):
    lows = draw(st.lists(st.integers(0, 20).map(lambda n: n * 5), min_size=1, max_size=5,
                         unique=True))
    return [AwardTier(f"tier-{low}", Decimal(low), draw(st.none() | st.integers(0, 4)))
            for low in lows]


@settings(deadline=None)
@given(contests(), st.data())
def test_ranking_does_not_depend_on_input_order(contest, data):
    entries, sheets, options = contest
    shuffled_entries = data.draw(st.permutations(entries))
    shuffled_sheets = data.draw(st.permutations(sheets))
    assert rank_entries(shuffled_entries, shuffled_sheets, options) == rank_entries(
        entries, sheets, options)


@settings(deadline=None)
@given(contests())
def test_same_input_gives_the_same_output(contest):
    entries, sheets, options = contest
    first = rank_entries(entries, sheets, options)
    assert rank_entries(list(entries), list(sheets), options) == first


@settings(deadline=None)
@given(contests())
def test_ranks_follow_the_tie_chain(contest):
    entries, sheets, options = contest
    rows = rank_entries(entries, sheets, options)
    assert sorted(row.entry_id for row in rows) == sorted({s.entry_id for s in sheets})
    assert [row.rank for row in rows] == sorted(row.rank for row in rows)
    for row in rows:
        better = sum(1 for other in rows if tie_key(other) > tie_key(row))
        assert row.rank == better + 1  # 1-based; a shared rank skips the next ones
    for first, second in zip(rows, rows[1:], strict=False):
        if first.rank == second.rank:
            assert tie_key(first) == tie_key(second)
            assert first.code < second.code
        else:
            assert tie_key(first) > tie_key(second)


@settings(deadline=None)
@given(contests(), award_tiers(), st.sampled_from(TIE_POLICIES), st.booleans(), st.data())
def test_awards_respect_bands_and_quotas(contest, tiers, policy, per_field, data):
    entries, sheets, options = contest
    rows = rank_entries(entries, sheets, options)
    awarded = allocate_awards(rows, tiers, per_field=per_field, tie_policy=policy)
    by_code = {tier.code: tier for tier in tiers}
    group = (lambda row: row.field_code) if per_field else (lambda row: "")

    for row in awarded:
        if row.award is not None:
            assert row.score >= by_code[row.award].min_score
            assert "missing-sheets" not in row.flags
    counts = Counter((group(row), row.award) for row in awarded if row.award is not None)
    for (name, code), count in counts.items():
        quota = by_code[code].quota
        if quota is not None and count > quota:
            assert policy == "all"
            assert any("quota-exceeded" in row.flags for row in awarded
                       if group(row) == name and row.award == code)

    # A better-ranked entry never gets a lower tier than a worse-ranked one in its group,
    # leaving aside the entries the committee must decide (quota-tie) or that lack sheets.
    order = sorted(tiers, key=lambda tier: tier.min_score, reverse=True)
    level = {tier.code: index for index, tier in enumerate(order)} | {None: len(order)}
    settled = [row for row in awarded if "missing-sheets" not in row.flags
               and not any(flag.startswith("quota-tie:") for flag in row.flags)]
    for a in settled:
        for b in settled:
            if group(a) == group(b) and a.rank < b.rank:
                assert level[a.award] <= level[b.award]

    shuffled = data.draw(st.permutations(rows))
    again = allocate_awards(shuffled, tiers, per_field=per_field, tie_policy=policy)
    assert {row.entry_id: (row.award, row.flags) for row in again} == {
        row.entry_id: (row.award, row.flags) for row in awarded}


@settings(deadline=None)
@given(contests(), award_tiers(), st.sampled_from(["flag", "none"]), st.booleans())
def test_awards_never_exceed_a_quota_under_flag_and_none(contest, tiers, policy, per_field):
    entries, sheets, options = contest
    awarded = allocate_awards(rank_entries(entries, sheets, options), tiers,
                              per_field=per_field, tie_policy=policy)
    counts = Counter(((row.field_code if per_field else ""), row.award) for row in awarded
                     if row.award is not None)
    quotas = {tier.code: tier.quota for tier in tiers}
    assert all(quotas[code] is None or count <= quotas[code]
               for (_, code), count in counts.items())
    assert not any("quota-exceeded" in row.flags for row in awarded)
