"""Packages changed on their way: a member's bytes replaced, a manifest signed again."""
from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization


def rewritten(package: Path, out: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the package with some members' bytes replaced."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out


def resigned(package: Path, out: Path, key_file: Path, change) -> Path:
    """The package with its manifest changed by `change(manifest)` and signed again with the
    province's own key (a package the province really sent)."""
    with zipfile.ZipFile(package) as source:
        manifest = json.loads(source.read("manifest.json"))
    change(manifest)
    data = json.dumps(manifest, ensure_ascii=False).encode()
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    return rewritten(package, out, {"manifest.json": data,
                                    "manifest.sig": base64.b64encode(key.sign(data))})


def flipped_byte(data: bytes, at: int) -> bytes:
    buffer = io.BytesIO(data).getbuffer().tobytes()
    return buffer[:at] + bytes([buffer[at] ^ 1]) + buffer[at + 1:]
