"""Which organisation's public site a request is on: the code in its URL (/vinh-long/...) or
a host of the organisation's own (ORGANISATION_HOSTS), whose pages then have no code."""
from __future__ import annotations

from flask import abort, current_app, request, url_for

from contest.extensions import db
from contest.models import Organisation
from contest.queries.public_site import organisation_with_code

# A public page → (its endpoint on an organisation's own host, its endpoint under /<code>/).
PAGES = {
    "home": ("public.home", "public.organisation"),
    "edition": ("public.edition", "public.organisation_edition"),
    "results": ("public.results", "public.organisation_results"),
    "logo": (None, "public.organisation_logo"),
}


def host_code() -> str | None:
    """The code of the organisation this request's host belongs to, if it has one."""
    hosts = current_app.config.get("ORGANISATION_HOSTS") or {}
    host = request.host.lower()
    return hosts.get(host) or hosts.get(host.rsplit(":", 1)[0])


def load_organisation(code: str) -> Organisation:
    """The organisation of a code, or 404."""
    return db.session.scalar(organisation_with_code(code)) or abort(404)


def site_organisation(code: str | None = None) -> Organisation:
    """The organisation whose public pages are asked: the URL's code, or the host's when the
    URL has none; 404 for another organisation's code on an organisation's own host."""
    mapped = host_code()
    if code is None:
        code = mapped or abort(404)
    elif mapped is not None and code != mapped:
        abort(404)
    return load_organisation(code)


def site_url(page: str, organisation: Organisation, /, **values) -> str:
    """The address of one of the organisation's public pages: without its code on its own
    host, under /<code>/ elsewhere."""
    on_host, coded = PAGES[page]
    if on_host is not None and host_code() == organisation.code:
        return url_for(on_host, **values)
    return url_for(coded, code=organisation.code, **values)
