"""The files of deploy/ (docs/DEPLOY.md), checked as far as this machine can without installing
them: the systemd units parse and run commands that exist, nginx proxies to gunicorn's port
with the arrival stamp, and env.example names real settings, the required ones included."""
from __future__ import annotations

import configparser
import re
import runpy
import shlex
import subprocess
from pathlib import Path

import pytest

from contest import config as config_module
from contest import create_app
from contest.config import REQUIRED_IN_PRODUCTION, Defaults
from tests.conftest import close_app

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
APP_HOME = "/srv/sangtao"  # where the units expect the checkout (docs/DEPLOY.md)
# Read outside contest/config.py: the instance folder by create_app, the metrics folder by
# prometheus_client.
READ_ELSEWHERE = {"CONTEST_INSTANCE_PATH", "PROMETHEUS_MULTIPROC_DIR"}


class RepeatedKeys(dict):
    """systemd repeats a key for a list (ExecStartPost): configparser keeps each line of it."""

    def __setitem__(self, key, value):
        if isinstance(value, list) and key in self:
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def unit(name: str) -> configparser.ConfigParser:
    """A unit file read as systemd does: repeated keys give one line each."""
    parser = configparser.ConfigParser(interpolation=None, strict=False, dict_type=RepeatedKeys)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text(), source=name)
    return parser


def command(parser: configparser.ConfigParser, key: str = "ExecStart") -> list[str]:
    """The unit's command, its checkout path replaced by this checkout."""
    words = shlex.split(parser["Service"][key])
    return [word.replace(APP_HOME, str(ROOT)) for word in words]


def env_example() -> dict[str, str]:
    """NAME=value lines of deploy/env.example (systemd EnvironmentFile syntax)."""
    settings = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, equals, value = line.partition("=")
        assert equals and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"not NAME=value: {line!r}"
        settings[name] = value.strip().strip('"')
    return settings


@pytest.mark.parametrize("name", ["contest-web.service", "contest-worker.service",
                                  "contest-backup.service", "contest-backup.timer"])
def test_every_unit_parses_and_reads_the_settings_file(name):
    parser = unit(name)
    assert parser["Unit"]["Description"]
    if name.endswith(".service"):
        assert parser["Service"]["User"] == "sangtao"
        assert parser["Service"]["WorkingDirectory"] == APP_HOME
        assert parser["Service"]["EnvironmentFile"] == "/etc/sangtao/env"


def test_the_web_unit_runs_gunicorn_with_the_repositorys_config():
    words = command(unit("contest-web.service"))
    assert Path(words[0]).name == "gunicorn"
    assert words[1:] == ["-c", "gunicorn.conf.py", "contest:create_app()"]
    assert (ROOT / words[2]).is_file()


def test_the_worker_and_backup_units_run_commands_the_app_has(app):
    worker = command(unit("contest-worker.service"))
    assert worker[1:] == ["--app", "contest", "worker"]
    backup = unit("contest-backup.service")
    backup_line = backup["Service"]["ExecStart"]
    after = backup["Service"]["ExecStartPost"].splitlines()
    assert "flask --app contest backup " in backup_line
    assert "flask --app contest check-integrity" in after[0]
    assert shlex.split(after[-1])[0] == "/usr/bin/rsync"  # the off-site copy comes last
    for name in ("worker", "backup", "check-integrity", "restore"):
        assert name in app.cli.commands, name


def test_the_backup_unit_writes_a_dated_archive_as_docs_say():
    line = unit("contest-backup.service")["Service"]["ExecStart"]
    # systemd turns %% into %: the shell then sees date +%Y-%m-%d
    assert '"/var/backups/sangtao/sangtao-$(date +%%Y-%%m-%%d).tar"' in line
    timer = unit("contest-backup.timer")
    assert timer["Timer"]["Unit"] == "contest-backup.service"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"


def test_nginx_proxies_to_gunicorns_port_with_the_arrival_stamp(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    bind = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"]
    site = (DEPLOY / "nginx" / "contest.conf").read_text()
    upstream = re.search(r"upstream (\w+) \{(.*?)\}", site, re.S)
    assert re.findall(r"^\s*server (\S+)", upstream.group(2), re.M)[0] == bind
    assert f"proxy_pass http://{upstream.group(1)};" in site
    assert 'proxy_set_header X-Request-Start "t=${msec}";' in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert env_example()["CONTEST_PROXY_FIX"] == "1"  # the one proxy's headers are trusted
    assert env_example()["GUNICORN_BIND"] == bind


def test_nginx_lets_an_upload_at_the_apps_limit_through():
    site = (DEPLOY / "nginx" / "contest.conf").read_text()
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert limit_mb * 1024 * 1024 > Defaults.MAX_CONTENT_LENGTH


def test_every_setting_of_env_example_is_one_the_app_reads():
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text()
    unknown = []
    for name in env_example():
        if name in READ_ELSEWHERE:
            continue
        if name.startswith("GUNICORN_"):
            if f'"{name}"' not in gunicorn_conf:
                unknown.append(name)
            continue
        setting = name.removeprefix("CONTEST_")
        known = (hasattr(Defaults, setting) or setting in config_module.TEXT_SETTINGS
                 or setting in config_module.UNPREFIXED)
        if not name.startswith("CONTEST_") or not known:
            unknown.append(name)
    assert unknown == []


def test_env_example_reads_the_same_when_a_shell_sources_it():
    """The units read it as an EnvironmentFile, sangtao-flask sources it with sh."""
    script = 'set -a; . "$1"; set +a; env -0'
    run = subprocess.run(["sh", "-c", script, "sh", str(DEPLOY / "env.example")],
                         capture_output=True, text=True, env={}, timeout=30, check=True)
    sourced = dict(item.split("=", 1) for item in run.stdout.split("\0") if "=" in item)
    assert {name: sourced.get(name) for name in env_example()} == env_example()


def test_the_command_wrapper_runs_flask_in_the_checkout_with_the_settings():
    wrapper = (DEPLOY / "sangtao-flask").read_text()
    assert ". /etc/sangtao/env" in wrapper
    assert f"cd {APP_HOME} && exec .venv/bin/flask --app contest" in wrapper
    assert (DEPLOY / "sangtao-flask").stat().st_mode & 0o111


def test_env_example_sets_what_production_refuses_to_start_without(tmp_path, monkeypatch):
    settings = env_example()
    assert settings["CONTEST_ENV"] == "production"
    for name in REQUIRED_IN_PRODUCTION:
        assert settings.get(f"CONTEST_{name}"), name
    for name in ("DATABASE_URL", "BASE_URL", "UPLOAD_FOLDER", "MAIL_SERVER"):
        assert settings.get(f"CONTEST_{name}"), name
    for name, value in settings.items():  # the example as the environment: production starts
        monkeypatch.setenv(name, value)
    for name in ("INSTANCE_PATH", "UPLOAD_FOLDER", "EXPORT_FOLDER"):  # this test's own folders
        monkeypatch.setenv(f"CONTEST_{name}", str(tmp_path / name.lower()))
    monkeypatch.setenv("CONTEST_DATABASE_URL", f"sqlite:///{tmp_path}/contest.db")
    app = create_app()
    close_app(app)
    assert app.config["ENV"] == "production"
    assert app.config["MAIL_SENDER"] == "Ban tổ chức Sáng tạo <no-reply@sangtao.example.vn>"
    assert app.config["PROXY_FIX"] == 1
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["RATELIMIT_STORAGE_URI"] == settings["CONTEST_REDIS_URL"]
