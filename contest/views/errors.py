"""Error pages in the visitor's language, with the same headers as every other page."""
from __future__ import annotations

from flask import Flask, Response, render_template
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest.views import transaction

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
    500: (_l("Lỗi máy chủ"), _l("Đã có lỗi xảy ra phía máy chủ. Chúng tôi đã ghi nhận; "
                                 "vui lòng thử lại sau.")),
}
CSRF_MESSAGE = (_l("Biểu mẫu đã hết hạn"),
                _l("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. "
                   "Hãy tải lại trang và gửi lại."))


def render_error(code: int, title, message):
    if request_ctx.url_adapter is None:
        # An untrusted Host header: no URLs can be built, so no layout; a plain page instead.
        return Response(f"{code} {title}\n{message}\n", code, mimetype="text/plain"), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


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

    @app.errorhandler(500)
    def server_error(error):
        transaction.roll_back()
        return render_error(500, *MESSAGES[500])
