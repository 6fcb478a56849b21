"""Every role's main pages run under the strict Content-Security-Policy: no violation, no script error.

The policy forbids inline scripts and handlers, so anything still written inline would be blocked silently
for the user (a filter that no longer submits, a chart that never draws); here it shows up as a violation.
The behaviours that moved out of the templates are exercised too: a filter select submits its form, and an
enterprise's #history link opens that tab.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.accounts.models import Role
from tuijin.promotion.models import ChainSegment, IndustryChain, Position

from .csp_watch import Watch

pytestmark = pytest.mark.browser

PAGES = [
    "/", "/projects/", "/projects/{project}/", "/projects/{project}/edit/", "/enterprises/",
    "/enterprises/{enterprise}/#history", "/progress/", "/coordination/", "/coordination/meetings/",
    "/coordination/scorecard/", "/promotion/", "/promotion/chains/", "/promotion/chains/{chain}/",
    "/promotion/funnel/", "/policies/", "/battle-map/", "/battle-map/map/", "/battle-map/timeline/",
    "/battle-map/screen/", "/battle-map/warnings/", "/imports/", "/api-tokens/", "/api/v1/docs", "/inbox/",
]
ADMIN_PAGES = ["/admin/", "/admin/projects/project/", "/admin/projects/project/{project}/change/"]
ROLES = {Role.LEADER: "leader", Role.COORDINATOR: "coordinator", Role.PARK_STAFF: "park",
         Role.DEPARTMENT_CLERK: "dept", Role.ENTERPRISE: "ent"}


@pytest.fixture
def district_data(project, other_project):
    """Our project sited on the map, and one industry chain with two segments."""
    project.latitude, project.longitude = Decimal("30.63"), Decimal("104.05")
    project.planned_start_date = dt.date.today() - dt.timedelta(days=30)
    project.save()
    chain = IndustryChain.objects.create(name="口腔医疗器械")
    ChainSegment.objects.create(chain=chain, name="种植体", position=Position.MIDSTREAM, order=1)
    ChainSegment.objects.create(chain=chain, name="诊疗服务", position=Position.DOWNSTREAM, order=2)
    return {"project": project.pk, "enterprise": project.enterprise_id, "chain": chain.pk}


def _settle(page, path):
    """Wait until the page's scripts have done their work: charts drawn, the map placed, Swagger rendered."""
    if path.startswith("/battle-map/") and path.count("/") == 2 or path == "/battle-map/screen/":
        page.wait_for_function("() => document.querySelectorAll('[id^=chart-] canvas').length > 0")
    if path in ("/battle-map/map/", "/battle-map/screen/"):
        page.wait_for_selector("[data-ready='1']")
    if path.startswith("/promotion/chains/") and path != "/promotion/chains/":
        page.wait_for_selector("#chain-chart svg")
    if path == "/api/v1/docs":
        page.wait_for_selector(".swagger-ui .opblock")


def test_every_role_walks_the_main_pages_without_a_csp_violation(page, live_server, log_in, users, district_data):
    watch = Watch(page)
    statuses, policies = {}, {}
    # Given a visitor on the login page
    response = page.goto(f"{live_server.url}/login/")
    policies[("anonymous", "/login/")] = response.headers.get("content-security-policy", "")
    for role, username in ROLES.items():
        # Given each role logged in
        page.context.clear_cookies()
        log_in(username)
        # When they open each main page
        for pattern in PAGES + (ADMIN_PAGES if role == Role.COORDINATOR else []):
            path = pattern.format(**district_data)
            response = page.goto(f"{live_server.url}{path}")
            statuses[(username, path)] = response.status
            policies[(username, path)] = response.headers.get("content-security-policy", "")
            if response.status == 200:
                _settle(page, path)
    # Then pages rendered for everyone (some are 403/404 for some roles; those pages run the same scripts)
    assert statuses[("leader", "/battle-map/screen/")] == 200
    assert statuses[("coordinator", "/api/v1/docs")] == 200
    assert statuses[("coordinator", "/admin/projects/project/{project}/change/".format(**district_data))] == 200
    assert statuses[("ent", "/projects/{project}/".format(**district_data))] == 200
    # And every page was served under the strict policy
    assert [key for key, policy in policies.items() if "script-src 'self';" not in policy + ";"] == []
    # And no page tripped the CSP or threw a script error
    assert watch.violations() == []
    assert watch.errors == []


def test_the_behaviours_that_left_the_templates_still_work(page, live_server, log_in, users, district_data):
    watch = Watch(page)
    # Given the coordinator on the investment overview
    log_in("coordinator")
    response = page.goto(f"{live_server.url}/progress/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    year = dt.date.today().year
    # When they pick last year in the year filter (no button: choosing submits, was onchange=)
    with page.expect_navigation():
        page.select_option("select[name=year]", str(year - 1))
    # Then the page shows last year
    assert f"year={year - 1}" in page.url
    assert page.input_value("select[name=year]") == str(year - 1)

    # When they follow a link to an enterprise's change history
    page.goto(f"{live_server.url}/enterprises/{district_data['enterprise']}/#history")
    # Then that tab is open
    page.wait_for_selector("#history.active")
    assert page.locator("#profile-tabs [data-bs-target='#history']").get_attribute("aria-selected") == "true"

    # And the API docs render their operations from the bundled Swagger UI
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() > 3
    assert watch.violations() == []
    assert watch.errors == []
