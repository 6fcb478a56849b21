"""Make a pack's files: the figures, the charts, the Word document from the template in use, its PDF, the workbook.

``monthly`` and ``meeting`` report their progress through ``step(percent, label)`` so a run can show it;
the management command and the benchmark call them directly. The template is the highest uploaded
version of the kind, or the default one (version 0) while none is uploaded.
"""

import datetime as dt
from dataclasses import dataclass, field

from . import charts, default_templates, figures, meeting_pack, pdf, render, workbook
from .models import BriefingTemplate, DocumentKind


@dataclass
class Pack:
    title: str
    data_date: dt.date
    template_version: int
    template: BriefingTemplate | None
    files: dict = field(default_factory=dict)  # format → bytes
    found: "figures.Figures | None" = None  # the monthly figures, for the tests and the bench


def current_template(kind) -> tuple[BriefingTemplate | None, bytes]:
    return template_of(BriefingTemplate.objects.filter(kind=kind).order_by("-version").first(), kind)


def _silent(percent, label):
    return None


def template_of(row: BriefingTemplate | None, kind) -> tuple[BriefingTemplate | None, bytes]:
    """A run's own template version (``None``: the default), so a run asked for before an upload keeps its wording."""
    if row is None:
        return None, default_templates.default(kind)
    with row.file.open("rb") as handle:
        return row, handle.read()


def monthly(month: dt.date, park=None, *, with_pdf=True, step=_silent, today=None, template=None) -> Pack:
    step(5, "读取指标")
    found = figures.monthly(month, park, today)
    step(30, "绘制图表")
    context = {**found.context, "charts": {
        "park": charts.by_park(found.charts["park"]),
        "trend": charts.trend(found.charts["trend"], found.charts["time_progress"])}}
    step(45, "填写 Word 模板")
    row, template = template or current_template(DocumentKind.MONTHLY)
    document = render.render(template, context)
    pack = Pack(found.context["doc"]["title"] + f"（{found.context['doc']['period']}）",
                dt.date.fromisoformat(found.context["doc"]["data_date"]), row.version if row else 0, row,
                {"docx": document}, found)
    if with_pdf:
        step(60, "转换 PDF")
        pack.files["pdf"] = pdf.convert(document, f"briefing-{month:%Y-%m}")
    step(85, "生成统计表")
    pack.files["xlsx"] = workbook.build(found, month, park)
    step(100, "完成")
    return pack


def meeting(meeting, *, with_pdf=True, step=_silent, today=None, template=None) -> Pack:
    step(5, "读取会议议题与项目")
    context = meeting_pack.context(meeting, today)
    step(45, "填写 Word 模板")
    row, template = template or current_template(DocumentKind.MEETING)
    document = render.render(template, context)
    pack = Pack(context["doc"]["title"], dt.date.fromisoformat(context["doc"]["data_date"]),
                row.version if row else 0, row, {"docx": document})
    if with_pdf:
        step(65, "转换 PDF")
        pack.files["pdf"] = pdf.convert(document, "meeting")
    step(100, "完成")
    return pack
