"""An organisation's own settings: its name, the place printed on its documents, its logo.

The logo is checked by content like every uploaded image, then drawn again as a PNG of at
most LOGO_BOX (no metadata, one safe type to serve) at organisations/<id>/logo.png."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from contest.extensions import db
from contest.models import Organisation, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.file_storage import LocalStorage, uploads
from contest.services.stored_files import check_image, discard_files, pillow, receive_upload

LOGO_MAX_MB = 5
LOGO_BOX = (512, 512)


def logo_key(organisation: Organisation) -> str:
    return f"organisations/{organisation.id}/logo.png"


def update_organisation(*, organisation: Organisation, actor: User, name: str,
                        document_place: str, logo: BinaryIO | None = None,
                        logo_name: str = "") -> Organisation:
    """Change the organisation's name and document place, and its logo when one is sent
    (audited as organisation.update)."""
    name, place = " ".join(name.split()), " ".join((document_place or "").split())
    if not name:
        raise DomainError(_l("Hãy nhập tên tổ chức."))
    before = {"name": organisation.name, "document_place": organisation.document_place,
              "logo_key": organisation.logo_key}
    if logo is not None:
        organisation.logo_key = store_logo(organisation, logo, logo_name or "logo")
    organisation.name, organisation.document_place = name, place or None
    db.session.flush()
    after = {"name": organisation.name, "document_place": organisation.document_place,
             "logo_key": organisation.logo_key}
    if after != before or logo is not None:
        record_event(actor=actor, action="organisation.update", target=organisation,
                     before=before, after=after)
    return organisation


def store_logo(organisation: Organisation, stream: BinaryIO, name: str) -> str:
    """Check the upload is an image and store it as the organisation's PNG logo; its key."""
    storage = uploads()
    key = logo_key(organisation)
    folder = str(Path(key).parent)
    path, _size, _sha256 = receive_upload(stream, storage, folder, LOGO_MAX_MB, name)
    try:
        if check_image(path, name) is None:
            raise DomainError(_l("Tệp “%(name)s” không phải là ảnh; biểu trưng nhận JPEG, PNG "
                                 "hoặc WebP.", name=name))
        write_logo(path, storage, key)
    finally:
        discard_files([path])
    return key


def write_logo(source: Path, storage: LocalStorage, key: str) -> None:
    Image = pillow()  # noqa: N806 - the module, named as Pillow names it
    with Image.open(source) as image:
        image.thumbnail(LOGO_BOX)
        clean = Image.new("RGBA", image.size)  # a new image carries no metadata
        clean.paste(image.convert("RGBA"))
    storage.write(key, lambda handle: clean.save(handle, "PNG"))
