"""The attachment upload form of a dossier."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from contest.forms.base import FlaskForm
from contest.models import AttachmentKind, Author

KIND_LABELS = {
    AttachmentKind.DESCRIPTION_PDF: _l("Bản thuyết minh (PDF)"),
    AttachmentKind.PRODUCT_PHOTO: _l("Ảnh sản phẩm"),
    AttachmentKind.AUTHOR_PHOTO: _l("Ảnh tác giả"),
    AttachmentKind.IDENTITY_SCAN: _l("Bản scan giấy khai sinh / căn cước"),
    AttachmentKind.DRAWING: _l("Bản vẽ"),
    AttachmentKind.UNIT_CONFIRMATION: _l("Xác nhận của đơn vị"),
}
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,.webp"
# The default kind: the content decides (contest.services.attachments.kind_of_content).
KIND_FROM_CONTENT = _l("Tự chọn theo nội dung")


class AttachmentForm(FlaskForm):
    kind_labels = KIND_LABELS  # for the list of files next to the form
    accept = ACCEPTED_FILES

    file = FileField(_l("Tệp"), validators=[FileRequired(_l("Hãy chọn một tệp để tải lên."))])
    kind = SelectField(_l("Loại tệp"), default="", validators=[Optional()], choices=[
        SelectChoice("", KIND_FROM_CONTENT),
        *(SelectChoice(k.value, label) for k, label in KIND_LABELS.items())])
    # Only shown when the dossier has authors; absent, it means "no author".
    author = SelectField(_l("Của tác giả (ảnh tác giả, bản scan giấy tờ)"), default="",
                         validators=[Optional()])

    def __init__(self, *args, authors: Sequence[Author] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.author.choices = [SelectChoice("", _l("— Không —"))] + [
            SelectChoice(str(a.position), f"{a.position}. {a.full_name}") for a in authors]
