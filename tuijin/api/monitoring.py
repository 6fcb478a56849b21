"""重点企业监测 over the API: the growth table, an enterprise's months, and entering a month's figures.

The same rules as the pages (``tuijin.monitoring.access``): government staff read the growth table; whoever
sees an enterprise reads its months; the enterprise, its park and the bureau enter figures (a draft, or
submitted at once). Added to the API in ``api.py`` with one ``add_router`` line.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from tuijin.monitoring import access, actions, calculations, services
from tuijin.monitoring.models import INDICATOR_FIELDS, MonthlyFigures

from .schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["重点企业监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class GrowthRowOut(Schema):
    key: str | None = Field(description="园区或产业链的编号（全区为 all）")
    label: str
    enterprises: int
    value: float | None = Field(description="当月合计")
    yoy: float | None = Field(description="同比（%），上年同期未报送为 null")
    mom: float | None = Field(description="环比（%）")
    draggers: list[list[float]] = Field(description="拉低合计最多的企业：[企业编号, 对同比的贡献（百分点）]")


class GrowthOut(Schema):
    year: int
    month: int
    indicator: str
    district: GrowthRowOut
    parks: list[GrowthRowOut]
    chains: list[GrowthRowOut]


class GrowthQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认最近已审核月份）")
    month: int | None = Field(None, ge=1, le=12, description="月份")
    indicator: str = Field("output", max_length=20, description="指标：" + "、".join(INDICATOR_FIELDS))


class FiguresOut(Schema):
    id: int
    year: int
    month: int
    output: Decimal | None
    revenue: Decimal | None
    tax: Decimal | None
    electricity: Decimal | None
    employees: int | None
    energy: Decimal | None
    status: str
    return_reason: str


class FiguresIn(Schema):
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    output: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    revenue: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    tax: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    electricity: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    employees: int | None = Field(None, ge=0)
    energy: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    submit: bool = Field(False, description="为 true 时保存后随即报送审核")


def _row(row):
    return {"key": None if row.key is None else str(row.key), "label": row.label, "enterprises": row.enterprises,
            "value": row.value, "yoy": row.yoy, "mom": row.mom, "draggers": [[pk, points] for pk, points in row.draggers]}


def _enterprise(request, pk):
    try:
        return access.visible_enterprise_or_404(request.auth, pk)
    except Http404:
        raise HttpError(404, "企业不存在，或您无权查看该企业。") from None


@router.get("/growth", response={200: GrowthOut, **ERRORS, 400: ErrorOut, 422: ValidationErrorOut}, summary="增速表",
            description="全区、各园区、各产业链某月某指标的合计、同比、环比，以及拉低合计最多的企业。")
def growth(request, query: Query[GrowthQuery]):
    if not access.may_see_monitoring(request.auth):
        raise PermissionDenied("重点企业监测供政府工作人员查看。")
    if query.indicator not in INDICATOR_FIELDS:
        raise HttpError(400, f"未知的指标“{query.indicator}”，可用：{'、'.join(INDICATOR_FIELDS)}")
    enterprises = services.key_enterprises(request.auth)
    latest = services.latest_month(enterprises)
    year, month = query.year or latest[0], query.month or (latest[1] if not query.year else 12)
    panel = services.panels(enterprises, services.window(year, month))[query.indicator]
    parks, park_labels = services.park_groups(panel.ids)
    chains, chain_labels = services.chain_groups(panel.ids)
    return {"year": year, "month": month, "indicator": query.indicator,
            "district": _row(calculations.group_table(panel, {"all": panel.ids}, {"all": "全区重点企业"}, year, month)[0]),
            "parks": [_row(r) for r in calculations.group_table(panel, parks, park_labels, year, month)],
            "chains": [_row(r) for r in calculations.group_table(panel, chains, chain_labels, year, month)]}


@router.get("/enterprises/{int:enterprise_id}/figures", response={200: list[FiguresOut], **ERRORS},
            summary="企业月度数据", description="企业各月的经营数据与审核状态，从近到远。")
def list_figures(request, enterprise_id: int):
    enterprise = _enterprise(request, enterprise_id)
    return list(MonthlyFigures.objects.filter(enterprise=enterprise).order_by("-year", "-month"))


@router.post("/enterprises/{int:enterprise_id}/figures",
             response={200: FiguresOut, 201: FiguresOut, **ERRORS, 409: ErrorOut, 422: ValidationErrorOut},
             summary="填报月度数据",
             description="创建或修改某月的草稿；submit 为 true 时随即报送。企业本身、所在园区和统筹部门可以填报（否则 403）；"
                         "已报送或已审核的月份不能再修改（409）。")
def save_figures(request, enterprise_id: int, payload: FiguresIn):
    enterprise = _enterprise(request, enterprise_id)
    if not access.can_enter(request.auth, enterprise):
        raise PermissionDenied("只有企业本身、所在园区或统筹部门可以填报该企业的月度数据。")
    existed = MonthlyFigures.objects.filter(enterprise=enterprise, year=payload.year, month=payload.month).exists()
    data = {name: getattr(payload, name) for name in INDICATOR_FIELDS if name in payload.model_fields_set}
    try:
        with transaction.atomic():
            figures = actions.save_draft(enterprise, payload.year, payload.month, actor=request.auth, data=data)
            if payload.submit:
                figures = actions.submit(figures, actor=request.auth)
    except actions.WorkflowRefused as refused:
        raise HttpError(409, str(refused)) from None
    return Status(200 if existed else 201, figures)
