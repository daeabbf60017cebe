"""Filters of the organiser's entries list."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from contest.forms.auth import strip
from contest.forms.base import FilterForm, IntegerField, bounded_int

STATUS_LABELS = {
    "draft": _l("Bản nháp"),
    "submitted": _l("Đã nộp (tất cả)"),
    "pending": _l("Chờ thẩm định"),
    "eligible": _l("Hợp lệ"),
    "ineligible": _l("Không hợp lệ"),
    "withdrawn": _l("Đã rút"),
}


class EntryFilterForm(FilterForm):
    q = StringField(_l("Tìm theo mã, tên, tác giả, đơn vị"), filters=[strip],
                    validators=[Optional()])
    field = SelectField(_l("Lĩnh vực"), coerce=bounded_int, validators=[Optional()])
    status = SelectField(_l("Trạng thái"), validators=[Optional()], choices=[
        SelectChoice("", _l("Tất cả")),
        *(SelectChoice(code, label) for code, label in STATUS_LABELS.items())])
    unit = IntegerField(validators=[Optional()])

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = [SelectChoice(0, _l("Tất cả lĩnh vực"))] + [
            SelectChoice(f.id, f.name) for f in edition.fields]
