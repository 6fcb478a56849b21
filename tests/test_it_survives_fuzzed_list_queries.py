"""Every page that reads its query string, opened with query strings typed by hand, pasted or mangled.

``PAGES`` names each such page with the parameters it reads and a few values it understands. Hypothesis
builds query strings from them and from hostile values — numbers past any integer column, -1, 0, letters,
NUL bytes, superscript and other non-ASCII digits, impossible dates, 2000-character strings — with keys
repeated and unknown keys mixed in, and a coordinator or a park's staff member opens the page. The page
may show itself (the parameter ignored), refuse or not find what was asked (403, 404), or say in Chinese
what is wrong (400) — never fail with a server error.

Which pages read the query string is found in the code (every view, and every helper a view hands its
request to, that touches ``request.GET``), so a new page that reads one and is not listed here fails.
"""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tuijin.accounts.models import Role
from tuijin.audit.forms import AuditSearchForm
from tuijin.coordination.forms import ProblemFilterForm, ScorecardFilterForm
from tuijin.enterprises.forms import EnterpriseFilterForm
from tuijin.policies import library
from tuijin.policies.models import AutoGrantRun, Clause
from tuijin.projects.forms import ProjectFilterForm
from tuijin.promotion.forms import LeadFilterForm

from . import route_tables
from .pages import text
from .routes import all_routes

TODAY = dt.date.today()
YEARS = [str(TODAY.year), str(TODAY.year - 1), "2000", "2100", "1949"]
# Values that stand for the fixtures' rows; the test puts in their ids.
PARK, OTHER_PARK, DEPARTMENT, PROJECT, ENTERPRISE = "@park", "@other_park", "@department", "@project", "@enterprise"


def fields(form):
    return list(form.base_fields)


# url name: (path values, {parameter: values the page understands}); every page also reads ``page``.
PAGES = {
    "project_list": ({}, {**{name: [] for name in fields(ProjectFilterForm)}, "park": [PARK], "format": ["xlsx"],
                          "stage": ["construction"], "sort": ["investment", "-investment", "name"]}),
    "enterprise_list": ({}, {**{name: [] for name in fields(EnterpriseFilterForm)}, "q": ["锦程"],
                             "park": [PARK, OTHER_PARK]}),
    "progress_overview": ({}, {"year": YEARS, "park": [PARK, OTHER_PARK]}),
    "progress_kpi": ({"key": "investment_completion", "part": "hits"},
                     {"year": YEARS, "park": [PARK], "band": ["50m"]}),
    "progress_double_half": ({}, {"year": YEARS, "park": [PARK]}),
    "progress_year_list": ({"kind": "start"}, {"year": YEARS, "park": [PARK], "format": ["xlsx"]}),
    "progress_monthly_xlsx": ({}, {"year": YEARS, "park": [PARK]}),
    "progress_missing": ({}, {"year": YEARS, "month": ["1", "12", "13"], "park": [PARK]}),
    "progress_review": ({}, {"park": [PARK]}),
    "progress_project": ({"pk": PROJECT}, {"year": YEARS}),
    "inbox": ({}, {"unread": ["1"]}),
    "coordination_problems": ({}, {**{name: [] for name in fields(ProblemFilterForm)}, "project": [PROJECT],
                                   "department": [DEPARTMENT], "overdue": ["on", "1"], "mine": ["0", "1"]}),
    "coordination_file": ({}, {"project": [PROJECT], "enterprise": [ENTERPRISE]}),
    "coordination_meetings": ({}, {}),
    "coordination_scorecard": ({}, {**{name: [] for name in fields(ScorecardFilterForm)},
                                    "start": ["2026-01-01", "2026-02-30"],
                                    "end": ["2026-12-31", "0001-01-01", "9999-12-31"],
                                    "sort": ["-received", "on_time", "department"], "format": ["xlsx"]}),
    "coordination_scorecard_problems": ({"department": DEPARTMENT, "key": "received"},
                                        {"start": ["2026-01-01"], "end": ["2026-12-31"]}),
    "alerts_dashboard": ({}, {"year": YEARS, "park": [PARK]}),
    "baseline_compare": ({}, {**{name: [] for name in fields(ProjectFilterForm)}, "park": [PARK, OTHER_PARK],
                              "from": ["2026-01-01", "1949-01-01", str(TODAY)], "to": [str(TODAY), "2100-12-31"],
                              "stage": ["construction"], "size": ["100m"], "format": ["xlsx"]}),
    "nodeplans_todo": ({}, {"unit": [DEPARTMENT, PARK], "days": ["5", "10", "250", "251", "0", "-1"]}),
    "nodeplans_todo_xlsx": ({}, {"unit": [DEPARTMENT], "days": ["5", "60"]}),
    "alerts_data": ({}, {"year": YEARS, "park": [PARK]}),
    "alerts_screen": ({}, {"year": YEARS, "park": [PARK]}),
    "alerts_map": ({}, {"year": YEARS, "park": [PARK]}),
    "alerts_timeline": ({}, {"year": YEARS, "park": [PARK], "list": ["start", "build"], "late": ["1"]}),
    "alerts_drill": ({}, {"year": YEARS, "park": [PARK], "dim": ["all", "park", "chain", "category", "band",
                                                                  "month", "warning", "problems"],
                          "value": [PARK, "none", "industrial", "100m", "6", "red", "open", "overdue", "²"]}),
    "alerts_warnings": ({}, {"status": ["active", "open", "closed"], "level": ["red"], "rule": ["start_overdue"],
                             "unit": [DEPARTMENT], "project": [PROJECT]}),
    "policy_clause": ({"pk": "@clause"}, {"year": YEARS}),
    "policy_enterprise": ({"pk": ENTERPRISE}, {"year": YEARS}),
    "policy_report": ({"pk": ENTERPRISE, "fmt": "docx"}, {"year": YEARS}),
    "policy_run": ({"pk": "@run"}, {"status": ["pending", "approved"], "clause": ["1", "2"]}),
    "policy_growth": ({"kind": "above_scale"}, {"year": YEARS}),
    "promotion_board": ({}, {**{name: [] for name in fields(LeadFilterForm)}, "park": [PARK], "unit": [PARK],
                             "cohort": YEARS, "reached": ["signed"]}),
    "promotion_leads": ({}, {**{name: [] for name in fields(LeadFilterForm)}, "park": [PARK], "cohort": YEARS}),
    "promotion_activities": ({}, {"year": YEARS, "kind": ["visit", "trip"]}),
    "promotion_targets": ({}, {"year": YEARS, "unit": [PARK, OTHER_PARK], "format": ["xlsx"]}),
    "promotion_figure": ({"key": "signings"}, {
        "period": [f"year-{TODAY.year}-01", "month-2026-03", "quarter-2026-04", "month-0000-01", "year-9999-12",
                   "month-２０２６-０１"],
        "unit": [PARK]}),
    "promotion_funnel": ({}, {"year": YEARS, "unit": [PARK], "cohort": YEARS, "format": ["xlsx"]}),
    "promotion_funds": ({}, {"year": YEARS, "unit": [PARK]}),
    "audit_log": ({}, {**{name: [] for name in fields(AuditSearchForm)}, "model": ["projects.project"],
                       "date_from": ["2026-01-01", "2026-13-01"], "date_to": ["2100-12-31"], "export": ["xlsx"],
                       "pk": [PROJECT]}),
}
HOSTILE = [
    "", "0", "-1", "1", "99999999999999999999", str(2**63), str(2**63 - 1), "1e5", "1.5", "abc", "true", "null",
    "\x00", "1\x00", "²", "①", "٣", "１２", "二〇二六", "2026-02-30", "0000-01-01", "9999-12-31", "-0", " 12 ",
    "x" * 2000, "9" * 2000, "进" * 700, "<script>alert(1)</script>", "' OR '1'='1", "%", "../", "\u202e", "😀",
]
UNKNOWN_KEYS = ["utm_source", "page[]", "", "\x00", "k" * 300, "year ", "PAGE"]


# Parameters without which a page only answers 404 (which figure, which segment): usually drawn from what
# the page understands, so that the fuzz reaches the code behind them.
NEEDS = {"alerts_drill": ["dim", "value"], "promotion_figure": ["period"]}
# Query strings that once made a page fail with a server error, kept as examples of that page.
FOUND = {
    "promotion_figure": [(("period", "month-0000-01"),)],  # date(0, 1, 1): Period.from_key did not check the year
    "alerts_drill": [(("dim", "park"), ("value", "²")), (("dim", "month"), ("value", "²"))],  # "²".isdigit()
    # 9999-12-31 is a date; the day after it, which the scorecard counts to, is not
    "coordination_scorecard_problems": [(("end", "9999-12-31"),)],
    "coordination_scorecard": [(("start", "0001-01-01"), ("end", "9999-12-31"))],
}
PAGES.update(route_tables.merged("PAGES"))  # each app's own pages (tests/route_tables/)
NEEDS.update(route_tables.merged("NEEDS"))
FOUND.update(route_tables.merged("FOUND"))
EXAMPLES_PER_PAGE = 14


def queries(name):
    """Query strings for page ``name``: its parameters, right or hostile, keys repeated, unknown keys mixed in."""
    understood = PAGES[name][1]
    names = [*understood, "page"]
    right = {key: st.sampled_from(values or HOSTILE) for key, values in understood.items()}
    pair = st.sampled_from(names).flatmap(lambda key: st.tuples(
        st.just(key), st.sampled_from(understood.get(key, []) + ["1", "2"] + HOSTILE)))
    stranger = st.tuples(st.sampled_from(UNKNOWN_KEYS), st.sampled_from(HOSTILE))
    needed = st.tuples(*[st.tuples(st.just(key), right[key]) for key in NEEDS.get(name, [])])
    rest = st.lists(st.one_of(pair, pair, pair, stranger), max_size=8)
    return st.tuples(needed, rest).map(lambda parts: (*parts[0], *parts[1]))


# ---------------------------------------------------------------------------- which views read the query


def _reads_query(node) -> bool:
    return any(isinstance(sub, ast.Attribute) and sub.attr == "GET" for sub in ast.walk(node))


def _handed_request(node) -> set[str]:
    """The functions ``node`` calls with the request as an argument (``period_from(request)``)."""
    called = set()
    for call in (sub for sub in ast.walk(node) if isinstance(sub, ast.Call)):
        if any(isinstance(arg, ast.Name) and arg.id == "request" for arg in call.args):
            function = call.func
            called.add(function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", ""))
    return called


def query_readers() -> set[tuple[str, str]]:
    """(module, function) of every tuijin function that reads ``request.GET``, itself or through a helper."""
    import tuijin

    functions = {}
    for path in Path(tuijin.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(Path(tuijin.__file__).parent.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions[(module, node.name)] = node
    reading = {name for (_, name), node in functions.items() if _reads_query(node)}
    while True:
        more = {name for (_, name), node in functions.items() if _handed_request(node) & reading} - reading
        if not more:
            break
        reading |= more
    return {key for key in functions if key[1] in reading}


def test_it_fuzzes_every_page_that_reads_its_query_string():
    # Given the pages whose view reads request.GET, itself or through a helper it hands the request to
    readers = query_readers()
    pages = {route.name for route in all_routes() if route.name and not route.is_api
             and (route.view.__module__, route.view.__name__) in readers}

    # When they are compared with the pages fuzzed here
    missing, stale = sorted(pages - set(PAGES)), sorted(set(PAGES) - pages)

    # Then each is fuzzed, and nothing listed here has stopped reading its query string
    assert len(pages) > 30
    assert not missing, "pages that read their query string and are not in PAGES: " + ", ".join(missing)
    assert not stale, "pages in PAGES that no longer read their query string: " + ", ".join(stale)


# ---------------------------------------------------------------------------- opening the pages


@pytest.fixture
def open_page(client, users, park, other_park, department, project, enterprise, settings, tmp_path):
    """``open_page(name, query, role)``: the response, as the server answers it (a crash is a 500)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_RUN_INLINE = True
    project.total_investment = Decimal("50000")
    project.save()
    fixtures = {"park": park, "other_park": other_park, "department": department, "project": project,
                "enterprise": enterprise}
    ids = {PARK: park.pk, OTHER_PARK: other_park.pk, DEPARTMENT: department.pk, PROJECT: project.pk,
           ENTERPRISE: enterprise.pk}
    client.raise_request_exception = False
    signed_in = {}
    routes = {route.name: route for route in all_routes() if route.name in PAGES}

    def object_id(value):
        if value == "@clause" and value not in ids:
            library.load()
            ids[value] = Clause.objects.order_by("pk").first().pk
        if value == "@run" and value not in ids:
            ids[value] = AutoGrantRun.objects.create(title="免申即享", data_year=TODAY.year - 1, as_of=TODAY,
                                                     created_by=users[Role.COORDINATOR]).pk
        if isinstance(value, str) and value.startswith("@") and value not in ids:
            for hook in route_tables.hooks("page_objects"):
                ids.update(hook(users, fixtures))
        return ids.get(value, value)

    def open_page(name, query, role):
        if signed_in.get("role") != role:
            client.force_login(users[role])
            signed_in["role"] = role
        path_values = {key: object_id(value) for key, value in PAGES[name][0].items()}
        query = [(key, str(object_id(value))) for key, value in query]
        return client.get(routes[name].path(**path_values) + "?" + urlencode(query))

    return open_page


@pytest.mark.parametrize("name", sorted(PAGES))
def test_it_opens_every_list_page_whatever_its_query_string(open_page, name):
    # Given a coordinator or a park's staff member and a query string made by hand for page ``name``
    @settings(max_examples=EXAMPLES_PER_PAGE, deadline=None)
    @given(query=queries(name), role=st.sampled_from([Role.COORDINATOR, Role.PARK_STAFF]))
    def opens(query, role):
        # When they open the page with it
        response = open_page(name, query, role)

        # Then the page shows, refuses, or says in Chinese what is wrong — never a server error
        assert response.status_code < 500, (name, query, role)
        if response.status_code == 400:
            assert any("\u4e00" <= char <= "\u9fff" for char in text(response)), (name, query, text(response)[:300])

    for query in FOUND.get(name, ()):
        opens = example(query=query, role=Role.COORDINATOR)(opens)
        opens = example(query=query, role=Role.PARK_STAFF)(opens)
    opens()
