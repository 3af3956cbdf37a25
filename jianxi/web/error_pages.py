"""Chinese error pages (or fragments for htmx) instead of Werkzeug's English ones."""
from flask import Flask, make_response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import htmx, requestlog

MESSAGES = {
    400: ("请求有误", "页面收到的内容不完整或格式不对。请返回上一页重新操作。"),
    401: ("请先登录", "这个页面需要登录后才能查看。"),
    403: ("没有权限", "您的账号没有权限查看这个页面。"),
    404: ("页面不存在", "没有找到您要的页面或岗位，可能已被删除或地址有误。"),
    405: ("操作方式不对", "这个地址不支持这样的操作。请从页面上的按钮或链接进入。"),
    413: ("文件太大", "上传的内容超过了大小限制。单个文件最大5MB，请压缩后重试。"),
    429: ("操作太频繁", "请稍后再试。"),
    500: ("系统繁忙", "服务器出了点问题，您填写的内容没有丢失。请稍后刷新重试。"),
}


GENERIC = ("请求未能完成", "请返回上一页重新操作。")


def render_error(status: int, detail: str | None = None):
    """The error page, or for htmx a notice shown in the page's alert area."""
    title, message = MESSAGES.get(status, GENERIC)
    context = {"title": title, "message": detail or message}
    if htmx.is_htmx():
        return htmx.retarget(htmx.fragment("errors/fragment.html", status_code=status, **context), "#alerts", "innerHTML show:top")
    return htmx.vary(make_response(render_template("errors/page.html", **context), status))


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return render_error(400, "页面已过期，请返回上一页刷新后再试一次。")

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        response = render_error(error.code or 500)
        allow = dict(error.get_headers()).get("Allow")
        if allow:
            response.headers["Allow"] = allow
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error in request %s", requestlog.request_id())
        return render_error(500)
