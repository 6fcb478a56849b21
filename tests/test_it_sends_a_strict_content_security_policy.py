"""Every response carries the strict Content-Security-Policy, Permissions-Policy and Referrer-Policy, and no
template relies on what that policy forbids (inline scripts, inline event handlers, <style> blocks)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "tuijin").glob("**/templates/**/*.html"))
# report_pdf.html is rendered to PDF by WeasyPrint on the server, never served to a browser.
SERVED = [path for path in TEMPLATES if path.name != "report_pdf.html"]


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("as_user, url", [
    (None, "/login/"),
    (Role.COORDINATOR, "/projects/"),
    (Role.LEADER, "/battle-map/"),
    (Role.LEADER, "/battle-map/data.json"),
    (Role.COORDINATOR, "/api/v1/docs"),
    (None, "/api/v1/projects"),
    (Role.ENTERPRISE, "/projects/999999/"),
])
def test_every_response_carries_the_policy(client, users, as_user, url):
    # Given a visitor or a logged-in user
    if as_user:
        client.force_login(users[as_user])

    # When they open a page, a JSON endpoint, the API docs, an API call without a token or a missing project
    response = client.get(url)

    # Then the browser is told to run only the app's own scripts, with no inline code and no eval
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["style-src-elem"] == ["'self'"]
    assert not any("unsafe-eval" in values or "*" in values for values in policy.values())
    assert [name for name, values in policy.items() if "'unsafe-inline'" in values] == ["style-src-attr"]
    # And no camera, microphone, location or payment, and no paths leaked to other sites
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_pages_have_no_inline_script_handler_or_style_block():
    # Given every template a browser is served
    found = []
    for path in SERVED:
        html = path.read_text(encoding="utf-8")
        # When it is searched for what the policy blocks
        found += [f"{path.name}: <script> without src" for tag in re.findall(r"<script\b[^>]*>", html)
                  if "src=" not in tag]
        found += [f"{path.name}: {attr}" for attr in re.findall(r"\s(on[a-z]+)\s*=", html)]
        found += [f"{path.name}: <style>" for _ in re.findall(r"<style\b", html)]
        found += [f"{path.name}: javascript: URL" for _ in re.findall(r"javascript:", html, re.I)]
        found += [f"{path.name}: {attr}" for attr in re.findall(r"\s(hx-on[:\w-]*|hx-vals=['\"]js:)", html)]
    # Then there is none: data reaches scripts through json_script and data- attributes
    assert found == []


def test_the_big_screen_passes_its_refresh_url_as_an_attribute_not_as_script(client, users):
    # Given the leader on the big screen filtered to a year
    client.force_login(users[Role.LEADER])

    # When it is served
    html = client.get(reverse("alerts_screen"), {"year": "2026"}).content.decode()

    # Then the refresh address is a data- attribute of the page, and no script is written into the page
    assert 'data-refresh-url="/battle-map/data.json?year=2026"' in html
    assert re.findall(r"<script>", html) == []


def test_over_https_with_hsts_configured_browsers_are_told_to_use_https_only(client, settings):
    # Given the production HTTPS settings of docs/production.env.example
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    # When a browser opens the login page over HTTPS
    response = client.get("/login/", secure=True)

    # Then the response carries HSTS for a year, subdomains included; plain HTTP gets none (it would be ignored)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/login/")


def test_no_page_title_carries_markup():
    # Given every template / When its title block is read / Then it is plain text (a tag there shows in the tab)
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[1] / "tuijin" / "templates"
    titles = {str(path.relative_to(root)): match.group(1) for path in root.rglob("*.html")
              for match in re.finditer(r"{% block title %}(.*?){% endblock", path.read_text(encoding="utf-8"), re.S)}
    assert titles and [name for name, title in titles.items() if "<" in title] == []
