"""预测研判's routes: the forecasts are for government staff who see the battle map, scoped as it is."""

from ..route_rules import C, D, L, P, only

GOVERNMENT = (L, C, P, D)

ROUTES = {
    "foresight_list": only(*GOVERNMENT),
    "foresight_panel": only(*GOVERNMENT),
    "foresight_export": only(*GOVERNMENT),
}

PAGES = {
    "foresight_list": ({}, {"year": ["2026", "2025"], "park": ["@park"], "status": ["risk", "预计达成"],
                            "page": ["2"]}),
    "foresight_panel": ({}, {"year": ["2026"], "park": ["@park"]}),
    "foresight_export": ({}, {"year": ["2026"], "park": ["@park"], "status": ["risk"]}),
}
