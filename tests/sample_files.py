"""Real files for upload tests, made on the fly: images with Pillow, PDFs with pypdf."""
from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter

TEXT = "Bản thuyết minh giải pháp: máy tưới cây tự động.\n".encode()
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"
ORIENTATION_TAG = 0x0112


def image_bytes(size: tuple[int, int] = (64, 48), image_format: str = "PNG",
                mode: str = "RGB", orientation: int | None = None) -> bytes:
    """An image of `size`; with an EXIF orientation for JPEGs taken by a turned phone."""
    image = Image.new(mode, size, "white" if mode != "1" else 1)
    if mode == "RGB":
        image.paste((200, 30, 30), (0, 0, size[0] // 2, size[1]))  # left half red
    options = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION_TAG] = orientation
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    """A minimal PDF with blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
