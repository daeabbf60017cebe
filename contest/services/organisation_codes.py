"""The first path segments the application itself uses: an organisation's code is the first
segment of its public pages (/vinh-long/...), so it may be none of these."""
from __future__ import annotations

RESERVED_CODES = frozenset({
    "account", "admin", "api", "editions", "entrant", "files", "forgot-password", "healthz",
    "invitation", "judge", "language", "login", "logout", "metrics", "organisations",
    "organizer", "readyz", "register", "reset-password", "settings", "static", "verify",
})
