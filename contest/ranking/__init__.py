"""Pure, deterministic ranking: plain data in, ranked rows out (no Flask, no database)."""
from contest.ranking.aggregate import METHODS, rank_entries, rank_sheet_rows
from contest.ranking.awards import TIE_POLICIES, AwardTier, allocate_awards
from contest.ranking.diagnostics import judge_diagnostics, sheet_row_diagnostics
from contest.ranking.field_rank import field_ranks
from contest.ranking.model import EntryInfo, RankedRow, RankingSettings, Sheet, SheetRow

__all__ = [
    "METHODS", "TIE_POLICIES", "AwardTier", "EntryInfo", "RankedRow", "RankingSettings", "Sheet",
    "SheetRow", "allocate_awards", "field_ranks", "judge_diagnostics", "rank_entries",
    "rank_sheet_rows", "sheet_row_diagnostics",
]
