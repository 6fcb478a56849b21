"""What the monitoring pages show, assembled from ``services`` and ``calculations`` (views stay thin)."""

from tuijin.lib import params

from . import calculations, services
from .models import DropStatus, DropWarning, INDICATOR_FIELDS, INDICATOR_LABELS, INDICATOR_UNITS, INDICATORS


def selection(request, enterprises):
    """(year, month, indicator) from the query, defaulting to the latest approved month and 产值."""
    latest = services.latest_month(enterprises)
    year = params.year(request.GET, default=latest[0])
    month = params.month(request.GET, default=latest[1] if year == latest[0] else 12)
    indicator = params.choice(request.GET, "indicator", INDICATOR_FIELDS, "output")
    return year, month, indicator


def _draggers(rows, names):
    for row in rows:
        row.dragger_names = [(names.get(pk, ""), pk, points) for pk, points in row.draggers]
    return rows


def overview(enterprises, year, month, indicator):
    months = services.window(year, month)
    panel = services.panels(enterprises, months)[indicator]
    ids = panel.ids
    park_groups, park_labels = services.park_groups(ids)
    chain_groups, chain_labels = services.chain_groups(ids)
    district = calculations.group_table(panel, {"all": ids}, {"all": "全区重点企业"}, year, month)[0]
    parks = calculations.group_table(panel, park_groups, park_labels, year, month)
    chains = calculations.group_table(panel, chain_groups, chain_labels, year, month)
    table = calculations.enterprise_table(panel, year, month)
    names = services.names(ids)
    for row in [district, *parks, *chains]:
        _draggers([row], names)
    for row in table:
        row.name = names.get(row.enterprise_id, "")
    return {"district": district, "parks": parks, "chains": chains, "enterprises": table[:50],
            "drops": active_drops(enterprises),
            "chart": calculations.series(panel), **_common(year, month, indicator)}


def group(enterprises, members, title, year, month, indicator):
    months = services.window(year, month)
    panel = services.panels(enterprises.filter(pk__in=members), months)[indicator]
    names = services.names(panel.ids)
    table = calculations.enterprise_table(panel, year, month)
    for row in table:
        row.name = names.get(row.enterprise_id, "")
    total = _draggers(calculations.group_table(panel, {"all": panel.ids}, {"all": title}, year, month), names)[0]
    return {"total": total, "enterprises": table, "chart": calculations.series(panel), "title": title,
            **_common(year, month, indicator)}


def _common(year, month, indicator):
    return {"year": year, "month": month, "indicator": indicator, "indicators": INDICATORS,
            "indicator_label": INDICATOR_LABELS[indicator], "unit": INDICATOR_UNITS[indicator],
            "months": range(1, 13)}


def enterprise_months(enterprise, figures):
    """Rows of the enterprise page: each month's figures with its 同比 / 环比 of 产值 and 营业收入."""
    rows = sorted(figures, key=lambda f: (f.year, f.month))
    approved = [(enterprise.pk, f.year, f.month, *(getattr(f, name) for name in INDICATOR_FIELDS))
                for f in rows if f.status == "approved"]
    if not rows:
        return [], {}
    months = calculations.months_between((rows[0].year, rows[0].month), (rows[-1].year, rows[-1].month))
    panels = calculations.build_panel(approved, months)
    index = {ym: j for j, ym in enumerate(months)}
    for name in ("output", "revenue"):
        panel = panels[name]
        yoy, mom = calculations.growth_arrays(panel.values) if panel.ids else (None, None)
        for f in rows:
            j = index[(f.year, f.month)]
            setattr(f, f"{name}_yoy", calculations.num(yoy[0, j]) if yoy is not None else None)
            setattr(f, f"{name}_mom", calculations.num(mom[0, j]) if mom is not None else None)
    chart = (calculations.series(panels["output"], 0) if panels["output"].ids
             else {"months": [], "values": [], "yoy": [], "mom": []})
    return list(reversed(rows)), chart


def active_drops(enterprises):
    """The open 重点企业指标下滑 warnings of ``enterprises``, the steepest fall first."""
    return list(DropWarning.objects.filter(enterprise__in=enterprises).exclude(status=DropStatus.CLOSED)
                .select_related("enterprise").order_by("measure", "enterprise__name")[:100])
