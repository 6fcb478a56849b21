"""推进 API (v1): the pages' data and permissions, for a phone app or a script.

Every endpoint asks the same questions the pages ask, through ``tuijin.accounts.access``:
``Project.objects.visible_to`` decides what exists for the caller (404 otherwise, so that
existence does not leak) and the ``can_*`` checks decide what they may change (403). State
changes go through the same actions as the pages. Errors are always ``{"detail": "中文说明"}``.
"""

import logging
import math
from functools import wraps

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import Http404, JsonResponse
from django.urls import re_path
from django.utils import timezone
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from tuijin.accounts.access import can_report_progress
from tuijin.baselines import comparison as baselines
from tuijin.lib.params import BadParam
from tuijin.progress import actions as progress
from tuijin.progress import rules as progress_rules
from tuijin.progress.models import MonthlyReport
from tuijin.projects.forms import ProjectFilterForm
from tuijin.projects.models import Project

from . import schemas
from .auth import NOT_LOGGED_IN, BrowserSessionAuth, TokenAuth
from .docs import OfflineSwagger, signed_in
from .errors import SERVER_ERROR, too_big_detail, validation_detail

logger = logging.getLogger(__name__)


class ChineseJSONRenderer(JSONRenderer):
    """Chinese as characters, not \\uXXXX escapes: the API is read by people debugging a phone app, too."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="推进 API",
    version="1",
    description=(
        "推进平台的项目与月度进度接口。认证：请求头 `Authorization: Bearer <API 令牌>`（在“API 令牌”页面创建），"
        "或浏览器登录会话（写操作须带 X-CSRFToken）。权限与网页端完全相同。金额单位均为万元，以字符串形式的十进制数返回。"
        "出错时返回 `{\"detail\": \"中文说明\"}`。"
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
    renderer=ChineseJSONRenderer(),
    docs=OfflineSwagger(),
    docs_decorator=signed_in,
)

ERRORS = {401: schemas.ErrorOut, 404: schemas.ErrorOut}


def _add_routers():
    """Routers kept in their own modules (one line each), so that apps add endpoints without editing this file."""
    from .exchange import router as exchange
    from .monitoring import router as monitoring

    api.add_router("/monitoring", monitoring)
    api.add_router("/exchange", exchange)


_add_routers()


# ---------------------------------------------------------------------------- errors


def _error(request, status, detail, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    message = exc.message if exc.message != "Unauthorized" else NOT_LOGGED_IN
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="tuijin"'
    return response


# django-ninja's own refusals, in the language of the rest of the API
NINJA_MESSAGES = {
    "Cannot parse request body": "请求体无法解析：须为 JSON 对象，并带请求头 Content-Type: application/json。",
    "CSRF check Failed": "CSRF 校验失败。",
    "Too many requests.": "请求过于频繁，请稍后再试。",
}


@api.exception_handler(HttpError)
def _http_error(request, exc):
    message = next((chinese for english, chinese in NINJA_MESSAGES.items() if exc.message.startswith(english)),
                   exc.message)
    return _error(request, exc.status_code, message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "未找到。")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "您无权执行此操作。")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail, errors = validation_detail(exc.errors)
    return _error(request, 422, detail, errors=errors)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, too_big_detail())


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return _error(request, 400, "请求无效，请检查请求头和请求体。")


@api.exception_handler(Exception)
def _crashed(request, exc):
    """A bug: logged with its traceback like any 500, answered as JSON in every mode (ninja's own is text)."""
    logger.error("API error at %s", request.path, exc_info=exc)
    return _error(request, 500, SERVER_ERROR)


@api.exception_handler(progress.WorkflowRefused)
def _refused(request, exc):
    return _error(request, 409, str(exc))


def _visible_project(request, pk, *related) -> Project:
    """The project if the caller may see it; a 404 otherwise, worded so that its existence does not leak."""
    project = Project.objects.visible_to(request.auth).select_related(*related).filter(pk=pk).first()
    if project is None:
        raise HttpError(404, "项目不存在，或您无权查看该项目。")
    return project


# ---------------------------------------------------------------------------- endpoints


@api.get("/me", response={200: schemas.MeOut, **ERRORS}, tags=["用户"], summary="当前用户",
         description="调用者的身份：姓名、角色、所属单位或企业。")
def me(request):
    user = request.auth
    return {
        "id": user.pk, "username": user.username, "name": user.display_name, "role": user.role,
        "role_label": user.get_role_display(),
        "organisation_id": user.organisation_id,
        "organisation_name": user.organisation.name if user.organisation_id else None,
        "enterprise_id": user.enterprise_id,
        "enterprise_name": user.enterprise.name if user.enterprise_id else None,
        "auth_method": "token" if getattr(request, "api_token", None) else "session",
    }


@api.get("/projects", response={200: schemas.ProjectPageOut, **ERRORS, 422: schemas.ValidationErrorOut},
         tags=["项目"], summary="项目列表",
         description="当前用户可见的项目（与网页端“项目管理”列表范围相同），可筛选、分页，每页最多 100 条。")
def list_projects(request, filters: Query[schemas.ProjectFilters]):
    # The page's own filter form, so that a filter means the same on the page and over the API.
    form_data = {name: value for name, value in filters.model_dump(mode="json", exclude={"page", "page_size"}).items()
                 if value not in (None, "")}
    form = ProjectFilterForm(form_data)
    if not form.is_valid():
        raise ValidationError([
            {"type": "form", "loc": ("query", name), "msg": "；".join(messages)}
            for name, messages in form.errors.items()
        ])
    queryset = form.apply(Project.objects.visible_to(request.auth).select_related("enterprise", "park"))
    count = queryset.count()
    offset = (filters.page - 1) * filters.page_size
    return {
        "count": count, "page": filters.page, "page_size": filters.page_size,
        "pages": math.ceil(count / filters.page_size),
        "items": list(queryset[offset: offset + filters.page_size]),
    }


@api.get("/projects/{int:project_id}", response={200: schemas.ProjectDetailOut, **ERRORS}, tags=["项目"],
         summary="项目详情", description="项目的基本信息、阶段、各节点计划与实际日期；不在权限范围内的项目返回 404。")
def project_detail(request, project_id: int):
    return _visible_project(request, project_id, "enterprise", "park", "responsible_unit", "responsible_official")


@api.get("/projects/{int:project_id}/reports",
         response={200: list[schemas.ReportOut], **ERRORS, 422: schemas.ValidationErrorOut},
         tags=["月度进度"], summary="项目月报",
         description="项目的月度进度报告，按所属期从近到远排列；可用 year 只看某一年。")
def list_reports(request, project_id: int, year: int | None = Query(None, ge=2000, le=2100, description="年度")):
    project = _visible_project(request, project_id)
    reports = MonthlyReport.objects.filter(project=project).select_related("submitted_by").order_by("-year", "-month")
    if year:
        reports = reports.filter(year=year)
    return list(reports)


@api.post(
    "/projects/{int:project_id}/reports",
    response={200: schemas.ReportOut, 201: schemas.ReportOut, **ERRORS, 403: schemas.ErrorOut,
              409: schemas.ErrorOut, 422: schemas.ValidationErrorOut},
    tags=["月度进度"], summary="填报月报",
    description=(
        "创建或修改某月的月报草稿；submit 为 true 时随即报送审核。新建返回 201，修改返回 200。"
        "只有项目单位（企业用户）、项目的包保责任人和统筹部门可以填报（区领导只读；否则 403）；"
        "已报送或已审核的月报不能再修改（409，已审核的须由审核人更正）。"
    ),
)
def save_report(request, project_id: int, payload: schemas.ReportIn):
    user = request.auth
    project = _visible_project(request, project_id)
    if not can_report_progress(user, project):
        raise PermissionDenied("只有项目单位、其包保责任人或统筹部门可以填报该项目的月报，区领导只能查看。")
    today = timezone.localdate()
    if progress_rules.is_future_month(payload.year, payload.month, today):
        raise ValidationError([{
            "type": "future_month", "loc": ("body", "payload", "month"),
            "msg": f"不能报送{progress_rules.future_month_label(payload.year, payload.month)}",
        }])
    data = {"completed_investment": payload.completed_investment, "narrative": payload.narrative}
    if "funds_arrived" in payload.model_fields_set:
        data["funds_arrived"] = payload.funds_arrived
    existed = MonthlyReport.objects.filter(project=project, year=payload.year, month=payload.month).exists()
    with transaction.atomic():
        report = progress.save_draft(project, payload.year, payload.month, actor=user, data=data)
        if payload.submit:
            report = progress.submit_report(report, actor=user)
    report = MonthlyReport.objects.select_related("submitted_by").get(pk=report.pk)
    return Status(200 if existed else 201, report)


@api.get("/baseline", response={200: schemas.BaselineOut, **ERRORS, 400: schemas.ErrorOut},
         tags=["基线对比"], summary="基线对比",
         description=("可见项目清单（筛选条件与“项目管理”相同）在两个日期之间的变化：新增、移出的项目，阶段变化，"
                      "计划日期调整（天数）、促建流程节点计划完成日期调整（工作日与天数），总投资与年度计划投资变化，"
                      "新增和办结的问题，新发和关闭的预警。"
                      "取自变更历史，任意过去日期均可；日期或筛选条件有误时返回 400，说明与页面相同。"),
         by_alias=True)
def baseline(request, filters: Query[schemas.BaselineFilters]):
    data = {name: value for name, value in filters.model_dump(mode="json").items() if value not in (None, "")}
    params = {key: data.pop(name) for name, key in (("start", "from"), ("end", "to")) if name in data}
    try:
        found = baselines.read(request.auth, params | data)[-1]
    except BadParam as refused:
        raise HttpError(400, str(refused)) from None
    return _baseline_out(found)


def _baseline_out(found):
    def value(item):
        return None if item is None else str(item) if not hasattr(item, "isoformat") else item.isoformat()

    def ref(item):
        return {"id": item.pk, "code": item.code, "name": item.name, "park": item.park}

    return {
        "from": found.start, "to": found.end,
        "added": [ref(item) for item in found.added], "removed": [ref(item) for item in found.removed],
        "counts": [{"kind": kind, "label": label, "count": count} for kind, label, count in found.counts],
        "changes": [{
            "project_code": change.project.code, "project_id": change.project.pk, "kind": change.kind,
            "kind_label": change.kind_label, "field": change.field, "label": change.label,
            "before": value(change.before), "after": value(change.after),
            "delta": change.delta if isinstance(change.delta, int) or change.delta is None else f"{change.delta:.2f}",
            "delta_workdays": change.workdays,
        } for change in found.changes],
    }


# ---------------------------------------------------------------------------- URLs


def _json(status, detail):
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def _json_method_not_allowed(view):
    """ninja answers a wrong method with a plain-text 405; the app gets the same JSON shape as for every error."""

    @wraps(view)  # keeps ninja's csrf_exempt: the authenticators do the CSRF check
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            allowed = response["Allow"]
            response = _json(405, f"此接口不支持 {request.method} 请求，支持：{allowed}。")
            response["Allow"] = allowed
        return response

    return wrapper


def _no_such_endpoint(request, rest):
    return _json(404, f"没有这个接口：{request.path}（项目编号须为数字；可用的接口见 /api/v1/docs）。")


def urls():
    """``api.urls`` with JSON for wrong methods and unknown paths, instead of Django's HTML pages."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_method_not_allowed(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", _no_such_endpoint)], app_name, namespace
