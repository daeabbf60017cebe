"""Error pages in the visitor's language, with the same headers as every other page.

They render with no database: when the signed-in user cannot be loaded the layout shows an
anonymous visitor. A part that is down (the database, the disk, the mail server) is answered
503 "busy, your data is safe, try again", with Retry-After, as JSON to scripts (the autosave
keeps its draft and retries)."""
from __future__ import annotations

import errno
import logging
import smtplib
import sys

from flask import Flask, Response, g, jsonify, make_response, render_template
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from contest.extensions import login_manager
from contest.views import transaction

log = logging.getLogger(__name__)

BUSY_MESSAGE = (_l("Hệ thống đang bận"),
                _l("Hệ thống đang bận, dữ liệu của bạn an toàn, vui lòng thử lại sau một phút."))
MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Máy chủ không hiểu yêu cầu này.")),
    403: (_l("Không có quyền truy cập"), _l("Tài khoản của bạn không được phép xem trang này.")),
    404: (_l("Không tìm thấy trang"), _l("Trang bạn tìm không tồn tại hoặc đã bị xóa.")),
    405: (_l("Không được phép"), _l("Trang này không nhận kiểu yêu cầu đó.")),
    413: (_l("Tệp quá lớn"), _l("Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép. "
                                 "Những gì đã lưu trước đó vẫn còn nguyên. Hãy bấm “Quay lại” "
                                 "trên trình duyệt (những gì bạn vừa nhập thường vẫn còn ở đó), "
                                 "chọn tệp nhỏ hơn rồi gửi lại.")),
    429: (_l("Quá nhiều lần thử"), _l("Bạn đã thử quá nhiều lần trong thời gian ngắn. "
                                       "Vui lòng đợi vài phút rồi thử lại.")),
    503: BUSY_MESSAGE,
    500: (_l("Lỗi máy chủ"), _l("Đã có lỗi xảy ra phía máy chủ. Chúng tôi đã ghi nhận; "
                                 "vui lòng thử lại sau.")),
}
RETRY_AFTER_SECONDS = 60
# A database that does not answer (down, restarting, locked, pool exhausted). Integrity and
# programming errors are bugs, not outages: they stay 500.
DATABASE_FAULTS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
# A disk that cannot take the write (full, read-only, failing); other OSErrors are bugs.
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EIO, errno.EDQUOT})
CSRF_MESSAGE = (_l("Biểu mẫu đã hết hạn"),
                _l("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. "
                   "Hãy tải lại trang và gửi lại."))


def render_error(code: int, title, message):
    if request_ctx.url_adapter is None:
        # An untrusted Host header: no URLs can be built, so no layout; a plain page instead.
        return Response(f"{code} {title}\n{message}\n", code, mimetype="text/plain"), code
    _user_or_anonymous()
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _user_or_anonymous() -> None:
    """Load the signed-in user for the layout, or show an anonymous visitor when the database
    cannot say who it is: the error page must not fail in turn."""
    try:
        current_user.is_authenticated  # noqa: B018 - loads the user now, inside the try
    except Exception:  # noqa: BLE001 - whatever broke, the page still renders
        _forget_transaction()
        g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request user


def _forget_transaction() -> None:
    try:
        transaction.roll_back()
    except Exception:  # noqa: BLE001 - a database that is down cannot roll back either
        log.debug("rollback failed while answering an error", exc_info=True)


def is_outage(error: BaseException) -> bool:
    """Whether `error` is a part of the system that is down rather than a bug."""
    if isinstance(error, (*DATABASE_FAULTS, smtplib.SMTPException)) or _redis_down(error):
        return True
    if isinstance(error, ConnectionError | TimeoutError):  # the mail server refused or hung
        return True
    return isinstance(error, OSError) and error.errno in DISK_ERRNOS


def _redis_down(error: BaseException) -> bool:
    """A Redis (the shared login limits, the job queue) that does not answer. Its client is
    imported only where Redis is configured: without it, no error can be Redis's."""
    redis = sys.modules.get("redis.exceptions")
    return redis is not None and isinstance(error, redis.ConnectionError | redis.TimeoutError)


def _redis_faults(app: Flask) -> tuple[type[Exception], ...]:
    """Redis's connection errors, when the app talks to a Redis (login limits, job queue)."""
    uses_redis = app.config.get("REDIS_URL") or str(
        app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis", "rediss"))
    if not uses_redis:
        return ()
    from redis import exceptions

    return (exceptions.ConnectionError, exceptions.TimeoutError)


def busy(error: BaseException):
    """503 with Retry-After: a page for people, JSON {ok, message, retry} for scripts."""
    if not is_outage(error):
        raise error
    log.error("service unavailable: %s: %s", type(error).__name__, error,
              exc_info=(type(error), error, error.__traceback__))
    _forget_transaction()
    g._login_user = login_manager.anonymous_user()  # the database may be the part that is down
    title, message = BUSY_MESSAGE
    if transaction.wants_json():
        response = jsonify(ok=False, message=str(message), retry=True)
        response.status_code = 503
    else:
        body, _code = render_error(503, title, message)
        response = make_response(body, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Error pages, and the request's transaction around every view (registered by now)."""
    transaction.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        title, message = MESSAGES.get(error.code, (error.name, error.description))
        return render_error(error.code, title, message)

    for fault in (*DATABASE_FAULTS, smtplib.SMTPException, OSError, *_redis_faults(app)):
        app.register_error_handler(fault, busy)

    @app.errorhandler(500)
    def server_error(error):
        original = getattr(error, "original_exception", None)
        if original is not None and is_outage(original):
            return busy(original)
        _forget_transaction()
        return render_error(500, *MESSAGES[500])
