"""擂台赛's routes: the ranking is for government staff; a unit's records open for leaders, coordinators and the unit."""

from tuijin.leaderboards.models import Board, BoardMeasure, Measure

from ..route_rules import C, D, L, P, SEE_ALL, only, scoped

GOVERNMENT = (L, C, P, D)
SPAN = {"from": ["2026-01", "2025-12"], "to": ["2026-06", "2026-12"]}

ROUTES = {
    "leaderboards_home": only(*GOVERNMENT),
    "leaderboards_create": only(C, form=True),
    "leaderboards_board": only(*GOVERNMENT, obj="board"),
    "leaderboards_edit": only(C, obj="board", form=True),
    "leaderboards_export": only(*GOVERNMENT, obj="board", path={"fmt": "xlsx"}),
    # own: the park staff persona's park; other: another park (a 404 for that park's staff)
    "leaderboards_drill": scoped("lb_unit", {L, C, P}, {L, C}, path={"measure": "punctuality"}),
}

SEES_OTHERS = {"lb_unit": SEE_ALL}

PAGES = {
    "leaderboards_board": ({"pk": "@board"}, SPAN),
    "leaderboards_drill": ({"pk": "@board", "unit_pk": "@park", "measure": "starts"}, SPAN),
    "leaderboards_export": ({"pk": "@board", "fmt": "xlsx"}, SPAN),
}


def _board():
    board = Board.objects.create(name="园区擂台赛", unit_kind="park")
    BoardMeasure.objects.bulk_create([BoardMeasure(board=board, measure=m, weight=10) for m in Measure])
    return board


def objects(world):
    board = _board()
    world.single["board"] = board.pk
    for whose, park in (("own", world.fixtures["park"]), ("other", world.fixtures["other_park"])):
        world.sides[whose]["lb_unit"] = {"pk": board.pk, "unit_pk": park.pk}


def page_objects(users, fixtures):
    board = Board.objects.filter(name="园区擂台赛").first() or _board()
    return {"@board": board.pk}
