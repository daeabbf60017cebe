"""An entry's rank within its field, from the overall ranking."""
from __future__ import annotations

from collections.abc import Hashable, Iterable


def field_ranks(rows: Iterable[tuple[int, Hashable, int]]) -> dict[int, int]:
    """Rank in field by entry id, from (entry_id, field, overall rank) in ranking order.

    Entries tied overall share their rank in the field too; the next rank is skipped
    (1, 2, 2, 4), as in the overall ranking."""
    ranks: dict[int, int] = {}
    seen: dict[Hashable, tuple[int, int, int]] = {}  # field: (count, last rank, last field rank)
    for entry_id, field, rank in rows:
        count, last_rank, last_field_rank = seen.get(field, (0, -1, 0))
        count += 1
        field_rank = last_field_rank if rank == last_rank else count
        seen[field] = (count, rank, field_rank)
        ranks[entry_id] = field_rank
    return ranks
