"""Uploads kept between preview and confirmation: taken once, never after an hour."""
from __future__ import annotations

import os
import time

from contest.imports import storage


def test_an_upload_is_claimed_once_with_its_name(tmp_path):
    token = storage.stash(tmp_path, "title\nMáy\n".encode(), "hồ sơ.csv")
    assert storage.TOKEN.fullmatch(token)
    assert storage.claim(tmp_path, token) == ("title\nMáy\n".encode(), "hồ sơ.csv")
    assert storage.claim(tmp_path, token) is None
    assert list(tmp_path.iterdir()) == []


def test_forged_tokens_reach_no_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k")
    for token in ("../secret_key", "secret_key", "A" * 32, "", "0" * 31):
        assert storage.claim(tmp_path / "imports", token) is None
    assert secret.read_text() == "k"


def test_uploads_older_than_an_hour_are_refused_and_purged(tmp_path):
    old = storage.stash(tmp_path, b"old", "a.csv")
    stale = time.time() - storage.MAX_AGE_SECONDS - 60
    for path in tmp_path.iterdir():
        os.utime(path, (stale, stale))
    assert storage.claim(tmp_path, old) is None

    older = storage.stash(tmp_path, b"older", "b.csv")
    for path in tmp_path.glob(older + "*"):
        os.utime(path, (stale, stale))
    fresh = storage.stash(tmp_path, b"fresh", "c.csv")  # each upload purges the stale ones
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh, fresh + ".name"]
