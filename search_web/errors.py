"""Errors, translated once: Baoku's exceptions and HTTP errors become one JSON error shape
under ``/api/`` and an HTML page in Chinese everywhere else.

The JSON shape: ``{"error": {"status": 400, "type": "query_syntax", "message": "…",
"position": 3}}`` (``position``: where in the query, or null).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from indexer.errors import (
    ArchiveUnavailable,
    ArticleNotFound,
    BaokuError,
    ConfigError,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    InvalidRequest,
    IssueNotFound,
    QuerySyntaxError,
)

from . import messages
from .params import SearchState


@dataclass(frozen=True)
class Kind:
    status: int
    type: str
    title: str  # shown on the HTML page
    advice: str
    # The JSON message of a fault of the server's: the error's own text names the server's
    # folders or addresses, which go to the log and not to whoever asked.
    public: str | None = None


# Most specific first; BaokuError catches the rest.
KINDS: tuple[tuple[type[BaokuError], Kind], ...] = (
    (QuerySyntaxError, Kind(400, "query_syntax", "查询语句有误",
                            "请检查引号、括号和 OR / NOT 的用法，或参考下方的查询语法。")),
    (InvalidRequest, Kind(400, "invalid_request", "参数有误",
                          "请检查网址中的筛选条件、日期或页码。")),
    (ArticleNotFound, Kind(404, "article_not_found", "找不到这篇文章",
                           "文章编号可能有误，或该文章已从索引中删除。")),
    (IssueNotFound, Kind(404, "issue_not_found", "找不到这一期报纸",
                         "索引里没有这一天的文章。")),
    (IndexNotFound, Kind(503, "index_not_found", "索引尚未建立",
                         "请先运行 baoku index 建立索引，然后刷新本页。",
                         "no index has been built yet")),
    (IndexVersionError, Kind(503, "index_version", "索引版本不符",
                             "请用当前版本的 baoku index 重新建立索引。",
                             "the index was written by another version of Baoku and must be "
                             "rebuilt")),
    (IndexLocked, Kind(503, "index_locked", "索引正忙", "请稍后再试。")),
    (IndexDamaged, Kind(503, "index_damaged", "索引文件已损坏",
                        "请管理员运行 baoku check 查看损坏的文件和受影响的文章，然后从备份恢复"
                        "或重新建立索引。",
                        "the index is damaged; the administrator can run 'baoku check' to see "
                        "which files and articles are affected")),
    (ArchiveUnavailable, Kind(503, "archive_unavailable", "检索集群暂时无法连接",
                              "请稍后再试；若持续出现，请联系管理员检查 OpenSearch 集群。",
                              "the OpenSearch cluster cannot be reached")),
    (ConfigError, Kind(500, "config", "配置有误", "请检查 BAOKU_ 开头的环境变量。",
                       "the server's settings are wrong")),
    (BaokuError, Kind(500, "error", "出错了", "请稍后再试。", "the server failed")),
)
HTTP_TITLES = {400: "请求有误", 403: "无权访问", 404: "页面不存在", 405: "不支持此请求方法",
               413: "上传的内容太大", 500: "服务器出错了", 503: "服务暂不可用"}
HTTP_ADVICE = {400: "请检查网址或提交的内容。", 403: "请先登录，或联系管理员。",
               404: "网址可能有误，或该页面已不存在。请从首页重新检索。",
               405: "请从页面上的链接或表单进入。", 413: "请上传较小的文件。",
               500: "请稍后再试；若持续出现，请联系管理员。", 503: "请稍后再试。"}


def kind_of(exc: BaokuError) -> Kind:
    return next(kind for cls, kind in KINDS if isinstance(exc, cls))


def error_json(status: int, type_: str, message: str, position: int | None = None
               ) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"error": {"status": status, "type": type_, "message": message,
                      "position": position}}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(status: int, type_: str, title: str, message: str, advice: str,
             position: int | None = None) -> Response | tuple[Any, int]:
    if _wants_json():
        return jsonify(error_json(status, type_, message, position)), status
    q = request.args.get("q", "")
    marked = None
    if position is not None and 0 <= position < len(q):
        marked = (q[:position], q[position], q[position + 1:])
    zh = messages.chinese(message) if message else None
    in_chinese = zh is not None or messages.is_chinese(message)
    return render_template("error.html", status=status, type=type_, title=title,
                           message=zh or message, translated=in_chinese, advice=advice,
                           q=q, marked=marked, state=SearchState(q=q)), status


def handle_baoku_error(exc: BaokuError):
    kind = kind_of(exc)
    message = str(exc)
    if kind.public is not None:
        current_app.logger.warning("%s %s: %s", request.method, request.path, exc)
        # The page's title and advice say it all in Chinese.
        message = kind.public if _wants_json() else ""
    return _respond(kind.status, kind.type, kind.title, message, kind.advice,
                    getattr(exc, "position", None))


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    type_ = (exc.name or "error").lower().replace(" ", "_")
    if _wants_json():
        return _respond(status, type_, "", exc.description or "", "")
    # Werkzeug's own descriptions are English: the page says what to do in Chinese instead;
    # a description of ours (a batch job's) is kept as the detail.
    own = exc.description if exc.description != type(exc).description else ""
    return _respond(status, type_, HTTP_TITLES.get(status, "出错了"), own or "",
                    HTTP_ADVICE.get(status, "请稍后再试。"))


def register(app: Flask) -> None:
    app.register_error_handler(BaokuError, handle_baoku_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
