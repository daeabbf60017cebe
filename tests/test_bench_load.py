"""The machinery of make bench-load and make bench-faults, quickly: a real gunicorn (the repo's
gunicorn.conf.py, 4 workers) on a SQLite file, 3 judges and 3 entrants signed in with CSRF for
2 seconds, then 2 seconds paced (each judge's autosaves on a schedule of its own, entrants
pausing), every acknowledged write found afterwards, a SIGKILLed worker replaced."""
from __future__ import annotations

import time

import pytest

from bench.load_check import check_integrity, look_for
from bench.load_client import Stats
from bench.load_paced import Pace, paced_load
from bench.load_run import WORKERS, Server, load, sign_in_team, world_for
from contest.extensions import db

pytestmark = pytest.mark.db_independent  # the bench builds its own SQLite file database


def test_the_load_writes_what_it_acknowledges_without_errors(tmp_path):
    world, sheets, entrants = world_for(tmp_path / "world", 3, 3, 20)
    server = Server(world)
    server.start()
    try:
        team = sign_in_team(world, server.port, sheets, entrants)
        saves = Stats()
        load(team, 2, bare=False, stats=saves)
        bare = Stats()
        load(team, 1, bare=True, stats=bare)
        paced = Stats()
        pace = Pace(every=0.5, jitter=0.2, pause=(0.1, 0.3))
        _wall, schedule = paced_load(team.judges, team.entrants, team.ledger, 2, pace, paced)
        killed = server.workers()[0]
        assert server.kill_a_worker(0)
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and (
                killed in server.workers() or len(server.workers()) < WORKERS):
            time.sleep(0.1)
        replaced = server.workers()
    finally:
        server.stop()
        with world.app.app_context():
            db.session.remove()
            db.engine.dispose()

    for stats in (saves, bare, paced):
        assert {kind: sum(c.values()) for kind, c in stats.errors.items()} == dict.fromkeys(
            stats.errors, 0)
    assert len(saves.latencies["autosave POST"]) > 0
    assert len(saves.latencies["upload POST (+ its page)"]) > 0
    assert len(saves.latencies["submit POST (+ its page)"]) > 0
    assert len(bare.latencies["baseline insert POST"]) > 0
    assert "autosave POST" not in bare.latencies
    # Paced: each judge's saves fall due every 0.4–0.6 s (the first within 0.5 s) for 2 s.
    assert 3 * 3 <= schedule.due <= 3 * 5
    assert len(paced.latencies["autosave POST"]) == schedule.due
    assert len(paced.latencies["dossier edit page GET"]) > 0
    assert schedule.offered_saves() == 6.0
    assert killed not in replaced and len(replaced) == WORKERS

    found = look_for(world, team.ledger)
    assert found.acknowledged == len(team.ledger.saves) + sum(
        len(f) for f in team.ledger.files.values()) + len(team.ledger.submitted)
    assert found.acknowledged > 0
    assert found.lost == []
    assert found.found == found.acknowledged
    integrity = check_integrity(world)
    assert integrity.first_exit == 0, integrity.output
