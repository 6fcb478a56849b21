"""产用对接 and 擂台赛's rows for ``tests/test_it_keeps_history_of_every_business_model.py``: one change each,
made the way people make it (a page), and the set-up it needs."""

import datetime as dt

from tuijin.leaderboards import actions as board_actions
from tuijin.matchmaking import actions


def _listing_data(world, **more):
    return {"enterprise": world.enterprise, "kind": "part", "name": "动力电池电芯", "description": "车规级电芯",
            "industry": None, "capacity": "", "certifications": "", "quantity": None, "quantity_unit": "",
            "needed_by": None, **more}


def an_offering(world):
    return actions.save_offering(actor=world.coordinator, data=_listing_data(world, kind="product"))


def edit_offering(world, offering):
    return world.page(world.coordinator, "matchmaking_offering_edit", [offering.pk], {
        "enterprise": world.enterprise.pk, "kind": "product", "name": "磷酸铁锂电芯", "description": "280Ah"})


def a_need(world):
    return actions.save_need(actor=world.coordinator, data=_listing_data(world))


def edit_need(world, need):
    return world.page(world.coordinator, "matchmaking_need_edit", [need.pk], {
        "enterprise": world.enterprise.pk, "kind": "part", "name": "动力电池电芯", "quantity": "5000",
        "quantity_unit": "只"})


def an_event(world):
    return actions.save_event(actor=world.coordinator, data={
        "title": "产销对接会", "held_on": dt.date(2026, 6, 18), "location": "", "chain": None, "status": "planned",
        "note": ""})


def edit_event(world, event):
    from tuijin.lib.context import Source, acting

    with acting(Source.API, world.coordinator):
        actions.save_event(actor=world.coordinator, event=event, data={"location": "区会展中心"})
    return world.coordinator, Source.API


def an_event_and_a_supplier(world):
    actions.save_offering(actor=world.coordinator, publish=True, data=_listing_data(world, kind="product"))
    return an_event(world)


def invite(world, event):
    return world.page(world.coordinator, "matchmaking_event_invite", [event.pk], {"suppliers": [world.enterprise.pk]})


def an_event_with_both_sides(world):
    from ..factories import EnterpriseFactory

    event = an_event(world)
    actions.invite(event, actor=world.coordinator, suppliers=[world.enterprise],
                   buyers=[EnterpriseFactory(name="天府新能源汽车有限公司")])
    return event


def record_outcome(world, event):
    buyer = event.invitations.get(side="demand").enterprise
    return world.page(world.coordinator, "matchmaking_event_outcome", [event.pk], {
        "supplier": world.enterprise.pk, "buyer": buyer.pk, "kind": "order", "amount": "1200",
        "recorded_on": "2026-06-18"})


def a_board(world):
    return board_actions.save_board(actor=world.coordinator, weights={"signings": 50, "starts": 50}, data={
        "name": "园区擂台赛", "unit_kind": "park", "red_top": 3, "red_min_score": 80, "black_bottom": 1,
        "black_below": 60})


def edit_board(world, board):
    return world.page(world.coordinator, "leaderboards_edit", [board.pk], {
        "name": board.name, "unit_kind": "park", "red_top": 2, "red_min_score": "80", "black_bottom": 1,
        "black_below": "60", "weight_signings": 60, "weight_starts": 40})


def summary(event):
    return event.summary
