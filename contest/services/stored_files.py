"""Uploaded files: received in chunks into the storage, checked by content, written durably.

Pillow and pypdf are imported on first use: a web worker starts without them (they cost about
a third of a second of every start-up)."""
from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from contest.services import DomainError
from contest.services.file_storage import LocalStorage

CHUNK_SIZE = 64 * 1024
# Far above any phone photo (a 48 MP camera), far below a decompression bomb.
MAX_IMAGE_PIXELS = 60_000_000
THUMBNAIL_BOX = (320, 320)
# Detected format → (content type, extension of the stored file).
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PDF_TYPE = ("application/pdf", ".pdf")
PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
ORIENTATION_TAG = 0x0112

ACTUAL_TEXT = _l("văn bản hoặc HTML")
ACTUAL_IMAGE = _l("một tấm ảnh")
ACTUAL_PDF = _l("một tệp PDF")
ACTUAL_OTHER = _l("một định dạng không được hỗ trợ")


def pillow():
    """PIL.Image, imported on first use, with the pixel cap set."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    return Image


@dataclass(frozen=True)
class CheckedFile:
    """What the content check found: the type to store and, for images, the pixel size."""

    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def read_head(path: Path, size: int = 1024) -> bytes:
    """The first bytes of a file, where formats announce themselves."""
    with path.open("rb") as handle:
        return handle.read(size)


def receive_upload(stream: BinaryIO, storage: LocalStorage, folder: str, max_mb: int,
                   name: str) -> tuple[Path, int, str]:
    """Copy the upload in chunks to a temporary file of the storage's `folder`; its path, size
    and sha256."""
    limit = max_mb * 1024 * 1024
    digest = hashlib.sha256()
    size = 0
    handle, path = storage.temporary(folder)
    try:
        with handle:
            while chunk := stream.read(CHUNK_SIZE):
                size += len(chunk)
                if size > limit:
                    raise DomainError(_l("Tệp “%(name)s” lớn hơn %(max)s MB cho phép.",
                                         name=name, max=max_mb))
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if size == 0:
            raise DomainError(_l("Tệp “%(name)s” không có nội dung.", name=name))
    except BaseException:
        discard_files([path])
        raise
    return path, size, digest.hexdigest()


def describe_content(head: bytes) -> str:
    """A few words on what an unaccepted file seems to be, for the refusal message."""
    if head.startswith(PDF_MAGIC):
        return str(ACTUAL_PDF)
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return str(ACTUAL_IMAGE)
    if b"\x00" in head:
        return str(ACTUAL_OTHER)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not merely a character cut at the end of the sample
            return str(ACTUAL_OTHER)
    return str(ACTUAL_TEXT)


def check_pdf(path: Path, name: str) -> CheckedFile:
    """A readable PDF with at least one page and no password."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of errors on bad input
        raise DomainError(_l("Tệp “%(name)s” là PDF bị hỏng, không đọc được.",
                             name=name)) from error
    if encrypted:
        raise DomainError(_l("Tệp “%(name)s” là PDF có đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên "
                             "lại.", name=name))
    if pages < 1:
        raise DomainError(_l("Tệp “%(name)s” là PDF không có trang nào.", name=name))
    return CheckedFile(*PDF_TYPE)


def check_image(path: Path, name: str) -> CheckedFile | None:
    """The image's type and displayed size; None if it is not an image at all."""
    Image = pillow()  # noqa: N806 - the module, named as Pillow names it
    try:
        with _bombs_refused(), Image.open(path) as image:
            image_format = image.format
            image.verify()
        if image_format not in IMAGE_TYPES:
            raise DomainError(_l("Ảnh “%(name)s” có định dạng %(format)s; chỉ nhận JPEG, PNG "
                                 "hoặc WebP.", name=name, format=image_format))
        with _bombs_refused(), Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(ORIENTATION_TAG)
            image.load()
    except Image.UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DomainError(_l("Ảnh “%(name)s” có quá nhiều điểm ảnh; hãy thu nhỏ ảnh rồi tải lên "
                             "lại.", name=name)) from error
    except DomainError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds of errors on bad input
        raise DomainError(_l("Ảnh “%(name)s” bị hỏng, không mở được.", name=name)) from error
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown with width and height swapped
        width, height = height, width
    content_type, extension = IMAGE_TYPES[image_format]
    return CheckedFile(content_type, extension, width, height)


@contextmanager
def _bombs_refused() -> Iterator[None]:
    """Pillow warns (rather than fails) between 1× and 2× MAX_IMAGE_PIXELS: fail there too."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", pillow().DecompressionBombWarning)
        yield


def write_thumbnail(source: Path, storage: LocalStorage, key: str, name: str) -> None:
    """Store at `key` a JPEG of at most THUMBNAIL_BOX, turned upright, without EXIF or other
    metadata."""
    from PIL import ImageOps

    Image = pillow()  # noqa: N806 - the module, named as Pillow names it
    try:
        with _bombs_refused(), Image.open(source) as image:
            image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a reduced scale
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail(THUMBNAIL_BOX)
            has_alpha = upright.mode in ("RGBA", "LA", "P", "PA")
            upright = upright.convert("RGBA" if has_alpha else "RGB")
            clean = Image.new("RGB", upright.size, "white")  # a new image carries no metadata
            clean.paste(upright, mask=upright if has_alpha else None)
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds of errors on bad input
        raise DomainError(_l("Ảnh “%(name)s” bị hỏng, không mở được.", name=name)) from error
    storage.write(key, lambda handle: clean.save(handle, "JPEG", quality=85))


def discard_files(paths: Iterable[Path]) -> None:
    """Remove files if they exist; a missing file is not an error."""
    for path in paths:
        with suppress(FileNotFoundError):
            os.unlink(path)
