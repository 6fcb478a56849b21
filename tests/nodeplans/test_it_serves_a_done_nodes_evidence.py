"""A done node's evidence file is downloaded from the plan page by whoever may see the plan; others get a 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.nodeplans import actions

from .conftest import START, node

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def done(plan, coordinator):
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 13),
                      evidence_no="锦发改审〔2026〕12号", evidence_file=SimpleUploadedFile("批复.pdf", PDF),
                      today=dt.date(2026, 2, 13))
    return node(plan, "合规性审查")


def url(done):
    return reverse("nodeplans_evidence", args=[done.plan.project_id, done.pk])


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.LEADER,
                                  Role.COORDINATOR])
def test_whoever_sees_the_plan_downloads_the_evidence_from_its_page(client, users, done, role):
    # Given 合规性审查 done with its approval attached; when someone who sees the plan opens the page
    client.force_login(users[role])
    page = client.get(reverse("nodeplans_project", args=[done.plan.project_id])).content.decode()

    # Then the node's row links to the file, and the link downloads the PDF (type read from its bytes)
    assert f'href="{url(done)}"' in page
    response = client.get(url(done))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_another_parks_users_do_not_find_it(client, users, other_project, flow, coordinator):
    # Given a plan on another park's project with a done node and its file
    plan = actions.apply_template(other_project, flow, actor=coordinator, start_date=START)
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 13),
                      evidence_no="x号", evidence_file=SimpleUploadedFile("批复.pdf", PDF), today=dt.date(2026, 2, 13))
    address = reverse("nodeplans_evidence", args=[other_project.pk, node(plan, "合规性审查").pk])

    # Then this park's staff and the enterprise get a 404, not the file
    for role in (Role.PARK_STAFF, Role.ENTERPRISE):
        client.force_login(users[role])
        assert client.get(address).status_code == 404


def test_a_node_of_another_plan_named_under_this_project_is_not_found(client, users, done, other_project, flow,
                                                                     coordinator):
    # Given a done node on another project, asked for under a project the user sees
    plan = actions.apply_template(other_project, flow, actor=coordinator, start_date=START)
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 13),
                      evidence_no="x号", evidence_file=SimpleUploadedFile("批复.pdf", PDF), today=dt.date(2026, 2, 13))
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("nodeplans_evidence", args=[done.plan.project_id,
                                                          node(plan, "合规性审查").pk])).status_code == 404


def test_a_node_without_a_file_has_no_link_and_no_download(client, users, plan, coordinator):
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=dt.date(2026, 2, 13),
                      evidence_no="锦发改审〔2026〕12号", today=dt.date(2026, 2, 13))
    client.force_login(coordinator)
    page = client.get(reverse("nodeplans_project", args=[plan.project_id])).content.decode()
    assert 'data-testid="evidence-link"' not in page
    assert client.get(reverse("nodeplans_evidence", args=[plan.project_id,
                                                          node(plan, "合规性审查").pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, done):
    response = client.get(url(done))
    assert response.status_code == 302 and "login" in response.url
