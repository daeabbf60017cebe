"""Configuration: defaults here, then instance/config.py, then CONTEST_* environment variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Config

# Read when their CONTEST_ variable is absent: the names hosting platforms set.
UNPREFIXED = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")
# Kept as typed: JSON would turn a password or key made of digits into a number.
TEXT_SETTINGS = (
    "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD",
    "MAIL_SENDER", "DOCUMENT_PLACE", "PREFERRED_URL_SCHEME", "SERVER_NAME", "ENV",
    "UPLOAD_FOLDER", "BASE_URL", "LOG_LEVEL", "EXPORT_FOLDER", "DEFAULT_ORGANISATION_CODE",
    "DEFAULT_ORGANISATION_NAME",
)
# Also written yes/no or on/off, which JSON does not read.
SWITCHES = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "METRICS_ENABLED")
WHOLE_NUMBERS = ("MAIL_PORT", "PROXY_FIX", "SUBMISSION_GRACE_SECONDS", "READY_MIN_FREE_MB",
                 "IMPORT_BATCH_ROWS", "JOB_IMPORT_MIN_ROWS")


class Defaults:
    ENV = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None
    REDIS_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 30_000

    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: on in production, off in development
    SESSION_COOKIE_NAME = "sangtao_session"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    REMEMBER_COOKIE_DURATION = 0
    TRUSTED_HOSTS: list[str] | None = None
    PROXY_FIX = 0  # number of reverse proxies in front of the app
    # A dossier counts as sent when its request arrived (the proxy's X-Request-Start when
    # PROXY_FIX trusts one), less this grace for a busy worker's queue and a slow upload.
    SUBMISSION_GRACE_SECONDS = 60

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; sessions expire on the server
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_SENDER = "Ban tổ chức Sáng tạo <no-reply@sangtao.local>"
    MAIL_TIMEOUT = 5  # seconds an SMTP server may stay silent before a delivery gives up
    MAIL_MAX_ATTEMPTS = 8  # then the mail is dead: an organiser may send it again
    MAIL_RETRY_MINUTES = 1  # the first retry's wait, doubled at each attempt (1, 2, 4 …)
    MAIL_RETRY_MAX_MINUTES = 120
    MAIL_BATCH = 200  # mails a delivery run sends over its one connection
    # The job queue (huey): None picks Redis when REDIS_URL is set, in-process immediate
    # execution when TESTING, else a SQLite file in instance/ (no extra server).
    # The organisation a database made for one organising body starts with (and the one the
    # migration to organisations moves an existing database into).
    DEFAULT_ORGANISATION_CODE = "vinh-long"
    DEFAULT_ORGANISATION_NAME = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"
    JOB_QUEUE: str | None = None  # "redis", "sqlite" or "immediate"
    JOB_WORKERS = 2  # the worker's threads
    JOB_RANKING_MIN_ENTRIES = 2000  # a ranking run of an edition this large runs as a job
    JOB_IMPORT_MIN_ROWS = 2000  # a confirmed import of a file this long runs as a job
    JOB_PROGRESS_SECONDS = 0.5  # a job writes its progress at most this often
    JOB_STALE_MINUTES = 10  # a running job silent this long is shown as possibly stopped
    EXPORT_FOLDER: str | None = None  # files written by jobs; None: <instance>/exports

    LOGIN_LIMIT_PER_IP = "10 per minute;50 per hour"
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    RESET_LIMIT = "5 per 15 minutes"
    RATELIMIT_ENABLED = True  # set on every app: the limiter object is shared by all apps
    RATELIMIT_HEADERS_ENABLED = True
    RESET_TOKEN_HOURS = 2
    INVITE_TOKEN_HOURS = 72
    # The site's address for links in e-mails sent from the command line (no request there);
    # unused when SERVER_NAME is set.
    BASE_URL = "http://127.0.0.1:5000"
    PAGE_SIZE = 50
    # The largest import file (entries, judges, scores; web and command line), in data rows and
    # in bytes: 150,000 score rows are a province's 10,000 entries × 5 judges × 3 criteria. A web
    # upload is also capped by MAX_CONTENT_LENGTH.
    IMPORT_MAX_ROWS = 1_000_000
    IMPORT_MAX_BYTES = 200 * 1024 * 1024
    # An import is written in batches of this many file rows, as many batches per
    # transaction as fit in IMPORT_TRANSACTION_SECONDS, so that web writes wait for one
    # transaction (a fraction of a second), never for the whole file. On SQLite the import
    # then pauses: a waiting writer's busy handler looks for the free lock only every 100 ms,
    # and an import that took the lock again at once would starve it.
    IMPORT_BATCH_ROWS = 250
    IMPORT_TRANSACTION_SECONDS = 0.25
    IMPORT_PAUSE_SECONDS = 0.11
    DOCUMENT_PLACE = ""  # the place on certificates' date line, e.g. "Vĩnh Long"
    # Host name → organisation code: such a host serves that organisation's public pages at /
    # (CONTEST_ORGANISATION_HOSTS='{"sangtao.vinhlong.gov.vn": "vinh-long"}').
    ORGANISATION_HOSTS: dict[str, str] = {}
    # argon2id cost of new password hashes: OWASP's profile (19 MiB, 2 passes), strong yet quick
    # enough for many logins. Tests set a cheap one.
    PASSWORD_HASH_TIME_COST = 2
    PASSWORD_HASH_MEMORY_KIB = 19 * 1024
    PASSWORD_HASH_PARALLELISM = 1

    LOG_LEVEL = "INFO"  # of the app's own JSON log lines (the `contest` loggers)
    METRICS_ENABLED = False  # Prometheus metrics at /metrics
    READY_MIN_FREE_MB = 500  # /readyz fails when instance/ or the uploads have less free space


def load_environment(config: Config) -> None:
    """CONTEST_* variables through Flask (a value is read as JSON when it parses, so
    CONTEST_PAGE_SIZE=20 is a number and CONTEST_RATELIMIT_ENABLED=false a boolean), then the
    documented settings JSON would misread, then the three unprefixed names."""
    config.from_prefixed_env("CONTEST")
    for name in TEXT_SETTINGS:
        if f"CONTEST_{name}" in os.environ:
            config[name] = os.environ[f"CONTEST_{name}"]
    for name in SWITCHES:
        if f"CONTEST_{name}" in os.environ:
            config[name] = os.environ[f"CONTEST_{name}"].strip().lower() in (
                "1", "true", "yes", "on")
    for name in WHOLE_NUMBERS:
        if f"CONTEST_{name}" in os.environ:
            config[name] = int(os.environ[f"CONTEST_{name}"])
    if isinstance(config.get("TRUSTED_HOSTS"), str):  # comma-separated, as README says
        config["TRUSTED_HOSTS"] = [
            host.strip() for host in config["TRUSTED_HOSTS"].split(",") if host.strip()]
    for name in UNPREFIXED:
        if f"CONTEST_{name}" not in os.environ and name in os.environ:
            config[name] = os.environ[name]


def database_uri(url: str | None, instance_path: str) -> str:
    """The SQLAlchemy URI: DATABASE_URL (psycopg 3 driver for PostgreSQL) or SQLite in instance/."""
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "contest.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class ConfigurationError(RuntimeError):
    """A setting the configured environment cannot run without."""


# Several workers or servers share these: each generating its own key would sign cookies the
# others reject, and login limits counted in each process's memory would not limit.
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "REDIS_URL")


def refuse_incomplete_production(config: Config) -> None:
    """In production (CONTEST_ENV=production) refuse to start without the shared settings."""
    if config.get("ENV") != "production":
        return
    missing = [name for name in REQUIRED_IN_PRODUCTION if not config.get(name)]
    if missing:
        raise ConfigurationError(
            "CONTEST_ENV=production needs " + " and ".join(missing) + " (set "
            + ", ".join(f"CONTEST_{name} or {name}" for name in missing)
            + "; see the configuration table in README.md). The app does not start without "
            "them: several workers would each make their own secret key and login limits.")


def ensure_secret_key(instance_path: str) -> str:
    """Read instance/secret_key, creating it (mode 0600) with a random key on first start."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
