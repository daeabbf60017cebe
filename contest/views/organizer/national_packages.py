"""Signed national packages on the web: the province's organiser downloads the package of a
locked list; the national organiser uploads one, sees what it holds, then confirms."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.exports.national_package import write_national_package
from contest.forms.national import PackageConfirmForm, PackageUploadForm
from contest.imports import storage
from contest.services.national_package import import_national_package, read_package
from contest.views.loaders import load_national_edition
from contest.views.organizer import bp
from contest.views.organizer.national_intake import intake_url
from contest.views.transaction import back_to, on_refusal, page_again

PACKAGE_KIND = "national_package"  # its uploads wait in the database like an import's


@contextmanager
def package_file(data: bytes) -> Iterator[Path]:
    """The package's bytes as a file for the reader, gone afterwards whatever happens."""
    with tempfile.TemporaryDirectory(prefix="goi-ho-so-") as folder:
        path = Path(folder) / "package.zip"
        path.write_bytes(data)
        yield path


@bp.route("/editions/<int:edition_id>/national-package.zip")
def national_package(edition_id: int):
    edition = load_national_edition(edition_id, national=False)
    if edition.national_locked_at is None:
        abort(404)
    on_refusal(back_to(url_for("organizer.national", edition_id=edition.id)))
    scratch = Path(current_app.instance_path) / "national-packages"  # this request's file only
    scratch.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=scratch, suffix=".zip", delete=False)  # noqa: SIM115
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
    data = form.package.data.read()
    on_refusal(page_again(lambda: (render_template(
        "organizer/national_package.html", edition=edition, form=form, package=None), 400),
        at=form.package))
    with package_file(data) as path:
        package, archive = read_package(edition, path)
        archive.close()
    # Kept in the database for the confirmation, so any app server can take it.
    token = storage.stash(data=data, name=form.package.data.filename or "package.zip",
                          kind=PACKAGE_KIND, edition=edition, user=current_user)
    return render_template("organizer/national_package.html", edition=edition, form=form,
                           package=package, confirm=PackageConfirmForm(token=token))


@bp.route("/editions/<int:edition_id>/national-package/import", methods=["POST"])
def import_uploaded_package(edition_id: int):
    edition = load_national_edition(edition_id)
    form = PackageConfirmForm()
    if not form.validate_on_submit() or not form.token.data.isalnum():
        abort(400)
    held = storage.claim(form.token.data, kind=PACKAGE_KIND, edition=edition,
                         user=current_user)
    if held is None:
        flash(_("Gói đã tải lên không còn; hãy tải lên lại."), "danger")
        return redirect(url_for("organizer.upload_national_package", edition_id=edition.id))
    with package_file(held.data) as path:
        package, arrived = import_national_package(national_edition=edition, path=path,
                                                   actor=current_user, now=clock.now())
    if package.received is not None:
        flash(_("Gói này đã được nhập trước đó; không có gì thay đổi."), "info")
    else:
        flash(_("Đã nhận %(n)s hồ sơ của %(province)s.", n=len(arrived),
                province=package.province.name), "success")
    return redirect(intake_url(edition.id))
