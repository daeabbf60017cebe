"""The score sheet form: one score and one comment per criterion, built for each edition."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from contest.forms.auth import strip


class SheetForm(FlaskForm):
    """Fields score_<criterion id> and comment_<criterion id> are added per edition."""

    version = HiddenField()
    comment = TextAreaField(_l("Nhận xét chung"), filters=[strip], validators=[Length(max=5000)])
    save = SubmitField(_l("Lưu nháp"))
    finalise = SubmitField(_l("Hoàn tất phiếu chấm"))

    @classmethod
    def for_criteria(cls, criteria, *args, **kwargs) -> SheetForm:
        """A form class with a score and a comment field for each criterion, instantiated."""

        class Bound(cls):
            pass

        for criterion in criteria:
            setattr(Bound, f"score_{criterion.id}", StringField(
                criterion.name, filters=[strip], validators=[Length(max=10)],
                render_kw={"inputmode": "decimal", "autocomplete": "off"}))
            setattr(Bound, f"comment_{criterion.id}", TextAreaField(
                _l("Nhận xét"), filters=[strip], validators=[Length(max=2000)]))
        return Bound(*args, **kwargs)


class RecuseForm(FlaskForm):
    reason = TextAreaField(_l("Lý do (ví dụ: tác giả là người thân, học sinh của tôi)"),
                           filters=[strip], validators=[Length(max=1000)])
