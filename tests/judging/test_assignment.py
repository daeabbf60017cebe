"""Judge assignment: hand-written contests with known answers, then properties on generated ones."""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from contest.judging.assignment import EntryNeed, Impossible, plan_assignments


def judges_of(plan, entry_id: int) -> set[int]:
    return {judge for entry, judge in plan.pairs if entry == entry_id}


def spread(plan, judges) -> int:
    loads = [plan.load[judge] for judge in judges]
    return max(loads) - min(loads)


# Hand-written cases


def test_three_judge_panel_and_k3_gives_every_entry_the_whole_panel():
    entries = [EntryNeed(entry_id, field_id=1) for entry_id in (10, 11)]
    plan = plan_assignments(entries, {1: [7, 8, 9]}, k=3)
    assert plan.pairs == [(10, 7), (10, 8), (10, 9), (11, 7), (11, 8), (11, 9)]
    assert plan.impossible == []
    assert plan.load == {7: 2, 8: 2, 9: 2}


def test_entry_with_too_few_judges_after_conflicts_is_listed_and_gets_none():
    entries = [EntryNeed(1, field_id=1, excluded=frozenset({8})), EntryNeed(2, field_id=1)]
    plan = plan_assignments(entries, {1: [7, 8, 9]}, k=3)
    assert plan.impossible == [Impossible(entry_id=1, field_id=1, usable=2, missing=3)]
    assert plan.pairs == [(2, 7), (2, 8), (2, 9)]
    assert plan.load == {7: 1, 8: 1, 9: 1}


def test_current_judges_count_toward_k_and_impossible_counts_them_as_usable():
    entries = [EntryNeed(1, field_id=1, current=frozenset({7})),
               EntryNeed(2, field_id=1, current=frozenset({7, 8, 9})),
               EntryNeed(3, field_id=1, excluded=frozenset({9}), current=frozenset({7}))]
    plan = plan_assignments(entries, {1: [7, 8, 9, 10]}, k=3)
    assert len(judges_of(plan, 1)) == 2
    assert 7 not in judges_of(plan, 1)
    assert judges_of(plan, 2) == set()
    assert judges_of(plan, 3) == {8, 10}
    assert plan.impossible == []


def test_impossible_with_a_current_judge_reports_what_is_still_missing():
    entries = [EntryNeed(1, field_id=1, excluded=frozenset({8, 9}), current=frozenset({7}))]
    plan = plan_assignments(entries, {1: [7, 8, 9, 10]}, k=3)
    assert plan.impossible == [Impossible(entry_id=1, field_id=1, usable=2, missing=2)]
    assert plan.pairs == []


def test_entry_of_a_field_without_panel_is_impossible():
    plan = plan_assignments([EntryNeed(1, field_id=5)], {1: [7, 8, 9]}, k=1)
    assert plan.impossible == [Impossible(entry_id=1, field_id=5, usable=0, missing=1)]
    assert plan.pairs == []


def test_load_passed_in_is_respected_so_a_second_run_tops_up_evenly():
    panel = {1: [1, 2, 3, 4, 5]}
    first = plan_assignments([EntryNeed(e, 1) for e in range(1, 4)], panel, k=2, seed=3)
    assert sorted(first.load.values()) == [1, 1, 1, 1, 2]
    second = plan_assignments([EntryNeed(e, 1) for e in range(4, 11)], panel, k=2, seed=4,
                              load=first.load)
    assert sum(second.load.values()) == 2 * 10
    assert second.load == {1: 4, 2: 4, 3: 4, 4: 4, 5: 4}
    busiest = max(first.load, key=first.load.get)
    assert Counter(judge for _, judge in second.pairs)[busiest] == 2


def test_load_from_a_previous_run_steers_new_entries_to_the_idle_judges():
    plan = plan_assignments([EntryNeed(e, 1) for e in range(1, 4)], {1: [1, 2, 3, 4]}, k=1,
                            load={1: 1})
    assert {judge for _, judge in plan.pairs} == {2, 3, 4}
    assert plan.load == {1: 1, 2: 1, 3: 1, 4: 1}


def test_conflicts_push_work_onto_the_others_only_as_far_as_needed():
    # Judge 1 may take none of the entries: the other three share the work evenly.
    entries = [EntryNeed(e, 1, excluded=frozenset({1})) for e in range(1, 7)]
    plan = plan_assignments(entries, {1: [1, 2, 3, 4]}, k=1)
    assert plan.load == {1: 0, 2: 2, 3: 2, 4: 2}


def test_same_seed_same_plan_and_another_seed_may_differ():
    entries = [EntryNeed(e, 1 + e % 2) for e in range(40)]
    panels = {1: list(range(100, 110)), 2: list(range(200, 210))}
    runs = {seed: plan_assignments(entries, panels, k=3, seed=seed) for seed in range(5)}
    assert plan_assignments(entries, panels, k=3, seed=2) == runs[2]
    assert len({tuple(plan.pairs) for plan in runs.values()}) > 1


# Generated contests


@st.composite
def contests(draw, *, conflicts: bool = True, current: bool = True, shared: bool = True):
    """A random contest: (entries, panels, k, seed)."""
    field_ids = list(range(1, draw(st.integers(1, 6)) + 1))
    pool = list(range(1, 41))
    panels: dict[int, list[int]] = {}
    taken: set[int] = set()
    for field_id in field_ids:
        choices = pool if shared else [j for j in pool if j not in taken]
        members = draw(st.lists(st.sampled_from(choices), max_size=12, unique=True)
                       if choices else st.just([]))
        panels[field_id] = members
        taken.update(members)
    k = draw(st.integers(1, 4))
    entries = []
    for entry_id in draw(st.lists(st.integers(1, 10_000), max_size=200, unique=True)):
        field_id = draw(st.sampled_from(field_ids))
        panel = panels[field_id]
        excluded = frozenset(draw(st.sets(st.sampled_from(panel))) if conflicts and panel else ())
        rest = [j for j in panel if j not in excluded]
        now = (frozenset(draw(st.lists(st.sampled_from(rest), max_size=min(k, len(rest)),
                                       unique=True)))
               if current and rest else frozenset())
        entries.append(EntryNeed(entry_id, field_id, excluded, now))
    seed = draw(st.integers(0, 2**32 - 1))
    return entries, panels, k, seed


@settings(max_examples=150, deadline=None)
@given(contests())
def test_every_possible_entry_gets_k_distinct_judges_of_its_panel(contest):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    impossible = {i.entry_id for i in plan.impossible}
    new = defaultdict(list)
    for entry_id, judge in plan.pairs:
        new[entry_id].append(judge)
    for entry in entries:
        if entry.entry_id in impossible:
            continue
        judges = [*entry.current, *new[entry.entry_id]]
        assert len(judges) == k
        assert len(set(judges)) == k
        assert set(judges) <= set(panels[entry.field_id])


@settings(max_examples=150, deadline=None)
@given(contests())
def test_no_pair_is_a_conflict_or_repeats_a_current_judge(contest):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    by_id = {entry.entry_id: entry for entry in entries}
    assert len(plan.pairs) == len(set(plan.pairs))
    for entry_id, judge in plan.pairs:
        assert judge not in by_id[entry_id].excluded
        assert judge not in by_id[entry_id].current


@settings(max_examples=150, deadline=None)
@given(contests())
def test_impossible_entries_really_lack_judges_and_get_no_new_pairs(contest):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    by_id = {entry.entry_id: entry for entry in entries}
    with_pairs = {entry_id for entry_id, _ in plan.pairs}
    for item in plan.impossible:
        entry = by_id[item.entry_id]
        free = set(panels[entry.field_id]) - entry.excluded - entry.current
        assert item.usable == len(free) + len(entry.current) < k
        assert item.missing == k - len(entry.current)
        assert item.field_id == entry.field_id
        assert item.entry_id not in with_pairs
    assert len(plan.impossible) == len({i.entry_id for i in plan.impossible})


@settings(max_examples=150, deadline=None)
@given(contests())
def test_load_counts_exactly_the_new_pairs(contest):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    counted = Counter(judge for _, judge in plan.pairs)
    everyone = {judge for panel in panels.values() for judge in panel}
    assert set(plan.load) == everyone
    assert all(plan.load[judge] == counted[judge] for judge in everyone)


@settings(max_examples=100, deadline=None)
@given(contests(), st.randoms(use_true_random=False))
def test_same_input_same_plan_whatever_the_order_of_entries_and_panels(contest, rnd):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    assert plan_assignments(list(entries), panels, k, seed) == plan
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    reordered_panels = {f: sorted(panel, reverse=True) for f, panel in reversed(panels.items())}
    assert plan_assignments(shuffled, panels, k, seed) == plan
    assert plan_assignments(iter(shuffled), reordered_panels, k, seed) == plan


@settings(max_examples=150, deadline=None)
@given(contests(conflicts=False, current=False, shared=False))
def test_without_conflicts_each_panel_is_balanced_within_one(contest):
    entries, panels, k, seed = contest
    plan = plan_assignments(entries, panels, k, seed)
    for judges in panels.values():
        if judges:
            assert spread(plan, judges) <= 1


@settings(max_examples=100, deadline=None)
@given(contests(conflicts=False, current=False), st.randoms(use_true_random=False))
def test_judges_on_identical_panels_are_balanced_overall(contest, rnd):
    entries, panels, k, seed = contest
    panel = next(iter(panels.values()))
    identical = {field_id: rnd.sample(panel, len(panel)) for field_id in panels}
    plan = plan_assignments(entries, identical, k, seed)
    if panel:
        assert spread(plan, panel) <= 1


# Balance where the conflicts allow, against every possible assignment of tiny contests


def test_a_judge_in_conflict_with_every_entry_does_not_stop_the_others_balancing():
    # Judge 1 can take neither entry; judge 3 can take entry 1, so judge 4 need not take two.
    entries = [EntryNeed(1, 1, excluded=frozenset({1, 2})),
               EntryNeed(2, 1, excluded=frozenset({1, 3}))]
    for seed in range(10):
        plan = plan_assignments(entries, {1: [1, 2, 3, 4, 5]}, k=2, seed=seed)
        assert plan.load == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}


def test_balance_passes_entries_along_a_chain_of_judges():
    # Judge 2 may only take entry 1, which judge 1 may not: when judge 1 is the busiest it has
    # to give entry 3 to judge 3, who gives entry 1 to judge 2.
    entries = [EntryNeed(1, 1, excluded=frozenset({1})), EntryNeed(2, 1, excluded=frozenset({2})),
               EntryNeed(3, 1, excluded=frozenset({2}))]
    for seed in range(10):
        plan = plan_assignments(entries, {1: [1, 2, 3]}, k=1, seed=seed)
        assert plan.load == {1: 1, 2: 1, 3: 1}
        assert judges_of(plan, 1) == {2}


@st.composite
def tiny_contests(draw):
    """One panel of 2-5 judges; conflicts mostly come from shared units, so they cluster."""
    panel = list(range(1, draw(st.integers(2, 5)) + 1))
    unit = {judge: draw(st.integers(1, 4)) for judge in panel}
    k = draw(st.integers(1, 3))
    entries = []
    for entry_id in range(1, draw(st.integers(1, 4)) + 1):
        units = draw(st.sets(st.integers(1, 4), max_size=2))
        declared = draw(st.sets(st.sampled_from(panel), max_size=1))
        excluded = {judge for judge in panel if unit[judge] in units} | declared
        free = [judge for judge in panel if judge not in excluded]
        current = draw(st.sets(st.sampled_from(free), max_size=1)) if free else set()
        entries.append(EntryNeed(entry_id, 1, frozenset(excluded), frozenset(current)))
    return entries, panel, k, draw(st.integers(0, 1000))


def smallest_spread(entries: list[EntryNeed], panel: list[int], k: int) -> int:
    """The most even new loads any valid assignment reaches, by trying them all."""
    choices = []
    for entry in entries:
        free = [j for j in panel if j not in entry.excluded and j not in entry.current]
        if len(free) >= k - len(entry.current):
            choices.append(list(combinations(free, k - len(entry.current))))
    spreads = []
    for picked in product(*choices):
        counted = Counter(judge for judges in picked for judge in judges)
        spreads.append(max(counted[j] for j in panel) - min(counted[j] for j in panel))
    return min(spreads)


@settings(max_examples=150, deadline=None)
@given(tiny_contests())
def test_loads_are_as_even_as_the_conflicts_allow(contest):
    entries, panel, k, seed = contest
    plan = plan_assignments(entries, {1: panel}, k, seed)
    assert spread(plan, panel) == smallest_spread(entries, panel, k)
