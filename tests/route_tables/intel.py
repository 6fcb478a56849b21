"""项目情报's routes: promotion work — coordinators and park staff review, leaders read, others are refused."""

from tuijin.intel import actions
from tuijin.intel.models import Origin

from ..route_rules import C, P, PROMOTION, SEE_ALL, only, scoped

WORK = {C, P}

ROUTES = {
    "intel_queue": only(*PROMOTION),
    "intel_submit": only(C, P, post=True),
    "intel_article": scoped("intel_article", PROMOTION, SEE_ALL),
    "intel_bulk": scoped("intel_article", WORK, {C}, post=True),
    "intel_accept": scoped("intel_finding", WORK, {C}, post=True),
    "intel_reject": scoped("intel_finding", WORK, {C}, post=True),
    "intel_edit": scoped("intel_finding", WORK, {C}, form=True),
    "intel_update_project": scoped("intel_finding", WORK, {C}, post=True),
}

# Coordinators and leaders see every park's articles; park staff only their own park's (404 for another's).
SEES_OTHERS = {"intel_article": SEE_ALL, "intel_finding": SEE_ALL}

PAGES = {
    "intel_queue": ({}, {"status": ["pending", "reviewed", "empty"], "page": ["2"]}),
}


ARTICLE = "{day}，{name}项目在经开区开工，总投资{amount}亿元，占地约{land}亩。"


def objects(world):
    coordinator = world.users[C]
    for whose, park, name in (("own", world.fixtures["park"], "瑞丰精密轴承"), ("other", world.fixtures["other_park"], "恒远光伏组件")):
        article, _ = actions.submit_article(actor=coordinator, raw=ARTICLE.format(day="3月18日", name=name, amount=12,
                                                                                   land=150),
                                            origin=Origin.PASTE, park=park)
        world.sides[whose]["intel_article"] = article.pk
        world.sides[whose]["intel_finding"] = article.findings.get().pk
