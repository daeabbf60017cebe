"""A web worker's start-up: create_app() loads only what serving pages needs."""
from __future__ import annotations

import json
import os
import subprocess
import sys

CHECK = """
import json, sys
from contest import create_app
app = create_app({"INSTANCE_PATH": sys.argv[1], "SQLALCHEMY_DATABASE_URI": "sqlite://",
                  "SECRET_KEY": "k"})
print(json.dumps({"faker": sorted(name for name in sys.modules if name.split(".")[0] == "faker"),
                  "demo": "contest.services.demo" in sys.modules,
                  "commands": sorted(app.cli.list_commands(None))}))
"""


def test_create_app_does_not_import_faker_yet_registers_seed_demo(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONTEST_")}
    done = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path)], env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert loaded["faker"] == []
    assert loaded["demo"] is False
    assert "seed-demo" in loaded["commands"]
