"""Query builders for the integrity check: stored files by row, and rows whose parent is gone."""
from __future__ import annotations

from sqlalchemy import Select, select

from contest.models import Assignment, Attachment, Entry, Score, ScoreSheet


def attachment_files() -> Select:
    """(id, edition id, stored name, thumbnail name, size, sha256) of every attachment."""
    return select(Attachment.id, Entry.edition_id, Attachment.stored_name,
                  Attachment.thumbnail_name, Attachment.size, Attachment.sha256).join(
        Entry, Entry.id == Attachment.entry_id).order_by(Attachment.id)


def scores_without_sheet() -> Select:
    """Ids of scores whose sheet, or the sheet's assignment, no longer exists."""
    return select(Score.id).outerjoin(ScoreSheet, ScoreSheet.id == Score.sheet_id).outerjoin(
        Assignment, Assignment.id == ScoreSheet.assignment_id).where(
        Assignment.id.is_(None)).order_by(Score.id)


def sheets_without_assignment() -> Select:
    """Ids of score sheets whose assignment no longer exists."""
    return select(ScoreSheet.id).outerjoin(
        Assignment, Assignment.id == ScoreSheet.assignment_id).where(
        Assignment.id.is_(None)).order_by(ScoreSheet.id)
