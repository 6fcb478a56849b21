"""What the API reads and returns. Money is in 万元, sent as a decimal string ("12000.00") to keep every fen."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema, field_validator

from tuijin.progress.models import ReportStatus
from tuijin.projects.forms import SORTS
from tuijin.projects.models import Category, Level, SizeBand, Stage
from tuijin.projects.timeline import milestone_rows

MAX_PAGE_SIZE = 100
# Beyond any real list (100 000 pages of 100); a bigger page number would overflow the database's OFFSET.
MAX_PAGE = 100_000


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store NUL in text; the pages' forms refuse it too (Django's validator), so the API does."""
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\0），请删除后重试")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


class ErrorOut(Schema):
    detail: str = Field(description="中文说明：出了什么问题、怎样改正")


class FieldErrorOut(Schema):
    field: str = Field(description="出错的字段名")
    message: str = Field(description="该字段的中文错误说明")


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut] = Field(description="逐个字段的错误")


# ---------------------------------------------------------------------------- who am I


class MeOut(Schema):
    id: int = Field(description="用户编号")
    username: str = Field(description="登录名")
    name: str = Field(description="姓名（未填写时为登录名）")
    role: str = Field(description="角色代码")
    role_label: str = Field(description="角色，如“企业用户”“园区工作人员”")
    organisation_id: int | None = Field(None, description="所属单位编号（园区、部门等）")
    organisation_name: str | None = Field(None, description="所属单位名称")
    enterprise_id: int | None = Field(None, description="所属企业编号（仅企业用户）")
    enterprise_name: str | None = Field(None, description="所属企业名称（仅企业用户）")
    auth_method: Literal["token", "session"] = Field(description="本次请求的认证方式：API 令牌或浏览器登录会话")


# ---------------------------------------------------------------------------- projects


class ProjectFilters(Schema):
    """The project list's filters: the same ones, with the same meaning, as on the 项目管理 page."""

    q: Text | None = Field(None, title="搜索", max_length=100,
                          description="按项目名称、项目编号、投资项目统一代码或项目单位名称搜索")
    stage: Stage | None = Field(None, title="阶段", description="当前阶段代码，如 construction（在建）")
    park: int | None = Field(None, title="园区", ge=1, description="所在园区编号")
    level: Level | None = Field(None, title="级别", description="项目级别：provincial 省重点、municipal 市重点、district 区重点")
    category: Category | None = Field(None, title="类别", description="项目类别：industrial 产业化、infrastructure 基础设施、public_service 社会民生")
    size: SizeBand | None = Field(None, title="规模", description="规模段：100m 亿元以上，50m 5000万元以上（含亿元以上）")
    sort: Literal[tuple(SORTS)] | None = Field(  # type: ignore[valid-type]
        None, title="排序", description="排序：investment 总投资从高到低（默认）、-investment 从低到高、name 项目名称、start 计划开工日期、updated 最近更新"
    )
    page: int = Field(1, title="页码", ge=1, le=MAX_PAGE, description=f"页码，从 1 开始，最大 {MAX_PAGE}")
    page_size: int = Field(20, title="每页条数", ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1—{MAX_PAGE_SIZE}")


class ProjectOut(Schema):
    id: int = Field(description="项目编号（内部）")
    code: str = Field(description="项目编号，如 XM2026-00001")
    national_code: str = Field(description="投资项目统一代码，尚未赋码时为空")
    name: str = Field(description="项目名称")
    stage: Stage = Field(description="当前阶段代码")
    stage_label: str = Field(description="当前阶段，如“在建”")
    category: Category = Field(description="项目类别代码")
    category_label: str = Field(description="项目类别")
    level: Level = Field(description="项目级别代码")
    level_label: str = Field(description="项目级别")
    total_investment: Decimal = Field(description="总投资（万元）")
    is_over_100m: bool = Field(description="是否亿元以上项目")
    industry_chain: str = Field(description="所属产业链")
    enterprise_id: int | None = Field(None, description="项目单位编号")
    enterprise_name: str | None = Field(None, description="项目单位名称")
    park_id: int | None = Field(None, description="所在园区编号")
    park_name: str | None = Field(None, description="所在园区名称")
    planned_start_date: dt.date | None = Field(None, description="计划开工日期")
    actual_start_date: dt.date | None = Field(None, description="实际开工日期")
    updated_at: dt.datetime = Field(description="最近更新时间")

    @staticmethod
    def resolve_stage_label(obj):
        return obj.get_stage_display()

    @staticmethod
    def resolve_category_label(obj):
        return obj.get_category_display()

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_enterprise_name(obj):
        return obj.enterprise.name if obj.enterprise_id else None

    @staticmethod
    def resolve_park_name(obj):
        return obj.park.name if obj.park_id else None


class ProjectPageOut(Schema):
    count: int = Field(description="符合条件的项目总数")
    page: int = Field(description="当前页码")
    page_size: int = Field(description="每页条数")
    pages: int = Field(description="总页数")
    items: list[ProjectOut] = Field(description="本页的项目")


class MilestoneOut(Schema):
    milestone: str = Field(description="节点代码，如 start")
    label: str = Field(description="节点，如“开工”")
    planned_date: dt.date | None = Field(None, description="计划日期")
    actual_date: dt.date | None = Field(None, description="实际日期")
    status: Literal["done", "late", "overdue", "upcoming", "unplanned"] = Field(
        description="done 按期完成、late 延期完成、overdue 已逾期、upcoming 未到期、unplanned 未计划"
    )
    status_label: str = Field(description="状态说明，如“已逾期12天”")
    days_late: int = Field(description="延期或逾期天数")


class ProjectDetailOut(ProjectOut):
    description: str = Field(description="建设内容及规模")
    responsible_unit_id: int | None = Field(None, description="包保（责任）单位编号")
    responsible_unit_name: str | None = Field(None, description="包保（责任）单位名称")
    responsible_official_name: str | None = Field(None, description="包保领导姓名")
    stage_changed_at: dt.datetime | None = Field(None, description="阶段变更时间")
    suspended_from: str = Field(description="停缓建前阶段代码（仅停缓建项目）")
    suspended_from_label: str = Field(description="停缓建前阶段（仅停缓建项目）")
    construction_permit_no: str = Field(description="施工许可证号")
    stats_filed_on: dt.date | None = Field(None, description="入库入统日期")
    stats_code: str = Field(description="入库项目代码")
    latitude: Decimal | None = Field(None, description="纬度")
    longitude: Decimal | None = Field(None, description="经度")
    version: int = Field(description="版本号，每次保存加一")
    milestones: list[MilestoneOut] = Field(description="各节点的计划与实际日期")
    can_edit: bool = Field(description="当前用户能否修改项目信息（在网页端）")
    can_report: bool = Field(description="当前用户能否填报该项目的月度进度")

    @staticmethod
    def resolve_responsible_unit_name(obj):
        return obj.responsible_unit.name if obj.responsible_unit_id else None

    @staticmethod
    def resolve_responsible_official_name(obj):
        return obj.responsible_official.display_name if obj.responsible_official_id else None

    @staticmethod
    def resolve_suspended_from_label(obj):
        return obj.get_suspended_from_display() if obj.suspended_from else ""

    @staticmethod
    def resolve_milestones(obj):
        return [
            {"milestone": row.milestone.value, "label": row.milestone.label, "planned_date": row.planned,
             "actual_date": row.actual, "status": row.status, "status_label": row.status_label,
             "days_late": row.days_late}
            for row in milestone_rows(obj)
        ]

    @staticmethod
    def resolve_can_edit(obj, context):
        from tuijin.accounts.access import can_edit_project

        return can_edit_project(context["request"].user, obj)

    @staticmethod
    def resolve_can_report(obj, context):
        from tuijin.accounts.access import can_report_progress

        return can_report_progress(context["request"].user, obj)


# ---------------------------------------------------------------------------- monthly reports


class ReportOut(Schema):
    id: int = Field(description="月报编号")
    project_id: int = Field(description="项目编号（内部）")
    year: int = Field(description="年度")
    month: int = Field(description="月份")
    period_label: str = Field(description="所属期，如“2026年3月”")
    completed_investment: Decimal = Field(description="本月完成投资（万元）")
    funds_arrived: Decimal | None = Field(None, description="本月到位资金（万元）")
    narrative: str = Field(description="形象进度")
    status: ReportStatus = Field(description="状态代码：draft、submitted、returned、approved")
    status_label: str = Field(description="状态：草稿、已报送、已退回、已审核")
    return_reason: str = Field(description="退回原因（已退回时）")
    submitted_at: dt.datetime | None = Field(None, description="报送时间")
    submitted_by_name: str | None = Field(None, description="报送人")
    reviewed_at: dt.datetime | None = Field(None, description="审核时间")
    version: int = Field(description="版本号，每次修改加一")
    updated_at: dt.datetime = Field(description="最近更新时间")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_submitted_by_name(obj):
        return obj.submitted_by.display_name if obj.submitted_by_id else None


class ReportIn(Schema):
    """A month's figures, with the same rules as the 月报 form on the project's progress page."""

    year: int = Field(title="年度", ge=2000, le=2100, description="年度，如 2026")
    month: int = Field(title="月份", ge=1, le=12, description="月份，1—12；不能是未来月份")
    completed_investment: Decimal = Field(
        title="本月完成投资", ge=0, max_digits=14, decimal_places=2,
        description="本月完成投资（万元），不能为负数，最多两位小数；可用数字或字符串，如 \"1234.50\"",
    )
    funds_arrived: Decimal | None = Field(
        None, title="本月到位资金", ge=0, max_digits=14, decimal_places=2,
        description="本月到位资金（万元），可不填；不填时保留原值",
    )
    narrative: Text = Field("", title="形象进度", max_length=2000, description="形象进度：本月完成了哪些建设内容")
    submit: bool = Field(False, title="是否报送", description="true：保存后直接报送审核；false：只保存草稿")

    @field_validator("narrative")
    @classmethod
    def _strip(cls, value):
        return value.strip()


def field_titles() -> dict[str, str]:
    """Chinese names of every input field, for validation messages."""
    titles = {}
    for schema in (ProjectFilters, ReportIn):
        for name, info in schema.model_fields.items():
            titles[name] = info.title or name
    return titles


# ---------------------------------------------------------------------------- baselines


def _checked_by_the_page(schema: dict):
    """A baseline filter taken as plain text and checked by the page's own rules (``baselines.comparison``:
    the project list's filter form and the strict dates), so that any bad filter is the page's Chinese 400,
    never a 422 for some; the schema still documents the type the value must have."""
    return Annotated[str, WithJsonSchema(schema)] | None


def _codes(choices) -> dict:
    return {"type": "string", "enum": list(choices.values)}


class BaselineFilters(Schema):
    """The baseline's two dates and the project list's filters (stage and size judged at each date)."""

    start: _checked_by_the_page({"type": "string", "format": "date"}) = Field(
        None, alias="from", title="基准日",
        description="基准日 YYYY-MM-DD（按当日 24 时的状态），默认上次调度会前一日，无调度会时为 30 天前")
    end: _checked_by_the_page({"type": "string", "format": "date"}) = Field(
        None, alias="to", title="对比日", description="对比日 YYYY-MM-DD，默认今天")
    q: _checked_by_the_page({"type": "string"}) = Field(
        None, title="搜索", description="按项目名称、编号、统一代码或项目单位搜索")
    stage: _checked_by_the_page(_codes(Stage)) = Field(
        None, title="阶段", description="阶段代码；按各自日期的阶段判断清单是否包含该项目")
    park: _checked_by_the_page({"type": "integer", "minimum": 1}) = Field(None, title="园区", description="所在园区编号")
    level: _checked_by_the_page(_codes(Level)) = Field(None, title="级别", description="项目级别代码")
    category: _checked_by_the_page(_codes(Category)) = Field(None, title="类别", description="项目类别代码")
    size: _checked_by_the_page(_codes(SizeBand)) = Field(
        None, title="规模", description="规模段：100m 亿元以上，50m 5000万元以上；按各自日期的总投资判断")


class BaselineProjectOut(Schema):
    id: int | None = Field(description="项目编号（内部）；已删除的项目为 null")
    code: str = Field(description="项目编号")
    name: str = Field(description="项目名称")
    park: str = Field(description="所在园区名称")


class BaselineCountOut(Schema):
    kind: str = Field(description="变化类型代码")
    label: str = Field(description="变化类型")
    count: int = Field(description="条数（新增、移出为项目数）")


class BaselineChangeOut(Schema):
    project_code: str = Field(description="项目编号")
    project_id: int = Field(description="项目编号（内部）")
    kind: str = Field(description="stage 阶段、date 计划日期、node_date 节点计划完成日期、investment 总投资、plan 年度计划投资、"
                                  "problem_new / problem_closed 问题、warning_raised / warning_closed 预警")
    kind_label: str = Field(description="变化类型")
    field: str = Field(description="字段，如 planned_start_date、node.permit.planned_finish、yearly_plan.2026、problem、"
                                   "warning.start_overdue")
    label: str = Field(description="字段名称")
    before: str | None = Field(description="对比前的值（阶段代码、ISO 日期、万元金额字符串）；空为 null")
    after: str | None = Field(description="对比后的值；空为 null")
    delta: int | str | None = Field(description="日期推迟的天数（提前为负），或金额的增减（万元字符串）")
    delta_workdays: int | None = Field(None, description="节点计划完成日期推迟的工作日数（提前为负）；其他类型为 null")


class BaselineOut(Schema):
    start: dt.date = Field(alias="from", description="基准日")
    end: dt.date = Field(alias="to", description="对比日")
    added: list[BaselineProjectOut] = Field(description="新增项目：基准日不在清单中，对比日在")
    removed: list[BaselineProjectOut] = Field(description="移出项目：已终止、已删除或不再符合条件")
    counts: list[BaselineCountOut] = Field(description="各类变化的条数")
    changes: list[BaselineChangeOut] = Field(description="逐项变化，按项目编号排列")
