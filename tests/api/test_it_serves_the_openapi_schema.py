"""The OpenAPI schema and the docs page, served from this server alone: the intranet has no internet."""

import re
import threading

import pytest
from django.contrib.staticfiles import finders

from tuijin.accounts.models import Role

from .conftest import bearer

URL = re.compile(r"https?://", re.I)


def test_it_serves_the_schema_listing_every_endpoint(client, users, token_of):
    response = client.get("/api/v1/openapi.json", headers=bearer(token_of(users[Role.ENTERPRISE])))

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "推进 API" and schema["info"]["version"] == "1"
    assert {
        ("get", "/api/v1/me"), ("get", "/api/v1/projects"), ("get", "/api/v1/projects/{project_id}"),
        ("get", "/api/v1/projects/{project_id}/reports"), ("post", "/api/v1/projects/{project_id}/reports"),
    } <= {(method, path) for path, methods in schema["paths"].items() for method in methods}
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    report_in = schema["components"]["schemas"]["ReportIn"]["properties"]
    assert report_in["month"]["description"].startswith("月份")
    assert (report_in["month"]["minimum"], report_in["month"]["maximum"]) == (1, 12)


def test_it_serves_the_schema_to_a_logged_in_browser(client, users):
    client.force_login(users[Role.LEADER])

    assert client.get("/api/v1/openapi.json").status_code == 200


def test_it_keeps_the_schema_and_docs_for_signed_in_users(client, db):
    schema = client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")

    assert schema.status_code == 401 and schema.json()["detail"].startswith("未登录")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")


@pytest.fixture
def docs(client, users):
    client.force_login(users[Role.ENTERPRISE])
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    return response.content.decode()


def test_it_serves_the_docs_page_without_any_cdn(docs):
    # No absolute URL anywhere in the page: every script and stylesheet comes from this server
    assert not URL.search(docs), URL.search(docs)
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    scripts = [a for a in assets if a.endswith(".js")]
    styles = [a for a in assets if a.endswith(".css")]
    assert scripts and styles
    for asset in scripts + styles:
        assert asset.startswith("/static/"), asset
        path = finders.find(asset.removeprefix("/static/"))
        assert path, f"{asset} is not a static file this server has"
        if asset.endswith("swagger-ui-init.js"):
            with open(path, encoding="utf-8") as init:
                assert not URL.search(init.read())


def test_it_turns_off_the_online_validator(docs):
    settings = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', docs, re.S)

    assert settings and '"validatorUrl": null' in settings.group(1)
    assert '"url": "/api/v1/openapi.json"' in settings.group(1)


@pytest.mark.browser
def test_it_renders_the_docs_in_a_browser_with_no_internet(live_server, users):
    # Given a browser on the intranet: every request that leaves this server fails
    seen = _open_docs_offline(live_server.url, "ent", "secret-pass-123")

    # Then Swagger UI drew every endpoint from files served here, and nothing was fetched from outside
    assert {"/api/v1/projects", "/api/v1/projects/{project_id}/reports", "/api/v1/me"} <= seen["paths"]
    assert seen["outside"] == []


def _open_docs_offline(base, username, password):
    """Log in and open /api/v1/docs in chromium, aborting every request to another host.

    Runs in its own thread with its own Playwright, so that it neither needs nor disturbs the
    session-wide browser of tests/browser (Playwright's sync API allows one per thread).
    """
    from ..browser.conftest import CHROMIUM, SCREENSHOTS

    seen = {"outside": [], "paths": set()}

    def drive():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(locale="zh-CN", viewport={"width": 1440, "height": 900})
            page.set_default_timeout(10_000)

            def intranet_only(route):
                if route.request.url.startswith(base):
                    route.continue_()
                else:
                    seen["outside"].append(route.request.url)
                    route.abort()

            page.route("**/*", intranet_only)
            page.goto(f"{base}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/api/v1/docs")
            page.wait_for_selector(".opblock-summary-path", state="visible")
            seen["paths"] = {text.strip() for text in page.locator(".opblock-summary-path").all_inner_texts()}
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=True)
            browser.close()

    errors = []
    worker = threading.Thread(target=lambda: _capture(drive, errors))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the browser did not finish within a minute"
    if errors:
        raise errors[0]
    return seen


def _capture(function, errors):
    try:
        function()
    except Exception as error:  # noqa: BLE001 - re-raised in the test's thread
        errors.append(error)
