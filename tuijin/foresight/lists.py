"""The forecast list read once for the page and its Excel export (the same filters, the same rows)."""

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.lib import xlsx
from tuijin.projects.models import Project

from . import calculations, services

STATUS_FILTERS = {
    "risk": "有风险或预计未达成",
    calculations.Status.MISSED: calculations.Status.MISSED,
    calculations.Status.AT_RISK: calculations.Status.AT_RISK,
    calculations.Status.MET: calculations.Status.MET,
}
COLUMNS = [xlsx.Column("项目编号", 16), xlsx.Column("项目名称", 36), xlsx.Column("所在园区", 14),
           xlsx.Column("年度计划（万元）", 16, "money", True), xlsx.Column("已完成（万元）", 16, "money", True),
           xlsx.Column("预计全年（万元）", 16, "money", True), xlsx.Column("80%区间下限", 14, "money"),
           xlsx.Column("80%区间上限", 14, "money"), xlsx.Column("达到计划概率（%）", 14, "int"),
           xlsx.Column("全年研判", 12), xlsx.Column("双过半研判", 12), xlsx.Column("说明", 90)]


def forecast_page(params, projects, year, as_of, park):
    """The forecasts in scope (the least likely first), filtered by ``status``; the scope's roll-up and parks'."""
    found = services.outlook(year, as_of, projects)
    wanted = params.get("status", "")
    forecasts = found.projects()
    if wanted in STATUS_FILTERS:
        allowed = {calculations.Status.AT_RISK, calculations.Status.MISSED} if wanted == "risk" else {wanted}
        forecasts = [f for f in forecasts if f.status in allowed]
    info = {pk: row for pk, *row in Project.objects.filter(pk__in=[f.project_id for f in forecasts])
            .values_list("pk", "code", "name", "park_id")}
    names = services.park_names()
    rows = [{"forecast": f, "code": info[f.project_id][0], "name": info[f.project_id][1],
             "park": names.get(info[f.project_id][2], "—")} for f in forecasts if f.project_id in info]
    return {"year": year, "as_of": as_of, "park": park, "status": wanted, "statuses": STATUS_FILTERS,
            "rows": rows, "rollups": [("全年计划", found.total()), ("双过半（6月末完成过半）", found.total(target=6))],
            "parks_rollup": found.by_park() if park is None else [],
            "parks": Organisation.objects.filter(kind=OrganisationKind.PARK), "months": services.months_known(year, as_of)}


def workbook(found) -> bytes:
    def cells():
        for row in found["rows"]:
            f = row["forecast"]
            yield [row["code"], row["name"], row["park"], f.plan, f.done, round(f.expected, 2), round(f.low, 2),
                   round(f.high, 2), None if f.probability is None else round(f.probability * 100), f.status,
                   f.half_status, f.explanation]
    return xlsx.workbook(f"{found['year']}年投资完成预测（截至{found['as_of']:%Y-%m-%d}）", COLUMNS, cells(),
                         sheet_name="预测")
