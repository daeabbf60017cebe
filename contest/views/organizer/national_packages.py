"""Signed national packages on the web: the province's organiser downloads the package of a
locked list; the national organiser uploads one, sees what it holds, then confirms."""
from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.exports.national_package import write_national_package
from contest.forms.national import PackageConfirmForm, PackageUploadForm
from contest.services import DomainError
from contest.services.national_package import import_national_package, read_package
from contest.views.loaders import load_national_edition
from contest.views.organizer import bp
from contest.views.organizer.national_intake import intake_url
from contest.views.transaction import back_to, on_refusal, page_again


def held_packages() -> Path:
    """Where an uploaded package waits for its confirmation: <instance>/national-packages."""
    folder = Path(current_app.instance_path) / "national-packages"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@bp.route("/editions/<int:edition_id>/national-package.zip")
def national_package(edition_id: int):
    edition = load_national_edition(edition_id, national=False)
    if edition.national_locked_at is None:
        abort(404)
    on_refusal(back_to(url_for("organizer.national", edition_id=edition.id)))
    handle = tempfile.NamedTemporaryFile(dir=held_packages(), suffix=".zip",  # noqa: SIM115
                                         delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        write_national_package(edition, path, now=clock.now())
        package = path.open("rb")  # sent from the open file, whose name goes at once
    finally:
        path.unlink(missing_ok=True)
    return send_file(package, mimetype="application/zip", as_attachment=True,
                     download_name=f"goi-ho-so-toan-quoc-{edition.id}.zip")


@bp.route("/editions/<int:edition_id>/national-package/upload", methods=["GET", "POST"])
def upload_national_package(edition_id: int):
    edition = load_national_edition(edition_id)
    form = PackageUploadForm()
    if not form.validate_on_submit():
        return render_template("organizer/national_package.html", edition=edition, form=form,
                               package=None), 400 if form.is_submitted() else 200
    token = secrets.token_hex(16)
    path = held_packages() / f"{token}.zip"
    form.package.data.save(path)
    on_refusal(page_again(lambda: (render_template(
        "organizer/national_package.html", edition=edition, form=form, package=None), 400),
        at=form.package))
    try:
        package, archive = read_package(edition, path)
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    archive.close()
    return render_template("organizer/national_package.html", edition=edition, form=form,
                           package=package, confirm=PackageConfirmForm(token=token))


@bp.route("/editions/<int:edition_id>/national-package/import", methods=["POST"])
def import_uploaded_package(edition_id: int):
    edition = load_national_edition(edition_id)
    form = PackageConfirmForm()
    if not form.validate_on_submit() or not form.token.data.isalnum():
        abort(400)
    path = held_packages() / f"{form.token.data}.zip"
    if not path.is_file():
        flash(_("Gói đã tải lên không còn; hãy tải lên lại."), "danger")
        return redirect(url_for("organizer.upload_national_package", edition_id=edition.id))
    url = intake_url(edition.id)
    package, arrived = import_national_package(national_edition=edition, path=path,
                                               actor=current_user, now=clock.now())
    path.unlink(missing_ok=True)
    if package.received is not None:
        flash(_("Gói này đã được nhập trước đó; không có gì thay đổi."), "info")
    else:
        flash(_("Đã nhận %(n)s hồ sơ của %(province)s.", n=len(arrived),
                province=package.province.name), "success")
    return redirect(url)
