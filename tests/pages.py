"""Reading rendered pages in tests: the text a person sees, the messages flashed on a page."""
from __future__ import annotations

import re

FLASH = re.compile(r'<div class="alert alert-\w+" role="alert">(.*?)</div>', re.S)


def text_of(html: str) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def flashes(response) -> list[str]:
    """The flashed messages a page shows."""
    return [text_of(message) for message in FLASH.findall(response.get_data(as_text=True))]
