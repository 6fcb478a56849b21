"""数据上报's routes: the city's leaders and coordinators read every district (a district's own users theirs,
tested in tests/exchange); only coordinators decide a conflict; the API push takes a district's token or a
coordinator's."""

from ..route_rules import C, L, only

ROUTES = {
    "exchange_home": only(L, C),
    "exchange_district": only(L, C, obj="feed"),
    "exchange_conflicts": only(L, C),
    "exchange_conflict_decide": only(C, obj="conflict", post=True),
    # form: the coordinator's empty push is answered 400 with what is missing (第 1 行：…)
    "api/v1/exchange/ledger": {"POST": only(C, post=True, form=True)},
}


def objects(world):
    from tests.exchange.history import a_conflict

    conflict = a_conflict(world)
    world.single["conflict"] = conflict.pk
    world.single["feed"] = conflict.record.feed_id
