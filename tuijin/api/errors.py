"""API errors in Chinese JSON: validation errors naming the field ("月份（month）须在 1—12 之间"), and the
project's error handlers, which answer JSON for /api/ paths."""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views import defaults

from tuijin.lib.params import BadParam

from .schemas import ProjectFilters, ReportIn, field_titles

MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "decimal_parsing": "须为数字",
    "decimal_type": "须为数字",
    "float_parsing": "须为数字",
    "decimal_max_places": "最多保留 {decimal_places} 位小数",
    "decimal_max_digits": "数值过大",
    "decimal_whole_digits": "数值过大",
    "finite_number": "须为有限的数字",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为文本",
    "string_too_long": "不能超过 {max_length} 个字",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "须大于 {gt}",
    "less_than": "须小于 {lt}",
}
RANGE_TYPES = {"greater_than_equal", "less_than_equal"}


def _bounds(name):
    """(ge, le) of an input field, when it has both, to say "须在 1—12 之间" rather than one side."""
    for schema in (ReportIn, ProjectFilters):
        info = schema.model_fields.get(name)
        if info is None:
            continue
        ge = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
        le = next((m.le for m in info.metadata if hasattr(m, "le")), None)
        if ge is not None and le is not None:
            return ge, le
    return None


def _message(error, name):
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"]).removeprefix("Value error, ")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type") and not name:
        return "请求体须为 JSON 对象"
    if kind in ("enum", "literal_error"):
        return "取值无效，可选：" + "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    if kind == "form":
        return "无效：" + error.get("msg", "")
    if kind in RANGE_TYPES and (bounds := _bounds(name)):
        return f"须在 {bounds[0]}—{bounds[1]} 之间"
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return "不能为负数"
    if kind in MESSAGES:
        try:
            return MESSAGES[kind].format(**ctx)
        except (KeyError, IndexError):
            return MESSAGES[kind].split("{")[0].rstrip("：，")
    return error.get("msg") or "无效"


def validation_detail(errors):
    """(detail, [{field, message}]) for ninja's validation errors."""
    titles = field_titles()
    items = []
    for error in errors:
        names = [part for part in error.get("loc", ()) if isinstance(part, str)]
        name = names[-1] if len(names) > 1 and names[-1] not in ("body", "payload", "query", "filters") else ""
        message = _message(error, name)
        field = f"{titles.get(name, name)}（{name}）" if name else "请求"
        items.append({"field": name or "__all__", "message": f"{field}{message}"})
    detail = "；".join(item["message"] for item in items) or "请求数据无效"
    return detail, items


# ---------------------------------------------------------------------------- errors outside a view's reach
#
# Some errors happen before ninja sees the request (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a path under
# /api/ that no pattern matches) or escape every handler (a bug: 500). Django then calls the project's
# handler400/403/404/500; for API paths they answer in the API's shape, {"detail": "中文说明"}, in every
# mode, so that a phone app never has to parse an HTML error page. Pages keep their HTML error pages.

API_PREFIX = "/api/"
SERVER_ERROR = "服务器内部错误，已记录日志；请稍后重试，如持续出现请联系管理员。"
TOO_BIG = "请求体过大（超过 {limit}），请减少数据量后重试。"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(status, detail, **extra):
    return JsonResponse({"detail": detail, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def too_big_detail():
    return TOO_BIG.format(limit=filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def bad_request(request, exception=None):
    """400: a bad query parameter says what was wrong (``lib.params.BadParam``); a body too big is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return json_error(413, too_big_detail()) if is_api(request) else \
            render(request, "400.html", {"message": too_big_detail()}, status=413)
    message = str(exception) if isinstance(exception, BadParam) else "请求无效，请检查链接或填写的内容。"
    if is_api(request):
        return json_error(400, message)
    return render(request, "400.html", {"message": message}, status=400)


def permission_denied(request, exception=None):
    if is_api(request):
        return json_error(403, str(exception or "") or "您无权执行此操作。")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return json_error(404, f"没有这个接口：{request.path}（可用的接口见 /api/v1/docs）。")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return json_error(500, SERVER_ERROR)
    return defaults.server_error(request)
