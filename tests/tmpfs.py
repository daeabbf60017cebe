"""A real small disk for fault tests: a tmpfs mounted in the test's folder (the suite runs as
root here), unmounted afterwards."""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def mounted_tmpfs(path: Path, size: str) -> Iterator[Path]:
    """`path` as a tmpfs of `size` (e.g. "1m") for the block."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"these tests need to mount a tmpfs: {mounted.stderr.strip()}"
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)
