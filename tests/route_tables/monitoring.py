"""重点企业监测's routes: government staff read the growth tables; the enterprise, its park and the bureau enter
figures; the park (or the bureau) reviews them; another park's enterprise is not found (404)."""

import datetime as dt
from decimal import Decimal

from tuijin.monitoring import actions
from tuijin.promotion.models import ChainMember, ChainSegment, IndustryChain

from ..route_rules import CHANGE, EDIT, READ, C, E, EVERYONE, GOVERNMENT, LAST_MONTH, P, SEE_ALL, TODAY, only, scoped

ROUTES = {
    "monitoring_overview": only(*GOVERNMENT),
    "monitoring_queue": only(C, P, form=True),
    "monitoring_park": scoped("mon_park", GOVERNMENT, SEE_ALL),
    "monitoring_chain": only(*GOVERNMENT, obj="chain"),
    "monitoring_enterprise": scoped("enterprise", EVERYONE, SEE_ALL),
    "monitoring_save": scoped("enterprise", {C, P, E}, {C}, post=True),
    "monitoring_submit": scoped("mon_figures", {C, P, E}, {C}, post=True),
    "monitoring_review": scoped("mon_figures", {C, P}, {C}, post=True),
    "api/v1/monitoring/growth": {"GET": only(*GOVERNMENT)},
    "api/v1/monitoring/enterprises/<int:enterprise_id>/figures": {
        "GET": scoped("enterprise", EVERYONE, SEE_ALL),
        "POST": scoped("enterprise", {C, P, E}, {C}, post=True, body={
            "year": LAST_MONTH.year, "month": LAST_MONTH.month, "output": "1200.5"}),
    },
}

ADMIN_MODELS = {"monitoring.keyenterprise": EDIT, "monitoring.droprule": CHANGE, "monitoring.monthlyfigures": READ}

SEES_OTHERS = {"mon_park": SEE_ALL, "mon_figures": SEE_ALL}

PAGES = {
    "monitoring_overview": ({}, {"year": [str(TODAY.year - 1), "1900"], "month": ["1", "12", "13"],
                                 "indicator": ["output", "electricity", "tax"]}),
    "monitoring_park": ({"pk": "@park"}, {"year": [str(TODAY.year - 1)], "month": ["3"],
                                          "indicator": ["revenue", "employees"]}),
    "monitoring_chain": ({"pk": "@mon_chain"}, {"year": [str(TODAY.year)], "month": ["2"], "indicator": ["tax"]}),
}


def _listed(enterprise, coordinator):
    actions.list_enterprise(enterprise, actor=coordinator, since=dt.date(TODAY.year - 2, 1, 1))
    draft = actions.save_draft(enterprise, TODAY.year - 1, 1, actor=coordinator,
                               data={"output": Decimal("1200"), "electricity": Decimal("35")})
    return actions.submit(draft, actor=coordinator)


def objects(world):
    coordinator = world.users[C]
    actions.drop_rules()
    for whose, enterprise, park in (("own", world.fixtures["enterprise"], world.fixtures["park"]),
                                    ("other", world.fixtures["other_enterprise"], world.fixtures["other_park"])):
        world.sides[whose]["mon_figures"] = _listed(enterprise, coordinator).pk
        world.sides[whose]["mon_park"] = park.pk


def page_objects(users, fixtures):
    actions.list_enterprise(fixtures["enterprise"], actor=users[C])
    chain, _ = IndustryChain.objects.get_or_create(name="新型材料")
    segment, _ = ChainSegment.objects.get_or_create(chain=chain, name="正极材料")
    ChainMember.objects.get_or_create(segment=segment, enterprise=fixtures["enterprise"])
    return {"@mon_chain": chain.pk}
