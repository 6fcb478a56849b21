"""产用对接's routes: published listings are a shared market (everyone sees them), events are run by coordinators."""

import datetime as dt

from tuijin.matchmaking import actions
from tuijin.matchmaking.models import MatchEvent

from ..route_rules import C, D, E, EVERYONE, L, P, only, scoped, signed_in

GOVERNMENT = (L, C, P, D)
PUBLISH = {"move": "publish"}  # publishing a published listing is refused with a message: nothing changes

ROUTES = {
    "matchmaking_products": signed_in(),
    "matchmaking_products_export": signed_in(),
    "matchmaking_needs": signed_in(),
    "matchmaking_mine": signed_in(),
    "matchmaking_offering_create": only(C, P, E, form=True),
    "matchmaking_offering_edit": scoped("mm_offering", {C, P, E}, {C}, form=True),
    "matchmaking_offering_move": scoped("mm_offering", {C, P, E}, {C}, post=True, path=PUBLISH),
    "matchmaking_need_create": only(C, P, E, form=True),
    "matchmaking_need": signed_in(obj="mm_need"),
    "matchmaking_need_edit": scoped("mm_need", {C, P, E}, {C}, form=True),
    "matchmaking_need_move": scoped("mm_need", {C, P, E}, {C}, post=True, path=PUBLISH),
    "matchmaking_events": only(*GOVERNMENT),
    "matchmaking_event_create": only(C, form=True),
    "matchmaking_event": signed_in(obj="mm_event"),  # the persona's enterprise is invited
    "matchmaking_event_invite": only(C, obj="mm_event", post=True),
    "matchmaking_event_outcome": only(C, obj="mm_event", post=True),
    "matchmaking_stats": only(*GOVERNMENT),
}

# Published offerings and needs are open to every signed-in user: another's is visible, and refused (403) to edit.
SEES_OTHERS = {"mm_offering": EVERYONE, "mm_need": EVERYONE}

PAGES = {
    "matchmaking_products": ({}, {"q": ["电池"], "chain": [], "industry": ["38", "C"], "park": ["@park"],
                                  "kind": ["product", "service"]}),
    "matchmaking_products_export": ({}, {"q": ["电池"], "industry": ["38"], "park": ["@park"]}),
    "matchmaking_needs": ({}, {"q": ["电芯"]}),
    "matchmaking_mine": ({}, {}),
    "matchmaking_events": ({}, {}),
    "matchmaking_stats": ({}, {"year": ["2026", "2000", "2100"]}),
}


def _listings(actor, enterprise, tag):
    offering = actions.save_offering(actor=actor, publish=True, data={
        "enterprise": enterprise, "kind": "product", "name": f"磷酸铁锂电芯{tag}", "description": "车规级电芯",
        "industry": None, "capacity": "", "certifications": ""})
    need = actions.save_need(actor=actor, publish=True, data={
        "enterprise": enterprise, "kind": "part", "name": f"动力电池电芯{tag}", "description": "采购电芯",
        "industry": None, "quantity": 100, "quantity_unit": "只", "needed_by": None})
    return offering, need


def objects(world):
    coordinator = world.users[C]
    for whose, enterprise in (("own", world.fixtures["enterprise"]), ("other", world.fixtures["other_enterprise"])):
        offering, need = _listings(coordinator, enterprise, whose)
        world.sides[whose]["mm_offering"] = offering.pk
        world.sides[whose]["mm_need"] = need.pk
    event = actions.save_event(actor=coordinator, data={"title": "新能源汽车产业链产销对接会", "held_on": dt.date(2026, 6, 18),
                                                       "location": "区会展中心", "chain": None, "status": "planned",
                                                       "note": ""})
    actions.invite(event, actor=coordinator, suppliers=[world.fixtures["enterprise"]])
    world.single["mm_event"] = event.pk
    assert MatchEvent.objects.filter(pk=event.pk).exists()
