"""The score sheet form: one score and one comment per criterion, built for each edition."""
from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from contest.forms.auth import strip
from contest.forms.base import FlaskForm
from contest.forms.imports import ImportConfirmForm
from contest.services.scoring import UNCHANGED, ScoreInput


class SheetForm(FlaskForm):
    """Fields score_<criterion id> and comment_<criterion id> are added per edition."""

    version = HiddenField()
    comment = TextAreaField(_l("Nhận xét chung"), filters=[strip], validators=[Length(max=5000)])
    save = SubmitField(_l("Lưu nháp"))
    finalise = SubmitField(_l("Hoàn tất phiếu chấm"))

    @classmethod
    def for_criteria(cls, criteria, *args, **kwargs) -> SheetForm:
        """A form with a score and a comment field for each criterion, instantiated."""
        return _bound(cls, tuple((criterion.id, criterion.name) for criterion in criteria))(
            *args, **kwargs)

    def expected_version(self) -> int | None:
        """The sheet version the page loaded; None when the request has no usable one."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def sheet_changes(self) -> tuple[dict[int, ScoreInput], str | None]:
        """The scores and the sheet comment that the request carries. A field absent from the
        request is UNCHANGED (the stored value stays); one sent empty clears what is stored."""
        def sent(field):
            return bool(field.raw_data)  # [] (or None) when the request did not carry it

        scores = {}
        for criterion_id in self.criterion_ids:
            score, note = self[f"score_{criterion_id}"], self[f"comment_{criterion_id}"]
            if sent(score) or sent(note):
                scores[criterion_id] = ScoreInput(
                    score.data if sent(score) else UNCHANGED,
                    (note.data or "") if sent(note) else UNCHANGED)
        return scores, (self.comment.data or "") if sent(self.comment) else None


class RecuseForm(FlaskForm):
    reason = TextAreaField(_l("Lý do (ví dụ: tác giả là người thân, học sinh của tôi)"),
                           filters=[strip], validators=[Length(max=1000)])


class ScoresImportConfirmForm(ImportConfirmForm):
    """The scores import's confirmation: replacing judges' drafts needs its own tick."""

    replace_drafts = BooleanField(_l("Thay các bản nháp giám khảo đã lưu (danh sách ở trên)"))


@lru_cache(maxsize=256)
def _bound(form: type[SheetForm], criteria: tuple[tuple[int, str], ...]) -> type[SheetForm]:
    """The sheet form class of these criteria (id, name), made once: every autosave of the
    edition's sheets builds its form from it."""

    class Bound(form):
        criterion_ids = [criterion_id for criterion_id, _name in criteria]

    for criterion_id, name in criteria:
        setattr(Bound, f"score_{criterion_id}", StringField(
            name, filters=[strip], validators=[Length(max=10)],
            render_kw={"inputmode": "decimal", "autocomplete": "off"}))
        setattr(Bound, f"comment_{criterion_id}", TextAreaField(
            _l("Nhận xét"), filters=[strip], validators=[Length(max=2000)]))
    return Bound
