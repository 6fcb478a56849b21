"""The placeholders each kind of template may use, with what they hold — the contract with the bureau's templates.

The specimen is the context's shape with one row in every list and a description for every value; an
upload is checked against it (``render.check``), and the 占位符说明 page lists it. A test keeps it equal
to the shape of what ``figures`` and ``meeting_pack`` really produce, so neither can drift.
"""

from .models import DocumentKind

# A 1×1 PNG: the trial fill needs image bytes where a chart goes.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

HEADER = {"title": "标题（如“全区重大项目推进情况通报”）", "period": "月份（2026年3月）",
          "number": "文号（推进办通报〔2026〕3号）", "secrecy": "密级行（内部资料　注意保存）", "issuer": "发文单位",
          "scope": "范围（全区或园区名称）", "date": "成文日期（2026年3月31日）", "data_date": "数据截至（2026-03-31）",
          "cc": "抄送单位"}
DIMENSION = {"name": "名称", "projects": "项目数", "investment": "总投资（亿元）", "planned": "年度计划投资（亿元）",
             "done": "已完成投资（亿元）", "rate": "投资完成率"}
FORECAST = {"expected": "预计完成（亿元）", "low": "区间下限（亿元）", "high": "区间上限（亿元）",
            "expected_wan": "预计完成（万元）", "low_wan": "区间下限（万元）", "high_wan": "区间上限（万元）",
            "goal": "目标（亿元）", "done": "已完成（亿元）", "count": "参与预测的项目数",
            "status": "研判（预计达成/有风险/预计未达成）", "probability": "达成概率（如 65%）"}
PROBLEM = {"code": "编号", "title": "问题摘要", "department": "牵头部门", "deadline": "办理期限", "status": "状态"}

MONTHLY = {
    "doc": HEADER,
    "empty": "本月是否没有任何项目数据（用于 {%p if empty %}）",
    "overview": [{"key": "指标代码", "label": "指标名称", "value": "数值（45.3% / 12.50亿元）", "note": "说明"}],
    "kpi": {"projects": "项目总数", "investment": "总投资", "planned": "年度计划投资", "completed": "已完成投资",
            "investment_completion": "投资完成率", "time_progress": "时间进度", "double_half": "双过半（已过半/未过半）",
            "start_rate": "开工率", "start_resume_rate": "开复工率", "start_resume_5000": "开复工率（5000万元以上）",
            "stats_filing": "入库入统率", "stats_gap": "应统未统项目数", "funds_arrival": "资金到位率",
            "verdict": "快于/慢于时间进度"},
    "by_park": [DIMENSION], "by_chain": [DIMENSION], "by_category": [DIMENSION], "by_band": [DIMENSION],
    "lists": [{"key": "清单代码", "name": "清单名称", "count": "项目数", "done_label": "进展（已开工…）",
               "done": "已达到的项目数", "rate": "比例"}],
    "lagging": [{"name": "项目", "park": "园区", "completion": "投资完成率", "time_progress": "时间进度",
                 "behind": "落后百分点", "reasons": "预警原因"}],
    "red": [{"name": "项目", "park": "园区", "rule": "预警规则", "cause": "原因", "since": "转为红色日期"}],
    "warnings": {"yellow": "黄色预警项目数", "orange": "橙色预警项目数", "red": "红色预警项目数"},
    "departments": [{"name": "部门", "received": "收件数", "on_time": "按时报到率", "closed": "办结率",
                     "solved": "解决率", "overdue": "逾期率", "rating": "平均满意度"}],
    "level3": [{**PROBLEM, "subject": "项目或企业"}],
    "counts": {"lagging": "滞后项目总数", "red": "红色预警总数", "level3": "三级问题总数",
               "shown": "各名单最多列出的行数（其余见统计表）"},
    "promotion": {"signings": "本月新签约项目数", "landings": "本月落地项目数", "signing_value": "本月签约金额（万元）",
                  "fund_rate": "签约项目资金到位率", "fund_arrived": "到位资金（万元）", "fund_agreed": "协议投资（万元）",
                  "targets": [{"metric": "指标", "period": "期间", "target": "目标", "actual": "完成", "unit": "单位",
                               "rate": "完成率", "met": "已完成/未完成"}]},
    "foresight": {"count": "参与预测的项目数", "months": "已知月报的月数",
                  "year_end": FORECAST, "half": {**FORECAST, "goal": "6月末目标：年度计划的一半（亿元）"},
                  "parks": [{"name": "园区", **FORECAST}],
                  "shortfall": [{"name": "项目", "gap": "缺口（万元，计划减预计）", "plan": "年度计划（万元）",
                                 "expected": "预计完成（万元）", "probability": "达成概率", "status": "研判",
                                 "explanation": "预测依据"}]},
    "charts": {"park": "图：各园区计划与完成投资", "trend": "图：全年完成投资累计走势"},
}

MEETING = {
    "doc": HEADER,
    "meeting": {"title": "会议名称", "held_at": "时间", "place": "地点", "chaired_by": "主持人", "attendees": "参会人员"},
    "agenda": [{"kind": "议题类型（三级问题/逾期问题/滞后项目）", "text": "议题"}],
    "previous": {"title": "上次会议名称及时间", "decisions": [PROBLEM]},
    "projects": [{"name": "项目名称", "facts": [{"label": "事项", "value": "情况"}],
                  "nodes": [{"name": "阶段/节点", "planned": "计划日期", "actual": "实际日期", "status": "状态"}],
                  "chart": "图：月度完成投资与计划", "problems": [PROBLEM], "warnings": "预警（无则为“无”）"}],
}

SPECIMENS = {DocumentKind.MONTHLY: MONTHLY, DocumentKind.MEETING: MEETING}
IMAGES = {"charts", "chart"}


def specimen(kind) -> dict:
    """The specimen with images where charts go, for the trial fill of an uploaded template."""
    def fill(value, key=""):
        if key == "chart":
            return PNG
        if key == "charts":
            return {name: PNG for name in value}
        if isinstance(value, dict):
            return {name: fill(item, name) for name, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    return fill(SPECIMENS[DocumentKind(kind)])


def shape(value):
    """The keys of a context, recursively (lists by their first row), to compare with a specimen."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None
