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
print(json.dumps({"heavy": sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:])),
                  "demo": "contest.services.demo" in sys.modules,
                  "commands": sorted(app.cli.list_commands(None))}))
"""


# Libraries a web worker does not need to start: each loads where it is used (the demo's Faker,
# the PDF engine, the PDF and image readers, the spreadsheet writer, the password estimator,
# the job queue and the Redis and PostgreSQL clients it imports on a SQLite site, the metrics
# library, the e-mail checker of imports).
NOT_AT_START_UP = ("faker", "fpdf", "fontTools", "pypdf", "PIL", "openpyxl", "lxml", "zxcvbn",
                   "huey", "redis", "psycopg", "prometheus_client",
                   "email_validator")


def test_create_app_does_not_import_faker_yet_registers_seed_demo(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONTEST_")}
    done = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path), *NOT_AT_START_UP], env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert loaded["heavy"] == []
    assert loaded["demo"] is False
    assert "seed-demo" in loaded["commands"]
