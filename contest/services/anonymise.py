"""Copies of dossier files with nothing that names their authors (blind judging).

Pillow and pypdf are imported on first use, as in stored_files."""
from __future__ import annotations

import io
from pathlib import Path

from contest.models import Attachment
from contest.services.stored_files import pillow

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png",
              "image/webp": "webp"}


def anonymous_name(attachment: Attachment, number: int) -> str:
    """A file name made of the entry code and the kind only: TTN-2026-0042-product-photo-1.jpg."""
    extension = EXTENSIONS.get(attachment.content_type, "bin")
    code = attachment.entry.code or attachment.entry_id
    return f"{code}-{attachment.kind.value}-{number}.{extension}"


def anonymous_bytes(path: Path, content_type: str) -> bytes:
    """The file without metadata: images re-encoded without EXIF/XMP/comments, PDFs rewritten
    without document information or XMP."""
    if content_type == "application/pdf":
        return _clean_pdf(path)
    return _clean_image(path)


def _clean_image(path: Path) -> bytes:
    from PIL import ImageOps

    Image = pillow()  # noqa: N806 - the module, named as Pillow names it
    with Image.open(path) as image:
        image_format = image.format or "PNG"
        pixels = ImageOps.exif_transpose(image)
        clean = Image.new(pixels.mode, pixels.size)  # a new image carries no metadata at all
        if pixels.mode == "P":
            clean.putpalette(pixels.getpalette() or [])
        clean.paste(pixels)
        out = io.BytesIO()
        clean.save(out, format=image_format)
    return out.getvalue()


def _clean_pdf(path: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(path)
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer._info = None  # noqa: SLF001 - pypdf has no public way to drop the /Info dictionary
    if "/Metadata" in writer._root_object:  # noqa: SLF001
        del writer._root_object["/Metadata"]  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
